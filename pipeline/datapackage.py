"""Say what type each output column holds, in a file beside the CSV files.

A run's template decides its columns and their value types (a date field, an amount of
baht, a code), and a reader of the output folder may not know which template the run
used. The run therefore writes datapackage.json beside the tables: a Frictionless Data
Package whose Table Schema gives every column one of the types string, integer,
number, boolean or date (https://specs.frictionlessdata.io/table-schema/), which
pipeline.load reads back, and which other Data Package readers understand too.
"""

from __future__ import annotations

import json
from pathlib import Path

from .template import Template

PACKAGE_FILE = "datapackage.json"

# The Table Schema type of each template value type that is not text.
VALUE_KINDS = {"be_year": "integer", "money": "number", "percent": "number", "date": "date"}
# The types of the columns every run writes, whatever its template.
FIXED_KINDS = {
    "report_no": "integer", "n_witnesses": "integer", "page": "integer",
    "min_confidence": "number", "confidence": "number", "needs_review": "boolean",
}


def table_kinds(template: Template, columns: dict[str, list[str]]) -> dict[str, dict[str, str]]:
    """Return {table: {column: Table Schema type}} for the tables `columns` lists (see
    export.table_columns) of a run with `template`: a template field's type decides its
    column's (codes, phones and names are strings), then the fixed columns', then string."""
    own = {
        "documents": template.field_types,
        "progress_reports": {template.grouping.key: template.field_types[template.grouping.key],
                             **template.report_field_types},
    }
    out: dict[str, dict[str, str]] = {}
    for table, names in columns.items():
        types = own.get(table, {})
        out[table] = {c: VALUE_KINDS.get(types[c], "string") if c in types else FIXED_KINDS.get(c, "string")
                      for c in names}
    return out


def package_json(kinds: dict[str, dict[str, str]], files: dict[str, str]) -> str:
    """Return the text of datapackage.json: one tabular resource per table (its CSV file
    in `files`), with the columns and types of `kinds`."""
    resources = [
        {"name": table, "path": files[table], "profile": "tabular-data-resource",
         "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
         "schema": {"fields": [{"name": c, "type": k} for c, k in columns.items()]}}
        for table, columns in kinds.items()
    ]
    package = {"name": "thai-ocr-reconcile-output", "profile": "tabular-data-package", "resources": resources}
    return json.dumps(package, ensure_ascii=False, indent=1) + "\n"


def read_kinds(out_dir: Path, files: dict[str, str]) -> dict[str, dict[str, str]]:
    """Return {table: {column: type}} from the datapackage.json in `out_dir`, for the
    tables whose CSV file (`files`) it describes; {} when there is none or it cannot be
    read (a folder written before runs wrote one, or by hand)."""
    try:
        package = json.loads((Path(out_dir) / PACKAGE_FILE).read_text(encoding="utf-8"))
        by_path = {r["path"]: r["schema"]["fields"] for r in package["resources"]}
        return {table: {f["name"]: f.get("type", "string") for f in by_path[path]}
                for table, path in files.items() if path in by_path}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
