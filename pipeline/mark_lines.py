"""Re-read a line whose upper marks Tesseract read as a line of their own.

Some typefaces set their tone marks and upper vowels far above the letters (a typewriter
face such as TlwgTypo does). Tesseract's page layout may then take the row of marks over
a printed line for a text line of its own: a thin line of junk ("a 2” 33 za aA a") lying
on the top of the line below, which itself reads without those marks ("ชือผู้รับผิดชอบ"
for "ชื่อผู้รับผิดชอบ"). The junk then runs into the values the form's fields hold, in
every copy alike. Read again from the page cut at both boxes as one text line
(`--psm 7`), the line reads whole, marks and all.

So a line no taller than MARK_STRIP_HEIGHT of the line below it that lies on that
line's top, within its width, and holds no word or number (`mark_strips`) is read again
with that line: the cut-outs of a page are set side by side on one sheet (more where
they would be too wide for Tesseract), read as one text line in one Tesseract run and
split back at the gaps between them (each cut-out
read alone where the split does not account for every letter). Where the re-read reads
the line's own letters (SAME_LETTERS, marks aside) with at least as many marks, the
strips were its marks and are dropped; the re-read replaces the line when it also reads
at most a letter or two otherwise (REPLACE_LETTERS), about as surely (CONFIDENCE_SLACK),
with the same digits and signs and no more spaces, which a line read alone from a noisy
scan sometimes gets worse ("::" read "2", a word cut into syllables). Otherwise both
stay as read.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import regex
from PIL import Image
from rapidfuzz import fuzz

from .deadline import Deadline
from .model import Box, OcrLine
from .normalize import normalize_ocr_text
from .tesseract import Tesseract
from .thai_script import THAI_MARKS, THAI_SPELLING
from .tsv import rows_box, rows_confidence, thai_digit_numbers, tsv_line_rows

log = logging.getLogger(__name__)

MARK_STRIP_HEIGHT = 0.7  # a strip of marks is at most this share of the height of the line it lies on
ON_TOP_MIN = 0.25  # ... and at least this share of its own height lies inside the box of the line below
SAME_LETTERS = 85  # rapidfuzz ratio of the re-read's letters (marks aside) to the line's: the same line
REPLACE_LETTERS = 95  # ... and to replace the line: at most a letter or two read otherwise
CONFIDENCE_SLACK = 0.05  # the re-read may be this much less sure than the line (its marks are read too)
PAD = 12  # pixels of page kept around a cut-out
SHEET_WIDTH_MAX = 30000  # pixels: Tesseract refuses an image 32,768 wide or wider
_MARK_OR_SPACE = regex.compile(f"[{THAI_MARKS}\\s]")
_MARKS = regex.compile(f"[{THAI_MARKS}\u0e33]")  # SARA AM holds a mark too
_SIGNS = regex.compile(f"[^\\s{THAI_SPELLING}]|[\u0e2f\u0e46\u0e3f]")  # digits, punctuation, Latin; ฯ ๆ ฿
_PRINT = regex.compile(f"[{THAI_SPELLING}]{{3,}}|\\d[\\d,.]{{2,}}")  # a word ("บาท") or a number ("125,000")


@dataclass(frozen=True)
class _CutOut:
    """A line and the strips of marks above it: their indexes, and the box holding them."""

    line: int
    strips: tuple[int, ...]
    box: Box


def mark_strips(lines: Sequence[OcrLine]) -> dict[int, list[int]]:
    """Return, by the index of a line, the indexes of the lines that are strips of its
    upper marks read apart: no taller than MARK_STRIP_HEIGHT of the line's height,
    starting above its top or in its top quarter and ending in its upper half, with at
    least ON_TOP_MIN of the strip's height inside the line's box, lying within its width (the line's height
    of leeway either side), and holding no three Thai characters in a row and no
    number of three digits (`_PRINT`): a short line of print set tight above the next
    ("125,000 บาท" closing a row) is no strip of marks. A strip found over two lines
    belongs to the one it overlaps most."""
    boxed = [(i, ln.box) for i, ln in enumerate(lines) if ln.box is not None]
    found: dict[int, list[int]] = {}
    for i, s in boxed:
        if _PRINT.search(lines[i].text):
            continue
        height = s[3] - s[1]
        below = [(j, b) for j, b in boxed if j != i and height <= MARK_STRIP_HEIGHT * (b[3] - b[1])
                 and s[1] < b[1] + (b[3] - b[1]) / 4 and b[1] + ON_TOP_MIN * height <= s[3] <= b[1] + (b[3] - b[1]) / 2
                 and s[0] >= b[0] - (b[3] - b[1]) and s[2] <= b[2] + (b[3] - b[1])]
        if below:
            j, _ = max(below, key=lambda jb: min(s[3], jb[1][3]) - max(s[1], jb[1][1]))
            found.setdefault(j, []).append(i)
    return found


def _bare(text: str) -> str:
    """Return `text`'s letters: no marks, no spaces, SARA AM read as SARA AA."""
    return _MARK_OR_SPACE.sub("", text).replace("\u0e33", "\u0e32")


def _same_line(line: OcrLine, new: OcrLine | None) -> bool:
    """True when `new`, a re-read of `line` with its strips, reads the line's own letters
    (SAME_LETTERS, marks and spaces aside) with at least as many marks: the strips were
    its marks, nothing else."""
    return (new is not None and fuzz.ratio(_bare(new.text), _bare(line.text)) >= SAME_LETTERS
            and len(_MARKS.findall(new.text)) >= len(_MARKS.findall(line.text)))


def _better(line: OcrLine, new: OcrLine | None) -> bool:
    """True when `new` should replace `line`: the same line (`_same_line`) with at most a
    letter or two read otherwise (REPLACE_LETTERS), about as sure (CONFIDENCE_SLACK), with
    the same digits and signs (`_SIGNS`) and no more spaces. Read alone as one line, a
    noisy scan's line sometimes comes out worse than the page's reading had it: "::" as
    "2", a date or a name with a space in it ("21/1 0/2561", "อัด แสง"), a word cut
    into syllables."""
    return (_same_line(line, new) and new is not None
            and fuzz.ratio(_bare(new.text), _bare(line.text)) >= REPLACE_LETTERS
            and new.confidence >= line.confidence - CONFIDENCE_SLACK
            and _SIGNS.findall(new.text) == _SIGNS.findall(line.text) and new.text.count(" ") <= line.text.count(" "))


def _split_line(txt: str, pieces: Sequence[Sequence[dict[str, str]]]) -> list[str] | None:
    """Return the spaced text of one line read across several cut-outs, cut where each
    cut-out's TSV rows (`pieces`, in order) end; None when the text's letters are not
    the rows' letters in order (then no split is trusted)."""
    wanted = ["".join(r["text"] for r in rows).replace(" ", "") for rows in pieces]
    if "".join(txt.split()) != "".join(wanted):
        return None
    out, at = [], 0
    for want in wanted:
        taken = 0
        start = at
        while taken < len(want):
            if not txt[at].isspace():
                taken += 1
            at += 1
        out.append(txt[start:at].strip())
    return out


def _sheets(widths: Sequence[int], gap: int) -> list[range]:
    """Return the cut-outs (by index, in order) each sheet holds: as many side by side,
    `gap` apart and at the ends, as fit in SHEET_WIDTH_MAX."""
    out: list[range] = []
    start, width = 0, gap
    for i, w in enumerate(widths):
        if i > start and width + w + gap > SHEET_WIDTH_MAX:
            out.append(range(start, i))
            start, width = i, gap
        width += w + gap
    return [*out, range(start, len(widths))] if widths else out


def _read_side_by_side(image: Image.Image, cutouts: Sequence[_CutOut], gap: int, tesseract: Tesseract,
                       deadline: Deadline | None) -> list[OcrLine | None]:
    """Return the re-read of each cut-out (None where it read nothing): set side by side,
    `gap` apart, on as few sheets as SHEET_WIDTH_MAX allows, each read as one text line;
    a sheet's cut-outs read alone when its line does not split back into them."""
    crops = [image.crop(c.box).convert("L") for c in cutouts]
    out: list[OcrLine | None] = []
    for sheet in _sheets([c.width for c in crops], gap):
        out += _read_sheet([crops[i] for i in sheet], [cutouts[i] for i in sheet], gap, tesseract, deadline)
    return out


def _read_sheet(crops: Sequence[Image.Image], cutouts: Sequence[_CutOut], gap: int, tesseract: Tesseract,
                deadline: Deadline | None) -> list[OcrLine | None]:
    """Return the re-read of each of one sheet's cut-outs (`_read_side_by_side`)."""
    height = max(c.height for c in crops)
    sheet = Image.new("L", (sum(c.width for c in crops) + gap * (len(crops) + 1), height), 255)
    lefts, x = [], gap
    for crop in crops:
        sheet.paste(crop, (x, height - crop.height))
        lefts.append(x)
        x += crop.width + gap
    out = tesseract.read(sheet, ("txt", "tsv"), 7, deadline)
    rows = _rows(out["tsv"])
    pieces = [[r for r in rows if left <= int(r["left"]) + int(r["width"]) / 2 < left + crop.width]
              for left, crop in zip(lefts, crops)]
    texts = _split_line(" ".join(out["txt"].split("\n")).strip(), pieces) if all(pieces) else None
    if texts is None:
        return [_read_alone(crop, c.box, tesseract, deadline) for crop, c in zip(crops, cutouts)]
    return [_line(text, piece, c.box, left, height - crop.height)
            for text, piece, c, left, crop in zip(texts, pieces, cutouts, lefts, crops)]


def _rows(tsv: str) -> list[dict[str, str]]:
    """Return the TSV rows that hold text, of every line, in order."""
    return [r for line in tsv_line_rows(tsv) for r in line]


def _read_alone(crop: Image.Image, box: Box, tesseract: Tesseract, deadline: Deadline | None) -> OcrLine | None:
    """Return one cut-out read alone as one text line, None when it read nothing."""
    out = tesseract.read(crop, ("txt", "tsv"), 7, deadline)
    rows = _rows(out["tsv"])
    return _line(" ".join(out["txt"].split()), rows, box, 0, 0) if rows else None


def _line(text: str, rows: Sequence[dict[str, str]], box: Box, left: int, top: int) -> OcrLine | None:
    """Return the line read in a cut-out placed at (`left`, `top`) on the sheet, its box
    put back on the page (the cut-out lies at `box`); None when it read no text."""
    raw, text = text, normalize_ocr_text(text)
    if not text:
        return None
    x0, y0, x1, y1 = rows_box(rows)
    dx, dy = box[0] - left, box[1] - top
    return OcrLine(text, round(rows_confidence(rows), 4), (x0 + dx, y0 + dy, x1 + dx, y1 + dy),
                   thai_digit_numbers(raw))


def reread_mark_strips(image: Image.Image, lines: Sequence[OcrLine], tesseract: Tesseract,
                       deadline: Deadline | None = None) -> list[OcrLine]:
    """Return `lines` (read on `image`) with each line that has strips of its marks read
    apart (`mark_strips`) replaced by its re-read with them where that is better
    (`_better`), and the strips dropped where the re-read shows they were the line's
    marks (`_same_line`); one Tesseract run for a page that has any (more only where the
    cut-outs are too wide for one sheet or a sheet's line does not split back), none
    otherwise."""
    found = mark_strips(lines)
    if not found:
        return list(lines)
    cutouts = []
    for j, strips in sorted(found.items()):
        boxes = [lines[k].box for k in (j, *strips)]
        cutouts.append(_CutOut(j, tuple(strips), (max(0, min(b[0] for b in boxes) - PAD),
                                                  max(0, min(b[1] for b in boxes) - PAD),
                                                  min(image.width, max(b[2] for b in boxes) + PAD),
                                                  min(image.height, max(b[3] for b in boxes) + PAD))))
    gap = 2 * max(lines[c.line].box[3] - lines[c.line].box[1] for c in cutouts)
    reread = _read_side_by_side(image, cutouts, gap, tesseract, deadline)
    replaced: dict[int, OcrLine] = {}
    dropped: set[int] = set()
    for cut, new in zip(cutouts, reread):
        if _better(lines[cut.line], new):
            replaced[cut.line] = new
        if _same_line(lines[cut.line], new):
            dropped.update(cut.strips)
    log.debug("%d line(s) with their marks read apart: %d re-read with them, %d strip(s) of marks dropped",
              len(cutouts), len(replaced), len(dropped))
    return [replaced.get(i, ln) for i, ln in enumerate(lines) if i not in dropped]
