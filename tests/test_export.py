from pathlib import Path

import pandas as pd

from pipeline.export import TableWriter, cell_text, excel_safe, table_rows, tables, votes_json, write_outputs
from pipeline.model import (
    Candidate, Dispute, Failure, Mapped, Option, ReconciledDocument, ReconciledReport, Resolved, SetAside,
)


def res(field, value, conf=1.0, rule="unanimous"):
    return Resolved(field, value, conf, rule, conf < 0.6, (Candidate(value, 2.0, ("a#1", "a#2")),))


def test_excel_safe_guards_formulas_but_not_numbers():
    assert excel_safe("=SUM(A1)") == "'=SUM(A1)"
    assert excel_safe("-5") == "-5"
    assert excel_safe("@x") == "'@x"
    assert excel_safe("ชื่อ") == "ชื่อ" and excel_safe(12) == 12


def _doc(doc_id, code, budget):
    return ReconciledDocument(
        doc_id,
        {"project_code": res("project_code", code), "budget_baht": res("budget_baht", budget)},
        (ReconciledReport(1, {"report_date": res("report_date", "2020-10-26")}, 2),),
        ("a#1", "a#2"),
        ("a.txt",),
    )


def test_outputs_have_a_bom_guard_formulas_and_leave_no_temporary_file(tmp_path):
    paths = write_outputs(tables([_doc("X-1", "=1+1", 270000)], []), tmp_path / "out")
    data = paths["documents"].read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "'=1+1" in data.decode("utf-8-sig")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in paths.values())


def test_tables_written_in_batches_equal_the_table_written_whole(tmp_path):
    docs = [_doc("A", "A", 270000), _doc("B", "B", None), _doc("C", "C", 1500.5)]
    write_outputs(tables(docs, []), tmp_path / "whole")
    writer = TableWriter(tmp_path / "batched")
    for doc in docs:
        writer.append({k: v for k, v in tables([doc], []).items() if k != "failures"})
    writer.append({"failures": tables([], [])["failures"]})
    writer.commit()
    for name in ("documents.csv", "progress_reports.csv", "variants.csv", "failures.csv"):
        assert (tmp_path / "whole" / name).read_bytes() == (tmp_path / "batched" / name).read_bytes(), name
    assert ",270000," in (tmp_path / "whole" / "documents.csv").read_text(encoding="utf-8-sig")


def test_rows_written_without_dataframes_equal_the_tables_written_through_pandas(tmp_path):
    # Whole numbers, a missing value and a fraction in one column: pandas makes it floats.
    docs = [_doc("A", "A", 270000), _doc("B", "=B", None), _doc("C", "C", 1500.5), _doc("D", "D", True)]
    failures = [Failure("x.pdf", 3, "ocr", "=bad"), Failure("y.txt", None, "ingest", "empty")]
    write_outputs(tables(docs, failures), tmp_path / "frames")
    writer = TableWriter(tmp_path / "rows")
    writer.append_rows(table_rows(docs, failures))
    writer.commit()
    for name in ("documents.csv", "progress_reports.csv", "variants.csv", "failures.csv"):
        assert (tmp_path / "frames" / name).read_bytes() == (tmp_path / "rows" / name).read_bytes(), name
    assert ",270000," in (tmp_path / "rows" / "documents.csv").read_text(encoding="utf-8-sig")


def test_an_aborted_writer_leaves_the_previous_outputs(tmp_path):
    write_outputs(tables([_doc("A", "A", 1)], []), tmp_path)
    before = (tmp_path / "documents.csv").read_bytes()
    writer = TableWriter(tmp_path)
    writer.append(tables([_doc("B", "B", 2)], []))
    writer.abort()
    assert (tmp_path / "documents.csv").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def test_cells_are_written_the_same_whatever_their_column_type():
    assert [cell_text(v) for v in (None, float("nan"), 270000, 270000.0, 0.6667, True, "=x", "-5")] == [
        "", "", "270000", "270000", "0.6667", "True", "'=x", "-5"]
    assert cell_text("=x", raw=True) == "=x"
    assert cell_text(pd.NA) == ""


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


def test_excel_safe_follows_owasp_tab_and_carriage_return_too_numbers_untouched():
    assert excel_safe("\t=1+1") == "'\t=1+1"
    assert excel_safe("\rcmd") == "'\rcmd"
    assert excel_safe("+66 2 123 4567") == "'+66 2 123 4567"  # a phone number as text is not a number
    assert excel_safe("-") == "'-"
    for number in ("-5", "+1.5", "-0.25", "1e5", "-3e-2"):
        assert excel_safe(number) == number
    assert excel_safe("\t5") == "'\t5"  # a tab in front makes it text again
    assert excel_safe(-5) == -5 and excel_safe(None) is None and excel_safe("ก=ข") == "ก=ข"


def test_raw_csv_writes_cells_as_they_are(tmp_path):
    frames = tables([_doc("A", '=HYPERLINK("x")', -1), _doc("B", "\tx", 3)], [])
    write_outputs(frames, tmp_path / "safe")
    write_outputs(frames, tmp_path / "raw", raw=True)
    safe = pd.read_csv(tmp_path / "safe" / "documents.csv", encoding="utf-8-sig", keep_default_na=False)
    raw = pd.read_csv(tmp_path / "raw" / "documents.csv", encoding="utf-8-sig", keep_default_na=False)
    assert list(safe["project_code"]) == ["'=HYPERLINK(\"x\")", "'\tx"]
    assert list(raw["project_code"]) == ['=HYPERLINK("x")', "\tx"]
    assert list(raw["budget_baht"]) == list(safe["budget_baht"]) == [-1, 3]


def test_raw_csv_option_reaches_the_written_files(tmp_path, monkeypatch):
    from pipeline.api import reconcile
    from pipeline.cli import main

    seed = Path(__file__).resolve().parent.parent / "samples" / "text" / "000_d000cb5bc4147d98.txt"
    monkeypatch.chdir(tmp_path)
    bad = "=notes.txt"  # a relative file name that starts like a formula, in failures.csv
    Path(bad).write_text("nothing", encoding="utf-8")
    reconcile([seed, bad], out="safe", report=False)
    assert main([str(seed), bad, "--out", "raw", "--raw-csv", "--no-report", "--quiet"]) == 2
    for folder, expected in (("safe", f"'{bad}"), ("raw", bad)):
        failures = pd.read_csv(tmp_path / folder / "failures.csv", encoding="utf-8-sig")
        assert list(failures["source"]) == [expected]


def _two_runs(out):
    first = tables([_doc("A", "50210000-3491", 1)], [])
    second = tables([_doc("B", "50210000-9999", 2)], [])
    write_outputs(first, out)
    return {p.name: p.read_bytes() for p in out.iterdir()}, second


def test_when_one_table_is_held_none_is_replaced_and_the_message_names_it(tmp_path):
    import pytest

    from pipeline.errors import UsageError

    before, second = _two_runs(tmp_path)
    (tmp_path / "variants.csv").chmod(0o444)  # what Windows makes of a file open in Excel
    with pytest.raises(UsageError, match=r"variants\.csv: cannot be replaced .*no output table was replaced"):
        write_outputs(second, tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # no mix, no temporary file


def test_a_rename_that_fails_half_way_puts_back_the_tables_already_replaced(tmp_path, monkeypatch):
    import os

    import pytest

    from pipeline import atomic
    from pipeline.errors import UsageError

    before, second = _two_runs(tmp_path)
    real, calls = os.replace, []

    def third_fails(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise PermissionError(13, "Permission denied")
        return real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", third_fails)
    with pytest.raises(UsageError, match="variants.csv: cannot be replaced"):
        write_outputs(second, tmp_path)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_out_naming_a_file_or_an_unwritable_place_is_one_line_and_exit_1(tmp_path):
    import subprocess
    import sys

    seed = Path(__file__).resolve().parent.parent / "samples" / "text" / "000_d000cb5bc4147d98.txt"
    existing = tmp_path / "out.csv"
    existing.write_text("x", encoding="utf-8")
    for out, message in ((existing, "is a file, not a folder"), (existing / "sub", "cannot write there"),
                         (Path("/proc/no_such_output"), "cannot write there")):
        p = subprocess.run([sys.executable, "-m", "pipeline", str(seed), "--out", str(out)], capture_output=True, text=True)
        assert p.returncode == 1 and "Traceback" not in p.stderr, p.stderr
        assert p.stderr.strip().count("\n") == 0 and f"--out {out}: {message}" in p.stderr, p.stderr


def test_votes_json_writes_every_evidence_part_with_its_keys_in_the_documented_order():
    res = Resolved(
        "narrative", "ก ข", 0.6, "mapping", False, (Candidate("ก ข", 2.0, ("a", "b"), 0.25),),
        disputes=(Dispute(2, "ข", "lm", (Option("ข", 1.5, ("a",), -3.2, 0.9), Option("ฃ", posterior=0.1))),),
        set_aside=(SetAside("2030-01-01", "c", "outside the project's dates"),),
        mapped=(Mapped("ค", "ข", 2),), voted="ก ค", warnings=("near miss",),
    )
    assert votes_json(res) == (
        '{"readings": [{"value": "ก ข", "weight": 2.0, "dictionary": 0.25, "witnesses": ["a", "b"]}], '
        '"disputes": [{"at": 2, "chosen": "ข", "rule": "lm", "options": ['
        '{"text": "ข", "weight": 1.5, "witnesses": ["a"], "score": -3.2, "posterior": 0.9}, '
        '{"text": "ฃ", "posterior": 0.1}]}], '
        '"set_aside": [{"value": "2030-01-01", "witness": "c", "reason": "outside the project\'s dates"}], '
        '"mapped": [{"wrong": "ค", "right": "ข", "at": 2}], "voted": "ก ค", "warnings": ["near miss"]}'
    )
