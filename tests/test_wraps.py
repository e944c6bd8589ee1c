"""Lines a printed phrase wrapped across join without a space; other lines with one."""

from __future__ import annotations

from pipeline.model import Line, Where
from pipeline.wraps import join_lines, printed_copy, right_margins, runs_on

RIGHT = 2300
FULL = "สำนักงานเขตได้จัดโครงการ เพื่อยกระดับคุณภาพ"  # a line with spaces that runs to the margin


def line(text: str, right: int, n: int = 1, page: int = 1, boxed: bool = True) -> Line:
    return Line(text, Where("scan.pdf", page, n, (200, 100 * n, right, 100 * n + 60) if boxed else None))


def test_a_phrase_too_long_for_its_line_joins_the_next_without_a_space():
    lines = [line("กรุงเทพมหานครมีนโยบายพัฒนาให้มีคุณภาพอย่าง", RIGHT - 10), line("ต่อเนื่อง สำนักงานเขต", 900, 2),
             line(FULL, RIGHT, 3)]
    assert join_lines(lines[:2], printed_copy(lines)) == \
        "กรุงเทพมหานครมีนโยบายพัฒนาให้มีคุณภาพอย่างต่อเนื่อง สำนักงานเขต"


def test_a_line_whose_next_phrase_would_have_fitted_beside_it_ended_there():
    """Short of the margin by more than the next line's first phrase: the print would
    have set that phrase on the line had the text gone on."""
    text = "กรุงเทพมหานครมีนโยบายพัฒนาให้มีคุณภาพสูงทัดเทียมกัน"
    slack = int(1.5 * (RIGHT - 100 - 200) / len(text))  # a character and a half
    lines = [line(text, RIGHT - slack), line("ณ สำนักงานเขต", 900, 2), line(FULL, RIGHT, 3)]
    assert join_lines(lines[:2], printed_copy(lines)) == f"{text} ณ สำนักงานเขต"
    lines[1] = line("ณรงค์ สำนักงานเขต", 900, 2)
    assert join_lines(lines[:2], printed_copy(lines)) == f"{text}ณรงค์ สำนักงานเขต"


def test_one_wide_line_among_short_ones_shows_no_margin():
    lines = [line("เพื่อส่งเสริมการมีส่วนร่วมของชุมชน", 1180), line("เพื่อพัฒนาทักษะของครู", 820, 2)]
    assert printed_copy(lines).margins == {}
    assert join_lines(lines, printed_copy(lines)) == "เพื่อส่งเสริมการมีส่วนร่วมของชุมชน เพื่อพัฒนาทักษะของครู"


def test_a_copy_that_goes_on_in_another_file_keeps_the_space():
    one = Line("ให้มีคุณภาพอย่าง", Where("copy_p1.jpg", 1, 1, (200, 100, RIGHT, 160)))
    two = Line("ต่อเนื่อง", Where("copy_p2.jpg", 1, 1, (200, 100, 900, 160)))
    full = Line(FULL, Where("copy_p1.jpg", 1, 2, (200, 200, RIGHT, 260)))
    assert join_lines([one, two], printed_copy([one, full, two])) == "ให้มีคุณภาพอย่าง ต่อเนื่อง"


def test_a_line_with_a_space_may_have_wrapped_there_and_keeps_it():
    lines = [line("กรุงเทพมหานคร มีนโยบายพัฒนาให้มีคุณภาพอย่าง", RIGHT), line("ต่อเนื่อง", 900, 2), line(FULL, RIGHT, 3)]
    assert join_lines(lines[:2], printed_copy(lines)) == "กรุงเทพมหานคร มีนโยบายพัฒนาให้มีคุณภาพอย่าง ต่อเนื่อง"


def test_a_line_that_stops_short_of_the_margin_ended_its_text():
    lines = [line("1. เพื่อพัฒนาทางเท้า", RIGHT), line("เพื่อส่งเสริมการมีส่วนร่วม", 1200, 2),
             line("ของโรงเรียน", 700, 3)]
    printed = printed_copy(lines)
    assert not runs_on(lines[1], lines[2], printed)
    assert join_lines(lines, printed) == "1. เพื่อพัฒนาทางเท้า เพื่อส่งเสริมการมีส่วนร่วม ของโรงเรียน"


def test_text_without_boxes_or_beside_no_thai_joins_with_a_space():
    unboxed = [line("ให้มีคุณภาพอย่าง", RIGHT, boxed=False), line("ต่อเนื่อง", 900, 2, boxed=False)]
    assert join_lines(unboxed, printed_copy(unboxed)) == "ให้มีคุณภาพอย่าง ต่อเนื่อง"
    digits = [line("งบประมาณทั้งสิ้น", RIGHT), line("150,000 บาท", 900, 2), line(FULL, RIGHT, 3)]
    assert join_lines(digits[:2], printed_copy(digits)) == "งบประมาณทั้งสิ้น 150,000 บาท"
    after_mark = [line("สำนักงานเขตในกรุงเทพฯ", RIGHT), line("จัดโครงการ", 900, 2), line(FULL, RIGHT, 3)]
    assert join_lines(after_mark[:2], printed_copy(after_mark)) == "สำนักงานเขตในกรุงเทพฯ จัดโครงการ"


def test_a_line_opening_with_a_mark_is_not_joined_onto_the_letter_before():
    lines = [line("ให้มีคุณภาพอย่าง", RIGHT), line("่ต่อเนื่อง", 900, 2), line(FULL, RIGHT, 3)]
    assert join_lines(lines[:2], printed_copy(lines)) == "ให้มีคุณภาพอย่าง ่ต่อเนื่อง"


def test_on_a_page_read_turned_lines_end_on_the_left_of_the_scan():
    """The boxes of a page read turned 180 degrees lie where the lines are on the scan
    as it lies: they follow each other upwards and end on the left."""
    def turned(text: str, left: int, n: int) -> Line:
        return Line(text, Where("scan.pdf", 1, n, (left, 3000 - 100 * n, 2280, 3060 - 100 * n)))

    lines = [turned("กรุงเทพมหานครมีนโยบายพัฒนาให้มีคุณภาพอย่าง", 205, 1), turned("ต่อเนื่อง สำนักงานเขต", 1500, 2),
             turned("กำหนดให้หน่วยงานต้นสังกัด", 1500, 3), turned("และสถานศึกษา", 1900, 4), turned(FULL, 200, 5)]
    assert join_lines(lines[:4], printed_copy(lines)) == \
        "กรุงเทพมหานครมีนโยบายพัฒนาให้มีคุณภาพอย่างต่อเนื่อง สำนักงานเขต กำหนดให้หน่วยงานต้นสังกัด และสถานศึกษา"


def test_a_block_read_after_the_text_does_not_make_a_page_read_upright_look_turned():
    """Tesseract may give a small block (a page number at the top right) after the
    page's text: the direction of most steps from line to line tells."""
    lines = [line(FULL, RIGHT, 2), line("กรุงเทพมหานครมีนโยบายพัฒนาให้มีคุณภาพสูงทัดเทียม", RIGHT - 10, 3),
             line("เพื่อพัฒนาทักษะของครู", 900, 4), line("๑", RIGHT, 1)]
    printed = printed_copy(lines)
    assert not printed.margins[("scan.pdf", 1)].turned


def test_the_copys_other_pages_show_the_margin_of_a_page_with_one_full_line():
    """A form's first page may hold a single line that runs to the margin, its wrap."""
    lines = [line("รหัสโครงการ 50210000", 900, 1), line("กรุงเทพมหานครมีนโยบายพัฒนาให้มีคุณภาพอย่าง", RIGHT - 5, 2),
             line("ต่อเนื่อง สำนักงานเขต", 900, 3), line(FULL, RIGHT, 1, page=2)]
    assert join_lines(lines[1:3], printed_copy(lines)) == \
        "กรุงเทพมหานครมีนโยบายพัฒนาให้มีคุณภาพอย่างต่อเนื่อง สำนักงานเขต"
    assert join_lines(lines[1:3], printed_copy(lines[:3])) == \
        "กรุงเทพมหานครมีนโยบายพัฒนาให้มีคุณภาพอย่าง ต่อเนื่อง สำนักงานเขต"


WRAPPED = "โครงการได้รับอนุมัติแล้ว และดำเนินการจัดกิจกรรม"  # a line with a space, wrapped between two words


def test_a_line_wrapped_between_two_words_the_copy_sets_together_elsewhere_joins_without_a_space():
    """A word processor breaks Thai at any word boundary: the copy's own lines show
    whether its print puts a space between the two words."""
    elsewhere = line("ประชุมวางแผนการจัดกิจกรรมร่วมกับชุมชน", 1600, 4)
    lines = [line(WRAPPED, RIGHT - 40), line("ร่วมกับโรงเรียน", 900, 2), line(FULL, RIGHT, 3), elsewhere]
    assert join_lines(lines[:2], printed_copy(lines)) == f"{WRAPPED}ร่วมกับโรงเรียน"
    assert not runs_on(lines[0], lines[1], printed_copy(lines))


def test_a_line_wrapped_between_words_the_copy_sets_apart_or_nowhere_keeps_the_space():
    lines = [line(WRAPPED, RIGHT - 40), line("ร่วมกับโรงเรียน", 900, 2), line(FULL, RIGHT, 3)]
    assert join_lines(lines[:2], printed_copy(lines)) == f"{WRAPPED} ร่วมกับโรงเรียน"
    apart = [*lines, line("ประชุมวางแผนการจัดกิจกรรม ร่วมกับชุมชน", 1600, 4)]
    assert join_lines(lines[:2], printed_copy(apart)) == f"{WRAPPED} ร่วมกับโรงเรียน"
    both = [*apart, line("จัดกิจกรรมร่วมกับชุมชน", 1000, 5)]
    assert join_lines(lines[:2], printed_copy(both)) == f"{WRAPPED} ร่วมกับโรงเรียน"


def test_a_line_short_of_the_margin_by_more_than_the_next_word_ended_there():
    """Had the next line's first word fitted, a word processor would have set it on the
    line: the line ended where its text did, whatever the copy sets elsewhere."""
    elsewhere = line("ประชุมวางแผนการจัดกิจกรรมร่วมกับชุมชน", 1600, 4)
    slack = int(9 * (RIGHT - 200) / len(WRAPPED))  # nine characters: more than "ร่วมกับ" and a space
    lines = [line(WRAPPED, RIGHT - slack), line("ร่วมกับโรงเรียน", 900, 2), line(FULL, RIGHT, 3), elsewhere]
    assert join_lines(lines[:2], printed_copy(lines)) == f"{WRAPPED} ร่วมกับโรงเรียน"


def test_a_word_opening_a_phrase_counts_only_where_it_opens_one_too():
    """The seed prints "จัดนิทรรศการ คัดเลือก ครูดีเด่น" and "ประกวดคัดเลือกครูดีเด่น":
    the second says nothing of a line that ends on "คัดเลือก" after a space."""
    wrapped = "เครือข่ายโรงเรียนที่ 54 ดำเนินการจัดนิทรรศการ คัดเลือก"
    lines = [line(wrapped, RIGHT - 40), line("ครูดีเด่น และประกวด", 900, 2), line(FULL, RIGHT, 3)]
    inside = line("และประกวดคัดเลือกครูดีเด่น", 1300, 4)
    assert join_lines(lines[:2], printed_copy([*lines, inside])) == f"{wrapped} ครูดีเด่น และประกวด"
    opening = line("จัดนิทรรศการ คัดเลือกครูดีเด่น", 1300, 4)
    assert join_lines(lines[:2], printed_copy([*lines, opening])) == f"{wrapped}ครูดีเด่น และประกวด"


def _word_breaking_copy(*more: Line) -> list[Line]:
    """A copy whose first line wraps between two words its print sets together mid-line
    (line 4), so the copy shows it breaks lines between words, and `more` lines after."""
    return [line(WRAPPED, RIGHT - 40), line("ร่วมกับโรงเรียน", 900, 2), line(FULL, RIGHT, 3),
            line("ประชุมวางแผนการจัดกิจกรรมร่วมกับชุมชน", 1600, 4), *more]


def test_a_copy_that_wraps_between_words_joins_every_unconfirmed_line_end_and_calls_it_a_guess():
    """"ให้" | "โรงเรียน" may be a word processor's break inside a phrase or the end of
    one: nothing in the copy says, its print breaks lines between words, and most places
    between two Thai words have no space. A print that breaks only at spaces keeps it."""
    guess = [line("โครงการได้รับอนุมัติแล้ว และจัดสรรงบประมาณให้", RIGHT - 40, 5), line("โรงเรียนวัดดอนเมือง", 900, 6)]
    copy = printed_copy(_word_breaking_copy(*guess))
    assert copy.breaks_words
    assert "ให้ โรงเรียน" in copy.unconfirmed_spaces
    assert join_lines(guess, copy) == "โครงการได้รับอนุมัติแล้ว และจัดสรรงบประมาณให้โรงเรียนวัดดอนเมือง"
    spaced = printed_copy([*guess, line(FULL, RIGHT, 7)])
    assert not spaced.breaks_words and not spaced.unconfirmed_spaces
    assert join_lines(guess, spaced) == "โครงการได้รับอนุมัติแล้ว และจัดสรรงบประมาณให้ โรงเรียนวัดดอนเมือง"


def test_a_word_the_copy_opens_phrases_with_elsewhere_joins_at_a_line_end_all_the_same():
    """A word set after a space in one phrase ("และ โรงเรียน...") follows another word
    without one: only the two words side by side mid-line tell, so the line end joins
    without a space, however often the copy opens phrases with the word, and stays a guess."""
    opening = [line("โครงการได้รับอนุมัติแล้ว และจัดสรรงบประมาณให้", RIGHT - 40, 5), line("โรงเรียนวัดดอนเมือง", 900, 6),
               line("มอบอุปกรณ์ โรงเรียนวัดปากบ่อ และ โรงเรียนวัดราชนัดดา", 1800, 7),
               line("และ โรงเรียนวัดสระเกศ", 1200, 8), line("และ โรงเรียนวัดบางบัว", 1200, 9)]
    copy = printed_copy(_word_breaking_copy(*opening))
    assert copy.breaks_words and "ให้ โรงเรียน" in copy.unconfirmed_spaces
    assert join_lines(opening[:2], copy) == "โครงการได้รับอนุมัติแล้ว และจัดสรรงบประมาณให้โรงเรียนวัดดอนเมือง"


def test_a_line_end_space_the_copy_sets_mid_line_or_a_next_word_that_would_have_fitted_is_no_guess():
    apart = [line("โครงการได้รับอนุมัติแล้ว และจัดสรรงบประมาณให้", RIGHT - 40, 5), line("โรงเรียนวัดดอนเมือง", 900, 6),
             line("มอบอุปกรณ์ให้ โรงเรียนวัดปากบ่อ", 1200, 7)]
    copy = printed_copy(_word_breaking_copy(*apart))
    assert copy.breaks_words and "ให้ โรงเรียน" not in copy.unconfirmed_spaces
    slack = int(12 * (RIGHT - 200) / len(WRAPPED))  # twelve characters: "โรงเรียน" and a space would have fitted
    ended = [line("โครงการได้รับอนุมัติแล้ว และจัดสรรงบประมาณให้", RIGHT - slack, 5), line("โรงเรียนวัดดอนเมือง", 900, 6)]
    copy = printed_copy(_word_breaking_copy(*ended))
    assert copy.breaks_words and "ให้ โรงเรียน" not in copy.unconfirmed_spaces


def test_a_letter_alone_opening_the_next_line_is_no_guess():
    """"ณ" stands inside many words ("คุณ"): how often it follows a letter says nothing of
    whether it opens a phrase here."""
    at = [line("โครงการได้รับอนุมัติแล้ว และดำเนินการ", RIGHT - 30, 5), line("ณ สำนักงานเขต", 900, 6)]
    copy = printed_copy(_word_breaking_copy(*at))
    assert copy.breaks_words and not any(space.endswith(" ณ") for space in copy.unconfirmed_spaces)
    assert join_lines(at, copy) == "โครงการได้รับอนุมัติแล้ว และดำเนินการ ณ สำนักงานเขต"


def test_lines_that_do_not_follow_each_other_on_the_page_are_no_wrap():
    """A heading or a label between two lines of a copy's sections is no line end."""
    apart = [line("โครงการได้รับอนุมัติแล้ว และจัดสรรงบประมาณให้", RIGHT - 40, 5), line("โรงเรียนวัดดอนเมือง", 900, 7)]
    assert "ให้ โรงเรียน" not in printed_copy(_word_breaking_copy(*apart)).unconfirmed_spaces


def test_a_phrase_cut_inside_a_word_at_the_margin_shows_no_word_breaking_print():
    """A program that breaks lines only at spaces cuts a phrase longer than the line at
    the margin wherever it falls: "คุณ" | "ภาพ" joins, but says nothing of other lines."""
    lines = [line("สำนักงานเขต และระบบระบายน้ำในพื้นที่ให้มีคุณ", RIGHT - 25), line("ภาพอย่างต่อเนื่อง สำนักงาน", 900, 2),
             line(FULL, RIGHT, 3), line("เพื่อพัฒนาคุณภาพชีวิต", 1000, 4)]
    copy = printed_copy(lines)
    assert join_lines(lines[:2], copy) == "สำนักงานเขต และระบบระบายน้ำในพื้นที่ให้มีคุณภาพอย่างต่อเนื่อง สำนักงาน"
    assert not copy.breaks_words
    between = [line("สำนักงานเขต และระบบระบายน้ำในพื้นที่", RIGHT - 25), line("ให้มีคุณภาพอย่างต่อเนื่องตลอดไป สำนักงาน", 900, 2),
               line(FULL, RIGHT, 3), line("เพื่อพัฒนาพื้นที่ให้มีคุณภาพ", 1000, 4)]
    copy = printed_copy(between)
    assert join_lines(between[:2], copy).startswith("สำนักงานเขต และระบบระบายน้ำในพื้นที่ให้มี")  # evidence: joined
    assert not copy.breaks_words  # but the phrase is longer than a line: cut at the margin, as any print cuts it
    assert not printed_copy([line(WRAPPED, RIGHT - 40), line("ร่วมกับโรงเรียน", 900, 2), line(FULL, RIGHT, 3)]).breaks_words


def test_a_line_that_left_room_for_the_next_word_shows_a_print_that_breaks_only_at_spaces():
    """Short of the margin by more than the next word, less than its phrase: a word
    processor would have set the word there; a print breaking at spaces could not set
    the phrase. A next line opening with a label starts a field instead."""
    text = "กรุงเทพมหานคร มีนโยบายพัฒนาให้มีคุณภาพ"
    letters = len(text) - 6  # that take room along the line: its six marks take none
    short = int(9.5 * (RIGHT - 200) / (letters + 9.5))  # room for "ต่อเนื่อง" (6) and a space, not "ต่อเนื่องยาวนาน" (12)
    lines = [line(text, RIGHT - short), line("ต่อเนื่องยาวนาน สำนักงานเขต", 900, 2), line(FULL, RIGHT, 3),
             line(FULL, RIGHT, 4)]
    printed = printed_copy(lines)
    assert printed.breaks_at_spaces and not printed.breaks_words and printed.possible_wraps == ()
    labelled = [lines[0], line("รหัสโครงการ : 50603127-8653", 900, 2), *lines[2:]]
    assert not printed_copy(labelled).breaks_at_spaces
    roomy = int(14 * (RIGHT - 200) / (letters + 14))  # room for "ความก้าวหน้า" (10) and a space, not its phrase (16)
    words = [line(text, RIGHT - roomy), line("ความก้าวหน้าของงาน สำนักงานเขต", 900, 2), *lines[2:]]
    assert printed_copy(words).breaks_at_spaces
    figures = [words[0], line("ความก้าวหน้าของงานฯ = 40.00 % : งบประมาณที่เบิกใช้", 900, 2), *lines[2:]]  # a row's
    assert not printed_copy(figures).breaks_at_spaces
    title = "1.3 หลักการและเหตุผล"  # a heading ends where its text does; short of the margin as the line above
    short_of_title = int(9.5 * (RIGHT - 200) / (len(title) - 2 + 9.5))
    assert printed_copy([line(title.replace("1.3 ", "ก "), RIGHT - short_of_title), *lines[1:]]).breaks_at_spaces
    assert not printed_copy([line(title, RIGHT - short_of_title), *lines[1:]]).breaks_at_spaces
    garbled = [lines[0], line("ต่อเนอืงยาวนาน สำนักงานเขต", 900, 2), *lines[2:]]  # "ต่อ" then no word: a fragment
    assert not printed_copy(garbled).breaks_at_spaces
    six = int(6 * (RIGHT - 200) / (letters + 6))  # room for "โล" (2) and a space, not the phrase
    misread = [line(text, RIGHT - six), line("โลก็จกรรมร่วมกับ สำนักงานเขต", 900, 2), *lines[2:]]  # "โล" "ก็", no word
    assert not printed_copy(misread).breaks_at_spaces


def test_a_line_end_nothing_explains_is_a_possible_wrap():
    lines = [line("กรุงเทพมหานคร มีนโยบายพัฒนาการจัดกิจกรรม", RIGHT), line("ร่วมกับ โรงเรียน", 900, 2),
             line(FULL, RIGHT, 3)]
    printed = printed_copy(lines)
    assert not printed.breaks_at_spaces and not printed.breaks_words
    assert printed.possible_wraps == ("จัดกิจกรรม ร่วมกับ",)


def test_a_line_end_after_a_short_word_nothing_explains_is_a_possible_wrap_too():
    """"มี" takes the room of one letter; the wrap before "ผู้เข้าร่วม" is as much a guess
    as any. A consonant alone ("ณ") stays out: the two words glued stand inside others."""
    lines = [line("ดำเนินการจัดกิจกรรมครั้งที่ 2 มี", RIGHT - 40), line("ผู้เข้าร่วม 200 คน เรียบร้อยแล้ว", 900, 2),
             line(FULL, RIGHT, 3)]
    assert printed_copy(lines).possible_wraps == ("มี ผู้เข้าร่วม",)
    at = [line("จัดประชุม ณ", RIGHT - 40), line("ห้องประชุมใหญ่ ชั้น 2", 900, 2), line(FULL, RIGHT, 3)]
    assert printed_copy(at).possible_wraps == ()  # "ณห้องประชุม" stands inside "งบประมาณห้องประชุม"
    toned = [line("จัดประชุม ก่", RIGHT - 40), line("ห้องประชุมใหญ่ ชั้น 2", 900, 2), line(FULL, RIGHT, 3)]
    assert printed_copy(toned).possible_wraps == ()  # a tone mark makes no syllable


def test_a_copy_records_which_line_ends_its_text_joins_with_a_space_and_which_without():
    lines = [line("กรุงเทพมหานครมีนโยบายพัฒนาให้มีคุณภาพอย่าง", RIGHT - 10), line("ต่อเนื่อง สำนักงานเขต", 900, 2),
             line("1. เพื่อพัฒนาทางเท้า", 1200, 3), line("ของโรงเรียน", 700, 4), line(FULL, RIGHT, 5)]
    printed = printed_copy(lines)
    assert printed.joined_ends == ("อย่าง ต่อเนื่อง",)
    assert printed.spaced_ends == ("ทางเท้า ของ", "โรงเรียน สำนักงานเขต")
    assert (printed.sure_joins, printed.sure_spaces) == (printed.joined_ends, printed.spaced_ends)  # no guess


def test_a_possible_wrap_is_no_sure_line_end_and_a_paragraphs_end_with_the_same_words_is():
    """"รายงานผล|การ..." ends near the margin (a possible wrap); "ติดตามผล" ends a
    paragraph far short of it: both keyed "ผล การ", only the second is sure."""
    lines = [line("กรุงเทพมหานคร จัดประชุมคณะทำงานเพื่อรายงานผล", RIGHT), line("การดำเนินงาน ติดตามผล", 900, 2),
             line("การดำเนินงานของโรงเรียน", 1200, 3), line(FULL, RIGHT, 4)]
    printed = printed_copy(lines)
    assert printed.possible_wraps == ("ผล การ",)
    assert "ผล การ" in printed.sure_spaces and "ผล การ" in printed.spaced_ends
    alone = printed_copy([lines[0], line("การดำเนินงาน", 900, 2), lines[3]])
    assert alone.possible_wraps == ("ผล การ",) and "ผล การ" not in alone.sure_spaces


def test_a_pages_last_line_wraps_into_the_next_pages_first_as_into_the_next_line():
    """A phrase cut at the margin of a page's last line goes on at the top of the next
    page (its header left out): the same margin says so. A page further on, or another
    file, is no continuation; and where a word-breaking print may have broken at a page's
    end, the place is doubted as any line end."""
    pages = [line("ให้มีคุณภาพอย่าง", RIGHT), line(FULL, RIGHT, 3), line("ต่อเนื่อง", 900, 2, page=2)]
    ordered = [pages[1], pages[0], pages[2]]
    assert join_lines(ordered[1:], printed_copy(ordered)) == "ให้มีคุณภาพอย่างต่อเนื่อง"
    skipped = [pages[1], pages[0], line("ต่อเนื่อง", 900, 2, page=3)]
    assert join_lines(skipped[1:], printed_copy(skipped)) == "ให้มีคุณภาพอย่าง ต่อเนื่อง"
    guess = [line("โครงการได้รับอนุมัติแล้ว และจัดสรรงบประมาณให้", RIGHT - 40, 30),
             line("โรงเรียนวัดดอนเมือง", 900, 2, page=2)]
    copy = printed_copy(_word_breaking_copy(*guess))
    assert copy.breaks_words and "ให้ โรงเรียน" in copy.unconfirmed_spaces


def test_a_line_that_opens_with_paiyannoi_continues_the_word_before_it():
    """A print that breaks lines between words carried "ฯ" over alone: it ends the word
    before it ("โครงการฯ"), whatever the margin says; "ฯลฯ" stands apart."""
    copy = printed_copy([line("อยู่ระหว่างขั้นตอนขออนุมัติโครงการ", 1500, 5), line("ฯ", 300, 6)])
    assert join_lines([line("อยู่ระหว่างขั้นตอนขออนุมัติโครงการ", 1500, 5), line("ฯ", 300, 6)], copy) == \
        "อยู่ระหว่างขั้นตอนขออนุมัติโครงการฯ"
    etc = [line("จัดซื้อวัสดุ อุปกรณ์", 1500, 5), line("ฯลฯ", 300, 6)]
    assert join_lines(etc, printed_copy(etc)) == "จัดซื้อวัสดุ อุปกรณ์ ฯลฯ"
    excellency = [line("โดยมี", 600, 5), line("ฯพณฯ นายกรัฐมนตรี เป็นประธาน", 1300, 6)]
    assert join_lines(excellency, printed_copy([*excellency, line(FULL, RIGHT, 7)])).startswith("โดยมี ฯพณฯ")
    ended = [line("อยู่ระหว่างขั้นตอนขออนุมัติโครงการ", 1000, 5), line("ฯ", 300, 6)]  # short of the margin: the mark all the same
    assert join_lines(ended, printed_copy([*ended, line(FULL, RIGHT, 7)])).endswith("โครงการฯ")
    next_page = [line("อยู่ระหว่างขั้นตอนขออนุมัติโครงการ", 1500, 5), line("ฯ", 300, 1, page=2)]
    assert join_lines(next_page, printed_copy(next_page)).endswith("โครงการฯ")  # carried over to the next page
    further = [line("อยู่ระหว่างขั้นตอนขออนุมัติโครงการ", 1500, 5), line("ฯ", 300, 1, page=3)]
    assert join_lines(further, printed_copy(further)).endswith("โครงการ ฯ")


def test_a_ragged_right_edge_still_shows_the_margin_but_one_wide_line_does_not():
    """A print that breaks lines between words ends them ragged: the longest line runs to
    the margin and the next longest stop a short word before it. One line far wider
    than every other (a table's row) shows no margin, and nor do two lines a few
    characters apart with no third near them: both may stop short of it."""
    text = "กรุงเทพมหานครมีนโยบายพัฒนาสุขภาพของผู้สูงอายุ"
    char = (RIGHT - 200) / (len(text) - 3)  # three marks take no room
    ragged = [line(text, RIGHT), line(text, int(RIGHT - 3 * char), 2), line(text, int(RIGHT - 3.5 * char), 3),
              line("ต่อเนื่อง", 900, 4)]
    assert right_margins(ragged)[("scan.pdf", 1)].reach == RIGHT
    assert join_lines([line(text, RIGHT), line("ต่อเนื่อง", 900, 4)], printed_copy(ragged)) == text + "ต่อเนื่อง"
    two = [line(text, RIGHT), line(text, int(RIGHT - 3 * char), 2), line("ต่อเนื่อง", 900, 3)]
    assert right_margins(two) == {}
    wide = [line(text, RIGHT), line(text, int(RIGHT - 6 * char), 2), line(text, int(RIGHT - 6 * char), 3),
            line("ต่อเนื่อง", 900, 4)]
    assert right_margins(wide) == {}


def test_the_phrases_a_copy_ends_with_paiyannoi_are_known_with_the_mark_carried_to_the_next_line():
    lines = [line("อยู่ระหว่างขั้นตอนขออนุมัติโครงการ", RIGHT, 1), line("ฯ", 300, 2),
             line("สำนักงานเขตในกรุงเทพฯ จัดซื้อวัสดุ ฯลฯ", 1500, 3)]
    assert printed_copy(lines).phrases_marked() == ("สำนักงานเขตในกรุงเทพ", "อยู่ระหว่างขั้นตอนขออนุมัติโครงการ")


def test_a_section_s_last_line_does_not_run_into_the_next_section_on_the_next_page():
    """The heading of the next section, at the top of the next page, is left out of the
    sections; the two sections' lines are no line end, on one page or across two, and a
    paragraph's end before it says nothing of where the print breaks lines."""
    text = "กรุงเทพมหานคร มีนโยบายพัฒนาให้มีคุณภาพ"  # a paragraph's end, short of the margin
    short = int(9.5 * (RIGHT - 200) / (len(text) - 6 + 9.5))
    first = [line(FULL, RIGHT, 2), line("โครงการได้รับอนุมัติแล้ว และจัดสรรงบประมาณให้", RIGHT - 40, 3),
             line("โรงเรียนวัดดอนเมือง", 900, 4), line(FULL, RIGHT, 5), line(text, RIGHT - short, 6)]
    second = [line("ต่อเนื่องยาวนาน สำนักงานเขต", 900, 3, page=2)]
    copy = printed_copy(first, second)
    assert not copy.breaks_at_spaces and "ให้ โรงเรียน" in copy.possible_wraps


def test_a_guessed_line_end_whose_first_word_opens_a_phrase_is_recorded_so():
    lines = [line("มอบรางวัลและจัดนิทรรศการ คัดเลือก", RIGHT), line("ครูดีเด่น ประจำปี", 900, 2), line(FULL, RIGHT, 3)]
    printed = printed_copy(lines)
    assert printed.possible_wraps == ("คัดเลือก ครู",) and printed.opening_guesses == ("คัดเลือก ครู",)
    inside = printed_copy([line("มอบรางวัลและจัดนิทรรศการ ประกวดคัดเลือก", RIGHT), *lines[1:]])
    assert inside.possible_wraps == ("คัดเลือก ครู",) and inside.opening_guesses == ()
