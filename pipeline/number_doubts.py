"""Doubt a value whose number its copies' pages read otherwise when read alone.

OCR keeps, on each line, the number words that read otherwise when read again on their
own (pipeline.number_rereads: a 7 read as 1, a 5 as 9), and takes a number as read
alone where two such readings agree (number_rereads.settled). Copies of one print
misread such a digit alike, so the vote is sure of whatever the copies hold; the
re-read is the only sign. So a value is doubted where a copy that reads it read one of
its numbers otherwise alone on the same page, whichever way the number now stands.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .corrections import HUMAN
from .cross_checks import doubted
from .model import NumberDoubt, Reading, Resolved, WitnessRecord
from .number_rereads import number_in

PageKey = tuple[str, str, int]  # (witness id, source, page)


def reread_doubts(records: Sequence[WitnessRecord]) -> dict[PageKey, tuple[NumberDoubt, ...]]:
    """Return the number doubts of a group's copies (WitnessRecord.number_doubts) by copy
    and page."""
    found: dict[PageKey, list[NumberDoubt]] = {}
    for rec in records:
        for source, page, doubt in rec.number_doubts:
            found.setdefault((rec.id, source, page), []).append(doubt)
    return {key: tuple(dict.fromkeys(doubts)) for key, doubts in found.items()}


def _standing(doubt: NumberDoubt) -> str:
    """Return the number as the copy's text holds it: as read alone where two readings
    alone agreed (number_rereads.settled), else as the page read it."""
    return doubt.again if doubt.agreed else doubt.read


def _said(doubt: NumberDoubt, copies: Sequence[str]) -> str:
    where = ", ".join(dict.fromkeys(copies))
    if doubt.agreed:
        return f"the page read '{doubt.read}', read again alone twice '{doubt.again}', taken so ({where})"
    return f"'{doubt.read}' reads '{doubt.again}' when read again alone ({where})"


def doubt_reread_numbers(resolved: Resolved, readings: Sequence[Reading],
                         doubts: Mapping[PageKey, tuple[NumberDoubt, ...]]) -> Resolved:
    """Return `resolved`, doubted (cross_checks.doubted) with a warning naming how the
    number read on the page and alone and in which copies, where a reading that holds
    the value holds in its raw text a number its page read otherwise alone
    (reread_doubts); for text voted stretch by stretch that no copy read whole, where
    any reading and the value hold it. Any other value, and one a person set or a
    mapping made, is returned as it is. A typed value is matched by its reading's raw
    text alone: a date's value ("2020-10-21") is not the text printed ("21/10/2563")."""
    if not doubts or resolved.value is None or resolved.rule in (HUMAN, "mapping"):
        return resolved
    holding = [r for r in readings if r.value == resolved.value]
    voted_text = resolved.value if not holding and isinstance(resolved.value, str) else None
    found: dict[NumberDoubt, list[str]] = {}
    for r in holding or (readings if voted_text is not None else ()):
        for doubt in doubts.get((r.witness, r.where.source, r.where.page), ()):
            number = _standing(doubt)
            if number_in(number, r.raw) and (voted_text is None or number_in(number, voted_text)):
                found.setdefault(doubt, []).append(r.witness)
    if not found:
        return resolved
    said = "; ".join(_said(d, copies) for d, copies in found.items())
    return doubted(resolved, f"{said}: a 1 and a 7 (a 5 and a 9) look alike in some prints; check the scan")
