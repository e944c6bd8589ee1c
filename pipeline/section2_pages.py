"""What the pages of section 2 say about where they belong: whether a page holds
section-2 rows, the report numbers of its figures, and the order of its pages by the
report dates they print. Segmentation (pipeline/segment.py) uses these to tell a stray
page or a lost heading from more of a copy, and to put pages bound out of order back."""

from __future__ import annotations

import statistics
from collections.abc import Iterator, Sequence

import regex

from .model import CopyNote, Line
from .normalize import fold_line, fold_pattern
from .template import ProgressSpec
from .values import parse_cell_date



def _folded(lines: Sequence[Line]) -> str:
    """Return the lines' texts joined by a space, their marks folded (fold_marks; line by line, as remembered)."""
    return " ".join([fold_line(ln.text) for ln in lines])


def has_rows(lines: Sequence[Line], spec: ProgressSpec) -> bool:
    """True when `lines` hold a section-2 figure or a report's date."""
    text = _folded(lines)
    return any(fold_pattern(p).search(text) for p in (spec.spent, spec.date))


def first_row(lines: Sequence[Line], spec: ProgressSpec) -> int:
    """Return the index of the first of `lines` that holds a figure or a date alone, 0 when
    none does (a figure split over two lines)."""
    return next((i for i, line in enumerate(lines) if has_rows([line], spec)), 0)


def markers(lines: Sequence[Line], spec: ProgressSpec) -> Iterator[int]:
    """Yield the report numbers ("(ครั้งที่ N)") of the figures on `lines`, in order, each
    read as it is asked for: most questions about a page are answered by its first rows."""
    return (int(m.group("marker")) for m in fold_pattern(spec.spent).finditer(_folded(lines))
            if (m.group("marker") or "").isdigit())


def has_marker(lines: Sequence[Line], spec: ProgressSpec) -> bool:
    """True when some figure on `lines` reads its report number."""
    return next(markers(lines, spec), None) is not None


def starts_from_report_1(lines: Sequence[Line], spec: ProgressSpec) -> bool:
    """True when the first figure on `lines` is report 1's: rows that begin a section 2.
    (Report 1 only: any other number OCR may have misread.)"""
    return next(markers(lines, spec), None) == 1


def row_dates(lines: Sequence[Line], spec: ProgressSpec) -> list[str]:
    """Return the report dates (ISO) the rows on `lines` print, in order."""
    return [d for m in fold_pattern(spec.date).finditer(_folded(lines)) if (d := parse_cell_date(m.group("date")))]


def order_progress_pages(lines: list[Line], date: regex.Pattern[str]) -> tuple[list[Line], CopyNote | None]:
    """Return section 2's lines with its pages in the order of the report dates they
    print (each page by the lower median of its dates, so one misread date rarely moves
    it; a page without a date stays behind the page before it), and a note saying what
    moved (each page with its file when the copy runs over more than one), said of the
    first page put before another, or None when nothing did. Dates, not the "(ครั้งที่ N)"
    markers: OCR breaks a marker's one or two digits far more often than a whole date."""
    groups: list[list[Line]] = []
    for line in lines:
        if groups and (line.where.source, line.where.page) == (groups[-1][0].where.source, groups[-1][0].where.page):
            groups[-1].append(line)
        else:
            groups.append([line])
    keys: list[str] = []
    for group in groups:
        dates = [d for m in fold_pattern(date).finditer(_folded(group))
                 if (d := parse_cell_date(m.group("date")))]
        keys.append(statistics.median_low(dates) if dates else (keys[-1] if keys else ""))
    order = sorted(range(len(groups)), key=lambda i: keys[i])
    if order == list(range(len(groups))):
        return lines, None
    sources = list(dict.fromkeys(g[0].where.source for g in groups))

    def page(group: list[Line]) -> str:
        return f"p{group[0].where.page}" if len(sources) == 1 else f"{group[0].where.source} p{group[0].where.page}"

    before = ", ".join(page(g) for g in groups)
    after = ", ".join(page(groups[i]) for i in order)
    moved = next(groups[i] for k, i in enumerate(order) if i != k)  # the first page put before another
    return ([ln for i in order for ln in groups[i]],
            CopyNote(moved[0].where, f"section 2 pages of {' and '.join(sources)} read in the order of their report "
                                     f"dates: {before} -> {after}"))
