"""Learn the OCR confusion channel (pipeline/data/ocr_channel.tsv) from printed and read text.

Pairs of truth and Tesseract output are made here, never taken from the seed: invented
reports (samples/generate.py, drawn with their own random seed, not the benchmark's)
and pages of common Thai words (the Thai National Corpus's most frequent words, as
pythainlp ships them), each printed in several Thai typefaces (fonts-thai-tlwg), scanned
at three noise levels (samples/generate.py's degrade) and read by the pipeline's own OCR
(pipeline/reading.read_page, default settings). Every OCR line is paired with the printed
line it is most like; the pairs are aligned code point by code point
(pipeline/channel.edit_ops) and every kept, substituted, dropped and inserted character
is counted, and a mark stacked on another counted again with it as one
(pipeline/channel.stacked_steps), and a mark read on the wrong letter counted again as
moved (pipeline/channel.moved_steps). pipeline/channel.table_rows turns the counts into
smoothed probabilities.

The OCR'd pairs are kept in a cache file, so a change to the counting alone reruns in
seconds (--recount). `make channel` regenerates the table from scratch (a few minutes to
a quarter of an hour on 2 cores, as fast as Tesseract runs on the machine).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))

from generate import NOISE, TITLE, degrade, form_lines, invent_report  # noqa: E402
from render import layout_pages, render_pages  # noqa: E402

from pipeline.channel import (DATA_FILE, GAP, MOVED, SPACED, THAI_GAP, WORD, edit_ops, gap_steps,  # noqa: E402
                              moved_steps, stacked_steps, thai_gaps, write_table)
from pipeline.normalize import normalize_text  # noqa: E402
from pipeline.ocr_settings import OcrSettings  # noqa: E402
from pipeline.reading import read_page  # noqa: E402
from pipeline.tesseract import tesseract_version  # noqa: E402

FONT_DIR = Path("/usr/share/fonts/truetype/tlwg")
FONTS = ("Laksaman", "Garuda", "Kinnari", "Loma", "Norasi", "Sawasdee", "Umpush", "Waree", "TlwgTypist")
# Faces printed and read for their marks read on the wrong letter alone (channel.moved_steps):
# TlwgMono draws each mark in a cell of its own, and Tesseract reads a quarter of its marks
# after the next letter, which no other face shows; its other slips (twice as many edits as
# the nine faces together) would make the table fold nearly every letter into one skeleton.
MOVES_ONLY_FONTS = ("TlwgMono",)
LEVELS = ("light", "medium", "heavy")
PAIRS_CACHE = ROOT / ".channel_pairs.json"
MIN_LINE_SIMILARITY = 60.0
LEARN_SEED = 20261130
DPI = 200


def word_lines(rng: random.Random, n_lines: int = 28, per_line: int = 9) -> list[str]:
    """Return lines of common Thai words (TNC's 6,000 most frequent Thai words, drawn
    uniformly), so every letter and mark of everyday Thai is printed, not only the form's."""
    from pythainlp.corpus import tnc

    ranked = sorted((c, w) for w, c in tnc.word_freqs() if w and all("\u0e01" <= ch <= "\u0e4e" for ch in w))
    common = [w for _, w in ranked[-6000:]]
    return [" ".join(rng.choice(common) for _ in range(per_line)) for _ in range(n_lines)]


def letter_lines(rng: random.Random, n_lines: int = 28, per_line: int = 9) -> list[str]:
    """Return lines of words from pythainlp's Thai word list, each drawn for one Thai
    consonant in turn, so the rare letters (ฎ ฏ ฐ ฑ ฒ ณ ภ ถ ฬ ...) are printed as often as
    the common ones and their confusions can be counted."""
    from pythainlp.corpus import thai_words

    words = sorted(w for w in thai_words() if 2 <= len(w) <= 8)
    by_letter = {ch: [w for w in words if ch in w] for ch in map(chr, range(0x0E01, 0x0E2F))}
    letters = [ch for ch, ws in by_letter.items() if ws]
    return [" ".join(rng.choice(by_letter[rng.choice(letters)]) for _ in range(per_line)) for _ in range(n_lines)]


def jobs(n_reports: int) -> list[tuple[str, str, list[str], int, str]]:
    """Return (font, noise, printed lines, seed, kind: "report", "words" or "letters") for
    every document to print and read."""
    rng = random.Random(LEARN_SEED)
    out = []
    for font in (*FONTS, *MOVES_ONLY_FONTS):
        for level in LEVELS:
            for _ in range(n_reports):
                out.append((font, level, form_lines(invent_report(rng)), rng.getrandbits(32), "report"))
            out.append((font, level, word_lines(rng), rng.getrandbits(32), "words"))
            out.append((font, level, letter_lines(rng), rng.getrandbits(32), "letters"))
    return out


def report_gaps(n_reports: int) -> tuple[Counter, Counter]:
    """Return (spaces, places) between two Thai characters in the printed lines of the
    invented reports, by the character before (channel.thai_gaps): the prior of a space
    there. The pages of word lists set a space after every word and say nothing of how
    a report is printed."""
    return thai_gaps(normalize_text(line) for *_, lines, _, kind in jobs(n_reports) if kind == "report"
                     for line in lines)


def read_document(job: tuple[str, str, list[str], int, str]) -> list[tuple[str, str, str]]:
    """Print, scan and OCR one document; return (printed line, OCR line, typeface) triples."""
    font_name, level, lines, seed, _ = job
    font = FONT_DIR / f"{font_name}.ttf"
    rng = random.Random(seed)
    settings = OcrSettings(dpi=DPI, tesseract=tesseract_version("tha+eng"))
    pairs = []
    for printed, page in zip(layout_pages(lines, DPI, font=font), render_pages(lines, DPI, header=TITLE, font=font)):
        truth = [normalize_text(t) for t in (TITLE, *printed) if normalize_text(t)]
        for line in read_page(degrade(page, NOISE[level], rng), settings):
            best = max(truth, key=lambda t: fuzz.ratio(t, line.text))
            if fuzz.ratio(best, line.text) >= MIN_LINE_SIMILARITY:
                pairs.append((best, line.text, font_name))
    return pairs


def count(pairs: list[tuple[str, str, str]]) -> tuple[Counter, Counter]:
    """Return (edit counts {(printed, read): n}, printed characters {char: n}) of the
    pairs; the edits also count, under (WORD, WORD), printed Thai words of a lexicon that
    OCR read as another word of it, and the printed characters, under WORD, the words
    that could have been (lines OCR read into as many words as were printed). A mark
    stacked on another is counted again in its context (channel.stacked_steps), and a
    mark read on the wrong letter again as moved (channel.moved_steps), and a space read
    where none was printed again after the character it follows (channel.gap_steps). The pairs of
    MOVES_ONLY_FONTS count for their moved marks alone."""
    from pythainlp.corpus import thai_words

    lexicon = set(thai_words())
    edits: Counter = Counter()
    printed: Counter = Counter()
    for truth, read, font in pairs:
        moves, next_to_letters = moved_steps(truth, read)
        edits.update(moves)
        printed.update(next_to_letters)
        if font in MOVES_ONLY_FONTS:
            continue
        printed.update(truth)
        edits.update(edit_ops(truth, read))
        stacked = stacked_steps(truth, read)
        edits.update(stacked)
        printed.update(context for context, _ in stacked)
        spaces, places = gap_steps(truth, read)
        edits.update(spaces)
        printed.update(places)
        words, seen = truth.split(" "), read.split(" ")
        if len(words) == len(seen):
            both = [(a, b) for a, b in zip(words, seen) if a in lexicon]
            printed[WORD] += len(both)
            edits[(WORD, WORD)] += sum(a != b and b in lexicon for a, b in both)
    return edits, printed


def ocr_or_recount(cache: Path, recount: bool, make_jobs: Callable[[], list], read: Callable[[Any], list],
                   workers: int, items: str, done: str, **extra: object) -> dict:
    """Return what OCR'ing the jobs `make_jobs` gives, each read by `read` in a pool of
    `workers` processes, written to `cache`: their results flattened under `items`, how
    many jobs under `done`, the run's seconds, Tesseract's version, the date and `extra`;
    with `recount`, what `cache` holds from the last run instead (the counting can change
    without OCR'ing again)."""
    if recount:
        return json.loads(cache.read_text(encoding="utf-8"))
    todo = make_jobs()
    started = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        results = [item for doc in pool.map(read, todo) for item in doc]
    cached = {items: results, done: len(todo), "seconds": round(time.perf_counter() - started),
              "tesseract": tesseract_version("tha+eng"), "date": date.today().isoformat(), **extra}
    cache.write_text(json.dumps(cached, ensure_ascii=False), encoding="utf-8")
    return cached


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=1, help="invented reports per typeface and noise level")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--recount", action="store_true", help=f"count the pairs OCR'd before ({PAIRS_CACHE.name})")
    args = ap.parse_args()
    cached = ocr_or_recount(PAIRS_CACHE, args.recount, lambda: jobs(args.reports), read_document, args.jobs,
                            "pairs", "documents", reports_per_font_level=args.reports)
    pairs = [tuple(p) for p in cached["pairs"]]
    if any(len(p) != 3 for p in pairs):
        raise SystemExit(f"{PAIRS_CACHE.name} was made before pairs named their typeface: run without --recount")
    edits, printed = count(pairs)
    spaces, places = report_gaps(cached["reports_per_font_level"])
    edits.update({(cell, " "): n for cell, n in spaces.items()})
    printed.update(places)
    errors = sum(n for (a, b), n in edits.items() if a != b and len(a) <= 1)
    moved = sum(n for (a, b), n in edits.items() if MOVED in a)
    source = (f"{len(pairs)} printed lines and their OCR ({cached['documents']} documents: "
              f"{cached['reports_per_font_level']} invented report(s), one page of common TNC words and one of "
              f"words covering every Thai consonant per typeface and noise level; typefaces {', '.join(FONTS)}, "
              f"and {', '.join(MOVES_ONLY_FONTS)} for marks read on the wrong letter alone; noise {', '.join(LEVELS)}; "
              f"{DPI} dpi; {cached['tesseract']}), OCR'd {cached['date']}")
    write_table(DATA_FILE, edits, printed, [
        "Made by bench/learn_channel.py (`make channel`); regenerate with that command.",
        f"From: {source}.",
        f"Moves: {moved} marks read on the wrong letter (rows printed with {MOVED}).",
        f"Counts: {sum(n for a, n in printed.items() if len(a) == 1)} printed characters, {errors} edits; "
        f"{edits[(WORD, WORD)]} of {printed[WORD]} printed lexicon words read as another lexicon word.",
        f"Spaces: {sum(n for (a, b), n in edits.items() if a.endswith(GAP))} read between two printed characters "
        f"where none was printed (rows printed with {GAP}); {sum(spaces.values())} of {sum(places.values())} places "
        f"between two Thai characters of the reports' printed text hold a space (row {THAI_GAP}; by the character "
        f"before, rows printed with {SPACED}).",
    ])
    print(f"{DATA_FILE.relative_to(ROOT)}: {len(pairs)} line pairs, {errors} edits")


if __name__ == "__main__":
    main()
