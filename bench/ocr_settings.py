"""OCR settings on the accuracy bench: page segmentation mode (with and without
despeckling), resolution, PDF renderer and the re-read of marks read as a line apart
(pipeline.mark_lines), each scored on the same synthetic archives.

The archives are bench/accuracy.py's (invented reports printed and scanned at every
noise level, K copies each, the same seed for every setting, so every setting reads the
same scans); each setting OCRs them with the pipeline and is scored as accuracy.py
scores: one copy alone (the median copy) and the reconciliation of K copies.
Prints a table and, unless --quick, writes it to bench/RESULTS.md.

Run: `.venv/bin/python bench/ocr_settings.py [--quick] [--reports N] [--only NAME ...]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "samples"))

import accuracy  # noqa: E402
from generate import invent_report  # noqa: E402
from results import update_section  # noqa: E402

from pipeline.api import Options  # noqa: E402
from pipeline.dictionary import load_dictionaries  # noqa: E402
from pipeline.document import FieldVoter  # noqa: E402
from pipeline.ocr import OcrSettings, ocr_pages  # noqa: E402
from pipeline.template import load_template  # noqa: E402
from pipeline.tesseract import tesseract_version  # noqa: E402

BEFORE = dict(renderer="poppler", psm=3, preprocess=("despeckle",), dpi=300)
SETTINGS: dict[str, dict] = {
    "psm 3, despeckle, 300 dpi (before)": BEFORE,
    "psm 3, no despeckle, 300 dpi": dict(BEFORE, preprocess=()),
    "psm 4, despeckle, 300 dpi": dict(BEFORE, psm=4),
    "psm 4, no despeckle, 300 dpi": dict(BEFORE, psm=4, preprocess=()),
    "psm 6, despeckle, 300 dpi": dict(BEFORE, psm=6),
    "psm 6, no despeckle, 300 dpi": dict(BEFORE, psm=6, preprocess=()),
    "psm 3, despeckle, 250 dpi": dict(BEFORE, dpi=250),
    "psm 3, despeckle, 200 dpi": dict(BEFORE, dpi=200),
    "psm 3, despeckle, 300 dpi, pdfium renderer": dict(BEFORE, renderer="pdfium"),
    "psm 3, despeckle, 300 dpi, marks read apart left as read": dict(BEFORE, reread_marks=False),
}


def use_settings(settings: OcrSettings) -> None:
    """Make accuracy.scan read its pages with `settings` (it reads through accuracy.iter_pages)."""
    accuracy.iter_pages = lambda paths, options: ocr_pages(paths, settings, options.jobs, None)


def run(name: str, chosen: dict, args, levels, ks, voters: accuracy.Voters) -> str:
    """Return the table row of one setting: OCR every level's archive with it, score K=1 and K=max."""
    lang = "tha+eng"
    settings = OcrSettings(lang=lang, tesseract=tesseract_version(lang), **chosen)
    use_settings(settings)
    rng = random.Random(args.seed)
    totals = {k: accuracy.Score() for k in (1, max(ks))}
    single, seconds, pages = accuracy.Score(), 0.0, 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, noise in enumerate(levels):
            reports = [invent_report(rng) for _ in range(args.reports)]
            archive = accuracy.read_archive(accuracy.scan(noise, reports, max(ks), Path(tmp), seed=100 + i,
                                                          options=Options(jobs=args.jobs, use_cache=False),
                                                          font=accuracy.FONT.with_stem(args.font)))
            seconds, pages = seconds + archive.ocr_seconds, pages + archive.pages
            outcome = accuracy.evaluate(archive, ks, voters)
            single += outcome.scores[(1, "single copy (median)")]
            totals[max(ks)] += outcome.scores[(max(ks), "pipeline")]
    row = f"| {name} | {single.cells()} | {totals[max(ks)].cells()} | {seconds / max(1, pages):.2f} |"
    print(row, flush=True)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="medium noise only, 1 report, printed only")
    ap.add_argument("--reports", type=int, default=2, help="reports per noise level")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", nargs="*", help="run the settings whose name holds one of these strings")
    ap.add_argument("--seed", type=int, default=20261125, help="random seed of the invented reports: another draw")
    ap.add_argument("--font", default=accuracy.FONT.stem, metavar="FACE",
                    choices=sorted(p.stem for p in accuracy.FONT.parent.glob("*.ttf")),
                    help="the typeface the reports are printed in (see bench/accuracy.py --font)")
    args = ap.parse_args()
    levels = ("medium",) if args.quick else ("light", "medium", "heavy")
    if args.quick:
        args.reports = 1
    ks = (1, 2, 3)
    names = [n for n in SETTINGS if not args.only or any(part in n for part in args.only)]
    template, dictionary = load_template(), load_dictionaries()
    voters = accuracy.Voters(FieldVoter(template, dictionary, use_lm=False), FieldVoter(template, dictionary),
                             FieldVoter(template, load_dictionaries([accuracy.MAPPINGS])))
    header = ["| setting | K=1 documents | K=1 progress reports | K=1 CER | K=1 WER "
              f"| K={max(ks)} documents | K={max(ks)} progress reports | K={max(ks)} CER | K={max(ks)} WER "
              "| OCR s/page |", "|---|" + "---:|" * 9]
    print("\n".join(header), flush=True)
    started = time.perf_counter()
    rows = [run(n, SETTINGS[n], args, levels, ks, voters) for n in names]
    machine = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    section = (
        f"{dt.date.today().isoformat()}, {machine}, shared with other jobs (load average above 4 on 2 cores), "
        f"so the s/page column is only a rough guide (bench/ocr_speed.py compares speed side by side). "
        f"{args.reports} invented reports per noise level ({', '.join(levels)}), {max(ks)} scanned copies each "
        "(bench/accuracy.py's archives, scanned at 200 dpi, the same scans for every setting); "
        f"K=1 is the median single copy, K={max(ks)} the pipeline's reconciliation of {max(ks)} copies; "
        f"Tesseract {tesseract_version('tha+eng')}. "
        f"{time.perf_counter() - started:.0f} s in all.\n"
        f"Command: `.venv/bin/python bench/ocr_settings.py {' '.join(sys.argv[1:])}`.\n\n"
        + "\n".join(header + rows)
    )
    if not args.quick and not args.only and args.seed == 20261125 and args.font == accuracy.FONT.stem:
        update_section("OCR settings: page segmentation, despeckling, resolution, renderer", section)


if __name__ == "__main__":
    main()
