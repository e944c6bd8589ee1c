"""The Thai word language model, the learned OCR channel and the decision between them."""

from __future__ import annotations

import json
import math
import pickle
from collections import Counter

import pytest

from pipeline.channel import (COPY_CORRELATION_FILE, DATA_FILE, GAP, GAP_MIN_PRINTED, MOVED, OTHER, SPACED,
                              SPACED_MIN_PLACES, STACKED_MIN_PRINTED, Channel, edit_ops, gap_steps, load_channel, load_copy_correlation, moved_steps,
                              stacked_steps, table_rows, thai_gaps)
from pipeline.correct import Corrector, effective_copies
from pipeline.lm import FOREIGN_CHAR, UNKNOWN_CLUSTER, LanguageModel


@pytest.fixture(scope="module")
def lm(dictionary) -> LanguageModel:
    return LanguageModel([e for kind in dictionary.entries.values() for e in kind])


@pytest.fixture(scope="module")
def channel() -> Channel:
    return load_channel()


@pytest.fixture(scope="module")
def corrector(lm, channel) -> Corrector:
    return Corrector(lm, channel)


def test_one_known_word_beats_two_glued_together(lm):
    assert lm.score("เครือข่าย").words == ("เครือข่าย",)
    assert lm.score("เครื่องข่าย").words == ("เครื่อง", "ข่าย")
    assert lm.score("เครือข่าย").logp > lm.score("เครื่องข่าย").logp + 5


def test_a_dictionary_entry_of_several_words_is_one_word(lm):
    assert lm.score("สำนักงานเขตดุสิต").words == ("สำนักงานเขตดุสิต",)
    assert lm.score("สำนักงานเขตดุสิต").logp > lm.score("สำนักงานเขตดูสิต").logp


def test_unknown_clusters_and_foreign_letters_cost_digits_and_punctuation_do_not(lm):
    seg = lm.score("ฆฆฆ")
    assert seg.unknown == 3 and seg.logp == pytest.approx(3 * UNKNOWN_CLUSTER)
    assert lm.score("การ 90,000 (1.5%)").logp == lm.score("การ").logp
    assert lm.score("การ Saville").logp == pytest.approx(lm.score("การ").logp + 7 * FOREIGN_CHAR)


def test_a_lone_letter_neither_helps_nor_hurts_a_text(lm):
    """OCR reads specks as lone letters: the model must not prefer the copy that has one."""
    assert lm.score("เข้มแข็ง น มี").relative == pytest.approx(lm.score("เข้มแข็ง มี").relative)
    assert lm.score("พ.ศ. 2545").relative == pytest.approx(lm.score("พ.ค. 2545").relative)


def test_the_marks_written_after_a_word_neither_help_nor_hurt_it(lm, corrector):
    """ฯ (a name cut short) and ๆ (a repeat) are no misreading; OCR loses them and reads them
    as digits, so the copies, not the model, decide whether one was printed."""
    assert lm.score("โครงการฯ").relative == pytest.approx(lm.score("โครงการ").relative)
    assert lm.score("ดีๆ").relative == pytest.approx(lm.score("ดี").relative)
    readings = [("ขออนุมัติโครงการฯ", 1.0), ("ขออนุมัติโครงการ", 1.0), ("ขออนุมัติโครเการ1", 1.0)]
    best = corrector.rank(["ขออนุมัติโครงการฯ", "ขออนุมัติโครงการ"], readings)[0]
    assert best.posterior < 0.6  # no reason to drop the mark: a tie the copies left, for a person


def test_the_relative_score_does_not_favour_a_text_for_being_shorter(lm):
    assert lm.score("ดำเนินการจัดกิจกรรม").logp < lm.score("ดำเนินการ").logp
    assert lm.score("ดำเนินการจัดกิจกรรม").relative > lm.score("ดำเนินการ").relative


def test_the_model_pickles_without_its_cache(lm):
    lm.score("ดำเนินการ")
    clone = pickle.loads(pickle.dumps(lm))
    assert clone.score("ดำเนินการ") == lm.score("ดำเนินการ")


def test_edit_ops_list_kept_substituted_dropped_and_inserted_characters():
    assert edit_ops("ชม", "ซม") == [("ช", "ซ"), ("ม", "ม")]
    assert edit_ops("มั่น", "มัน") == [("ม", "ม"), ("ั", "ั"), ("่", ""), ("น", "น")]
    assert edit_ops("กา", "ก่า") == [("ก", "ก"), ("", "่"), ("า", "า")]


def test_table_rows_smooth_and_sum_to_one_per_printed_character():
    edits = Counter({("ช", "ช"): 90, ("ช", "ซ"): 10, ("", "่"): 2})
    rows = table_rows(edits, Counter({"ช": 100}))
    mass = sum(math.exp(p) for a, b, _, p in rows if a == "ช" and b != OTHER)
    unseen = next(p for a, b, _, p in rows if a == "ช" and b == OTHER)
    assert mass + math.exp(unseen) * 100 == pytest.approx(1.0)
    channel = Channel(rows)
    assert channel.log_prob("ซม", "ชม") < channel.log_prob("ชม", "ชม")


def test_a_mark_stacked_on_another_is_counted_again_with_it_as_one():
    assert stacked_steps("น้ำ", "น้า") == [("\u0e49\u0e33", "\u0e49\u0e32")]
    assert stacked_steps("น้ำ", "นำ") == [("\u0e49\u0e33", "\u0e33")]
    assert stacked_steps("ที่", "ทิ") == [("\u0e35\u0e48", "\u0e34")]
    assert stacked_steps("ดำ", "ดา") == []  # SARA AM under no mark
    assert stacked_steps("ก้า", "ก้า") == []  # SARA AA is written on the line


def _stacked_table(times_printed: int) -> Channel:
    """A table where SARA AM and MAI THO alone are always read as printed and, stacked,
    the pair is read as printed half the time, SARA AM as SARA AA a quarter and the tone
    mark lost a quarter, never both."""
    half, quarter = times_printed // 2, times_printed // 4
    edits = Counter({("ำ", "ำ"): 1000 + half + quarter, ("ำ", "า"): quarter, ("้", "้"): 500 + half + quarter,
                     ("้", ""): quarter, ("้ำ", "้ำ"): half, ("้ำ", "้า"): quarter, ("้ำ", "ำ"): quarter})
    printed = Counter({"ำ": 1000 + times_printed, "้": 500 + times_printed, "้ำ": times_printed})
    return Channel(table_rows(edits, printed))


def test_a_stacked_pair_is_judged_as_one_where_it_was_printed_often_enough():
    channel = _stacked_table(STACKED_MIN_PRINTED * 4)
    assert channel.log_prob("น้ำ", "น้ำ") == pytest.approx(math.log(0.5), abs=0.05)
    assert channel.log_prob("น้า", "น้ำ") == pytest.approx(math.log(0.25), abs=0.05)
    assert channel.log_prob("นำ", "น้ำ") == pytest.approx(math.log(0.25), abs=0.05)  # not the two slips' product
    assert channel.log_prob("ดา", "ดำ") < channel.log_prob("น้า", "น้ำ") - 2  # alone, SARA AM is seldom misread
    rare = _stacked_table(STACKED_MIN_PRINTED // 2)
    assert "้ำ" not in rare.stacked
    assert rare.log_prob("นำ", "น้ำ") == pytest.approx(rare.step("้", "") + rare.step("ำ", "ำ"), abs=0.01)
    assert pickle.loads(pickle.dumps(channel)).log_prob("น้า", "น้ำ") == channel.log_prob("น้า", "น้ำ")


def test_a_mark_read_on_the_wrong_letter_is_counted_as_moved():
    assert moved_steps("ประชุม", "ประชมุ")[0] == [("ุ" + MOVED, MOVED + "ุ")]  # after the next letter
    assert moved_steps("จัดกิจกรรม", "จดักจิกรรม")[0] == [("ั" + MOVED, MOVED + "ั"), ("ิ" + MOVED, MOVED + "ิ")]
    assert moved_steps("สร้าง", "ส้ราง")[0] == [(MOVED + "้", "้" + MOVED)]  # before its own letter
    assert moved_steps("อยู่ระหว่าง", "อยรูะหวาง")[0] == [("ู" + MOVED, MOVED + "ู")]  # and the tone marks lost
    assert moved_steps("มั่น", "มัน")[0] == [] and moved_steps("ชุม", "ซุม")[0] == []
    assert moved_steps("ร่วมกับ", "ร่วมกับ")[1] == Counter({"่" + MOVED: 1, MOVED + "่": 1, "ั" + MOVED: 1,
                                                          MOVED + "ั": 1})


def test_a_space_read_where_none_was_printed_is_counted_after_the_character_it_follows():
    steps, places = gap_steps("และสรุป ผล", "และ สรุป ผล")
    assert steps == [("ะ" + GAP, " ")]
    assert places["ะ" + GAP] == 1 and places["ป" + GAP] == 0  # a printed space is no place to insert one
    assert sum(places.values()) == len("และสรุป") - 1 + len("ผล") - 1
    assert gap_steps("และสรุป", "และสรุป")[0] == []
    spaces, places = thai_gaps(["และ สรุป 25 ผล", "ครู"])
    assert spaces == Counter({"ะ" + SPACED: 1}) and places["ะ" + SPACED] == 1
    assert sum(places.values()) == 1 + 6 + 2  # between Thai letters only


def test_a_space_read_after_a_character_costs_its_row_drawn_towards_the_rate_over_all():
    """SARA A followed by a space read 10 times in 200 printings, NO NU by none in 2,000:
    each its own rate, NO NU's below the rate over all places (not above it, as smoothing
    towards one half of a count would make a character seldom printed). The prior of a
    printed space between Thai letters is counted the same way, after each character."""
    edits = Counter({("ะ" + GAP, " "): 10, ("ะ", "ะ"): 200, ("น", "น"): 2000, (" ", " "): 300,
                     ("์" + SPACED, " "): 30})
    printed = Counter({"ะ" + GAP: 200, "น" + GAP: 2000, "ก" + GAP: GAP_MIN_PRINTED // 2, "ะ": 200, "น": 2000,
                       " ": 300, "์" + SPACED: 100, "น" + SPACED: 2900, "ก" + SPACED: SPACED_MIN_PLACES - 1})
    channel = Channel(table_rows(edits, printed))
    overall = math.log(10.5 / 2251)
    assert channel.space_inserted("ะ") > overall + 1.5 > channel.space_inserted("น") + 1.5
    assert channel.space_inserted("ก") == pytest.approx(overall)  # too few printings: the rate over all places
    share = 30.5 / 3020
    assert channel.space_between("ก", "ส") == pytest.approx(share)
    assert channel.space_between("์", "ส") == pytest.approx(30.5 / (100 + 0.5 / share))
    assert channel.space_between("น", "ส") < share < channel.space_between("์", "ส")
    assert channel.space_between("1", "ส") == channel.space_share
    assert pickle.loads(pickle.dumps(channel)).space_between("์", "ส") == channel.space_between("์", "ส")


def test_the_shipped_table_knows_ocr_reads_a_space_after_sara_a_more_often_than_after_a_consonant():
    channel = load_channel()
    assert channel.space_inserted("ะ") > channel.space_inserted("น") + 2
    assert channel.space_between("ะ", "ส") < 0.05 < channel.space_share


def _moved_table(moved: int) -> Channel:
    """A table of 1,000 printings of SARA U after a letter and before one, dropped and
    inserted 20 times each, and `moved` of them read after the next letter."""
    edits = Counter({("ุ", "ุ"): 980, ("ุ", ""): 20, ("", "ุ"): 20, ("ม", "ม"): 5000, ("ช", "ช"): 5000})
    printed = Counter({"ุ": 1000, "ม": 5000, "ช": 5000, "ุ" + MOVED: 1000, MOVED + "ุ": 1000})
    if moved:
        edits[("ุ" + MOVED, MOVED + "ุ")] = moved
    return Channel(table_rows(edits, printed))


def test_a_mark_moved_past_a_letter_costs_its_learned_row_not_two_slips():
    seen, never = _moved_table(100), _moved_table(0)
    assert seen.log_prob("ชมุ", "ชุม") == pytest.approx(math.log(100.5 / 1001), abs=0.05)
    assert never.log_prob("ชมุ", "ชุม") < seen.log_prob("ชมุ", "ชุม") - 5  # two slips where the table saw no move
    assert seen.log_prob("ชม", "ชุม") == never.log_prob("ชม", "ชุม")  # a mark lost is no move
    assert pickle.loads(pickle.dumps(seen)).log_prob("ชมุ", "ชุม") == seen.log_prob("ชมุ", "ชุม")


def test_marks_read_after_the_next_letter_are_put_back_across_words(corrector, channel):
    """The shipped table has learned marks read on the wrong letter; a proposal puts them
    back where they were printed, also where the mark landed on the next word ("ครู|ดี")."""
    assert {"ั" + MOVED, "ุ" + MOVED, "่" + MOVED} <= set(channel.moved)
    assert corrector.propose("ครดูีเด่น") == "ครูดีเด่น"
    assert corrector.propose("จดักจิกรรมรว่มกบั") == "จัดกิจกรรมร่วมกับ"
    for right in ("คัดเลือกครูดีเด่น", "ที่ประชุม", "ดำเนินการ"):
        assert corrector.propose(right) == right


def test_the_shipped_table_says_how_it_was_made_and_knows_what_tesseract_confuses(channel):
    header = [ln for ln in DATA_FILE.read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
    assert any("bench/learn_channel.py" in ln for ln in header) and any(ln.startswith("# From:") for ln in header)
    assert channel.skeleton("ซุมชน") == channel.skeleton("ชุมชน")
    assert channel.skeleton("ดาเนิน") == channel.skeleton("ดำเนิน")
    assert channel.skeleton("มัน") == channel.skeleton("มั่น")
    assert channel.skeleton("สมชาย") != channel.skeleton("สมหมาย")


def test_the_shipped_copy_correlation_says_how_it_was_made():
    stored = json.loads(COPY_CORRELATION_FILE.read_text(encoding="utf-8"))
    assert "bench/learn_copy_correlation.py" in stored["made_by"] and stored["from"]
    assert stored["characters"] > 10_000 and stored["both_misread"] > 0
    assert 0.0 < load_copy_correlation() < 1.0


def test_copies_of_one_print_weigh_as_fewer_readings_the_more_alike_they_misread():
    assert effective_copies(1, 0.4) == 1.0
    assert effective_copies(3, 0.0) == 3.0 and effective_copies(3, 1.0) == 1.0
    weights = [effective_copies(k, 0.4) for k in range(1, 50)]
    assert all(a < b for a, b in zip(weights, weights[1:]))
    assert weights[-1] < 1 / 0.4


def test_proposals_restore_lexicon_words_within_the_channels_reach(corrector):
    assert corrector.propose("ดาเนินการ") == "ดำเนินการ"
    assert corrector.propose("ซุมชน") == "ชุมชน"
    assert corrector.propose("การประชุม 15 คน") == "การประชุม 15 คน"
    assert corrector.better_than("ดำเนินการ", "ดาเนินการ")
    assert not corrector.better_than("ไม่", "ไม้")


def test_a_copy_that_kept_a_sliver_of_a_long_text_is_not_read_as_the_sliver_printed(channel):
    """The junk floor (a reading never less likely than random characters) is for what
    a copy read, not for what it lost: losing a long tail costs each character lost."""
    long = "ฯ :: ความค้าวหน้าของงานฯ = 5.00 %"
    assert channel.log_prob("ฯ", long) <= (len(long) - 1) * channel.lost_char
    junk = "กรารละลากเกรย 1นบไต"  # read where a smudge was: no reason to prefer a shorter text
    assert channel.log_prob(junk, "ขั้นตอนขออนุมัติโครงการฯ") == channel.log_prob(junk, "ขั้นตอนขออนุมัติโครงการฯ ต่อไป")


def test_latin_junk_where_thai_was_printed_costs_the_same_under_every_text(channel):
    """Junk is no word swap: it must not favour the candidate nearest it in length."""
    assert channel.log_prob(" rik มี", " น มี") == channel.log_prob(" rik มี", " มี")
    assert channel.log_prob("เครื่อง", "เครือ") > channel.log_prob("เครื่อง", "เครือ ข่าย")


def test_a_lone_letter_one_copy_read_does_not_outvote_five_without_it(corrector):
    reads = [(" มี", 1.0)] * 5 + [(" น มี", 0.94), (" rik มี", 0.93)]
    assert corrector.rank([" มี", " น มี", " rik มี"], reads, left="เข้มแข็ง", right="คุณภาพ")[0].text == " มี"


def test_one_copy_with_a_tail_the_others_lack_does_not_outvote_them(corrector):
    tail = "ฯ :: ความค้าวหน้าของงานฯ = 5.00 %"
    ranked = corrector.rank(["ฯ", tail], [("ฯ", 1.0)] * 6 + [(tail, 0.94)], left="ขออนุมัติโครงการ")
    assert ranked[0].text == "ฯ" and ranked[0].posterior > 0.99


def test_posteriors_among_candidates_sum_to_one_and_the_copies_weigh(corrector):
    ranked = corrector.rank(["เครือข่าย", "เครื่องข่าย"], [("เครือข่าย", 1.0), ("เครื่องข่าย", 1.0)])
    assert ranked[0].text == "เครือข่าย"
    assert sum(c.posterior for c in ranked) == pytest.approx(1.0)
    outvoted = corrector.rank(["เครือข่าย", "เครื่องข่าย"], [("เครือข่าย", 1.0)] + [("เครื่องข่าย", 1.0)] * 4)
    assert outvoted[0].text == "เครื่องข่าย"
    same = corrector.rank(["90,000", "90,900"], [("90,000", 1.0), ("90,900", 1.0)])
    assert same[0].posterior == pytest.approx(0.5, abs=0.2)


def test_a_cluster_no_word_covers_costs_by_its_letters_so_junk_does_not_win_by_length(lm):
    """"นั้า" (two vowels on one letter: OCR's reading of "น้ำ") is one cluster no word
    covers; at a fixed cost per cluster it scored, relative to its length, above the
    real word it misreads."""
    assert lm.score("นั้า").logp == pytest.approx(4 * math.log(1 / 60))
    assert lm.score("ระบายน้ำ").relative > lm.score("ระบายนั้า").relative
    assert lm.score("กข").logp == 2 * UNKNOWN_CLUSTER


def test_a_letter_the_skeleton_does_not_fold_is_respelled_where_a_cluster_no_word_covers_is(corrector, channel):
    """The channel saw น read as บ too seldom for the skeleton to fold them; next to a
    cluster no word covers the one-letter change it has seen is tried, and kept when it
    leaves a lexicon word; text every word of which is known is left alone."""
    assert "น" in channel.misread_from("บ") and channel.skeleton("น") != channel.skeleton("บ")
    assert corrector.propose("อยู่ระหว่างขั้นตอนขออบุมัติโครงการ") == "อยู่ระหว่างขั้นตอนขออนุมัติโครงการ"
    assert corrector.propose("ขออนุมัติโครงการ") == "ขออนุมัติโครงการ"


def test_a_letter_the_channel_lost_is_put_back_where_it_makes_two_words_one(corrector, channel):
    """Letters the channel has seen dropped, the skeleton keeps (a drop no skeleton match
    restores), likeliest first; one put back between two words that then read as one
    lexicon word is kept when it scores better, and two words that are text stay two."""
    lost = channel.lost_letters
    assert "ง" in lost and all(channel.skeleton(ch) for ch in lost)
    assert list(lost) == sorted(lost, key=lambda ch: -channel.step(ch, ""))
    assert corrector.propose("ขออนุมัติโครการ") == "ขออนุมัติโครงการ"
    assert corrector.propose("เพื่อพัฒนาการอ่านออกเขียนได้ของนักเรียน") == "เพื่อพัฒนาการอ่านออกเขียนได้ของนักเรียน"
    assert corrector.propose("นายสมชายใจดี") == "นายสมชายใจดี"  # a rare word ("สม"): the letters are tried


def test_letters_ocr_read_twice_across_a_space_are_read_once(corrector):
    # The end of a word read again after the space, and the start of one read before it
    # (a piece that alone is a rare word): each is OCR's, not the print's.
    assert corrector.stutter("ขออนุมัติ", "มัติโครงการ") == len("มัติ")
    assert corrector.stutter("งานดิ", "ดิจิทัล") == len("ดิ")
    # The word read first is itself misread ("ขออบุมัติ"): its lexicon reading decides.
    assert corrector.stutter("ขั้นตอนขออบุมัติ", "มัติโครงการ") == len("มัติ")
    # A whole common word, or a whole word on each side, is text: "เดินทางมา มากมาย",
    # "ประชาชน ชนบท".
    assert corrector.stutter("เดินทางมา", "มากมาย") == 0
    assert corrector.stutter("ประชาชน", "ชนบท") == 0
    assert corrector.stutter("ผู้นำทางวิชาการ", "การแลกเปลี่ยนเรียนรู้") == 0


def test_words_read_again_after_a_space_the_last_of_them_cut_short_are_read_once(corrector):
    """The text before the space ends with the words the text after it starts with, the
    last cut short mid-word (its vowel lost: a cluster no word covers): read once."""
    assert corrector.stutter("สุขภาพของผู้ส", "ผู้สูงอายุในชุมชน") == len("ผู้ส")
    assert corrector.stutter("พัฒนาระบบระบายน", "ระบายน้ำในพื้นที่") == len("ระบายน")
    # Ending on a whole word that starts a longer one after the space is text.
    assert corrector.stutter("ความสุข", "สุขภาพดี") == 0


def test_a_word_across_a_cut_is_found_exactly_where_a_segmentation_could_span_it(lm):
    """Corrector.joins skips segmenting two phrases joined when no lexicon word spans the
    place between them: word_across must see every word the best segmentation could put
    there, and only lexicon words."""
    from pipeline.lm import cluster_cuts

    for run in ("คุณภาพการศึกษา", "การพัฒนาระบบระบายน้ำ", "อย่างต่อเนื่อง", "ขออนุมัติโครงการ", "กขคงจ"):
        cuts = cluster_cuts(run)
        for cut in cuts[1:-1]:
            spans = any(run[i:j] in lm.logp for i in cuts if i < cut for j in cuts if j > cut)
            assert lm.word_across(run, cut, cuts) == spans, (run, cut)
            at = 0
            for word in lm.score(run).words:
                if at < cut < at + len(word):
                    assert spans and word in lm.logp, (run, cut, word)
                at += len(word)
    assert lm.word_across("คุณภาพ", 3, cluster_cuts("คุณภาพ"))


def test_the_segmentation_weighs_every_lexicon_word_an_exhaustive_search_would(lm):
    """_segment stops looking for words at a place at the first piece no word begins with
    (word_pieces): its best score must be that of a search trying every pair of cuts."""
    from pipeline.lm import UNKNOWN_LETTER, cluster_cuts

    for run in ("สำนักงานเขตดุสิตและการพัฒนาระบบระบายน้ำ", "โครงการส่งเสริมการอ่านในโรงเรียนวัดสระเกศ",
                "อย่างต่อเนื่องเครือข่ายเครื่องข่าย", "ขออนุมัติมัติโครงการกขคงจ", "นั้าเพือประชาชนชนบท"):
        cuts = cluster_cuts(run)
        best = {0: 0.0}
        for k, i in enumerate(cuts[:-1]):
            nxt = cuts[k + 1]
            best[nxt] = max(best.get(nxt, -math.inf), best[i] + min(UNKNOWN_CLUSTER, UNKNOWN_LETTER * (nxt - i)))
            for j in cuts[k + 1:]:
                if run[i:j] in lm.logp:
                    best[j] = max(best.get(j, -math.inf), best[i] + lm.logp[run[i:j]])
        assert lm.score(run).logp == pytest.approx(best[len(run)]), run


def test_slips_say_which_way_ocr_errs_where_a_whole_word_swap_does_not(channel):
    assert channel.log_prob("นา", "น้ำ") == channel.log_prob("น้ำ", "นา")
    assert channel.slip_log_prob("นา", "น้ำ") > channel.slip_log_prob("น้ำ", "นา") + 5


def test_a_word_rarer_than_its_clusters_left_unread_is_not_covered(lm):
    assert lm.covers("ประสานงาน") and lm.covers("ที่")
    assert "สู" in lm.logp and not lm.covers("สู")  # the lattice reads it as an unknown cluster
    assert lm.score("สู").unknown == 1 and not lm.covers("รวสง")


def test_a_decision_among_some_candidates_shares_their_posterior_even_when_it_underflowed():
    from pipeline.correct import Choice, among

    ranked = [Choice("made", -1.0, 1.0), Choice("a", -900.0, 0.0), Choice("b", -905.0, 0.0)]
    kept = among(ranked, {"a", "b"})
    assert [c.text for c in kept] == ["a", "b"] and abs(sum(c.posterior for c in kept) - 1) < 1e-9
    assert kept[0].posterior > kept[1].posterior


def test_tokens_are_the_segmentations_words_with_numbers_spaces_and_symbols_between(lm):
    text = "ดำเนินการเบิกจ่าย และ สรุปผล 305,000 บาท (ครั้งที่ 2) abc 12.5%"
    tokens = lm.tokens(text)
    assert "".join(tokens) == text
    assert tokens[:3] == list(lm.score("ดำเนินการเบิกจ่าย").words)
    assert {"305,000", "12.5", "abc", " ", "(", ")", "%", "2"} <= set(tokens)
    assert lm.tokens("") == [] and lm.tokens("a\nb") == ["a", "\n", "b"]


def test_a_reading_of_a_stacked_pair_the_table_never_saw_costs_what_its_characters_do(channel):
    """Junk read inside "ที่" is judged by the characters' own rows, not by the pair's
    one share for anything else: three letters made up cost more than one."""
    assert channel.slip_log_prob("ทีxyz่", "ที่") < channel.slip_log_prob("ที่x", "ที่") - 5
    assert channel.slip_log_prob("ที", "ที่") > channel.slip_log_prob("ทิ", "ที่")  # a tone mark lost, seen 138 times


def test_a_full_stop_glued_to_a_word_is_suspect_one_after_an_abbreviation_is_not(corrector):
    assert "full stop" in corrector.suspicion(("ให้มีคุณภาพอย่างต่อเนื่อง.", "สำนักงานเขตบางซื่อ"))
    assert "full stop" in corrector.suspicion(("เพื่อยกระดับทางเท้าในพื้นที่.",))
    assert corrector.suspicion(("ตามพระราชบัญญัติการศึกษาแห่งชาติ", "พ.ศ.2542")) is None
    assert corrector.suspicion(("ร่วมกับ", "สปสช.", "และ", "กทม.")) is None


def test_an_abbreviation_of_nothing_ending_a_text_is_suspect_a_times_is_not(corrector):
    """Two copies of three read a speck after the last word as "น." alike; "น." ends a
    time ("09.00 น."), and stands after a number there."""
    assert "abbreviation" in corrector.suspicion(("ดำเนินการเบิกจ่ายงบประมาณเรียบร้อยแล้ว", "น."))
    assert corrector.suspicion(("ประชุมคณะทำงาน", "เวลา", "09.00", "น.")) is None


def test_a_number_read_twice_across_a_space_is_suspect_two_numbers_are_not(corrector):
    """"ครั้งที่ 1 1": a speck beside the digit read as another, by two copies of three
    alike; "ทั้ง 3 เครือข่าย 90,000 บาท" holds two numbers, not one read twice."""
    assert "read twice" in corrector.suspicion(("ดำเนินการจัดกิจกรรมครั้งที่", "1", "1", "มีผู้เข้าร่วม"))
    assert corrector.suspicion(("ทั้ง", "3", "เครือข่าย", "90,000", "บาท")) is None
    assert corrector.suspicion(("ครั้งที่", "1", "มีผู้เข้าร่วม", "1", "คน")) is None
