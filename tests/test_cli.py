"""The command line as a user meets it: real subprocesses, real files, exit codes."""

import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "text" / "000_d000cb5bc4147d98.txt"


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def test_success_writes_four_csvs_their_types_and_the_review_page_and_exits_0(tmp_path):
    p = run(SEED, "--out", tmp_path, "--quiet")
    assert p.returncode == 0, p.stderr
    assert sorted(x.name for x in tmp_path.iterdir()) == [
        "datapackage.json", "documents.csv", "failures.csv", "progress_reports.csv", "report.html", "variants.csv"]
    assert p.stderr == ""
    p = run(SEED, "--out", tmp_path / "plain", "--quiet", "--no-report")
    assert p.returncode == 0 and not (tmp_path / "plain" / "report.html").exists()


def test_some_inputs_failed_exits_2_and_still_writes(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("no report here", encoding="utf-8")
    p = run(SEED, bad, "--out", tmp_path / "o")
    assert p.returncode == 2
    assert "bad.txt" in p.stderr and "Traceback" not in p.stderr
    failures = pd.read_csv(tmp_path / "o" / "failures.csv")
    assert failures.loc[0, "stage"] == "segment"
    assert len(pd.read_csv(tmp_path / "o" / "documents.csv")) == 1
    quiet = run(SEED, bad, "--out", tmp_path / "q", "--quiet")  # no summary, but what failed is said
    assert quiet.returncode == 2 and quiet.stderr.count("\n") == 1, quiet.stderr
    assert quiet.stderr.startswith("thai-ocr-reconcile: failed: ") and "bad.txt" in quiet.stderr, quiet.stderr
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    p = run(SEED, empty, "--out", tmp_path / "e", "--no-cache")  # a whole file OCR could not read counts
    assert p.returncode == 2 and "OCR: 0 pages (0 from cache, 0 failed); 1 file unreadable" in p.stderr, p.stderr


def test_bad_usage_exits_1_without_traceback(tmp_path):
    p = run(tmp_path / "missing.txt", "--out", tmp_path)
    assert p.returncode == 1 and "no such file" in p.stderr and "Traceback" not in p.stderr
    p = run(SEED, "--out", tmp_path, "--template", tmp_path / "nope.toml")
    assert p.returncode == 1 and "template not found" in p.stderr
    p = run(SEED)
    assert p.returncode == 1 and "--out" in p.stderr
    p = run(SEED, "--out", tmp_path, "--jobs", "0")
    assert p.returncode == 1 and "--jobs" in p.stderr
    p = run(SEED, "--out", tmp_path, "--preprocess", "deskew,sharpen")
    assert p.returncode == 1 and "unknown preprocessing step 'sharpen'" in p.stderr
    p = run(SEED, "--out", tmp_path, "--page-timeout", "-1")
    assert p.returncode == 1 and "--page-timeout" in p.stderr
    p = run(SEED, "--out", tmp_path, "--executor", "spark")
    assert p.returncode == 1 and "invalid choice: 'spark'" in p.stderr
    p = run(SEED, "--out", tmp_path, "--crop-pages", "-1")
    assert p.returncode == 1 and "--crop-pages must be 0" in p.stderr


def test_user_dictionary_is_accepted(tmp_path):
    d = tmp_path / "d.txt"
    d.write_text("person:วรวิฒิ\n", encoding="utf-8")
    p = run(SEED, "--out", tmp_path / "o", "--dict", d, "--quiet")
    assert p.returncode == 0, p.stderr


def test_the_command_line_starts_without_importing_pandas():
    """pandas makes the tables at the end of a run: a run that starts without it hands
    its first page to an OCR worker sooner."""
    code = "import sys, pipeline.cli, pipeline.api; assert 'pandas' not in sys.modules, 'pandas imported'"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr


def test_a_command_line_run_never_imports_pandas_and_the_api_makes_the_tables_on_first_use(tmp_path):
    """The command line writes the CSV files from the rows and prints failures.csv's rows
    from Result.failed: pandas (a third of a second) is for a caller that reads the tables."""
    code = ("import sys; from pipeline.cli import main\n"
            "try:\n    code = main(sys.argv[1:])\nexcept SystemExit as exc:\n    code = exc.code\n"
            "assert 'pandas' not in sys.modules, 'pandas imported'; sys.exit(code)")
    proc = subprocess.run([sys.executable, "-c", code, str(SEED), "--out", str(tmp_path / "o"), "--quiet"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "o" / "documents.csv").exists()
    from pipeline.api import reconcile
    from pipeline.model import NOTE_STAGES

    lines = SEED.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("รายงานครั้งที่3"))
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("\n".join([*lines[:at], "ข้อความที่ไม่ใช่วันที่หรือตัวเลข", *lines[at:]]) + "\n",
                                  encoding="utf-8")
    (inputs / "b.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")  # a copy of a.txt's report
    (inputs / "c.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")  # the same file again
    result = reconcile([inputs], report=False)
    notes = result.failures["stage"].isin(NOTE_STAGES)
    assert len(result.documents) == 1 and list(result.failures["error"]) == [f.error for f in result.failed]
    assert (result.n_notes, result.n_failures) == (notes.sum(), (~notes).sum()) == (1, 1)


def test_each_stage_prints_its_first_rows_then_a_count_of_the_rest():
    """An archive of coarse scans notes every page: the terminal gets ten of each stage
    and a count, failures.csv (and -v) every one."""
    from collections import namedtuple

    from pipeline.cli import SHOWN_PER_STAGE, _each_stage_capped

    Row = namedtuple("Row", "source page stage error")
    rows = [Row(f"p{i}.pdf", 1, "resolution", f"p{i}.pdf page 1 is a scan of about 150 dpi") for i in range(25)]
    rows += [Row("bad.pdf", 2, "ocr", "bad.pdf page 2: OCR failed")]
    lines = list(_each_stage_capped(rows, "out", every=False))
    assert lines[:SHOWN_PER_STAGE] == [r.error for r in rows[:SHOWN_PER_STAGE]]
    assert lines[SHOWN_PER_STAGE:] == [
        "failed: bad.pdf page 2: OCR failed",
        "... and 15 more of stage 'resolution': failures.csv in out lists every one (-v prints them all)"]
    assert len(list(_each_stage_capped(rows, "out", every=True))) == len(rows)
