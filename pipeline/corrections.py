"""A person's corrections: read them, let them win over the vote, and learn mappings.

A corrections file is a CSV (UTF-8, Excel's BOM welcome) with the columns
    doc_id, field, report_no, value
one row per value to set; report_no is empty for a document field. Corrected values
are marked rule "human" with confidence 1.0, and keep the vote's evidence beside them.
The file is read on every run that names it, so corrections survive re-runs however
the copies are re-read. `learn_mappings` turns the corrections of errors that every copy
shared into WRONG -> RIGHT dictionary lines, so the same misreading is fixed in other
reports too.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .errors import UsageError
from .model import ReconciledDocument, ReconciledReport, Resolved
from .normalize import normalize_text
from .template import Template, load_template
from .thai_script import THAI_BLOCK
from .values import parse_project_code, plain_number

COLUMNS = ("doc_id", "field", "report_no", "value")
NUMBER_TYPES = frozenset({"be_year", "money", "percent"})
DATE_TYPES = frozenset({"date"})
_THAI_RUN = re.compile(f"[{THAI_BLOCK}]+")
_WHOLE_NUMBER = re.compile(r"(\d+)(?:\.0*)?")
MIN_LEARNED_CHARS = 3


@dataclass(frozen=True)
class Correction:
    """One value a person set: which document, field and report, and the value (typed)."""

    doc_id: str
    field: str
    report_no: int | None
    value: Any
    line: int
    source: str = ""

    @property
    def where(self) -> str:
        """"corrections FILE, line N": how a message names this row."""
        return f"corrections {self.source}, line {self.line}"


BE_YEARS = range(2400, 2600)
CE_YEARS = range(1900, 2100)
BE_OFFSET = 543
_SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "bars"}


def _number(field: str, kind: str, text: str, where: str) -> int | float:
    """Return a correction's number, checked against what a field of its value type
    (`kind`) can hold: a percentage within 0-100, an amount of baht not below zero, a
    Buddhist Era year."""
    try:
        value = plain_number(Decimal(text.replace(",", "")))
    except InvalidOperation:
        raise UsageError(f"{where}: {field} must be a number, not {text!r}") from None
    if kind == "percent" and not 0 <= value <= 100:
        raise UsageError(f"{where}: {field} must be a percentage from 0 to 100, not {text}")
    if kind == "money" and value < 0:
        raise UsageError(f"{where}: {field} must be an amount of baht, not below zero ({text})")
    if kind == "be_year" and value not in BE_YEARS:
        hint = f" (a Christian Era year? {value} CE is {value + BE_OFFSET} BE)" if value in CE_YEARS else ""
        raise UsageError(f"{where}: {field} must be a Buddhist Era year such as 2564, not {text}{hint}")
    return value


def _date(field: str, text: str, where: str) -> str:
    """Return a correction's ISO date (Christian Era, as the output columns are)."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{where}: {field} must be a date written YYYY-MM-DD, not {text!r}") from None
    if day.year in BE_YEARS:
        ce = day.replace(year=day.year - BE_OFFSET).isoformat() if day.year - BE_OFFSET in CE_YEARS else "?"
        raise UsageError(f"{where}: {field} holds a Buddhist Era year ({text}); the date columns are "
                         f"Christian Era: write {ce}")
    if day.year not in CE_YEARS:
        raise UsageError(f"{where}: {field} {text} is not a plausible date (year {day.year})")
    return day.isoformat()


def _typed(field: str, template: Template, report: bool, text: str, where: str) -> Any:
    """Return a correction's value in the type the field's vote produces (the field's
    value type in `template`: Template.field_types, or report_field_types for a
    progress-report field), or raise a UsageError when it is not a value the field can
    hold: a code field's value must match the template's pattern for it."""
    kind = (template.report_field_types if report else template.field_types)[field]
    text = normalize_text(text)
    if kind in NUMBER_TYPES:
        return _number(field, kind, text, where)
    if kind in DATE_TYPES:
        return _date(field, text, where)
    if kind == "project_code" and parse_project_code(text) != text:
        raise UsageError(f"{where}: {field} must be written NNNNNNNN-NNNN, not {text!r}")
    pattern = template.patterns.get(field) if kind == "code" else None
    if pattern is not None and not pattern.fullmatch(text):
        raise UsageError(f"{where}: {field} must match the template's pattern {pattern.pattern!r}, not {text!r}")
    return text


def _separator_hint(columns: Sequence[str]) -> str:
    """Return a hint when the header looks split by another separator than the comma
    (a spreadsheet set to a European locale saves CSV with semicolons)."""
    header = ",".join(columns)
    for sep, name in _SEPARATORS.items():
        if sep in header and all(c in header for c in COLUMNS):
            return (f"; the file looks separated by {name}, not commas: save it as CSV with commas "
                    "(in Excel: CSV UTF-8 (Comma delimited))")
    return ""


def _report_no(field: str, report: str, where: str, template: Template) -> int | None:
    """Return the report number a row names (None for a document field), checked
    against the kind of field (the template's document or progress-report fields)."""
    whole = _WHOLE_NUMBER.fullmatch(report)
    document_types = template.field_types
    if field in document_types and not report:
        return None
    if field in template.report_field_types and whole and int(whole.group(1)) >= 1:
        return int(whole.group(1))
    if field in template.report_field_types:
        raise UsageError(f"{where}: {field} is a progress-report field, so report_no must be a number from 1")
    if field in document_types:
        raise UsageError(f"{where}: {field} is a document field, so report_no must be empty")
    raise UsageError(f"{where}: unknown field {field!r}")


def load_corrections(path: str | Path, template: Template | None = None) -> list[Correction]:
    """Return the corrections in a CSV file; a malformed file or row, an impossible value,
    or two rows for one value is a UsageError naming the file and line, so nothing is
    half-applied. The fields a row may name are the template's document fields (default:
    the built-in template) and its progress-report fields."""
    path = Path(path)
    template = template or load_template()
    import pandas as pd  # only a run with corrections reads them: the others start without pandas

    try:
        _check_cell_counts(path)
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise UsageError(f"corrections {path}: cannot read it as a UTF-8 CSV ({exc})") from exc
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise UsageError(f"corrections {path}: missing column(s) {', '.join(missing)}; "
                         f"the header must be {','.join(COLUMNS)}{_separator_hint(list(frame.columns))}")
    out: list[Correction] = []
    first: dict[tuple[str, str, int | None], int] = {}
    for i, row in enumerate(frame.itertuples(index=False), start=2):
        where = f"corrections {path}, line {i}"
        doc_id, field = row.doc_id.strip(), row.field.strip()
        report_no = _report_no(field, row.report_no.strip(), where, template)
        key = (doc_id, field, report_no)
        if key in first:
            what = field if report_no is None else f"{field} of report {report_no}"
            raise UsageError(f"{where}: a second correction of {what} in {doc_id} (line {first[key]} "
                             "already sets it); keep one row per value")
        first[key] = i
        out.append(Correction(doc_id, field, report_no, _typed(field, template, report_no is not None, row.value,
                                                               where), i, str(path)))
    return out


HUMAN = "human"  # the rule of a value a person set


def _corrected(old: Resolved | None, field: str, value: Any) -> Resolved:
    if old is None:
        return Resolved(field, value, 1.0, HUMAN, False, ())
    return replace(old, value=value, confidence=1.0, rule=HUMAN, needs_review=False, warnings=(),
                   voted=old.voted if old.voted is not None else old.value)


def corrections_by_doc(corrections: Sequence[Correction]) -> dict[str, tuple[Correction, ...]]:
    """Return the corrections grouped by the doc_id they correct, in file order."""
    by_doc: dict[str, list[Correction]] = {}
    for c in corrections:
        by_doc.setdefault(c.doc_id, []).append(c)
    return {doc_id: tuple(cs) for doc_id, cs in by_doc.items()}


def correct_fields(fields: dict[str, Resolved], corrections: Sequence[Correction]) -> dict[str, Resolved]:
    """Return a document's `fields` with the `corrections` of them applied (those of a
    progress report are correct_document's)."""
    out = dict(fields)
    for c in corrections:
        if c.report_no is None:
            out[c.field] = _corrected(out.get(c.field), c.field, c.value)
    return out


def correct_document(doc: ReconciledDocument, corrections: Sequence[Correction]) -> ReconciledDocument:
    """Return `doc` with `corrections` (its own) applied.

    A correction for a progress report the copies did not yield adds that report when
    it lies between the document's first and last reports (a row every copy lost); any
    other report number is a UsageError naming the correction's file and line.
    """
    if not corrections:
        return doc
    fields = correct_fields(doc.fields, corrections)
    reports = {r.report_no: r for r in doc.reports}
    for c in corrections:
        if c.report_no is None:
            continue
        if c.report_no not in reports and not (reports and min(reports) < c.report_no < max(reports)):
            have = f"reports {min(reports)} to {max(reports)}" if reports else "no progress reports"
            raise UsageError(f"{c.where}: {doc.doc_id} has no report {c.report_no} ({have}); a correction "
                             "may fill a report missing between two others, not add one")
        rep = reports.get(c.report_no) or ReconciledReport(c.report_no, {}, 0)
        rep_fields = dict(rep.fields)
        rep_fields[c.field] = _corrected(rep_fields.get(c.field), c.field, c.value)
        reports[c.report_no] = replace(rep, fields=rep_fields)
    return replace(doc, fields=fields, reports=tuple(reports[n] for n in sorted(reports)))


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Return [start, end) grown to whole runs of Thai letters, so a mapping never names
    a fragment of a word."""
    for run in _THAI_RUN.finditer(text):
        if run.start() <= start <= run.end() or run.start() <= end <= run.end():
            start, end = min(start, run.start()), max(end, run.end())
    return start, end


def learned_mappings(resolved: Resolved) -> list[tuple[str, str]]:
    """Return (wrong, right) pairs for a corrected text value whose error every copy shared.

    The voted and corrected values are compared character by character; each changed
    stretch is widened to whole Thai words and kept only when every witness's reading
    contains the wrong words (a shared, systematic misreading, not a lost vote) and the
    wrong side has at least MIN_LEARNED_CHARS characters.
    """
    wrong_text, right_text = resolved.voted, resolved.value
    if resolved.rule != HUMAN or not isinstance(wrong_text, str) or not isinstance(right_text, str):
        return []
    readings = [str(c.value) for c in resolved.candidates]
    pairs = []
    matcher = difflib.SequenceMatcher(None, wrong_text, right_text, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        a1, a2 = _widen(wrong_text, i1, i2)
        b1, b2 = j1 - (i1 - a1), j2 + (a2 - i2)
        wrong, right = wrong_text[a1:a2].strip(), right_text[b1:b2].strip()
        if len(wrong) >= MIN_LEARNED_CHARS and right and wrong != right and readings \
                and all(wrong in r for r in readings):
            pairs.append((wrong, right))
    return pairs


def _check_cell_counts(path: Path) -> None:
    """Raise a UsageError naming the line of the corrections file whose row has more cells
    than its header: a value holding a comma not in double quotes ("1,000") splits in
    two, which pandas reads as a row shifted by one (the first row) or cannot read at
    all (a later one). A row with fewer cells, or a blank one, is read as before."""
    import csv

    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = csv.reader(handle)
        header = next(rows, [])
        for row in rows:
            if len(row) > len(header) and any(cell.strip() for cell in row):
                raise UsageError(f"corrections {path}, line {rows.line_num}: {len(row)} cells where the header has "
                                 f"{len(header)}; put a value that holds a comma in double quotes (\"1,000\")")


def check_learn_file(path: str | Path) -> None:
    """Raise a one-line UsageError before any work when `path` (--learn) cannot take the
    mappings a run learns: a folder, a file in a folder that does not exist, or a place
    this user cannot write; found only at the end, the run's tables would be lost."""
    path = Path(path)
    where, folder = f"--learn {path}", path.parent
    if path.is_dir():
        raise UsageError(f"{where}: is a folder; name a dictionary file (.txt) to add the learned mappings to")
    if not folder.is_dir():
        raise UsageError(f"{where}: the folder {folder} does not exist")
    if not os.access(path if path.exists() else folder, os.W_OK):
        raise UsageError(f"{where}: cannot write there; name a file you can write to")


def learn(docs: Sequence[ReconciledDocument], path: str | Path) -> list[tuple[str, str]]:
    """Append to the dictionary file `path` a mapping line for each systematic error the
    corrections fixed (see learned_mappings) that the file does not hold yet; return them."""
    path = Path(path)
    existing = path.read_text(encoding="utf-8-sig") if path.exists() else ""
    have = {tuple(normalize_text(x) for x in ln.split("#", 1)[0].split("->", 1))
            for ln in existing.splitlines() if "->" in ln}
    new: list[tuple[str, str]] = []
    for doc in docs:
        for _, res in doc.values():
            for pair in learned_mappings(res):
                if pair not in have and pair not in new:
                    new.append(pair)
    if new:
        header = "" if existing else "# Mappings learned from corrections (thai-ocr-reconcile --learn).\n"
        sep = "" if not existing or existing.endswith("\n") else "\n"
        with path.open("a", encoding="utf-8") as handle:
            handle.write(header + sep + "".join(f"{w} -> {r}\n" for w, r in new))
    return new
