import pandas as pd

from pipeline.export import excel_safe, tables, write_csv_atomic
from pipeline.model import Candidate, Failure, ReconciledDocument, ReconciledReport, Resolved


def res(field, value, conf=1.0, rule="unanimous"):
    return Resolved(field, value, conf, rule, conf < 0.6, (Candidate(value, 2.0, ("a#1", "a#2")),))


def test_excel_safe_guards_formulas_but_not_numbers():
    assert excel_safe("=SUM(A1)") == "'=SUM(A1)"
    assert excel_safe("-5") == "-5"
    assert excel_safe("@x") == "'@x"
    assert excel_safe("ชื่อ") == "ชื่อ" and excel_safe(12) == 12


def test_atomic_write_has_bom_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "out" / "t.csv"
    write_csv_atomic(pd.DataFrame({"a": ["ไทย", "=1+1"]}), path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "'=1+1" in data.decode("utf-8-sig")
    assert [p.name for p in path.parent.iterdir()] == ["t.csv"]


def test_tables_have_the_contract_columns_and_summaries():
    doc = ReconciledDocument(
        "X-1",
        {"project_code": res("project_code", "X-1"), "coordinator_name": res("coordinator_name", "นายก ข", 0.55, "weighted")},
        (ReconciledReport(1, {"report_date": res("report_date", "2020-10-26")}, 2),),
        ("a#1", "a#2"),
        ("a.txt",),
    )
    t = tables([doc], [Failure("b.pdf", 3, "ocr", "b.pdf page 3: blank")])
    assert list(t["documents"].columns[:3]) == ["doc_id", "project_code", "project_name"]
    assert t["documents"].loc[0, "needs_review"] and t["documents"].loc[0, "min_confidence"] == 0.55
    assert t["progress_reports"].loc[0, "project_code"] == "X-1"
    assert set(t["variants"]["field"]) == {"project_code", "coordinator_name", "report_date"}
    assert t["failures"].loc[0, "page"] == 3
