"""A run's form template decides its document columns: a template with other fields
gives documents.csv other columns, read and written by the same run."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.api import reconcile
from pipeline.ingest import text_lines
from pipeline.load import read_tables
from pipeline.segment import split_witnesses
from pipeline.template import TEMPLATE_DIR

CODE_LINE = "รหัสโครงการ... : 50210000-3491"


@pytest.fixture
def custom_template(tmp_path: Path) -> Path:
    """The default template with one more field (a contract number under the project
    code) and the indicator field renamed."""
    text = (TEMPLATE_DIR / "bma_progress_report.toml").read_text(encoding="utf-8")
    code_field = '{ name = "project_code", labels = ["รหัสโครงการ"], type = "project_code" },'
    indicator = '{ name = "indicator", labels = ["ตัวชี้วัด"], type = "text" },'
    assert code_field in text and indicator in text
    text = text.replace(code_field, code_field + '\n    { name = "contract_no", labels = ["เลขที่สัญญา"], type = "text" },')
    text = text.replace(indicator, indicator.replace('"indicator"', '"kpi"'))
    path = tmp_path / "with_contract.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def copy_with_contract(template, seed_text: str, tmp_path: Path) -> Path:
    """The seed's first copy with a contract number printed under its project code."""
    second_copy_starts = split_witnesses(text_lines(seed_text, "s"), template)[1].start.line - 1
    first_copy = "".join(seed_text.splitlines(keepends=True)[:second_copy_starts])
    assert CODE_LINE in first_copy
    path = tmp_path / "inputs" / "copy.txt"
    path.parent.mkdir()
    path.write_text(first_copy.replace(CODE_LINE, CODE_LINE + "\n\nเลขที่สัญญา : 12/2564"), encoding="utf-8")
    return path


def test_documents_have_the_columns_of_the_template_the_run_used(custom_template, copy_with_contract, tmp_path):
    written = reconcile([copy_with_contract], tmp_path / "out", template=str(custom_template), use_lm=False,
                        keep_tables=False, report=False)
    kept = reconcile([copy_with_contract], tmp_path / "kept", template=str(custom_template), use_lm=False,
                     keep_tables=True, report=False)
    documents = read_tables(tmp_path / "out")["documents"]
    for columns in (list(documents.columns), list(kept.documents.columns)):
        assert columns.index("contract_no") == columns.index("project_code") + 1
        assert "kpi" in columns and "indicator" not in columns
    assert written.n_documents == 1 and documents.loc[0, "contract_no"] == "12/2564"
    assert kept.documents.loc[0, "contract_no"] == "12/2564"
    assert documents.loc[0, "kpi"] == kept.documents.loc[0, "kpi"] and documents.loc[0, "kpi"]
