"""OCR speed, side by side in one run on the same scanned pages.

Prints invented reports as scanned PDFs (samples/generate.py, medium noise, 300 dpi),
rasterises them once with pdftoppm for the plain-Tesseract baselines, then times, in
rounds that interleave every setup (so a machine shared with other work slows them
alike), each on the same pages:
  - `tesseract -l tha+eng` on the rasterised pages, one at a time and two at a time
    (`xargs -P`, OMP_THREAD_LIMIT=1): Tesseract's own speed, the target;
  - the pipeline (`python -m pipeline PDFS --no-report`) with `--jobs 1` and `--jobs 2`
    and an empty cache, then again on the warm cache;
  - OCRmyPDF `-j 2 --sidecar`, file after file;
  - with `--before REV`, the pipeline as it was at git revision REV, `--jobs 1` and `--jobs 2`.
The median of the rounds is quoted, with ratios. Then the per-page time breakdown by
stage (bench/ocr_breakdown.py). Prints the figures and, unless --quick or --print-only,
writes them to bench/RESULTS.md. Run: `make bench-ocr`. The language model is stored
beside the caches before the first round, as an earlier run leaves it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))
sys.path.insert(0, str(ROOT / "bench"))

from generate import CopySpec, FileSpec, invent_report, write_archive  # noqa: E402
from ocr_breakdown import breakdown, cpu_seconds  # noqa: E402
from results import update_section  # noqa: E402

from pipeline.ocr_settings import OcrSettings  # noqa: E402
from pipeline.scans import page_count  # noqa: E402
from pipeline.tesseract import tesseract_version, worker_engine  # noqa: E402

LANG = "tha+eng"
ONE_THREAD = {**os.environ, "OMP_THREAD_LIMIT": "1"}
TESSERACT_2 = "`tesseract`, two at a time (`xargs -P 2`)"
PIPELINE_2 = "pipeline `--jobs 2`, empty cache"
PIPELINE_1 = "pipeline `--jobs 1`, empty cache"
BEFORE_1 = "pipeline before (`--before`), `--jobs 1`, empty cache"


def make_pdfs(out: Path, n_reports: int, dpi: int) -> list[Path]:
    """Write one scanned PDF per invented report (medium noise); return their paths."""
    rng = random.Random(20261130)
    reports = [invent_report(rng) for _ in range(n_reports)]
    files = [FileSpec(f"report{i}.pdf", [CopySpec(i, "medium")]) for i in range(n_reports)]
    write_archive(out, reports, files, seed=7, dpi=dpi)
    return [out / f.name for f in files]


def rasterise(pdfs: Sequence[Path], out: Path, dpi: int) -> list[Path]:
    """Rasterise every page with pdftoppm (greyscale PGM at `dpi`), untimed: the baselines' input."""
    for pdf in pdfs:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), str(out / pdf.stem)], check=True)
    return sorted(out.glob("*.pgm"))


def setups(tmp: Path, pdfs: Sequence[Path], pages: Sequence[Path], before: Path | None) -> dict[str, Callable[[int], None]]:
    """Return each timed setup as a function of the round number. A pipeline run starts
    on a new, empty cache file; the warm run that follows it re-reads that round's file."""
    def tesseract(parallel: int) -> Callable[[int], None]:
        listing = "\n".join(map(str, pages)).encode()
        return lambda r: subprocess.run(["xargs", "-P", str(parallel), "-I{}", "tesseract", "{}", "-", "-l", LANG],
                                        input=listing, capture_output=True, check=True, env=ONE_THREAD)

    def pipeline(jobs: int, tree: Path, cache: str) -> Callable[[int], None]:
        def run(r: int) -> None:
            cmd = [sys.executable, "-m", "pipeline", *map(str, pdfs), "--out", str(tmp / f"out-{cache}-{r}"),
                   "--jobs", str(jobs), "--no-report", "--quiet", "--cache", str(tmp / f"{cache}-{r}.sqlite")]
            subprocess.run(cmd, check=True, env={**os.environ, "PYTHONPATH": str(tree)}, cwd=tree, capture_output=True)
        return run

    timed = {
        "`tesseract`, one page at a time": tesseract(1),
        TESSERACT_2: tesseract(2),
        PIPELINE_1: pipeline(1, ROOT, "j1"),
        PIPELINE_2: pipeline(2, ROOT, "j2"),
        "pipeline `--jobs 2`, warm cache": pipeline(2, ROOT, "j2"),
    }
    ocrmypdf = shutil.which("ocrmypdf") or str(Path(sys.executable).parent / "ocrmypdf")
    if Path(ocrmypdf).exists():
        timed["OCRmyPDF `-j 2 --sidecar`, file after file"] = lambda r: [subprocess.run(
            [ocrmypdf, "-l", LANG, "-j", "2", "--sidecar", str(tmp / "side.txt"), "--output-type", "pdf",
             "--force-ocr", "--quiet", str(pdf), str(tmp / "ocr.pdf")], check=True, env=ONE_THREAD) for pdf in pdfs]
    else:
        print("OCRmyPDF is not installed (`make bench-deps`): its row is left out", file=sys.stderr)
    if before is not None:
        timed[BEFORE_1] = pipeline(1, before, "before1")
        timed["pipeline before (`--before`), `--jobs 2`, empty cache"] = pipeline(2, before, "before")
    return timed


def store_language_model(folder: Path) -> None:
    """Build the language model and store it in `folder`, untimed, as an earlier run would
    have left it beside the page caches: no timed run pays its one-time build."""
    from pipeline.dictionary import load_dictionaries
    from pipeline.model_store import load_corrector

    load_corrector([e for kind in load_dictionaries([]).entries.values() for e in kind], folder)


def checkout(rev: str, out: Path) -> Path:
    """Extract the source tree of git revision `rev` into `out`; return it."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "pipeline", "samples", "dictionaries"],
                             capture_output=True, check=True).stdout
    out.mkdir()
    subprocess.run(["tar", "-x", "-C", str(out)], input=archive, check=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=5, help="scanned reports (about two pages each)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--dpi", type=int, default=OcrSettings().dpi)
    ap.add_argument("--before", metavar="REV", help="also time the pipeline at this git revision")
    ap.add_argument("--quick", action="store_true", help="2 reports, 1 round, printed only")
    ap.add_argument("--print-only", action="store_true",
                    help="print the figures without the per-stage breakdown and without writing bench/RESULTS.md")
    ap.add_argument("--parallel-only", action="store_true",
                    help="time only `tesseract` two at a time and the pipeline `--jobs 2` with an empty cache "
                    "(and --before): the target's figures, in less time on a shared machine")
    args = ap.parse_args()
    if args.quick:
        args.reports, args.rounds = 2, 1
    seconds: dict[str, list[float]] = defaultdict(list)
    cpu: dict[str, list[float]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        (tmpdir / "pdf").mkdir()
        (tmpdir / "pgm").mkdir()
        pdfs = make_pdfs(tmpdir / "pdf", args.reports, 300)
        pages = rasterise(pdfs, tmpdir / "pgm", args.dpi)
        before = checkout(args.before, tmpdir / "before") if args.before else None
        store_language_model(tmpdir)
        timed = setups(tmpdir, pdfs, pages, before)
        if args.parallel_only:
            timed = {name: run for name, run in timed.items() if name in (TESSERACT_2, PIPELINE_2) or "before" in name and name != BEFORE_1}
        for r in range(args.rounds):
            for name, run in timed.items():
                started, used = time.perf_counter(), cpu_seconds()
                run(r)
                seconds[name].append(time.perf_counter() - started)
                cpu[name].append(cpu_seconds() - used)
                print(f"round {r + 1}: {name}: {seconds[name][-1]:.1f} s, {cpu[name][-1]:.1f} CPU s", file=sys.stderr,
                      flush=True)
        table = "(left out: --print-only)" if args.print_only else breakdown(
            [(pdf, p) for pdf in pdfs for p in range(1, page_count(pdf) + 1)], LANG, args.dpi)
    n = len(pages)
    median = {name: statistics.median(v) for name, v in seconds.items()}
    work = {name: statistics.median(v) for name, v in cpu.items()}
    rows = ["| run | wall s (median) | pages/s | wall s by round | CPU s (median) | CPU s per page |",
            "|---|---:|---:|---|---:|---:|"]
    rows += [f"| {name} | {secs:.2f} | {n / secs:.3f} | {', '.join(f'{s:.1f}' for s in seconds[name])} | "
             f"{work[name]:.1f} | {work[name] / n:.2f} |" for name, secs in median.items()]
    j2, t2, c2 = median[PIPELINE_2], median[TESSERACT_2], work[PIPELINE_2]
    ratios = [f"- pipeline `--jobs 2` vs `tesseract` two at a time: **{t2 / j2:.2f}x** the pages per second "
              f"(wall); **{work[TESSERACT_2] / c2:.2f}x** the pages per CPU second"]
    if not args.parallel_only:
        ratios += [f"- pipeline `--jobs 1` vs `tesseract` one at a time: "
                   f"{median['`tesseract`, one page at a time'] / median[PIPELINE_1]:.2f}x",
                   f"- warm cache vs empty cache, pipeline `--jobs 2`: "
                   f"{j2 / median['pipeline `--jobs 2`, warm cache']:.1f}x faster"]
    if BEFORE_1 in median and PIPELINE_1 in median:
        ratios.append(f"- pipeline `--jobs 1` vs {BEFORE_1}: **{median[BEFORE_1] / median[PIPELINE_1]:.2f}x** the "
                      f"pages per second (wall); **{work[BEFORE_1] / work[PIPELINE_1]:.2f}x** the pages per CPU second")
    for name in median:
        if name.startswith(("OCRmyPDF", "pipeline before")) and name != BEFORE_1:  # how many times faster we are
            ratios.append(f"- pipeline `--jobs 2` vs {name}: **{median[name] / j2:.2f}x** the pages per second (wall); "
                          f"**{work[name] / c2:.2f}x** the pages per CPU second")
    load = os.getloadavg()
    section = (
        f"{dt.date.today().isoformat()}, {os.cpu_count()} cores, {platform.machine()}, Python "
        f"{platform.python_version()}; load average {load[0]:.1f} at the end (the machine was shared with other "
        f"jobs: wall-clock figures vary from round to round, so CPU seconds, this process's and every program it waited for, are given beside them as the steadier measure of work). {n} A4 pages of "
        f"{args.reports} invented reports scanned at 300 dpi with medium noise, one PDF each; read at {args.dpi} dpi, "
        f"`{LANG}`, default settings ({OcrSettings().renderer} renderer, psm {OcrSettings().psm}, "
        f"the {worker_engine()} engine in the workers, Tesseract {tesseract_version(LANG)}); "
        "the pipeline runs are whole CLI runs (start-up, OCR, segmentation, voting; "
        "`--no-report`). Rounds interleave every setup; medians quoted.\n"
        f"Command: `.venv/bin/python bench/ocr_speed.py {' '.join(sys.argv[1:])}`"
        + (f" (`--before {args.before}`: the pipeline before this work)" if args.before else "") + ".\n\n"
        + "\n".join(rows) + "\n\n" + "\n".join(ratios)
        + "\n\nCPU seconds per page by stage (median over the pages; one process, the stages of a page run one "
        "after another, the programs they start included; bench/ocr_breakdown.py):\n\n" + table
    )
    print(section)
    if not (args.quick or args.print_only):
        update_section("OCR speed", section)


if __name__ == "__main__":
    main()
