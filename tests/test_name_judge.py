"""NameJudge: a name part against the name lists and the OCR channel."""

import pytest

from pipeline.dictionary import load_dictionaries
from pipeline.document import FieldVoter

NAMES = ("person", "family")


@pytest.fixture(scope="module")
def judge(template, dictionary):
    return FieldVoter(template, dictionary).corrector.names


def test_a_listed_name_read_once_is_as_sure_as_no_other_listed_name_is_near(judge, dictionary):
    assert judge.listed_posterior("กงเพชร", dictionary, NAMES) > 0.99
    assert dictionary.is_known("ณัฏฐ์", NAMES) and dictionary.is_known("ณัฎฐ์", NAMES)  # ฎ and ฏ: OCR's own confusion
    assert judge.listed_posterior("ณัฎฐ์", dictionary, NAMES) < 0.95
    assert judge.listed_posterior("ปิ่นทองคำดี", dictionary, NAMES) == 0.0  # in no list


def test_a_misread_part_becomes_an_entry_only_with_strong_support_such_as_the_users_own_list(judge, template,
                                                                                              dictionary, tmp_path):
    misread = "เทียงธรรม"  # a lost tone mark
    assert judge.entry(misread, dictionary, NAMES) is None  # a surname in no list is likelier than a slip
    staff = tmp_path / "staff.txt"
    staff.write_text("family:เที่ยงธรรม\n", encoding="utf-8")
    with_staff = load_dictionaries([staff])
    entry, posterior = FieldVoter(template, with_staff).corrector.names.entry(misread, with_staff, NAMES)
    assert entry == "เที่ยงธรรม" and posterior >= 0.8


def test_two_copies_without_a_mark_one_copy_reads_are_no_sure_majority(judge):
    without, marked = "ณัฐฐากร", "ณัฐฐากูร"
    lost_twice = judge.printed_posterior(without, [marked], [(without, 1.0), (marked, 1.0), (without, 1.0)])
    made_up_once = judge.printed_posterior(marked, [without], [(marked, 1.0), (without, 1.0), (marked, 1.0)])
    assert lost_twice < 0.5 < 0.99 < made_up_once


def test_a_listed_name_one_letter_from_another_listed_name_is_weighed_against_it(judge, dictionary):
    assert dictionary.is_known("กฤต", NAMES) and dictionary.is_known("กฤษ", NAMES)
    assert judge.listed_posterior("กฤต", dictionary, NAMES) < 0.99
