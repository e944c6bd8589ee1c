import logging
import sys
from pathlib import Path

import pytest

from pipeline.ocr_settings import OcrSettings
from pipeline.reading import ocr_image
from pipeline.recover import PAD, TAIL_LINE_HEIGHTS, fill_number, tail_strip, wrapped

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "samples"))


def test_the_number_at_the_end_of_the_second_reading_is_added():
    line = ":: ความก้าวหน้าของงานฯ = 20.00 % : งบประมาณที่เบิกใช้ (ครั้งที่ 1) ="
    assert fill_number(line, ". ความกาวหนาของงานฯ = 20.00 % : งบประมาณทีเบิกใช้ (ครั้งที 11= 0") == line + " 0"
    assert fill_number("ก =", "ขค =1,500.") == "ก = 1,500"


def test_nothing_changes_unless_the_line_ends_bare_and_the_reading_ends_in_a_number():
    assert fill_number("ก = 5", "ก = 6") is None
    assert fill_number("ก = บาท", "ก = 0 บาท") is None
    assert fill_number("ก =", "ก =") is None
    assert fill_number("ก =", "ก = 5 บาท") is None


def test_a_number_that_opens_the_next_line_wrapped_and_is_not_looked_for():
    line = ":: ความก้าวหน้าของงานฯ = 100.00 % : งบประมาณที่เบิกใช้ (ครั้งที่ 6) ="
    assert wrapped(line, "775,000 บาท : เป็นไปตามแผน : เป็นไปตามเป้าหมาย")
    assert wrapped(line, " 0 บาท") and wrapped(line, "12.50")
    assert not wrapped(line, "บาท : เป็นไปตามแผน")
    assert not wrapped(line, ":: 25/12/2563 : ดำเนินการ"), "a date opens the next row: the number may be lost"
    assert not wrapped(line, ", บาท")
    assert not wrapped(line[:-2], "775,000 บาท"), "a line with no bare '=' at its end is no wrap"


def test_a_long_line_is_read_again_from_its_tail_not_its_whole_width():
    left, top, right, bottom = tail_strip((100, 500, 2000, 540), 2100, 40, (2480, 3508))
    assert right - left == TAIL_LINE_HEIGHTS * 40 + 100 + 4 * PAD
    assert (top, bottom) == (500 - PAD, 540 + PAD) and right >= 2100


def test_a_short_line_keeps_its_own_left_edge_and_the_strip_stays_on_the_page():
    assert tail_strip((150, 5, 300, 45), 2470, 40, (2480, 3508)) == (150 - PAD, 0, 2480, 45 + PAD)


@pytest.fixture(scope="module")
def scanned_form_page():
    """Three figure lines as the generator prints them, scanned with medium noise
    (seed 0: Tesseract's page layout drops the last line's "0")."""
    import random

    from generate import NOISE, TITLE, degrade
    from render import render_pages

    from pipeline.preprocess import preprocess

    line = ":: ความก้าวหน้าของงานฯ = {p}.00 % : งบประมาณที่เบิกใช้ (ครั้งที่ {n}) = 0 บาท : เป็นไปตามแผน : เป็นไปตามเป้าหมาย"
    page = render_pages([line.format(p=20 * n, n=n) for n in (1, 2, 3)], dpi=200, header=TITLE)[0]
    image = degrade(page, NOISE["medium"], random.Random(0))
    return preprocess(image.resize((image.width * 3 // 2, image.height * 3 // 2)), ("despeckle",))


def test_a_lone_zero_tesseract_drops_at_a_line_end_is_read_again(scanned_form_page, caplog):
    caplog.set_level(logging.DEBUG, logger="pipeline.recover")
    plain = [ln.text for ln in ocr_image(scanned_form_page, OcrSettings(recover_numbers=False)) if "%" in ln.text]
    recovered = [ln.text for ln in ocr_image(scanned_form_page, OcrSettings()) if "%" in ln.text]
    assert sum(t.endswith("=") for t in plain) >= 1, "Tesseract now reads the zero: this test no longer shows anything"
    assert len(recovered) == 3
    assert all(t.endswith("= 0") for t in recovered), recovered
    assert any(r.getMessage().startswith("re-read ") and "recovered" in r.getMessage() for r in caplog.records)
