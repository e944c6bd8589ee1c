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

In faces that set the NIKHAHIT of SARA AM over the letter's right edge (TlwgMono-Bold),
Tesseract reads SARA AM as its two glyphs in the order their right edges stand: SARA AA,
then NIKHAHIT ("ดาํเนิน"). pythainlp joins NIKHAHIT + SARA AA into SARA AM, not this
order, and Thai never sets NIKHAHIT after SARA AA, so in OCR output the pair is SARA AM.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np
import regex

from pythainlp.util import normalize as _thai_normalize
from pythainlp.util import thai_digit_to_arabic_digit

from .thai_script import MARK_CHARACTERS, THAI_MARKS

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")
_MAI_THO_TWICE_BEFORE_AA = re.compile("\u0e49\u0e49(?=\u0e32)")
_AA_THEN_NIKHAHIT = re.compile("\u0e32\u0e4d")


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
    before SARA AA as MAI THO + SARA AM, the misreading of น้ำ, and SARA AA + NIKHAHIT
    as SARA AM (the module docstring says why)."""
    text = _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text))
    text = _MAI_THO_TWICE_BEFORE_AA.sub("\u0e49\u0e4d", _AA_THEN_NIKHAHIT.sub("\u0e33", text))
    return normalize_text(text)


_MARK = re.compile(f"[{THAI_MARKS}]")  # a regex deletes them faster than str.translate
_MARK_TABLE = np.zeros(0x0E81, bool)  # by code point (the last entry stands for every one above): a mark?
_MARK_TABLE[[ord(c) for c in MARK_CHARACTERS]] = True
_SARA_AM, _SARA_AA = 0x0E33, 0x0E32


def fold_marks(text: str) -> str:
    """Return `text` without the marks above and below the line (vowels, tone marks,
    MAI HAN-AKAT, THANTHAKHAT) and with SARA AM read as SARA AA: what Tesseract most
    often drops or confuses on Thai print ("ครั้งที่" read "ครังที" or "ครงท").

    For matching the form's own fixed wording (headings, labels, row labels, markers),
    where the rest of the letters leave no doubt; never for values, whose marks matter.
    """
    return _MARK.sub("", text).replace("\u0e33", "\u0e32")


@lru_cache(maxsize=1 << 15)
def fold_line(text: str) -> str:
    """Return fold_marks(text) of one line, remembered: a line is folded to be tested for
    a heading, then again for section 2's row labels and its page's dates, and the
    copies of a report repeat most lines word for word."""
    return fold_marks(text)


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Return fold_marks(text) and where each of its characters came from: the index in
    `text` of each, then len(text) (where the folded text's end falls). A match found in
    the folded text is cut from `text` as text[keep[start]:keep[end]]: the marks after a
    folded character stay with it. Computed on the text's code points as an array, as
    section 2's joined lines run to a thousand characters and more."""
    codes = np.frombuffer(text.encode("utf-32-le"), np.uint32)
    kept = (~_MARK_TABLE[np.minimum(codes, len(_MARK_TABLE) - 1)]).nonzero()[0]
    folded = codes[kept]
    folded[folded == _SARA_AM] = _SARA_AA
    return folded.tobytes().decode("utf-32-le"), [*kept.tolist(), len(text)]


def trim(text: str, start: regex.Pattern[str], end: regex.Pattern[str]) -> str:
    """Return `text` without what `start` matches at its beginning and then what `end`
    matches at what is left's end: what sub("", ...) of "^A+|B+$" leaves, without that
    pattern's try at every character. `end` is "(?r)B+", a reverse pattern, so its match
    is tried at the end only (B must match a newline, as $ also matches before a final one)."""
    if m := start.match(text):
        text = text[m.end():]
    m = end.match(text)
    return text[:m.start()] if m else text


@lru_cache(maxsize=64)
def fold_pattern(pattern: regex.Pattern[str]) -> regex.Pattern[str]:
    """Return a pattern of the form's wording with its marks folded (fold_marks), to
    match text folded the same way. The marks are letters, never regex syntax."""
    return regex.compile(fold_marks(pattern.pattern), pattern.flags)
