"""How one document spells its words: the copies' readings of every text field, pooled.

A word a document uses more than once is read more than once, in several fields and in
every copy; OCR misreads one occurrence, not all alike ("ระบบระบายนำ" in the project
name, "ระบบระบายน้ำ" three times in the principle and once in the objectives). Where
one field's copies all misread a word into another real word, which neither the vote
nor a unigram language model can see, the rest of the document can: between the words
OCR confuses (the channel's skeleton), the spelling the document reads most often
between the same neighbours is the document's spelling. A word is respelled only when
that is clear (`Spellings.respell`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .correct import Corrector

MIN_SUPPORT = 3
MIN_RATIO = 2.0


class Spellings:
    """Counts of the words of a document's texts, alone and next to their neighbours."""

    def __init__(self, texts: Iterable[str], corrector: Corrector):
        self.corrector = corrector
        self.pairs: Counter[tuple[str, str]] = Counter()
        self.by_skeleton: dict[str, set[str]] = {}
        for text in texts:
            for phrase in str(text).split():
                words = self._words(phrase)
                self.pairs.update(zip(words, words[1:]))
                for word in words:
                    self.by_skeleton.setdefault(corrector.channel.skeleton(word), set()).add(word)

    def _words(self, phrase: str) -> tuple[str, ...]:
        return self.corrector.lm.score(phrase).words

    def _support(self, before: str | None, word: str, after: str | None) -> int:
        return (self.pairs[(before, word)] if before else 0) + (self.pairs[(word, after)] if after else 0)

    def respell(self, phrase: str) -> str:
        """Return `phrase` with each lexicon word the document reads otherwise replaced: a
        word with the same skeleton, read between the same neighbours at least
        MIN_SUPPORT times in the document and MIN_RATIO times as often as the word as it
        stands there. Words and neighbours are the language model's segmentation."""
        words = list(self._words(phrase))
        if len(words) < 2 or "".join(words) != phrase:
            return phrase
        changed = False
        for i, word in enumerate(words):
            before = words[i - 1] if i else None
            after = words[i + 1] if i + 1 < len(words) else None
            mates = self.by_skeleton.get(self.corrector.channel.skeleton(word), set()) - {word}
            if len(word) < 2 or not mates:
                continue
            own = self._support(before, word, after)
            best = max(sorted(mates), key=lambda m: self._support(before, m, after))
            support = self._support(before, best, after)
            if support >= MIN_SUPPORT and support >= MIN_RATIO * own and best in self.corrector.lm.logp:
                words[i], changed = best, True
        return "".join(words) if changed else phrase
