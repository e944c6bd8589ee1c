"""Where a printed line wrapped inside a phrase, so that its lines join without a space.

Thai puts no space between words, only between phrases, and a phrase longer than the
text is wide has to wrap inside it. OCR reads each printed line apart, and joining them
with a space would put one in the middle of the phrase ("...คุณภาพอย่าง ต่อเนื่อง"),
which every copy of the same print then shares. A line that holds no space and runs to
the text's right margin is one phrase that did not fit: the line after it continues
it. A line with a space in it may have wrapped at that space's place, and a line that
stops short of the margin ended where its text ended; both join with a space.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import Line
from .thai_script import THAI_MARKS, THAI_SPELLING

MARGIN_CHARS = 2.0  # how many of a line's mean character widths short of the margin still run to it
_THAI_END = re.compile(f"[{THAI_SPELLING}]$")
_THAI_START = re.compile(f"(?![{THAI_MARKS}])[{THAI_SPELLING}]")  # no mark: it would join the line before's last letter

@dataclass(frozen=True, slots=True)
class TextEnd:
    """Where the lines of one page end, in the frame their boxes are in: the furthest
    a line's end reaches, and whether the page lies turned 180 degrees in that frame (it
    was read turned: its lines then end on the left and follow each other upwards)."""

    reach: int
    turned: bool


Margins = dict[tuple[str, int], TextEnd]


def right_margins(lines: Iterable[Line]) -> Margins:
    """Return where the text ends on each (source, page) of `lines` (given in reading
    order), for scanned pages only: text without boxes has no margin to run to."""
    boxes: dict[tuple[str, int], list[tuple[int, int, int, int]]] = {}
    for line in lines:
        if line.where.box is not None:
            boxes.setdefault((line.where.source, line.where.page), []).append(line.where.box)
    margins: Margins = {}
    for key, found in boxes.items():
        turned = found[-1][1] < found[0][1]
        margins[key] = TextEnd(min(b[0] for b in found) if turned else max(b[2] for b in found), turned)
    return margins


def runs_on(line: Line, after: Line, margins: Margins) -> bool:
    """True when `after` continues the phrase `line` ends with: `line` is one phrase of
    Thai (no space in it) that ends within MARGIN_CHARS of its mean character width of
    where the page's text ends, and `after` opens with a Thai letter or vowel (not a
    mark) on the same page."""
    box, text = line.where.box, line.text.strip()
    if box is None or not text or " " in text or not _THAI_END.search(text) \
            or not _THAI_START.match(after.text.strip()) or after.where.page != line.where.page:
        return False
    end = margins.get((line.where.source, line.where.page))
    width = box[2] - box[0]
    if end is None or width <= 0:
        return False
    short = box[0] - end.reach if end.turned else end.reach - box[2]
    return short <= MARGIN_CHARS * width / len(text)


def join_lines(lines: Sequence[Line], margins: Margins) -> str:
    """Return the texts of `lines` joined as printed: with nothing where a line runs on
    into the next (`runs_on`), with a space elsewhere."""
    out = ""
    kept = [ln for ln in lines if ln.text]
    for i, line in enumerate(kept):
        if i:
            out += "" if runs_on(kept[i - 1], line, margins) else " "
        out += line.text
    return out
