import random
import sys
from pathlib import Path

import pytest

from pipeline.model import OcrLine
from pipeline.ocr_settings import OcrSettings
from pipeline.set_apart import _joined, pieces_set_apart, text_after

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "samples"))

LINE = "รายงานครั้งที่2 :: 07/12/2562 : ดำเนินการจัดกิจกรรมครั้งที่ 1 มีผู้เข้าร่วม"


def test_a_short_piece_just_past_a_line_s_end_on_its_band_is_that_line_s():
    lines = [OcrLine(LINE, 0.94, (236, 891, 2068, 999)),
             OcrLine("คน เรียบร้อยแล้ว", 0.95, (237, 1015, 668, 1096)),
             OcrLine("เภ", 0.7, (2101, 925, 2128, 972))]
    assert pieces_set_apart(lines, 100) == {0: [2]}


def test_a_piece_may_begin_over_the_letters_its_line_ends_in():
    lines = [OcrLine("ติดตามและประเมินผลการดำเนินงานร่วมกับ นางสาวรติศั", 0.95, (243, 1502, 1904, 1583)),
             OcrLine("ผู้ประสานงาน", 0.95, (244, 1614, 636, 1697)), OcrLine("ศักดิ ช่อดารา", 0.9, (1851, 1501, 2225, 1577))]
    assert pieces_set_apart(lines, 100) == {0: [2]}
    again = "ร่วมกับ นางสาวรติศักดิ์ ช่อดารา"
    assert text_after(lines[0].text, again) == (lines[0].text, "กดิ์ ช่อดารา")


def test_a_piece_two_bands_hold_goes_to_the_line_whose_middle_is_nearer():
    lines = [OcrLine("อยู่ระหว่างขั้นตอนขออนุมัติโครงการฯ", 0.97, (237, 697, 2119, 862)),
             OcrLine("งบประมาณที่เบิกใช้ (ครั้งที่ 1) =", 0.97, (259, 777, 2176, 902)),
             OcrLine("0", 0.97, (2202, 825, 2233, 877))]
    assert pieces_set_apart(lines, 100) == {1: [2]}


def test_pieces_in_a_row_each_begin_near_the_one_before():
    lines = [OcrLine("งบประมาณที่เบิกใช้ (ครั้ง", 0.9, (248, 1096, 1968, 1198)),
             OcrLine("รม.", 0.77, (1971, 1100, 2024, 1183)), OcrLine("N", 0.88, (2045, 1139, 2073, 1184)),
             OcrLine("II", 0.82, (2126, 1158, 2160, 1175)), OcrLine("©", 0.86, (2190, 1140, 2220, 1184))]
    assert pieces_set_apart(lines, 100) == {0: [1, 2, 3, 4]}


def test_no_piece_where_none_is_short_near_and_on_a_line_s_band():
    far = [OcrLine(LINE, 0.94, (236, 891, 1400, 999)), OcrLine("52", 0.5, (1700, 925, 1740, 972))]
    wide = [OcrLine(LINE, 0.94, (236, 891, 1400, 999)), OcrLine(LINE, 0.9, (1420, 891, 2300, 999))]
    below = [OcrLine(LINE, 0.94, (236, 891, 2068, 999)), OcrLine("52", 0.5, (2080, 1010, 2120, 1060))]
    margin = [OcrLine("5", 0.9, (226, 2475, 269, 2623)), OcrLine(".5 เป้าหมายของโครงการ", 0.95, (277, 2570, 1049, 2646))]
    stamp = [OcrLine(LINE, 0.94, (236, 891, 2068, 999)), OcrLine("รับเรื่อง", 0.6, (2090, 850, 2500, 1100))]
    for lines in (far, wide, below, margin, stamp):
        assert pieces_set_apart(lines, 100) == {}


def test_what_the_reading_again_has_after_the_line_s_end_is_its_end():
    assert text_after(LINE, "แครั้งที่ 1 มีผู้เข้าร่วม 52") == (LINE, " 52")
    assert text_after("ของนักเรียนให้มี", "เรียนให้มีคุณ") == ("ของนักเรียนให้มี", "คุณ")
    assert text_after(LINE + " .", "ที่ 1 มีผู้เข้าร่วม 52") == (LINE, " 52"), "a speck after the line's end is left out"
    figure = "งบประมาณที่เบิกใช้ (ครั้งที่ 2)"
    assert text_after(figure, "ประมาณที่เบิกใช้ (ครั้งที 2 ) = 0") == (figure, " = 0"), "its own signs kept"
    assert text_after(figure[:-1] + ") =", "ที่เบิกใช้ (ครั้งที่ 2) = 0") == (figure + " =", " 0")


def test_the_line_s_end_is_never_found_in_the_number_that_follows_it():
    assert text_after(LINE, "กรรมครั้งที่ 1 มีผู้เข้าร่ 52") == (LINE, " 52")
    assert text_after(LINE, "กรรมครั้งที่ 1 มีผู้เข้าร่ว52") == (LINE, "52")


def test_a_line_ending_in_a_bare_equals_is_left_to_recover_unless_the_reading_again_repeats_it():
    figure = "งบประมาณที่เบิกใช้ (ครั้งที่ 1) ="
    assert text_after(figure, "ที่เบิกใช้ (ครั้งที่ 1) - 0") is None
    assert text_after(figure, "ที่เบิกใช้ (ครั้งที่ 1) = 0") == (figure, " 0")


def test_nothing_is_put_at_the_end_where_the_reading_again_does_not_show_it():
    assert text_after(LINE, "ที่ 1 มีผู้เข้าร่วม") is None, "nothing after the line's end"
    assert text_after(LINE, "ที่ 1 มีผู้เข้าร่วม oY)") is None, "junk after it"
    assert text_after(LINE, "ที่ 1 มีผู้เข้าร่วม ..") is None, "specks after it"
    assert text_after(LINE, "บาท : เป็นไปตามแผน 52") is None, "another line's text"


@pytest.fixture(scope="module")
def norasi_report():
    """Page 2 of a report the accuracy bench invents (seed 9203, its fourth), printed as
    the bench prints it in the Norasi face, lines broken between words: Tesseract's
    layout sets the "52" ending a row's first line apart as a block of its own."""
    from generate import invent_report
    from render import FONT

    font = FONT.with_stem("Norasi")
    if not font.exists():
        pytest.skip(f"{font} is not installed (make setup installs fonts-thai-tlwg)")
    rng = random.Random(9203)
    report = [invent_report(rng) for _ in range(4)][3]
    assert "มีผู้เข้าร่วม 52 คน" in report.reports[1].narrative
    return report, font


def test_a_number_tesseract_set_apart_from_its_line_s_end_is_read_with_it(norasi_report, tmp_path):
    from generate import CopySpec, FileSpec, write_archive

    from pipeline.page_task import PageTask, ocr_task

    report, font = norasi_report
    write_archive(tmp_path, [report], [FileSpec("copy.pdf", [CopySpec(0, "light")])], seed=0, font=font,
                  breaks="words")
    path = str(tmp_path / "copy.pdf")
    plain = ocr_task(PageTask("copy.pdf", 2, path, OcrSettings(reread_set_apart=False))).lines
    again = ocr_task(PageTask("copy.pdf", 2, path, OcrSettings())).lines
    assert not any(ln.text.endswith("ร่วม 52") for ln in plain), "Tesseract now reads the 52: this shows nothing"
    assert [ln.text.endswith("ร่วม 52") for ln in again if "มีผู้เข้าร่วม" in ln.text] == [True]
    assert len(again) < len(plain), "the piece read as junk is dropped"


def test_a_gap_before_the_first_piece_is_a_space_where_the_reading_again_lost_it():
    host = OcrLine(" : ดำเนินการจัดกิจกรรมครั้งที่", 0.94, (246, 798, 1852, 901))
    apart = OcrLine("1 มีผู้เข้าร่วม", 0.94, (1877, 820, 2210, 912))
    close = OcrLine("คุณ", 0.91, (1862, 820, 1950, 900))
    assert _joined(host, [apart], host.text, "1 มีผู้เข้าร่วม", "", 100).text == host.text + " 1 มีผู้เข้าร่วม"
    assert _joined(host, [close], host.text, "คุณ", "", 100).text == host.text + "คุณ"
    assert _joined(host, [apart], host.text, " 1", "", 100).box == (246, 798, 2210, 912)
