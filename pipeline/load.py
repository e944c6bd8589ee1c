"""Read the output tables back into pandas with the right types, in one call.

pandas (and Excel) guess a column's type from its cells: a phone "0812345678" becomes
the number 812345678 and a project code may lose its form. `read_tables(out_dir)` reads
the four CSV files with every text column as text (phones and codes keep their leading
zeros), whole numbers as nullable integers, amounts as floats, flags as booleans and
dates as datetime64, and takes back the apostrophe the spreadsheet guard put before a
text cell starting with = + - @ (pipeline.export.excel_safe).

A column's type is the one the run's template gave its field, as the datapackage.json
the run wrote beside the tables says (pipeline.datapackage): a folder carries its own
types, so reading it needs no template, even one a colleague made with another
`--template` (a new date field comes back as dates, a money field as numbers, a code as
text).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from .datapackage import read_kinds, table_kinds
from .export import _FORMULA_START, OUTPUT_FILES, TABLE_COLUMNS, Row, cell_text
from .template import Template, load_template

# The pandas dtype of each Table Schema type (pipeline.datapackage); a date column is
# read as text here and parsed by read_table.
PANDAS_DTYPES = {"integer": "Int64", "number": "Float64", "boolean": "boolean", "date": "string", "string": "string"}


def column_kinds(out_dir: str | Path, table: str, columns: Sequence[str]) -> dict[str, str]:
    """Return {column: Table Schema type} of one table of `out_dir`: what the
    datapackage.json the run wrote beside it says, so the columns of the template that
    run used come back typed; for a folder without one, the built-in template's types.
    A column neither names is text."""
    kinds = read_kinds(Path(out_dir), OUTPUT_FILES).get(table)
    if kinds is None:
        kinds = table_kinds(load_template(), {table: list(columns)})[table]
    return {c: kinds.get(c, "string") for c in columns}


def dtypes(table: str, columns: Sequence[str] | None = None, kinds: Mapping[str, str] | None = None) -> dict[str, str]:
    """Return {column: pandas dtype} for one output table ("documents", ...): what to
    pass as `dtype=` to pd.read_csv. `columns` are the table's (by default the built-in
    template's) and `kinds` their Table Schema types (column_kinds; by default the
    built-in template's). Dates are read as text here (parse them with `parse_dates=`,
    as read_table does)."""
    columns = TABLE_COLUMNS[table] if columns is None else columns
    if kinds is None:
        kinds = table_kinds(load_template(), {table: list(columns)})[table]
    return {c: PANDAS_DTYPES[kinds.get(c, "string")] for c in columns}


def _unguard(value: object) -> object:
    """Take back the apostrophe excel_safe put before a text cell that starts a formula."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def read_table(out_dir: str | Path, table: str) -> pd.DataFrame:
    """Return one output table (documents, progress_reports, variants or failures) of
    the folder `out_dir` with the types described in the module docstring, each
    column's type as the run's datapackage.json says (column_kinds)."""
    path = Path(out_dir) / OUTPUT_FILES[table]
    kinds = column_kinds(out_dir, table, list(pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns))
    return _typed_csv(path, table, kinds)


def _typed_csv(source: str | Path | io.StringIO, table: str, kinds: Mapping[str, str]) -> pd.DataFrame:
    """Return the CSV table at `source` read with the pandas type of each column's Table
    Schema type in `kinds` (dates parsed, the spreadsheet guard taken back)."""
    dates = [c for c, k in kinds.items() if k == "date"]
    frame = pd.read_csv(source, dtype={c: t for c, t in dtypes(table, list(kinds), kinds).items() if c not in dates},
                        parse_dates=dates, encoding="utf-8-sig", keep_default_na=False,
                        na_values={c: [""] for c in kinds})
    for column, kind in kinds.items():
        if kind == "string":
            frame[column] = frame[column].map(_unguard, na_action="ignore").astype("string")
    return frame


def typed_tables(rows: Mapping[str, Sequence[Row]], columns: Mapping[str, list[str]],
                 template: Template) -> dict[str, pd.DataFrame]:
    """Return a run's tables, from their rows (export.table_rows) in `columns`, as
    read_tables would read them back from its CSV files: each cell as the CSV holds it
    (export.cell_text), read with the column types the run's datapackage.json gives
    (`template`'s). So pipeline.api's tables and those read from the folder are equal,
    types included (a date as datetime64, money as Float64)."""
    kinds = table_kinds(template, {name: columns[name] for name in rows})
    typed = {}
    for name, table in rows.items():
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(columns[name])
        writer.writerows([cell_text(v) for v in row] for row in table)
        text.seek(0)
        typed[name] = _typed_csv(text, name, kinds[name])
    return typed


def read_tables(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Return every output table of `out_dir`, by name, typed (see read_table)."""
    return {table: read_table(out_dir, table) for table in OUTPUT_FILES}


def read_documents(out_dir: str | Path) -> pd.DataFrame:
    """Return documents.csv of `out_dir`, typed (see read_table)."""
    return read_table(out_dir, "documents")
