from pipeline.line_end_spacing import (ARCHIVE_SPACING_MIN, LineEnds, archive_spacing, decided,
                                       joined_where_never_apart, set_as_archive, undecided)
from pipeline.model import Dispute, Option, Resolved

REPORT_A = "ดำเนินการเบิกจ่ายงบประมาณเรียบร้อยแล้ว และสรุปผลการดำเนินโครงการ\nจัดประชุมชี้แจงเรียบร้อยแล้ว และรายงานผล"
REPORT_B = "จัดซื้อวัสดุเรียบร้อยแล้ว และส่งมอบ\nงานเรียบร้อย\nแล้ว"


def test_the_archive_counts_each_pair_together_and_apart_and_decides_one_it_sets_one_way_often_enough():
    spacing = archive_spacing(["แล้ว และ", "เรียบร้อย แล้ว", "สรุป ผล", "ผล การ"], [REPORT_A, REPORT_B, "ผล การ"])
    assert spacing == {"แล้ว และ": (0, 3), "เรียบร้อย แล้ว": (3, 0), "ผล การ": (1, 1)}  # "สรุปผล" once: as never seen
    assert [decided(spacing[p]) for p in ("แล้ว และ", "เรียบร้อย แล้ว", "ผล การ")] == [True, False, None]


def test_a_line_end_is_no_evidence_and_a_pair_seen_both_ways_or_too_seldom_is_undecided():
    assert archive_spacing(["เรียบร้อย แล้ว"], ["งานเรียบร้อย\nแล้ว\nงานเรียบร้อย\nแล้ว"]) == {}
    assert decided(archive_spacing(["แล้ว และ"], ["แล้ว และ", "แล้ว และ", "แล้วและ"])["แล้ว และ"]) is None
    assert decided(archive_spacing(["แล้ว และ"], ["แล้ว และ"] * (ARCHIVE_SPACING_MIN - 1))["แล้ว และ"]) is None
    assert archive_spacing(["แล้ว และ"], ["แล้วและ"] * (ARCHIVE_SPACING_MIN - 1)) == {}
    assert archive_spacing([], [REPORT_A]) == {}


def test_pairs_are_read_whole_before_the_texts_as_from_a_spill():
    read: list[str] = []

    def pairs():
        yield "แล้ว และ"
        read.append("pairs")

    def texts():
        assert read == ["pairs"]
        yield from (REPORT_A, REPORT_B)

    assert archive_spacing(pairs(), texts()) == {"แล้ว และ": (0, 3)}


def _text(value: str) -> Resolved:
    return Resolved("narrative", value, 1.0, "unanimous", False, ())


def test_a_value_is_set_as_the_archive_sets_a_guessed_place_and_says_so():
    spacing = LineEnds({"แล้ว และ": (0, 3), "เรียบร้อย แล้ว": (12, 0)})
    spaced = set_as_archive(_text("งานเรียบร้อยแล้วและสรุปผล"), spacing, {"แล้ว และ"})
    assert spaced.value == "งานเรียบร้อยแล้ว และสรุปผล" and not spaced.needs_review
    assert spaced.voted == "งานเรียบร้อยแล้วและสรุปผล"
    assert spaced.warnings == ("a line of the print ended between words the archive's lines set so: "
                               "'แล้ว และ' apart (3 times, never together)",)
    joined = set_as_archive(_text("งานเรียบร้อย แล้ว และสรุปผล"), spacing, {"เรียบร้อย แล้ว", "แล้ว และ"})
    assert joined.value == "งานเรียบร้อยแล้ว และสรุปผล"
    assert joined.warnings == ("a line of the print ended between words the archive's lines set so: "
                               "'เรียบร้อย แล้ว' together (12 times, never apart)",)


def test_a_value_already_set_as_the_archive_sets_it_or_a_place_it_does_not_decide_is_left_alone():
    spacing = LineEnds({"แล้ว และ": (0, 3), "สรุป ผล": (1, 1)})
    right = _text("งานเรียบร้อยแล้ว และสรุปผล")
    assert set_as_archive(right, spacing, {"แล้ว และ"}) is right
    assert set_as_archive(_text("งานเรียบร้อยแล้วและสรุปผล"), spacing, {"สรุป ผล"}).value == "งานเรียบร้อยแล้วและสรุปผล"
    assert set_as_archive(_text("งานเรียบร้อยแล้วและสรุปผล"), spacing, ()).value == "งานเรียบร้อยแล้วและสรุปผล"
    number = Resolved("progress_pct", 40.0, 1.0, "unanimous", False, ())
    assert set_as_archive(number, spacing, {"แล้ว และ"}) is number
    both_ways = _text("งานเรียบร้อยแล้ว และสรุป ผล")
    assert set_as_archive(both_ways, spacing, {"สรุป ผล"}) is both_ways
    assert undecided(frozenset({"แล้ว และ", "สรุป ผล", "ผล การ"}), spacing) == {"สรุป ผล", "ผล การ"}


def test_a_dispute_after_a_place_set_again_stays_on_its_own_characters():
    value = "งานเรียบร้อยแล้วและสรุปผล"
    at = value.index("สรุป")
    voted = Resolved("narrative", value, 0.67, "aligned", False, (),
                     (Dispute(at, "สรุป", "majority", (Option("สรุป"), Option("สรูป"))),))
    spaced = set_as_archive(voted, LineEnds({"แล้ว และ": (0, 3)}), {"แล้ว และ"})
    d = spaced.disputes[0]
    assert spaced.value[d.at:d.at + len(d.chosen)] == "สรุป"


def test_pairs_that_join_into_one_spelling_are_each_counted_by_it():
    """"ส่งเสริมการ|เรียนรู้" and "ส่งเสริมการเรียน|รู้" key "การ เรียนรู้" and "การเรียน รู้":
    "การเรียนรู้" in a line sets both together."""
    texts = ["การเรียนรู้ของเด็ก"] * 5 + ["การเรียน รู้"] * 2
    for order in (["การ เรียนรู้", "การเรียน รู้"], ["การเรียน รู้", "การ เรียนรู้"]):
        assert archive_spacing(order, texts) == {"การ เรียนรู้": (5, 0), "การเรียน รู้": (5, 2)}
    assert archive_spacing(["คุณภาพ", " ภาพ", "คุณ "], ["คุณภาพ"] * 3) == {}


def test_a_guessed_place_the_archive_never_sets_apart_is_joined_and_one_it_does_keeps_its_space():
    """Most places between two Thai words have no space: a copy that showed nothing of its
    print kept the space at a line end ("และ|ดำเนินการ"), and nothing shows the two apart."""
    spacing = LineEnds({"ร่วมกับ โรงเรียน": (1, 1), "ผล การ": (1, 0)})
    value = _text("ประชุมและ ดำเนินการร่วมกับ โรงเรียนเพื่อติดตามผล การ")
    joined = joined_where_never_apart(value, spacing, {"และ ดำเนินการ", "ร่วมกับ โรงเรียน", "ผล การ"})
    assert joined.value == "ประชุมและดำเนินการร่วมกับ โรงเรียนเพื่อติดตามผลการ" and joined.voted == value.value
    assert joined.warnings == () and not joined.needs_review  # the caller doubts the places as before
    assert joined_where_never_apart(value, LineEnds({"และ ดำเนินการ": (0, 1)}), {"และ ดำเนินการ"}) is value
    assert joined_where_never_apart(value, LineEnds({}, sure_spaces=frozenset({"และ ดำเนินการ"})),
                                    {"และ ดำเนินการ"}) is value


def test_a_place_is_set_only_where_its_two_words_stand_as_the_line_ends_words_were_found():
    """"การ ประชุม" keys a line end "จัดให้มีการ|ประชุม"; "3 ประการ ประชุม..." ends a
    paragraph at "ประการ", and "ผล การอบรม" holds "ผล การ" only as letters."""
    ends = LineEnds({"การ ประชุม": (6, 0), "ผล การ": (4, 0)})
    value = _text("จัดให้มีการ ประชุมชี้แจง 3 ประการ ประชุมครู และติดตามผล การอบรม")
    assert set_as_archive(value, ends, {"การ ประชุม", "ผล การ"}).value == \
        "จัดให้มีการประชุมชี้แจง 3 ประการ ประชุมครู และติดตามผล การอบรม"
    assert joined_where_never_apart(value, LineEnds({}), {"การ ประชุม", "ผล การ"}).value == \
        "จัดให้มีการประชุมชี้แจง 3 ประการ ประชุมครู และติดตามผล การอบรม"


def test_a_sure_line_end_of_the_report_holding_the_words_the_other_way_keeps_the_place_a_guess():
    """"ติดตามผล" ends a paragraph and "การ..." opens the next (a sure space), while a
    guessed line end of the report holds the same two words."""
    value = _text("ติดตามผล การดำเนินงานและรายงานผล การใช้จ่าย")
    sure = LineEnds({"ผล การ": (3, 0)}, sure_spaces=frozenset({"ผล การ"}))
    assert set_as_archive(value, sure, {"ผล การ"}) is value and undecided(frozenset({"ผล การ"}), sure)
    assert joined_where_never_apart(value, sure, {"ผล การ"}) is value
    apart = LineEnds({"ผล การ": (0, 3)}, sure_joins=frozenset({"ผล การ"}))
    joined = _text("ติดตามผลการดำเนินงาน")
    assert set_as_archive(joined, apart, {"ผล การ"}) is joined


def test_a_place_whose_first_word_opened_a_phrase_counts_only_where_it_opens_one_and_is_set_there():
    """"จัดนิทรรศการ คัดเลือก|ครูดีเด่น": "คัดเลือก" opens a phrase at the line end. The print
    sets "ประกวดคัดเลือกครูดีเด่น" inside another phrase, which says nothing of it."""
    from pipeline.model import OPENING_MARK

    texts = ["ประกวดคัดเลือกครูดีเด่น"] * 3 + ["จัดนิทรรศการ คัดเลือก ครูดีเด่น", "คัดเลือก ครูดีเด่น ประจำปี"]
    spacing = archive_spacing(["คัดเลือก ครู", OPENING_MARK + "คัดเลือก ครู"], texts)
    assert spacing == {"คัดเลือก ครู": (3, 2), OPENING_MARK + "คัดเลือก ครู": (0, 2)}
    value = _text("จัดนิทรรศการ คัดเลือกครูดีเด่น และประกวดคัดเลือกครูดีเด่น")
    assert set_as_archive(value, LineEnds(spacing), {"คัดเลือก ครู"}) is value  # both ways anywhere: undecided
    spaced = set_as_archive(value, LineEnds(spacing, opening=frozenset({"คัดเลือก ครู"})), {"คัดเลือก ครู"})
    assert spaced.value == "จัดนิทรรศการ คัดเลือก ครูดีเด่น และประกวดคัดเลือกครูดีเด่น"


def test_a_decided_place_the_value_still_holds_the_other_way_where_it_was_not_set_stays_a_guess():
    """OCR lost the space before "คัดเลือก", which opened a phrase at the line end: the
    archive's counts say apart, but the letters do not stand as the place's words, so
    the value keeps them and the place stays doubted."""
    ends = LineEnds({"^คัดเลือก ครู": (0, 3)}, opening=frozenset({"คัดเลือก ครู"}))
    value = _text("จัดนิทรรศการคัดเลือกครูดีเด่น")
    assert set_as_archive(value, ends, {"คัดเลือก ครู"}) is value
    assert undecided(frozenset({"คัดเลือก ครู"}), ends, value.value) == {"คัดเลือก ครู"}
    assert undecided(frozenset({"คัดเลือก ครู"}), ends, "จัดนิทรรศการ คัดเลือก ครูดีเด่น") == frozenset()
