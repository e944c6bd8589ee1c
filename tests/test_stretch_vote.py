from test_vote import R


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


def test_a_lone_consonant_two_copies_read_where_one_read_nothing_needs_review(template, dictionary):
    """A speck two copies of one print read alike as "จ" outweighs the copy that read
    nothing there; a lone consonant in running text is seldom print. "ณ" is a word."""
    from pipeline.document import FieldVoter

    voter = FieldVoter(template, dictionary, True)

    def vote(*texts):
        return voter.vote("narrative", [R(t, f"w{i}", 1.0, "narrative") for i, t in enumerate(texts)])

    speck = "โครงการได้รับอนุมัติแล้ว จ และดำเนินการจัดสรรงบประมาณ"
    got = vote(speck, speck, speck.replace(" จ ", " "))
    assert got.value == speck and got.needs_review
    word = "จัดกิจกรรมให้ความรู้ ณ สำนักงานเขตบางรัก"
    assert not vote(word, word, word.replace(" ณ ", " ")).needs_review


def test_a_letter_that_labels_a_class_or_a_clause_is_print(template, dictionary):
    from pipeline.document import FieldVoter

    voter = FieldVoter(template, dictionary, True)
    text = "ได้รับใบอนุญาตประเภท ก เรียบร้อยแล้ว"
    got = voter.vote("narrative", [R(t, f"w{i}", 1.0, "narrative")
                                   for i, t in enumerate((text, text, text.replace(" ก ", " ")))])
    assert got.value == text and not got.needs_review
