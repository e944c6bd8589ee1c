"""Number words read again alone: the rule that makes a doubt, and the real Tesseract
reading a rendered number whose page reading was a look-alike misread."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.model import NumberDoubt, OcrLine
from pipeline.number_rereads import look_alikes, number_words, reread_numbers, settled
from pipeline.tesseract import ENGINES, TSV_HEADER, Tesseract

@pytest.fixture()
def one_openmp_thread(monkeypatch):
    """In-process Tesseract as in a worker: OpenMP limited to one thread before it starts."""
    monkeypatch.setenv("OMP_THREAD_LIMIT", "1")


PURISA = "/usr/share/fonts/truetype/tlwg/Purisa.ttf"  # a face whose 7 Tesseract's page reading takes for a 1


def test_only_look_alike_digits_make_a_doubt():
    assert look_alikes("21/10/2563", "27/10/2563") and look_alikes("15,000", "75,000") and look_alikes("9", "5")
    assert not look_alikes("27/10/2563", "27/10/2563"), "a confirming reading is no doubt"
    assert not look_alikes("21/10/2563", "28/10/2563"), "1 and 8 are no look-alikes"
    assert not look_alikes("21/10/2563", "27/10/72563"), "another shape (a digit added) says nothing"
    assert not look_alikes("1.5", "1,5") and not look_alikes("1.5", "715")
    assert not look_alikes("21/11/2561", "21/17/2561") and not look_alikes("19/01/2562", "59/01/2562"), \
        "no calendar has the date read alone"
    assert look_alikes("21/17/2561", "21/11/2561") and look_alikes("19/01/2562", "19/07/2562")


def test_a_number_two_readings_alone_agree_on_is_settled_as_they_read_it_and_only_that():
    line = OcrLine("ครั้งที่ 9 = 9.5 % : 21/10/2563 : 19", 0.9, None,
                   (NumberDoubt("9", "5", True), NumberDoubt("21/10/2563", "27/10/2563", False)))
    assert settled(line) == "ครั้งที่ 5 = 9.5 % : 21/10/2563 : 19"
    assert settled(line._replace(numbers=())) == line.text
    twice = OcrLine("ครั้งที่ 11 ถึง 11", 0.9, None, (NumberDoubt("11", "17", True),))
    assert settled(twice) == twice.text, "which of the two was misread is not kept: neither is changed"


def _tsv(words: list[tuple[str, tuple[int, int, int, int]]]) -> str:
    rows = [f"5\t1\t1\t1\t1\t{i + 1}\t{l}\t{t}\t{r - l}\t{b - t}\t93.0\t{text}"
            for i, (text, (l, t, r, b)) in enumerate(words)]
    return TSV_HEADER + "\n".join(rows) + "\n"


def test_number_words_are_the_words_of_digits_that_hold_a_look_alike():
    tsv = _tsv([("วันที่", (0, 0, 10, 10)), ("21/10/2563", (20, 0, 90, 10)), ("2,000", (100, 0, 140, 10)),
                ("(75)", (150, 0, 180, 10)), ("ครั้งที่1", (190, 0, 220, 10)), ("9.", (230, 0, 240, 10))])
    assert number_words(tsv) == [("21/10/2563", (20, 0, 90, 10)), ("9", (230, 0, 240, 10))], \
        "a number word's own punctuation at its ends goes, a bracket or a letter makes it no number word"


def _rendered(text: str) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """Return a strip with `text` printed in Purisa at about 16 pt at 300 dpi, and the box of its last word."""
    image = Image.new("L", (1600, 160), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(PURISA, 67)
    head = text.rsplit(" ", 1)[0] + " "
    draw.text((40, 40), text, fill=0, font=font)
    left = 40 + round(draw.textlength(head, font=font))
    _, top, right, bottom = draw.textbbox((40, 40), text, font=font)
    return image, (left, top, right, bottom)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_date_the_page_misread_7_for_1_is_kept_as_a_doubt_on_its_line(engine, one_openmp_thread):
    from pipeline.tesseract import worker_engine

    if engine == "tesserocr" and worker_engine() != "tesserocr":
        pytest.skip("no tesserocr built against the program's Tesseract here (make setup builds it)")
    image, box = _rendered("รายงานวันที่ 27/10/2563")
    misread = "21/10/2563"  # what the page's reading of a print in this face can give, every copy alike
    line = OcrLine(f"รายงานวันที่ {misread}", 0.93, (40, box[1], box[2], box[3]))
    other = OcrLine("อื่น", 0.9, (40, 200, 400, 240))
    lines = reread_numbers(image, [line, other], _tsv([(misread, box)]), Tesseract("tha+eng", engine))
    assert lines[1] == other
    assert lines[0]._replace(numbers=()) == line
    assert lines[0].numbers == (NumberDoubt(misread, "27/10/2563", True),)
    overlapping = OcrLine(f"ก {misread}", 0.9, (40, box[1] - 60, box[2], box[3] - 30))  # the line above, reaching down
    assert reread_numbers(image, [overlapping, line], _tsv([(misread, box)]), Tesseract("tha+eng", engine))[1].numbers


def test_a_number_read_right_or_on_no_line_is_left_alone(one_openmp_thread):
    image, box = _rendered("รายงานวันที่ 27/10/2563")
    line = OcrLine("รายงานวันที่ 27/10/2563", 0.93, (40, box[1], box[2], box[3]))
    assert reread_numbers(image, [line], _tsv([("27/10/2563", box)]), Tesseract("tha+eng")) == [line]
    replaced = line._replace(text="รายงานวันที่")  # a re-read replaced the line: its words are not the page's
    assert reread_numbers(image, [replaced], _tsv([("21/10/2563", box)]), Tesseract("tha+eng")) == [replaced]


def test_many_images_read_in_one_program_run_read_as_one_at_a_time(one_openmp_thread):
    image, box = _rendered("รายงานวันที่ 27/10/2563")
    words = [image.crop((box[0] - 8, box[1] - 4, box[2] + 8, box[3] + 4)), Image.new("L", (60, 40), 255),
             image.crop((40, box[1] - 4, box[0], box[3] + 4))]
    reader = Tesseract("tha", "cli")
    together = reader.texts(words, 8, allowed="0123456789/")
    assert together == [reader.text(w, psm=8, allowed="0123456789/") for w in words]
    assert together[0].strip() == "27/10/2563" and reader.texts([], 8) == []


def test_the_doubts_come_back_from_the_page_cache_and_the_page_holds_the_settled_number(tmp_path):
    from pipeline.cache import PageCache
    from pipeline.ocr import _page
    from pipeline.page_task import PageResult, cached_lines

    doubt = NumberDoubt("10,000", "70,000", True)
    lines = (OcrLine("งบประมาณ 10,000 บาท", 0.9, (1, 2, 3, 4), (doubt,)), OcrLine("อื่น", 0.8, None))
    cache = PageCache(tmp_path / "c.sqlite")
    cache.put("k", [list(ln) for ln in lines])
    assert cached_lines(cache.get("k")) == lines
    assert cached_lines([["ก", 0.5, None]]) == (OcrLine("ก", 0.5, None),), "a page cached without doubts"
    page = _page(PageResult("a.pdf", 1, "k", lines, True))
    assert [ln.text for ln in page.lines] == ["งบประมาณ 70,000 บาท", "อื่น"]
    assert page.lines[0].numbers == (doubt,) and page.lines[1].numbers == ()


def test_a_number_box_grows_to_its_ink_but_not_along_a_rule_that_touches_it():
    from pipeline.number_rereads import ink_span

    page = Image.new("L", (1000, 100), 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle((300, 30, 380, 70), fill=0)  # the number's ink, its box cut short at 360
    assert ink_span(page, (310, 30, 360, 70)) == (300, 30, 381, 70), "the right edge is past the last inked column"
    draw.line((0, 69, 999, 69), fill=0, width=2)  # an underline through the box's rows
    left, _, right, _ = ink_span(page, (310, 30, 360, 70))
    assert left >= 310 - 40 and right <= 360 + 40


def test_a_dates_slashes_read_alone_as_7s_are_put_back():
    from pipeline.number_rereads import slashes_put_back

    assert slashes_put_back("01/02/2565", "07/702/2565") == "07/02/2565"
    assert slashes_put_back("01/12/2563", "07/12/72563") == "07/12/2563"
    assert slashes_put_back("01/02/2565", "0770272565") == "07/02/2565"
    assert slashes_put_back("01/02/2565", "07/70272565") == "07/02/2565"
    assert slashes_put_back("17/03/2564", "17703/2564") == "17/03/2564", "the page's reading, confirmed"
    assert slashes_put_back("01/02/2565", "0870272565") == "0870272565", "an 8 is no look-alike: left as read"
    assert slashes_put_back("10,000", "170,000") == "170,000", "no date"


def test_a_reading_alone_whose_slashes_were_mended_makes_a_doubt_never_an_agreed_one(monkeypatch):
    """The rule alone, Tesseract's readings scripted: the second reading of each word read
    with its slashes as 7s ("11703/2565"), the third as the mended second would read."""
    from pipeline import number_rereads

    scripted = {8: ["11703/2565", "27/10/2563"], 7: ["11/03/2565", "27/10/2563"]}
    monkeypatch.setattr(number_rereads.Tesseract, "texts",
                        lambda self, images, psm, deadline=None, allowed="": scripted[psm][:len(images)])
    image = Image.new("L", (1600, 300), 255)
    lines = [OcrLine("วันที่ 17/03/2565", 0.9, (0, 0, 1600, 100)), OcrLine("วันที่ 21/10/2563", 0.9, (0, 150, 1600, 250))]
    out = reread_numbers(image, lines, _tsv([("17/03/2565", (700, 20, 900, 80)), ("21/10/2563", (700, 170, 900, 230))]),
                         Tesseract("tha+eng", "cli"))
    assert out[0].numbers == (NumberDoubt("17/03/2565", "11/03/2565", False),), "mended: a doubt, not agreed"
    assert out[1].numbers == (NumberDoubt("21/10/2563", "27/10/2563", True),)
