import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.model import Reading, Where
from pipeline.vote import DICT_BONUS, decide, tally, vote_text, vote_value

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


def split_chars(text):
    return list(text)


def test_free_text_each_copy_wrong_somewhere_comes_out_clean():
    truth = "กขคงจฉช"
    copies = ["กXคงจฉช", "กขคYจฉช", "กขคงจZช", "กขคงจฉ"]
    res = vote_text("t", [R(c, f"w{i}") for i, c in enumerate(copies)], split_chars)
    assert res.value == truth
    assert res.rule == "aligned"
    assert truth not in [c.value for c in res.candidates]
    assert len(res.disputes) >= 3 and 0.5 < res.confidence < 1.0


def test_free_text_vote_does_not_depend_on_order():
    copies = ["ก ข ค", "ก ขx ค", "ก ข ค ง", "ก x ค", "ก ข ค"]
    values = set()
    for perm in itertools.permutations(range(5)):
        values.add(vote_text("t", [R(copies[i], f"w{i}") for i in perm], split_chars).value)
    assert values == {"ก ข ค"}


def test_identical_free_text_is_unanimous_without_tokenising():
    def boom(_):
        raise AssertionError("tokenised")

    res = vote_text("t", [R("ก ข", "w1"), R("ก ข", "w2")], boom)
    assert res.rule == "unanimous" and res.value == "ก ข"


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


def test_snap_in_free_text_marks_the_whole_value_as_chosen_by_dictionary():
    readings = [R("นาย ภรัชฎฏา", "w1"), R("นาย ภรัชฎฏา", "w2"), R("นาย ภรัชฎา", "w3")]
    known = lambda tok: 1.0 if tok == "ภรัชฎา" else 0.0  # noqa: E731
    res = vote_text("coordinator_name", readings, lambda s: s.split(" "), known, snap=True)
    assert (res.value, res.rule) == ("นายภรัชฎา", "dictionary")
    assert res.disputes[0].chosen == "ภรัชฎา" and res.needs_review


def _words(text):
    """Split like Dictionary.tokens: words and runs of whitespace, each its own token."""
    return re.findall(r"\S+|\s+", text)


def _disputes_sit_where_they_say(res):
    return all(res.value[d.at:d.at + len(d.chosen)] == d.chosen for d in res.disputes)


def test_a_dispute_offset_counts_in_the_value_after_spaces_are_collapsed():
    res = vote_text("f", [R("cc aa", "w0"), R("cc X aa", "w1"), R("ccaa cc aa", "w2")], _words)
    assert res.value == "cc aa"
    assert res.disputes and _disputes_sit_where_they_say(res)
    assert [d.at for d in res.disputes] == sorted(d.at for d in res.disputes)


_copy = st.lists(st.sampled_from(["aa", "cc", "X", "Y", "ccaa", " ", "  ", "\t"]), min_size=0, max_size=6).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_copy, min_size=2, max_size=4), st.sampled_from([_words, list]))
def test_every_dispute_chosen_text_sits_at_its_offset_in_the_value(copies, tokenize):
    res = vote_text("f", [R(text, f"w{i}") for i, text in enumerate(copies)], tokenize)
    assert _disputes_sit_where_they_say(res)


def test_a_dispute_says_where_its_choice_is_in_the_value_once_spaces_are_collapsed():
    copies = ["  ก   ข  คX ง", "  ก   ข  คY ง", "  ก   ข  คX ง"]
    res = vote_text("t", [R(c, f"w{i}") for i, c in enumerate(copies)], split_chars)
    assert res.value == "ก ข คX ง"
    for dispute in res.disputes:
        assert res.value[dispute.at:].startswith(dispute.chosen.lstrip())


def test_specks_the_copies_do_not_agree_on_lose_to_a_copy_that_reads_nothing_there():
    text = "ต่อเนื่อง{} สำนักงานเขตบางเขน จึงได้จัดโครงการ".format
    readings = [R(text(""), "a"), R(text(" ;"), "b"), R(text(" |"), "c")]
    assert vote_text("f", readings, split_chars).value == text("")
    agreed = [R(text(""), "a"), R(text(" ;"), "b"), R(text(" ;"), "c")]
    assert vote_text("f", agreed, split_chars).value == text(" ;")


def test_nothing_read_against_marks_no_prose_prints_is_as_sure_as_the_weight_behind_no_one_mark():
    text = "ต่อเนื่อง{} สำนักงานเขตบางเขน จึงได้จัดโครงการ".format
    smudge = vote_text("f", [R(text(""), "a"), R(text(" ;"), "b"), R(text(" |"), "c")], split_chars)
    assert smudge.confidence == pytest.approx(2 / 3, abs=1e-3) and not smudge.needs_review
    two = vote_text("f", [R(text(""), "a"), R(text(" |"), "b")], split_chars)
    assert two.confidence <= 0.5 and two.needs_review  # a copy against a copy
    comma = vote_text("f", [R(text(""), "a"), R(text(","), "b"), R(text(" |"), "c")], split_chars)
    assert comma.needs_review  # a comma is print
    for one, again in ((" |", " ¦"), (" |", " ||"), (" __", " ___")):  # one mark, read two ways
        assert vote_text("f", [R(text(""), "a"), R(text(one), "b"), R(text(again), "c")], split_chars).needs_review
    fewer = vote_text("f", [R(text(""), "a"), R(text(" |"), "b"), R(text(" ;"), "c"), R(text(" |"), "d")],
                      split_chars)
    assert fewer.needs_review  # two copies read one mark, one copy nothing


def test_a_mark_most_copies_read_glued_to_a_word_where_one_copy_reads_none_needs_review():
    """A colon or dash two copies of one print read where the third reads none is as
    likely a letter's loop OCR read alike as print: kept, no surer than a tie. A list
    item's full stop one copy lost is print, left to the weights."""
    text = "โครงการคัดแยกขยะ{}ในชุมชน".format
    marked = vote_text("f", [R(text(" :"), "a"), R(text(" :"), "b"), R(text(""), "c")], split_chars)
    assert marked.value == text(" :") and marked.needs_review and marked.confidence <= 0.5
    dash = vote_text("f", [R(text("-"), "a"), R(text("-"), "b"), R(text(""), "c")], split_chars)
    assert dash.needs_review
    lost = "จัดอบรม{}เรียบร้อยแล้ว".format  # a copy that lost a stretch of words, its mark with them
    assert not vote_text("f", [R(lost(" ครั้งที่ 2 - 3 "), "a"), R(lost(" ครั้งที่ 2 - 3 "), "b"), R(lost(" "), "c")],
                         split_chars).needs_review
    assert not vote_text("f", [R(text(" 12-15 "), "a"), R(text(" 12-15 "), "b"), R(text(" 12 15 "), "c")],
                         split_chars).needs_review  # a range's dash between digits
    assert not vote_text("f", [R(text(""), "a"), R(text(""), "b"), R(text(" :"), "c")], split_chars).needs_review
    item = "1. เพื่อพัฒนาชุมชน {} เพื่อส่งเสริมการมีส่วนร่วม".format
    listed = vote_text("f", [R(item("2."), "a"), R(item("2."), "b"), R(item("2"), "c")], split_chars)
    assert listed.value == item("2.") and not listed.needs_review


def test_short_junk_the_copies_read_differently_after_a_texts_last_word_loses_to_a_copy_that_reads_nothing():
    text = "จำนวน 290,000 บาท{}".format
    readings = [R(text(" | 2S"), "a"), R(text(""), "b"), R(text(" 3"), "c")]
    assert vote_text("f", readings, split_chars).value == text("")
    for kept in ([R(text(" 3"), "a"), R(text(""), "b"), R(text(" 3"), "c")],  # most copies read it
                 [R(text(" 2564"), "a"), R(text(""), "b"), R(text(" 2563"), "c")]):  # too long for a speck's
        assert vote_text("f", kept, split_chars).value != text("")
    inside = [R(text(" | 2S") + " ก", "a"), R(text("") + " ก", "b"), R(text(" 3") + " ก", "c")]
    assert vote_text("f", inside, split_chars).value != text("") + " ก"  # not at the end: left to the weights


def by_space(text):
    return re.findall(r"\S+\s*", text)


def test_a_list_items_stop_one_copy_read_is_kept_where_its_neighbour_item_has_one():
    item_1, item_2 = "1. เพื่อพัฒนาการอ่านออก", "เพื่อส่งเสริมการมีส่วนร่วม"
    copies = [f"{item_1} 2 {item_2}", f"{item_1} 2. {item_2}", f"{item_1} 2 {item_2}"]
    res = vote_text("objectives", [R(c, f"w{i}") for i, c in enumerate(copies)], by_space)
    assert res.value == f"{item_1} 2. {item_2}"
    (stop,) = [d for d in res.disputes if d.rule == "numbering"]
    assert stop.chosen == "2. " and res.value[stop.at:].startswith("2. ")
    misshapen = [f"{item_1} 2, {item_2}", f"{item_1} 2 {item_2}", f"{item_1} 2 {item_2}"]
    res = vote_text("objectives", [R(c, f"w{i}") for i, c in enumerate(misshapen)], by_space)
    assert res.value == f"{item_1} 2. {item_2}"


def test_a_stop_after_a_number_is_not_made_up_where_no_list_item_has_one():
    copies = ["ครั้งที่ 2 มีผู้เข้าร่วม 125 คน"] * 2 + ["ครั้งที่ 2 มีผู้เข้าร่วม 125. คน"]
    res = vote_text("narrative", [R(c, f"w{i}") for i, c in enumerate(copies)], by_space)
    assert res.value == copies[0] and all(d.rule != "numbering" for d in res.disputes)
    decimals = ["1. ร้อยละ 25 ของงาน", "1. ร้อยละ 2.5 ของงาน", "1. ร้อยละ 25 ของงาน"]
    res = vote_text("objectives", [R(c, f"w{i}") for i, c in enumerate(decimals)], by_space)
    assert res.value == decimals[0]


def test_readings_alike_but_for_a_space_around_them_are_one_bare_reading(template, dictionary):
    from pipeline.document import FieldVoter
    from pipeline.model import Candidate
    from pipeline.vote import _bare_of_junk

    lm = FieldVoter(template, dictionary, True).corrector.lm
    cands = [Candidate("แล้ว พ:", 1.0, ("a",)), Candidate(" แล้ว", 1.0, ("b",)), Candidate("แล้ว", 1.0, ("c",))]
    assert _bare_of_junk(cands, lm).value in ("แล้ว", " แล้ว")
    assert _bare_of_junk([Candidate("แล้ว", 1.0, ("a",)), Candidate("แล้วจ้า", 1.0, ("b",))], lm) is None
    assert _bare_of_junk([Candidate("แล้ว", 1.0, ("a",)), Candidate("แล้ว ด้วย", 1.0, ("b",))], lm) is None
    assert _bare_of_junk([Candidate("แล้ว", 1.0, ("a",))], lm) is None  # one reading: nothing to leave out
    # a lone letter with a mark a speck made is junk; a word of one letter and its mark is a word
    assert _bare_of_junk([Candidate("โครงการ", 1.0, ("a",)), Candidate("โครงการ | ก๋.", 1.0, ("b",))], lm).value == "โครงการ"
    assert _bare_of_junk([Candidate("โครงการ", 1.0, ("a",)), Candidate("โครงการ ก็", 1.0, ("b",))], lm) is None


def test_copies_keep_the_text_most_copies_read_not_the_heaviest_copy_of_other_print(template, dictionary):
    """Three copies of a narrative: one read another report's (a page run on into the
    copy), two read this report's text with a letter apart each. The copy of other print
    is the heaviest by a hair; the text the two copies read nearly alike wins, needs
    review, and says the copies read different words."""
    from pipeline.document import FieldVoter

    voter = FieldVoter(template, dictionary, True)
    other = "ดำเนินการจัดกิจกรรมครังที่ 2 มีผู้เข้าร่วม 154 คน เรียบร้อยแล้ว"
    own = "ติดตามและประเมินผลการดำเนินงานร่วมกับ นางสาวกมลพร เกษรราช ผู้ประสานงาน"
    near = "ติดตามและประเมินผลการดำเบินงานร่วมกับ นางสาวกมลพร เกษรราชู ผู้ประสานงาน"
    res = voter.vote("narrative", [R(t, w, weight, "narrative") for t, w, weight in
                                   ((other, "w1", 0.9365), (own, "w2", 0.9362), (near, "w3", 0.9278))])
    assert res.value == own and res.needs_review and res.confidence <= 0.5
    assert any("different words" in w or "voted whole" in w for w in res.warnings)


def test_a_copy_of_other_print_is_left_out_of_the_channel_and_copies_of_one_print_back_each_other(template, dictionary):
    """A stretch three copies read three ways: one the print, one with junk before a
    misread word, one a line of the next field run in. The run-in line is like neither
    of the others, and left out of what the model weighs: under the channel it costs
    least beside the junk by chance, which made the junk (or the letters of all three
    put together) win. At the value's end the copy that read the print with junk after
    it ("นักเรียน ฉ4") backs the one that read it bare against the run-in line, heavier
    by a hair than either; one copy for each reading, the value needs review."""
    from pipeline.document import FieldVoter

    voter = FieldVoter(template, dictionary, True)
    head = ("กรุงเทพมหานครมีนโยบายพัฒนาคุณภาพอาหารกลางวันของนักเรียนให้มีคุณภาพอย่างต่อเนื่อง "
            "สำนักงานเขตห้วยขวาง จึงได้จัดโครงการอาหารกลางวันปลอดภัย")
    own = f"{head} เพื่อยกระดับคุณภาพอาหารกลางวันของนักเรียน"
    junk = f"{head} ' a a เพอยกระดับคุณภาพอาหารกลางวันของนักเรียน ฉ4"
    run_in = (f"{head} 1. เพอพ 2. เพื่อส่งเสริมการมีส่วนร่วมของโรงเรียนวัดหัวลำโพง "
              "โรงเรียนและชุมชนในพื้นทีเข้าร่วมโครงการ ไม่น้อยกว่าร้อยละ 80")
    res = voter.vote("principle", [R(t, w, weight, "principle") for t, w, weight in
                                   ((own, "w1", 0.9419), (run_in, "w2", 0.9432), (junk, "w3", 0.9169))])
    assert res.value == own and res.needs_review


@pytest.mark.parametrize("before, wrong, right, chosen", [
    ("สำนักงานเขตกรุงเทพมหานคนจัดกิจกรรม", "มหานคน", "มหานคร", "จัด"),  # a change of the same length just before
    ("จิบ ปานข้าผู้ประสานงาน", "ปานข้า", "ปานขำ", "ผู้"),  # one letter shorter, right before
    ("โดย สพฐให้การ", "สพฐ", "สพฐ.", "ให้"),  # one longer
    ("ต่อเนือง สำนักงาน เพื่อยก", "เนือง", "เนื่อง", "เพื่อ"),  # further before
])
def test_a_dispute_placed_again_after_a_change_before_it_keeps_its_own_stretch(before, wrong, right, chosen):
    from pipeline.model import Dispute, Option
    from pipeline.vote import placed_again

    after = before.replace(wrong, right)
    moved = placed_again([Dispute(before.index(chosen), chosen, "majority", (Option(chosen),))], before, after)[0]
    assert moved.chosen == chosen and after[moved.at:moved.at + len(chosen)] == chosen


def test_a_lone_number_most_copies_read_after_the_last_word_is_kept_but_not_sure(template, dictionary):
    """Two copies of three read a "2" after a narrative's last word: a smudge read alike,
    or a number the third lost; the weights cannot tell, so it needs review."""
    from pipeline.document import FieldVoter

    voter = FieldVoter(template, dictionary)
    text = "ดำเนินการเบิกจ่ายงบประมาณเรียบร้อยแล้ว และสรุปผลการดำเนินโครงการ"
    res = voter.vote("narrative", [R(text + " 2", "a", field="narrative"), R(text + " 2", "b", field="narrative"),
                                   R(text, "c", field="narrative")])
    assert res.value.endswith("2") and res.needs_review and res.confidence <= 0.5
    plain = voter.vote("narrative", [R(text, "a", field="narrative"), R(text, "b", field="narrative"),
                                     R(text + " 2", "c", field="narrative")])
    assert plain.value == text and not plain.needs_review


def test_a_copy_that_lost_the_words_at_a_texts_end_does_not_win_by_reading_less(template, dictionary):
    """A note over the page hid the end of a narrative's line in one copy of two: the
    language model prefers less text, but words one copy lost are no evidence against the
    copy that read them. Left to the weights, a tie of two copies, flagged."""
    from pipeline.document import FieldVoter

    voter = FieldVoter(template, dictionary)
    whole = "โครงการได้รับอนุมัติแล้ว และดำเนินการจัดสรรงบประมาณให้ โรงเรียนวัดราชนัดดา จ้านวน 350,000 บาท"
    cut = "โครงการได้รับอนุมัติแล้ว และดำเนินการจัดสรร"
    for order in ((whole, cut), (cut, whole)):
        res = voter.vote("narrative", [R(t, w, field="narrative") for t, w in zip(order, "ab")])
        assert res.needs_review and res.confidence <= 0.5
    start_lost = "ดำเนินการจัดสรรงบประมาณให้ โรงเรียนวัดราชนัดดา จำนวน 350,000 บาท"
    whole_right = whole.replace("จ้านวน", "จำนวน")
    res = voter.vote("narrative", [R(whole_right, "a", field="narrative"), R(whole_right, "b", field="narrative"),
                                   R(start_lost, "c", field="narrative")])
    assert res.value == whole_right


def test_a_lone_typed_value_from_a_copy_ocr_read_poorly_needs_review():
    """One copy's date is trusted when OCR read the copy well, not when its lines read at
    a low mean confidence (a page printed too dark): then it needs review, and says why."""
    well = vote_value("report_date", [R("2020-11-30", "a", weight=0.93)])
    assert not well.needs_review and well.confidence == 0.9
    poor = vote_value("report_date", [R("2020-11-30", "a", weight=0.79)])
    assert poor.needs_review and poor.confidence <= 0.5 and "poorly" in poor.warnings[0]
    two = vote_value("report_date", [R("2020-11-30", "a", weight=0.79), R("2020-11-30", "b", weight=0.79)])
    assert not two.needs_review  # two copies agreeing are evidence however they read


def test_junk_the_model_prefers_after_a_reading_loses_to_the_copy_that_read_none(template, dictionary):
    """Three copies end a narrative each its own way: bare, with "| อบา" after it, and with
    "บ," after it. A lone letter costs the language model nothing and "บ," explains the
    other junk best under the channel, so the model chose it; as many copies read the
    text bare, and the bare reading stands."""
    from pipeline.document import FieldVoter

    voter = FieldVoter(template, dictionary, True)
    head = "ติดตามและประเมินผลการดำเนินงานร่วมกับ นางสาวจาริศ คชสีห์ ผู้ประสานงาน"
    misread = head.replace("จาริศ", "จาวิศ")
    res = voter.vote("narrative", [R(t, w, weight, "narrative") for t, w, weight in
                                   ((f"{head} .", "w1", 0.912), (f"{head} | อบา .", "w2", 0.9227),
                                    (f"{misread} บ, ~", "w3", 0.9301))])
    assert res.value == head


def test_junk_no_two_copies_read_alike_after_a_value_s_last_word_is_no_print(template, dictionary):
    """One copy reads nothing after the last word, two read junk of their own ("| อบา",
    "บ,"): the stretch some copy lacks is not the heaviest junk's; the value ends with
    its last word."""
    from pipeline.document import FieldVoter

    voter = FieldVoter(template, dictionary, True)
    head = "ติดตามและประเมินผลการดำเนินงานร่วมกับ นางสาวจาริศ คชสีห์ ผู้ประสานงาน"
    res = voter.vote("narrative", [R(t, w, weight, "narrative") for t, w, weight in
                                   ((head, "w1", 0.912), (f"{head} | อบา", "w2", 0.9227), (f"{head} บ,", "w3", 0.9301))])
    assert res.value == head


def test_a_word_one_copy_read_right_with_a_speck_after_it_beats_the_others_misreading(template, dictionary):
    """Two copies lose the tone mark of "ต่อเนื่อง"; the third reads it right with a speck
    after it read as a digit ("ต่อเนื่อง 4"). Its words without the speck are weighed too:
    they are the print; a dropped digit may have been a number, so the value is flagged."""
    from pipeline.document import FieldVoter

    voter = FieldVoter(template, dictionary, True)
    text = "กรุงเทพมหานครมีนโยบายพัฒนาการอ่านให้มีคุณภาพอย่างต่อเนื่อง สำนักงานเขตบางซื่อ จึงได้จัดโครงการ"
    lost = text.replace("ต่อเนื่อง", "ต่อเนือง")
    res = voter.vote("principle", [R(t, w, weight, "principle") for t, w, weight in
                                   ((lost, "w1", 0.918), (lost, "w2", 0.933),
                                    (text.replace("ต่อเนื่อง", "ต่อเนื่อง 4"), "w3", 0.938))])
    assert res.value == text and res.needs_review
    speck = voter.vote("principle", [R(t, w, weight, "principle") for t, w, weight in
                                     ((lost, "w1", 0.918), (lost, "w2", 0.933),
                                      (text.replace("ต่อเนื่อง", "ต่อเนื่อง |"), "w3", 0.938))])
    assert speck.value == text


def test_copies_that_each_misread_an_entry_their_own_way_give_the_lexicons_reading(template, dictionary):
    """Five copies read a school's name four ways, the commonest ("วัดตอนเมือง", ด read as
    ต) by two: no reading holds most of them, and the lexicon's reading of the copies'
    texts, the dictionary's "วัดดอนเมือง", is weighed with them and chosen."""
    from pipeline.document import FieldVoter

    voter = FieldVoter(template, dictionary, True)
    head = "อยู่ระหว่างการจัดซื้อจัดจ้าง และเตรียมการจัดกิจกรรมที่ "
    reads = ("โรงเรียนวัดตอนเมือง", "โรงไรียนวัดดอนเมื่อง", "โรงเรียนวัด๋ดอนเมือง", "โรง์เรียนวัด๋ตอนเมื่อง",
             "โรงเรียนวัดตอนเมือง")
    res = voter.vote("narrative", [R(head + t, f"w{i}", 0.93, "narrative") for i, t in enumerate(reads)])
    assert res.value == head + "โรงเรียนวัดดอนเมือง"


def test_a_list_items_space_two_copies_lost_is_set_as_its_neighbours():
    lost, kept = "1.เพื่อพัฒนาการอ่านออก 2. เพื่อส่งเสริม", "1. เพื่อพัฒนาการอ่านออก 2. เพื่อส่งเสริม"
    res = vote_text("objectives", [R(c, f"w{i}") for i, c in enumerate([lost, lost, kept])], by_space)
    assert res.value == kept
    assert [d.rule for d in res.disputes] == ["numbering"] and res.value[res.disputes[0].at:].startswith(
        res.disputes[0].chosen)
    alone = "1.เพื่อพัฒนาการอ่านออก"  # no neighbour item to go by: the copies' weight stands
    res = vote_text("objectives", [R(c, f"w{i}") for i, c in enumerate([alone, alone, "1. เพื่อพัฒนาการอ่านออก"])],
                    by_space)
    assert res.value == alone
