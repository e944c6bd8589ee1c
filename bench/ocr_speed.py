"""OCR speed, side by side in one run on the same pages (issue 3's figures).

Renders pages of the seed report's copies with samples/render.py (Laksaman, the free
lookalike of TH Sarabun, 300 dpi), then times, on those same pages:
  1. the `tesseract` command run page by page in sequence (the plain baseline);
  2. our pipeline with --jobs 1 and an empty cache;
  3. our pipeline with --jobs 2 and an empty cache;
  4. our pipeline again on the warm cache (no OCR at all);
  5. OCRmyPDF (`--sidecar`, `-j 2`, `--output-type pdf`, `--force-ocr`) on the same pages
     as one PDF, and our pipeline `--jobs 2` on that same PDF.
Prints the figures and writes them into bench/RESULTS.md. Run: `make bench-ocr` (or
`make bench`, which runs every benchmark).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "samples"))
sys.path.insert(0, str(ROOT / "bench"))

from pipeline.api import reconcile  # noqa: E402
from pipeline.ocr import OcrSettings, ocr_pages  # noqa: E402
from pipeline.tesseract import tesseract_version  # noqa: E402
from render import render_pages, seed_copies  # noqa: E402
from results import update_section  # noqa: E402



def render_bench_pages(out: Path, n_pages: int, dpi: int = 300) -> list[Path]:
    """Write `n_pages` PNG pages of the seed's copies (cycled) at `dpi`; return their paths."""
    pages = [pg for lines in seed_copies() for pg in render_pages(lines, dpi=dpi)]
    paths = []
    for i in range(n_pages):
        path = out / f"page{i:03d}.png"
        pages[i % len(pages)].save(path, dpi=(dpi, dpi))
        paths.append(path)
    return paths


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=12)
    ap.add_argument("--quick", action="store_true", help="4 pages, results printed, not written")
    args = ap.parse_args()
    if args.quick:
        args.pages = 4
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        pages = render_bench_pages(tmpdir, args.pages)
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        t_cli = timed(lambda: [
            subprocess.run(["tesseract", str(p), "-", "-l", "tha+eng"], capture_output=True, check=True, env=env)
            for p in pages
        ])
        cache1, cache2 = tmpdir / "c1.sqlite", tmpdir / "c2.sqlite"
        t_j1 = timed(lambda: reconcile(pages, cache=cache1, jobs=1))
        t_j2 = timed(lambda: reconcile(pages, cache=cache2, jobs=2))
        warm = {}
        t_warm = timed(lambda: warm.setdefault("r", reconcile(pages, cache=cache2, jobs=2)))
        assert warm["r"].ocr.cached == len(pages), "the warm run OCR'd pages"
        pdf = tmpdir / "pages.pdf"
        images = [Image.open(p) for p in pages]
        images[0].save(pdf, save_all=True, append_images=images[1:], resolution=300)
        ocrmypdf = shutil.which("ocrmypdf") or str(Path(sys.executable).parent / "ocrmypdf")
        t_ocrmypdf, why_not = None, ""
        if Path(ocrmypdf).exists():
            t_ocrmypdf = timed(lambda: subprocess.run(
                [ocrmypdf, "-l", "tha+eng", "-j", "2", "--sidecar", str(tmpdir / "side.txt"), "--output-type", "pdf",
                 "--force-ocr", "--quiet", str(pdf), str(tmpdir / "ocr.pdf")], check=True, env=env))
        else:
            why_not = "OCRmyPDF is not installed in .venv (`make bench` installs it with the `bench` extra)"
        t_pdf = timed(lambda: reconcile([pdf], cache=tmpdir / "c4.sqlite", jobs=2))
        settings = OcrSettings(tesseract=tesseract_version("tha+eng"))
        t_stage_cold = timed(lambda: list(ocr_pages(pages, settings, 2, tmpdir / "c3.sqlite")))
        t_stage_warm = timed(lambda: list(ocr_pages(pages, settings, 2, tmpdir / "c3.sqlite")))
    n = len(pages)
    rows = [
        ("`tesseract` CLI, page by page, sequential", t_cli),
        ("pipeline `--jobs 1`, empty cache", t_j1),
        ("pipeline `--jobs 2`, empty cache", t_j2),
        ("pipeline `--jobs 2`, warm cache (no OCR)", t_warm),
        ("OCR stage alone, `--jobs 2`, empty cache", t_stage_cold),
        ("OCR stage alone, warm cache", t_stage_warm),
        ("pipeline `--jobs 2`, empty cache, the pages as one PDF", t_pdf),
    ]
    if t_ocrmypdf is not None:
        rows.append(("OCRmyPDF `-j 2 --sidecar`, the pages as one PDF", t_ocrmypdf))
    table = ["| run | seconds | pages/s |", "|---|---:|---:|"]
    table += [f"| {name} | {secs:.2f} | {n / secs:.2f} |" for name, secs in rows]
    ratios = (
        f"- `--jobs 2` vs `--jobs 1`: **{t_j1 / t_j2:.2f}x** the pages per second\n"
        f"- `--jobs 1` vs the tesseract CLI: {t_cli / t_j1:.2f}x\n"
        f"- warm cache vs first run, whole pipeline (`--jobs 2`): **{t_j2 / t_warm:.1f}x** faster; "
        "the warm run is then mostly loading dictionaries and voting, a fixed cost that "
        "does not grow with pages\n"
        f"- warm cache vs first run, OCR stage alone: **{t_stage_cold / t_stage_warm:.0f}x** faster\n"
        + (f"- pipeline `--jobs 2` vs OCRmyPDF `-j 2` on the same PDF: **{t_ocrmypdf / t_pdf:.2f}x** the pages per "
           "second (OCRmyPDF also writes a searchable PDF; we also reconcile)\n" if t_ocrmypdf else f"- OCRmyPDF: not run: {why_not}\n")
    )
    machine = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    section = (
        f"{dt.date.today().isoformat()}, {machine}; {n} A4 pages of the seed's copies rendered "
        "at 300 dpi in Laksaman (samples/render.py), `tha+eng`; the pipeline times include rasterising, OCR, "
        "segmentation and voting.\nCommand: `make bench-ocr` "
        f"(`.venv/bin/python bench/ocr_speed.py --pages {n}`).\n\n" + "\n".join(table) + "\n\n" + ratios
    )
    print(section)
    if not args.quick:
        update_section("OCR speed (issues 3 and 4)", section)


if __name__ == "__main__":
    main()
