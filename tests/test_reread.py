import logging
import random
import sys
from pathlib import Path

import pytest

from pipeline.model import OcrLine
from pipeline.ocr_settings import OcrSettings
from pipeline.reading import ocr_image
from pipeline.reread import free_centre, garbled_lines
from pipeline.tesseract import TSV_HEADER

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "samples"))

NARRATIVE = "อยู่ระหว่างขั้นตอนขออนุมัติโครงการฯ"


def _tsv(*lines: list[tuple], top: int = 100, height: int = 40) -> str:
    """Return a TSV with one text line per argument, each a list of (left, width, conf,
    text) rows, `height` high unless a row says its own height fifth."""
    rows = [TSV_HEADER.rstrip("\n")]
    for n, line in enumerate(lines, start=1):
        y = top + (n - 1) * 2 * height
        rows += [f"5\t1\t1\t1\t{n}\t{w}\t{row[0]}\t{y}\t{row[1]}\t{(row + (height,))[4]}\t{row[2]}\t{row[3]}"
                 for w, row in enumerate(line, start=1)]
    return "\n".join(rows) + "\n"


def _lines(tsv: str) -> list[OcrLine]:
    from pipeline.tsv import tsv_lines

    return tsv_lines(tsv)


def test_a_line_is_garbled_when_its_doubtful_letters_span_several_line_heights():
    good = [(0, 30, 93.0, "ก"), (30, 30, 96.0, "ข")]
    junk = [(0, 30, 93.0, "ก"), (30, 60, 30.0, "mab"), (90, 50, 40.0, "on")]  # 110 px of letters under 70
    tsv = _tsv(good, junk, good, good)
    assert garbled_lines(_lines(tsv), tsv) == [1]


def test_stray_marks_and_short_doubts_leave_a_line_alone():
    marks = [(0, 30, 93.0, "บ"), (30, 300, 20.0, ";"), (330, 300, 10.0, "|")]  # wide, doubtful, but no letter
    short = [(0, 30, 93.0, "ก"), (30, 60, 50.0, "ab")]  # 60 px of doubtful letters: 1.5 line heights
    sure = [(0, 300, 91.0, "กขค")]
    tsv = _tsv(marks, short, sure)
    assert garbled_lines(_lines(tsv), tsv) == []


def test_a_number_is_doubtful_only_far_under_a_words_confidence():
    good = [(0, 30, 93.0, "ก"), (30, 30, 96.0, "ข")]
    date = [(0, 30, 93.0, "ก"), (40, 120, 64.0, "11/02/2564")]  # a whole date is one row, sure as its least sure digit
    junk = [(0, 30, 93.0, "ก"), (40, 120, 26.0, "0000")]
    tsv = _tsv(date, junk, good, good)
    assert garbled_lines(_lines(tsv), tsv) == [1]


def test_a_page_garbled_all_over_or_a_box_many_lines_tall_is_not_re_read():
    good = [(0, 30, 93.0, "ก"), (30, 30, 96.0, "ข")]
    junk = [(0, 30, 93.0, "ก"), (30, 110, 30.0, "mab")]
    tsv = _tsv(junk, good, good, good)
    assert garbled_lines(_lines(tsv), tsv) == [0]
    assert garbled_lines(_lines(_tsv(junk, junk, good, good)), _tsv(junk, junk, good, good)) == [0, 1]
    assert garbled_lines(_lines(_tsv(junk, junk, junk, good)), _tsv(junk, junk, junk, good)) == []
    tall = [(0, 30, 93.0, "ก"), (30, 200, 30.0, "photo", 400)]
    tsv = _tsv(tall, good, good, good, good)
    assert garbled_lines(_lines(tsv), tsv) == []
    tsv = _tsv([(0, 30, 93.0, "ก"), (30, 200, 30.0, "photo", 100)], good, good, good, good)
    assert garbled_lines(_lines(tsv), tsv) == [0]


def test_the_line_lies_where_its_neighbours_boxes_leave_room():
    # A box grown over the heading above (to 130) and the marks of the line below (from 170).
    assert free_centre((0, 100, 500, 200), [(0, 60, 500, 130), (0, 170, 500, 260)]) == 150
    assert free_centre((0, 100, 500, 200), []) == 150
    assert free_centre((0, 100, 500, 200), [(0, 90, 500, 210)]) == 150


@pytest.fixture(scope="module")
def garbled_page():
    """The top of section 2 as the generator prints it, scanned with medium noise (seed 6:
    Tesseract's page layout reads report 1's narrative as junk)."""
    from generate import NOISE, TITLE, degrade
    from render import render_pages

    from pipeline.preprocess import preprocess

    lines = ["ตัวชี้วัด : ร้อยละของโครงการที่ดำเนินการสำเร็จตามเป้าหมาย",
             "2. รายงานความก้าวหน้าของโครงการและการใช้จ่ายงบประมาณ",
             f"รายงานครั้งที่1 :: 30/10/2564 : {NARRATIVE}",
             ":: ความก้าวหน้าของงานฯ = 5.00 % : งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 0",
             "บาท : เป็นไปตามแผน : เป็นไปตามเป้าหมาย"]
    image = degrade(render_pages(lines, dpi=200, header=TITLE)[0], NOISE["medium"], random.Random(6))
    image = image.resize((image.width * 3 // 2, image.height * 3 // 2)).crop((0, 0, image.width * 3 // 2, 900))
    return preprocess(image, ("despeckle",))


def test_a_line_the_page_layout_garbles_is_read_again_from_its_strip(garbled_page, caplog):
    caplog.set_level(logging.DEBUG, logger="pipeline.reread")
    plain = [ln.text for ln in ocr_image(garbled_page, OcrSettings(reread_garbled=False))]
    reread = ocr_image(garbled_page, OcrSettings())
    texts = [ln.text for ln in reread]
    assert not any(NARRATIVE[:8] in t for t in plain), f"Tesseract now reads the line: this test shows nothing: {plain}"
    narrative = [ln for ln in reread if ln.text.startswith("รายงานคร")]
    assert len(narrative) == 1 and NARRATIVE[:12] in narrative[0].text and "โครงการ" in narrative[0].text, texts
    assert len(texts) == len(plain) and sum(t.startswith(":: ความก้าวหน้า") for t in texts) == 1, texts
    height = narrative[0].box[3] - narrative[0].box[1]
    assert height < 1.3 * sorted(ln.box[3] - ln.box[1] for ln in reread)[len(reread) // 2]
    assert any(r.getMessage() == "re-read 1 garbled line(s): 1 replaced" for r in caplog.records)
