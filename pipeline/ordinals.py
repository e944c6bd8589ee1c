"""Thai ordinals: a classifier and "ที่" before a number ("ครั้งที่ 2", "ฉบับที่ 3", "ชั้นที่ 1").

"ที่" before a number tells its order, after the classifier of what is counted (the
Royal Institute dictionary's sense of "ที่": "ใช้นำหน้าจำนวนเลข บอกลำดับ"). A text where
such a head is followed by no number ("ดำเนินการจัดกิจกรรมครั้งที่ มีผู้เข้าร่วม 69 คน")
lost it: a digit OCR read as nothing, in every copy alike where the print's digit is
thin. The classifiers are the words pythainlp's bundled ORCHID part-of-speech tagger
tags as classifiers most often (its unigram table: unit, frequency, collective and
measure classifiers).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from functools import lru_cache

from pythainlp.corpus import corpus_path

ORDINAL_MARK = "ที่"
CLASSIFIER_TAGS = frozenset({"CNIT", "CFQC", "CLTV", "CMTR"})  # ORCHID's unit, frequency, collective, measure
TAGGER_FILE = "pos_orchid_unigram.json"
_OPENS_NUMBER = re.compile(r"[0-9๐-๙]")


@lru_cache(maxsize=1)
def classifiers() -> frozenset[str]:
    """Return the words ORCHID's unigram tagger (shipped with pythainlp) tags as
    classifiers (read once per process)."""
    with open(os.path.join(corpus_path(), TAGGER_FILE), encoding="utf-8-sig") as fh:
        tags = json.load(fh)
    return frozenset(word for word, tag in tags.items() if tag in CLASSIFIER_TAGS)


def ordinal_head(words: Sequence[str]) -> str | None:
    """Return the ordinal head a phrase's words (a segmentation) end with, a classifier
    and "ที่" read as two words or as one ("ครั้ง" "ที่", "ครั้งที่"); None when they end
    otherwise."""
    if not words:
        return None
    last = words[-1]
    if last == ORDINAL_MARK and len(words) > 1 and words[-2] in classifiers():
        return words[-2] + last
    if last.endswith(ORDINAL_MARK) and last[:-len(ORDINAL_MARK)] in classifiers():
        return last
    return None


def opens_with_number(phrase: str) -> bool:
    """True when `phrase` opens with a digit, Arabic or Thai."""
    return _OPENS_NUMBER.match(phrase) is not None
