"""Thai text normalisation applied to every line before anything reads it.

Never NFKC/NFKD: compatibility decomposition splits SARA AM (ำ) into NIKHAHIT + SARA AA.
The recipe is NFC, then pythainlp's normaliser (reorders combining marks, joins เเ into
แ and ํา into ำ, drops dangling marks), Thai digits to Arabic, one space between words.

Tesseract's own output gets one repair first (`normalize_ocr_text`): it reads the
NIKHAHIT of a SARA AM that follows MAI THO as a second MAI THO ("น้ำ" comes out "น้้า").
Thai never writes a tone mark twice, and pythainlp would drop the copy, leaving "น้า", a
real word (aunt) that no vote or dictionary can tell from the truth. So in OCR output a
doubled MAI THO before SARA AA becomes MAI THO + SARA AM. On rendered pages at three
noise levels every doubled tone mark before SARA AA had SARA AM in the print, and every
one was MAI THO (35 of 35, none in a word printed with SARA AA; bench/tone_marks.py and
bench/RESULTS.md, "Doubled tone marks before SARA AA"). Text a person typed is not
repaired so: there a doubled mark is a slip of the finger ("ค่่าใช้จ่าย"), and
dropping the copy is right.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import regex

from pythainlp.util import normalize as _thai_normalize
from pythainlp.util import thai_digit_to_arabic_digit

from .thai_script import THAI_MARKS, characters

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")
_MAI_THO_TWICE_BEFORE_AA = re.compile("\u0e49\u0e49(?=\u0e32)")


def _once(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _thai_normalize(text)
    text = thai_digit_to_arabic_digit(text)
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=1 << 16)
def normalize_text(text: str) -> str:
    """Return `text` in the canonical form every later stage compares and votes on.

    Idempotent: normalize_text(normalize_text(s)) == normalize_text(s). One pass can
    expose a new pattern (collapsing spaces can leave a mark dangling after a space,
    which pythainlp then drops), so passes repeat until nothing changes. Memoised:
    the copies of a report repeat most of their lines word for word.
    """
    for _ in range(8):
        fixed = _once(text)
        if fixed == text:
            break
        text = fixed
    return text


def normalize_ocr_text(text: str) -> str:
    """Return Tesseract's text normalised (normalize_text) after reading a doubled MAI THO
    before SARA AA as MAI THO + SARA AM, the misreading of น้ำ the module docstring
    describes."""
    text = _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text))
    return normalize_text(_MAI_THO_TWICE_BEFORE_AA.sub("\u0e49\u0e4d", text))


_UPPER_AND_LOWER_MARKS = frozenset(characters(THAI_MARKS))
_FOLD = str.maketrans({**{ch: None for ch in _UPPER_AND_LOWER_MARKS}, "\u0e33": "\u0e32"})


def fold_marks(text: str) -> str:
    """Return `text` without the marks above and below the line (vowels, tone marks,
    MAI HAN-AKAT, THANTHAKHAT) and with SARA AM read as SARA AA: what Tesseract most
    often drops or confuses on Thai print ("ครั้งที่" read "ครังที" or "ครงท").

    For matching the form's own fixed wording (headings, labels, row labels, markers),
    where the rest of the letters leave no doubt; never for values, whose marks matter.
    """
    return text.translate(_FOLD)


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Return fold_marks(text) and, for each of its characters, the index in `text` of
    the character it came from: how a match found in folded text is cut from the text."""
    keep = [i for i, ch in enumerate(text) if ch not in _UPPER_AND_LOWER_MARKS]
    return "".join(text[i] for i in keep).translate(_FOLD), keep


def unfold_index(i: int, keep: list[int], length: int) -> int:
    """Return the index in the original text of folded index `i` (a slice bound): the
    marks after a folded character stay with it."""
    return keep[i] if i < len(keep) else length


@lru_cache(maxsize=64)
def fold_pattern(pattern: regex.Pattern[str]) -> regex.Pattern[str]:
    """Return a pattern of the form's wording with its marks folded (fold_marks), to
    match text folded the same way. The marks are letters, never regex syntax."""
    return regex.compile(fold_marks(pattern.pattern), pattern.flags)
