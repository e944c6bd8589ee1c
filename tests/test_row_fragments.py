"""A piece of a printed row that Tesseract's page layout gave as the page's last line is
put back into its row, by the boxes alone."""

from __future__ import annotations

import pytest

from pipeline import copies
from pipeline.copies import read_witnesses
from pipeline.ingest import text_lines
from pipeline.model import Line, Page, PageNote, Where
from pipeline.row_fragments import page_lines, rejoin_rows


def line(text: str, box: tuple[int, int, int, int] | None, n: int, confidence: float = 0.9) -> Line:
    return Line(text, Where("a.pdf", 2, n, box), confidence)


# The rows of a page of section 2 as the bench's scans gave them: the end of row 5's
# narrative read as a block of its own, after the page's last line.
ROW5 = line("รายงานครั้งที่5 :: 11/03/2563 : ดำเนินการจัดกิจกรรมครั้งที่", (239, 2273, 1798, 2385), 1)
WRAP5 = line("193 คน เรียบร้อยแล้ว", (244, 2392, 1968, 2501), 2)
FIGURE5 = line(":: ความก้าวหน้าของงานฯ = 75.00 % : งบประมาณที่เบิกใช้ (ครั้งที่ 5) = 0", (239, 2490, 2165, 2582), 3)
LAST = line("640,000 บาท : เป็นไปตามแผน : เป็นไปตามเป้าหมาย", (235, 2984, 1637, 3075), 4)
PIECE = line("4 มีผู้เข้าร่วม", (1827, 2302, 2147, 2400), 5, confidence=0.8)


def test_a_piece_given_after_the_page_goes_back_to_the_end_of_its_row():
    out = rejoin_rows([ROW5, WRAP5, FIGURE5, LAST, PIECE])
    assert [ln.text for ln in out] == [
        "รายงานครั้งที่5 :: 11/03/2563 : ดำเนินการจัดกิจกรรมครั้งที่ 4 มีผู้เข้าร่วม", WRAP5.text, FIGURE5.text, LAST.text]
    assert out[0].where == ROW5.where and out[0].where.box == (239, 2273, 2147, 2400)
    assert 0.8 < out[0].confidence < 0.9


def test_a_piece_of_the_start_of_a_row_goes_in_front():
    start = line("รายงานครั้งที่5 ::", (239, 2273, 700, 2385), 5)
    rest = line("11/03/2563 : ดำเนินการจัดกิจกรรมครั้งที่ 4", (760, 2280, 1798, 2385), 1)
    out = rejoin_rows([rest, WRAP5, FIGURE5, start])
    assert out[0].text == "รายงานครั้งที่5 :: 11/03/2563 : ดำเนินการจัดกิจกรรมครั้งที่ 4" and len(out) == 3


def test_a_row_cut_in_three_takes_its_middle_back_after_its_start():
    """The start and the end of a row in place, the middle given last: it goes with the
    nearer of the two, the start of a tie."""
    start = line("รายงานครั้งที่5 :: 11/03/2563 :", (239, 2273, 900, 2385), 1)
    end = line("มีผู้เข้าร่วม 193 คน", (1500, 2280, 2100, 2385), 2)
    middle = line("ดำเนินการจัดกิจกรรม", (950, 2275, 1450, 2390), 5)
    out = rejoin_rows([start, end, FIGURE5, LAST, middle])
    assert [ln.text for ln in out[:2]] == ["รายงานครั้งที่5 :: 11/03/2563 : ดำเนินการจัดกิจกรรม", end.text]
    assert len(out) == 4


# The boxes of the seed binder's page 2 (samples/scans/invented/binder_a_b.pdf) as
# Tesseract gave them: row 14's end read as "Vv" (too short to move) and "าร่วม", both
# after the page's last line.
BINDER_PAGE_2 = [(288, 157, 1808, 265), (282, 273, 1855, 407), (279, 401, 1925, 524), (276, 485, 2098, 637),
                 (274, 593, 2164, 721), (270, 689, 1419, 798), (268, 781, 1821, 916), (267, 891, 1527, 993),
                 (264, 989, 2189, 1106), (258, 1085, 1409, 1194), (256, 1177, 1085, 1280), (255, 1285, 2071, 1407),
                 (250, 1379, 606, 1481), (250, 1484, 2176, 1606), (245, 1580, 1394, 1689), (243, 1672, 1981, 1819),
                 (246, 1783, 812, 1870), (238, 1879, 2164, 1997), (234, 1976, 1383, 2085), (232, 2068, 2215, 2200),
                 (231, 2182, 1933, 2318), (228, 2275, 2128, 2398), (231, 2380, 1626, 2481),
                 (1997, 1728, 2022, 1745), (2022, 1729, 2150, 1807)]


def test_a_piece_joins_a_line_read_in_order_not_a_speck_given_out_of_order_beside_it():
    texts = [f"บรรทัดที่ {n}" for n in range(1, 24)] + ["Vv", "าร่วม"]
    texts[15] = "รายงานครังที่4 :: 10/02/2565 : ตำเนินการจัดกิจกรรมครังที่ 3 มีผู้เ"
    page = [line(text, box, n) for n, (text, box) in enumerate(zip(texts, BINDER_PAGE_2), start=1)]
    out = rejoin_rows(page)
    assert out[15].text == texts[15] + " าร่วม" and out[-1].text == "Vv" and len(out) == len(page) - 1


def test_lines_in_reading_order_specks_lines_below_and_text_without_boxes_stay_as_read():
    in_order = [ROW5, PIECE, WRAP5, FIGURE5, LAST]
    assert rejoin_rows(in_order) == in_order
    speck = line("| ม", (1827, 2302, 1900, 2400), 5)
    assert rejoin_rows([ROW5, WRAP5, FIGURE5, LAST, speck])[-1] == speck
    below = line("เพิ่มเติม", (1827, 3100, 2147, 3190), 5)  # under the last line, in no row of the page
    assert rejoin_rows([ROW5, WRAP5, FIGURE5, LAST, below])[-1] == below
    alone = line("หมายเหตุท้ายตาราง", (300, 2700, 900, 2780), 5)  # out of order, but a row of its own
    assert rejoin_rows([ROW5, WRAP5, FIGURE5, LAST, alone])[-1] == alone
    unboxed = [line(ln.text, None, ln.where.line) for ln in (ROW5, WRAP5, FIGURE5, LAST, PIECE)]
    assert rejoin_rows(unboxed) == unboxed


def askew_page(degrees: float) -> list[Line]:
    """Thirty rows 66 px apart, tilted by `degrees` on the scan (boxes as Tesseract gives
    them: upright around the tilted print); row 15 ends early, its end given last as a
    block of its own; rows 14 and 16 are short."""
    from pipeline.preprocess import unrotate_box

    rows = []
    for i in range(30):
        top = 300 + i * 66
        right = {14: 600, 15: 500, 16: 600}.get(i, 1490)
        rows.append((f"แถวที่ {i} ข้อความ", (160, top, right, top + 50)))
    rows.append(("ส่วนท้ายของแถว", (1100, 300 + 15 * 66, 1490, 300 + 15 * 66 + 50)))
    return [line(text, unrotate_box(box, degrees, (1654, 2339)), n) for n, (text, box) in enumerate(rows, 1)]


def test_on_a_page_scanned_askew_a_piece_is_put_back_only_into_the_row_it_clearly_shares():
    """Tilted 2 or 3 degrees, the upright boxes of rows 14 and 16 reach as far into the
    piece's height as row 15's: the piece stays as read rather than join another row."""
    level = rejoin_rows(askew_page(0))
    assert "แถวที่ 15 ข้อความ ส่วนท้ายของแถว" in [ln.text for ln in level] and len(level) == 30
    for degrees in (-3, -2, 2, 3):
        out = rejoin_rows(askew_page(degrees))
        assert out[-1].text == "ส่วนท้ายของแถว" and len(out) == 31, degrees


def test_a_page_read_turned_is_left_as_read():
    """Its boxes are where the lines lie on the scan: a row there runs down the page, or
    from right to left."""
    lines = (ROW5, WRAP5, FIGURE5, LAST, PIECE)
    assert len(page_lines(Page("a.pdf", 2, lines))) == 4
    turned = Page("a.pdf", 2, lines, (PageNote("orientation", "was upside down; read turned 180 degrees"),))
    assert page_lines(turned) == lines


def test_a_copy_read_from_a_page_whose_row_lost_its_end_to_the_bottom_keeps_the_narrative(seed_text, template):
    """The seed's first copy as one scanned page, a box per line, with the end of report
    1's narrative given last, as its own block: the copy reads the narrative whole."""
    start = seed_text.index("1. ชื่อโครงการ")
    text = seed_text[start:seed_text.index("1. ชื่อโครงการ", start + 1)]
    lines = [Line(ln.text, Where("a.pdf", 1, i, (200, 100 * i, 2000, 100 * i + 90)), ln.confidence)
             for i, ln in enumerate(text_lines(text, "a.pdf", 1), start=1)]
    row = next(i for i, ln in enumerate(lines) if "อยู่ระหว่างขั้นตอนขออนุมัติโครงการฯ" in ln.text)
    head, _, tail = lines[row].text.partition(" อยู่ระหว่าง")
    box = lines[row].where.box
    lines[row] = Line(head, Where("a.pdf", 1, row + 1, (200, box[1], 1100, box[3])))
    lines.append(Line("อยู่ระหว่าง" + tail, Where("a.pdf", 1, len(lines) + 1, (1130, box[1] + 5, 2000, box[3] + 5))))

    def narrative(page_lines):
        records, _ = read_witnesses([Page("a.pdf", 1, tuple(page_lines))], template)
        return next(n.text.value for n in records[0].narratives if n.date.value == "2020-10-26")

    assert narrative(lines) == "อยู่ระหว่างขั้นตอนขออนุมัติโครงการฯ"
    with pytest.MonkeyPatch.context() as mp:  # the page as Tesseract gave it: the narrative is lost
        mp.setattr(copies, "page_lines", lambda page: page.lines)
        assert narrative(lines) != "อยู่ระหว่างขั้นตอนขออนุมัติโครงการฯ"


def test_a_second_page_beside_the_first_on_one_sheet_is_left_as_read():
    """Two pages photocopied to one landscape sheet: Tesseract reads the left page, then
    the right; each right line lies beside a left one, but splicing them would make every
    line half of one page and half of the other."""
    left = [line(f"บรรทัดหน้าซ้ายที่ {i} ของรายงาน", (200, 300 + 120 * i, 2100, 390 + 120 * i), i) for i in range(25)]
    right = [line(f"บรรทัดหน้าขวาที่ {i} ของรายงาน", (2700, 310 + 120 * i, 4500, 395 + 120 * i), 25 + i)
             for i in range(10)]
    assert rejoin_rows(left + right) == left + right
    a_few = right[:3]  # three pieces given after the page are pieces of rows, put back
    assert len(rejoin_rows(left + a_few)) == len(left)
    cells = [line(f"เป็นไปตามแผน {i}", (2150, 310 + 120 * i, 2500, 395 + 120 * i), 25 + i) for i in range(8)]
    assert len(rejoin_rows(left + cells)) == len(left)  # a column of cells beside one page's rows: pieces
    assert len(rejoin_rows(left[:6] + cells[:5])) == 6  # so on a short last page, whose text runs wider than tall
    short = [line(f"ข้อ {i}", (2700, 310 + 120 * i, 3300, 395 + 120 * i), 25 + i) for i in range(10)]
    assert rejoin_rows(left + short) == left + short  # a second page of short lines (a list) is a page too
