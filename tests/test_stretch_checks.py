"""pipeline/stretch_checks.py: a free-text vote's stretches against what OCR does."""

from __future__ import annotations

import pytest

from pipeline.document import FieldVoter
from pipeline.model import Dispute, Option
from pipeline.stretch_checks import item_spaced_alike, item_stop_kept, words_dropped


def dispute(chosen: str, *others: str) -> Dispute:
    return Dispute(0, chosen, "majority", (Option(chosen, 1.8), *(Option(o, 0.9) for o in others)))


def test_a_list_items_stop_is_put_back_only_beside_an_item_with_its_own():
    pieces = ["1. เพื่อพัฒนา", " ", "2 ", "เพื่อส่งเสริม"]
    kept = item_stop_kept(pieces, 2, dispute("2 ", "2. "))
    assert (kept.chosen, kept.rule, pieces[2]) == ("2. ", "numbering", "2. ")
    comma = ["1. เพื่อพัฒนา", " ", "2 ", "เพื่อส่งเสริม"]
    assert item_stop_kept(comma, 2, dispute("2 ", "2, ")).chosen == "2. " and comma[2] == "2. "
    alone = ["ครั้งที่", " ", "2 ", "มีผู้เข้าร่วม"]  # no item before or after has a stop
    assert item_stop_kept(alone, 2, dispute("2 ", "2. ")).rule == "majority" and alone[2] == "2 "
    decimal = ["1. ร้อยละ", " ", "25 ", "ของงาน"]
    assert item_stop_kept(decimal, 2, dispute("25 ", "2.5 ")).chosen == "25 "


def test_a_list_items_space_after_its_stop_is_set_as_its_neighbours_where_a_copy_read_it_so():
    """Two copies of three lost the narrow gap after "1."; "2." stands apart from its
    item in every copy: the list is set alike. Either way round, and only beside an item
    the copies agree on."""
    lost = ["1", ".เพื่อพัฒนา", " ", "2. ", "เพื่อส่งเสริม"]
    kept = item_spaced_alike(lost, 1, dispute(".เพื่อพัฒนา", ". เพื่อพัฒนา"))
    assert (kept.chosen, kept.rule, "".join(lost)) == (". เพื่อพัฒนา", "numbering", "1. เพื่อพัฒนา 2. เพื่อส่งเสริม")
    added = ["1.", " เพื่อ", "พัฒนา 2.เพื่อส่งเสริม"]
    assert item_spaced_alike(added, 1, dispute(" เพื่อ", "เพื่อ")).chosen == "เพื่อ" and "".join(added).startswith("1.เพื่อ")
    alone = ["1", ".เพื่อพัฒนา"]  # no item before or after
    assert item_spaced_alike(alone, 1, dispute(".เพื่อพัฒนา", ". เพื่อพัฒนา")).rule == "majority"
    both = ["1", ".เพื่อพัฒนา 2", ".เพื่อส่งเสริม"]  # the neighbour is in dispute as well: no evidence
    assert item_spaced_alike(both, 1, dispute(".เพื่อพัฒนา 2", ". เพื่อพัฒนา 2")).rule == "majority"
    other = ["1", ".เพื่อพัฒนา", " ", "2. ", "เพื่อส่งเสริม"]  # a copy read other letters too
    assert item_spaced_alike(other, 1, dispute(".เพื่อพัฒนา", ". เพื่อพัฒน")).rule == "majority"


@pytest.fixture(scope="module")
def corrector(template, dictionary):
    return FieldVoter(template, dictionary).corrector


def test_words_a_copy_read_besides_the_chosen_ones_count_only_when_they_are_common_words(corrector):
    assert words_dropped(dispute(" 82", " 4 มีผู้เข้าร่วม 82"), corrector)
    assert not words_dropped(dispute(" 82", " 4 เนรี่รวสง 82"), corrector)  # rare short words: junk
    assert not words_dropped(dispute(" 82", " ม จ ฉ/ az 82"), corrector)  # letters and Latin: junk
    assert not words_dropped(dispute("", "ร่วม"), corrector)  # one word alone is no phrase dropped
    assert not words_dropped(dispute(" 82", " 83"), corrector)


def test_words_dropped_are_seen_beside_a_chosen_word_the_copy_misread(corrector):
    assert words_dropped(dispute("ครั้งที่ 99", "ครังที 2 มีผู้เข้าร่วม 99"), corrector)
    assert not words_dropped(dispute("ครั้งที่ 99", "ครังที 99"), corrector)
    assert not words_dropped(dispute("ครั้งที่ 99", "ประชุม 2 มีผู้เข้าร่วม"), corrector)  # the chosen words unread


def test_a_mark_written_after_a_word_is_no_word_dropped(corrector):
    assert not words_dropped(dispute("ดำเนินการ 82", "โครงการฯ ดำเนินการ 82"), corrector)
