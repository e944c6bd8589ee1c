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


def test_a_word_read_so_between_other_neighbours_is_left_alone(corrector):
    """"นำ" after "เพื่อ" is the document's own word: "น้ำ" is read only after "ระบาย"."""
    phrase = "เพื่อนำไปสู่การพัฒนา"
    assert Spellings([PRINCIPLE, OBJECTIVE] * 3 + [phrase], corrector).respell(phrase) == phrase


def test_a_spelling_the_document_does_not_read_clearly_more_often_is_not_taken(corrector):
    name = "โครงการปรับปรุงทางเท้าและระบบระบายนำ"
    spellings = Spellings([PRINCIPLE, name, name], corrector)
    assert spellings.respell(name) == name
