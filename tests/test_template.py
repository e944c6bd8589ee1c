"""A run's form template decides its document columns: a template with other fields
gives documents.csv other columns, read and written by the same run."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.api import reconcile
from pipeline.errors import UsageError
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


NAME_LINE = "ชื่อโครงการ/กิจกรรม : โครงการพัฒนาคุณภาพเครือข่ายโรงเรียน"


def _grouped_by_contract(template_path: Path, identity: str = '["project_name"]') -> Path:
    text = template_path.read_text(encoding="utf-8")
    grouping = 'key = "project_code"\nname = "project_name"\nidentity = ["project_name", "agency", "responsible_name"]'
    assert grouping in text
    path = template_path.with_name("grouped_by_contract.toml")
    path.write_text(text.replace(grouping, f'key = "contract_no"\nname = "project_name"\nidentity = {identity}'),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("jobs", [1, 2])
def test_copies_are_grouped_by_the_key_field_the_template_names(custom_template, copy_with_contract, tmp_path,
                                                                 monkeypatch, jobs):
    """In one process, and with a pool's workers reading the copies and reconciling the report."""
    from pipeline import batches, executor, run

    monkeypatch.setattr(run, "COPIES_PER_TASK", 1)
    monkeypatch.setattr(batches, "POOL_BATCH_DOCUMENTS", 1)
    made: list[executor.Executor] = []
    make = executor.make_executor
    monkeypatch.setattr(run, "make_executor", lambda *a, **k: made.append(make(*a, **k)) or made[-1])
    text = copy_with_contract.read_text(encoding="utf-8")
    assert NAME_LINE in text
    (copy_with_contract.parent / "other_code.txt").write_text(text.replace("50210000-3491", "70990000-1234"),
                                                              encoding="utf-8")
    (copy_with_contract.parent / "no_code_no_name.txt").write_text(
        text.replace(CODE_LINE, "").replace(NAME_LINE, ""), encoding="utf-8")
    (copy_with_contract.parent / "same_code_other_contract.txt").write_text(text.replace("12/2564", "47/2570"),
                                                                            encoding="utf-8")
    result = reconcile([copy_with_contract.parent], tmp_path / "out", template=str(_grouped_by_contract(custom_template)),
                       use_lm=False, report=False, jobs=jobs)
    assert isinstance(made[0], executor.LocalPool) == (jobs > 1)
    assert result.n_witnesses == 4 and list(result.documents["doc_id"]) == ["12/2564", "47/2570"]
    assert list(result.documents["n_witnesses"]) == [3, 1] and result.failures.empty
    reports = read_tables(tmp_path / "out")["progress_reports"]
    assert list(reports.columns[:3]) == ["doc_id", "contract_no", "report_no"]
    assert set(reports["contract_no"]) == {"12/2564", "47/2570"}


def test_a_grouping_field_the_template_does_not_read_is_a_usage_error(custom_template, copy_with_contract, tmp_path):
    bad = _grouped_by_contract(custom_template, identity='["project_name", "budget"]')
    with pytest.raises(UsageError, match=r"\[grouping\] names budget, which the template does not read"):
        reconcile([copy_with_contract], tmp_path / "out", template=str(bad), use_lm=False, report=False)


def test_the_default_template_groups_by_project_code_and_name(template):
    assert (template.grouping.key, template.grouping.match_fields) == ("project_code", ("project_code", "project_name"))
    assert template.grouping.fields == ("project_code", "project_name", "agency", "responsible_name")
