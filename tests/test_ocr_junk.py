from test_vote import R


def test_readings_alike_but_for_a_space_around_them_are_one_bare_reading(template, dictionary):
    from pipeline.document import FieldVoter
    from pipeline.model import Candidate
    from pipeline.ocr_junk import bare_of_junk

    lm = FieldVoter(template, dictionary, True).corrector.lm
    cands = [Candidate("แล้ว พ:", 1.0, ("a",)), Candidate(" แล้ว", 1.0, ("b",)), Candidate("แล้ว", 1.0, ("c",))]
    assert bare_of_junk(cands, lm).value in ("แล้ว", " แล้ว")
    assert bare_of_junk([Candidate("แล้ว", 1.0, ("a",)), Candidate("แล้วจ้า", 1.0, ("b",))], lm) is None
    assert bare_of_junk([Candidate("แล้ว", 1.0, ("a",)), Candidate("แล้ว ด้วย", 1.0, ("b",))], lm) is None
    assert bare_of_junk([Candidate("แล้ว", 1.0, ("a",))], lm) is None  # one reading: nothing to leave out
    # a lone letter with a mark a speck made is junk; a word of one letter and its mark is a word
    assert bare_of_junk([Candidate("โครงการ", 1.0, ("a",)), Candidate("โครงการ | ก๋.", 1.0, ("b",))], lm).value == "โครงการ"
    assert bare_of_junk([Candidate("โครงการ", 1.0, ("a",)), Candidate("โครงการ ก็", 1.0, ("b",))], lm) is None


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
