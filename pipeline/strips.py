"""Strips of a page (one line each) stacked on one sheet, so that one Tesseract run reads
them all: a re-read costs one process per page, not one per line."""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image


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
