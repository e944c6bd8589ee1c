"""Re-read a line Tesseract's page layout garbled, from its own strip of the page.

On tightly set Thai print, Tesseract's page layout can build a text line out of its own
glyphs and the marks of a neighbour (the tone marks and upper vowels of the line below,
the tails of the line above) or of three skewed lines at once. The line's box is then up
to twice the page's line height, and the recogniser reads the mixed picture as junk from
where the strays begin ("รายงานครั้งที่1 :: 30/10/2564 : อยู่ระ บาณาจรต้อบาุครต์ด"), or
takes a stretch of Thai for English ("mab on"), at low confidence. Read again from a
strip of the page cut at the line's box, as one uniform block (`--psm 6`), the same
line reads right. So a line whose letters (or digits) read at low confidence span at
least GARBLED_SPAN line heights is read again: the strips of a page's garbled lines are
stacked and read in one Tesseract run, each strip's line is the one lying where no other
line of the page does, and it replaces the page's reading when Tesseract is surer of it,
it is less garbled, and it is not a line the page already has.
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import regex
from PIL import Image
from rapidfuzz import fuzz

from .deadline import Deadline
from .model import Box, OcrLine
from .strips import stack
from .tesseract import Tesseract
from .tsv import lines_from_output, rows_box, tsv_line_rows

log = logging.getLogger(__name__)

LOW_CONFIDENCE = 70  # a TSV row with a letter (a Thai character cluster, a Latin word) read under this is doubtful
JUNK_CONFIDENCE = 50  # ... and one of digits under this: a number row is one word, sure only as its least sure digit
GARBLED_SPAN = 2.5  # doubtful letters this many line heights wide make a line garbled
TALLEST = 3.0  # a box taller than this many line heights is no line grown over its neighbours' marks
MOST = 0.25  # a page with more of its lines garbled (and more than two) reads poorly all over: no re-read helps
PAD = 12
SAME_LINE = 90  # a re-read this close (rapidfuzz ratio) to another line of the page is that line again
_LETTER = regex.compile(r"\p{L}")
_DIGIT = regex.compile(r"\p{N}")


def _doubtful(row: dict[str, str]) -> bool:
    conf = float(row["conf"])
    return (conf < LOW_CONFIDENCE and bool(_LETTER.search(row["text"]))
            or conf < JUNK_CONFIDENCE and bool(_DIGIT.search(row["text"])))


def garbled_width(rows: Sequence[dict[str, str]]) -> int:
    """Return how wide the TSV rows of one line are that hold a letter read under
    LOW_CONFIDENCE or a digit read under JUNK_CONFIDENCE: a garbled stretch, not a stray
    mark (punctuation, a speck read as ";") nor a date read a little unsure."""
    return sum(int(r["width"]) for r in rows if _doubtful(r))


def _garbled_widths(tsv: str) -> dict[Box, int]:
    """Return the garbled width of every line of `tsv`, by the line's box."""
    return {rows_box(rows): garbled_width(rows) for rows in tsv_line_rows(tsv)}


def garbled_lines(lines: Sequence[OcrLine], tsv: str) -> list[int]:
    """Return the indexes of the lines (tsv.lines_from_output of this `tsv`) whose
    garbled width is at least GARBLED_SPAN times the page's median line height, no
    taller than TALLEST line heights; none when more than two and more than MOST of the
    page's lines are garbled (a page upside down or damaged all over reads so, and its
    re-read would cost more than the page)."""
    return _garbled(lines, _garbled_widths(tsv))


def _garbled(lines: Sequence[OcrLine], width: dict[Box, int]) -> list[int]:
    """garbled_lines, with the page's garbled width by line box (`_garbled_widths`)."""
    heights = [ln.box[3] - ln.box[1] for ln in lines if ln.box is not None]
    if not heights:
        return []
    median = statistics.median(heights)
    found = [i for i, ln in enumerate(lines) if ln.box is not None and width.get(ln.box, 0) >= GARBLED_SPAN * median
             and ln.box[3] - ln.box[1] <= TALLEST * median]
    return found if len(found) <= max(2, MOST * len(heights)) else []


def free_centre(box: Box, others: Sequence[Box]) -> float:
    """Return the middle of the longest stretch of `box`'s height that no other line's
    box covers: where the line itself lies when its box took in its neighbours' marks
    (the middle of `box` when the others cover all of it)."""
    free = [(box[1], box[3])]
    for other in others:
        free = [piece for top, bottom in free
                for piece in ((top, min(bottom, other[1])), (max(top, other[3]), bottom)) if piece[1] > piece[0]]
    if not free:
        return (box[1] + box[3]) / 2
    top, bottom = max(free, key=lambda piece: piece[1] - piece[0])
    return (top + bottom) / 2


@dataclass(frozen=True)
class _Strip:
    """A garbled line's strip: its box on the page, its top on the stacked sheet and
    where on the page the line itself lies."""

    box: Box
    sheet_top: int
    centre: float


def _pick(strip: _Strip, reread: Sequence[OcrLine]) -> OcrLine | None:
    """Return the line of the re-read sheet in `strip` lying nearest its line's centre
    (its box on the sheet); None when the strip read empty."""
    height, shift = strip.box[3] - strip.box[1], strip.box[1] - strip.sheet_top
    found = [ln for ln in reread if 0 <= (ln.box[1] + ln.box[3]) / 2 - strip.sheet_top < height]
    return min(found, key=lambda ln: abs((ln.box[1] + ln.box[3]) / 2 + shift - strip.centre), default=None)


def _onto_page(line: OcrLine, strip: _Strip) -> OcrLine:
    """Return a line read on the sheet with its box where it lies on the page."""
    dx, dy = strip.box[0], strip.box[1] - strip.sheet_top
    return line._replace(box=(line.box[0] + dx, line.box[1] + dy, line.box[2] + dx, line.box[3] + dy))


def _better(old: OcrLine, old_garbled: int, new: OcrLine, new_garbled: int, page: Sequence[OcrLine]) -> bool:
    """Return whether `new` (with `new_garbled` its garbled width) should replace `old`:
    read surer and less garbled, and not a copy of another line of the page."""
    return (new.confidence > old.confidence and new_garbled < old_garbled
            and not any(ln is not old and fuzz.ratio(ln.text, new.text) >= SAME_LINE for ln in page))


def reread_garbled(image: Image.Image, lines: Sequence[OcrLine], tsv: str, tesseract: Tesseract,
                   deadline: Deadline | None = None) -> list[OcrLine]:
    """Return `lines` (tsv.lines_from_output of `tsv`, read on `image`) with each garbled
    line replaced by its re-read when that is better (_better); one Tesseract run per
    page that has any, none otherwise."""
    old_widths = _garbled_widths(tsv)
    found = _garbled(lines, old_widths)
    if not found:
        return list(lines)
    text_right = max(ln.box[2] for ln in lines if ln.box is not None)
    boxes, centres = [], []
    for i in found:
        left, top, _, bottom = lines[i].box
        boxes.append((max(0, left - PAD), max(0, top - PAD), min(image.width, text_right + PAD), min(image.height, bottom + PAD)))
        others = [ln.box for j, ln in enumerate(lines) if j != i and ln.box is not None
                  and ln.box[1] < bottom and ln.box[3] > top]
        centres.append(free_centre(lines[i].box, others))
    sheet, tops = stack([image.crop(box) for box in boxes])
    out = tesseract.read(sheet, ("txt", "tsv"), 6, deadline)
    reread = [ln for ln in lines_from_output(out["txt"], out["tsv"]) if ln.box is not None]
    new_widths = _garbled_widths(out["tsv"])
    result = list(lines)
    for i, box, top, centre in zip(found, boxes, tops, centres):
        strip = _Strip(box, top, centre)
        new = _pick(strip, reread)
        if new is not None and _better(lines[i], old_widths[lines[i].box], new, new_widths.get(new.box, 0), lines):
            result[i] = _onto_page(new, strip)
    log.debug("re-read %d garbled line(s): %d replaced", len(found), sum(a is not b for a, b in zip(result, lines)))
    return result
