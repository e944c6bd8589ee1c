import pytest
from pathlib import Path

from pipeline.corrections import Correction, correct_document, learn, learned_mappings, load_corrections
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
        (ReconciledReport(1, {"narrative": narr}, 2), ReconciledReport(9, {}, 2)),
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
    ("D1,report_date,4,2564-01-25", r"line 2: report_date holds a Buddhist Era year \(2564-01-25\).*write 2021-01-25"),
    ("D1,fiscal_year_be,,2021", r"line 2: fiscal_year_be must be a Buddhist Era year.*2021 CE is 2564 BE"),
    ("D1,progress_pct,3,250", "line 2: progress_pct must be a percentage from 0 to 100, not 250"),
    ("D1,spent_baht,3,-5", "not below zero"),
    ("D1,progress_pct,0,50", "report_no must be a number from 1"),
    ("D1,project_code,,5021-3491", "NNNNNNNN-NNNN"),
    ("D1,budget_baht,,1,000", r'line 2: 5 cells where the header has 4; put a value that holds a comma in double quotes'),
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
                   Correction("D1", "progress_pct", 7, 100, 4)]  # a report every copy lost
    out = correct_document(doc(), corrections)
    agency = out.fields["agency"]
    assert (agency.value, agency.rule, agency.confidence, agency.needs_review, agency.voted) == (
        "สำนักงานเขตบางบอน", "human", 1.0, False, "สำนักงานเขตบางแค")
    assert out.reports[0].fields["narrative"].value == fixed
    assert [r.report_no for r in out.reports] == [1, 7, 9]
    assert out.reports[1].fields["progress_pct"].rule == "human"
    assert out.fields["budget_baht"].rule == "unanimous"


def test_a_corrected_value_keeps_the_votes_evidence_but_not_its_warnings():
    warned = doc()
    warned = ReconciledDocument(warned.doc_id, {**warned.fields, "agency": Resolved(
        "agency", "x", 0.5, "conflict", True, (), warnings=("copies read different words at 'x'",))},
        warned.reports, warned.witnesses, warned.sources)
    out = correct_document(warned, [Correction("D1", "agency", None, "สำนักงานเขตบางบอน", 2)])
    assert (out.fields["agency"].warnings, out.fields["agency"].voted) == ((), "x")


def test_a_shared_misreading_is_learned_as_a_whole_word_mapping(tmp_path):
    fixed = NARRATIVE.replace("ปานข้า", "ปานขำ")
    out = correct_document(doc(), [Correction("D1", "narrative", 1, fixed, 2)])
    assert learned_mappings(out.reports[0].fields["narrative"]) == [("ปานข้า", "ปานขำ")]
    target = tmp_path / "learned.txt"
    assert learn([out], target) == [("ปานข้า", "ปานขำ")]
    assert learn([out], target) == []
    assert target.read_text(encoding="utf-8").count("ปานข้า -> ปานขำ") == 1


def test_an_error_only_some_copies_made_is_not_learned():
    fixed = NARRATIVE.replace("ปานข้า", "ปานขำ")
    readings = {"a": NARRATIVE, "b": fixed.replace("จีบ", "จิบ")}
    out = correct_document(doc(readings), [Correction("D1", "narrative", 1, fixed, 2)])
    assert learned_mappings(out.reports[0].fields["narrative"]) == []


def test_two_rows_for_one_value_are_an_error_naming_both_lines(tmp_path):
    path = write(tmp_path, "doc_id,field,report_no,value\nD1,progress_pct,3,25\nD1,agency,,x\nD1,progress_pct,3.0,30\n")
    with pytest.raises(UsageError, match=r"corr\.csv, line 4: a second correction of progress_pct of report 3 in D1 "
                       r"\(line 2 already sets it\)"):
        load_corrections(path)


def test_a_correction_for_a_report_the_document_does_not_have_names_file_and_line(tmp_path):
    path = write(tmp_path, "doc_id,field,report_no,value\nD1,agency,,x\nD1,progress_pct,40,50\n")
    with pytest.raises(UsageError, match=r"corr\.csv, line 3: D1 has no report 40 \(reports 1 to 9\)"):
        correct_document(doc(), load_corrections(path))


def test_a_semicolon_separated_file_gets_a_hint_about_the_separator(tmp_path):
    path = write(tmp_path, "doc_id;field;report_no;value\nD1;agency;;x\n")
    with pytest.raises(UsageError, match="missing column.*separated by semicolons, not commas"):
        load_corrections(path)


def test_a_learn_file_that_cannot_be_written_is_one_line_and_exit_1_before_any_work(tmp_path):
    import subprocess
    import sys

    seed = Path(__file__).resolve().parent.parent / "samples" / "text" / "000_d000cb5bc4147d98.txt"
    for learn_file, message in ((tmp_path, "is a folder"), (tmp_path / "no" / "learned.txt", "does not exist")):
        p = subprocess.run([sys.executable, "-m", "pipeline", str(seed), "--out", str(tmp_path / "out"),
                            "--learn", str(learn_file)], capture_output=True, text=True)
        assert p.returncode == 1 and "Traceback" not in p.stderr, p.stderr
        assert p.stderr.strip().count("\n") == 0 and f"--learn {learn_file}: " in p.stderr and message in p.stderr


def test_blank_or_short_rows_load_and_a_later_row_split_by_a_comma_is_named(tmp_path):
    header = "doc_id,field,report_no,value"
    assert load_corrections(write(tmp_path, header + "\n   \nX,project_name,,ก\n"))
    assert load_corrections(write(tmp_path, header + ",note\nX,project_name,,ก\n"))
    with pytest.raises(UsageError, match="line 3: 5 cells where the header has 4"):
        load_corrections(write(tmp_path, header + "\nX,project_name,,ก\nY,budget_baht,,1,000\n"))
