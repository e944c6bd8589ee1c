"""Strips of a page (one line each) stacked on one sheet, so that one Tesseract run reads
them all: a re-read costs one process per page, not one per line."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PIL import Image

from .deadline import Deadline
from .normalize import normalize_ocr_text
from .tesseract import Tesseract

log = logging.getLogger(__name__)


def stack(strips: Sequence[Image.Image]) -> tuple[Image.Image, list[int]]:
    """Return the strips one below the other on white, a strip's height apart, and the
    top of each strip on the sheet (what maps a box read on the sheet back to its strip)."""
    gap = max(s.height for s in strips)
    sheet = Image.new("L", (max(s.width for s in strips), sum(s.height for s in strips) + gap * len(strips)), 255)
    tops, y = [], gap // 2
    for strip in strips:
        sheet.paste(strip.convert("L"), (0, y))
        tops.append(y)
        y += strip.height + gap
    return sheet, tops


def read_strips(strips: Sequence[Image.Image], tesseract: Tesseract,
                deadline: Deadline | None = None) -> list[tuple[str, str]]:
    """Return each strip's one line of text, normalised and as Tesseract gave it. The
    strips are stacked and read in one Tesseract run (`--psm 6`, one uniform block), which
    reads a line whole as `--psm 7` does, at the cost of one run, not one per strip. When
    a strip holds pieces of its neighbours and the block reading does not give one line
    per strip, each strip is read alone (`--psm 7`)."""
    text = tesseract.text(stack(strips)[0], psm=6, deadline=deadline)
    read = [(t, x) for x in text.splitlines() if (t := normalize_ocr_text(x))]
    if len(read) == len(strips):
        return read
    log.debug("read %d strip(s) one by one: stacked, they read as %d lines", len(strips), len(read))
    return [(normalize_ocr_text(x), x) for x in (tesseract.text(s, psm=7, deadline=deadline) for s in strips)]
