"""Find the name a text matches best (rapidfuzz's fuzz.ratio) among many, comparing it
only with the names that can reach the score asked for.

`NameIndex.best(text)` returns exactly what `process.extractOne(text, names,
scorer=fuzz.ratio, score_cutoff=min_score)` returns over every name added, in the order
added (the first of the names that score highest): it is that very call, over the same
names in the same order less two kinds that extractOne can never choose. extractOne goes
through the names in order and changes its answer (raising its cutoff to the new score)
only at a name that reaches the cutoff and scores above the answer so far, so leaving
out a name that never can changes nothing it does at any other:

- a name equal to one added before it: it scores as the first did, and extractOne takes
  a name only for a higher score than the best so far, or the first that reaches the cutoff;
- a name whose length rules the score out. fuzz.ratio(a, b) = 200 * LCS / (|a| + |b|), LCS
  the length of their longest common subsequence, and LCS <= min(|a|, |b|); so a score of
  at least `min_score` needs min(|a|, |b|) >= min_score * (|a| + |b|) / 200 (85: lengths
  within about 0.74 to 1.35 times each other).

The names are kept in lists by length; the lists of the lengths in reach are merged by
the order the names were added, unless they hold most of the names.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process

MERGE_BELOW = 0.5  # share of the names in reach under which only they are compared
SLACK = 1e-6  # taken off the score in the length bound, so floating point can only widen it


class NameIndex:
    """Names in the order added, each with a key; `best` as extractOne over them (module docstring)."""

    def __init__(self, names: Iterable[tuple[str, str]], min_score: float):
        self.min_score = min_score
        self._keys: list[str] = []
        self.names: list[str] = []  # distinct, in the order added
        self._seen: set[str] = set()
        self._by_length: dict[int, list[int]] = defaultdict(list)  # places in `names`
        for key, name in names:
            self.add(key, name)

    def add(self, key: str, name: str) -> None:
        """Add `name` under `key` after every name added so far."""
        if not name or name in self._seen:
            return  # an empty name scores 0; an equal name before it is always chosen first
        self._seen.add(name)
        self._by_length[len(name)].append(len(self.names))
        self._keys.append(key)
        self.names.append(name)

    def best(self, text: str) -> tuple[str, float] | None:
        """Return (key, score) of the first name with the highest fuzz.ratio to `text`, if
        that is at least min_score; else None."""
        if not text:
            return None
        found = self.candidates(text)
        names = self.names if isinstance(found, range) else [self.names[at] for at in found]
        match = process.extractOne(text, names, scorer=fuzz.ratio, score_cutoff=self.min_score)
        return (self._keys[found[match[2]]], match[1]) if match else None

    def candidates(self, text: str) -> Sequence[int]:
        """Return the places (in the order added) of the names `best(text)` compares `text`
        with: those of the lengths in reach, or every name when they are most of them
        (rapidfuzz skips the others at once, and merging the lists would cost more)."""
        runs = [self._by_length[n] for n in _lengths_in_reach(len(text), self.min_score) if n in self._by_length]
        if sum(map(len, runs)) > len(self.names) * MERGE_BELOW:
            return range(len(self.names))
        return sorted(itertools.chain.from_iterable(runs))


@functools.lru_cache(maxsize=4096)
def _lengths_in_reach(length: int, min_score: float) -> range:
    """The lengths of the texts that can score min_score with a text of `length` characters."""
    def in_reach(n: int) -> bool:
        return min(length, n) >= math.ceil((min_score - SLACK) * (length + n) / 200)

    shortest, longest = length, length
    while shortest > 1 and in_reach(shortest - 1):
        shortest -= 1
    while in_reach(longest + 1):
        longest += 1
    return range(shortest, longest + 1)
