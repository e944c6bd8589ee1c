"""A document's own spellings: a word every copy of one field misread into another real
word is read as the rest of the document reads it between the same neighbours."""

from __future__ import annotations

import pytest

from pipeline.channel import load_channel
from pipeline.correct import Corrector
from pipeline.lm import LanguageModel
from pipeline.spellings import Spellings

PRINCIPLE = "กรุงเทพมหานครมีนโยบายพัฒนาทางเท้าและระบบระบายน้ำในพื้นที่ให้มีคุณภาพ"
OBJECTIVE = "เพื่อพัฒนาทางเท้าและระบบระบายน้ำในพื้นที่"


@pytest.fixture(scope="module")
def corrector() -> Corrector:
    return Corrector(LanguageModel(), load_channel())


def test_a_real_word_every_copy_of_one_field_misread_takes_the_documents_spelling(corrector):
    """"นำ" and "น้ำ" are both words (a unigram model cannot choose); three copies of the
    principle and of the objectives read "ระบาย" "น้ำ", the project name's copies "นำ"."""
    name = "โครงการปรับปรุงทางเท้าและระบบระบายนำ"
    spellings = Spellings([PRINCIPLE, OBJECTIVE] * 3 + [name] * 3, corrector)
    assert spellings.respell(name) == "โครงการปรับปรุงทางเท้าและระบบระบายน้ำ"


def test_a_word_no_copy_read_is_never_the_documents_spelling(corrector):
    """"นำ" read by every copy between "ที่" and "มา", and "น้า" (a misread "น้ำ") between
    the same two words elsewhere: two words, each read one way; "น้ำ", which the channel
    finds likeliest under both but no copy read, is no spelling of the document's."""
    right = "โดยนำข้อมูลที่นำมาใช้ในการวางแผน"
    spellings = Spellings([right] * 3 + ["เฝ้าระวังในช่วงที่น้ามาถึงชุมชน"] * 3, corrector)
    assert spellings.respell(right) == right


def test_a_word_that_shares_one_neighbour_with_another_words_misreadings_is_left_alone(corrector):
    """"นำ" read by every copy after "เพื่อ" and "น้า" (a misread "น้ำ") after "ระบาย", both
    before "ไป": two words, each read one way between its own neighbours, not two
    misreadings of a third."""
    right = "เพื่อนำไปใช้ในการพัฒนา"
    spellings = Spellings([right] * 3 + ["ระบบระบายน้าไปยังคลอง"] * 3, corrector)
    assert spellings.respell(right) == right


def test_a_word_read_so_between_other_neighbours_is_left_alone(corrector):
    """"นำ" after "เพื่อ" is the document's own word: "น้ำ" is read only after "ระบาย"."""
    phrase = "เพื่อนำไปสู่การพัฒนา"
    assert Spellings([PRINCIPLE, OBJECTIVE] * 3 + [phrase], corrector).respell(phrase) == phrase


def test_a_spelling_the_document_does_not_read_clearly_more_often_is_not_taken(corrector):
    name = "โครงการปรับปรุงทางเท้าและระบบระบายนำ"
    spellings = Spellings([PRINCIPLE, name, name], corrector)
    assert spellings.respell(name) == name


def test_a_mark_the_document_mostly_lost_is_not_taken_off_where_a_copy_read_it(corrector):
    """OCR drops marks, it seldom adds them: "ที่" read once among five "ที" is the print."""
    texts = ["จัดกิจกรรมที โรงเรียน"] * 5 + ["จัดกิจกรรมที่ โรงเรียน"]
    assert Spellings(texts, corrector).respell("จัดกิจกรรมที่") == "จัดกิจกรรมที่"


def test_the_channel_not_the_count_decides_a_lost_mark(corrector):
    """Seven readings lost the tone mark, five kept it: a tone mark dropped is common, one
    added is not, so the print had it."""
    name = "โครงการปรับปรุงทางเท้าและระบบระบายนำ"
    texts = [name] * 3 + ["ระบบระบายนำในพื้นที่"] * 4 + [PRINCIPLE] * 5
    assert Spellings(texts, corrector).respell(name) == "โครงการปรับปรุงทางเท้าและระบบระบายน้ำ"


def test_a_reading_no_lexicon_holds_takes_the_spelling_the_document_reads_there(corrector):
    """"นั้า" is no word: SARA AM read as two vowels around the tone mark. The channel
    cannot tell "น้ำ" from "นำ" in it, and the commoner "นำ" would win alone; the
    document reads "น้ำ" between the same neighbours. No direction of misreading is to
    be weighed: a text that is no word was not printed."""
    texts = [PRINCIPLE, OBJECTIVE, "ระบบระบายนั้าในพื้นที่"]
    assert Spellings(texts, corrector).respell("ระบบระบายนั้าในพื้นที่") == "ระบบระบายน้ำในพื้นที่"


def test_a_word_misread_into_a_real_word_by_two_slips_takes_the_documents_spelling(corrector):
    """"น่า" for "น้ำ" (the tone mark read as another, SARA AM lost): as a whole-word swap
    it is as likely either way, but as slips OCR makes it one way far more readily, and
    the rest of the document reads "ระบาย" "น้ำ"."""
    name = "โครงการปรับปรุงทางเท้าและระบบระบายน่า"
    spellings = Spellings([PRINCIPLE, OBJECTIVE] * 3 + [name] * 3, corrector)
    assert spellings.respell(name) == "โครงการปรับปรุงทางเท้าและระบบระบายน้ำ"


def test_a_space_the_document_reads_nowhere_else_between_the_same_words_is_taken_out(corrector):
    """Three copies of one objective read a space after "และ" (a wide glyph gap, a wrap);
    the principle and the other objective read "ทางเท้าและระบบ" together, after the same
    word: the space is OCR's. Read together once only, it stays."""
    spaced = "เพื่อพัฒนาทางเท้าและ ระบบระบายน้ำในพื้นที่"
    spellings = Spellings([PRINCIPLE, OBJECTIVE] * 2 + [spaced] * 3, corrector)
    assert spellings.read_joined("เพื่อพัฒนาทางเท้าและ", "ระบบระบายน้ำในพื้นที่")
    assert not Spellings([PRINCIPLE] + [spaced] * 3, corrector).read_joined("เพื่อพัฒนาทางเท้าและ", "ระบบระบายน้ำในพื้นที่")


def test_two_words_a_print_sets_apart_in_one_sentence_and_together_in_another_keep_their_space(corrector):
    """The seed's real report prints "จัดนิทรรศการ คัดเลือก ครูดีเด่น" and elsewhere
    "ประกวดคัดเลือกครูดีเด่น": readings together count only after the same word."""
    texts = ["ดำเนินการจัดนิทรรศการ คัดเลือก ครูดีเด่น และประกวด"] * 3 + ["ดำเนินการจัดประกวดคัดเลือกครูดีเด่นภายในเครือข่าย"] * 5
    assert not Spellings(texts, corrector).read_joined("คัดเลือก", "ครูดีเด่น", "ดำเนินการจัดนิทรรศการ")


def test_a_space_is_judged_only_against_printings_read_by_every_copy_and_only_where_read(corrector):
    """Three copies of the document: the two words read together in one printed place
    (three readings) are one printing, not enough; and a text the document's texts do
    not hold (an agency, which is no free text) has no readings apart to weigh."""
    spaced = "เพื่อพัฒนาทางเท้าและ ระบบระบายน้ำในพื้นที่"
    once = Spellings([OBJECTIVE] * 3 + [spaced] * 2, corrector, copies=3)
    assert not once.read_joined("เพื่อพัฒนาทางเท้าและ", "ระบบระบายน้ำในพื้นที่")
    twice = Spellings([OBJECTIVE, PRINCIPLE] * 3 + [spaced] * 2, corrector, copies=3)
    assert twice.read_joined("เพื่อพัฒนาทางเท้าและ", "ระบบระบายน้ำในพื้นที่")
    assert not Spellings([OBJECTIVE, PRINCIPLE] * 3, corrector, copies=3).read_joined(
        "เพื่อพัฒนาทางเท้าและ", "ระบบระบายน้ำในพื้นที่")


def test_a_rare_word_where_the_document_reads_a_common_one_between_the_same_words_takes_it(corrector):
    """Every copy lost "ระ" of "ระบบ" in one sentence: "บบ" is a rare lexicon word, of
    another skeleton than "ระบบ", which the document reads between "และ" and "ระบาย"
    everywhere else. A common word between other neighbours is the document's own word
    and stays."""
    lost = "โครงการปรับปรุงทางเท้าและบบระบายน้ำ"
    spellings = Spellings([PRINCIPLE, OBJECTIVE] * 3 + [lost] * 3, corrector)
    assert spellings.respell(lost) == "โครงการปรับปรุงทางเท้าและระบบระบายน้ำ"
    common = "เพื่อพัฒนาทางเท้าและถนนระบายน้ำ"
    assert Spellings([PRINCIPLE, OBJECTIVE] * 3 + [common] * 3, corrector).respell(common) == common


def test_one_phrase_read_two_wrong_ways_takes_the_word_that_explains_both(corrector):
    """The document prints "ระบบระบายน้ำใน..." more than once; a face that loses SARA AM's
    circle now and then and the tone mark now and then reads "น้า" in some printings and
    "นำ" in others, "น้ำ" in none. Read between the same words, the two readings are one
    word misread: the word the channel finds likeliest to give both is its spelling."""
    lost_mark = "เพื่อพัฒนาทางเท้าและระบบระบายนำในพื้นที่"
    spellings = Spellings([lost_mark] * 3 + [PRINCIPLE.replace("น้ำ", "น้า")] * 3, corrector)
    assert spellings.respell(lost_mark) == OBJECTIVE
