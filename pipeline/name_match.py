"""Find the name a text matches best (rapidfuzz's fuzz.ratio) among many, comparing it
only with the names that can reach the best score there is.

`NameIndex.best(text)` returns exactly what `process.extractOne(text, names,
scorer=fuzz.ratio, score_cutoff=min_score)` returns over every name added, in the order
added: the first of the names that score highest, if that is at least min_score.

fuzz.ratio(a, b) = 200 * LCS / (|a| + |b|), LCS the length of their longest common
subsequence. A common subsequence uses each character no more often than either text
holds it, so LCS <= sum over characters c of min(count of c in a, count of c in b). That
bound is found for every name at once, one numpy operation per distinct character of the
text over a table of the names' character counts. The names are then scored best bound first, and scoring stops at the
first whose bound is below the best score found: no name after it can reach that score,
let alone beat it, so the answer is the first-added of the names that reach it. Copies
of one report have nearly the same characters, other reports' names do not, so a name
is usually scored against one or two names instead of every report's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np
from rapidfuzz import fuzz

SLACK = 1e-6  # added to a bound, so floating point can only widen it


class NameIndex:
    """Names in the order added, each with a key; `best` as extractOne over them (module docstring)."""

    def __init__(self, names: Iterable[tuple[str, str]], min_score: float):
        self.min_score = min_score
        self._keys: list[str] = []
        self.names: list[str] = []  # distinct, in the order added
        self._seen: set[str] = set()
        self._columns: dict[str, int] = {}  # character -> its row in _counts
        self._counts = np.zeros((64, 64), dtype=np.int32)  # [character, name]: how often the name holds it
        self._lengths = np.zeros(64, dtype=np.int64)
        for key, name in names:
            self.add(key, name)

    def add(self, key: str, name: str) -> None:
        """Add `name` under `key` after every name added so far."""
        if not name or name in self._seen:
            return  # an empty name scores 0; an equal name before it is always chosen first
        self._seen.add(name)
        held = Counter(name)
        for ch in held:
            self._columns.setdefault(ch, len(self._columns))
        place = len(self.names)
        chars, room = self._counts.shape
        if place == room or len(self._columns) > chars:
            grown = np.zeros((max(chars, 2 * len(self._columns)), max(room, 2 * place)), dtype=np.int32)
            grown[:chars, :room] = self._counts
            lengths = np.zeros(grown.shape[1], dtype=np.int64)
            lengths[:room] = self._lengths
            self._counts, self._lengths = grown, lengths
        for ch, n in held.items():
            self._counts[self._columns[ch], place] = n
        self._lengths[place] = len(name)
        self._keys.append(key)
        self.names.append(name)

    def bounds(self, text: str) -> np.ndarray:
        """Return, for each name in the order added, a score fuzz.ratio(text, name) cannot
        exceed. A character of `text` that no name holds adds nothing to any."""
        n = len(self.names)
        shared = np.zeros(n, dtype=np.int32)
        for ch, held in Counter(text).items():
            at = self._columns.get(ch)
            if at is not None:
                shared += np.minimum(self._counts[at, :n], held)
        return 200.0 * shared / (self._lengths[:n] + len(text)) + SLACK

    def best(self, text: str) -> tuple[str, float] | None:
        """Return (key, score) of the first name with the highest fuzz.ratio to `text`, if
        that is at least min_score; else None."""
        if not text or not self.names:
            return None
        bounds = self.bounds(text)
        places = np.flatnonzero(bounds >= self.min_score)
        best_score, best_place = 0.0, -1
        for place in places[np.argsort(-bounds[places], kind="stable")].tolist():
            if bounds[place] < best_score:
                break
            score = fuzz.ratio(text, self.names[place], score_cutoff=self.min_score)
            if score > best_score or (score == best_score and score and place < best_place):
                best_score, best_place = score, place
        return (self._keys[best_place], best_score) if best_place >= 0 else None
