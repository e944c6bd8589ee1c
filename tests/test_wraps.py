"""Lines a printed phrase wrapped across join without a space; other lines with one."""

from __future__ import annotations

from pipeline.model import Line, Where
from pipeline.wraps import join_lines, right_margins, runs_on

RIGHT = 2300


def line(text: str, right: int, n: int = 1, page: int = 1, boxed: bool = True) -> Line:
    return Line(text, Where("scan.pdf", page, n, (200, 100 * n, right, 100 * n + 60) if boxed else None))


def test_a_phrase_too_long_for_its_line_joins_the_next_without_a_space():
    lines = [line("กรุงเทพมหานครมีนโยบายพัฒนาให้มีคุณภาพอย่าง", RIGHT - 10), line("ต่อเนื่อง สำนักงานเขต", 900, 2)]
    assert join_lines(lines, right_margins(lines)) == "กรุงเทพมหานครมีนโยบายพัฒนาให้มีคุณภาพอย่างต่อเนื่อง สำนักงานเขต"


def test_a_line_with_a_space_may_have_wrapped_there_and_keeps_it():
    lines = [line("กรุงเทพมหานคร มีนโยบายพัฒนาให้มีคุณภาพอย่าง", RIGHT), line("ต่อเนื่อง", 900, 2)]
    assert join_lines(lines, right_margins(lines)) == "กรุงเทพมหานคร มีนโยบายพัฒนาให้มีคุณภาพอย่าง ต่อเนื่อง"


def test_a_line_that_stops_short_of_the_margin_ended_its_text():
    lines = [line("1. เพื่อพัฒนาทางเท้า", RIGHT), line("เพื่อส่งเสริมการมีส่วนร่วม", 1200, 2),
             line("ของโรงเรียน", 700, 3)]
    margins = right_margins(lines)
    assert not runs_on(lines[1], lines[2], margins)
    assert join_lines(lines, margins) == "1. เพื่อพัฒนาทางเท้า เพื่อส่งเสริมการมีส่วนร่วม ของโรงเรียน"


def test_text_without_boxes_or_across_pages_or_beside_no_thai_joins_with_a_space():
    unboxed = [line("ให้มีคุณภาพอย่าง", RIGHT, boxed=False), line("ต่อเนื่อง", 900, 2, boxed=False)]
    assert join_lines(unboxed, right_margins(unboxed)) == "ให้มีคุณภาพอย่าง ต่อเนื่อง"
    pages = [line("ให้มีคุณภาพอย่าง", RIGHT), line("ต่อเนื่อง", 900, 1, page=2)]
    assert join_lines(pages, right_margins(pages)) == "ให้มีคุณภาพอย่าง ต่อเนื่อง"
    digits = [line("งบประมาณทั้งสิ้น", RIGHT), line("150,000 บาท", 900, 2)]
    assert join_lines(digits, right_margins(digits)) == "งบประมาณทั้งสิ้น 150,000 บาท"


def test_a_line_opening_with_a_mark_is_not_joined_onto_the_letter_before():
    lines = [line("ให้มีคุณภาพอย่าง", RIGHT), line("่ต่อเนื่อง", 900, 2)]
    assert join_lines(lines, right_margins(lines)) == "ให้มีคุณภาพอย่าง ่ต่อเนื่อง"


def test_on_a_page_read_turned_lines_end_on_the_left_of_the_scan():
    """The boxes of a page read turned 180 degrees lie where the lines are on the scan
    as it lies: they follow each other upwards and end on the left."""
    def turned(text: str, left: int, n: int) -> Line:
        return Line(text, Where("scan.pdf", 1, n, (left, 3000 - 100 * n, 2280, 3060 - 100 * n)))

    lines = [turned("กรุงเทพมหานครมีนโยบายพัฒนาให้มีคุณภาพอย่าง", 205, 1), turned("ต่อเนื่อง สำนักงานเขต", 1500, 2),
             turned("กำหนดให้หน่วยงานต้นสังกัด", 1500, 3), turned("และสถานศึกษา", 1900, 4)]
    assert join_lines(lines, right_margins(lines)) == \
        "กรุงเทพมหานครมีนโยบายพัฒนาให้มีคุณภาพอย่างต่อเนื่อง สำนักงานเขต กำหนดให้หน่วยงานต้นสังกัด และสถานศึกษา"
