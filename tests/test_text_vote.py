import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_vote import R

from pipeline.text_vote import vote_text


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


@pytest.mark.parametrize("before, wrong, right, chosen", [
    ("สำนักงานเขตกรุงเทพมหานคนจัดกิจกรรม", "มหานคน", "มหานคร", "จัด"),  # a change of the same length just before
    ("จิบ ปานข้าผู้ประสานงาน", "ปานข้า", "ปานขำ", "ผู้"),  # one letter shorter, right before
    ("โดย สพฐให้การ", "สพฐ", "สพฐ.", "ให้"),  # one longer
    ("ต่อเนือง สำนักงาน เพื่อยก", "เนือง", "เนื่อง", "เพื่อ"),  # further before
])
def test_a_dispute_placed_again_after_a_change_before_it_keeps_its_own_stretch(before, wrong, right, chosen):
    from pipeline.model import Dispute, Option
    from pipeline.text_vote import placed_again

    after = before.replace(wrong, right)
    moved = placed_again([Dispute(before.index(chosen), chosen, "majority", (Option(chosen),))], before, after)[0]
    assert moved.chosen == chosen and after[moved.at:moved.at + len(chosen)] == chosen


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
