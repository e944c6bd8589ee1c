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

from .model import Line
from .thai_script import THAI_MARKS, THAI_SPELLING

MARGIN_CHARS = 2.0  # how many of a line's mean character widths short of the margin still run to it
_THAI_END = re.compile(f"[{THAI_SPELLING}]$")
_THAI_START = re.compile(f"(?![{THAI_MARKS}])[{THAI_SPELLING}]")  # no mark: it would join the line before's last letter

Margins = dict[tuple[str, int], int]


def right_margins(lines: Iterable[Line]) -> Margins:
    """Return the right edge of the text on each (source, page): the furthest any of
    `lines` reaches (scanned pages only: text without boxes has no margin to run to)."""
    margins: Margins = {}
    for line in lines:
        box = line.where.box
        if box is not None:
            key = (line.where.source, line.where.page)
            margins[key] = max(margins.get(key, 0), box[2])
    return margins


def runs_on(line: Line, after: Line, margins: Margins) -> bool:
    """True when `after` continues the phrase `line` ends with: `line` is one phrase of
    Thai (no space in it) that reaches within MARGIN_CHARS of its mean character width
    of the page's right margin, and `after` opens with a Thai letter or vowel (not a mark) on the same page."""
    box, text = line.where.box, line.text.strip()
    if box is None or not text or " " in text or not _THAI_END.search(text) \
            or not _THAI_START.match(after.text.strip()) or after.where.page != line.where.page:
        return False
    margin = margins.get((line.where.source, line.where.page))
    width = box[2] - box[0]
    return margin is not None and width > 0 and margin - box[2] <= MARGIN_CHARS * width / len(text)


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
