"""Where copies read a stretch alike but for its spaces: each gap voted alone.

Thai is written without spaces between words, and Tesseract puts one where a line's
glyphs stand a little apart ("และ ประเมิน", "ผู้ประ สานงาน"), a different gap in each
copy. Readings that differ only so are no different words for the language model to
judge, and, each copy's spacing being its own, no reading may hold most copies even
where every gap does. So each gap between two of the stretch's characters is decided by
itself: a space is printed there or not, whichever explains the copies' readings better
under the OCR channel (channel.Channel; a space inserted, a space dropped, each copy
weighted as in the vote, and copies of one print counted as fewer independent readings,
as the model counts them: correct.effective_copies) with the share of spaces in print as
the prior (between two Thai characters, their share in the reports' text, far lower:
Channel.space_between).
Against that prior a copy against a copy reads no space; two copies against one read as
the two do, unless the gap follows a character after which OCR reads a space where none
is printed far more often than elsewhere (Channel.space_inserted, learned character by
character), or one after which the reports' print hardly ever sets one (a leading vowel).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .channel import Channel
from .correct import effective_copies

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


def vote_spacing(texts: Sequence[str], weights: Sequence[float], channel: Channel,
                 previous: str = "", following: str = "") -> tuple[str, float]:
    """Return the stretch's letters with a space at each gap where a printed space
    explains the copies' `texts` (weighted by `weights`) better than none, and the
    posterior of the least sure gap decided: see the module docstring. `previous` and
    `following` are the characters either side of the stretch ("" at a text's ends)."""
    letters = "".join(texts[0].split())
    read = [_gaps(t) for t in texts]
    kept, dropped = channel.step(SPACE, SPACE), channel.step(SPACE, "")
    share = effective_copies(len(texts)) / (sum(weights) or 1.0)
    around = (previous[-1:] or "\0") + letters + (following[:1] or "\0")
    spaced, sure = set(), 1.0
    for gap in set().union(*read):
        with_space = share * sum(w for w, g in zip(weights, read) if gap in g)
        without = share * sum(weights) - with_space
        before, after = around[gap], around[gap + 1]
        prior = channel.space_between(before, after)
        added = channel.space_inserted(before) if before != "\0" else channel.step("", SPACE)
        printed = math.log(prior) + with_space * kept + without * dropped
        not_printed = math.log1p(-prior) + with_space * added
        if printed > not_printed:
            spaced.add(gap)
        sure = min(sure, 1 / (1 + math.exp(-abs(printed - not_printed))))
    text = "".join((SPACE if i in spaced else "") + ch for i, ch in enumerate(letters))
    return text + (SPACE if len(letters) in spaced else ""), sure
