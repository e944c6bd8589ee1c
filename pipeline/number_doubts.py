"""Doubt a value whose number its copies' pages read otherwise when read alone.

OCR keeps, on each line, the number words that read otherwise when read again on their
own (pipeline.number_rereads: a 7 read as 1, a 5 as 9). Copies of one print misread
such a digit alike, so the vote is sure of the misread value; the re-read is the only
sign. A value is doubted where a copy that reads it read one of its numbers otherwise
alone on the same page; it is not changed: alone, a re-read is right far less often
than the page's reading.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import regex

from .corrections import HUMAN
from .cross_checks import doubted
from .model import NumberDoubt, Reading, Resolved, WitnessRecord

PageKey = tuple[str, str, int]  # (witness id, source, page)


def reread_doubts(records: Sequence[WitnessRecord]) -> dict[PageKey, tuple[NumberDoubt, ...]]:
    """Return the number doubts of a group's copies (WitnessRecord.number_doubts) by copy
    and page."""
    found: dict[PageKey, list[NumberDoubt]] = {}
    for rec in records:
        for source, page, doubt in rec.number_doubts:
            found.setdefault((rec.id, source, page), []).append(doubt)
    return {key: tuple(dict.fromkeys(doubts)) for key, doubts in found.items()}


def _number_in(number: str, text: str) -> bool:
    """Return whether `number` stands in `text` as a whole number (not part of a longer
    one: "9" is not in "9.5" nor in "19")."""
    return regex.search(rf"(?<!\d)(?<!\d[.,/:\-]){regex.escape(number)}(?!\d)(?![.,/:\-]\d)", text) is not None


def doubt_reread_numbers(resolved: Resolved, readings: Sequence[Reading],
                         doubts: Mapping[PageKey, tuple[NumberDoubt, ...]]) -> Resolved:
    """Return `resolved`, doubted (cross_checks.doubted) with a warning naming what the
    number reads alone and in which copies, where a reading that holds the value (any
    reading, for text voted stretch by stretch that no copy read whole) holds a number
    its page read otherwise alone (reread_doubts), and the value holds it too; any other
    value, and one a person set or a mapping made, is returned as it is."""
    if not doubts or resolved.value is None or resolved.rule in (HUMAN, "mapping"):
        return resolved
    holding = [r for r in readings if r.value == resolved.value] or list(readings)
    value = resolved.value if isinstance(resolved.value, str) else None
    found: dict[NumberDoubt, list[str]] = {}
    for r in holding:
        for doubt in doubts.get((r.witness, r.where.source, r.where.page), ()):
            if _number_in(doubt.read, r.raw) and (value is None or _number_in(doubt.read, value)):
                found.setdefault(doubt, []).append(r.witness)
    if not found:
        return resolved
    said = [f"'{d.read}' reads '{d.again}' when read again alone"
            f"{' twice' if d.agreed else ''} ({', '.join(dict.fromkeys(copies))})" for d, copies in found.items()]
    return doubted(resolved, f"{'; '.join(said)}: a 1 and a 7 (a 5 and a 9) look alike in some prints; "
                             "check the scan")
