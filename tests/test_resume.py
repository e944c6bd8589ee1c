"""Runs that are stopped: SIGKILL mid-OCR, then the same command again, ends with the same
CSVs as a run never stopped (the page cache keeps every page read before the kill);
Ctrl-C exits 130 with one message, no traceback from the main process or its workers,
and leaves no worker or Tesseract behind."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

psutil = pytest.importorskip("psutil")  # installed with the dask extra

ROOT = Path(__file__).resolve().parent.parent
INVENTED = ROOT / "samples" / "scans" / "invented"
PAGES = [INVENTED / "report_b_copy2_p1.jpg", INVENTED / "report_b_copy2_p2.jpg", INVENTED / "report_a_copy2.tif"]
CSVS = ("documents.csv", "progress_reports.csv", "variants.csv", "failures.csv")


N_PAGES = 3  # the TIFF is the copy that lost its last page: one frame


def command(out: Path, cache: Path, quiet: bool = True) -> list[str]:
    return [sys.executable, "-m", "pipeline", *map(str, PAGES), "--out", str(out), "--cache", str(cache),
            "--jobs", "2", "--no-report", *(["--quiet"] if quiet else [])]


def cached_rows(cache: Path) -> int:
    try:
        with sqlite3.connect(f"file:{cache}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM pages").fetchone()[0]
    except sqlite3.Error:  # not created yet, or its table not yet
        return 0


def start_and_wait_for_a_cached_page(out: Path, cache: Path) -> tuple[subprocess.Popen, list]:
    """Start the command in its own session (as a terminal would) and return it, with its
    descendants, once at least one page is in the cache."""
    proc = subprocess.Popen(command(out, cache), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while cached_rows(cache) < 1:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no page was cached in 120 s"
        time.sleep(0.05)
    return proc, psutil.Process(proc.pid).children(recursive=True)


def all_gone(procs: list, seconds: float = 10) -> bool:
    _, alive = psutil.wait_procs(procs, timeout=seconds)
    return not [p for p in alive if p.status() != psutil.STATUS_ZOMBIE]


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("whole")
    p = subprocess.run(command(out, out / "cache.sqlite"), cwd=ROOT, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return out


def test_sigkill_then_rerun_gives_the_same_csvs_as_an_uninterrupted_run(uninterrupted, tmp_path):
    cache = tmp_path / "cache.sqlite"
    proc, descendants = start_and_wait_for_a_cached_page(tmp_path / "killed", cache)
    proc.kill()
    proc.wait()
    at_kill = cached_rows(cache)
    assert at_kill < 2 * N_PAGES, "the run finished before it was killed: nothing was resumed"  # 2 keys a page
    assert all_gone(descendants), "workers outlived their killed parent"
    assert not (tmp_path / "killed" / "documents.csv").exists()

    p = subprocess.run(command(tmp_path / "resumed", cache, quiet=False), cwd=ROOT, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert f"OCR: {N_PAGES} pages ({at_kill // 2} from cache, 0 failed)" in p.stderr  # only the rest was read
    for name in CSVS:
        assert (tmp_path / "resumed" / name).read_bytes() == (uninterrupted / name).read_bytes(), name
    assert cached_rows(cache) == 2 * N_PAGES


def test_ctrl_c_exits_130_with_one_message_and_no_traceback(tmp_path):
    proc, descendants = start_and_wait_for_a_cached_page(tmp_path / "out", tmp_path / "cache.sqlite")
    assert descendants, "the OCR workers should be running"
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole foreground group
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert stderr.strip().splitlines() == [
        "thai-ocr-reconcile: interrupted; pages already read are in the OCR cache: run the same command again "
        "to continue"
    ], stderr
    assert all_gone(descendants), "a worker or Tesseract outlived the interrupted run"
    assert not (tmp_path / "out" / "documents.csv").exists()
