"""The four ways the pipeline asks "is this Thai?", pinned at the edges of their ranges.

They differ on purpose: a source or a text layer counts every Thai character, digits
and signs too; a disputed stretch goes to the language model only if it has a Thai
character words are spelt with (not a Thai digit, which the model reads like any
digit); a legacy-encoded file is told by the share of its letters that are Thai."""

from __future__ import annotations

import re
import unicodedata

import pytest

from pipeline import ingest
from pipeline.thai_script import (
    THAI_BLOCK, THAI_CHARACTERS, THAI_DIGITS, THAI_MARKS, THAI_SPELLING, count_thai, has_thai, has_thai_spelling,
    is_thai,
)

# code point: (any Thai character: run's count of Thai lines and the text layer's test; spelt
# with: vote's test before the language model; a Thai letter: ingest's legacy-encoding test)
EDGES = {
    0x0E00: (False, False, False),  # unassigned, the block's first
    0x0E01: (True, True, True),  # KO KAI, the first consonant
    0x0E2E: (True, True, True),  # HO NOKHUK, the last consonant
    0x0E2F: (True, True, True),  # PAIYANNOI
    0x0E30: (True, True, True),  # SARA A
    0x0E31: (True, True, False),  # MAI HAN-AKAT, a combining mark: no letter
    0x0E33: (True, True, True),  # SARA AM
    0x0E3A: (True, True, False),  # PHINTHU, a combining mark
    0x0E3B: (True, True, False),  # unassigned, inside the ranges
    0x0E3F: (True, True, False),  # BAHT SIGN
    0x0E40: (True, True, True),  # SARA E
    0x0E46: (True, True, True),  # MAIYAMOK
    0x0E47: (True, True, False),  # MAITAIKHU, a combining mark
    0x0E4E: (True, True, False),  # YAMAKKAN, the last combining mark
    0x0E4F: (True, False, False),  # FONGMAN
    0x0E50: (True, False, False),  # THAI DIGIT ZERO
    0x0E59: (True, False, False),  # THAI DIGIT NINE
    0x0E5A: (True, False, False),  # ANGKHANKHU
    0x0E5B: (True, False, False),  # KHOMUT, the last assigned
    0x0E5C: (False, False, False),  # unassigned
    0x0E7F: (False, False, False),  # unassigned, the block's last
    0x0E81: (False, False, False),  # LAO LETTER KO, the next block
    ord("a"): (False, False, False),
    ord("0"): (False, False, False),
}


@pytest.mark.parametrize("point", sorted(EDGES), ids=lambda p: f"U+{p:04X}")
def test_each_predicate_at_the_edges_of_its_range(point):
    ch = chr(point)
    any_thai, spelt, letter = EDGES[point]
    assert has_thai(f"x{ch}y") is any_thai and is_thai(ch) is any_thai and count_thai(f"{ch}a{ch}") == 2 * any_thai
    assert has_thai_spelling(f"x{ch}y") is spelt
    assert ingest.looks_thai(ch) is letter


def test_a_file_looks_thai_when_a_third_of_its_letters_are():
    assert ingest.looks_thai("ab ก 12") and not ingest.looks_thai("abc ก")
    assert not ingest.looks_thai("ั่ ๑๒ ฿") and not ingest.looks_thai("")
    assert not has_thai("") and not has_thai_spelling("๑๒๓ 4")


def test_the_named_ranges_hold_what_they_say():
    block = [chr(p) for p in range(0x0E00, 0x0E80)]
    assert all(re.fullmatch(f"[{THAI_BLOCK}]", ch) for ch in block) and not re.match(f"[{THAI_BLOCK}]", "\u0e80")
    assert [ch for ch in block if re.fullmatch(f"[{THAI_DIGITS}]", ch)] == list("๐๑๒๓๔๕๖๗๘๙")
    assert {ch for ch in block if re.fullmatch(f"[{THAI_MARKS}]", ch)} == {
        ch for ch in block if unicodedata.category(ch) == "Mn"}
    assert {ch for ch in block if re.fullmatch(f"[{THAI_CHARACTERS}]", ch)} >= {
        ch for ch in block if unicodedata.category(ch) != "Cn"}
    assert not any(re.fullmatch(f"[{THAI_SPELLING}]", ch) for ch in "๏๐๙๚๛")


def test_spelling_thai_never_writes_is_found_and_no_listed_name_has_it(dictionary):
    """OCR's misread marks make spellings no Thai word has; every entry of the
    dictionaries is spelt as Thai is (two typos in pythainlp's family-name list, "หลัักคำ"
    and "อยูู่ประเสริฐ", are what the check exists to catch)."""
    from pipeline.thai_script import spelt_as_thai_never_is

    for odd, stretch in [("ณ์ฐา", "ณ์"), ("เ่ก", "เ่"), ("กเ", "เ"), ("กิี", "ิี"), ("ก่่ว", "่่"), ("หลัักคำ", "ัั"),
                         ("อยูู่", "ูู"), ("ิก", "ิ")]:
        assert spelt_as_thai_never_is(odd) == stretch
    for word in ("ณัฐา", "ศักดิ์ศรี", "จันทร์", "เกียรติ์", "ก็", "แก้ว", "ปฏิคม", "นั้น", "ฤทธิ์"):
        assert spelt_as_thai_never_is(word) is None
    for kind, entries in dictionary.entries.items():
        assert not [e for e in entries if spelt_as_thai_never_is(str(e))], kind
