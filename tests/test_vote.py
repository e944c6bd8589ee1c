import itertools

from pipeline.model import Reading, Where
from pipeline.text_vote import vote_text
from pipeline.vote import DICT_BONUS, decide, tally, vote_value

W = Where("t", 1, 1)


def R(value, wid, weight=1.0, field="f"):
    return Reading(field, value, str(value), wid, W, weight)


def test_unanimous():
    res = vote_value("f", [R("a", "w1"), R("a", "w2")])
    assert (res.value, res.rule, res.confidence, res.needs_review) == ("a", "unanimous", 1.0, False)


def test_a_single_typed_value_is_trusted_less_than_agreement_but_a_single_text_is_reviewed():
    typed = vote_value("f", [R(270000, "w1")])
    assert (typed.rule, typed.confidence, typed.needs_review) == ("single", 0.9, False)
    text = vote_text("f", [R("ข้อความ", "w1")], list)
    assert (text.rule, text.confidence, text.needs_review) == ("single", 0.5, True)


def test_majority_and_its_confidence():
    res = vote_value("f", [R("a", "w1"), R("a", "w2"), R("b", "w3")])
    assert (res.value, res.rule) == ("a", "majority")
    assert abs(res.confidence - 2 / 3) < 1e-3 and not res.needs_review


def test_plurality_without_majority_is_weighted():
    res = vote_value("f", [R("a", "w1"), R("a", "w2"), R("b", "w3"), R("c", "w4")])
    assert (res.value, res.rule) == ("a", "weighted")


def test_weights_decide_between_copies():
    res = vote_value("f", [R("a", "w1", 0.3), R("b", "w2", 0.9)])
    assert res.value == "b" and res.rule == "majority"


def test_tie_is_flagged_and_broken_the_same_way_in_any_order():
    readings = [R("a", "w1"), R("b", "w2")]
    results = {vote_value("f", list(p)).value for p in itertools.permutations(readings)}
    assert len(results) == 1
    assert vote_value("f", readings).needs_review


def test_dictionary_breaks_a_tie():
    known = lambda v: 1.0 if v == "b" else 0.0  # noqa: E731
    res = vote_value("f", [R("a", "w1"), R("b", "w2")], known)
    assert (res.value, res.rule) == ("b", "dictionary")
    assert res.needs_review


def test_dictionary_never_overturns_a_majority():
    known = lambda v: 1.0 if v == "b" else 0.0  # noqa: E731
    res = vote_value("f", [R("a", "w1"), R("a", "w2"), R("b", "w3")], known)
    assert res.value == "a"
    assert DICT_BONUS < 1.0


def test_dictionary_is_not_consulted_without_disagreement():
    calls = []
    tally([("a", 1.0, "w1"), ("a", 1.0, "w2")], lambda v: calls.append(v) or 1.0)
    assert calls == []


def test_decide_on_tie_is_half_confidence():
    assert decide(tally([("a", 1.0, "w1"), ("b", 1.0, "w2")]))[1] == 0.5


ENTRIES = {"สำนักงานเขตดุสิต", "สำนักงานเขตบางรัก"}


def entry(value):
    return 1.0 if value in ENTRIES else 0.0


def test_with_snap_an_entry_beats_the_majority_of_its_misspelling_and_is_flagged():
    readings = [R("สำนักงานเขตดูสิต", "w1"), R("สำนักงานเขตดูสิต", "w2"), R("สำนักงานเขตดุสิต", "w3")]
    res = vote_value("agency", readings, entry, snap=True)
    assert (res.value, res.rule) == ("สำนักงานเขตดุสิต", "dictionary")
    assert res.needs_review and res.confidence < 0.5


def test_snap_never_replaces_a_unanimous_reading():
    readings = [R("สำนักงานเขตดูสิต", "w1"), R("สำนักงานเขตดูสิต", "w2")]
    res = vote_value("agency", readings, entry, snap=True)
    assert (res.value, res.rule) == ("สำนักงานเขตดูสิต", "unanimous")


def test_snap_needs_a_near_variant_not_just_any_entry():
    readings = [R("สำนักงานเขตหนองแขม", "w1"), R("สำนักงานเขตหนองแขม", "w2"), R("สำนักงานเขตบางรัก", "w3")]
    assert vote_value("agency", readings, entry, snap=True).value == "สำนักงานเขตหนองแขม"


def test_snap_keeps_a_leader_that_is_itself_an_entry():
    readings = [R("สำนักงานเขตบางรัก", "w1"), R("สำนักงานเขตบางรัก", "w2"), R("สำนักงานเขตดุสิต", "w3")]
    assert vote_value("agency", readings, entry, snap=True).value == "สำนักงานเขตบางรัก"


def test_a_lone_typed_value_from_a_copy_ocr_read_poorly_needs_review():
    """One copy's date is trusted when OCR read the copy well, not when its lines read at
    a low mean confidence (a page printed too dark): then it needs review, and says why."""
    well = vote_value("report_date", [R("2020-11-30", "a", weight=0.93)])
    assert not well.needs_review and well.confidence == 0.9
    poor = vote_value("report_date", [R("2020-11-30", "a", weight=0.79)])
    assert poor.needs_review and poor.confidence <= 0.5 and "poorly" in poor.warnings[0]
    two = vote_value("report_date", [R("2020-11-30", "a", weight=0.79), R("2020-11-30", "b", weight=0.79)])
    assert not two.needs_review  # two copies agreeing are evidence however they read
