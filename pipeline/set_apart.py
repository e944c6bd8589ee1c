"""Words Tesseract's page layout set apart from the end of their line, read again with it.

Tesseract's layout analysis now and then makes the last word of a line (the number
after "มีผู้เข้าร่วม", a last syllable) a block of its own. Recognised alone, without the
line around it, such a piece reads as junk ("เภ" for "52"), and it is listed after the
page's last line: the line reads as if the word were not printed, in every copy of
that print alike, and no vote can bring it back. A piece is found by its box: short, on
a line's band, just past that line's end (`pieces_set_apart`). The line's tail and its
pieces are read again together as one line, and what that reading has after the line's
own last letters is put at its end (`text_after`); the pieces are dropped. Where the
reading does not find the line's end, or finds no letter or digit after it, or junk
(Latin letters, stray symbols), the lines stay as they were.
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Sequence

import regex
from PIL import Image

from .deadline import Deadline
from .model import Box, OcrLine, enclosing
from .recover import tail_strip
from .strips import read_strips
from .tesseract import Tesseract
from .tsv import thai_digit_numbers

log = logging.getLogger(__name__)

PIECE_MAX_HEIGHTS = 6.0  # a piece is at most this many of the page's line heights wide
HOST_MIN_HEIGHTS = 4.0  # its line at least this many: a section's number alone in the margin ends no line
GAP_MAX_HEIGHTS = 2.0  # how far past its line's end (or the piece before it) a piece may begin
REACH_BACK_HEIGHTS = 1.0  # how far back over its line's end: both may hold the letters where they meet
BAND_SLACK_HEIGHTS = 0.25  # how far above or below its line's box a piece may reach
SPACE_HEIGHTS = 0.15  # a gap this wide before a piece is a printed space, whatever the reading again has
TAIL_CHARS = 10  # the last characters of a line looked for in the reading again
TAIL_ERRORS = 2  # letters of them read otherwise, lost or added there at most
_TRAILING_SPECKS = regex.compile(r"[^\p{Thai}0-9]+$")
_LETTER_OR_DIGIT = regex.compile(r"[\p{Thai}0-9]")
_NUMBER = regex.compile(r"\d(?:[\d,./:-]*\d)?")
_JUNK = regex.compile(r"[^\p{Thai}0-9\s.,:;/()%+=\"'-]")


def pieces_set_apart(lines: Sequence[OcrLine], line_height: float) -> dict[int, list[int]]:
    """Return {line: its pieces}, by index into `lines`: each piece at most
    PIECE_MAX_HEIGHTS line heights wide, within the line's box top to bottom (give or take
    BAND_SLACK_HEIGHTS: a stamp or a note beside the text is taller than the line),
    beginning at most GAP_MAX_HEIGHTS past the line's end or its piece before, or
    REACH_BACK_HEIGHTS back over it (the line "...นางสาวรติศั", its piece "ศักดิ ช่อดารา");
    a line at least HOST_MIN_HEIGHTS wide. A piece two lines' bands hold goes to the line whose middle is nearer its own."""
    boxed = [(i, line.box) for i, line in enumerate(lines) if line.box is not None]
    hosts: dict[int, Box] = {i: box for i, box in boxed if box[2] - box[0] >= HOST_MIN_HEIGHTS * line_height}
    ends = {i: box[2] for i, box in hosts.items()}
    pieces: dict[int, list[int]] = {}
    slack, back = BAND_SLACK_HEIGHTS * line_height, REACH_BACK_HEIGHTS * line_height
    for i, box in sorted(boxed, key=lambda found: found[1][0]):
        if box[2] - box[0] > PIECE_MAX_HEIGHTS * line_height:
            continue
        middle = (box[1] + box[3]) / 2
        near = [(abs(middle - (b[1] + b[3]) / 2), h) for h, b in hosts.items()
                if h != i and b[1] - slack <= box[1] and box[3] <= b[3] + slack
                and ends[h] - back <= box[0] <= ends[h] + GAP_MAX_HEIGHTS * line_height]
        if near:
            host = min(near)[1]
            pieces.setdefault(host, []).append(i)
            ends[host] = max(ends[host], box[2])
            hosts.pop(i, None)
    return pieces


def text_after(line: str, again: str) -> tuple[str, str] | None:
    """Return (the line's text as it is to be kept, what follows it) where `again`, the
    line's tail read again with its pieces, holds the line's last TAIL_CHARS characters
    up to its last letter or digit (TAIL_ERRORS letters off at most, never a digit or a
    space: the match must not run into the number that follows; the fewest found, regex
    BESTMATCH) and after them a letter or digit and no junk. The signs the line ends in
    after its last letter or digit (") =", " .") are kept where `again` reads them there
    too, else taken for specks and left out, but for a line ending in "=" (its lost
    number is recover.py's); what follows keeps the space `again` reads before it. None
    otherwise."""
    kept = _TRAILING_SPECKS.sub("", line)
    tail = kept[-TAIL_CHARS:]
    if len(tail) < 3:
        return None
    found = regex.search(f"(?b)(?:{regex.escape(tail)}){{e<={TAIL_ERRORS}:[^\\d\\s]}}", again)
    if found is None:
        return None
    after, signs = again[found.end():], line[len(kept):].strip()
    if signs and after.lstrip().startswith(signs):
        kept, after = line, after.lstrip()[len(signs):]
    elif "=" in signs:
        return None
    words = after.strip()
    if not _LETTER_OR_DIGIT.search(words) or _JUNK.search(words):
        return None
    return kept, (" " if after[:1].isspace() else "") + words


def _joined(line: OcrLine, pieces: Sequence[OcrLine], kept: str, after: str, raw: str,
            line_height: float) -> OcrLine:
    """Return `line` ending in `after`, its box grown over its pieces, with the numbers
    of `raw` (the reading again as Tesseract gave it) read in Thai digits that `after`
    holds. A gap of SPACE_HEIGHTS or more between the line and its first piece is a
    space: read as one line, "ครั้งที่ 1" may come out "ครั้งที่1"."""
    box = enclosing([b for b in (line.box, *(p.box for p in pieces)) if b is not None])
    first = min(p.box[0] for p in pieces if p.box is not None)
    if line.box is not None and first - line.box[2] >= SPACE_HEIGHTS * line_height and not after.startswith(" "):
        after = " " + after
    numbers = set(_NUMBER.findall(after))
    doubts = tuple(d for d in thai_digit_numbers(raw) if d.read in numbers)
    return line._replace(text=kept + after, box=box, numbers=(*line.numbers, *doubts))


def reread_set_apart(image: Image.Image, lines: Sequence[OcrLine], tesseract: Tesseract,
                     deadline: Deadline | None = None) -> list[OcrLine]:
    """Return `lines` with each line's pieces set apart (pieces_set_apart) read again with
    its tail and put at its end (text_after), the pieces dropped: the line's strip from
    recover.TAIL_LINE_HEIGHTS line heights left of its end to its last piece's right edge,
    the strips of a page read in one run (strips.read_strips). Boxes are Tesseract's, on
    this same image."""
    boxes = [line.box for line in lines if line.box is not None]
    if not boxes:
        return list(lines)
    line_height = statistics.median(box[3] - box[1] for box in boxes)
    found = pieces_set_apart(lines, line_height)
    if not found:
        return list(lines)
    hosts = sorted(found)
    strips = []
    for h in hosts:
        box = lines[h].box
        assert box is not None
        left, top, right, bottom = enclosing([box, *(lines[p].box for p in found[h])])  # type: ignore[list-item]
        strips.append(image.crop(tail_strip((left, top, box[2], bottom), right, line_height, image.size)))
    out: list[OcrLine | None] = list(lines)
    for h, (again, raw) in zip(hosts, read_strips(strips, tesseract, deadline)):
        joined = text_after(lines[h].text, again)
        if joined is None:
            continue
        out[h] = _joined(lines[h], [lines[p] for p in found[h]], *joined, raw, line_height)
        for p in found[h]:
            out[p] = None
    log.debug("%d line(s) with words set apart at their end read again: %d joined", len(hosts),
              sum(1 for h in hosts if out[h] is not lines[h]))
    return [line for line in out if line is not None]
