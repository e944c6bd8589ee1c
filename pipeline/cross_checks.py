"""A document's values checked against its other parts: the project's start against its
end; the dates its progress reports can bear, from the project's own start and end; the
reports' dates against each other's (reports are numbered in the order they are filed)
and their numbers (1, 2, 3...); the total spent, against the reports' spent figures
that add up to it, and both against the budget; and a person's name, against the same
person named in its text. pipeline.document applies them once the reports are voted
and a person's corrections are in, so that a correction is checked against the rest
and no warning speaks of a value it replaced."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import regex
from rapidfuzz.distance import Levenshtein

from .corrections import HUMAN
from .model import ReconciledReport, Resolved
from .values import plain_number
from .vote import TIE_CONFIDENCE

REPORT_LEAD, REPORT_LAG = timedelta(days=62), timedelta(days=366)
SUM_CONFIDENCE = 0.9
TINY_SHARE = 1e-4
TINY_BELOW = 100
NAME_SLIP_CHARS = 2  # a name part read this many letters or marks apart is one misread, not another person
NAME_PART_MIN_CHARS = 4
PHONE_MIN_DIGITS = 3  # no phone number nor extension is shorter: the rest was lost (cut off, hidden, faded)
EXTENSION_MAX_DIGITS = 6  # a phone this short is an extension; longer, a number dialled from outside
_MARKS_ONLY = regex.compile(r"\p{M}+")
_WORD_ENDS = regex.compile(r"^[^\p{L}\p{M}]+|[^\p{L}\p{M}]+$")  # the quotes, commas, numbers around a word


def report_window(fields: dict[str, Resolved], bounds: tuple[str, str] | None) -> tuple[str, str] | None:
    """Return the ISO dates a progress report can bear: from REPORT_LEAD before the
    project starts to REPORT_LAG after it ends (reports are filed late); None when the
    project's own dates are unknown, or out of order (one of them misread: no window can
    be trusted). `bounds` names the document fields holding those
    dates (the template's ProgressSpec.window; None: the template sets no bound)."""
    if bounds is None:
        return None
    start, end = fields.get(bounds[0]), fields.get(bounds[1])
    if start is None or end is None or not start.value or not end.value:
        return None
    first = date.fromisoformat(str(start.value)) - REPORT_LEAD
    last = date.fromisoformat(str(end.value)) + REPORT_LAG
    return (first.isoformat(), last.isoformat()) if first <= last else None


def check_project_dates(fields: dict[str, Resolved], bounds: tuple[str, str] | None) -> dict[str, Resolved]:
    """Return `fields` with the project's start and end dates (`bounds`, as for
    report_window) doubted when it ends before it starts: one of the two was misread (a
    year's digit, most often), and neither the vote nor report_window, which then bounds
    nothing, can say which. A date a person set is left as it is and the other doubted."""
    if bounds is None:
        return fields
    start, end = fields.get(bounds[0]), fields.get(bounds[1])
    if start is None or end is None or not start.value or not end.value or str(start.value) <= str(end.value):
        return fields
    why = f"the project ends ({end.value}) before it starts ({start.value}): one of the two dates was misread"
    return {**fields, bounds[0]: doubted(start, why), bounds[1]: doubted(end, why)}


def check_total(resolved: Resolved, reports: Sequence[ReconciledReport], column: str
                ) -> tuple[Resolved, tuple[ReconciledReport, ...]]:
    """Return the vote on a document's total spent (`resolved`) checked against the
    reports' spent figures (`column`), and the reports. On the form the figures add up
    to the total or, printed as a running total (figures that never go down; per-report
    figures that happen to rise pass as one too), end at it. Where the vote chose another
    reading, a copy's reading that agrees wins (rule "sum": two parts of the form agree,
    which a digit misread in most copies cannot fake; SUM_CONFIDENCE), when no figure is
    itself in doubt (needs review).

    Otherwise the two disagree. Where the figures but one add up to the total, that one
    and the total are flagged, and no other figure ("90" read for a report's "0", the
    total and the rest agreeing; or the total misread so that it matches the rest by
    chance, "100,000" for 300,000 of 100,000 and 200,000). Else which was misread the
    check cannot tell ("165,000" read for "765,000" in a report, the total read right):
    the total and every figure that is not zero (every figure, when all are) are kept
    and flagged; a zero is what most reports print, and a figure misread as one is rarer
    than a figure misread as another. A total no copy read flags no figure. Nothing is
    checked unless every report from 1 on has its figure: a report every copy lost would
    leave the sum short; the total is then only checked to be no less than each figure
    read (_check_total_reaches). A value a person set is left as it is: a total they set
    that the figures do not reach flags the figures alone."""
    reports = tuple(reports)
    read = [rep.fields.get(column) for rep in reports]
    figures = [f for f in read if f is not None and f.value is not None]
    if not reports or [rep.report_no for rep in reports] != list(range(1, len(reports) + 1)) \
            or len(figures) < len(read):
        return _check_total_reaches(resolved, reports, column)
    amounts = [_satang(f.value) for f in figures]
    total = _satang(sum(amounts))
    running = all(a <= b for a, b in zip(amounts, amounts[1:]))
    agree = {total, amounts[-1]} if running else {total}
    if resolved.value is not None and _satang(resolved.value) in agree:
        return resolved, reports
    agreeing = [c.value for c in resolved.candidates if _satang(c.value) in agree]
    if agreeing and resolved.rule != HUMAN and not any(f.needs_review for f in figures):
        return replace(resolved, value=agreeing[0], rule="sum", voted=resolved.value, confidence=SUM_CONFIDENCE,
                       needs_review=False), reports
    adds_up = f"the progress reports' spent figures add up to {_baht(total)}"
    if resolved.value is None:
        return doubted(resolved, adds_up), reports
    said = _satang(resolved.value)
    odd = [i for i, a in enumerate(amounts) if a != 0 and _satang(total - a) == said] if said else []
    if len(odd) == 1:
        why = f"without it the progress reports' spent figures add up to the total spent ({_baht(said)})"
        return doubted(resolved, f"{adds_up}; without report {reports[odd[0]].report_no}'s, to this total"), \
            tuple(_doubt_report(rep, (why,), (column,)) if i == odd[0] else rep for i, rep in enumerate(reports))
    why = f"{adds_up} and end at {_baht(amounts[-1])}: neither is the total spent ({_baht(said)})" if running \
        else f"{adds_up}, not to the total spent ({_baht(said)})"
    blamed = [a != 0 for a in amounts]
    if not any(blamed):
        blamed = [True] * len(figures)
    return doubted(resolved, adds_up), tuple(
        _doubt_report(rep, (why,), (column,)) if blame else rep for rep, blame in zip(reports, blamed))


def _check_total_reaches(resolved: Resolved, reports: tuple[ReconciledReport, ...], column: str
                         ) -> tuple[Resolved, tuple[ReconciledReport, ...]]:
    """Return the total spent (`resolved`) and the reports, both flagged where a report's
    spent figure (`column`) is larger than the total: whether the figures add up to the
    total or run up to it, none can exceed it, so one of the two was misread ("220,000"
    read for a total of 320,000 that a report reads). Checked where a report's figure is
    missing and their sum is unknown; a total no copy read checks nothing."""
    said = _amount(resolved)
    if said is None:
        return resolved, reports
    over = {rep.report_no for rep in reports if (a := _amount(rep.fields.get(column))) is not None and a > said}
    if not over:
        return resolved, reports
    why = f"a progress report's spent figure is larger than the total spent ({_baht(said)}): one of them was misread"
    return doubted(resolved, why), tuple(
        _doubt_report(rep, (why,), (column,)) if rep.report_no in over else rep for rep in reports)


def check_budget(fields: dict[str, Resolved], reports: Sequence[ReconciledReport], budget: str,
                 total: str | None, column: str) -> tuple[dict[str, Resolved], tuple[ReconciledReport, ...]]:
    """Return `fields` and `reports` with the project's `budget` and what is said to have
    been spent beyond it needing review: the document's `total` spent, or a report's
    spent figure (`column`), above the budget. A project pays out no more than it was
    given, so one of the two was misread (a leading digit lost: "40000" for 840,000),
    and which, the check cannot tell. A budget no copy read, or no amount, checks
    nothing."""
    limit = _amount(fields.get(budget))
    if limit is None:
        return fields, tuple(reports)
    why = f"more is said to be spent than the budget ({_baht(limit)}): one of the two was misread"
    spent = _amount(fields.get(total)) if total is not None else None
    over_total = spent is not None and spent > limit
    over = {rep.report_no for rep in reports if (amount := _amount(rep.fields.get(column))) is not None
            and amount > limit}
    if not over_total and not over:
        return fields, tuple(reports)
    fields = {**fields, budget: doubted(fields[budget], why)}
    if over_total and total is not None:
        fields[total] = doubted(fields[total], why)
    return fields, tuple(_doubt_report(rep, (why,), (column,)) if rep.report_no in over else rep for rep in reports)


def check_tiny_amounts(reports: Sequence[ReconciledReport], total: Resolved | None,
                       column: str) -> tuple[ReconciledReport, ...]:
    """Return `reports` with each spent figure (`column`) of one or two digits (above zero,
    under TINY_BELOW) and no more than TINY_SHARE of the document's `total` spent (of the
    largest report figure when no total was read) needing review: no project pays a
    ten-thousandth of its money in one report, while OCR often reads a figure it cannot
    make out as its last digit or two ("9" for 325,000), which the sum check cannot see
    when the total is a running figure or a report is missing."""
    amounts = [_amount(rep.fields.get(column)) for rep in reports]
    largest = _amount(total) or max((a for a in amounts if a is not None), default=0.0)
    out = []
    for rep, amount in zip(reports, amounts):
        if amount is not None and 0 < amount < TINY_BELOW and amount <= largest * TINY_SHARE:
            said = f"{_baht(amount)} is a ten-thousandth or less of the amount spent ({_baht(largest)}): " \
                   "a figure OCR cut short?"
            rep = _doubt_report(rep, (said,), (column,))
        out.append(rep)
    return tuple(out)


def _amount(resolved: Resolved | None) -> float | None:
    """Return a voted amount of baht as a number, None when there is none."""
    if resolved is None or resolved.value is None:
        return None
    try:
        amount = float(resolved.value)
    except (TypeError, ValueError):
        return None
    return amount if math.isfinite(amount) else None


def doubted(resolved: Resolved, *warnings: str) -> Resolved:
    """Return `resolved` needing review, no surer than a tie, with `warnings` added: what
    a value another part of the document contradicts becomes (it is kept, not changed:
    which of the two parts was misread, the check cannot tell). A value a person set
    (corrections) is returned as it is: they have seen it."""
    if resolved.rule == HUMAN:
        return resolved
    return replace(resolved, needs_review=True, confidence=min(resolved.confidence, TIE_CONFIDENCE),
                   warnings=(*resolved.warnings, *warnings))


def outside_window(window: tuple[str, str]) -> str:
    """Return why a report's date outside `window` (report_window) is in doubt."""
    return f"outside the project's dates ({window[0]} to {window[1]})"


def check_reports(reports: Sequence[ReconciledReport], window: tuple[str, str] | None,
                  date_column: str) -> tuple[ReconciledReport, ...]:
    """Return a document's voted progress reports checked against each other and the
    project's dates (check_report_numbers, check_report_dated, check_report_window,
    check_report_order): a single copy's misread report number or date agrees with
    nothing else the copy holds, so it is flagged where no vote could catch it.
    `date_column` names the reports' date field."""
    checked = check_report_numbers(reports)
    checked = check_report_dated(checked, date_column)
    checked = check_report_window(checked, window, date_column)
    return check_report_order(checked, date_column)


def check_report_dated(reports: Sequence[ReconciledReport], date_column: str) -> tuple[ReconciledReport, ...]:
    """Return `reports` with every value of a report that no copy read a date for, and
    that lies before the first dated report or after the last, needing review: each
    report the form prints has a dated line, so a report known only from its figures
    beyond the dated ones was likely made by a misread "(ครั้งที่ N)" marker (its ")"
    read as a digit: "ครั้งที่ 11" for 1) or by pages of another copy read into this
    one, and nothing else the copies hold confirms it (with no dated report at all, every
    report is). Between dated reports, a date line OCR lost is the likelier story, and the
    report's number fits its place."""
    dated = [rep.report_no for rep in reports if date_column in rep.fields]
    between = range(min(dated) + 1, max(dated)) if dated else range(0)
    return tuple(_doubt_report(rep, (f"no copy read report {rep.report_no}'s dated line, and it lies outside "
                                     "the dated reports: a report number misread, or pages of another copy?",))
                 if date_column not in rep.fields and rep.report_no not in between else rep for rep in reports)


def check_report_numbers(reports: Sequence[ReconciledReport]) -> tuple[ReconciledReport, ...]:
    """Return `reports` (sorted by number) with every value of a report whose number
    skips some (the first is not 1, or one is more than one after the report before it)
    needing review: reports run 1..n, so the number was misread ("ครั้งที่ 4" as 6, and
    every value then filed under the wrong report) or every copy lost the reports
    between, which a person must see either way."""
    checked, previous = [], 0
    for rep in reports:
        if rep.report_no > previous + 1:
            jump = f"jump from {previous} to" if previous else "start at"
            rep = _doubt_report(rep, (f"report numbers {jump} {rep.report_no}: "
                                      "a misread number or a report no copy has",))
        checked.append(rep)
        previous = rep.report_no
    return tuple(checked)


def check_report_window(reports: Sequence[ReconciledReport], window: tuple[str, str] | None,
                        date_column: str) -> tuple[ReconciledReport, ...]:
    """Return `reports` with each date outside `window` (report_window) needing review.
    Readings outside are set aside while a copy reads a date inside (document.
    vote_report_date), so a date voted outside is one every copy read so (a single copy's
    always): a year's digit misread is likelier than a report filed years away. No
    window (the project's dates unknown): nothing is checked."""
    if window is None:
        return tuple(reports)
    start, end = date.fromisoformat(window[0]), date.fromisoformat(window[1])
    return tuple(_doubt_report(rep, (outside_window(window),), (date_column,))
                 if (day := _report_date(rep, date_column)) is not None and not start <= day <= end else rep
                 for rep in reports)


def check_report_order(reports: Sequence[ReconciledReport], date_column: str) -> tuple[ReconciledReport, ...]:
    """Return `reports` (sorted by number) with each date that breaks their time order
    needing review: reports are filed in the order they are numbered, so report n's date
    lies between its neighbours'. Of two dated reports next to each other whose dates are
    in the wrong order, the one whose own neighbours are in order with each other broke
    it (only the middle one is flagged); where neither is, the one at the first or last
    report, when only one of the two is there; otherwise (both at the ends, or
    ambiguous) both are. A date a person set is never the one blamed: the other of the two
    is. Reports without a readable date are passed over; only the date is flagged (the
    report's other values were read apart from it)."""
    dated = [(rep.report_no, day) for rep in reports if (day := _report_date(rep, date_column)) is not None]
    blamed = {no: [f"{'later' if later else 'earlier'} than report {other}'s date ({day.isoformat()}), though "
                   "reports are numbered in the order they are filed" for other, day, later in found]
              for no, found in _out_of_order(dated, _set_by_person(reports, date_column)).items()}
    return tuple(_doubt_report(rep, tuple(blamed[rep.report_no]), (date_column,)) if rep.report_no in blamed
                 else rep for rep in reports)


def check_progress_order(reports: Sequence[ReconciledReport], column: str) -> tuple[ReconciledReport, ...]:
    """Return `reports` (sorted by number) with each progress percentage that goes down
    from one report to the next needing review, blamed as check_report_order blames a
    date: the form's progress is the project's work done so far, which never shrinks, so
    a figure above a later report's or below an earlier one's was misread ("75" for
    "65", "3" for "8") in every copy that read it, where no vote could catch it. Reports
    without a readable percentage are passed over; only the percentage is flagged."""
    read = [(rep.report_no, float(res.value)) for rep in reports
            if (res := rep.fields.get(column)) is not None and isinstance(res.value, (int, float))]
    blamed = {no: [f"{'more' if later else 'less'} than report {other}'s progress ({other_pct:g}%), though "
                   "progress is the work done so far and does not go down" for other, other_pct, later in found]
              for no, found in _out_of_order(read, _set_by_person(reports, column)).items()}
    return tuple(_doubt_report(rep, tuple(blamed[rep.report_no]), (column,)) if rep.report_no in blamed
                 else rep for rep in reports)


def _set_by_person(reports: Sequence[ReconciledReport], column: str) -> set[int]:
    """Return the numbers of the reports whose `column` a person's correction set."""
    return {rep.report_no for rep in reports if rep.fields.get(column) is not None
            and rep.fields[column].rule == HUMAN}


def _out_of_order(seq: Sequence[tuple[int, Any]], by_person: set[int]) -> dict[int, list[tuple[int, Any, bool]]]:
    """Return {report number: [(the other report's number, its value, whether this one's
    value is the later of the two)]} for the values of `seq` ((report number, value) in
    number order; values that should never go down) that break its order. Of two
    neighbours in the wrong order, the one whose own neighbours are in order with each
    other broke it (only it is blamed); where neither is, the one at the first or last
    place, when only one of the two is there; otherwise (both at the ends, or ambiguous)
    both are. A value a person set (`by_person`) is never the one blamed: the other of
    the two is."""
    blamed: dict[int, list[tuple[int, Any, bool]]] = defaultdict(list)
    for i in range(len(seq) - 1):
        if seq[i][1] <= seq[i + 1][1]:
            continue
        alone = [j for j in (i, i + 1) if 0 < j < len(seq) - 1 and seq[j - 1][1] <= seq[j + 1][1]]
        culprits = alone or [j for j in (i, i + 1) if j in (0, len(seq) - 1)]
        culprits = culprits if len(culprits) == 1 else [i, i + 1]
        culprits = [j for j in culprits if seq[j][0] not in by_person] or [i, i + 1]
        for j in culprits:
            other, value = seq[i + 1] if j == i else seq[i]
            blamed[seq[j][0]].append((other, value, j == i))
    return blamed


def _doubt_report(report: ReconciledReport, warnings: tuple[str, ...],
                  fields: Sequence[str] | None = None) -> ReconciledReport:
    """Return `report` with its values of `fields` (all of them when None) doubted."""
    names = report.fields.keys() if fields is None else [f for f in fields if f in report.fields]
    return replace(report, fields={**report.fields, **{f: doubted(report.fields[f], *warnings) for f in names}})


def _report_date(report: ReconciledReport, date_column: str) -> date | None:
    """Return a report's voted date, None when it has none or it is no ISO date."""
    resolved = report.fields.get(date_column)
    if resolved is None or not isinstance(resolved.value, str):
        return None
    try:
        return date.fromisoformat(resolved.value)
    except ValueError:
        return None


def _baht(amount: float) -> str:
    """Return an amount as a warning prints it: thousands separated, no trailing zeros."""
    return f"{plain_number(Decimal(str(amount))):,}"


def _satang(baht: Any) -> float:
    """Return an amount of baht to the satang, so sums of floats compare as printed."""
    return round(float(baht), 2)


def check_phones(fields: dict[str, Resolved], phone_fields: Sequence[str]) -> dict[str, Resolved]:
    """Return `fields` with each phone in doubt that is shorter than any phone can be
    (PHONE_MIN_DIGITS: "7" of "7463" under a note over the page), and with the record's
    extensions (EXTENSION_MAX_DIGITS digits or fewer) in doubt where their lengths differ
    by one digit, which OCR lost or made up in one of them ("93368" and "6825" on a
    form whose extensions are four digits): both, or, where the vote already doubts one
    and not the other (copies that disagreed on "78742" against a "2134" every copy
    read), the doubted one alone. An extension beside a number dialled from outside (a
    landline's nine digits, a mobile's ten) is no such sign."""
    phones = {name: len(fields[name].value) for name in phone_fields
              if name in fields and isinstance(fields[name].value, str) and fields[name].value.isdigit()}
    blamed: dict[str, list[str]] = defaultdict(list)
    for name, digits in phones.items():
        if digits < PHONE_MIN_DIGITS:
            blamed[name].append(f"a phone of {digits} digit{'s' if digits > 1 else ''}: part of it may be lost")
        for other, theirs in phones.items():
            if other != name and PHONE_MIN_DIGITS <= min(digits, theirs) and max(digits, theirs) <= EXTENSION_MAX_DIGITS \
                    and abs(digits - theirs) == 1 and (fields[name].needs_review or not fields[other].needs_review):
                blamed[name].append(f"{digits} digits where {other} has {theirs}: a digit lost or made up in one of them")
    return {name: doubted(value, *blamed[name]) if name in blamed else value for name, value in fields.items()}


def check_name_mentions(fields: dict[str, Resolved], reports: Sequence[ReconciledReport], person_fields: Sequence[str],
                        text_fields: Sequence[str], titles: tuple[str, ...]
                        ) -> tuple[dict[str, Resolved], tuple[ReconciledReport, ...]]:
    """Return `fields` and `reports` with a person's name and each text that names the
    same person otherwise needing review (`name_mentions`): the coordinator is
    "นายยูโช๊ะ เหี้ยมโท้" in their field and "นายยูโซ๊ะ เหี้ยมโท้" in a narrative. One
    record should not spell one person two ways, and which spelling was printed no
    check can tell: each was read (or corrected by the language model) apart, the
    field's copies and the text's. A text that spells a person's name as their field
    does needs review with it when the field does for its name, not its title alone
    (`names_alike`): the same print read by the same OCR, no evidence for the other (a
    name in no list that every copy misread alike, "นายบูรฉัตร" for "นายบุรฉัตร", in
    the field and in a narrative).
    `person_fields` and `text_fields` name the fields (document or report) of each kind;
    a mention that spells another of the record's people is that person."""
    people = {name: fields[name].value for name in person_fields
              if name in fields and isinstance(fields[name].value, str)}
    texts: list[tuple[str, int | None, Resolved]] = [(name, None, fields[name]) for name in text_fields if name in fields]
    texts += [(name, rep.report_no, rep.fields[name]) for rep in reports for name in text_fields if name in rep.fields]
    blamed: dict[tuple[str, int | None], list[str]] = defaultdict(list)
    for person, value in people.items():
        others = [v for p, v in people.items() if p != person]
        for name, report_no, text in texts:
            if not isinstance(text.value, str):
                continue
            for mention in name_mentions(value, text.value, titles, others):
                where = f"{name} of report {report_no}" if report_no is not None else name
                why = f"the record spells one person two ways: {value!r} in {person}, {mention!r} in {where}"
                for key in ((person, None), (name, report_no)):
                    if why not in blamed[key]:
                        blamed[key].append(why)
        if fields[person].needs_review and fields[person].rule != HUMAN and not _title_alone_doubted(fields[person],
                                                                                                    titles):
            for name, report_no, text in texts:
                if isinstance(text.value, str) and names_alike(value, text.value, titles):
                    why = f"it names {value!r} as {person} reads it, which needs review"
                    if why not in blamed[(name, report_no)]:
                        blamed[(name, report_no)].append(why)
    if not blamed:
        return fields, tuple(reports)
    fields = {name: doubted(value, *blamed[(name, None)]) if (name, None) in blamed else value
              for name, value in fields.items()}
    reports = tuple(replace(rep, fields={
        name: doubted(value, *blamed[(name, rep.report_no)]) if (name, rep.report_no) in blamed else value
        for name, value in rep.fields.items()}) if any(no == rep.report_no for _, no in blamed) else rep
        for rep in reports)
    return fields, reports


def _name_words(person: str, titles: tuple[str, ...]) -> list[str]:
    """Return a person's name without its title, cut at its spaces."""
    title = next((t for t in titles if person.startswith(t)), "")
    return person[len(title):].split()


def name_mentions(person: str, text: str, titles: tuple[str, ...], others: Sequence[str] = ()) -> list[str]:
    """Return the mentions in `text` of the person named `person` ("title given family")
    that spell them otherwise: two words in a row (the first may carry a title), one of
    them the same name part as `person`'s and the other a misreading of its (`_slip`),
    and not the name of one of `others` (another person of the record). A name of other
    than two parts, or a part shorter than NAME_PART_MIN_CHARS, is not looked for: a
    lone given name or a short part matches too many other words."""
    pair = _name_pair(person, titles)
    if pair is None:
        return []
    given, family = pair
    known = {tuple(_name_words(o, titles)) for o in others}
    found = []
    for title, first, second in _word_pairs(text, titles):
        if (first, second) == (given, family) or (first, second) in known:
            continue
        if first == given and _slip(second, family) or second == family and _slip(first, given):
            mention = f"{title}{first} {second}"
            if mention not in found:
                found.append(mention)
    return found


def _title_alone_doubted(resolved: Resolved, titles: tuple[str, ...]) -> bool:
    """True when the copies' readings of a person's name differ in the title alone
    ("นาง" against "นางสาว"): the name itself is not what is in doubt."""
    read = {c.value for c in resolved.candidates if isinstance(c.value, str)}
    return len(read) > 1 and len({tuple(_name_words(v, titles)) for v in read}) == 1


def names_alike(person: str, text: str, titles: tuple[str, ...]) -> bool:
    """True when `text` names the person named `person` ("title given family") spelt as
    there (any title, or none), by a name `name_mentions` would look for."""
    pair = _name_pair(person, titles)
    return pair is not None and any((first, second) == pair for _, first, second in _word_pairs(text, titles))


def _name_pair(person: str, titles: tuple[str, ...]) -> tuple[str, str] | None:
    """Return a person's (given, family) name, None for a name of other than two parts or
    with a part shorter than NAME_PART_MIN_CHARS: a lone given name or a short part
    matches too many other words to be looked for in a text."""
    parts = _name_words(person, titles)
    if len(parts) != 2 or any(len(p) < NAME_PART_MIN_CHARS for p in parts):
        return None
    return parts[0], parts[1]


def _word_pairs(text: str, titles: tuple[str, ...]) -> Iterator[tuple[str, str, str]]:
    """Yield each two words in a row of `text`, without the signs around them, as (the
    title the first starts with or "", the rest of the first, the second)."""
    words = text.split()
    for first, second in zip(words, words[1:]):
        first, second = _WORD_ENDS.sub("", first), _WORD_ENDS.sub("", second)
        title = next((t for t in titles if first.startswith(t)), "")
        yield title, first[len(title):], second


def _slip(read: str, part: str) -> bool:
    """True when `read` is `part` misread: other letters or marks, at most NAME_SLIP_CHARS
    of them, in a word as long within one; not `part` with something glued on or a
    letter cut off ("ใจดีจะ", "อ.สมชาย", "ใจด": no misreading of the name's own
    letters), though a lost mark is one ("เหี้ยมโท" for "เหี้ยมโท้")."""
    if read == part or part in read or abs(len(read) - len(part)) > 1:
        return False
    if read in part and not _MARKS_ONLY.fullmatch(part.replace(read, "", 1)):
        return False
    return Levenshtein.distance(read, part, score_cutoff=NAME_SLIP_CHARS) <= NAME_SLIP_CHARS
