"""section2_pages: the report numbers, dates and order of section 2's pages."""

from __future__ import annotations

import itertools

from pipeline.model import Line, Where
from pipeline.section2_pages import has_marker, markers, row_dates, starts_from_report_1
from pipeline.template import load_template

SPEC = load_template().progress


def page(*texts: str) -> list[Line]:
    return [Line(text, Where("a.pdf", 2, i + 1)) for i, text in enumerate(texts)]


ROWS = page(
    ":: 25/12/2563 : จัดประชุมชี้แจง",
    "งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 5,000 บาท",
    ":: 25/01/2564 : จัดอบรม",
    "งบประมาณที่เบิกใช้ (ครั้งที่ 2) = 7,500 บาท",
    "งบประมาณที่เบิกใช้ (ครั้งที่ 3) = 0 บาท",
)


def test_markers_are_the_figures_report_numbers_in_order():
    assert list(markers(ROWS, SPEC)) == [1, 2, 3]
    assert row_dates(ROWS, SPEC) == ["2020-12-25", "2021-01-25"]


def test_markers_are_read_as_asked_for():
    found = markers(ROWS, SPEC)
    assert list(itertools.islice(found, 2)) == [1, 2]
    assert next(found) == 3
    assert next(found, None) is None


def test_a_page_starts_from_report_1_only_where_its_first_figure_is_report_1():
    assert starts_from_report_1(ROWS, SPEC)
    assert not starts_from_report_1(ROWS[2:], SPEC)
    assert has_marker(ROWS[2:], SPEC)


def test_a_page_without_figures_has_no_marker():
    text = page(":: 25/12/2563 : จัดประชุมชี้แจง", "ผลการดำเนินงาน")
    assert not has_marker(text, SPEC)
    assert not starts_from_report_1(text, SPEC)
    assert list(markers(text, SPEC)) == []
