"""Memory on a growing archive: the peak resident memory of a whole run, up to 2,000 pages.

Writes a synthetic archive of text pages (already OCR'd, so the run costs seconds, not
hours): invented reports (samples/generate.py's invent_report and form_lines), each
printed as COPIES copies with OCR-like character noise (bench/stage_runs.py's
`noisy`), each copy split over two files, one file a page, so copies run on from one file
into the next as they do in a scanned binder. Then runs the whole pipeline on it
(pipeline.api.reconcile with the command line's defaults: ingest, segment, extract, group,
vote, the four CSV files and the review page) in a fresh process per size, and reports
that process's peak resident set (ru_maxrss) and, separately, the largest of its child
processes (OCR workers: none for text pages), with the wall time.

Run: `make bench-memory` (`.venv/bin/python bench/memory.py`); `--pages 200 2000` for
other sizes, `--quick` to print without writing bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stage_runs import ROOT, noisy  # noqa: E402  (stage_runs puts the tree and samples/ on sys.path)

COPIES = 4
PAGES_PER_COPY = 2
HEADING = "Memory on a 2,000-page archive"
SCANS = ROOT / "samples" / "scans" / "invented"


def write_archive(folder: Path, pages: int, seed: int = 6) -> dict[str, int]:
    """Write `pages` text pages (PAGES_PER_COPY per copy, COPIES copies per report) into `folder`."""
    from generate import TITLE, form_lines, invent_report

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    copies = pages // PAGES_PER_COPY
    written = 0
    for r in range((copies + COPIES - 1) // COPIES):
        report = invent_report(rng)
        for c in range(min(COPIES, copies - r * COPIES)):
            lines = [noisy(line, rng) for line in form_lines(report)]
            cut = len(lines) // PAGES_PER_COPY
            for p in range(PAGES_PER_COPY):
                chunk = lines[p * cut: (p + 1) * cut if p < PAGES_PER_COPY - 1 else len(lines)]
                text = "\n".join([TITLE, *chunk]) + "\n"
                (folder / f"r{r:05d}_c{c}_p{p + 1}.txt").write_text(text, encoding="utf-8")
                written += 1
    return {"pages": written, "copies": copies, "reports": (copies + COPIES - 1) // COPIES}


def child(folder: Path, out: Path, report: bool) -> dict:
    """Run the pipeline on `folder` in this process; return its figures."""
    from pipeline.api import reconcile

    t0 = time.perf_counter()
    result = reconcile([folder], out=out, jobs=os.cpu_count() or 1, use_cache=False, report=report,
                       keep_tables=False)
    seconds = time.perf_counter() - t0
    return {
        "seconds": seconds,
        "inputs": result.n_inputs,
        "witnesses": result.n_witnesses,
        "documents": result.n_documents,
        "failures": len(result.failures),
        "ocr_pages": result.ocr.pages,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "children_peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def run_child(folder: Path, out: Path, report: bool) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--child", str(folder), str(out), "report" if report else "csv"],
                          capture_output=True, text=True, check=True)
    return {**json.loads(proc.stdout.strip().splitlines()[-1]), "wall": time.perf_counter() - t0}


def measure(pages: int, work: Path, scans: bool = False) -> dict:
    """Write an archive of `pages` text pages (plus the invented sample scans when `scans`)
    and run the pipeline on it, with and without the review page."""
    folder = work / f"archive_{pages}{'_scans' if scans else ''}"
    made = write_archive(folder, pages)
    made["scanned"] = 0
    if scans:
        from pipeline.scans import inspect_scan

        for scan in sorted(SCANS.iterdir()):
            shutil.copy(scan, folder / scan.name)
            made["scanned"] += inspect_scan(scan, 300)[0]
    full = run_child(folder, work / f"out_{pages}", report=True)
    csv_only = run_child(folder, work / f"csv_{pages}", report=False)
    return {**made, **full, "ocr_pages": full["ocr_pages"], "csv_peak_mib": csv_only["peak_mib"], "csv_seconds": csv_only["seconds"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[20, 500, 1000, 2000])
    ap.add_argument("--quick", action="store_true", help="print the results, do not write bench/RESULTS.md")
    ap.add_argument("--no-scans", action="store_true",
                    help="skip the last row: the largest archive plus the invented sample scans, OCR'd")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child[0]), Path(args.child[1]), args.child[2] == "report")))
        return
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        sizes = [(n, False) for n in args.pages] + ([] if args.no_scans else [(max(args.pages), True)])
        for n, scans in sizes:
            rows.append(measure(n, Path(tmp), scans))
            r = rows[-1]
            print(f"{r['pages']} pages + {r['scanned']} scanned ({r['copies']} copies, {r['reports']} reports): run {r['seconds']:.1f} s "
                  f"(process {r['wall']:.1f} s), peak RSS {r['peak_mib']:.0f} MiB ({r['csv_peak_mib']:.0f} MiB "
                  f"without the review page), children {r['children_peak_mib']:.0f} MiB, {r['documents']} reports "
                  f"out, {r['failures']} failures", file=sys.stderr)
    table = ["| text pages | scanned pages (OCR'd) | copies | reports out | seconds | pages/s | peak RSS, main process | "
             "without the review page | peak RSS, largest child |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        table.append(f"| {r['pages']:,} | {r['scanned']} | {r['witnesses']:,} | {r['documents']:,} | {r['seconds']:.1f} | "
                     f"{(r['pages'] + r['scanned']) / r['seconds']:,.0f} | {r['peak_mib']:,.0f} MiB | {r['csv_peak_mib']:,.0f} MiB | "
                     f"{r['children_peak_mib']:,.0f} MiB |")
    ordered = sorted((r for r in rows if not r["scanned"]), key=lambda r: r["pages"])
    small, big = ordered[0], ordered[-1]
    mid = ordered[1] if len(ordered) > 2 else small

    def per_page(key: str) -> float:
        return (big[key] - mid[key]) * 1024 / max(1, big["pages"] - mid["pages"])
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    section = (
        f"{dt.date.today().isoformat()}, {os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()}. "
        f"A synthetic archive of text pages (one .txt file a page): invented reports, {COPIES} noisy copies each, "
        f"each copy over {PAGES_PER_COPY} files; the whole pipeline with the command line's defaults (all four CSV "
        "files and the review page), each size in a fresh process. Peak RSS is ru_maxrss: of the process "
        "that runs the pipeline, and of its largest child (the OCR workers; text pages need none).\n"
        f"Command: `make bench-memory` (`.venv/bin/python bench/memory.py --pages {' '.join(map(str, args.pages))}`).\n\n"
        + "\n".join(table)
        + f"\n\nThe fixed cost (Python, pandas, pythainlp, the dictionaries) is the {small['pages']}-page run's "
        f"{small['csv_peak_mib']:.0f} MiB ({small['peak_mib']:.0f} MiB with the review page, whose renderer "
        f"loads on first use). From {mid['pages']:,} to {big['pages']:,} pages the peak grows by about "
        f"{per_page('csv_peak_mib'):.0f} KiB a page for the CSV files alone and {per_page('peak_mib'):.0f} KiB a "
        "page with the review page, which is one HTML file rendered whole in memory (of at most the first "
        "1,000 reports). What grows without it is small: each copy's grouping view (code, name, agency, "
        "person); a copy's lines are held only until the next copy starts, its readings are spilled to a "
        "temporary SQLite file, and reports are voted and written 200 at a time (bench/RESULTS.md, "
        "\"Reconcile stage alone\", for 100,000 copies). No page image is held: a scanned page is rasterised and read inside an "
        "OCR worker, which sends back only its lines, at most twice --jobs pages ahead of the stream"
        + (f": the last row adds {rows[-1]['scanned']} scanned pages, OCR'd with an empty cache (`--jobs "
           f"{os.cpu_count()}`), and the main process's peak moves by "
           f"{rows[-1]['peak_mib'] - big['peak_mib']:+.0f} MiB while the largest child (an OCR worker or its "
           f"Tesseract) peaks at {rows[-1]['children_peak_mib']:.0f} MiB." if rows[-1]["scanned"] else ".")
        + "\n"
    )
    print(section)
    if not args.quick:
        from results import update_section

        update_section(HEADING, section)


if __name__ == "__main__":
    main()
