"""Values no copy of a report read: put in the record empty and flagged (rule "missing"),
where the archive's forms print them, so that a lost value never looks like a blank the
form left (a label OCR garbled in every copy, a page no copy kept, a cell of section 2
no copy read)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import regex

from .model import ReconciledDocument, Resolved, WitnessRecord, report_cell
from .template import Template

MISSING = "missing"
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
    for name, kind in template.field_types.items():
        if name in voted:
            continue
        person = name.removesuffix("_phone") + "_name"
        if kind != "phone" or person not in voted:
            if printed is None or name in printed:
                missing[name] = _missing(name, f"no copy of the {copies} read this field: its label was not found, "
                                               "or what follows it could not be read; read it from the scan")
            continue
        lost = [(rec.id, rec.fields[person].where) for rec in records
                if person in rec.fields and _phone_lost(rec.fields[person].raw, template.phone_label)]
        if lost:
            missing[name] = replace(_missing(name, (
                f"a phone is printed after the name in {', '.join(sorted({w for w, _ in lost}))} but no copy read "
                "its number: read it from the scan")), read_at=tuple(lost))
    return missing


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


def _missing(field: str, why: str) -> Resolved:
    """Return the value of a field or cell no copy read: none, needing review, saying `why`."""
    return Resolved(field, None, 0.0, MISSING, True, (), warnings=(why,))
