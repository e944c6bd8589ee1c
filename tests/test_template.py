"""A run's form template decides its document columns: a template with other fields
gives documents.csv other columns, read and written by the same run."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from pandas.api.types import is_datetime64_any_dtype as is_datetime
import pytest

from pipeline.api import reconcile
from pipeline.errors import UsageError
from pipeline.ingest import text_lines
from pipeline.load import read_tables
from pipeline.segment import split_witnesses
from pipeline.template import TEMPLATE_DIR, load_template

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
    from pipeline import batches, copies, executor, executor_choice, run

    monkeypatch.setattr(copies, "COPIES_PER_TASK", 1)
    monkeypatch.setattr(batches, "POOL_BATCH_DOCUMENTS", 1)
    made: list[executor.Executor] = []
    make = executor_choice.make_executor
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
    assert isinstance(made[0], executor.LocalPool) and made[0].jobs == jobs
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
    assert template.grouping.fields == ("project_code", "project_name", "agency", "responsible_name", "fiscal_year_be")
    assert template.grouping.period == "fiscal_year_be"


def test_a_template_without_grouping_or_a_fiscal_year_groups_by_code_alone(tmp_path):
    """A template that leaves out [grouping] takes the default's, but not a period it
    does not read: the default's fiscal year would make the template fail to load."""
    text = (TEMPLATE_DIR / "bma_progress_report.toml").read_text(encoding="utf-8")
    year = '    { name = "fiscal_year_be", labels = ["ปีงบประมาณ พ.ศ.", "ปีงบประมาณ"], type = "be_year" },\n'
    assert year in text and "\n[grouping]\n" in text
    head, rest = text.replace(year, "").split("\n[grouping]\n")
    path = tmp_path / "no_year.toml"
    path.write_text(head + "\n" + rest[rest.index("\n["):], encoding="utf-8")
    grouping = load_template(str(path)).grouping
    assert (grouping.key, grouping.identity, grouping.period) == (
        "project_code", ("project_name", "agency", "responsible_name"), None)


CONTRACT_CODE = 'type = "code", pattern = \'\\d{1,4}/\\d{4}\''


def _rich_template(path: Path, contract_type: str = CONTRACT_CODE) -> Path:
    """The default template with fields of its own (a contract number, by default a code
    with its pattern; a signing date; an amount), the project's dates renamed and named
    as the report window, and the progress-report columns renamed and reordered (the
    narrative first)."""
    text = (TEMPLATE_DIR / "bma_progress_report.toml").read_text(encoding="utf-8")
    code_field = '{ name = "project_code", labels = ["รหัสโครงการ"], type = "project_code" },'
    own = [f'{{ name = "contract_no", labels = ["เลขที่สัญญา"], {contract_type} }},',
           '{ name = "signed_on", labels = ["วันที่ลงนาม"], type = "date" },',
           '{ name = "contract_baht", labels = ["วงเงินสัญญา"], type = "money" },']
    columns = ('[progress.fields]\nreport_date = "date"\nprogress_pct = "progress"\nspent_baht = "spent"\n'
               'plan_status = "plan_status"\ntarget_status = "target_status"\nnarrative = "narrative"\n')
    renamed = ('[progress.fields]\nnarrative = "narrative"\nfiled_on = "date"\npercent_done = "progress"\n'
               'paid_baht = "spent"\nplan_status = "plan_status"\ntarget_status = "target_status"\n')
    window = 'window = ["start_date", "end_date"]'
    for old in (code_field, columns, window, 'name = "start_date"', 'name = "end_date"'):
        assert text.count(old) == 1, old
    text = text.replace(code_field, "\n    ".join([code_field, *own])).replace(columns, renamed)
    text = text.replace(window, 'window = ["begins_on", "ends_on"]')
    text = text.replace('name = "start_date"', 'name = "begins_on"').replace('name = "end_date"', 'name = "ends_on"')
    path.write_text(text, encoding="utf-8")
    return path


FIRST_REPORT_DATE = ":: 26/10/2563 :"


def _rich_run(tmp: Path, seed_text: str, contract_type: str):
    """Return (template path, result, out folder) of a run with a rich template on three
    copies of the seed's first report: one reads its first report's date as printed
    (2020), two read a year's digit wrong (2023, a year after the project ended). The
    first copy has the contract lines."""
    from pipeline.template import load_template

    template_path = _rich_template(tmp / "rich.toml", contract_type)
    second_copy_starts = split_witnesses(text_lines(seed_text, "s"), load_template())[1].start.line - 1
    first_copy = "".join(seed_text.splitlines(keepends=True)[:second_copy_starts])
    assert first_copy.count(CODE_LINE) == 1 and first_copy.count(FIRST_REPORT_DATE) == 1
    inputs = tmp / "inputs"
    inputs.mkdir()
    contract = "\n\nเลขที่สัญญา : สัญญาจ้างเลขที่ 0012/2564 (แนบท้าย)\n\nวันที่ลงนาม : 15/01/2564\n\nวงเงินสัญญา : 85,500.50 บาท"
    (inputs / "a.txt").write_text(first_copy.replace(CODE_LINE, CODE_LINE + contract), encoding="utf-8")
    misread = first_copy.replace(FIRST_REPORT_DATE, ":: 26/10/2566 :")
    (inputs / "b.txt").write_text(misread, encoding="utf-8")
    # Not the same text twice, which a run counts once: one more misreading elsewhere.
    (inputs / "c.txt").write_text(misread.replace("ได้รับอนุมัติแล้ว", "ได้รับอนุมัตีแล้ว"), encoding="utf-8")
    result = reconcile([inputs], tmp / "out", template=str(template_path), use_lm=False, report=False)
    assert result.n_witnesses == 3 and result.n_documents == 1 and result.failures.empty
    return template_path, result, tmp / "out"


@pytest.fixture(scope="module")
def rich_run(tmp_path_factory, seed_text: str):
    """The run of _rich_run with the contract number read as text."""
    return _rich_run(tmp_path_factory.mktemp("rich"), seed_text, 'type = "text"')


@pytest.fixture(scope="module")
def code_run(tmp_path_factory, seed_text: str):
    """The run of _rich_run with the contract number read as a code, by its pattern."""
    return _rich_run(tmp_path_factory.mktemp("code"), seed_text, CONTRACT_CODE)


def test_progress_report_columns_are_the_templates(rich_run):
    _, result, out = rich_run
    reports = read_tables(out)["progress_reports"]
    assert list(reports.columns) == ["doc_id", "project_code", "report_no", "narrative", "filed_on", "percent_done",
                                     "paid_baht", "plan_status", "target_status", "n_witnesses", "min_confidence",
                                     "needs_review"]
    assert list(result.progress_reports.columns) == list(reports.columns)
    assert reports.loc[0, "percent_done"] == 5 and reports.loc[0, "narrative"].startswith("อยู่ระหว่าง")
    variants = read_tables(out)["variants"]
    assert {"filed_on", "percent_done", "paid_baht"} <= set(variants["field"])
    assert not {"report_date", "progress_pct"} & set(variants["field"])


def test_the_fields_the_template_names_bound_a_reports_date(rich_run):
    _, result, _ = rich_run
    first = result.reconciled[0].reports[0].fields["filed_on"]
    assert first.value == "2020-10-26" and first.needs_review
    assert sorted(s.value for s in first.set_aside) == ["2023-10-26", "2023-10-26"]
    assert "outside the project's dates (2020-07-31 to 2022-09-30)" in first.set_aside[0].reason


def test_a_code_field_is_read_by_its_pattern_and_loads_as_text(code_run):
    docs = read_tables(code_run[2])["documents"]
    assert docs.loc[0, "contract_no"] == "0012/2564" and docs["contract_no"].dtype == "string"
    assert code_run[1].documents.loc[0, "contract_no"] == "0012/2564"


def test_each_new_field_loads_with_its_type(rich_run):
    tables = read_tables(rich_run[2])
    docs, reports = tables["documents"], tables["progress_reports"]
    assert docs.loc[0, "contract_no"] == "สัญญาจ้างเลขที่ 0012/2564 (แนบท้าย)" and docs["contract_no"].dtype == "string"
    assert docs.loc[0, "signed_on"] == pd.Timestamp("2021-01-15") and is_datetime(docs["begins_on"])
    assert docs.loc[0, "contract_baht"] == 85500.5 and docs["contract_baht"].dtype == "Float64"
    assert docs["responsible_phone"].dtype == "string"
    assert is_datetime(reports["filed_on"]) and reports["percent_done"].dtype == "Float64"
    assert reports["paid_baht"].dtype == "Float64" and reports["report_no"].dtype == "Int64"


def _corrections(tmp_path: Path, row: str) -> Path:
    path = tmp_path / "corrections.csv"
    path.write_text(f"doc_id,field,report_no,value\n{row}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("row, error", [
    ("D,contract_no,,12-2564", r"line 2: contract_no must match the template's pattern '\\\\d\{1,4\}/\\\\d\{4\}'"),
    ("D,percent_done,3,250", "line 2: percent_done must be a percentage from 0 to 100, not 250"),
    ("D,paid_baht,3,-5", "line 2: paid_baht must be an amount of baht"),
    ("D,filed_on,3,2564-01-25", "line 2: filed_on holds a Buddhist Era year"),
    ("D,progress_pct,3,50", "unknown field 'progress_pct'"),
])
def test_corrections_are_checked_by_the_templates_fields_and_types(tmp_path, row, error):
    from pipeline.corrections import load_corrections
    from pipeline.template import load_template

    template = load_template(str(_rich_template(tmp_path / "rich.toml")))
    with pytest.raises(UsageError, match=error):
        load_corrections(_corrections(tmp_path, row), template)


def test_a_correction_that_matches_a_code_fields_pattern_is_kept(tmp_path):
    from pipeline.corrections import load_corrections
    from pipeline.template import load_template

    template = load_template(str(_rich_template(tmp_path / "rich.toml")))
    rows = load_corrections(_corrections(tmp_path, "D,contract_no,,47/2570\nD,percent_done,3,25.5"), template)
    assert [(c.field, c.report_no, c.value) for c in rows] == [("contract_no", None, "47/2570"),
                                                              ("percent_done", 3, 25.5)]


def test_a_renamed_project_code_field_is_checked_under_its_own_name(custom_template, tmp_path):
    from pipeline.corrections import load_corrections
    from pipeline.template import load_template

    text = custom_template.read_text(encoding="utf-8").replace('"project_code"', '"project_id"', 1)
    renamed = tmp_path / "renamed.toml"
    renamed.write_text(text.replace('key = "project_code"', 'key = "project_id"'), encoding="utf-8")
    with pytest.raises(UsageError, match="line 2: project_id must be written NNNNNNNN-NNNN, not '5021-3491'"):
        load_corrections(_corrections(tmp_path, "D,project_id,,5021-3491"), load_template(str(renamed)))


def default_template_with(tmp_path: Path, old: str, new: str) -> Path:
    """Return a copy of the built-in template with its first `old` (which must be there) made `new`."""
    text = (TEMPLATE_DIR / "bma_progress_report.toml").read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    return bad


@pytest.mark.parametrize("old, new, error", [
    ('narrative = "narrative"\n', "", r"\[progress.fields\] must name one column for each of date, progress"),
    ('narrative = "narrative"', 'narrative = "comments"', r"\[progress.fields\] must name one column"),
    ('spent_baht = "spent"', 'spent_baht = "progress"', r"\[progress.fields\] must name one column"),
    ('spent_baht = "spent"', 'budget_baht = "spent"\nagency = "narrative2"', r"\[progress.fields\] must name"),
    ('report_date = "date"', 'fiscal_year_be = "date"', "fiscal_year_be holds a date, but the document field "
                                                         "fiscal_year_be is of type be_year"),
    ('window = ["start_date", "end_date"]', 'window = ["start_date", "agency"]', "window names agency, which is no "
                                                                                 "date field"),
    ('window = ["start_date", "end_date"]', 'window = ["start_date"]', "window names 1 fields"),
    ('spent_total = "spent_baht"', 'spent_total = "agency"', "spent_total names agency, which is no money field"),
    ('budget = "budget_baht"', 'budget = "start_date"', "budget names start_date, which is no money field"),
    ('type = "money" }', 'type = "baht" }', "field budget_baht has type 'baht'; a field's type is one of"),
    ('type = "project_code" }', 'type = "code" }', "field project_code: a `pattern` goes with type"),
    ('type = "project_code" }', 'type = "code", pattern = "(" }', "bad pattern"),
])
def test_a_template_that_says_something_impossible_is_a_usage_error(tmp_path, old, new, error):
    from pipeline.template import load_template

    bad = default_template_with(tmp_path, old, new)
    with pytest.raises(UsageError, match=error):
        load_template(str(bad))


def test_a_template_without_a_window_or_columns_takes_the_defaults_when_it_can(custom_template, tmp_path, template):
    from pipeline.template import load_template

    text = custom_template.read_text(encoding="utf-8")
    start = text.index("window = [")
    plain = text[:start] + text[text.index("[person]"):]
    same = tmp_path / "same.toml"
    same.write_text(plain, encoding="utf-8")
    renamed = tmp_path / "renamed.toml"
    renamed.write_text(plain.replace('name = "start_date"', 'name = "begins_on"'), encoding="utf-8")
    assert load_template(str(same)).progress.window == ("start_date", "end_date")
    assert load_template(str(same)).report_field_types == template.report_field_types
    assert load_template(str(renamed)).progress.window is None
    assert load_template(str(same)).progress.spent_total == "spent_baht"
    assert load_template(str(same)).progress.budget == "budget_baht"


def test_the_default_templates_progress_report_fields_are_the_csv_contracts(template):
    assert template.report_field_types == {
        "report_date": "date", "progress_pct": "percent", "spent_baht": "money",
        "plan_status": "status", "target_status": "status", "narrative": "text",
    }
    assert template.progress.window == ("start_date", "end_date") and template.patterns == {}


@pytest.mark.parametrize("old, new, column", [
    ('narrative = "narrative"', 'report_no = "narrative"', "a field is named report_no, like a column every run writes"),
    ('narrative = "narrative"', 'n_witnesses = "narrative"', "a field is named n_witnesses, like a column"),
    ('field = "principle"', 'field = "sources"', "a field is named sources, like a column"),
    ('field = "principle"', 'field = "report_no"', "a field is named report_no, like a column"),
])
def test_a_template_column_named_like_another_is_a_usage_error_before_any_page_is_read(tmp_path, old, new, column):
    bad = default_template_with(tmp_path, old, new)
    (tmp_path / "in.txt").write_text("no report here", encoding="utf-8")
    with pytest.raises(UsageError, match=column) as caught:
        reconcile([tmp_path / "in.txt"], tmp_path / "out", template=str(bad), use_lm=False, report=False)
    assert str(bad) in str(caught.value)  # the file, not the name inside it
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("change, message", [
    (('kind = "text"', 'kind = "texts"'), "section 'principle' has kind 'texts'; a section's kind is one of"),
    (('labels = ["หน่วยงานที่รับผิดชอบ"]', 'labels = "หน่วยงานที่รับผิดชอบ"'), "field agency: `labels` is a list"),
    (("(?P<pct>", "("), "progress.progress: the pattern needs a group (?P<pct>...) holding the percentage"),
    (("(?P<marker>", "("), "progress.spent: the pattern needs a group (?P<marker>...) holding the report's number"),
    (('kind = "progress"\n', ""), "is malformed: it has no 'kind'"),
    (('name = "spent_baht"', 'name = "budget_baht"'), "the field budget_baht is named twice"),
])
def test_a_template_the_reading_cannot_follow_is_a_usage_error_naming_file_and_what(tmp_path, change, message):
    """A section kind no reader knows, labels written as one string (read letter by letter),
    a section-2 pattern without the group a value is taken from, a missing key: each
    named before any work, never a traceback or a silently empty column."""
    from pipeline.template import DEFAULT_TEMPLATE, TEMPLATE_DIR, load_template

    text = (TEMPLATE_DIR / f"{DEFAULT_TEMPLATE}.toml").read_text(encoding="utf-8")
    assert change[0] in text
    path = tmp_path / "mine.toml"
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        load_template(str(path))
    assert str(path) in str(caught.value) and message in str(caught.value)
