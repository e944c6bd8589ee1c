"""Thai text normalisation applied to every line before anything reads it.

Never NFKC/NFKD: compatibility decomposition splits SARA AM (ำ) into NIKHAHIT + SARA AA.
The recipe is NFC, then pythainlp's normaliser (reorders combining marks, joins เเ into
แ and ํา into ำ, drops dangling marks), Thai digits to Arabic, one space between words.
"""

from __future__ import annotations

import re
import unicodedata

from pythainlp.util import normalize as _thai_normalize
from pythainlp.util import thai_digit_to_arabic_digit

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Return `text` in the canonical form every later stage compares and votes on.

    Idempotent: normalize_text(normalize_text(s)) == normalize_text(s).
    """
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    # pythainlp's rules can expose a new pattern once another is fixed (e.g. a mark
    # reorder next to a doubled vowel); repeat until stable so the result is idempotent.
    for _ in range(4):
        fixed = _thai_normalize(text)
        if fixed == text:
            break
        text = fixed
    text = thai_digit_to_arabic_digit(text)
    return _SPACES.sub(" ", text).strip()
