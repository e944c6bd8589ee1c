"""A value whose number its copies' pages read otherwise alone is doubted, never changed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.corrections import HUMAN
from pipeline.extract import extract
from pipeline.ingest import text_lines
from pipeline.model import Line, NumberDoubt, OcrLine, Reading, Resolved, Where, Witness, WitnessRecord
from pipeline.number_doubts import doubt_reread_numbers, reread_doubts
from pipeline.number_rereads import settled
from pipeline.run import reconcile_records
from pipeline.segment import split_witnesses

DOUBT = NumberDoubt("21/10/2563", "27/10/2563", True)


def _record(wid: str, *lines: Line) -> WitnessRecord:
    return WitnessRecord(Witness(wid, "a.pdf", lines[0].where, {}), {}, (), (),
                         number_doubts=tuple((ln.where.source, ln.where.page, d) for ln in lines for d in ln.numbers))


def _reading(raw: str, wid: str, page: int = 1) -> Reading:
    return Reading("report_date", raw, raw, wid, Where("a.pdf", page, 3))


def _resolved(value: str, rule: str = "majority") -> Resolved:
    return Resolved("report_date", value, 1.0, rule, False, ())


def test_the_doubts_are_gathered_by_copy_and_page():
    records = [_record("a#1", Line("วันที่ 21/10/2563", Where("a.pdf", 1, 3), 0.9, (DOUBT,)),
                       Line("อื่น", Where("a.pdf", 2, 0), 0.9), Line("21/10/2563", Where("a.pdf", 1, 5), 0.9, (DOUBT,))),
               _record("a#2", Line("อื่น", Where("a.pdf", 3, 0), 0.9))]
    assert reread_doubts(records) == {("a#1", "a.pdf", 1): (DOUBT,)}


def test_a_value_read_with_a_number_its_page_read_otherwise_alone_is_doubted_and_kept():
    doubts = {("a#1", "a.pdf", 1): (DOUBT._replace(agreed=False),)}
    readings = [_reading("21/10/2563", "a#1"), _reading("21/10/2563", "a#2")]
    out = doubt_reread_numbers(_resolved("21/10/2563"), readings, doubts)
    assert out.value == "21/10/2563" and out.needs_review and out.confidence <= 0.5
    assert "'21/10/2563' reads '27/10/2563' when read again alone (a#1)" in out.warnings[-1]


def test_a_number_two_readings_alone_agreed_on_stands_as_they_read_it_and_is_still_doubted():
    """OCR took the number as read alone (number_rereads.settled): the copy's text holds it so."""
    doubts = {("a#1", "a.pdf", 1): (DOUBT,)}
    out = doubt_reread_numbers(_resolved("27/10/2563"), [_reading("27/10/2563", "a#1")], doubts)
    assert out.needs_review and "the page read '21/10/2563', read again alone twice '27/10/2563', taken so (a#1)" \
        in out.warnings[-1]
    assert not doubt_reread_numbers(_resolved("21/10/2563"), [_reading("21/10/2563", "a#1")], doubts).needs_review


def test_a_dates_value_is_matched_by_the_text_its_copies_read_and_voted_text_by_its_own():
    doubts = {("a#1", "a.pdf", 1): (DOUBT._replace(agreed=False),)}
    date = Reading("report_date", "2020-10-21", "21/10/2563", "a#1", Where("a.pdf", 1, 3))
    assert doubt_reread_numbers(_resolved("2020-10-21"), [date], doubts).needs_review
    texts = [Reading("narrative", f"ประชุม {d} ครั้งแรก", f"ประชุม {d} ครั้งแรก", "a#1", Where("a.pdf", 1, 3))
             for d in ("21/10/2563", "27/10/2563")]
    voted = Resolved("narrative", "ประชุม 21/10/2563 ครั้งที่หนึ่ง", 0.9, "aligned", False, ())
    assert doubt_reread_numbers(voted, texts, doubts).needs_review, "no copy read the voted text whole"
    other = replace(voted, value="ประชุม 27/10/2563 ครั้งที่หนึ่ง")
    assert doubt_reread_numbers(other, texts, doubts) == other, "the voted text holds another number"


def test_no_doubt_where_the_number_is_not_the_values_or_not_on_the_readings_page():
    doubts = {("a#1", "a.pdf", 1): (NumberDoubt("9", "5", False),)}
    for raw in ("9.5", "19", "29/10/2563", "ครั้งที่ 19"):
        assert doubt_reread_numbers(_resolved(raw), [_reading(raw, "a#1")], doubts) == _resolved(raw)
    assert doubt_reread_numbers(_resolved("9"), [_reading("9", "a#1", page=2)], doubts) == _resolved("9")
    assert doubt_reread_numbers(_resolved("9"), [_reading("9", "a#1")], doubts).needs_review
    assert doubt_reread_numbers(_resolved("9", HUMAN), [_reading("9", "a#1")], doubts) == _resolved("9", HUMAN)


def test_only_the_copies_that_read_the_value_count():
    doubts = {("a#2", "a.pdf", 1): (DOUBT,)}
    readings = [_reading("27/10/2563", "a#1"), _reading("21/10/2563", "a#2")]
    assert not doubt_reread_numbers(_resolved("27/10/2563"), readings, doubts).needs_review


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
