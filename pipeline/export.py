"""Turn reconciled documents into the four output tables and write them as CSV.

CSV files are UTF-8 with a BOM (so Excel shows Thai), written atomically (a temporary
file in the same folder, then renamed), and guarded against formula injection as the
OWASP "CSV Injection" page advises: a text cell that starts with = + - @, a tab or a
carriage return gets a leading apostrophe, so a spreadsheet shows it as text instead of
running it as a formula. A cell that is a number ("-5", "+1.5") is left as it is, and
only text cells are touched: numeric columns never are. `raw=True` (`--raw-csv`) writes
every cell exactly as it is, for programs that read the CSV (pandas, a database load)
and would otherwise see the apostrophe.
"""

from __future__ import annotations

import csv
import json
import math
import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .atomic import open_beside, publish
from .datapackage import PACKAGE_FILE, package_json, table_kinds
from .errors import UsageError
from .model import Dispute, Failure, Option, ReconciledDocument, Resolved
from .template import Template, load_template

if TYPE_CHECKING:
    import pandas as pd

VARIANT_COLUMNS = ["doc_id", "field", "report_no", "value", "confidence", "rule", "votes", "needs_review"]
FAILURE_COLUMNS = ["source", "page", "stage", "error"]
SUMMARY_COLUMNS = ["n_witnesses", "min_confidence", "needs_review"]
NEEDS_REVIEW_AT = -2  # where needs_review is in a documents row, whatever the template (table_columns)


def table_columns(template: Template) -> dict[str, list[str]]:
    """Return {table: its columns, in order} for a run that read its copies with
    `template`: documents.csv has a column for each document field the template reads, in
    its printed order; progress_reports.csv names each row's report by the template's
    key field (its GroupingSpec: the project code), then has the template's progress-report
    columns ([progress.fields])."""
    return {
        "documents": ["doc_id", *template.document_fields, *SUMMARY_COLUMNS, "sources"],
        "progress_reports": ["doc_id", template.grouping.key, "report_no", *template.report_fields,
                             *SUMMARY_COLUMNS],
        "variants": VARIANT_COLUMNS,
        "failures": FAILURE_COLUMNS,
    }


def checked_columns(template: Template, origin: str = "") -> dict[str, list[str]]:
    """Return table_columns(template), or raise a UsageError naming the template (its file,
    `origin`, when given) when a field of it is named like a column every run writes
    (doc_id, report_no, n_witnesses, min_confidence, needs_review, sources: its values
    would sit beside the run's own under one name) or a table would have two columns of
    one name (a progress-report column named like the grouping key)."""
    columns = table_columns(template)
    where = f"template {origin or template.name}"
    reserved = {"doc_id", "report_no", *SUMMARY_COLUMNS, "sources"}
    clash = sorted(reserved.intersection([*template.document_fields, *template.report_fields]))
    if clash:
        raise UsageError(f"{where}: a field is named {', '.join(clash)}, like a column every run writes; "
                         "give the field another name")
    for table, names in columns.items():
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise UsageError(f"{where}: {OUTPUT_FILES[table]} would have two columns named "
                             f"{', '.join(twice)}; give the template's field another name")
    return columns


TABLE_COLUMNS = table_columns(load_template())  # the default template's: the CSV contract
OUTPUT_FILES = {
    "documents": "documents.csv",
    "progress_reports": "progress_reports.csv",
    "variants": "variants.csv",
    "failures": "failures.csv",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# One encoder for every value's evidence (json.dumps makes one a call); the evidence is
# tuples and dicts of plain values, never one inside itself, so no cycle is looked for.
_JSON = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def _option_json(option: Option) -> dict[str, Any]:
    """An option as JSON: its text and only what is known of it (tuples are JSON arrays)."""
    out: dict[str, Any] = {"text": option.text}
    if option.weight is not None:
        out["weight"] = option.weight
    if option.witnesses is not None:
        out["witnesses"] = option.witnesses
    if option.score is not None:
        out["score"] = option.score
    if option.posterior is not None:
        out["posterior"] = option.posterior
    return out


def _dispute_json(d: Dispute) -> dict[str, Any]:
    return {"at": d.at, "chosen": d.chosen, "rule": d.rule, "options": [_option_json(o) for o in d.options]}


def votes_json(res: Resolved) -> str:
    """Return the evidence of one value as JSON: every distinct reading, for free text
    every stretch where the copies disagreed, any reading set aside as impossible, and
    when a mapping or a person replaced the voted value, that value and what changed."""
    return _JSON.encode(
        {
            "readings": [
                {"value": c.value, "weight": round(c.weight, 4), "dictionary": round(c.bonus, 4), "witnesses": c.witnesses}
                for c in res.candidates
            ],
            "disputes": [_dispute_json(d) for d in res.disputes],
            **({"set_aside": [{"value": s.value, "witness": s.witness, "reason": s.reason} for s in res.set_aside]}
               if res.set_aside else {}),
            **({"mapped": [{"wrong": m.wrong, "right": m.right, "at": m.at} for m in res.mapped]} if res.mapped else {}),
            **({"voted": res.voted} if res.voted is not None else {}),
            **({"warnings": res.warnings} if res.warnings else {}),
        },
    )


def _summary(resolved: Sequence[Resolved]) -> tuple[float | None, bool]:
    if not resolved:
        return None, True
    return min(r.confidence for r in resolved), any(r.needs_review for r in resolved)


Row = tuple[Any, ...]  # one row of a table, its cells in the table's column order


def tables(
    docs: Sequence[ReconciledDocument], failures: Sequence[Failure], template: Template | None = None,
) -> dict[str, pd.DataFrame]:
    """Return the four output tables (documents, progress_reports, variants, failures),
    with the columns of `template`, the one the copies were read with (table_columns;
    None: the default template)."""
    template = template or load_template()
    return frames_of(table_rows(docs, failures, template), table_columns(template))


def frames_of(rows: dict[str, list[Row]], columns: dict[str, list[str]] | None = None) -> dict[str, pd.DataFrame]:
    """Return the tables of `rows` (table_rows) as DataFrames with `columns` (table_columns;
    None: the default template's), report and page numbers as nullable integers."""
    import pandas as pd  # here, not at start-up: a run's first pages go out sooner

    columns = columns or TABLE_COLUMNS
    frames = {name: pd.DataFrame(rows.get(name, []), columns=columns[name]) for name in columns}
    for name in ("progress_reports", "variants"):
        frames[name]["report_no"] = frames[name]["report_no"].astype("Int64")
    frames["failures"]["page"] = frames["failures"]["page"].astype("Int64")
    return frames


def table_rows(
    docs: Sequence[ReconciledDocument], failures: Sequence[Failure], template: Template | None = None,
) -> dict[str, list[Row]]:
    """Return the rows of the four output tables, as plain tuples: what TableWriter writes
    without building a DataFrame (the same CSV text, as cell_text formats a cell by its
    value, never by its column's type), in the columns of `template` (None: the default)."""
    template = template or load_template()
    key, doc_fields, report_fields = template.grouping.key, template.document_fields, template.report_fields
    doc_rows, report_rows, variant_rows = [], [], []
    for doc in docs:
        code = doc.fields[key].value if key in doc.fields else None
        min_conf, review = _summary([res for _, res in doc.values()])
        doc_rows.append((doc.doc_id, *(doc.fields[f].value if f in doc.fields else None for f in doc_fields),
                         len(doc.witnesses), min_conf, review, "; ".join(doc.sources)))
        for name, res in doc.fields.items():
            variant_rows.append(_variant_row(doc.doc_id, name, None, res))
        for rep in doc.reports:
            rep_conf, rep_review = _summary(list(rep.fields.values()))
            report_rows.append((doc.doc_id, code, rep.report_no,
                                *(rep.fields[f].value if f in rep.fields else None for f in report_fields),
                                rep.n_witnesses, rep_conf, rep_review))
            for name, res in rep.fields.items():
                variant_rows.append(_variant_row(doc.doc_id, name, rep.report_no, res))
    failure_rows = [(f.source, f.page, f.stage, f.error) for f in failures]
    return {"documents": doc_rows, "progress_reports": report_rows, "variants": variant_rows, "failures": failure_rows}


def _variant_row(doc_id: str, field: str, report_no: int | None, res: Resolved) -> Row:
    return doc_id, field, report_no, res.value, res.confidence, res.rule, votes_json(res), res.needs_review


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text  # " -5" is no number to Excel, and its tab or CR could start a formula


def excel_safe(value: Any) -> Any:
    """Return a cell value that a spreadsheet will not run as a formula: text starting
    with = + - @, a tab or a carriage return gets a leading apostrophe (OWASP); numbers,
    "-5" as text included, and every other value are returned unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def _is_pandas_na(value: Any) -> bool:
    """Return whether `value` is pandas' NA; none can be before pandas is imported."""
    pandas = sys.modules.get("pandas")
    return pandas is not None and value is pandas.NA


def cell_text(value: Any, raw: bool = False) -> str:
    """Return the CSV text of one cell, the same whatever else is in its column: empty for
    a missing value, a whole number without ".0", other numbers as Python prints them,
    text spreadsheet-safe (excel_safe) unless `raw`. Writing cells this way, not by
    pandas' column types, keeps a table written in batches identical to one written whole."""
    if type(value) is str:  # most cells: text first
        return value if raw or not value.startswith(_FORMULA_START) else excel_safe(value)
    if value is None or _is_pandas_na(value) or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value)
    return text if raw else excel_safe(text)


def check_out_dir(out_dir: Path) -> None:
    """Make the output folder, and raise a one-line UsageError before any work when it
    cannot hold the tables: the name of an existing file, or a folder not writable."""
    where = f"--out {out_dir}"
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{where}: is a file, not a folder; name a folder for the output tables")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        tmp, handle = open_beside(out_dir / "documents.csv")
        handle.close()
        tmp.unlink()
    except OSError as exc:
        raise UsageError(f"{where}: cannot write there ({exc.strerror or exc}); name a folder you can write to") from exc


def held_file(path: Path) -> bool:
    """True when `path` exists but cannot be replaced: read-only (as Windows treats a file
    open in Excel), or not a file at all."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return False
    return not stat.S_ISREG(mode) or not mode & stat.S_IWUSR


class TableWriter:
    """The output tables of one run, appended in batches of rows and published at the end,
    with datapackage.json, the types of their columns (pipeline.datapackage).

    Each table goes to a temporary file beside its CSV; `commit` renames them all, so a
    reader sees the old outputs or the complete new ones, never a half-written file, and
    a run that stops early (Ctrl-C, a crash) leaves the previous outputs as they were.
    The tables are published together or not at all: when one of them cannot be
    replaced, none is, and the error names the file that is held. `columns` defaults to
    `template`'s (table_columns), and the template (default: the built-in one) gives
    the columns' types.
    """

    def __init__(self, out_dir: Path, raw: bool = False, columns: dict[str, list[str]] | None = None,
                 template: Template | None = None):
        self.out_dir, self.raw = Path(out_dir), raw
        template = template or load_template()
        self.columns = columns or table_columns(template)
        self.package = package_json(table_kinds(template, self.columns), OUTPUT_FILES)
        check_out_dir(self.out_dir)
        self._files: dict[str, tuple[Path, Any, Any]] = {}
        self.rows = {name: 0 for name in OUTPUT_FILES}
        for name, filename in OUTPUT_FILES.items():
            tmp, handle = open_beside(self.out_dir / filename, encoding="utf-8-sig", newline="")
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(self.columns[name])
            self._files[name] = (tmp, handle, writer)

    def append(self, frames: dict[str, pd.DataFrame]) -> None:
        """Append the rows of each table in `frames` (any subset of the four), whose
        columns must be those the writer was made with (a table of another template's
        columns would put its values under the wrong heads)."""
        for name, frame in frames.items():
            if list(frame.columns) != self.columns[name]:
                raise ValueError(f"{name}: rows with columns {list(frame.columns)} for a table of {self.columns[name]}")
        self.append_rows({name: list(frame.itertuples(index=False, name=None)) for name, frame in frames.items()})

    def append_rows(self, rows: dict[str, list[Row]]) -> None:
        """Append rows of each table in `rows` (any subset of the four; see table_rows),
        their cells in the order of the writer's columns."""
        raw = self.raw
        for name, table in rows.items():
            _, _, writer = self._files[name]
            writer.writerows([cell_text(v, raw) for v in row] for row in table)
            self.rows[name] += len(table)

    def commit(self) -> dict[str, Path]:
        """Publish every table and datapackage.json; return {table: path, "package": path}.
        First each target is checked
        (held_file); then each is renamed into place, the old file kept as a hard link
        until all are, so a rename that still fails puts back the ones made before it."""
        tmp, handle = open_beside(self.out_dir / PACKAGE_FILE)
        handle.write(self.package)
        self._files["package"] = (tmp, handle, None)
        targets = {name: self.out_dir / OUTPUT_FILES.get(name, PACKAGE_FILE) for name in self._files}
        held = [path for path in targets.values() if held_file(path)]
        if held:
            self.abort()
            raise UsageError(f"{held[0]}: cannot be replaced (read-only, or open in another program such as Excel); "
                             "no output table was replaced: close it or make it writable and run again")
        backups: dict[Path, Path] = {}
        done: list[Path] = []
        try:
            for name, (tmp, handle, _) in self._files.items():
                backups.update(_backup(targets[name]))
                publish(tmp, handle, targets[name])
                done.append(targets[name])
        except OSError as exc:
            for path in done:
                if path in backups:
                    os.replace(backups.pop(path), path)
                else:
                    path.unlink(missing_ok=True)
            failed = next(p for p in targets.values() if p not in done)
            self.abort()
            raise UsageError(f"{failed}: cannot be replaced ({exc.strerror or exc}); no output table was replaced") from exc
        finally:
            for backup in backups.values():
                backup.unlink(missing_ok=True)
        self._files.clear()
        return targets

    def abort(self) -> None:
        """Drop the unfinished tables; the previous outputs stay."""
        for tmp, handle, _ in self._files.values():
            handle.close()
            tmp.unlink(missing_ok=True)
        self._files.clear()


def _backup(path: Path) -> dict[Path, Path]:
    """Hard-link the current `path` beside it; return {path: link} ({} when there is no
    file, or the file system has no hard links)."""
    if not path.exists():
        return {}
    link = path.with_name(f".{path.name}.{os.getpid()}.old")
    try:
        link.unlink(missing_ok=True)
        os.link(path, link)
    except OSError:
        return {}
    return {path: link}


def write_outputs(frames: dict[str, pd.DataFrame], out_dir: Path, raw: bool = False,
                  template: Template | None = None) -> dict[str, Path]:
    """Write every table to its CSV file in `out_dir`, under the columns it has, with
    datapackage.json (the columns' types, by `template`: the one the tables were made
    with); return {table: path, "package": path}. `raw` turns the spreadsheet guard off
    (see the module docstring)."""
    writer = TableWriter(out_dir, raw, {**TABLE_COLUMNS, **{name: list(f.columns) for name, f in frames.items()}},
                         template)
    try:
        writer.append(frames)
        return writer.commit()
    except BaseException:
        writer.abort()
        raise
