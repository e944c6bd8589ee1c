"""Integration: the real seed (four disagreeing OCR copies) reconciled end to end."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.api import reconcile
from pipeline.ingest import text_lines
from pipeline.segment import split_witnesses
from seed_truth import DATES, EXPECTED_DOCUMENT, check_record, iso

SEED = Path(__file__).resolve().parent.parent / "samples" / "text" / "000_d000cb5bc4147d98.txt"

@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    return reconcile([SEED], out=out), out


def test_seed_gives_one_document_with_the_true_values(seed_run):
    result, _ = seed_run
    check_record(result.documents, result.progress_reports, 4)
    assert len(result.failures) == 0


def test_written_csvs_read_back_to_the_same_record(seed_run):
    _, out = seed_run
    docs = pd.read_csv(out / "documents.csv", dtype={"project_code": str, "responsible_phone": str, "coordinator_phone": str})
    reps = pd.read_csv(out / "progress_reports.csv")
    check_record(docs, reps, 4)
    for name in ("documents", "progress_reports", "variants", "failures"):
        assert (out / f"{name}.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_no_output_value_keeps_the_minority_misreading(seed_run):
    result, _ = seed_run
    values = pd.concat([
        result.documents.astype(str).stack(),
        result.progress_reports.astype(str).stack(),
        result.variants["value"].astype(str),
    ])
    assert not values.str.contains("เครื่องข่าย").any()
    assert values.str.contains("เครือข่าย").any()


def test_variants_show_every_coordinator_reading_with_its_witnesses_and_rule(seed_run):
    result, _ = seed_run
    row = result.variants.query("field == 'coordinator_name'").iloc[0]
    votes = json.loads(row["votes"])
    readings = {r["value"]: r["witnesses"] for r in votes["readings"]}
    assert readings == {
        "นายวรวิทย์ เทียงธรรม": ["000_d000cb5bc4147d98.txt#1", "000_d000cb5bc4147d98.txt#3"],
        "นายวรวิฒิ เทียงธรรม": ["000_d000cb5bc4147d98.txt#2"],
        "นายวรวิฑูรย์ เทียงธรรม": ["000_d000cb5bc4147d98.txt#4"],
    }
    assert row["rule"] in {"weighted", "aligned"}
    # Every copy reads the family name without its tone mark; the dictionary knows
    # "เที่ยงธรรม": the value stays as read, flagged, with the reason.
    assert votes["warnings"] == ["'เทียงธรรม' is no dictionary entry but is close to 'เที่ยงธรรม'"]
    assert row["confidence"] == 0.5 and row["needs_review"]


def test_every_value_has_a_rule_and_a_confidence(seed_run):
    result, _ = seed_run
    v = result.variants
    assert v["rule"].isin({"unanimous", "majority", "weighted", "dictionary", "aligned", "single", "lm"}).all()
    assert v["confidence"].between(0, 1).all()
    assert (v["needs_review"] == (v["confidence"] < 0.6)).all()


# --- order of witnesses -------------------------------------------------------------

def seed_blocks(seed_text: str, template) -> list[str]:
    """The seed cut into its four copies, as raw text blocks (markup kept)."""
    raw = seed_text.splitlines(keepends=True)
    starts = [w.start.line - 1 for w in split_witnesses(text_lines(seed_text, "s"), template)]
    cuts = [0, *starts[1:], len(raw)]
    return ["".join(raw[a:b]) for a, b in zip(cuts, cuts[1:])]


VALUE_COLUMNS_DOC = [c for c in EXPECTED_DOCUMENT] + ["principle", "objectives", "target_quantity",
                                                     "target_quality", "indicator", "min_confidence"]
VALUE_COLUMNS_REP = ["report_no", "report_date", "progress_pct", "spent_baht", "plan_status",
                     "target_status", "narrative", "min_confidence"]


@pytest.fixture(scope="module")
def baseline(seed_run):
    result, _ = seed_run
    return result.documents[VALUE_COLUMNS_DOC], result.progress_reports[VALUE_COLUMNS_REP]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(4)))
def test_output_is_the_same_for_any_order_of_witnesses(order, template, seed_text, baseline, tmp_path_factory):
    blocks = seed_blocks(seed_text, template)
    path = tmp_path_factory.mktemp("perm") / "seed_shuffled.txt"
    path.write_text("".join(blocks[i] for i in order), encoding="utf-8")
    result = reconcile([path])
    docs, reps = baseline
    pd.testing.assert_frame_equal(result.documents[VALUE_COLUMNS_DOC], docs)
    pd.testing.assert_frame_equal(result.progress_reports[VALUE_COLUMNS_REP], reps)


# --- corrupted witnesses: damage the seed does not show --------------------------------

def drop_line(block: str, pattern: str) -> str:
    return "".join(ln for ln in block.splitlines(keepends=True) if pattern not in ln)


def swap_tone_marks(block: str, rng: random.Random, n: int = 40) -> str:
    chars = list(block)
    spots = [i for i, ch in enumerate(chars) if ch in "\u0e48\u0e49"]
    for i in rng.sample(spots, min(n, len(spots))):
        chars[i] = "\u0e49" if chars[i] == "\u0e48" else "\u0e48"
    return "".join(chars)


def shift_progress_rows(block: str) -> str:
    """Print every figure one row label later, as some copies do."""
    return re.sub(r"รายงานครั้งที่\s*(\d+)", lambda m: f"รายงานครั้งที่{int(m.group(1)) + 1}", block)


def change_code_digit(block: str) -> str:
    return block.replace("50210000-3491", "50218000-3491")


def test_record_survives_witnesses_corrupted_in_new_ways(template, seed_text, tmp_path):
    rng = random.Random(20261124)
    blocks = seed_blocks(seed_text, template)
    corrupted = [
        change_code_digit(drop_line(blocks[0], "ผู้ประสานงาน สยป")),
        shift_progress_rows(swap_tone_marks(blocks[2], rng)),
        drop_line(blocks[1], "งบประมาณที่ได้รับ"),
        swap_tone_marks(change_code_digit(blocks[3]), rng),
    ]
    path = tmp_path / "seed_plus_corrupted.txt"
    path.write_text("".join(blocks) + "".join(corrupted), encoding="utf-8")
    result = reconcile([path])
    check_record(result.documents, result.progress_reports, 8)
    code = result.variants.query("field == 'project_code'").iloc[0]
    assert code["rule"] == "majority"
    assert "50218000-3491" in code["votes"]


def test_a_bad_input_is_listed_and_the_batch_goes_on(tmp_path):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\xff\xfe\x00\xd8")  # invalid UTF-16
    notes = tmp_path / "notes.md"
    notes.write_text("nothing to see here", encoding="utf-8")
    result = reconcile([SEED, bad, notes])
    assert len(result.documents) == 1
    assert set(result.failures["source"]) == {str(bad), str(notes)}
    assert int(result.exit_code) == 2


def _narrative(reports, report_no):
    return reports[reports["report_no"] == report_no]["narrative"].iloc[0]


def test_a_user_mapping_fixes_the_name_every_copy_misread(seed_run, tmp_path):
    without, _ = seed_run
    assert "ปานข้า)" in _narrative(without.progress_reports, 2)
    assert "ปานขำ" not in _narrative(without.progress_reports, 2)
    (tmp_path / "mine.txt").write_text("ปานข้า -> ปานขำ\n", encoding="utf-8")
    fixed = reconcile([SEED], dictionaries=[tmp_path / "mine.txt"])
    narrative = _narrative(fixed.progress_reports, 2)
    assert "ปานขำ)" in narrative and "ปานข้า" not in narrative
    row = fixed.variants[(fixed.variants["field"] == "narrative") & (fixed.variants["report_no"] == 2)].iloc[0]
    assert row["rule"] == "mapping"
    assert json.loads(row["votes"])["voted"] == _narrative(without.progress_reports, 2)


def test_corrections_win_survive_reruns_and_teach_a_mapping(seed_run, tmp_path, capsys):
    from pipeline.cli import main

    without, _ = seed_run
    doc_id = without.documents["doc_id"].iloc[0]
    fixed = _narrative(without.progress_reports, 2).replace("ปานข้า", "ปานขำ")
    corrections = tmp_path / "corrections.csv"
    pd.DataFrame([{"doc_id": doc_id, "field": "narrative", "report_no": 2, "value": fixed},
                  {"doc_id": doc_id, "field": "budget_baht", "report_no": None, "value": "270000"},
                  {"doc_id": "99999999-9999", "field": "budget_baht", "report_no": None, "value": "1"}]
                 ).to_csv(corrections, index=False)
    learned = tmp_path / "learned.txt"
    for run in ("first", "again"):
        out = tmp_path / run
        assert main([str(SEED), "--out", str(out), "--corrections", str(corrections), "--learn", str(learned), "--quiet"]) == 0
        variants = pd.read_csv(out / "variants.csv")
        human = variants[variants["rule"] == "human"]
        assert sorted(human["field"]) == ["budget_baht", "narrative"]
        assert (human["confidence"] == 1.0).all() and not human["needs_review"].any()
        assert _narrative(pd.read_csv(out / "progress_reports.csv"), 2) == fixed
        assert (f"corrections {corrections}, line 4: no report with doc_id '99999999-9999' in this run; "
                "the correction was not used") in capsys.readouterr().err
    assert learned.read_text(encoding="utf-8").count("ปานข้า -> ปานขำ") == 1


def test_two_copies_split_on_a_reports_number_keep_every_date_in_the_report_the_others_leave(template, seed_text,
                                                                                          tmp_path):
    # The seed's second copy prints each figure after the next report's narrative, so the
    # two copies pair 28/05 and 26/06 with different figures (a tie each). Report 7's date
    # (paired by the first copy alone) and time order leave each date one report in turn.
    blocks = seed_blocks(seed_text, template)
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text(blocks[0], encoding="utf-8")
    two.write_text(blocks[1], encoding="utf-8")
    result = reconcile([one, two])
    reps = result.progress_reports
    assert iso(reps["report_date"]) == DATES
    assert reps["narrative"].notna().all()
    dates = result.variants.query("field == 'report_date' and report_no in (8, 9)")
    assert not dates["needs_review"].any()
    assert not result.variants["votes"].str.contains("split on whether").any()


def test_labels_read_without_their_upper_marks_still_give_every_progress_row(seed_text, tmp_path):
    # Tesseract's commonest Thai error: the marks above the line dropped from the form's
    # own wording (row labels, figure markers, the "progress" label, the heading).
    dropped = (seed_text.replace("รายงานครั้งที่", "รายงานครงท").replace("ครั้งที่", "ครังที")
               .replace("ความก้าวหน้า", "ความกาวหนา"))
    assert "ครั้งที่" not in dropped and "ความก้าวหน้า" not in dropped
    path = tmp_path / "marks_dropped.txt"
    path.write_text(dropped, encoding="utf-8")
    result = reconcile([path])
    assert len(result.failures) == 0
    check_record(result.documents, result.progress_reports, 4)


def test_a_section_2_line_nothing_could_read_is_a_failure_row_naming_file_page_and_line(template, seed_text, tmp_path):
    first = seed_blocks(seed_text, template)[0]
    damaged = first.replace("งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 0 บาท", "งบประมาณที่เบิกใช้ (ครั้งที่ 1) ≈ O บาท")
    assert damaged != first
    path = tmp_path / "damaged.txt"
    path.write_text(damaged, encoding="utf-8")
    result = reconcile([path])
    line = next(i for i, ln in enumerate(damaged.splitlines(), start=1) if "≈" in ln)
    rows = result.failures[result.failures["stage"] == "extract"]
    assert len(rows) == 1, rows.to_dict("records")
    row = rows.iloc[0]
    assert row["source"] == str(path) and row["page"] == 1
    assert f"{path}:p1:L{line}:" in row["error"] and "(ครั้งที่ 1) ≈ O บาท" in row["error"]
    assert list(result.progress_reports["report_no"]) == list(range(1, 11))


def test_section_2_text_left_out_is_listed_but_is_no_failed_input(template, seed_text, tmp_path):
    from pipeline.cli import main

    damaged = seed_blocks(seed_text, template)[0].replace("(ครั้งที่ 1) = 0 บาท", "(ครั้งที่ 1) ≈ O บาท")
    path = tmp_path / "damaged.txt"
    path.write_text(damaged, encoding="utf-8")
    assert main([str(path), "--out", str(tmp_path / "o"), "--quiet"]) == 0
    assert list(pd.read_csv(tmp_path / "o" / "failures.csv")["stage"]) == ["extract"]


def test_the_summary_and_the_review_page_tell_failures_from_notes(template, seed_text, tmp_path, capsys):
    from pipeline.cli import main

    damaged = seed_blocks(seed_text, template)[0].replace("(ครั้งที่ 1) = 0 บาท", "(ครั้งที่ 1) ≈ O บาท")
    path = tmp_path / "damaged.txt"
    path.write_text(damaged, encoding="utf-8")
    assert main([str(path), "--out", str(tmp_path / "o")]) == 0
    assert "0 failures, 1 note -> " in capsys.readouterr().err
    bad = tmp_path / "bad.txt"
    bad.write_text("no report here", encoding="utf-8")
    assert main([str(path), str(bad), "--out", str(tmp_path / "o2")]) == 2
    assert "1 failure, 1 note -> " in capsys.readouterr().err
    html = (tmp_path / "o2" / "report.html").read_text(encoding="utf-8")
    failures = re.search(r'<section id="failures">.*?</section>', html, re.S).group(0)
    notes = re.search(r'<section id="notes">.*?</section>', html, re.S).group(0)
    assert "(1)</h2>" in failures and "<td>segment</td>" in failures and "<td>extract</td>" not in failures
    assert "(1)</h2>" in notes and "<td>extract</td>" in notes
    assert "1 failure (<a href=\"#failures\">list</a>) · 1 note (<a href=\"#notes\">list</a>)" in html
