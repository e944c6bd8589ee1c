"""Tesseract's text and TSV outputs of one run, turned into lines with a confidence and a box."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import regex
from pythainlp.util import thai_digit_to_arabic_digit

from .model import IN_THAI_DIGITS, Box, NumberDoubt, OcrLine
from .normalize import normalize_ocr_text
from .thai_script import THAI_DIGITS

_THAI_NUMBER = regex.compile(f"(?:[0-9][0-9,./:-]*)?[{THAI_DIGITS}](?:[{THAI_DIGITS}0-9,./:-]*[{THAI_DIGITS}0-9])?")


def tsv_line_rows(tsv: str) -> list[list[dict[str, str]]]:
    """Return the rows of a Tesseract TSV that hold text, grouped by text line, in order.

    With `tha` a row is about one character cluster; a line is every row sharing
    (block, paragraph, line) numbers.
    """
    lines: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("text", "").strip():
            lines.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(row)
    return list(lines.values())


def rows_box(rows: Sequence[dict[str, str]]) -> Box:
    """Return the box (left, top, right, bottom) holding every TSV row of one line."""
    left = min(int(r["left"]) for r in rows)
    top = min(int(r["top"]) for r in rows)
    right = max(int(r["left"]) + int(r["width"]) for r in rows)
    bottom = max(int(r["top"]) + int(r["height"]) for r in rows)
    return left, top, right, bottom


def tsv_lines(tsv: str) -> list[OcrLine]:
    """Return each line of Tesseract TSV: text joined from its rows, mean confidence
    0..1, and the box holding its rows."""
    return [OcrLine("".join(r["text"] for r in rows), rows_confidence(rows), rows_box(rows))
            for rows in tsv_line_rows(tsv)]


def rows_confidence(rows: Sequence[dict[str, str]]) -> float:
    """Return the mean confidence (0..1) of TSV rows, those Tesseract gave none (-1) left
    out; 0.0 when none has one."""
    confs = [float(r["conf"]) for r in rows if float(r["conf"]) >= 0]
    return sum(confs) / len(confs) / 100 if confs else 0.0


def lines_from_output(txt: str, tsv: str) -> list[OcrLine]:
    """Return the lines of one Tesseract run from its text and TSV outputs: text,
    confidence 0..1 and box on the page.

    The text output keeps Tesseract's own word spacing (box gaps in Thai are too noisy to
    place spaces); the TSV gives each line's confidence and box. They list the same
    lines in the same order; if they ever disagree in number, the TSV's unspaced text
    is used.
    """
    texts = [(normalize_ocr_text(t), t) for t in txt.splitlines()]
    texts = [(t, raw) for t, raw in texts if t]
    boxed = [(line._replace(text=normalize_ocr_text(line.text)), line.text) for line in tsv_lines(tsv)]
    boxed = [(line, raw) for line, raw in boxed if line.text]
    spaced = texts if len(texts) == len(boxed) else [(line.text, raw) for line, raw in boxed]
    return [OcrLine(t, round(line.confidence, 4), line.box, thai_digit_numbers(raw))
            for (t, raw), (line, _) in zip(spaced, boxed)]


def thai_digit_numbers(raw: str) -> tuple[NumberDoubt, ...]:
    """Return a doubt (kind IN_THAI_DIGITS) for each number Tesseract's raw text holds in
    Thai digits, in Arabic ones as the normalised text has it, once each. Tesseract's
    Thai models (tha, and the Thai script model) have no ๔ ๖ ๗ ๘ ๙ in their character
    sets: they read ๔ as ๕, ๖ as ๒, ๗ as ๓, ๘ and ๙ as ๕ (bench/RESULTS.md), alike in
    every copy, so no vote can see it; only the scan can tell."""
    found = (thai_digit_to_arabic_digit(m[0]) for m in _THAI_NUMBER.finditer(raw))
    return tuple(NumberDoubt(n, "", False, IN_THAI_DIGITS) for n in dict.fromkeys(found))
