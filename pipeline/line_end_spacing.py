"""How the archive's print spaces two words where a line of a copy ended between them.

Where a print breaks lines between the words of a phrase, nothing in a copy may say
whether it had a space where one of its lines ended (wraps.PrintedCopy.unconfirmed_spaces),
and copies that join a line's end differently leave it to a guess
(document.contested_wraps). The archive's other lines often say: a report prints the
same boilerplate as the others ("เบิกจ่ายงบประมาณเรียบร้อยแล้ว และสรุปผล...") with its
lines broken elsewhere, so the two words stand side by side in the middle of a line
there. Where the archive's lines set them side by side one way ARCHIVE_SPACING_MIN times
or more and never the other way, that is how its print sets them, and a value that holds
them is set so (set_as_archive) and needs no review for that place. Where they stand
both ways, or too seldom, the place stays a guess, joined where they never stand apart
(joined_where_never_apart).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

import ahocorasick

from .model import Resolved
from .text_vote import placed_again

ARCHIVE_SPACING_MIN = 2  # lines of the archive that set two words one way, none the other, to decide their space
Counts = tuple[int, int]  # how many times the archive's lines set two words side by side together, and apart


def archive_spacing(pairs: Iterable[str], texts: Iterable[str]) -> dict[str, Counts]:
    """Return, for each of `pairs` ("last first": the words either side of a line's end)
    that the archive's lines (`texts`, each a copy's lines one a line, as read) set apart
    at least once, or together ARCHIVE_SPACING_MIN times or more, how many times they set
    them together and how many apart: the counts that change a vote (decided,
    joined_where_never_apart; a pair left out counts as never seen, so the voter sent to
    every worker holds only these). `pairs` is read whole before `texts` is read (both
    may be read once, from disk). A line's end is in no line, so the guessed places
    themselves are no evidence; two copies of one print count twice, as two readings of
    it."""
    spellings: dict[str, list[tuple[str, bool]]] = {}  # "การเรียนรู้" sets "การ เรียนรู้" and "การเรียน รู้" together
    for pair in sorted(set(pairs)):
        last, _, first = pair.partition(" ")
        if last and first and " " not in first:
            spellings.setdefault(pair, []).append((pair, True))
            spellings.setdefault(last + first, []).append((pair, False))
    if not spellings:
        return {}
    automaton = ahocorasick.Automaton()
    for spelling, meant in spellings.items():
        automaton.add_word(spelling, tuple(meant))
    automaton.make_automaton()
    seen: Counter[tuple[str, bool]] = Counter()
    for text in texts:
        for _, meant in automaton.iter(text):
            seen.update(meant)
    counts = {pair: (seen[pair, False], seen[pair, True]) for pair in sorted({pair for pair, _ in seen})}
    return {pair: (together, apart) for pair, (together, apart) in counts.items()
            if apart or together >= ARCHIVE_SPACING_MIN}


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


def set_as_archive(resolved: Resolved, spacing: Mapping[str, Counts], places: Iterable[str]) -> Resolved:
    """Return `resolved`, text holding one of `places` ("last first": where a line of its
    copies' print ended and whether the print had a space there is a guess) that the
    archive's lines decide (`spacing`: archive_spacing; decided), with the two words set
    as the archive sets them, a warning naming each place so changed, the value the vote
    chose kept as `voted` and its disputes placed on their own characters again. The
    archive never sets them the other way in a line, so the value holds them that way
    only where its copies joined a line's end (or OCR lost or added the space); the
    caller leaves out a place a copy's lines end at both ways, joined and with a space
    (document.vote_group: "ผล|การ" run on at one line end, "ติดตามผล" ending a paragraph
    at another), which the value may hold where the print's own line ended. Any other
    value is returned as it is."""
    changed = []

    def set_place(value: str, place: str) -> str:
        apart = decided(spacing.get(place, (0, 0)))
        if apart is None:
            return value
        wrong, right = (place.replace(" ", ""), place) if apart else (place, place.replace(" ", ""))
        if wrong not in value:
            return value
        times = spacing[place][apart]
        changed.append(f"{place!r} {'apart' if apart else 'together'} ({times} times, never "
                       f"{'together' if apart else 'apart'})")
        return value.replace(wrong, right)

    resolved = _rewritten(resolved, places, set_place)
    if not changed:
        return resolved
    warning = f"a line of the print ended between words the archive's lines set so: {'; '.join(changed)}"
    return replace(resolved, warnings=(*resolved.warnings, warning))


def joined_where_never_apart(resolved: Resolved, spacing: Mapping[str, Counts], places: Iterable[str]) -> Resolved:
    """Return `resolved`, text holding one of `places` ("last first", as set_as_archive
    takes them) with a space that the archive's lines never set apart (`spacing`:
    archive_spacing), with the two words joined, the value the vote chose kept as
    `voted`: most places between two Thai words have no space, and a print that breaks
    lines between words breaks at a space no more often than elsewhere, so where nothing
    shows the two words apart the join is the better guess (wraps.joins joins a copy's
    own unconfirmed spaces so; this joins those a copy that showed nothing of its print
    kept, where the archive's prints break between words). The place stays a guess and
    is doubted as before (document.doubt_guessed_spaces). Any other value is returned as
    it is."""
    def join(value: str, place: str) -> str:
        return value if spacing.get(place, (0, 0))[1] else value.replace(place, place.replace(" ", ""))
    return _rewritten(resolved, places, join)


def _rewritten(resolved: Resolved, places: Iterable[str], rewrite: Callable[[str, str], str]) -> Resolved:
    """Return `resolved` with its text value rewritten place by place (`places`, in
    sorted order), the value the vote chose kept as `voted` and its disputes placed on
    their own characters again; itself where nothing changed or it holds no text."""
    if not isinstance(resolved.value, str):
        return resolved
    value = resolved.value
    for place in sorted(set(places)):
        value = rewrite(value, place)
    if value == resolved.value:
        return resolved
    return replace(resolved, value=value, voted=resolved.voted if resolved.voted is not None else resolved.value,
                   disputes=tuple(placed_again(resolved.disputes, resolved.value, value)))


def undecided(places: frozenset[str], spacing: Mapping[str, Counts]) -> frozenset[str]:
    """Return the `places` ("last first") the archive's lines do not decide (decided)."""
    return frozenset(place for place in places if decided(spacing.get(place, (0, 0))) is None)
