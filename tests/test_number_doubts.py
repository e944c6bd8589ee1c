"""A value whose number its copies' pages read otherwise alone is doubted, never changed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.corrections import HUMAN
from pipeline.extract import extract
from pipeline.ingest import text_lines
from pipeline.model import Line, NumberDoubt, OcrLine, Reading, Resolved, Where, Witness, WitnessRecord
from pipeline.number_doubts import doubt_reread_numbers, holds, reread_doubts
from pipeline.number_rereads import settled
from pipeline.run import reconcile_records
from pipeline.tsv import thai_digit_numbers
from pipeline.segment import split_witnesses

DOUBT = NumberDoubt("21/10/2563", "27/10/2563", True)
LINE = Where("a.pdf", 1, 3, (100, 500, 2000, 560))  # where the doubted number's line lies


def _reading(raw: str, wid: str, where: Where = LINE, value=None, field: str = "report_date") -> Reading:
    return Reading(field, raw if value is None else value, raw, wid, where)


def _resolved(value, rule: str = "majority", field: str = "report_date") -> Resolved:
    return Resolved(field, value, 1.0, rule, False, ())


def test_the_doubts_are_gathered_by_copy_with_their_lines():
    rec = WitnessRecord(Witness("a#1", "a.pdf", LINE, {}), {}, (), (), number_doubts=((LINE, DOUBT),))
    other = WitnessRecord(Witness("a#2", "a.pdf", LINE, {}), {}, (), ())
    assert reread_doubts([rec, other]) == {"a#1": ((LINE, DOUBT),)}


def test_what_a_value_holds():
    assert holds("2020-10-21", "21/10/2563") and not holds("2020-10-27", "21/10/2563")
    assert holds(75000, "75,000") and holds(5.0, "5.00") and not holds(75000, "1") and not holds(True, "1")
    assert holds("โทร 1512", "1512") and not holds("นายวรวิทย์ เทียงธรรม", "1512"), "a name is not its phone"
    assert not holds("ครั้งที่ 19", "9") and not holds("9.5", "9")


def test_a_value_read_with_a_number_its_line_read_otherwise_alone_is_doubted_and_kept():
    doubts = {wid: ((LINE, DOUBT._replace(agreed=False)),) for wid in ("a#1", "a#2")}
    readings = [_reading("21/10/2563", "a#1", value="2020-10-21"), _reading("21/10/2563", "a#2", value="2020-10-21")]
    out = doubt_reread_numbers(_resolved("2020-10-21"), readings, doubts)
    assert out.value == "2020-10-21" and out.needs_review and out.confidence <= 0.5
    assert "'21/10/2563' reads '27/10/2563' when read again alone (a#1, a#2)" in out.warnings[-1]


def test_a_number_two_readings_alone_agreed_on_stands_as_they_read_it_and_is_still_doubted():
    """OCR took the number as read alone (number_rereads.settled): the copy's text holds it so."""
    doubts = {"a#1": ((LINE, DOUBT),)}
    out = doubt_reread_numbers(_resolved("2020-10-27"), [_reading("27/10/2563", "a#1", value="2020-10-27")], doubts)
    assert out.needs_review and "the page read '21/10/2563', read again alone twice '27/10/2563', taken so (a#1)" \
        in out.warnings[-1]


def test_a_copy_whose_number_was_taken_as_read_alone_doubts_the_value_the_others_outvote_it_with():
    doubts = {"a#1": ((LINE, DOUBT),)}
    readings = [_reading("27/10/2563", "a#1", value="2020-10-27"),
                *(_reading("21/10/2563", f"a#{i}", value="2020-10-21") for i in (2, 3))]
    assert doubt_reread_numbers(_resolved("2020-10-21"), readings, doubts).needs_review
    assert not doubt_reread_numbers(_resolved("2020-11-30"), readings, doubts).needs_review


def test_no_doubt_from_another_line_or_page_or_for_a_number_the_value_does_not_hold():
    doubts = {"a#1": ((LINE, NumberDoubt("1512", "1572", False)),)}
    name = _reading("นายวรวิทย์ เทียงธรรม โทร 1512", "a#1", value="นายวรวิทย์ เทียงธรรม", field="x_name")
    assert not doubt_reread_numbers(_resolved("นายวรวิทย์ เทียงธรรม", field="x_name"), [name], doubts).needs_review
    phone = replace(name, field="x_phone", value="1512")
    assert doubt_reread_numbers(_resolved("1512", field="x_phone"), [phone], doubts).needs_review
    for where in (Where("a.pdf", 2, 3, LINE.box), Where("a.pdf", 1, 9, (100, 900, 2000, 960))):
        assert not doubt_reread_numbers(_resolved("1512"), [replace(phone, where=where)], doubts).needs_review
    spanning = Where("a.pdf", 1, 1, (90, 300, 2100, 700))  # a text read from several lines, the doubted one among them
    assert doubt_reread_numbers(_resolved("1512"), [replace(phone, where=spanning)], doubts).needs_review
    assert doubt_reread_numbers(_resolved("1512", HUMAN), [phone], doubts) == _resolved("1512", HUMAN)


def test_a_doubt_whose_reading_alone_is_no_date_is_ignored():
    doubts = {"a#1": ((LINE, NumberDoubt("21/11/2561", "21/17/2561", False)),)}
    date = _reading("21/11/2561", "a#1", value="2018-11-21")
    assert not doubt_reread_numbers(_resolved("2018-11-21"), [date], doubts).needs_review


def test_a_spent_figure_is_not_doubted_for_its_report_number():
    doubts = {"a#1": ((LINE, NumberDoubt("1", "7", False)),)}
    spent = _reading("งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 75,000 บาท", "a#1", value=75000, field="spent_baht")
    assert not doubt_reread_numbers(_resolved(75000, field="spent_baht"), [spent], doubts).needs_review


@pytest.mark.parametrize("agreed", [False, True])
def test_the_seed_reports_spent_total_every_copy_read_with_a_doubted_digit_is_flagged(agreed, template, dictionary,
                                                                                      seed_text):
    """Every copy of the seed reads the amount spent "180,000"; where each copy's page read
    it "780,000" alone, the document's value needs review: kept where one reading alone
    said so, 780000 where two agreed (OCR's lines settled so)."""
    def with_doubt(line: Line) -> Line:
        if "180,000" not in line.text:
            return line
        doubt = NumberDoubt("180,000", "780,000", agreed)
        return replace(line, text=settled(OcrLine(line.text, line.confidence, None, (doubt,))), numbers=(doubt,))

    def spent(lines):
        records = [extract(w, template) for w in split_witnesses(lines, template)]
        [doc] = reconcile_records(records, template, dictionary)
        return doc.fields["spent_baht"]

    plain = spent(text_lines(seed_text, "seed.txt"))
    doubted = spent([with_doubt(ln) for ln in text_lines(seed_text, "seed.txt")])
    assert plain.value == 180000 and not any("read again alone" in w for w in plain.warnings)
    assert doubted.value == (780000 if agreed else 180000) and doubted.needs_review
    said = "the page read '180,000', read again alone twice '780,000', taken so" if agreed else \
        "'180,000' reads '780,000' when read again alone"
    assert any(said in w for w in doubted.warnings), doubted.warnings


def test_a_single_reading_alone_or_a_number_taken_so_needs_no_review_where_another_copy_confirms_the_value():
    weak = {"a#1": ((LINE, DOUBT._replace(agreed=False)),)}
    alone = [_reading("21/10/2563", "a#1", value="2020-10-21")]
    confirmed = [*alone, _reading("21/10/2563", "a#2", value="2020-10-21")]
    assert doubt_reread_numbers(_resolved("2020-10-21"), alone, weak).needs_review
    assert not doubt_reread_numbers(_resolved("2020-10-21"), confirmed, weak).needs_review
    split = [_reading("21/10/2563", "a#1", value="2020-10-21"), _reading("27/10/2563", "a#2", value="2020-10-27")]
    assert not doubt_reread_numbers(_resolved("2020-10-27"), split, weak).needs_review, \
        "the reading alone agrees with the value"
    taken = {"a#1": ((LINE, DOUBT),)}
    settled_copy = _reading("27/10/2563", "a#1", value="2020-10-27")
    assert doubt_reread_numbers(_resolved("2020-10-27"), [settled_copy], taken).needs_review
    also_read = [settled_copy, _reading("27/10/2563", "a#2", value="2020-10-27")]
    assert not doubt_reread_numbers(_resolved("2020-10-27"), also_read, taken).needs_review


def test_printed_forms_a_value_holds():
    assert holds(195000, "195.000") and holds(31, "31,00") and holds(1500.5, "1,500.50")
    assert holds("2020-10-21", "21") and holds("2020-10-21", "2563") and not holds("2020-10-21", "27")
    assert not holds("2020-10-21", "21/10/2563-27/10/2563"), "a date is matched by the whole word"
    assert holds("022241512", "1512") and not holds("022241512", "1572")


def test_an_agreed_number_left_as_read_because_it_stands_twice_still_doubts_the_value():
    """settled leaves a number standing twice in its line as the page read it."""
    doubts = {"a#1": ((LINE, NumberDoubt("180,000", "780,000", True)),)}
    budget = _reading("งบ 180,000 บาท ใช้ 180,000 บาท", "a#1", value=180000, field="budget_baht")
    out = doubt_reread_numbers(_resolved(180000, field="budget_baht"), [budget], doubts)
    assert out.needs_review and "taken so" in out.warnings[-1]


def test_a_one_line_reading_is_matched_by_its_line_not_by_a_box_that_holds_the_next():
    """On a page read levelled the upright boxes overlap: the line below's middle lies in this one's box."""
    doubted_line = Where("a.pdf", 1, 4, (100, 540, 2000, 600))
    doubts = {"a#1": ((doubted_line, NumberDoubt("9", "5", False)),)}
    tall = Where("a.pdf", 1, 3, (100, 500, 2000, 580))
    assert not doubt_reread_numbers(_resolved("9"), [_reading("9", "a#1", tall)], doubts).needs_review
    assert doubt_reread_numbers(_resolved("9"), [_reading("9", "a#1", doubted_line)], doubts).needs_review


def test_a_copy_confirms_a_number_it_reads_without_a_doubt_on_that_number():
    line_doubts = (NumberDoubt("75,000", "15,000", False), NumberDoubt("1", "7", False))
    doubts = {"a#1": ((LINE, line_doubts[0]),), "a#2": ((LINE, line_doubts[1]),)}
    raw = "งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 75,000 บาท"
    readings = [_reading(raw, wid, value=75000, field="spent_baht") for wid in ("a#1", "a#2")]
    assert not doubt_reread_numbers(_resolved(75000, field="spent_baht"), readings, doubts).needs_review, \
        "a#2's doubt is on its report number, not on the amount it reads"


def test_where_every_copy_reads_the_number_alone_otherwise_and_one_twice_its_value_is_taken_flagged():
    """Three copies of one print read 21 on the page; each read 27 alone, one of them twice
    (its text took 27): the two page readings outvote it, the readings alone do not."""
    doubts = {"a#1": ((LINE, DOUBT._replace(agreed=False)),), "a#2": ((LINE, DOUBT._replace(agreed=False)),),
              "a#3": ((LINE, DOUBT),)}
    readings = [_reading("21/10/2563", "a#1", value="2020-10-21"), _reading("21/10/2563", "a#2", value="2020-10-21"),
                _reading("27/10/2563", "a#3", value="2020-10-27")]
    out = doubt_reread_numbers(_resolved("2020-10-21"), readings, doubts)
    assert (out.value, out.voted, out.needs_review) == ("2020-10-27", "2020-10-21", True)
    assert "taken as read alone" in out.warnings[-1]
    only_one = {k: v for k, v in doubts.items() if k != "a#2"}
    out = doubt_reread_numbers(_resolved("2020-10-21"), readings, only_one)
    assert (out.value, out.needs_review) == ("2020-10-21", True), "a#2's reading alone confirmed 21: kept, flagged"


def test_a_value_holding_a_number_read_in_thai_digits_is_doubted_though_every_copy_reads_it_alike():
    """Tesseract's Thai models read ๔ ๖ ๗ ๘ ๙ as other digits, alike in every copy: no vote can see it."""
    from pipeline.model import IN_THAI_DIGITS

    thai = NumberDoubt("350,000", "", False, IN_THAI_DIGITS)
    doubts = {wid: ((LINE, thai),) for wid in ("a#1", "a#2", "a#3")}
    readings = [_reading("350,000 บาท", wid, value=350000, field="budget_baht") for wid in ("a#1", "a#2", "a#3")]
    out = doubt_reread_numbers(_resolved(350000, "unanimous", "budget_baht"), readings, doubts)
    assert out.value == 350000 and out.needs_review and out.confidence <= 0.5
    assert "'350,000' was read in Thai digits (a#1, a#2, a#3)" in out.warnings[-1] and "๔ ๖ ๗ ๘ ๙" in out.warnings[-1]
    name = [_reading("นายสมชาย ใจดี โทร 350,000", "a#1", value="นายสมชาย ใจดี", field="responsible_name")]
    assert not doubt_reread_numbers(_resolved("นายสมชาย ใจดี", "single", "responsible_name"), name, doubts).needs_review
    code = [_reading("รหัส 33352230-5ฒ55", "a#1", value="33352230-5155", field="project_code")]
    code_doubt = {"a#1": tuple((LINE, d) for d in thai_digit_numbers("รหัส ๓๓๓๕๒๒๓๐-๕ฒ๕๕"))}
    assert doubt_reread_numbers(_resolved("33352230-5155", "single", "project_code"), code, code_doubt).needs_review, \
        "a code mended from letters read for digits no longer holds the number as read, but came from it"
    wrapped = Where("a.pdf", 1, 2, (100, 440, 2000, 500))
    assert doubt_reread_numbers(_resolved(350000, "unanimous", "budget_baht"),
                                [_reading("(ครั้งที่ 5) = 350,000", "a#1", wrapped, 350000, "budget_baht")],
                                doubts).needs_review, "a row's figure wrapped to the next line is read with its label's"
    far = {"a#1": ((Where("a.pdf", 1, 30, (100, 3000, 2000, 3060)), NumberDoubt("0", "", False, IN_THAI_DIGITS)),)}
    assert not doubt_reread_numbers(_resolved(0, "unanimous", "spent_baht"),
                                    [_reading("(ครั้งที่ 1) = 0 บาท", "a#1", value=0, field="spent_baht")],
                                    far).needs_review, "a '0' read as '๐' far down an Arabic page says nothing here"
    elsewhere = Where("a.pdf", 3, 9, (100, 900, 2000, 960))
    assert not doubt_reread_numbers(_resolved(350000, "unanimous", "budget_baht"),
                                    [_reading("350,000", "a#1", elsewhere, 350000, "budget_baht")], doubts).needs_review, \
        "a doubt two pages away says nothing of this reading"


@pytest.mark.parametrize("printed, read, value, field", [
    ("งบประมาณที่เบิกใช้ (ครั้งที่ ๑) = 75,000 บาท", "งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 75,000 บาท", 75000, "spent_baht"),
    ("นายสมชาย ใจดี ผอ.กอง ๒ โทร 081-234-5678", "นายสมชาย ใจดี ผอ.กอง 2 โทร 081-234-5678", "0812345678",
     "responsible_phone"),
    ("๒. เริ่มต้นโครงการ : 2 ตุลาคม 2566", "2 ตุลาคม 2566", "2023-10-02", "start_date"),
])
def test_a_value_printed_in_arabic_digits_is_not_doubted_for_a_thai_digit_number_beside_it(printed, read, value, field):
    """A form may number its items in Thai digits and type its figures in Arabic ones."""
    doubts = {"a#1": tuple((LINE, d) for d in thai_digit_numbers(printed))}
    out = doubt_reread_numbers(_resolved(value, "unanimous", field), [_reading(read, "a#1", value=value, field=field)],
                               doubts)
    assert not out.needs_review, out.warnings


def test_text_is_doubted_for_a_thai_digit_number_of_its_own_lines_only():
    """A text holds small numbers ("1. เพื่อ ..."): a stray Thai digit elsewhere on a page
    printed in Arabic digits says nothing of it."""
    from pipeline.model import IN_THAI_DIGITS

    stray = {"a#1": ((Where("a.pdf", 1, 20, (100, 1500, 2000, 1560)), NumberDoubt("1", "", False, IN_THAI_DIGITS)),)}
    text = "1. เพื่อพัฒนาทักษะ 2. เพื่อส่งเสริม"
    objectives = [_reading(text, "a#1", value=text, field="objectives")]
    assert not doubt_reread_numbers(_resolved(text, "unanimous", "objectives"), objectives, stray).needs_review
    own = {"a#1": ((LINE, NumberDoubt("1", "", False, IN_THAI_DIGITS)),)}
    assert doubt_reread_numbers(_resolved(text, "unanimous", "objectives"), objectives, own).needs_review
