import pytest

from pipeline.corrections import Correction, apply_corrections, learn, learned_mappings, load_corrections
from pipeline.errors import UsageError
from pipeline.model import Candidate, ReconciledDocument, ReconciledReport, Resolved

NARRATIVE = "ให้โรงเรียนวัดอ่างแก้ว (จีบ ปานข้า)"


def resolved(field, value, rule="unanimous", readings=None):
    cands = tuple(Candidate(v, 1.0, (w,)) for w, v in (readings or {"a": value, "b": value}).items())
    return Resolved(field, value, 1.0 if rule == "unanimous" else 0.5, rule, rule != "unanimous", cands)


def doc(narrative_readings=None):
    narr = resolved("narrative", NARRATIVE, readings=narrative_readings)
    return ReconciledDocument(
        "D1",
        {"budget_baht": resolved("budget_baht", 270000), "agency": resolved("agency", "สำนักงานเขตบางแค", "majority")},
        (ReconciledReport(1, {"narrative": narr}, 2),),
        ("a", "b"),
        ("f.txt",),
    )


def write(tmp_path, text):
    path = tmp_path / "corr.csv"
    path.write_text(text, encoding="utf-8-sig")
    return path


def test_corrections_are_typed_by_field(tmp_path):
    path = write(tmp_path, "doc_id,field,report_no,value\nD1,budget_baht,,\"275,000\"\nD1,report_date,2,2021-01-29\nD1,agency,,สำนักงานเขตบางแค\n")
    got = load_corrections(path)
    assert [(c.field, c.report_no, c.value) for c in got] == [
        ("budget_baht", None, 275000), ("report_date", 2, "2021-01-29"), ("agency", None, "สำนักงานเขตบางแค")]


@pytest.mark.parametrize("row, message", [
    ("D1,nosuch,,x", "line 2: unknown field 'nosuch'"),
    ("D1,narrative,,x", "report_no must be a number"),
    ("D1,agency,3,x", "report_no must be empty"),
    ("D1,budget_baht,,lots", "must be a number"),
    ("D1,report_date,1,29/01/2564", "YYYY-MM-DD"),
])
def test_a_bad_correction_is_a_usage_error_naming_file_and_line(tmp_path, row, message):
    with pytest.raises(UsageError, match=message):
        load_corrections(write(tmp_path, "doc_id,field,report_no,value\n" + row + "\n"))
    with pytest.raises(UsageError, match="missing column"):
        load_corrections(write(tmp_path, "doc_id,value\nD1,x\n"))


def test_corrected_values_win_are_marked_human_and_keep_the_vote():
    fixed = NARRATIVE.replace("ปานข้า", "ปานขำ")
    corrections = [Correction("D1", "agency", None, "สำนักงานเขตบางบอน", 2),
                   Correction("D1", "narrative", 1, fixed, 3),
                   Correction("D1", "progress_pct", 7, 100, 4),
                   Correction("D9", "agency", None, "x", 5)]
    (out,), unmatched = apply_corrections([doc()], corrections)
    agency = out.fields["agency"]
    assert (agency.value, agency.rule, agency.confidence, agency.needs_review, agency.voted) == (
        "สำนักงานเขตบางบอน", "human", 1.0, False, "สำนักงานเขตบางแค")
    assert out.reports[0].fields["narrative"].value == fixed
    assert [r.report_no for r in out.reports] == [1, 7]
    assert out.reports[1].fields["progress_pct"].rule == "human"
    assert out.fields["budget_baht"].rule == "unanimous"
    assert [c.doc_id for c in unmatched] == ["D9"]


def test_a_shared_misreading_is_learned_as_a_whole_word_mapping(tmp_path):
    fixed = NARRATIVE.replace("ปานข้า", "ปานขำ")
    (out,), _ = apply_corrections([doc()], [Correction("D1", "narrative", 1, fixed, 2)])
    assert learned_mappings(out.reports[0].fields["narrative"]) == [("ปานข้า", "ปานขำ")]
    target = tmp_path / "learned.txt"
    assert learn([out], target) == [("ปานข้า", "ปานขำ")]
    assert learn([out], target) == []
    assert target.read_text(encoding="utf-8").count("ปานข้า -> ปานขำ") == 1


def test_an_error_only_some_copies_made_is_not_learned():
    fixed = NARRATIVE.replace("ปานข้า", "ปานขำ")
    readings = {"a": NARRATIVE, "b": fixed.replace("จีบ", "จิบ")}
    (out,), _ = apply_corrections([doc(readings)], [Correction("D1", "narrative", 1, fixed, 2)])
    assert learned_mappings(out.reports[0].fields["narrative"]) == []
