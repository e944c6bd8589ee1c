"""Where a page's OCR time goes: rasterise, preprocess, the image hand-off to Tesseract,
recognition, TSV parsing, re-reads (pipeline.reading.re_read: garbled lines, marks
read apart, lost numbers) and the cache write, page by page
in one process, for the way pages were read before and for both engines now.

"before" is the path as it was: Pillow's MedianFilter, the page written as a PNG for a
`tesseract` process. "cli" and "tesserocr" are today's engines (pipeline.tesseract)
after the numpy median. "before" rasterises with pdftoppm (started for every page);
"cli" and "tesserocr" as the workers do now (a page that is one scan at the asked
resolution decoded from its image, any other with pdftoppm), with pdftoppm's time on
the same page shown apart. Stages
are timed on the same page one after another, so a busy machine slows them alike. Used by bench/ocr_speed.py (`make bench-ocr`); runs alone too.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

from PIL import Image, ImageFilter

os.environ["OMP_THREAD_LIMIT"] = "1"  # this bench process reads in-process as a worker does

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.cache import PageCache, page_key  # noqa: E402
from pipeline.ocr_settings import OcrSettings  # noqa: E402
from pipeline.preprocess import despeckle  # noqa: E402
from pipeline.raster import _render_poppler, render_page  # noqa: E402
from pipeline.reading import re_read  # noqa: E402
from pipeline.tesseract import Tesseract, _api  # noqa: E402
from pipeline.tsv import lines_from_output  # noqa: E402

STAGES = ("rasterise", "preprocess", "hand-off", "start + model load", "recognition", "TSV parsing", "re-reads",
          "cache write")
APART = "rasterise with pdftoppm instead (not in the sum)"
PATHS = ("before", "cli", "tesserocr")


def cpu_seconds() -> float:
    """Return the CPU time (user + system) of this process and of its children waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Return the CPU seconds `fn` took (its programs' included) and its value: on a
    machine shared with other work, CPU time varies far less than the wall clock."""
    start = cpu_seconds()
    value = fn()
    return cpu_seconds() - start, value


def _program(args: Sequence[str]) -> None:
    subprocess.run(["tesseract", *args], capture_output=True, check=True, env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"})


def _by_program(image: Image.Image, fmt: str, lang: str, tmp: Path, blank: Path) -> dict[str, object]:
    """Time one page read by the tesseract program from a `fmt` file ("PNG" or "PPM")."""
    source, out = tmp / f"page.{fmt.lower()}", tmp / "out"
    t = {"hand-off": _timed(lambda: image.save(source, format=fmt))[0]}
    t["start + model load"] = _timed(lambda: _program([str(blank), str(tmp / "blank"), "-l", lang]))[0]
    t["recognition"] = _timed(lambda: _program([str(source), str(out), "-l", lang, "txt", "tsv"]))[0] - t["start + model load"]
    t["texts"] = ((tmp / "out.txt").read_text("utf-8"), (tmp / "out.tsv").read_text("utf-8"))
    return t


def _in_process(image: Image.Image, lang: str) -> dict[str, object]:
    """Time one page read by this process's tesserocr engine (the model already loaded)."""
    from pipeline.tesseract import TSV_HEADER

    api = _api(lang)
    api.SetPageSegMode(3)
    t = {"hand-off": _timed(lambda: api.SetImage(image))[0], "start + model load": 0.0}
    t["recognition"] = _timed(api.Recognize)[0]
    t["texts"] = (api.GetUTF8Text(), TSV_HEADER + api.GetTSVText(0))
    return t


def page_times(pdf: Path, page: int, lang: str, dpi: int, tmp: Path, blank: Path) -> dict[str, dict[str, float]]:
    """Return {path: {stage: seconds}} for one page of `pdf`."""
    out: dict[str, dict[str, float]] = {}
    cache = PageCache(tmp / "cache.sqlite")
    for path in PATHS:
        t: dict[str, float] = {}
        raster = (lambda: _render_poppler(pdf, page, dpi, None)) if path == "before" else (lambda: render_page(pdf, page, dpi))
        t["rasterise"], image = _timed(raster)
        if path == "tesserocr":
            t[APART] = _timed(lambda: _render_poppler(pdf, page, dpi, None))[0]
        clean = (lambda: image.filter(ImageFilter.MedianFilter(3))) if path == "before" else (lambda: despeckle(image))
        t["preprocess"], cleaned = _timed(clean)
        read = (_in_process(cleaned, lang) if path == "tesserocr"
                else _by_program(cleaned, "PNG" if path == "before" else "PPM", lang, tmp, blank))
        txt, tsv = read.pop("texts")
        t.update(read)
        t["TSV parsing"], lines = _timed(lambda: lines_from_output(txt, tsv))
        engine = Tesseract(lang, "tesserocr" if path == "tesserocr" else "cli")
        t["re-reads"], lines = _timed(lambda: re_read(cleaned, lines, tsv, OcrSettings(lang=lang), engine))
        settings = asdict(OcrSettings())
        t["cache write"] = _timed(lambda: cache.put(page_key(image, settings), list(lines), f"{path}:{pdf}:{page}"))[0]
        out[path] = t
    cache.close()
    return out


def breakdown(pages: Sequence[tuple[Path, int]], lang: str = "tha+eng", dpi: int = 300) -> str:
    """Return the Markdown table of median CPU seconds per page and stage, per path."""
    samples: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    with tempfile.TemporaryDirectory() as tmp:
        blank = Path(tmp) / "blank.pnm"
        Image.new("L", (32, 32), 255).save(blank, format="PPM")
        _api(lang)  # the engine a worker keeps: loaded once, before the first page
        for pdf, page in pages:
            for path, t in page_times(pdf, page, lang, dpi, Path(tmp), blank).items():
                for stage, secs in t.items():
                    samples[path][stage].append(secs)
    rows = ["| stage | " + " | ".join(PATHS) + " |", "|---|" + "---:|" * len(PATHS)]
    totals = dict.fromkeys(PATHS, 0.0)
    for stage in STAGES:
        cells = []
        for path in PATHS:
            value = statistics.median(samples[path][stage])
            totals[path] += value
            cells.append(f"{value:.3f}")
        rows.append(f"| {stage} | " + " | ".join(cells) + " |")
    rows.append("| **sum** | " + " | ".join(f"**{totals[p]:.2f}**" for p in PATHS) + " |")
    rows.append(f"| {APART} | | | {statistics.median(samples['tesserocr'][APART]):.3f} |")
    return "\n".join(rows)


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="+", type=Path)
    args = ap.parse_args()
    from pipeline.scans import page_count

    print(breakdown([(pdf, p) for pdf in args.pdfs for p in range(1, page_count(pdf) + 1)]))
