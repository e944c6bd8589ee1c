"""Values no copy of a report read: put in the record empty and flagged (rule "missing"),
where the archive's forms print them, so that a lost value never looks like a blank the
form left (a label OCR garbled in every copy, a page no copy kept, a cell of section 2
no copy read)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import regex

from .model import ReconciledDocument, ReconciledReport, Resolved, Where, WitnessRecord, report_cell
from .template import Template

MISSING = "missing"
LOST_REACH = 6  # lines past a field's neighbour on its page that the review page shows of where it was printed
_NO_PHONE = re.compile(r"[\s.:]*[-\u2013\u2014]+[\s.]*")  # "โทร -": the form printed that there is none
_PHONE_DIGITS = re.compile(r"\d{3}")


def missing_fields(template: Template, records: Sequence[WitnessRecord], voted: dict[str, Resolved],
                   printed: frozenset[str] | None = None) -> dict[str, Resolved]:
    """Return, for each of the template's document fields that no copy of a report
    (`records`) read a value for and so no vote (`voted`) decided, a value of none,
    rule "missing", that needs review, where the archive's forms print it (`printed`:
    run.archive_fields; None: every field): one left empty was lost (a label OCR
    garbled, a page no copy kept, a value no parser could read), and an empty cell must
    not look like one the form left blank. A person's phone is lost with their line;
    where a copy read the name, a form may print it with no phone, so the phone is lost
    only where a copy shows one after the name and no number was read (_phone_lost),
    whatever the archive's other forms print."""
    missing: dict[str, Resolved] = {}
    copies = len(records)
    order = list(template.field_types)
    for name, kind in template.field_types.items():
        if name in voted:
            continue
        person = name.removesuffix("_phone") + "_name"
        if kind != "phone" or person not in voted:
            if printed is None or name in printed:
                places = [(rec.id, where) for rec in records if (where := _where_lost(name, order, rec)) is not None]
                missing[name] = replace(_missing(name, (
                    f"no copy of the {copies} read this field: its label was not found, or what follows it could not "
                    "be read; read it from the scan")), read_at=tuple(places))
            continue
        lost = [(rec.id, rec.fields[person].where) for rec in records
                if person in rec.fields and _phone_lost(rec.fields[person].raw, template.phone_label)]
        if lost:
            missing[name] = replace(_missing(name, (
                f"a phone is printed after the name in {', '.join(sorted({w for w, _ in lost}))} but no copy read "
                "its number: read it from the scan")), read_at=tuple(lost))
    return missing


def _where_lost(name: str, order: Sequence[str], rec: WitnessRecord) -> Where | None:
    """Return where on a copy's page a field it did not read (`name`) was printed, for the
    review page to show: between the fields the form prints before and after it
    (`order`, the template's) that the copy read, from the last line of the one to the
    first of the other (a line's height of each: the shorter of their boxes'); where
    only one of them is on the page (the other on the next page, or none read), the
    LOST_REACH lines after the one before it or before the one after it. None where the
    copy read neither, or the two are out of printed order."""
    i = order.index(name)
    before = next((rec.fields[f].where for f in reversed(order[:i]) if f in rec.fields), None)
    after = next((rec.fields[f].where for f in order[i + 1:] if f in rec.fields), None)
    b = before.box if before is not None else None
    a = after.box if after is not None else None
    if b is not None and a is not None and (before.source, before.page) == (after.source, after.page):
        if a[1] < b[1]:
            return None
        line = min(b[3] - b[1], a[3] - a[1])
        return Where(before.source, before.page, before.line,
                     (min(b[0], a[0]), max(b[1], b[3] - line), max(b[2], a[2]), max(a[1] + line, b[3])))
    if b is not None:
        line = b[3] - b[1]
        return Where(before.source, before.page, before.line, (b[0], b[1], b[2], b[3] + LOST_REACH * line))
    if a is not None:
        line = a[3] - a[1]
        return Where(after.source, after.page, after.line, (a[0], max(0, a[1] - LOST_REACH * line), a[2], a[3]))
    return None


def _phone_lost(raw: str, label: regex.Pattern[str]) -> bool:
    """True when a person's cell (`raw`) shows a phone that was not read: its label
    (`label`, the template's) with anything but a dash after it, or, with no label
    found (OCR garbled it), three digits or more."""
    if m := label.search(raw):
        return not _NO_PHONE.fullmatch(raw[m.end():])
    return _PHONE_DIGITS.search(raw) is not None


def missing_cells(doc: ReconciledDocument, cells: Sequence[str], printed: frozenset[str] | None = None
                  ) -> ReconciledDocument:
    """Return `doc` with each cell of a progress report's row (`cells`: the template's
    report fields) that no copy read anything of, where the archive's forms print it
    (`printed`, as for missing_fields), a value of none, rule "missing", that needs
    review. Added once the report is checked, as the checks take a cell no copy read to
    be absent (cross_checks.check_report_dated: a report no copy read a dated line for
    is likelier a misread marker's making)."""
    wanted = [c for c in cells if printed is None or report_cell(c) in printed]
    reports = []
    for rep in doc.reports:
        if all(c in rep.fields for c in wanted):
            reports.append(rep)
            continue
        why = f"no copy of the {rep.n_witnesses} read this cell of report {rep.report_no}: read it from the scan"
        reports.append(replace(rep, fields={c: rep.fields[c] if c in rep.fields else _missing(c, why)
                                            for c in cells if c in rep.fields or c in wanted}))
    return replace(doc, reports=tuple(reports))


def missing_reports(doc: ReconciledDocument, records: Sequence[WitnessRecord], cells: Sequence[str],
                    printed: frozenset[str] | None = None) -> ReconciledDocument:
    """Return `doc` with a report of no values, each rule "missing" and needing review, for
    each row its copies (`records`) print that no report was read from: a row whose date
    and figure OCR both garbled leaves no reading to flag, and its report would be
    silently absent. A copy's rows are counted by their printed labels
    (WitnessRecord.row_starts), the document's by its copy that shows the most; the rows
    lost are that many less the reports read, numbered first by the gaps among the
    reports' numbers (when no more gaps than rows lost), then after the last. `cells`
    and `printed` are as for missing_cells. Each value says where its row's label was
    printed, on the copies that show every row (the review page crops it there)."""
    wanted = [c for c in cells if printed is None or report_cell(c) in printed]
    rows = max((len(rec.row_starts) for rec in records), default=0)
    lost = rows - len(doc.reports)
    if lost <= 0 or not wanted:
        return doc
    read = {rep.report_no for rep in doc.reports}
    last = max(read, default=0)
    gaps = [n for n in range(1, last) if n not in read]
    numbers = gaps if len(gaps) <= lost else []
    numbers += range(last + 1, last + 1 + lost - len(numbers))
    shown = [rec for rec in records if len(rec.row_starts) == rows]
    added = []
    for n in numbers:
        where = tuple((rec.id, _row_reach(rec.row_starts, n - 1)) for rec in shown if n <= rows)
        why = (f"{'a copy prints' if len(records) > 1 else 'the copy prints'} {rows} report rows, "
               f"{len(doc.reports)} were read: no copy read report {n}'s date or figure (its row's label was read, "
               "what follows it was not); read it from the scan")
        added.append(ReconciledReport(n, {c: replace(_missing(c, why), read_at=where) for c in wanted}, 0))
    return replace(doc, reports=tuple(sorted((*doc.reports, *added), key=lambda rep: rep.report_no)))


def _row_reach(starts: Sequence[Where], i: int) -> Where:
    """Return where a copy printed its row `i` (of `starts`, each row's label line): from
    its label's line to the next row's on the same page, else LOST_REACH lines past it."""
    first = starts[i]
    box = first.box
    if box is None:
        return first
    after = starts[i + 1] if i + 1 < len(starts) else None
    if after is not None and after.box is not None and (after.source, after.page) == (first.source, first.page) \
            and after.box[1] > box[1]:
        bottom = after.box[1]
    else:
        bottom = box[3] + LOST_REACH * (box[3] - box[1])
    return Where(first.source, first.page, first.line, (box[0], box[1], box[2], bottom))


def _missing(field: str, why: str) -> Resolved:
    """Return the value of a field or cell no copy read: none, needing review, saying `why`."""
    return Resolved(field, None, 0.0, MISSING, True, (), warnings=(why,))
