"""Runs that are stopped: SIGKILL mid-OCR, then the same command again, ends with the same
CSVs as a run never stopped (the page cache keeps every page read before the kill);
Ctrl-C exits 130 with one message, no traceback from the main process or its workers,
and leaves no worker or Tesseract behind."""

from __future__ import annotations

import os
import select
import shutil
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
WAIT = 120  # seconds: only a broken run takes this long to reach the awaited state


def command(out: Path, cache: Path, quiet: bool = True) -> list[str]:
    return [sys.executable, "-m", "pipeline", *map(str, PAGES), "--out", str(out), "--cache", str(cache),
            "--jobs", "2", "--no-report", "--page-timeout", "0", *(["--quiet"] if quiet else [])]


def cached_rows(cache: Path) -> int:
    try:
        with sqlite3.connect(f"file:{cache}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM pages").fetchone()[0]
    except sqlite3.Error:  # not created yet, or its table not yet
        return 0


class StuckTesseract:
    """A `tesseract` first on PATH that reads `real_pages` pages with the real program; every
    later page's run writes a line to a FIFO (so the test knows the run is mid-OCR) and
    then waits until it is killed, so the run can never finish on its own. A page's
    numbers read again alone (digits only: pipeline.number_rereads) are read for real:
    they belong to the page before them."""

    def __init__(self, folder: Path, real_pages: int = 0):
        real = shutil.which("tesseract")
        assert real, "Tesseract is not installed"
        self.bin = folder / "bin"
        self.bin.mkdir()
        self.fifo = folder / "ocr-started"
        os.mkfifo(self.fifo)
        claims = folder / "claims"
        claims.mkdir()
        real_runs = " ".join(str(i) for i in range(real_pages))
        script = self.bin / "tesseract"
        script.write_text(f"""#!/bin/sh
case "$*" in *--version*|*--list-langs*|*tessedit_char_whitelist*) exec {real} "$@";; esac
for i in {real_runs}; do mkdir "{claims}/$i" 2>/dev/null && exec {real} "$@"; done
echo "$$" > "{self.fifo}"
exec tail -f /dev/null
""")
        script.chmod(0o755)
        self._reader = os.open(self.fifo, os.O_RDONLY | os.O_NONBLOCK)  # before any writer: echo never blocks

    def env(self) -> dict[str, str]:
        return {**os.environ, "PATH": f"{self.bin}{os.pathsep}{os.environ['PATH']}", "THAI_OCR_ENGINE": "cli"}

    def wait_until_stuck(self, proc: subprocess.Popen) -> None:
        """Return once a page's OCR is stuck in the stand-in; fail if the run ends first
        (its stderr closes)."""
        ready, _, _ = select.select([self._reader, proc.stderr], [], [], WAIT)
        assert self._reader in ready, f"the run ended or wrote before OCR got stuck: {proc.communicate()}"

    def close(self) -> None:
        os.close(self._reader)


AS_FROM_A_TERMINAL = (  # Ctrl-C at its default, then the command: a run started in the background
    # (`make test &`, a CI runner) inherits an ignored SIGINT, which the command rightly keeps ignored
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])"
)


def start(out: Path, cache: Path, tesseract: StuckTesseract) -> tuple[subprocess.Popen, list]:
    """Start the command in its own session with Ctrl-C at its default (as a terminal
    would) and return it, with its descendants, once a page's OCR is stuck."""
    proc = subprocess.Popen([sys.executable, "-c", AS_FROM_A_TERMINAL, *command(out, cache)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True, env=tesseract.env())
    tesseract.wait_until_stuck(proc)
    return proc, psutil.Process(proc.pid).children(recursive=True)


def all_gone(procs: list, seconds: float = 10) -> bool:
    _, alive = psutil.wait_procs(procs, timeout=seconds)
    return not [p for p in alive if p.status() != psutil.STATUS_ZOMBIE]


@pytest.fixture
def tesseract_after_one_page(tmp_path):
    stand_in = StuckTesseract(tmp_path, real_pages=1)
    yield stand_in
    stand_in.close()


@pytest.fixture
def tesseract_stuck(tmp_path):
    stand_in = StuckTesseract(tmp_path)
    yield stand_in
    stand_in.close()


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory, invented_cache) -> Path:
    """The run never stopped, its pages from the test run's cache of the invented scans
    (OCR gives the same text for the same pixels, read now or before)."""
    out = tmp_path_factory.mktemp("whole")
    p = subprocess.run(command(out, invented_cache), cwd=ROOT, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return out


def test_sigkill_then_rerun_gives_the_same_csvs_as_an_uninterrupted_run(uninterrupted, tmp_path,
                                                                         tesseract_after_one_page):
    cache = tmp_path / "cache.sqlite"
    proc, descendants = start(tmp_path / "killed", cache, tesseract_after_one_page)
    deadline = time.monotonic() + WAIT
    while cached_rows(cache) < 2:  # the one page read for real reaches the cache; no other page can
        assert proc.poll() is None and time.monotonic() < deadline, "the page read was never cached"
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    assert cached_rows(cache) == 2  # one page, under its pixel key and its file key
    assert all_gone(descendants), "workers outlived their killed parent"
    assert not (tmp_path / "killed" / "documents.csv").exists()

    p = subprocess.run(command(tmp_path / "resumed", cache, quiet=False), cwd=ROOT, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert f"OCR: {N_PAGES} pages (1 from cache, 0 failed)" in p.stderr  # only the rest was read
    for name in CSVS:
        assert (tmp_path / "resumed" / name).read_bytes() == (uninterrupted / name).read_bytes(), name
    assert cached_rows(cache) == 2 * N_PAGES


def test_ctrl_c_exits_130_with_one_message_and_no_traceback(tmp_path, tesseract_stuck):
    proc, descendants = start(tmp_path / "out", tmp_path / "cache.sqlite", tesseract_stuck)
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
