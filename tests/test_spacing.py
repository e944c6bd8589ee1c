"""pipeline/spacing.py: copies that read a stretch alike but for its spaces, gap by gap."""

import pytest

from pipeline.channel import load_channel
from pipeline.document import FieldVoter
from pipeline.model import Reading, Where
from pipeline.spacing import same_but_spacing, vote_spacing

W = Where("t", 1, 1)


@pytest.fixture(scope="module")
def channel():
    return load_channel()


def test_only_texts_that_differ_in_their_spaces_alone_are_voted_so():
    assert same_but_spacing(["และ ประเมิน", "และประ เมิน", "และประเมิน"])
    assert same_but_spacing([" ", ""])
    assert not same_but_spacing(["และประเมิน", "และประเมิน"])
    assert not same_but_spacing(["และ ประเมิน", "และประเมิณ"])


def test_a_space_each_copy_put_somewhere_else_is_printed_nowhere(channel):
    text, sure = vote_spacing(["และ ประเมิน", "และประ เมิน", "และประเมิน"], [0.93, 0.93, 0.92], channel)
    assert text == "และประเมิน" and sure > 0.99


def test_two_copies_with_a_space_outvote_one_without_where_ocr_seldom_reads_one(channel):
    text, sure = vote_spacing(["ประเมิน ผล", "ประเมิน ผล", "ประเมินผล"], [0.9, 0.9, 0.9], channel)
    assert text == "ประเมิน ผล" and sure > 0.9


def test_a_space_most_copies_read_after_sara_a_between_thai_words_is_not_printed_or_not_sure(channel):
    """Tesseract reads a space after SARA A (ะ) where glyphs stand apart far more often
    than after a consonant, and copies of one print do so alike; Thai sets two words
    together far more often than apart. Two copies of three reading "และ สรุป" are no
    print of a space; three of four leave it a tie, in need of review."""
    text, sure = vote_spacing(["และ สรุป", "และ สรุป", "และสรุป"], [0.9, 0.9, 0.9], channel)
    assert text == "และสรุป" and sure > 0.8
    assert vote_spacing([" ", "", " "], [0.9, 0.9, 0.9], channel, "ะ", "ส")[0] == ""  # the stretch the space alone
    assert vote_spacing(["และ สรุป"] * 3 + ["และสรุป"], [0.9] * 4, channel)[1] < 0.6


def test_a_copy_against_a_copy_reads_no_space_ocr_inserts_more_often_than_it_drops(channel):
    assert channel.counts[("", " ")] > channel.counts[(" ", "")]  # learned from Tesseract's reading of print
    text, sure = vote_spacing([" ", ""], [0.94, 0.93], channel)
    assert text == "" and 0.6 < sure < 0.8
    assert vote_spacing(["ก ข", " กข"], [0.9, 0.9], channel)[0] == "กข"


def test_a_free_text_field_whose_copies_each_put_a_space_elsewhere_comes_out_right(template, dictionary):
    """No copy's reading of the stretch holds most copies, so weights alone keep one
    copy's stray space; gap by gap, none has a space."""
    truth = "ติดตามและประเมินผลการดำเนินงานร่วมกับ นายสนุก แสนสุข ผู้ประสานงาน"
    copies = [truth.replace("และ", "และ "), truth.replace("และประ", "และประ "), truth]
    readings = [Reading("principle", c, c, f"w{i}", W, w) for i, (c, w) in enumerate(zip(copies, (0.94, 0.93, 0.92)))]
    res = FieldVoter(template, dictionary).vote("principle", readings)
    assert res.value == truth and not res.needs_review
    assert [d.rule for d in res.disputes] == ["lm"]
    assert FieldVoter(template, dictionary, use_lm=False).vote("principle", readings).value == copies[0]


def test_a_space_after_a_stretch_in_dispute_is_voted_without_the_letters_chosen_there(template, dictionary):
    """An italic face read "ที่" twice, a ghost before it ("กิจกรรมท ที่", "กิจกรรมที ที่"), and a
    third copy once: the ghost's stretch is voted first, and its choice ("ที") is no
    context for the space after it, which goes with the ghost; the word read twice across
    the space is then read once."""
    truth = "และเตรียมการจัดกิจกรรมที่ โรงเรียนวัดดอนเมือง"
    copies = [truth.replace("ที่ ", "ท ที่ "), truth.replace("ที่ ", "ที ที่ "), truth]
    readings = [Reading("narrative", c, c, f"w{i}", W, w) for i, (c, w) in enumerate(zip(copies, (0.92, 0.94, 0.89)))]
    assert FieldVoter(template, dictionary).vote("narrative", readings).value == truth
