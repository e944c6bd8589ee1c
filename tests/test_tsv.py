"""pipeline/tsv.py: Tesseract's outputs turned into lines, numbers read in Thai digits kept as doubts."""

from pipeline.model import IN_THAI_DIGITS, NumberDoubt
from pipeline.tesseract import TSV_HEADER
from pipeline.tsv import lines_from_output, thai_digit_numbers


def _thai(*numbers: str) -> tuple[NumberDoubt, ...]:
    return tuple(NumberDoubt(n, "", False, IN_THAI_DIGITS) for n in numbers)


def test_each_number_read_in_thai_digits_is_a_doubt_once_in_arabic_digits():
    assert thai_digit_numbers("วันที่ ๒๐/๐๕/๒๕๒๑ งบ ๓๕๐,๐๐๐ บาท ๓๕๐,๐๐๐") == _thai("20/05/2521", "350,000")
    assert thai_digit_numbers("ข้อ 5๑ และ ๒๕๒อ๕") == _thai("51", "252", "5"), \
        "an Arabic digit run on into Thai ones is one number; a digit read as a letter parts it"
    assert thai_digit_numbers("งบประมาณ 350,000 บาท ครั้งที่ 2") == ()


def test_a_line_keeps_the_thai_digit_numbers_of_its_raw_text_as_the_text_is_normalised():
    tsv = (TSV_HEADER + "5\t1\t1\t1\t1\t1\t0\t0\t5\t5\t90\tปี\n5\t1\t1\t1\t1\t2\t6\t0\t5\t5\t70\t๒๕๒๑\n"
           "5\t1\t1\t1\t2\t1\t0\t9\t5\t5\t90\tปี\n5\t1\t1\t1\t2\t2\t6\t9\t5\t5\t90\t2565\n")
    first, second = lines_from_output("ปี ๒๕๒๑\nปี 2565\n", tsv)
    assert first.text == "ปี 2521" and first.numbers == _thai("2521")
    assert second.text == "ปี 2565" and second.numbers == ()
