"""Read the output tables back into pandas with the right types, in one call.

pandas (and Excel) guess a column's type from its cells: a phone "0812345678" becomes
the number 812345678 and a project code may lose its form. `read_tables(out_dir)` reads
the four CSV files with every text column as text (phones and codes keep their leading
zeros), whole numbers as nullable integers, amounts as floats, flags as booleans and
dates as datetime64, and takes back the apostrophe the spreadsheet guard put before a
text cell starting with = + - @ (pipeline.export.excel_safe).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .export import _FORMULA_START, OUTPUT_FILES, TABLE_COLUMNS

INTEGER_COLUMNS = frozenset({"fiscal_year_be", "report_no", "n_witnesses", "page"})
FLOAT_COLUMNS = frozenset({"budget_baht", "spent_baht", "progress_pct", "min_confidence", "confidence"})
BOOLEAN_COLUMNS = frozenset({"needs_review"})
DATE_COLUMNS = frozenset({"start_date", "end_date", "report_date"})


def dtypes(table: str, columns: Sequence[str] | None = None) -> dict[str, str]:
    """Return {column: pandas dtype} for one output table ("documents", ...): what to
    pass as `dtype=` to pd.read_csv. `columns` are the table's (by default the default
    template's; a run with another template has other document columns, each text unless
    named below). Dates are read as text here (parse them with `parse_dates=`, as
    read_table does)."""
    out = {}
    for column in TABLE_COLUMNS[table] if columns is None else columns:
        if column in INTEGER_COLUMNS:
            out[column] = "Int64"
        elif column in FLOAT_COLUMNS:
            out[column] = "Float64"
        elif column in BOOLEAN_COLUMNS:
            out[column] = "boolean"
        else:
            out[column] = "string"
    return out


def _unguard(value: object) -> object:
    """Take back the apostrophe excel_safe put before a text cell that starts a formula."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def read_table(out_dir: str | Path, table: str) -> pd.DataFrame:
    """Return one output table (documents, progress_reports, variants or failures) of
    the folder `out_dir` with the types described in the module docstring."""
    path = Path(out_dir) / OUTPUT_FILES[table]
    types = dtypes(table, list(pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns))
    dates = [c for c in types if c in DATE_COLUMNS]
    frame = pd.read_csv(path, dtype={c: t for c, t in types.items() if c not in DATE_COLUMNS},
                        parse_dates=dates, encoding="utf-8-sig", keep_default_na=False,
                        na_values={c: [""] for c in types})
    for column, kind in types.items():
        if kind == "string" and column not in DATE_COLUMNS:
            frame[column] = frame[column].map(_unguard, na_action="ignore").astype("string")
    return frame


def read_tables(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Return every output table of `out_dir`, by name, typed (see read_table)."""
    return {table: read_table(out_dir, table) for table in OUTPUT_FILES}


def read_documents(out_dir: str | Path) -> pd.DataFrame:
    """Return documents.csv of `out_dir`, typed (see read_table)."""
    return read_table(out_dir, "documents")
