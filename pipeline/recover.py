"""Recover a number Tesseract's page layout left out at the end of a line.

On the BMA form a figure line reads "งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 0" and wraps before
"บาท". Tesseract's page segmentation drops such a lone trailing "0" (it never reaches
the TSV), in every copy alike, so voting cannot bring it back; recognising the same line
alone reads it. So a line that ends in "=" is read again from the tail of its own
strip of the page (the "=" with a few letters before it, and what follows), and only
the number the second reading has at its end is added; the rest of the line keeps the
page reading.
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Sequence

import regex
from PIL import Image

from .deadline import Deadline
from .model import OcrLine
from .strips import read_strips
from .tesseract import Tesseract
from .tsv import thai_digit_numbers

log = logging.getLogger(__name__)

PAD = 12
TAIL_LINE_HEIGHTS = 5  # how far left of a line's end its re-read strip starts, in the page's line heights
_BARE_END = regex.compile(r"=\s*$")
_EQUALS_NUMBER = regex.compile(r"=\s*(\d[\d,.]*)\s*$")
_OPENS_WITH_NUMBER = regex.compile(r"[\s:]*\d[\d,.]*(?!\s*/)(?:\s|$)")


def fill_number(line: str, reread: str) -> str | None:
    """Return `line`, which ends in a bare "=", with the number that follows the last
    "=" of `reread`; None when `reread` has no such number."""
    if not _BARE_END.search(line):
        return None
    numbers = _EQUALS_NUMBER.findall(reread)
    if not numbers:
        return None
    return f"{line} {numbers[-1].rstrip('.,')}"


def wrapped(line: str, following: str) -> bool:
    """True when `line` ends in a bare "=" and the line read after it opens with a number
    (not a date: no "/" after it): the number wrapped onto the next line and is not lost.
    Such a line is not read again: there is nothing to find, and a speck after its "="
    read as a digit would put a number there that the print does not have."""
    return bool(_BARE_END.search(line)) and _OPENS_WITH_NUMBER.match(following) is not None


def tail_strip(box: tuple[int, int, int, int], text_right: int, line_height: float,
               size: tuple[int, int]) -> tuple[int, int, int, int]:
    """Return the crop box (left, top, right, bottom) a line ending in "=" is read again
    from: TAIL_LINE_HEIGHTS line heights left of the line's end, or its own left edge if
    that is nearer, to a little past `text_right`, the page's rightmost text, where the
    lost number stands; PAD around, clipped to the image of `size`."""
    left, top, right, bottom = box
    width, height = size
    return (max(0, left - PAD, int(right - TAIL_LINE_HEIGHTS * line_height)), max(0, top - PAD),
            min(width, text_right + 4 * PAD), min(height, bottom + PAD))


def recover_trailing_numbers(image: Image.Image, lines: Sequence[OcrLine], tesseract: Tesseract,
                             deadline: Deadline | None = None) -> list[OcrLine]:
    """Return `lines` with the number missing after a line's final "=" read again from the
    tail of its strip of the page: from TAIL_LINE_HEIGHTS of the page's median line
    height left of the line's end (the "=" and the words before it, enough for
    Tesseract to place the line; the whole strip costs about eight times the
    recognition) to the right edge of the text, the strips of a page read in one run
    (strips.read_strips). A line whose number opens the next line (`wrapped`) is
    left as read. A line's box is Tesseract's, on this same image (tsv.lines_from_output)."""
    found = [(i, line.box) for i, line in enumerate(lines)
             if line.box is not None and _BARE_END.search(line.text)
             and not (i + 1 < len(lines) and wrapped(line.text, lines[i + 1].text))]
    if not found:
        return list(lines)
    boxes = [line.box for line in lines if line.box is not None]
    text_right = max(box[2] for box in boxes)
    line_height = statistics.median(box[3] - box[1] for box in boxes)
    strips = [image.crop(tail_strip(box, text_right, line_height, image.size)) for _, box in found]
    rereads = read_strips(strips, tesseract, deadline)
    out = list(lines)
    for (i, _), (reread, raw) in zip(found, rereads):
        filled = fill_number(lines[i].text, reread)
        if filled is not None:
            out[i] = lines[i]._replace(text=filled, numbers=(*lines[i].numbers, *thai_digit_numbers(raw)))
    log.debug("re-read %d line(s) ending in '=': %d number(s) recovered", len(found),
              sum(a is not b for a, b in zip(out, lines)))
    return out
