"""Pieces of a printed row that Tesseract's page layout cut off, put back into the row.

Tesseract's automatic page segmentation (psm 3) reads a page as blocks of text. Where a
wide gap opens between two words of one printed row, it may take the words after the
gap for a block of their own and give that block after every other line of the page:
"รายงานครั้งที่5 :: 11/03/2563 : ดำเนินการจัดกิจกรรมครั้งที่" in its place, "4 มีผู้เข้าร่วม"
as the page's last line, so the narrative loses its middle and the page's last field
gains it. Only the boxes show that the two are one row: they share the row's height
and lie side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .model import Box, Line, Page, enclosing
from .thai_script import MARK_CHARACTERS

ROW_OVERLAP = 0.5  # share of the shorter box's height two boxes must share to be one printed row
MAX_SLOPE = 0.026  # tan 1.5 degrees: a page scanned more askew than this is left as read
ROW_CLEAR_MARGIN = 1.5  # how many times another line's overlap with a piece its row's must be
SIDE_SLACK = 8  # pixels two boxes side by side may overlap (a mark's box reaches past its letter)
FRAGMENT_MIN_CHARS = 3  # letters or digits a piece must hold to be put back: a lone speck stays as read
COLUMN_MIN_PIECES = 5  # pieces this many or more, one under the other and wider-than-tall text: a second page
COLUMN_ALIGN = 2.0  # left edges within this many median line heights line up as one column
COLUMN_GUTTER = 3.0  # a second page starts this many median line heights clear of the first's lines


def page_lines(page: Page) -> Sequence[Line]:
    """Return the lines of `page` with its rows rejoined (rejoin_rows), unless the page
    was read turned (a note of stage "orientation"): its boxes are where the lines lie on
    the page as scanned, where a printed row does not run left to right."""
    if any(note.stage == "orientation" for note in page.notes):
        return page.lines
    return rejoin_rows(page.lines)


def rejoin_rows(lines: Sequence[Line]) -> list[Line]:
    """Return a page's lines with each piece of a row given out of order put back into the
    row it was cut from: the piece's text joined to that line's on the side it lies (a
    space between), the box grown to hold both, the confidence their mean by length.

    A piece is a line that comes after a line lower on the page, holds at least
    FRAGMENT_MIN_CHARS letters or digits, and shares the row (ROW_OVERLAP of the shorter
    box's height) of an earlier line it lies beside, not above or below, clearly more than any
    other line does (_row_host). Lines in reading order, lines with no box (text that
    arrived as text), the lines of a page scanned askew (`askew` over MAX_SLOPE: the
    upright boxes of tilted lines reach into the rows above and below), and a sheet of
    two pages side by side (side_by_side) are left as they are."""
    if sum(ln.where.box is not None for ln in lines) < 2:
        return list(lines)
    joined: dict[int, list[Line]] = {}
    moved: set[int] = set()
    late: set[int] = set()  # lines given after a line lower on the page: no host for a piece
    lowest = None  # the lowest top of a line given so far
    level: bool | None = None  # whether the page is level enough (askew), once a piece asks
    for j, line in enumerate(lines):
        box = line.where.box
        if box is None:
            continue
        if lowest is not None and lowest > (box[1] + box[3]) / 2:
            if _letters(line.text) >= FRAGMENT_MIN_CHARS:
                if level is None:
                    level = askew(lines) <= MAX_SLOPE
                host = _row_host(box, lines[:j], late) if level else None
                if host is not None:
                    joined.setdefault(host, [lines[host]]).append(line)
                    moved.add(j)
            late.add(j)
        lowest = box[1] if lowest is None else max(lowest, box[1])
    if not moved or side_by_side([lines[j] for j in sorted(moved)], [lines[i] for i in joined], lines):
        return list(lines)
    return [_joined(joined[i]) if i in joined else line for i, line in enumerate(lines) if i not in moved]


def side_by_side(pieces: Sequence[Line], hosts: Sequence[Line], lines: Sequence[Line]) -> bool:
    """True when `pieces` (lines given after lines lower on the page, each beside one of
    the earlier lines `hosts`) are a second page beside the first, not pieces of rows: at
    least COLUMN_MIN_PIECES of them, each given below the one before, their left edges
    lined up (COLUMN_ALIGN median line heights) past a gutter (COLUMN_GUTTER median line
    heights clear of every host's right edge: two pages' margins, not the gap inside a
    row or before a table's cells), on a sheet of `lines` whose text runs wider than tall
    (a copy photocopied two pages to a sheet, or a spread scanned open). Rejoining those
    would splice each line of one page into a line of the other."""
    boxes = [p.where.box for p in pieces if p.where.box is not None]
    if len(boxes) < COLUMN_MIN_PIECES or any(b[1] <= a[1] for a, b in zip(boxes, boxes[1:])):
        return False
    every = [ln.where.box for ln in lines if ln.where.box is not None]
    height = sorted(b[3] - b[1] for b in every)[len(every) // 2]
    if max(b[0] for b in boxes) - min(b[0] for b in boxes) > COLUMN_ALIGN * height:
        return False
    beside = [h.where.box for h in hosts if h.where.box is not None]
    if not beside or min(b[0] for b in boxes) - max(b[2] for b in beside) < COLUMN_GUTTER * height:
        return False
    wide = max(b[2] for b in every) - min(b[0] for b in every)
    tall = max(b[3] for b in every) - min(b[1] for b in every)
    return wide > tall


def askew(lines: Sequence[Line]) -> float:
    """Return how far the page's lines slope, as the tangent of their angle, from their
    boxes: the box of a tilted line is as tall as its print plus its width times the
    slope, so the slope is that of the boxes' heights against their widths (least
    squares over the lines at least three median heights wide). 0.0 when the widths
    hardly vary (nothing to tell it by)."""
    boxes = [ln.where.box for ln in lines if ln.where.box is not None]
    if len(boxes) < 3:
        return 0.0
    median = sorted(b[3] - b[1] for b in boxes)[len(boxes) // 2]
    points = [(b[2] - b[0], b[3] - b[1]) for b in boxes if b[2] - b[0] >= 3 * median]
    if len(points) < 3:
        return 0.0
    mean_w = sum(w for w, _ in points) / len(points)
    mean_h = sum(h for _, h in points) / len(points)
    spread = sum((w - mean_w) ** 2 for w, _ in points)
    if spread < len(points) * median ** 2:
        return 0.0
    return abs(sum((w - mean_w) * (h - mean_h) for w, h in points) / spread)


def _row_host(box: Box, before: Sequence[Line], late: set[int]) -> int | None:
    """Return the index of the line of `before`, given in reading order (not in `late`),
    whose row `box` shares, lying beside it: of the lines of that row on either side of
    the piece, the nearest (the one before it, of two as near). None when no line is beside it, or when a line of another row
    shares the piece's height nearly as much (ROW_CLEAR_MARGIN): on a page scanned
    askew, the upright boxes of tilted lines overlap the rows above and below, and a
    piece is better left where it was read than put into another row."""
    beside = []  # (overlap with the piece, gap to it, whether after it, index)
    for i, line in enumerate(before):
        other = line.where.box
        if other is None or i in late:
            continue
        if other[2] <= box[0] + SIDE_SLACK:
            gap, after = box[0] - other[2], False
        elif box[2] <= other[0] + SIDE_SLACK:
            gap, after = other[0] - box[2], True
        else:
            continue
        overlap = _overlap(box, other)
        if overlap >= ROW_OVERLAP * min(box[3] - box[1], other[3] - other[1]):
            beside.append((overlap, gap, after, i))
    if not beside:
        return None
    best = max(beside)
    row = [b for b in beside if _same_row(before[b[3]].where.box, before[best[3]].where.box)]
    others = [b[0] for b in beside if b not in row]
    if others and best[0] < ROW_CLEAR_MARGIN * max(others):
        return None
    return min(row, key=lambda b: (b[1], b[2]))[3]


def _overlap(a: Box, b: Box) -> int:
    """Return how many pixels of height two boxes share."""
    return min(a[3], b[3]) - max(a[1], b[1])


def _same_row(a: Box | None, b: Box | None) -> bool:
    """True when two boxes share ROW_OVERLAP of the shorter one's height."""
    return a is not None and b is not None and _overlap(a, b) >= ROW_OVERLAP * min(a[3] - a[1], b[3] - b[1])


def _joined(parts: Sequence[Line]) -> Line:
    """Return one line of a row's `parts`, left to right, where the first of them was read."""
    boxes = [p.where.box for p in parts if p.where.box is not None]
    ordered = sorted(parts, key=lambda p: p.where.box[0] if p.where.box else 0)
    box = enclosing(boxes)
    chars = sum(len(p.text) for p in parts) or 1
    confidence = sum(p.confidence * len(p.text) for p in parts) / chars
    return Line(" ".join(p.text for p in ordered), replace(parts[0].where, box=box), round(confidence, 4),
                tuple(doubt for p in ordered for doubt in p.numbers))


def _letters(text: str) -> int:
    """Return how many letters and digits `text` holds (a Thai vowel or tone mark above
    or below a letter is none)."""
    return sum(ch.isalnum() and ch not in MARK_CHARACTERS for ch in text)
