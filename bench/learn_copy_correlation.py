"""Learn how alike the copies of one print are misread (pipeline/data/copy_correlation.json).

The noisy-channel vote (pipeline/correct.py) weighs what K copies read against each
candidate text. Copies of one print are not K independent witnesses: the same glyph
fools Tesseract the same way on every scan of it. How much they share is measured
here as the intraclass correlation of misreading: an invented report (samples/generate.py,
its own random seed, not the benchmark's) is printed once in each of the channel's
typefaces (bench/learn_channel.py's FONTS), scanned COPIES times at each noise level
(samples/generate.py's degrade, a scan seed of its own each time) and read by the
pipeline's OCR (pipeline/reading.read_page, default settings). Each OCR line is paired
with the printed line it is most like; each printed character is marked misread in a
copy where the alignment (Levenshtein) does not keep it, or inserts before it. Over
every printed character read by two copies or more,

    rho = (P(two copies both misread it) - p^2) / (p (1 - p)),

p the share misread. K copies then weigh as K / (1 + (K - 1) rho) independent readings
(the design effect of equicorrelated observations): two copies of one print count for
less than two prints, and a hundred for no more than 1 / rho.

`make channel` runs it after bench/learn_channel.py; the OCR'd lines are kept in a cache
file, so a change to the counting alone reruns in seconds (--recount).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))
sys.path.insert(0, str(ROOT / "bench"))

from generate import NOISE, TITLE, degrade, form_lines, invent_report  # noqa: E402
from learn_channel import DPI, FONT_DIR, FONTS, LEVELS, MIN_LINE_SIMILARITY, ocr_or_recount  # noqa: E402
from render import layout_pages, render_pages  # noqa: E402

from pipeline.channel import COPY_CORRELATION_FILE  # noqa: E402
from pipeline.normalize import normalize_text  # noqa: E402
from pipeline.ocr_settings import OcrSettings  # noqa: E402
from pipeline.reading import read_page  # noqa: E402
from pipeline.tesseract import tesseract_version  # noqa: E402

COPIES = 3
LEARN_SEED = 20261206
LINES_CACHE = ROOT / ".copy_lines.json"

Job = tuple[str, str, list[str], list[int]]  # typeface, noise level, printed lines, a scan seed per copy


def jobs() -> list[Job]:
    """Return one print to scan COPIES times per typeface and noise level."""
    rng = random.Random(LEARN_SEED)
    return [(font, level, form_lines(invent_report(rng)), [rng.getrandbits(32) for _ in range(COPIES)])
            for font in FONTS for level in LEVELS]


def read_copies(job: Job) -> list[list[str | None]]:
    """Print one report, scan and OCR it COPIES times; return, for each printed line,
    [printed line, then each copy's reading of it or None where that copy read no line
    like it]. A copy that read two lines like one printed line keeps the likelier."""
    font_name, level, lines, seeds = job
    font = FONT_DIR / f"{font_name}.ttf"
    settings = OcrSettings(dpi=DPI, tesseract=tesseract_version("tha+eng"))
    printed_pages = layout_pages(lines, DPI, font=font)
    pages = render_pages(lines, DPI, header=TITLE, font=font)
    out: list[list[str | None]] = []
    for printed, page in zip(printed_pages, pages):
        truth = [t for t in (normalize_text(t) for t in (TITLE, *printed)) if t]
        rows: dict[str, list[str | None]] = {t: [None] * COPIES for t in truth}
        for c, seed in enumerate(seeds):
            for line in read_page(degrade(page, NOISE[level], random.Random(seed)), settings):
                best = max(truth, key=lambda t: fuzz.ratio(t, line.text))
                score = fuzz.ratio(best, line.text)
                held = rows[best][c]
                if score >= MIN_LINE_SIMILARITY and (held is None or score > fuzz.ratio(best, held)):
                    rows[best][c] = line.text
        out += [[t, *readings] for t, readings in rows.items()]
    return out


def misread_places(printed: str, read: str) -> list[bool]:
    """Return, for each character of `printed`, whether `read` failed to keep it: the
    alignment substitutes or drops it, or inserts before it."""
    marks = [False] * len(printed)
    for op in Levenshtein.opcodes(printed, read):
        if op.tag != "equal":
            for i in range(op.src_start, min(len(printed), max(op.src_end, op.src_start + 1))):
                marks[i] = True
    return marks


def correlation(rows: list[list[str | None]]) -> dict[str, float | int]:
    """Return the intraclass correlation of misreading over `rows` (read_copies) with the
    counts it is made of."""
    characters = misread = pairs = both = 0
    for printed, *readings in rows:
        assert printed is not None
        marks = [misread_places(printed, r) for r in readings if r is not None]
        if len(marks) < 2:
            continue
        k = len(marks)
        for column in zip(*marks):
            n = sum(column)
            characters, misread = characters + k, misread + n
            pairs, both = pairs + k * (k - 1), both + n * (n - 1)
    p, p_both = misread / characters, both / pairs
    return {"copy_correlation": round((p_both - p * p) / (p * (1 - p)), 3), "characters": characters,
            "misread": misread, "copy_pairs": pairs, "both_misread": both}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--recount", action="store_true", help=f"count the lines OCR'd before ({LINES_CACHE.name})")
    args = ap.parse_args()
    cached = ocr_or_recount(LINES_CACHE, args.recount, jobs, read_copies, args.jobs, "rows", "prints")
    figures = correlation(cached["rows"])
    figures["made_by"] = "bench/learn_copy_correlation.py (`make channel`); regenerate with that command"
    figures["from"] = (f"{cached['prints']} prints of invented reports (one per typeface and noise level: typefaces "
                       f"{', '.join(FONTS)}; noise {', '.join(LEVELS)}), each scanned {COPIES} times and OCR'd "
                       f"at {DPI} dpi ({cached['tesseract']}), {cached['date']}")
    COPY_CORRELATION_FILE.write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{COPY_CORRELATION_FILE.relative_to(ROOT)}: rho = {figures['copy_correlation']} over "
          f"{figures['characters']} characters read by two copies or more")


if __name__ == "__main__":
    main()
