"""Doubt a value whose number its copies' pages read otherwise when read alone.

OCR keeps, on each line, the number words that read otherwise when read again on their
own (pipeline.number_rereads: a 7 read as 1, a 5 as 9), and takes a number as read
alone where two such readings agree (number_rereads.settled). Copies of one print
misread such a digit alike, so the vote is sure of whatever the copies hold; the
re-read is the only sign. So a value is doubted where some copy's reading of it lies on
a line with such a number, and the value holds that number either way: as the page
read it or as it read alone. The copy need not be one that reads the value: where one
copy's number was taken as read alone and the others outvote it, they may all have
misread it alike.

A number Tesseract read in Thai digits is doubted the same way, always: its Thai models
cannot read four digits in ten (tsv.thai_digit_numbers), so the copies of one print
agree on what none of them read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import regex

from .corrections import HUMAN
from .cross_checks import doubted
from .model import IN_THAI_DIGITS, NumberDoubt, Reading, Resolved, Where, WitnessRecord
from .number_rereads import DATE_SHAPE, look_alikes, number_in
from .values import BE_OFFSET, parse_date, parse_money, parse_percent

ISO_DATE = regex.compile(r"\d{4}-\d{2}-\d{2}")
DIGITS_AND_DASHES = regex.compile(r"[\d\- ]*\d[\d\- ]*")  # a phone's or a code's value
JUST_AFTER = 2  # lines after a reading's first line that a number it holds may have wrapped to
ANY_NUMBER = regex.compile(r"\d(?:[\d,./:\-]*\d)?")  # a number as a reading's text holds it
SPAN_HEIGHTS = 1.5  # a reading whose box is this many times its line's height was read from several lines
OnLine = tuple[Where, NumberDoubt]  # a doubt with the line it lies on


def reread_doubts(records: Sequence[WitnessRecord]) -> dict[str, tuple[OnLine, ...]]:
    """Return the number doubts of a group's copies (WitnessRecord.number_doubts) by copy."""
    return {rec.id: rec.number_doubts for rec in records if rec.number_doubts}


def _on(line: Where, reading: Where) -> bool:
    """Return whether a line lies among the lines a reading was read from: its first
    line (by index), or, for a reading of several lines (its box taller than one and a
    half of the line's), a line whose box's middle lies inside the reading's box, on
    its page. A one-line reading is matched by index alone: on a page read levelled,
    an upright box holds the middle of the line below."""
    if (line.source, line.page) != (reading.source, reading.page):
        return False
    if line.line == reading.line:
        return True
    if line.box is None or reading.box is None:
        return False
    height = line.box[3] - line.box[1]
    if reading.box[3] - reading.box[1] < SPAN_HEIGHTS * height:
        return False
    middle = (line.box[1] + line.box[3]) / 2
    return reading.box[1] <= middle <= reading.box[3] and line.box[0] < reading.box[2] and reading.box[0] < line.box[2]


def holds(value: Any, number: str) -> bool:
    """Return whether a voted value holds the printed `number`: an amount or a
    percentage it reads as (values.parse_money, parse_percent: "195.000" is 195000,
    "31,00" 31), a date (ISO) it is the date of ("21/10/2563", the whole word) or whose
    day or year it is (a date printed with its month's name), a phone or a code whose
    digits hold its digits, text it stands in as a whole number (a name does not hold
    the phone read beside it)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return any(parse(number) == value for parse in (parse_money, parse_percent))
    if not isinstance(value, str):
        return False
    if ISO_DATE.fullmatch(value):
        if DATE_SHAPE.fullmatch(number):
            return parse_date(number) == value
        year, _, day = (int(part) for part in value.split("-"))
        return number.isdigit() and int(number) in (day, year, year + BE_OFFSET)
    if DIGITS_AND_DASHES.fullmatch(value):
        return _digits(number) in _digits(value)
    return number_in(number, value) is not None


def _digits(text: str) -> str:
    """Return the digits of a number or a code, in order."""
    return regex.sub(r"\D", "", text)


def _code(value: Any) -> bool:
    """Return whether a value is a code or a phone: digits and dashes, no ISO date."""
    return isinstance(value, str) and not ISO_DATE.fullmatch(value) and DIGITS_AND_DASHES.fullmatch(value) is not None


def _typed(value: Any) -> bool:
    """Return whether a value is a number, a date, or a code or phone of digits: read
    from its reading's numbers, and maybe mended on the way (a date's misread year by
    the checks, a code's letters read for digits), so that it no longer holds the
    number as read."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) or \
        isinstance(value, str) and ISO_DATE.fullmatch(value) is not None or _code(value)


def _read_in_thai(value: Any, readings: Sequence[Reading], doubts: Mapping[str, tuple[OnLine, ...]]
                  ) -> dict[str, list[str]]:
    """Return the numbers read in Thai digits that `value` was read from, with the copies
    that read them:
    - a number, a date or a code (`_typed`): a copy's numbers so read on the reading's
      lines or just after them (`_just_after`: a row's figure wrapped to the next line is
      read with its label's line) that its text holds, where the value came from no
      number of the reading read in Arabic digits (`_read_in_arabic`);
    - text: those on the reading's own lines (`_on`) that its text and the value hold. A
      text holds small numbers ("1. เพื่อ ...") that a stray Thai digit elsewhere on a page
      printed in Arabic digits would otherwise doubt."""
    found: dict[str, list[str]] = {}
    for r in readings:
        thai = [(line, d.read) for line, d in doubts.get(r.witness, ()) if d.kind == IN_THAI_DIGITS]
        if _typed(value):
            near = list(dict.fromkeys(n for line, n in thai if _on(line, r.where) or _just_after(line, r.where)))
            held = [n for n in near if number_in(n, r.raw)]
            held = held if held and not _read_in_arabic(value, r.raw, near) else []
        else:
            held = [n for line, n in thai if _on(line, r.where) and number_in(n, r.raw) and holds(value, n)]
        for n in held:
            found.setdefault(n, []).append(r.witness)
    return found


def _just_after(line: Where, reading: Where) -> bool:
    """Return whether a line is one of the JUST_AFTER lines after a reading's first line,
    or one of the first JUST_AFTER lines of the next page: where what the reading holds
    may have wrapped to. Not the whole page: a "0" read as "๐" on a page printed in
    Arabic digits would doubt every amount of 0 on it."""
    if line.source != reading.source:
        return False
    if line.page == reading.page:
        return 0 < line.line - reading.line <= JUST_AFTER
    return line.page == reading.page + 1 and line.line <= JUST_AFTER


def _read_in_arabic(value: Any, raw: str, in_thai: Sequence[str]) -> bool:
    """Return whether a typed value (`_typed`) came from a number its reading's text
    holds that was not read in Thai digits (none of `in_thai`): from Arabic print,
    whatever Thai one stands beside it ("(ครั้งที่ ๑) = 75,000 บาท"). A code or phone
    must be that number's digits, all of them: a lone "2" is in most phones."""
    others = [n for n in ANY_NUMBER.findall(raw) if n not in in_thai]
    if _code(value):
        return any(_digits(n) == _digits(value) for n in others)
    return any(holds(value, n) for n in others)


def _doubts_a_number(doubt: NumberDoubt) -> bool:
    """Return whether a doubt bears on its number: one in Thai digits always; one read
    alone where the two readings differ by look-alike digits alone (a doubt stored by
    hand may not)."""
    return doubt.kind == IN_THAI_DIGITS or look_alikes(doubt.read, doubt.again)


def _confirmed(number: str, doubting: Reading, on_reading: Sequence[tuple[Reading, list[NumberDoubt]]]) -> bool:
    """Return whether another copy's reading holds `number` with no doubt on it: its own
    re-read found nothing to doubt there."""
    return any(r.witness != doubting.witness and number_in(number, r.raw)
               and not any(number in (d.read, d.again) for d in on) for r, on in on_reading)


def _said(doubt: NumberDoubt, copies: Sequence[str]) -> str:
    """Return what the warning says of one doubt: how the page and the readings alone
    read the number, whether it was taken as read alone, and in which copies."""
    where = ", ".join(dict.fromkeys(copies))
    if doubt.agreed:
        return f"the page read '{doubt.read}', read again alone twice '{doubt.again}', taken so ({where})"
    return f"'{doubt.read}' reads '{doubt.again}' when read again alone ({where})"


def doubt_reread_numbers(resolved: Resolved, readings: Sequence[Reading],
                         doubts: Mapping[str, tuple[OnLine, ...]]) -> Resolved:
    """Return `resolved`, doubted (cross_checks.doubted) with a warning naming how the
    number read on the page and alone and in which copies, where a reading of the value
    (any copy's) holds, either way, a number of one of its lines that read otherwise
    alone (reread_doubts; settled or not, number_rereads.settled), and the value holds
    it (`holds`):
    - where two readings alone agreed on another number than the value holds (a copy
      whose number was taken as read alone, outvoted: its copies may all have misread
      alike);
    - where one reading alone differs from the value, or the value holds the number two
      readings alone agreed on, unless another copy reads that number with no doubt on
      it (its own re-read found nothing): a single re-read differing is mostly a false
      alarm (bench/RESULTS.md), and a number taken as read alone that other copies read
      so needs no second look;
    - where the value was read from numbers read in Thai digits (IN_THAI_DIGITS;
      `_read_in_thai`), whatever other copies read.
    Any other value, and one a person set or a mapping made, is returned as it is."""
    if not doubts or resolved.value is None or resolved.rule in (HUMAN, "mapping"):
        return resolved
    on_reading = [(r, [d for line, d in doubts.get(r.witness, ()) if _doubts_a_number(d) and _on(line, r.where)
                       and (number_in(d.read, r.raw) or d.again and number_in(d.again, r.raw))])
                  for r in readings]
    strong: dict[NumberDoubt, list[str]] = {}
    weak: dict[NumberDoubt, list[str]] = {}
    for r, on in on_reading:
        for doubt in on:
            if doubt.kind == IN_THAI_DIGITS:
                continue
            if holds(resolved.value, doubt.read) and (doubt.agreed or not _confirmed(doubt.read, r, on_reading)):
                (strong if doubt.agreed else weak).setdefault(doubt, []).append(r.witness)
            elif doubt.agreed and holds(resolved.value, doubt.again) and not _confirmed(doubt.again, r, on_reading):
                weak.setdefault(doubt, []).append(r.witness)
    found = {**strong, **weak}
    in_thai = _read_in_thai(resolved.value, readings, doubts)
    if in_thai:
        resolved = doubted(resolved, "; ".join(
            f"'{number}' was read in Thai digits ({', '.join(dict.fromkeys(copies))})" for number, copies in in_thai.items())
            + ": Tesseract's Thai model has no ๔ ๖ ๗ ๘ ๙ and reads each as another digit (๕, ๒, ๓) in every copy "
            "alike; check the scan")
    if not found:
        return resolved
    said = "; ".join(_said(d, copies) for d, copies in found.items())
    taken = next((value for d in strong if (value := _read_alone_by_all(resolved.value, d, on_reading)) is not None), None)
    if taken is not None:
        resolved = replace(resolved, value=taken, voted=resolved.voted if resolved.voted is not None else resolved.value)
        said += "; every copy that reads the value read its number alone so too: the value is taken as read alone"
    return doubted(resolved, f"{said}: a 1 and a 7 (a 5 and a 9) look alike in some prints; check the scan")


def _read_alone_by_all(value: Any, doubt: NumberDoubt, on_reading: Sequence[tuple[Reading, list[NumberDoubt]]]) -> Any:
    """Return the value of the copies whose number two readings alone agreed on
    (`doubt`, taken so: their text holds doubt.again) where every copy that reads
    `value` read that number alone the same way too (a doubt of its own, agreed or not,
    from doubt.read to doubt.again): every copy's re-read says the print had the other
    digit, and only their page readings outvote it. None otherwise, or where the
    copies taken so read different values."""
    same = (doubt.read, doubt.again)
    taken = {r.value for r, on in on_reading if doubt in on and r.value != value and number_in(doubt.again, r.raw)}
    holding = [on for r, on in on_reading if r.value == value]
    if len(taken) != 1 or not holding or not all(any((d.read, d.again) == same for d in on) for on in holding):
        return None
    return next(iter(taken))
