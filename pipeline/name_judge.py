"""Names against the OCR channel: which listed name a reading of a name part is, and how
sure a reading is of the name it holds. A person's name is no phrase of the language,
so the language model has nothing to say; what is known is the lists' entries (a
user's own list, --dict, above all) and the channel's slips."""

from __future__ import annotations

import math
import weakref
from collections.abc import Collection, Container, Iterable, Sequence
from typing import NamedTuple

from .channel import Channel, shares
from .dictionary import Dictionary
from .skeleton_index import SkeletonIndex

NAME_PRIOR = 0.5
USER_NAME_PRIOR = 0.95
NAMES_UNLISTED = 1_000_000
NAME_MIN_POSTERIOR = 0.9  # a changed name wrong costs far more than a name left flagged
LISTS_KEPT = 8  # dictionaries whose name lists a judge keeps weighed (a process may run with several)


class _Lists(NamedTuple):
    """The entries of some kinds of a dictionary, as the judge weighs them."""

    entries: frozenset[str]
    alphabet: str  # the letters the entries use
    unindexed: SkeletonIndex  # the entries the lexicon lacks, by skeleton
    user: frozenset[str]  # the entries of the user's own lists
    user_prior: float  # log prior of one of them
    shipped_prior: float  # log prior of one of the others


class NameJudge:
    """Weighs a name part's readings against the entries of a dictionary's name lists."""

    def __init__(self, channel: Channel, temperature: float, lexicon: SkeletonIndex, words: Container[str]):
        self.channel = channel
        self.temperature = temperature
        self.lexicon, self.words = lexicon, words  # the language model's words by skeleton, and themselves
        self._lists: dict[tuple[tuple[str, ...], int], tuple[weakref.ref[Dictionary], _Lists]] = {}

    def entry(self, part: str, dictionary: Dictionary, kinds: tuple[str, ...]) -> tuple[str, float] | None:
        """Return (entry, posterior) for the dictionary entry of `kinds` that `part` is a
        misreading of, when the channel strongly supports one; None otherwise: most
        real names are in no list, and a name is never invented.

        The candidates are `part` itself, a name no list has (prior 1 - NAME_PRIOR,
        shared among NAMES_UNLISTED names), and the entries with its skeleton (prior
        NAME_PRIOR shared among the shipped entries of `kinds`, or USER_NAME_PRIOR among
        the entries of the user's own lists, --dict: a staff directory names the very
        people of an archive); each times the channel's chance of reading `part`. An
        entry is returned when its posterior is at least NAME_MIN_POSTERIOR.
        """
        lists = self._lists_of(dictionary, kinds)
        scores = self._entry_scores(part, lists)
        if not scores:
            return None
        return self._supported(part, scores, 1 - (USER_NAME_PRIOR if lists.user else NAME_PRIOR))

    def mention(self, part: str, people: Collection[str]) -> tuple[str, float] | None:
        """Return (person, posterior) for the part of a name of the record's own people
        (`people`: the listed parts its person fields read) that `part`, a name in its
        text that no list holds, is a misreading of, when the channel strongly supports
        it; None otherwise. The candidates are `part` itself, a name no list has (prior 1
        - USER_NAME_PRIOR shared among NAMES_UNLISTED names), and each of `people` with
        its skeleton (prior USER_NAME_PRIOR shared among them all: a report's text names
        its own responsible person and coordinator far more often than anyone else), each
        times the channel's chance of reading `part`; a person is returned when their
        posterior is at least NAME_MIN_POSTERIOR."""
        skeleton = self.channel.skeleton(part)
        alike = sorted(p for p in people if p != part and self.channel.skeleton(p) == skeleton)
        if not alike or part in people:
            return None
        prior = math.log(USER_NAME_PRIOR / len(people))
        return self._supported(part, {p: prior + self.channel.log_prob(part, p) for p in alike}, 1 - USER_NAME_PRIOR)

    def _supported(self, part: str, scores: dict[str, float], unlisted: float) -> tuple[str, float] | None:
        """Return (name, posterior) for the best of the names `scores` weighs (log prior
        plus the channel's chance of reading `part`), against `part` itself, a name no
        list has (prior `unlisted` shared among NAMES_UNLISTED names), when its posterior
        is at least NAME_MIN_POSTERIOR; None otherwise. What entry and mention share."""
        weighed = {**scores, part: math.log(unlisted / NAMES_UNLISTED) + self.channel.log_prob(part, part)}
        best = max(scores, key=lambda name: (weighed[name], name))
        posterior = _share(weighed, best)
        return (best, posterior) if posterior >= NAME_MIN_POSTERIOR else None

    def listed_posterior(self, part: str, dictionary: Dictionary, kinds: tuple[str, ...]) -> float:
        """Return the posterior that `part`, an entry of `kinds`, was printed as read,
        against the other entries OCR could have read as it (those with its skeleton, and
        those one letter or mark away: "คงเพชร" for "กงเพชร"), each at its list's prior
        times the channel's chance of reading `part`: a name read once is as sure as no
        other listed name lies within the channel's reach of it. 0.0 when `part` is no
        entry."""
        lists = self._lists_of(dictionary, kinds)
        scores = self._entry_scores(part, lists)
        if part not in scores:
            return 0.0
        for entry in one_edit_away(part, lists.alphabet) & lists.entries:
            if entry not in scores:
                scores[entry] = self._score(part, entry, lists)
        return _share(scores, part)

    def printed_posterior(self, chosen: str, others: Iterable[str], readings: Sequence[tuple[str, float]]) -> float:
        """Return the posterior that `chosen`, not one of `others`, was printed, given the
        (text, weight) `readings`, by the channel's single-character slips alone
        (Channel.slip_log_prob, every text as likely before it is read). Two copies
        reading "ณัฐฐากร" against one reading "ณัฐฐากูร" are likelier a mark lost twice
        than one made up once."""
        slip = self.channel.slip_log_prob
        texts = dict.fromkeys([chosen, *others])  # in order: the sums below are the same run after run
        scores = {text: sum(w * slip(read, text) for read, w in readings) for text in texts}
        return _share(scores, chosen, self.temperature)

    def _lists_of(self, dictionary: Dictionary, kinds: tuple[str, ...]) -> _Lists:
        """Return the entries of `kinds` as weighed, made on first use and kept while
        `dictionary` lives (one model serves every dictionary of the same entries,
        whichever of them are the user's own), for at most LISTS_KEPT at a time."""
        key = (kinds, id(dictionary))
        found = self._lists.get(key)
        if found is not None and found[0]() is dictionary:
            return found[1]
        entries = frozenset().union(*(dictionary.entries[k] for k in kinds))
        user = frozenset().union(*(dictionary.user_entries[k] for k in kinds))
        lists = _Lists(
            entries, "".join(sorted(set().union(*entries))),
            SkeletonIndex([e for e in entries if e not in self.words], self.channel), user,
            math.log(USER_NAME_PRIOR / max(1, len(user))), math.log(NAME_PRIOR / max(1, len(entries - user))))
        self._lists = {k: v for k, v in self._lists.items() if v[0]() is not None}
        if len(self._lists) >= LISTS_KEPT:
            self._lists.clear()
        self._lists[key] = (weakref.ref(dictionary), lists)
        return lists

    def _entry_scores(self, part: str, lists: _Lists) -> dict[str, float]:
        """Return `_score` for each entry with `part`'s skeleton: those of the lexicon's
        words (which hold the lists' entries: no index of their own to build on every
        run) and of the entries it lacks."""
        skeleton = self.channel.skeleton(part)
        found = sorted([*(w for w in self.lexicon.words(skeleton) if w in lists.entries),
                        *lists.unindexed.words(skeleton)])
        return {e: self._score(part, e, lists) for e in found}

    def _score(self, part: str, entry: str, lists: _Lists) -> float:
        """Return log prior of `entry` + log P(reading `part` | `entry` printed)."""
        return (lists.user_prior if entry in lists.user else lists.shipped_prior) + self.channel.log_prob(part, entry)


def one_edit_away(text: str, alphabet: str) -> set[str]:
    """Return the texts one letter of `alphabet` away from `text`: one left out, put in
    or put in another's place (`text` itself not included)."""
    cuts = [(text[:i], text[i:]) for i in range(len(text) + 1)]
    out = {a + b[1:] for a, b in cuts if b}
    out |= {a + ch + b[1:] for a, b in cuts if b for ch in alphabet}
    out |= {a + ch + b for a, b in cuts for ch in alphabet}
    out.discard(text)
    return out


def _share(scores: dict[str, float], chosen: str, temperature: float = 1.0) -> float:
    """Return the posterior share of `chosen` among `scores` (channel.shares)."""
    return dict(zip(scores, shares(scores.values(), temperature)))[chosen]
