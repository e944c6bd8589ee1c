"""OCR speed, side by side in one run on the same pages (issue 3's figures).

Renders pages of the seed report's text with a Thai font (Laksaman, the free lookalike
of TH Sarabun), then times, on those same pages:
  1. the `tesseract` command run page by page in sequence (the plain baseline);
  2. our pipeline with --jobs 1 and an empty cache;
  3. our pipeline with --jobs 2 and an empty cache;
  4. our pipeline again on the warm cache (no OCR at all).
Prints the figures and writes them into bench/RESULTS.md. Run: `make bench-ocr`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.api import reconcile  # noqa: E402
from pipeline.layout import cells  # noqa: E402

SEED = ROOT / "samples" / "text" / "000_d000cb5bc4147d98.txt"
FONT = "/usr/share/fonts/truetype/tlwg/Laksaman.ttf"
RESULTS = ROOT / "bench" / "RESULTS.md"


def seed_lines() -> list[str]:
    """The first copy of the seed as printed lines, layout markup removed."""
    raw = SEED.read_text(encoding="utf-8").splitlines()[:133]
    return [c for line in raw for c in cells(line)]


def render_pages(out: Path, n_pages: int, dpi: int = 300) -> list[Path]:
    """Render `n_pages` A4 PNG pages of the seed's text; return their paths."""
    font = ImageFont.truetype(FONT, int(16 / 72 * dpi))
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    step = int(font.size * 1.6)
    wrapped = [w for line in seed_lines() for w in textwrap.wrap(line, 80)]
    per_page = (height - 2 * dpi) // step
    paths = []
    for p in range(n_pages):
        im = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(im)
        start = (p * per_page) % max(1, len(wrapped) - per_page)
        for i, line in enumerate(wrapped[start:start + per_page]):
            draw.text((dpi, dpi + i * step), line, font=font, fill=0)
        path = out / f"page{p:03d}.png"
        im.save(path, dpi=(dpi, dpi))
        paths.append(path)
    return paths


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=12)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        pages = render_pages(tmpdir, args.pages)
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
    n = len(pages)
    rows = [
        ("`tesseract` CLI, page by page, sequential", t_cli),
        ("pipeline `--jobs 1`, empty cache", t_j1),
        ("pipeline `--jobs 2`, empty cache", t_j2),
        ("pipeline `--jobs 2`, warm cache (no OCR)", t_warm),
    ]
    table = ["| run | seconds | pages/s |", "|---|---:|---:|"]
    table += [f"| {name} | {secs:.2f} | {n / secs:.2f} |" for name, secs in rows]
    ratios = (
        f"- `--jobs 2` vs `--jobs 1`: **{t_j1 / t_j2:.2f}x** the pages per second\n"
        f"- `--jobs 1` vs the tesseract CLI: {t_cli / t_j1:.2f}x\n"
        f"- warm cache vs first run (`--jobs 2`): **{t_j2 / t_warm:.1f}x** faster\n"
    )
    machine = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    section = (
        "## OCR speed (issue 3)\n\n"
        f"{dt.date.today().isoformat()}, {machine}; {n} rendered A4 pages at 300 dpi of the seed's "
        "text in Laksaman, `tha+eng`; the pipeline times include rasterising, OCR, "
        "segmentation and voting.\nCommand: `make bench-ocr` "
        f"(`.venv/bin/python bench/ocr_speed.py --pages {n}`).\n\n" + "\n".join(table) + "\n\n" + ratios
    )
    print(section)
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n\n"
    head, sep, rest = text.partition("## OCR speed (issue 3)")
    tail = rest.split("\n## ", 1)[1] if sep and "\n## " in rest else ""
    RESULTS.write_text(head.rstrip() + "\n\n" + section + ("\n## " + tail if tail else ""), encoding="utf-8")


if __name__ == "__main__":
    main()
