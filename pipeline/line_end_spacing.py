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
both ways, or too seldom, the place stays a guess.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace

import ahocorasick

from .model import Resolved
from .text_vote import placed_again

ARCHIVE_SPACING_MIN = 2  # lines of the archive that set two words one way, none the other, to decide their space


def archive_spacing(pairs: Iterable[str], texts: Iterable[str]) -> dict[str, tuple[bool, int]]:
    """Return, for each of `pairs` ("last first": the words either side of a line's end)
    that the archive's lines (`texts`, each a copy's lines one a line, as read) set side
    by side one way ARCHIVE_SPACING_MIN times or more and never the other, whether they
    set them apart (True) or together, and how many times. `pairs` is read whole before
    `texts` is read (both may be read once, from disk). A line's end is in no line, so
    the guessed places themselves are no evidence; two copies of one print count twice,
    as two readings of it."""
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
    decided = {}
    for (pair, apart), n in seen.items():
        if n >= ARCHIVE_SPACING_MIN and not seen[pair, not apart]:
            decided[pair] = (apart, n)
    return decided


def set_as_archive(resolved: Resolved, spacing: Mapping[str, tuple[bool, int]], places: Iterable[str]) -> Resolved:
    """Return `resolved`, text holding one of `places` ("last first": where a line of its
    copies' print ended and whether the print had a space there is a guess) that the
    archive's lines decide (`spacing`, archive_spacing), with the two words set as the
    archive sets them, a warning naming each place so changed, the value the vote chose
    kept as `voted` and its disputes placed on their own characters again. The archive never
    sets them the other way in a line, so the value holds them that way only where its
    copies joined a line's end (or OCR lost or added the space); the caller leaves out a
    place a copy's lines end at both ways, joined and with a space (document.vote_group:
    "ผล|การ" run on at one line end, "ติดตามผล" ending a paragraph at another), which
    the value may hold where the print's own line ended. Any other value is returned
    as it is."""
    value = resolved.value
    if not isinstance(value, str):
        return resolved
    changed = []
    for place in sorted(set(places).intersection(spacing)):
        apart, n = spacing[place]
        wrong, right = (place.replace(" ", ""), place) if apart else (place, place.replace(" ", ""))
        if wrong in value:
            value = value.replace(wrong, right)
            changed.append(f"{place!r} {'apart' if apart else 'together'} ({n} times, never "
                           f"{'together' if apart else 'apart'})")
    if not changed:
        return resolved
    warning = f"a line of the print ended between words the archive's lines set so: {'; '.join(changed)}"
    return replace(resolved, value=value, voted=resolved.voted if resolved.voted is not None else resolved.value,
                   disputes=tuple(placed_again(resolved.disputes, resolved.value, value)),
                   warnings=(*resolved.warnings, warning))


def undecided(places: frozenset[str], spacing: Mapping[str, tuple[bool, int]]) -> frozenset[str]:
    """Return the `places` ("last first") the archive's lines do not decide (archive_spacing)."""
    return frozenset(place for place in places if place not in spacing)
