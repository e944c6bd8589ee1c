"""How one document spells its words: the copies' readings of every text field, pooled.

A word a document uses more than once is read more than once, in several fields and in
every copy; OCR misreads one occurrence, not all alike ("ระบบระบายนำ" in the project
name, "ระบบระบายน้ำ" three times in the principle and once in the objectives). Where
one field's copies all misread a word into another real word, which neither the vote
nor a unigram language model can see, the rest of the document can: of the words OCR
confuses (the channel's skeleton) read between the same neighbours, the printed word
that best explains all those readings (the OCR channel: a tone mark is dropped far more
often than one is added) is the document's spelling. A word is respelled only when that
is clear (`Spellings.respell`).

The same holds for the spaces between words. Tesseract reads a space where a line of
print wrapped inside a phrase, or where glyphs stand apart, and every copy of the print
shares it; elsewhere in the document the same two words stand together. A space the
print has is seldom lost (the channel: about one in two hundred), so two words the
document reads together more often than apart, twice at least, are printed together
(`Spellings.read_joined`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable

from .channel import shares
from .correct import DECODE_WORDS, Corrector
from .thai_script import THAI_SPELLING, added_to

MIN_POSTERIOR = 0.95
JOINED_MIN = 2  # printings of two words run together (each read by every copy) that outweigh them apart
_THAI_WORD = re.compile(f"[{THAI_SPELLING}]+")


class Spellings:
    """Counts of the words of a document's texts, alone and next to their neighbours."""

    def __init__(self, texts: Iterable[str], corrector: Corrector, copies: int = 1):
        self.corrector = corrector
        self.copies = max(1, copies)  # the copies each printed text was read in
        self.together: dict[tuple[str, str], dict[str, int]] = {}  # in one phrase: the words before, counted
        self.apart: dict[tuple[str, str], dict[str, int]] = {}  # ... with a space between them
        self.by_skeleton: dict[str, set[str]] = {}
        self.between: dict[tuple[str, str], set[str]] = {}  # the words read between two words, in one phrase
        self.between_wide: dict[tuple[str, str, str], set[str]] = {}  # ... two words before, one after
        seen: set[str] = set()
        for text, n in Counter(map(str, texts)).items():  # copies often read a text alike: count it once, n times
            words_of = [self._words(phrase) for phrase in text.split()]
            last = [words[-1] if words else "" for words in words_of]
            for k, words in enumerate(words_of):
                seen.update(words)
                for i in range(1, len(words)):
                    ahead = words[i - 2] if i > 1 else (last[k - 1] if k else "")
                    ahead_of = self.together.setdefault((words[i - 1], words[i]), {})
                    ahead_of[ahead] = ahead_of.get(ahead, 0) + n
                    if i > 1:
                        self.between.setdefault((ahead, words[i]), set()).add(words[i - 1])
                    if i > 2:
                        self.between_wide.setdefault((words[i - 3], ahead, words[i]), set()).add(words[i - 1])
                before = words_of[k - 1] if k else ()
                if before and words:
                    ahead = before[-2] if len(before) > 1 else (last[k - 2] if k > 1 else "")
                    ahead_of = self.apart.setdefault((before[-1], words[0]), {})
                    ahead_of[ahead] = ahead_of.get(ahead, 0) + n
        for word in seen:
            self.by_skeleton.setdefault(corrector.channel.skeleton(word), set()).add(word)

    def _words(self, phrase: str) -> tuple[str, ...]:
        return self.corrector.lm.score(phrase).words

    def _support(self, before: str | None, word: str, after: str | None) -> int:
        """Return how often the document reads `word` together with `before` or `after`
        (inside one phrase)."""
        return (self._read_together(before, word) if before else 0) + (self._read_together(word, after) if after else 0)

    def _read_together(self, first: str, second: str) -> int:
        return sum(self.together.get((first, second), {}).values())

    def read_joined(self, left: str, right: str, previous: str = "") -> bool:
        """True when the document reads the last word of the phrase `left` and the first
        of `right` together (inside one phrase), after the same word as here (the one
        before in `left`, or the last of the phrase `previous`), as often as JOINED_MIN
        printings read by every copy, and more often than apart so, which its texts must
        read at least once (the reading judged is one of them): the space between them
        is OCR's (see the module docstring). A print may set the same two words apart in
        one sentence and together in another ("นิทรรศการ คัดเลือก ครูดีเด่น",
        "ประกวดคัดเลือกครูดีเด่น"), so only readings after the same word count. Words of
        two characters or more, Thai only."""
        before, after = self._words(left), self._words(right)
        if not before or not after or min(len(before[-1]), len(after[0])) < 2 \
                or not (_THAI_WORD.fullmatch(before[-1]) and _THAI_WORD.fullmatch(after[0])):
            return False
        ahead = before[-2] if len(before) > 1 else (self._words(previous)[-1:] or ("",))[0]
        if not ahead:
            return False
        key = (before[-1], after[0])
        joined, apart = self.together.get(key, {}).get(ahead, 0), self.apart.get(key, {}).get(ahead, 0)
        return apart > 0 and joined >= JOINED_MIN * self.copies and joined > apart

    def respell(self, phrase: str) -> str:
        """Return `phrase` with each word the document reads otherwise replaced: of the
        word and the lexicon words with its skeleton read between the same neighbours
        (and, for a word the corpus hardly knows, Corrector.rare, the common words the
        document reads between those neighbours elsewhere that it is with letters lost,
        thai_script.added_to: "และ" "บบ" "ระบาย" where it reads "และ" "ระบบ" "ระบาย"), the one
        most likely printed (`printed`), when its posterior is at least MIN_POSTERIOR.
        Words and neighbours are the language model's segmentation; a word may be a
        reading no lexicon holds ("นั้า")."""
        words = list(self._words(phrase))
        if len(words) < 2 or "".join(words) != phrase:
            return phrase
        changed = False
        skeleton = self.corrector.channel.skeleton
        for i, word in enumerate(words):
            if len(word) < 2:
                continue
            before = words[i - 1] if i else None
            after = words[i + 1] if i + 1 < len(words) else None
            alike = self.by_skeleton.get(skeleton(word), set())
            if before and after and self.corrector.rare(word):
                alike = alike | {w for w in self.between.get((before, after), ())
                                 if not self.corrector.rare(w) and len(word) < len(w) and added_to(word, w)}
            if not alike or (len(alike) == 1 and word in alike):
                continue
            unread = self._unread_mates(words[i - 2] if i > 1 else None, before, word, after, alike)
            best = self.printed(before, word, after, alike - {word}, unread)
            if best != word:
                words[i], changed = best, True
        return "".join(words) if changed else phrase

    def _unread_mates(self, ahead: str | None, before: str | None, word: str, after: str | None,
                      alike: set[str]) -> tuple[str, ...]:
        """Return the lexicon's commonest words with `word`'s skeleton (DECODE_WORDS of
        them) that the document never reads there, where it reads two or more of `alike`
        after the same two words (`ahead`, `before`) and before the same word (`after`):
        one phrase printed more than once and read a different way each time, so OCR
        misread it at least once, and may have misread it every time ("ระบบ" "ระบาย"
        "นำ" "ใน" and "ระบบ" "ระบาย" "น้า" "ใน" where "น้ำ" was printed, in a face whose
        SARA AM and tone mark each come out wrong now and then). Two sentences that
        share a word either side may hold two words ("ที่นำมา", "ที่น้ำมา"): they are no
        such evidence, and neither is a word the document reads one way."""
        if not (ahead and before and after) or \
                len(self.between_wide.get((ahead, before, after), set()) & alike) < 2:
            return ()
        return tuple(w for w in self.corrector.index.words(self.corrector.channel.skeleton(word))[:DECODE_WORDS]
                     if w not in alike)

    def printed(self, before: str | None, word: str, after: str | None, mates: set[str],
                unread: Collection[str] = ()) -> str:
        """Return the lexicon word, of `word` and its `mates`, that maximises log P_LM(w)
        plus, over every reading of them between `before` and `after` in the document,
        log P(reading | w) (the channel); `word` unless that one's posterior among them is
        at least MIN_POSTERIOR, some copy read it there (or it is one of `unread`, the
        lexicon's words the document may have misread every time: _unread_mates), and,
        where `word` is itself a lexicon word, OCR misreads it as `word` more readily than the other way round,
        by single-character slips (Channel.slip_log_prob: the direction OCR errs in, a
        tone mark lost, not one added; readings in one
        document share their font and scan, so a mark lost again and again is no
        evidence the print lacks it). A reading no lexicon holds was not printed: there
        is no direction to weigh."""
        support = {m: self._support(before, m, after) for m in (word, *sorted(mates))}
        logp, channel = self.corrector.lm.logp, self.corrector.channel
        scores = {p: logp[p] + sum(n * channel.log_prob(m, p) for m, n in support.items() if n)
                  for p in (*support, *unread) if p in logp and (support.get(p) or p in unread)}
        if not scores:
            return word
        best = max(scores, key=lambda p: (scores[p], p == word))
        posterior = dict(zip(scores, shares(scores.values())))[best]
        if posterior < MIN_POSTERIOR or word in logp and \
                channel.slip_log_prob(word, best) <= channel.slip_log_prob(best, word):
            return word
        return best
