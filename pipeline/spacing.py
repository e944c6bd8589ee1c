"""Where copies read a stretch alike but for its spaces: each gap voted alone.

Thai is written without spaces between words, and Tesseract puts one where a line's
glyphs stand a little apart ("และ ประเมิน", "ผู้ประ สานงาน"), a different gap in each
copy. Readings that differ only so are no different words for the language model to
judge, and, each copy's spacing being its own, no reading may hold most copies even
where every gap does. So each gap between two of the stretch's characters is decided by
itself: a space is printed there or not, whichever explains the copies' readings better
under the OCR channel (channel.Channel; a space inserted, a space dropped, each copy
weighted as in the vote) with the share of spaces among printed characters as the prior.
The channel inserts a space about twice as often as it drops one, so a copy against a
copy reads no space; two copies against one read as the two do.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .channel import Channel

SPACE = " "


def same_but_spacing(texts: Sequence[str]) -> bool:
    """True when `texts` differ, and only in their whitespace."""
    return len(set(texts)) > 1 and len({"".join(t.split()) for t in texts}) == 1


def _gaps(text: str) -> frozenset[int]:
    """Return where `text` has whitespace: the number of other characters before each run."""
    gaps, seen, spaced = set(), 0, False
    for ch in text:
        if ch.isspace():
            spaced = True
            continue
        if spaced:
            gaps.add(seen)
            spaced = False
        seen += 1
    if spaced:
        gaps.add(seen)
    return frozenset(gaps)


def vote_spacing(texts: Sequence[str], weights: Sequence[float], channel: Channel) -> tuple[str, float]:
    """Return the stretch's letters with a space at each gap where a printed space
    explains the copies' `texts` (weighted by `weights`) better than none, and the
    posterior of the least sure gap decided: see the module docstring."""
    letters = "".join(texts[0].split())
    read = [_gaps(t) for t in texts]
    prior = channel.space_share
    kept, dropped, added = channel.step(SPACE, SPACE), channel.step(SPACE, ""), channel.step("", SPACE)
    spaced, sure = set(), 1.0
    for gap in set().union(*read):
        with_space = sum(w for w, g in zip(weights, read) if gap in g)
        without = sum(weights) - with_space
        printed = math.log(prior) + with_space * kept + without * dropped
        not_printed = math.log1p(-prior) + with_space * added
        if printed > not_printed:
            spaced.add(gap)
        sure = min(sure, 1 / (1 + math.exp(-abs(printed - not_printed))))
    text = "".join((SPACE if i in spaced else "") + ch for i, ch in enumerate(letters))
    return text + (SPACE if len(letters) in spaced else ""), sure
