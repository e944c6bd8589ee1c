"""Thai text normalisation applied to every line before anything reads it.

Never NFKC/NFKD: compatibility decomposition splits SARA AM (ำ) into NIKHAHIT + SARA AA.
The recipe is NFC, then pythainlp's normaliser (reorders combining marks, joins เเ into
แ and ํา into ำ, drops dangling marks), Thai digits to Arabic, one space between words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pythainlp.util import normalize as _thai_normalize
from pythainlp.util import thai_digit_to_arabic_digit

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")


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
