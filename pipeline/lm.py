"""A Thai word language model, for telling a real phrase from an OCR misreading of it.

Unigram word probabilities from the corpora pythainlp ships (offline): word frequencies
of the Thai National Corpus and of the Thai Textbook Corpus, summed (words of one letter
left out: in the corpora they are abbreviations and cutting debris); every word of
pythainlp's Thai word list (the Royal Institute dictionary's words among them) and
every entry of the loaded dictionaries (agencies, districts, schools, names, each as
one word however many words it is made of) gets at least FLOOR_COUNT.

A text is scored by its best segmentation (dynamic programming over the word lattice,
cut only between Thai character clusters, pythainlp's TCC): the sum of its words' log
probabilities, each cluster no word covers costing UNKNOWN_CLUSTER. So one known word
beats two known words glued together when it is the commoner reading: log P("เครือข่าย")
= -9.6 against log P("เครื่อง") + log P("ข่าย") = -17.6. Characters that are not Thai
(digits, Latin, punctuation, spaces) cost nothing, and neither does a lone Thai letter
(the letters of an abbreviation, "พ.ศ."): every reading of them is alike to this model,
and the vote and the channel decide between them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pythainlp.corpus import thai_words, tnc, ttc
from pythainlp.tokenize.tcc import tcc_pos

from .dictionary import SortedWords

FLOOR_COUNT = 0.5
UNKNOWN_CLUSTER = -20.0
CACHE_SIZE = 200_000
_THAI_RUN = re.compile("[\u0e01-\u0e4e]+")


@dataclass(frozen=True, slots=True)
class Segmentation:
    """The best segmentation of a text: its log probability, its words (Thai runs only)
    and how many clusters no word covered."""

    logp: float
    words: tuple[str, ...]
    unknown: int


@lru_cache(maxsize=1)
def corpus_counts() -> dict[str, float]:
    """Return word counts of TNC and TTC summed, Thai words only (read once per process)."""
    counts: dict[str, float] = {}
    for word, n in (*tnc.word_freqs(), *ttc.word_freqs()):
        if len(word) > 1 and _THAI_RUN.fullmatch(word):
            counts[word] = counts.get(word, 0.0) + n
    return counts


class LanguageModel:
    """Word log probabilities and the segmental score of a text (memoised by text)."""

    def __init__(self, extra_words: Iterable[str] = ()):
        counts = dict(corpus_counts())
        for word in (*thai_words(), *extra_words):
            if len(word) > 1 and _THAI_RUN.fullmatch(word) and word not in counts:
                counts[word] = FLOOR_COUNT
        total = sum(counts.values()) + FLOOR_COUNT * len(counts)
        self.logp = {w: math.log((n + FLOOR_COUNT) / total) for w, n in counts.items()}
        self.words = SortedWords(self.logp)
        self._cache: dict[str, Segmentation] = {}

    def __getstate__(self) -> dict:
        return {"logp": self.logp, "words": self.words}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._cache = {}

    def word_logp(self, word: str) -> float | None:
        """Return log P(word), or None when the model does not know the word."""
        return self.logp.get(word)

    def score(self, text: str) -> Segmentation:
        """Return the best segmentation of `text`'s Thai runs, summed (see module docstring)."""
        found = self._cache.get(text)
        if found is None:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            logp, words, unknown = 0.0, [], 0
            for run in _THAI_RUN.findall(text):
                seg = self._segment(run) if len(run) > 1 else Segmentation(0.0, (run,), 0)
                logp, unknown = logp + seg.logp, unknown + seg.unknown
                words += seg.words
            found = self._cache[text] = Segmentation(logp, tuple(words), unknown)
        return found

    def _segment(self, run: str) -> Segmentation:
        """Best segmentation of one run of Thai letters and marks (a Viterbi pass)."""
        cuts = sorted({0, len(run), *tcc_pos(run)})
        allowed = set(cuts)
        best: dict[int, tuple[float, int, int, str]] = {0: (0.0, 0, -1, "")}
        for k, i in enumerate(cuts[:-1]):
            if i not in best:
                continue
            base, unk, _, _ = best[i]
            steps = [(j, self.logp[w], 0, w) for w in self.words.prefixes(run, i) if (j := i + len(w)) in allowed]
            steps.append((cuts[k + 1], UNKNOWN_CLUSTER, 1, run[i:cuts[k + 1]]))
            for j, cost, is_unknown, word in steps:
                cand = (base + cost, unk + is_unknown, i, word)
                if j not in best or cand[0] > best[j][0]:
                    best[j] = cand
        words, j = [], len(run)
        while j > 0:
            _, _, i, word = best[j]
            words.append(word)
            j = i
        logp, unknown, _, _ = best[len(run)]
        return Segmentation(logp, tuple(reversed(words)), unknown)
