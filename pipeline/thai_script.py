"""Which characters are Thai: the named ranges of the Thai Unicode block and the tests on them.

The ranges are regex character-class bodies (use them inside [...]). They differ on
purpose, and each test says which it asks:
- THAI_BLOCK, U+0E00-U+0E7F: the whole block, assigned or not;
- THAI_CHARACTERS, U+0E01-U+0E5B: every assigned Thai character (letters, vowels,
  marks, digits, signs); whether a page or a file holds Thai at all;
- THAI_SPELLING, U+0E01-U+0E4E: what Thai words are spelt with (consonants, vowels,
  tone and other marks, ฯ ๆ ฿), no digits and no punctuation (๏ ๚ ๛);
- THAI_CONSONANTS, U+0E01-U+0E2E: ก to ฮ;
- THAI_DIGITS, U+0E50-U+0E59: ๐ to ๙;
- THAI_MARKS: the combining marks above and below the line (MAI HAN-AKAT, the upper and
  lower vowels, PHINTHU, MAITAIKHU, the tone marks, THANTHAKHAT, NIKHAHIT, YAMAKKAN);
- THAI_FOLLOWING: what only follows a consonant (the following vowels ะ า ำ ๅ and the
  marks): a syllable never starts with one;
- THAI_LEADING_VOWELS: เ แ โ ใ ไ, written before the consonant they follow in speech.
"""

from __future__ import annotations

import re
from collections.abc import Collection

THAI_BLOCK = "\u0e00-\u0e7f"
THAI_CHARACTERS = "\u0e01-\u0e5b"
THAI_SPELLING = "\u0e01-\u0e4e"
THAI_CONSONANTS = "\u0e01-\u0e2e"
THAI_DIGITS = "\u0e50-\u0e59"
THAI_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
THAI_FOLLOWING = "\u0e30-\u0e3a\u0e45\u0e47-\u0e4e"
THAI_LEADING_VOWELS = "\u0e40-\u0e44"

_CHARACTER = re.compile(f"[{THAI_CHARACTERS}]")
_SPELLING = re.compile(f"[{THAI_SPELLING}]")


def characters(ranges: str) -> str:
    """Return every character of the Thai block in `ranges` (one of the ranges above), in
    code-point order: for a set or a translation table."""
    return "".join(chr(p) for p in range(0x0E00, 0x0E80) if re.fullmatch(f"[{ranges}]", chr(p)))


MARK_CHARACTERS = frozenset(characters(THAI_MARKS))  # the vowels and tone marks written above or below a letter
ABOVE_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d")  # written above a letter
SARA_AM = "\u0e33"  # ำ: NIKHAHIT above the letter before, SARA AA after it


def is_thai(ch: str) -> bool:
    """True when the character `ch` is a Thai character (THAI_CHARACTERS)."""
    return _CHARACTER.fullmatch(ch) is not None


def has_thai(text: str) -> bool:
    """True when `text` holds any Thai character (THAI_CHARACTERS), a Thai digit or sign included."""
    return _CHARACTER.search(text) is not None


def count_thai(text: str) -> int:
    """Return how many characters of `text` are Thai characters (THAI_CHARACTERS)."""
    return len(_CHARACTER.findall(text))


def added_to(text: str, longer: str, allowed: Collection[str] | None = None) -> bool:
    """True when `longer` is `text` with characters put in (any, or only those of
    `allowed`) and nothing else changed: what OCR reads having lost them, `text`, against
    what it could have lost them from, `longer`."""
    i = 0
    for ch in longer:
        if i < len(text) and ch == text[i]:
            i += 1
        elif allowed is not None and ch not in allowed:
            return False
    return i == len(text)


def marks_put_on(text: str, reading: str) -> bool:
    """True when `reading` is `text` with marks written above or below its letters added
    (MARK_CHARACTERS) and nothing else changed: what putting back marks OCR lost makes,
    as against a reading that also drops or swaps a letter."""
    return added_to(text, reading, MARK_CHARACTERS)


_UPPER_VOWEL = "\u0e31\u0e34-\u0e37\u0e47"
_TONE = "\u0e48-\u0e4b"
_NOT_IN_THAI = re.compile(
    f"(?<![{THAI_SPELLING}])[{THAI_LEADING_VOWELS}]?[{THAI_CONSONANTS}][{_TONE}]?\u0e4c"  # THANTHAKHAT on a word's first letter
    f"|(?<![{THAI_SPELLING}])[{THAI_MARKS}]"  # a word that opens with a mark
    f"|[{THAI_LEADING_VOWELS}][{THAI_MARKS}]"  # a mark on a leading vowel
    f"|[{THAI_LEADING_VOWELS}](?![{THAI_SPELLING}])"  # a leading vowel that ends a word
    f"|[{_UPPER_VOWEL}]{{2}}|[{_TONE}]{{2}}|[\u0e38\u0e39]{{2}}"  # two vowels above, two tone marks, two below
)


def spelt_as_thai_never_is(text: str) -> str | None:
    """Return the first stretch of `text` that Thai spelling never writes, None where
    there is none: THANTHAKHAT on a word's first letter ("ณ์ฐา": a silent letter ends a
    syllable), a mark with no letter under it (opening a word, or on a leading vowel),
    a leading vowel that ends a word, or two vowels above one letter, two tone marks,
    two vowels below. OCR makes all of them of marks it misreads or moves; a word no
    lexicon holds (a person's name) shows its misreading so or not at all."""
    found = _NOT_IN_THAI.search(text)
    return found.group() if found is not None else None


def has_thai_spelling(text: str) -> bool:
    """True when `text` holds a character Thai words are spelt with (THAI_SPELLING):
    text a Thai language model can read, not Thai digits alone."""
    return _SPELLING.search(text) is not None
