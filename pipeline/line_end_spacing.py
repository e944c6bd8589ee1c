"""How the archive's print spaces two words where a line of a copy ended between them.

Where a print breaks lines between the words of a phrase, nothing in a copy may say
whether it had a space where one of its lines ended (wraps.PrintedCopy.unconfirmed_spaces),
and copies that join a line's end differently leave it to a guess
(document.contested_wraps). The archive's other lines often say: a report prints the
same boilerplate as the others ("เบิกจ่ายงบประมาณเรียบร้อยแล้ว และสรุปผล...") with its
lines broken elsewhere, so the two words stand side by side in the middle of a line
there. Where the archive's lines set them side by side one way ARCHIVE_SPACING_MIN times
or more and never the other way, that is how its print sets them, and a value that holds
them is set so (set_as_archive) and needs no review for that place, unless a line end
of the report that is no guess holds the same two words the other way (LineEnds). Where
they stand both ways, or too seldom, the place stays a guess, joined where they never
stand apart (joined_where_never_apart). A place is keyed by its two words, so a value is
set only where they stand as the line end's words were found (_places_in).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

import ahocorasick

from .model import OPENING_MARK, Resolved
from .text_vote import placed_again
from .wraps import first_word, last_word

ARCHIVE_SPACING_MIN = 2  # lines of the archive that set two words one way, none the other, to decide their space
Counts = tuple[int, int]  # how many times the archive's lines set two words side by side together, and apart


def archive_spacing(pairs: Iterable[str], texts: Iterable[str]) -> dict[str, Counts]:
    """Return, for each of `pairs` ("last first": the words either side of a line's end)
    that the archive's lines (`texts`, each a copy's lines one a line, as read) set apart
    at least once, or together ARCHIVE_SPACING_MIN times or more, how many times they set
    them together and how many apart (for a pair marked OPENING_MARK, only where its
    first word opens a phrase: after a space or at a line's start): the counts that
    change a vote (decided, joined_where_never_apart; a pair left out counts as never
    seen, so the voter sent to every worker holds only these). `pairs` is read whole before `texts` is read (both
    may be read once, from disk). A line's end is in no line, so the guessed places
    themselves are no evidence; two copies of one print count twice, as two readings of
    it."""
    spellings: dict[str, list[tuple[str, bool]]] = {}  # "การเรียนรู้" sets "การ เรียนรู้" and "การเรียน รู้" together
    for pair in sorted(set(pairs)):
        bare = pair.removeprefix(OPENING_MARK)
        last, _, first = bare.partition(" ")
        if last and first and " " not in first:
            for before in (" ", "\n") if bare != pair else ("",):  # where "last" opens a phrase, or anywhere
                spellings.setdefault(before + bare, []).append((pair, True))
                spellings.setdefault(before + last + first, []).append((pair, False))
    if not spellings:
        return {}
    automaton = ahocorasick.Automaton()
    for spelling, meant in spellings.items():
        automaton.add_word(spelling, tuple(meant))
    automaton.make_automaton()
    seen: Counter[tuple[str, bool]] = Counter()
    for text in texts:
        for _, meant in automaton.iter("\n" + text):
            seen.update(meant)
    return {pair: (seen[pair, False], seen[pair, True]) for pair in sorted({pair for pair, _ in seen})
            if seen[pair, True] or seen[pair, False] >= ARCHIVE_SPACING_MIN}


def decided(counts: Counts) -> bool | None:
    """Return True where the archive's lines set two words apart ARCHIVE_SPACING_MIN
    times or more and never together (`counts`: archive_spacing), False the other way
    round, else None."""
    together, apart = counts
    if apart >= ARCHIVE_SPACING_MIN and not together:
        return True
    if together >= ARCHIVE_SPACING_MIN and not apart:
        return False
    return None


@dataclass(frozen=True, slots=True)
class LineEnds:
    """What says how a report's text sets the two words at a line end: the archive's
    counts (`spacing`: archive_spacing), and the line ends of the report's copies that
    are no guess, joined without a space (`sure_joins`) and with one (`sure_spaces`,
    WitnessRecord.sure_joins, sure_spaces). A value holds its places keyed by their two
    words only, so where a sure line end of the report holds the same two words the
    other way ("ติดตามผล" ending a paragraph, "การ..." opening the next), the archive's
    counts do not say which of the value's places is which."""

    spacing: Mapping[str, Counts]
    sure_joins: frozenset[str] = frozenset()
    sure_spaces: frozenset[str] = frozenset()
    opening: frozenset[str] = frozenset()  # places whose first word opened a phrase at a guessed line end

    def counts(self, place: str) -> Counts:
        """Return how many times the archive's lines set the two words of `place` ("last
        first") together and apart: only where the first word opens a phrase, where it
        did at the report's guessed line end (a print sets the same words together in
        one phrase and apart in another: "ประกวดคัดเลือกครูดีเด่น", "จัดนิทรรศการ
        คัดเลือก ครูดีเด่น")."""
        return self.spacing.get(OPENING_MARK + place if place in self.opening else place, (0, 0))

    def says(self, place: str) -> bool | None:
        """Return how the archive sets the two words of `place` ("last first"; decided),
        True apart, unless a sure line end of the report sets them the other way; else None."""
        apart = decided(self.counts(place))
        return None if apart is None or place in (self.sure_joins if apart else self.sure_spaces) else apart

    def never_apart(self, place: str) -> bool:
        """True when neither the archive's lines, anywhere, nor a sure line end of the
        report set the two words of `place` apart."""
        return not self.spacing.get(place, (0, 0))[1] and place not in self.sure_spaces


def set_as_archive(resolved: Resolved, ends: LineEnds, places: Iterable[str]) -> Resolved:
    """Return `resolved`, text holding one of `places` ("last first": where a line of its
    copies' print ended and whether the print had a space there is a guess) that the
    archive's lines decide (LineEnds.says), with the two words set as the archive sets
    them where they stand in the value as the two words the line end was keyed by
    (_places_in), a warning naming each place so changed, the value the vote chose kept
    as `voted` and its disputes placed on their own characters again. The archive never
    sets them the other way in a line, and no sure line end of the report does, so the
    value holds them that way only where its copies joined a guessed line end (or OCR
    lost or added the space). Any other value is returned as it is."""
    changed = []

    def set_place(value: str, place: str) -> str:
        apart = ends.says(place)
        if apart is None:
            return value
        set_so = _set_at_words(value, place, apart, place in ends.opening)
        if set_so != value:
            times = ends.counts(place)[apart]
            changed.append(f"{place!r} {'apart' if apart else 'together'} ({times} times, never "
                           f"{'together' if apart else 'apart'})")
        return set_so

    resolved = _rewritten(resolved, places, set_place)
    if not changed:
        return resolved
    warning = f"a line of the print ended between words the archive's lines set so: {'; '.join(changed)}"
    return replace(resolved, warnings=(*resolved.warnings, warning))


def joined_where_never_apart(resolved: Resolved, ends: LineEnds, places: Iterable[str]) -> Resolved:
    """Return `resolved`, text holding one of `places` ("last first", as set_as_archive
    takes them) with a space where nothing sets the two words apart (LineEnds.never_apart),
    with the two words joined there (_places_in), the value the vote chose kept as
    `voted`: most places between two Thai words have no space, and a print that breaks
    lines between words breaks at a space no more often than elsewhere, so where nothing
    shows the two words apart the join is the better guess (wraps.joins joins a copy's
    own unconfirmed spaces so; this joins those a copy that showed nothing of its print
    kept, where the archive's prints break between words). The place stays a guess and
    is doubted as before (document.doubt_guessed_spaces). Any other value is returned as
    it is."""
    def join(value: str, place: str) -> str:
        return _set_at_words(value, place, False, False) if ends.never_apart(place) else value
    return _rewritten(resolved, places, join)


def _set_at_words(value: str, place: str, apart: bool, opening: bool) -> str:
    """Return `value` with the two words of `place` ("last first") set apart or together
    wherever they stand the other way as those two words (_places_in), with the first
    opening a phrase where `opening` (LineEnds.opening)."""
    last, first = place.split(" ", 1)
    other = last + first if apart else place
    for at in reversed(_places_in(value, other, last, first, opening)):
        value = value[:at] + (place if apart else last + first) + value[at + len(other):]
    return value


def _places_in(value: str, spelt: str, last: str, first: str, opening: bool = False) -> list[int]:
    """Return where `spelt` (`last` and `first` side by side, together or apart) stands
    in `value` as those two words: `last` the longest word of the list its phrase ends
    with there (where `opening`, the whole phrase before), `first` the longest its
    phrase starts with (wraps.last_word, wraps.first_word), as a line end's words were
    found. "การ ประชุม" is not in "3 ประการ ประชุม": that line ended at "ประการ"."""
    found = []
    at = value.find(spelt)
    while at >= 0:
        before = value[:at + len(last)]
        after = value[at + len(spelt) - len(first):]
        phrase_before = before[max(before.rfind(" "), before.rfind("\n")) + 1:]
        phrase_after = after.split(None, 1)[0] if after.strip() else ""
        if (phrase_before == last if opening else last_word(phrase_before) == last) \
                and first_word(phrase_after) == first:
            found.append(at)
        at = value.find(spelt, at + 1)
    return found


def _rewritten(resolved: Resolved, places: Iterable[str], rewrite: Callable[[str, str], str]) -> Resolved:
    """Return `resolved` with its text value rewritten place by place (`places`, in
    sorted order), the value the vote chose kept as `voted` and its disputes placed on
    their own characters again; itself where nothing changed or it holds no text."""
    if not isinstance(resolved.value, str):
        return resolved
    value = resolved.value
    for place in sorted(set(places)):
        if " " in place.strip():
            value = rewrite(value, place)
    if value == resolved.value:
        return resolved
    return replace(resolved, value=value, voted=resolved.voted if resolved.voted is not None else resolved.value,
                   disputes=tuple(placed_again(resolved.disputes, resolved.value, value)))


def undecided(places: frozenset[str], ends: LineEnds, value: object = None) -> frozenset[str]:
    """Return the `places` ("last first") the archive's lines do not decide (LineEnds.says),
    and those they decide that text `value` still holds the other way somewhere
    (set_as_archive leaves the letters where they do not stand as the place's words:
    "จัดนิทรรศการคัดเลือกครู", its space lost, for a place opening a phrase), which stay a guess."""
    def open_question(place: str) -> bool:
        apart = ends.says(place)
        if apart is None:
            return True
        return isinstance(value, str) and (place.replace(" ", "") if apart else place) in value
    return frozenset(place for place in places if open_question(place))
