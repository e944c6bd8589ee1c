"""A Thai word language model, for telling a real phrase from an OCR misreading of it.

Unigram word probabilities from the corpora pythainlp ships (offline): word frequencies
of the Thai National Corpus and of the Thai Textbook Corpus, summed (words of one letter
left out: in the corpora they are abbreviations and cutting debris); every word of
pythainlp's Thai word list (the Royal Institute dictionary's words among them) and
every entry of the loaded dictionaries (agencies, districts, schools, names, each as
one word however many words it is made of) gets at least FLOOR_COUNT.

A word no list has is spelled out: each of its character clusters costs UNKNOWN_CLUSTER,
about what one to two letters cost when each of the sixty or so letters and marks is
as likely as another (log 1/60 = -4.1 a letter), and a cluster of more letters and
marks UNKNOWN_LETTER for each: compared by their length (Segmentation.relative), a
long cluster of junk ("นั้า", two vowels on one letter) would otherwise outscore the
word it misreads ("น้ำ").

A text is scored by its best segmentation (dynamic programming over the word lattice,
cut only between Thai character clusters, `cluster_cuts`): the sum of its words' log
probabilities, each cluster no word covers costing UNKNOWN_CLUSTER and each foreign
character (Latin letters, stray symbols: what OCR makes of a smudge) FOREIGN_CHAR. So one known word
beats two known words glued together when it is the commoner reading: log P("เครือข่าย")
= -9.6 against log P("เครื่อง") + log P("ข่าย") = -17.6. Characters that are not Thai
(digits, common punctuation, spaces) cost nothing, and a lone Thai letter (the letters
of an abbreviation, "พ.ศ.") costs exactly what its length earns in the score candidates
are compared by (Segmentation.relative): no reading of it is better than another to this
model, nor one with a letter more or less, and the vote and the channel decide.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

from pythainlp.corpus import thai_words, tnc, ttc

from .thai_script import THAI_FOLLOWING, THAI_LEADING_VOWELS, THAI_SPELLING, characters

FLOOR_COUNT = 0.5
UNKNOWN_CLUSTER = -8.0
WORD_MARKS = ("\u0e2f", "\u0e46")  # ฯ and ๆ, written after a word: each costs an average letter
UNKNOWN_LETTER = math.log(1 / 60)
FOREIGN_CHAR = UNKNOWN_CLUSTER
CACHE_SIZE = 200_000
_THAI_RUN = re.compile(f"[{THAI_SPELLING}]+")
_NO_CUT_BEFORE = frozenset(characters(THAI_FOLLOWING))
_NO_CUT_AFTER = frozenset(characters(THAI_LEADING_VOWELS))
_NOT_THAI_TOKEN = re.compile(r"\s+|[0-9]+(?:[.,][0-9]+)*|[A-Za-z]+|.", re.DOTALL)
_FOREIGN = re.compile(f"[^{THAI_SPELLING}0-9\\s.,:/()%+=\"'-]")


class Segmentation(NamedTuple):
    """The best segmentation of a text: its log probability, its words (Thai runs only),
    how many clusters no word covered, and `relative`: the log probability plus the
    corpus's entropy per Thai character times the text's Thai characters, a score that
    does not favour a text for being shorter (what candidates of different lengths are
    compared by). A tuple: memoised by the thousand, tuples of plain values cost the
    garbage collector nothing."""

    logp: float
    words: tuple[str, ...]
    unknown: int
    relative: float = 0.0


def has_foreign(text: str) -> bool:
    """True when `text` holds a character no Thai text is made of (a Latin letter, a
    stray symbol: what OCR makes of a smudge), the characters that cost FOREIGN_CHAR."""
    return _FOREIGN.search(text) is not None


def unread_cost(letters: int) -> float:
    """Return the log probability the lattice gives a cluster of `letters` no word
    covers: UNKNOWN_CLUSTER, or UNKNOWN_LETTER a letter where that is less (a long one)."""
    return min(UNKNOWN_CLUSTER, UNKNOWN_LETTER * letters)


_UNREAD_COSTS = tuple(unread_cost(n) for n in range(16))  # by letters: the lattice's inner loop looks them up


def cluster_cuts(run: str) -> list[int]:
    """Return the places a run of Thai may be cut between words, start and end included:
    never before a vowel or mark that follows its consonant (ะ า ำ ๅ, the upper and
    lower vowels, tone marks), never after a vowel written before it (เ แ โ ใ ไ)."""
    cuts, before = [0], run[:1]
    for i, ch in enumerate(run[1:], 1):
        if ch not in _NO_CUT_BEFORE and before not in _NO_CUT_AFTER:
            cuts.append(i)
        before = ch
    cuts.append(len(run))
    return cuts


@lru_cache(maxsize=1)
def corpus_counts() -> dict[str, float]:
    """Return word counts of TNC and TTC summed, Thai words only (read once per process)."""
    counts: dict[str, float] = {}
    for word, n in (*tnc.word_freqs(), *ttc.word_freqs()):
        if len(word) > 1 and _THAI_RUN.fullmatch(word):
            counts[word] = counts.get(word, 0.0) + n
    return counts


def word_pieces(logp: dict[str, float]) -> dict[str, float | None]:
    """Return every word of `logp` with its log probability, and every piece a word
    begins with that ends at one of its own cluster cuts (cluster_cuts) with None: the
    lattice's look-up table. A run's piece from one of its cuts to another that is in no
    word's beginning cannot be extended into a word (a cut of the run inside a word is a
    cut of the word: it depends only on the two characters either side), so a search
    for the words at a place stops there."""
    pieces: dict[str, float | None] = dict.fromkeys(w[:c] for w in logp for c in cluster_cuts(w)[1:-1])
    pieces.update(logp)
    return pieces


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Return pythainlp's Thai word list (a dictionary's headwords, loaded on first use):
    what is a word of the language, as the corpus counts are not (they count OCR's and
    typists' misspellings too, "เพือ", "ต่อเนือง")."""
    return frozenset(thai_words())


class LanguageModel:
    """Word log probabilities and the segmental score of a text (memoised by text)."""

    def __init__(self, extra_words: Iterable[str] = ()):
        counts = dict(corpus_counts())
        for word in (*thai_words(), *extra_words):
            if len(word) > 1 and _THAI_RUN.fullmatch(word) and word not in counts:
                counts[word] = FLOOR_COUNT
        total = sum(counts.values(), 0.0) + FLOOR_COUNT * len(counts)
        self.logp = {w: math.log((n + FLOOR_COUNT) / total) for w, n in counts.items()}
        self.char_rate = sum((n * -self.logp[w] for w, n in counts.items()), 0.0) / sum(
            (n * len(w) for w, n in counts.items()), 0.0)
        self.logp.update(dict.fromkeys(WORD_MARKS, -self.char_rate))
        self.pieces = word_pieces(self.logp)
        self._cache: dict[str, Segmentation] = {}
        self._runs: dict[str, Segmentation] = {}

    def __getstate__(self) -> dict:
        return {"logp": self.logp, "pieces": self.pieces, "char_rate": self.char_rate}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._cache, self._runs = {}, {}

    def word_logp(self, word: str) -> float | None:
        """Return log P(word), or None when the model does not know the word."""
        return self.logp.get(word)

    def covers(self, word: str) -> bool:
        """True when the lattice reads `word` as a word of the lexicon: one it holds at
        least as likely as its clusters left unread (unread_cost). A word rarer than that
        ("สู", "ตั") is the lattice's unknown cluster all the same: OCR's fragments are
        such words."""
        found = self.logp.get(word)
        if found is None:
            return False
        cuts = cluster_cuts(word)
        return found >= sum(unread_cost(b - a) for a, b in zip(cuts, cuts[1:]))

    def score(self, text: str) -> Segmentation:
        """Return the best segmentation of `text`'s Thai runs, summed (see module docstring)."""
        found = self._cache.get(text)
        if found is None:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            words: list[str] = []
            logp, unknown, thai = FOREIGN_CHAR * len(_FOREIGN.findall(text)), 0, 0
            for run in _THAI_RUN.findall(text):
                seg = self._run(run)
                logp, unknown, thai = logp + seg.logp, unknown + seg.unknown, thai + len(run)
                words += seg.words
            found = self._cache[text] = Segmentation(logp, tuple(words), unknown, logp + self.char_rate * thai)
        return found

    def _run(self, run: str) -> Segmentation:
        """Return the segmentation of one run of Thai letters and marks (remembered for
        CACHE_SIZE runs)."""
        found = self._runs.get(run)
        if found is None:
            if len(self._runs) >= CACHE_SIZE:
                self._runs.clear()
            found = self._runs[run] = self._segment(run) if len(run) > 1 else Segmentation(-self.char_rate, (run,), 0)
        return found

    def tokens(self, text: str) -> list[str]:
        """Return `text` cut into the words of its Thai runs' segmentations (`score`'s,
        remembered by run) and, between them, runs of whitespace, numbers ("305,000",
        "12.5"), Latin words and single other characters: what the vote aligns."""
        out: list[str] = []
        last = 0
        for m in _THAI_RUN.finditer(text):
            out += _NOT_THAI_TOKEN.findall(text, last, m.start())
            out += self._run(m.group()).words
            last = m.end()
        out += _NOT_THAI_TOKEN.findall(text, last)
        return out

    def word_across(self, run: str, cut: int, cuts: Sequence[int]) -> bool:
        """True when a lexicon word of `run` between two of its cluster cuts (`cuts`,
        from cluster_cuts) starts before `cut` and ends after it: the only piece of a
        segmentation that can span a place between clusters."""
        pieces = self.pieces
        after = [j for j in cuts if j > cut]
        for i in cuts:
            if i >= cut:
                return False
            if run[i:cut] not in pieces:
                continue
            for j in after:
                piece = run[i:j]
                if piece not in pieces:
                    break
                if pieces[piece] is not None:
                    return True
        return False

    def _segment(self, run: str) -> Segmentation:
        """Best segmentation of one run of Thai letters and marks (a Viterbi pass): for
        each place, the best score of the text before it, where the word that ends there
        starts, and how many clusters no word covered on the way. The words from a place
        are looked up end by end, up to the first piece no word begins with (`pieces`)."""
        cuts = cluster_cuts(run)
        pieces, unread = self.pieces, _UNREAD_COSTS
        size = len(run) + 1
        score, start, unknown = [-math.inf] * size, [0] * size, [0] * size
        score[0] = 0.0
        for k in range(len(cuts) - 1):
            i, nxt = cuts[k], cuts[k + 1]
            base, missed = score[i], unknown[i]
            cand = base + (unread[nxt - i] if nxt - i < len(unread) else unread_cost(nxt - i))
            if cand > score[nxt]:
                score[nxt], start[nxt], unknown[nxt] = cand, i, missed + 1
            for j in cuts[k + 1:]:
                piece = run[i:j]
                if piece not in pieces:
                    break
                found = pieces[piece]
                if found is not None and base + found > score[j]:
                    score[j], start[j], unknown[j] = base + found, i, missed
        words, j = [], len(run)
        while j > 0:
            words.append(run[start[j]:j])
            j = start[j]
        return Segmentation(score[len(run)] or 0.0, tuple(reversed(words)), unknown[len(run)])
