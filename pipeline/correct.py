"""The noisy-channel decision: which printed text T best explains what the copies read.

score(T) = log P_LM(T) + sum over copies of c_i * log P(reading_i | T),
the language model's term taken relative to the text's length (lm.Segmentation.relative),
with the language model of pipeline/lm.py and the learned OCR channel of
pipeline/channel.py. Copies of one print share much of their misreadings (the same
glyph fools Tesseract the same way): K copies count as K / (1 + (K - 1) rho) independent
observations (`effective_copies`; rho, COPY_CORRELATION, the correlation of misreading
between copies that bench/learn_copy_correlation.py measured), shared among them by
their weights (c_i). The posterior of a candidate is its softmax share of the
scores among the candidates, at TEMPERATURE (a unigram model is surer of itself than
it has reason to be): the confidence a value gets when the model decides.

Candidates are the copies' own readings and lexicon words within the channel's reach
of them: words whose channel skeleton (what OCR confuses, folded) matches a stretch
of the reading (`propose`).
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import NamedTuple

from .channel import MOVED, Channel, load_copy_correlation, shares
from .lm import UNKNOWN_CLUSTER, LanguageModel, cluster_cuts, dictionary_words, has_foreign
from .name_judge import NameJudge
from .ordinals import opens_with_number, ordinal_head
from .skeleton_index import SkeletonIndex
from .thai_script import MARK_CHARACTERS, THAI_CONSONANTS, THAI_SPELLING

COPY_CORRELATION = load_copy_correlation()
TEMPERATURE = 2.0
CACHE_SIZE = 100_000
CONTEXT = 8
DOUBT_BELOW = -4.0
DECODE_WORDS = 6
RESPELL_REACH = 2
MERGE_REACH = 2
REREAD_MIN_CHARS = 2
NAME_GLUED_MIN = 6
RARE_RUN = 3  # neighbouring rare words that make a text suspect (Corrector.suspicion)
_THAI_RUN = re.compile(f"([{THAI_SPELLING}]+)")
_THAI_TAIL = re.compile(f"[{THAI_SPELLING}]+$")
_THAI_HEAD = re.compile(f"[{THAI_SPELLING}]+")
_EACH = "ละ"  # the distributive after a repeated noun: "เครือข่ายละ", each network
_ABBREVIATION = re.compile(f"[{THAI_SPELLING}]+\\.")
_DIGIT_GLUED_AT_END = re.compile(f"[{THAI_SPELLING}][0-9]$")
_LETTER_AND_STOP = re.compile(f"[{THAI_CONSONANTS}]\\.")  # "น.": a consonant and a full stop, a phrase alone
_ENDS_IN_DIGIT = re.compile("[0-9๐-๙]$")
_NUMBER_ALONE = re.compile("[0-9๐-๙]+(?:[.,][0-9๐-๙]+)*")
_STOP_AFTER_WORD = re.compile(f"[{THAI_SPELLING}]*[\u0e2f-\u0e4e][{THAI_SPELLING}]*\\.(?=\\s|$)")
STOP_AFTER_WORD_MIN = 4  # characters of a run before a full stop that make it a word, not an abbreviation


class Choice(NamedTuple):
    """One candidate text with its score and posterior among the candidates weighed (a
    tuple: made by the ten thousand, a frozen dataclass costs more)."""

    text: str
    score: float
    posterior: float


def among(ranked: Sequence[Choice], texts: Collection[str]) -> list[Choice]:
    """Return the choices of `texts` alone, in order, their posteriors shared among them:
    a decision between some of the candidates weighed."""
    kept = [c for c in ranked if c.text in texts]
    return [c._replace(posterior=p) for c, p in zip(kept, shares([c.score for c in kept], TEMPERATURE))]


class Corrector:
    """Scores candidate texts against the copies' readings and proposes corrections."""

    def __init__(self, lm: LanguageModel, channel: Channel):
        self.lm = lm
        self.channel = channel
        self.index = SkeletonIndex(lm.logp, channel, lm.logp)
        self._proposals: dict[str, str] = {}
        self.names = NameJudge(channel, TEMPERATURE, self.index, lm.logp)

    def __getstate__(self) -> dict:
        return {"lm": self.lm, "channel": self.channel, "index": self.index}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._proposals = {}
        self.names = NameJudge(self.channel, TEMPERATURE, self.index, self.lm.logp)

    def score(self, text: str, readings: Sequence[tuple[str, float]], left: str = "", right: str = "") -> float:
        """Return score(text) (module docstring), the language model reading it between
        the last and first CONTEXT characters of `left` and `right`, the context every
        candidate shares (enough for the words that cross the stretch's ends)."""
        return self._score(text, _pooled(readings), left, right)

    def _score(self, text: str, pooled: tuple[float, list[tuple[str, float]]], left: str, right: str) -> float:
        """Return `score` of `text` against readings pooled by `_pooled`."""
        share, by_text = pooled
        log_prob = self.channel.log_prob
        channel = sum(w * log_prob(read, text) for read, w in by_text)
        return self.lm.score(left[-CONTEXT:] + text + right[:CONTEXT]).relative + share * channel

    def rank(self, candidates: Iterable[str], readings: Sequence[tuple[str, float]],
             left: str = "", right: str = "") -> list[Choice]:
        """Return the distinct candidates, best first, with scores and posteriors."""
        pooled = _pooled(readings)
        scored = sorted(((self._score(c, pooled, left, right), c) for c in set(candidates)), key=lambda x: (-x[0], x[1]))
        posteriors = shares([s for s, _ in scored], TEMPERATURE)
        return [Choice(c, round(s, 3), p) for (s, c), p in zip(scored, posteriors)]

    def skeleton_mates(self, texts: Collection[str]) -> list[str]:
        """Return the lexicon words OCR could have read as every one of `texts`: where they
        are one Thai word each and share one channel skeleton, those of the DECODE_WORDS
        commonest words with that skeleton that none of them is. The words a word every
        copy misread, each in its own way, may have been ("นำ" and "น้า" for "น้ำ": a tone
        mark lost in one, SARA AM's circle in the other), which no letter-by-letter
        majority of two readings puts back (align.character_consensus). All of them, for
        the vote to weigh in context: which one a context wants, no score without it
        says ("ต้น" in "ปลูกต้นไม้", where "ตน" alone is likelier)."""
        words = {t.strip() for t in texts}
        if len(words) < 2 or not all(len(w) > 1 and _THAI_HEAD.fullmatch(w) for w in words):
            return []
        skeletons = {self.channel.skeleton(w) for w in words}
        if len(skeletons) != 1:
            return []
        return [w for w in self.index.words(skeletons.pop())[:DECODE_WORDS] if w not in words]

    def propose(self, text: str) -> str:
        """Return the likeliest printed text under the lexicon's reach of `text`: each
        Thai run decoded over a lattice of words whose skeleton matches a stretch of the
        run's skeleton (memoised, text by text and run by run: a run recurs in other texts;
        of the words sharing a skeleton, the DECODE_WORDS commonest and the run's own
        stretch are weighed). A lone letter and a run before a full stop are
        abbreviations ("พ.ศ.", "สมศ."), left as read."""
        found = self._proposals.get(text)
        if found is None:
            if len(self._proposals) >= CACHE_SIZE:
                self._proposals.clear()
            pieces = _THAI_RUN.split(text)
            found = self._proposals[text] = "".join(
                self._read_run(piece) if i % 2 and len(piece) > 1 and not pieces[i + 1].startswith(".")
                else piece for i, piece in enumerate(pieces))
        return found

    def _read_run(self, run: str) -> str:
        """Return `propose` of one Thai run of two letters or more (remembered with the
        texts): the lexicon's reading (`_decode`) with a letter OCR misreads put back where
        no word covers what is left (`_respell`), and two neighbouring words made one
        (`_merge`) in it or in the run as read (the lexicon's reading of "อนุนัติ" is a
        rarer word, "อนันต์", where the run as read has "อนุ" "นัติ", one letter from
        "อนุมัติ"): of the two, the one the language model and the channel score higher."""
        found = self._proposals.get(run)
        if found is None:
            read = self._merge(run, self._respell(self._decode(run)))
            other = self._merge(run, run) if read != run else run
            options = [read, other]
            back = self._marks_put_back(run)
            if back != run:
                options.append(self._merge(run, self._respell(self._decode(back))))
            found = self._proposals[run] = max(options, key=lambda t: (self._fit(run, t), t == read))
        return found

    def _marks_put_back(self, run: str) -> str:
        """Return `run` with each mark that reads better on the letter before its own put
        there, from the first on: the language model's score with the channel's cost of
        a mark read after the next letter (Channel.moved) against the run as it stands.
        A face that draws its marks in cells of their own is read so ("ครดูีเด่น" for
        "ครูดีเด่น"), and the lexicon's reading word by word (`_decode`) cannot put back a
        mark read on the next word's first letter. A run the lexicon's words cover whole
        is left as it is."""
        moved = self.channel.moved
        seg = self.lm.score(run)
        if not moved or not seg.unknown:
            return run
        text, cost = run, 0.0
        top = seg.relative
        for i in range(2, len(run)):
            mark = text[i]
            step = moved.get(mark + MOVED)
            if step is None or text[i - 1] in MARK_CHARACTERS or text[i - 2] in MARK_CHARACTERS:
                continue
            candidate = text[:i - 1] + mark + text[i - 1] + text[i + 1:]
            score = self.lm.score(candidate).relative + cost + step
            if score > top:
                text, cost, top = candidate, cost + step, score
        return text

    def _fit(self, run: str, text: str) -> float:
        """Return how well `text` explains `run` read: its language-model score (relative)
        plus the channel's log probability of reading `run` where it was printed."""
        return self.lm.score(text).relative + self.channel.log_prob(run, text)

    def _merge(self, run: str, text: str) -> str:
        """Return `text` (a reading of `run`) with two neighbouring words made one lexicon
        word by one letter OCR misreads put back (Channel.misread_from) or, next to a word
        the corpus hardly knows (`rare`), one it lost put back within MERGE_REACH of
        where they meet (Channel.lost_letters), where that scores better (`_fit`): "ขุม"
        "ชน" for "ชุมชน", "โคร" "การ" for "โครงการ". A letter OCR seldom confuses is out of
        the skeleton's reach, one it lost is in no skeleton of the run, and `_respell`
        looks only where no word covers."""
        words, logp, misread_from = self.lm.score(text).words, self.lm.logp, self.channel.misread_from
        lost = self.channel.lost_letters
        best, top, at = text, self._fit(run, text), 0
        for first, second in zip(words, words[1:]):
            pair, cut = first + second, len(first)
            found = [pair[:i] + printed + pair[i + 1:] for i, ch in enumerate(pair) for printed in misread_from(ch)]
            if self.rare(first) or self.rare(second):
                near = range(max(1, cut - MERGE_REACH), min(len(pair) - 1, cut + MERGE_REACH) + 1)
                for i in near:
                    head, tail = pair[:i], pair[i:]
                    found += [head + letter + tail for letter in lost]
            for word in found:
                if word in logp:
                    candidate = text[:at] + word + text[at + len(pair):]
                    score = self._fit(run, candidate)
                    if score > top:
                        best, top = candidate, score
            at += len(first)
        return best

    def _decode(self, run: str) -> str:
        """One Thai run's best reading (a Viterbi pass over skeleton positions: for each,
        the best (score, start, word) ending there). A word whose language-model cost
        alone cannot beat the best way to its end found so far is not weighed by the
        channel: a log probability is never above 0."""
        skeleton, starts = [], []
        for i, ch in enumerate(run):
            folded = self.channel.skeleton(ch)
            if folded:
                skeleton.append(folded)
                starts.append(i)
        if not starts:
            return run
        sk, m = "".join(skeleton), len(starts)
        ends = [*starts[1:], len(run)]
        logp, log_prob, by_skeleton, reach = self.lm.logp, self.channel.log_prob, self.index.by_skeleton, self.index.reach
        best: list[tuple[float, int, str] | None] = [None] * (m + 1)
        best[0] = (0.0, -1, "")
        for k in range(m):
            here = best[k]
            if here is None:
                continue
            base = here[0]
            known = best[k + 1]
            if known is None or base + UNKNOWN_CLUSTER > known[0]:
                best[k + 1] = (base + UNKNOWN_CLUSTER, k, run[starts[k]:ends[k]])
            for end in range(k + 1, min(m, k + max(1, reach.get(sk[k:k + 2], 0))) + 1):
                words = by_skeleton.get(sk[k:end])
                if not words:
                    continue
                piece = run[starts[k]:ends[end - 1]]
                own = piece in logp
                for word in {*words[:DECODE_WORDS], piece} if own else words[:DECODE_WORDS]:
                    known, cost = best[end], logp[word]
                    if known is not None and base + cost <= known[0]:
                        if own:
                            continue
                        break  # the words come likeliest first: none after this one can do better
                    score = base + (cost + log_prob(piece, word))
                    if known is None or score > known[0]:
                        best[end] = (score, k, word)
        out, k = [], m
        while k > 0:
            _, k, word = best[k]  # type: ignore[misc]
            out.append(word)
        return "".join(reversed(out))

    def _respell(self, run: str) -> str:
        """Return `run` with the one letter changed, of those near a cluster no word covers,
        that the channel has seen misread as what stands there (Channel.misread_from) and
        that leaves fewer such clusters and scores best (language model and channel);
        `run` itself when no change does. What the skeleton does not fold, because the
        channel saw it too seldom (น read as บ), is reached this way one letter at a time."""
        seg = self.lm.score(run)
        if not seg.unknown:
            return run
        best, top = run, seg.relative
        for i in _near_unknown(run, seg.words, self.lm.logp):
            for printed in self.channel.misread_from(run[i]):
                candidate = run[:i] + printed + run[i + 1:]
                found = self.lm.score(candidate)
                if found.unknown < seg.unknown:
                    score = found.relative + self.channel.log_prob(run, candidate)
                    if score > top:
                        best, top = candidate, score
        return best

    def joins(self, left: str, right: str) -> bool:
        """True when the space between `left` and `right` falls inside a word: the Thai
        letters on either side of it read best as one lexicon word that spans it (or
        cannot be cut there at all: `right` opens with a vowel or mark that belongs to
        `left`'s last letter). Thai puts no space between words; a space inside one is
        a line the print wrapped, or OCR's reading of a wide letter gap ("คุณ ภาพ",
        "อย่ าง"), never text."""
        tail, head = _THAI_TAIL.search(left), _THAI_HEAD.match(right)
        if tail is None or head is None:
            return False
        run, cut = tail.group() + head.group(), len(tail.group())
        cuts = cluster_cuts(run)
        if cut not in cuts:
            return True
        if not self.lm.word_across(run, cut, cuts):
            return False  # only a lexicon word can span a place between clusters: no segmentation needed
        at = 0
        for word in self.lm.score(run).words:
            if at < cut < at + len(word):
                return word in self.lm.logp
            at += len(word)
        return False

    def compounds_in_reach(self, text: str, start: int, end: int) -> Iterator[str]:
        """Yield `text` with two neighbouring words that touch text[start:end] made the
        commonest lexicon word that OCR could have read as the two (one channel skeleton,
        not the two words glued), pair by pair. A unigram model prices a compound the
        corpora seldom count below two common words one letter off it ("คัดแยก" / "คิด"
        "แยก"), so where it chose the two it cannot know it chose right."""
        skeleton, logp = self.channel.skeleton, self.lm.logp
        for m in _THAI_RUN.finditer(text):
            at = m.start()
            words = self.lm.score(m.group()).words
            for first, second in zip(words, words[1:]):
                pair_end = at + len(first) + len(second)
                if at < end and start < pair_end and len(first) > 1 and len(second) > 1 and first + second not in logp:
                    mates = self.index.words(skeleton(first + second))
                    if mates:
                        yield text[:at] + mates[0] + text[pair_end:]
                at += len(first)

    def stutter(self, left: str, right: str) -> int:
        """Return how many characters end `left` that OCR read twice across the space
        before `right`, 0 if none. Either the word `right` opens with, a lexicon word,
        read before it whole (Thai writes "ๆ", not the word again, for a repeat: "จึงได้จัด
        จัดโครงการ"; but "3 เครือข่าย เครือข่ายละ": a count, then "each", `_EACH`) or in
        part: the last word before the space has the skeleton of the first word after it
        and is shorter (marks lost: "กิจกรรมที ที่"); or
        the same letters (`_reread`) on both sides where one side is a whole word and the
        other only its piece, a piece that alone is no word or a rare one: "ขออนุมัติ
        มัติโครงการ" (the end of a word read again), "งานดิ ดิจิทัล" (the start of one);
        or the text after the space starts with words the text before it ends with, the
        last of them cut short, so that it ends in a cluster no word covers and inside a
        word after the space ("ของผู้ส ผู้สูงอายุ").
        "วิชาการ การแลกเปลี่ยน" is text: "การ" is a common word."""
        tail, head = _THAI_TAIL.search(left), _THAI_HEAD.match(right)
        if tail is None or head is None:
            return 0
        last, after = self.lm.score(tail.group()).words[-1], self.lm.score(head.group()).words
        first = after[0]
        if first in self.lm.logp and (last == first and after[1:2] != (_EACH,) or len(last) < len(first) and
                                      self.channel.skeleton(last) == self.channel.skeleton(first)):
            return len(last)
        cut = _reread(tail.group(), head.group(), whole_in_head=False)
        if len(cut) > REREAD_MIN_CHARS and len(cut) not in itertools.accumulate(map(len, after)) \
                and self.lm.score(cut).unknown > 0:
            return len(cut)
        twice = _reread(tail.group(), head.group())
        if len(twice) < REREAD_MIN_CHARS:
            return 0
        if len(last) <= len(twice):  # the word before the piece misread too ("ขออบุมัติ มัติ"): read as it should be
            last = self.lm.score(self.propose(tail.group())).words[-1]
        end_again = first == twice and len(last) > len(twice) and last.endswith(twice)
        start_early = last == twice and len(first) > len(twice) and first.startswith(twice)
        return len(twice) if (end_again or start_early) and self.rare_words(twice) > 0 else 0

    def suspect(self, phrases: Sequence[str], names: Collection[int] = ()) -> bool:
        """True when a text (its phrases, the runs between spaces) holds what correct
        print seldom does and OCR often makes (suspicion)."""
        return self.suspicion(phrases, names) is not None

    def suspicion(self, phrases: Sequence[str], names: Collection[int] = ()) -> str | None:
        """Return what in a text (its phrases, the runs between spaces) correct print
        seldom holds and OCR often makes, said for a reviewer; None when nothing is: a
        cluster no word covers (LanguageModel.covers; an abbreviation, letters before a
        full stop, and "ฯ" and "ๆ" aside), RARE_RUN rare words in a row (_rare_run), a
        character no Thai text is made of (a bar, a Latin letter), a word or a number
        read twice across a space ("ที่ ที่": Thai writes "ๆ" for a repeat; "ครั้งที่ 1 1": a
        speck beside a digit read as another), a lone digit glued to
        the last word ("โครงการ7": a "ฯ" or a speck read as a digit; a number stands
        apart), a consonant and a full stop alone at its end after no number
        ("เรียบร้อยแล้ว น.": "น." abbreviates a time's "นาฬิกา", a speck read so here), a
        full stop glued to a word (a run of STOP_AFTER_WORD_MIN characters or more that
        holds a vowel or a mark, "ต่อเนื่อง.": Thai print seldom ends a sentence so, and
        an abbreviation is consonants, "สปสช."), an ordinal's head with
        no number after it ("ครั้งที่ มีผู้เข้าร่วม": ordinals.ordinal_head), or no Thai
        letter at all. What is left of such a
        text after correction is the likeliest to be wrong: what a person should check.
        The phrases at `names` are a person's name, which no lexicon need cover."""
        if any(phrases) and not any(map(_THAI_HEAD.search, phrases)):
            return "it holds no Thai letter"
        if phrases and _DIGIT_GLUED_AT_END.search(phrases[-1]):
            return f"a digit is glued to its last word ({phrases[-1]!r}): a 'ฯ' or a speck read as one?"
        if len(phrases) > 1 and _LETTER_AND_STOP.fullmatch(phrases[-1]) and not _ENDS_IN_DIGIT.search(phrases[-2]) \
                and len(phrases) - 1 not in names:
            return (f"it ends with {phrases[-1]!r}, an abbreviation with nothing after it and no number before it: "
                    "a speck read so?")
        stop = next((m.group() for p in phrases for m in _STOP_AFTER_WORD.finditer(p)
                     if len(m.group()) > STOP_AFTER_WORD_MIN), None)
        if stop is not None:
            return f"a full stop follows a word ({stop!r}): a speck read as one?"
        before: tuple[str, ...] = ()
        for i, phrase in enumerate(phrases):
            if has_foreign(phrase):
                return f"{phrase!r} holds a character that is not Thai (a Latin letter, a bar: OCR reads specks so)"
            seg = self.lm.score(_ABBREVIATION.sub(" ", phrase))
            if seg.unknown and _unread(seg.words, self.lm, i in names):
                return f"{phrase!r} holds letters that spell no word the language model knows"
            rare = self._rare_run(seg.words) if i not in names else ()
            if rare:
                return f"{phrase!r} reads as {len(rare)} rare words in a row ({' '.join(rare)}): OCR's junk reads so"
            words = self.lm.score(phrase).words
            if before and words and before[-1] == words[0]:
                return f"{words[0]!r} is read twice across a space"
            if i and phrase == phrases[i - 1] and _NUMBER_ALONE.fullmatch(phrase):
                return f"the number {phrase!r} is read twice across a space: a speck read as a digit?"
            head = ordinal_head(words)
            if head is not None and (i + 1 == len(phrases) or not opens_with_number(phrases[i + 1])):
                return f"no number follows {head!r}: a number OCR lost?"
            before = words
        return None

    def _rare_run(self, words: Sequence[str]) -> tuple[str, ...]:
        """Return the first RARE_RUN or more neighbouring words of a segmentation that are
        each two letters or longer and rare (`rare`), () when there are none: letters OCR
        made of a smudge or a stroke it misread segment into such words ("มืน" "โยก" "จย"
        for "มีนโยบาย"), where print seldom holds even two ("คัดแยก" "ขยะ")."""
        run: list[str] = []
        for word in words:
            run = [*run, word] if len(word) > 1 and self.rare(word) else []
            if len(run) >= RARE_RUN:
                return tuple(run)
        return ()

    def rare_words(self, text: str) -> int:
        """Return how many words of `text`'s segmentation, two letters or longer, are rare
        (`rare`): OCR's junk reads as such words."""
        return sum(len(w) > 1 and self.rare(w) for w in self.lm.score(text).words)

    def rare(self, word: str) -> bool:
        """True when the lexicon lacks `word` or holds it rarer than DOUBT_BELOW (its log
        probability taken relative to its length, as Segmentation.relative takes it)."""
        found = self.lm.logp.get(word)
        return found is None or found + self.lm.char_rate * len(word) < DOUBT_BELOW

    def swaps_a_word(self, proposal: str, current: str) -> bool:
        """True when `proposal` makes a word of the dictionary's list (lm.dictionary_words)
        in `current` another word: a real word made a commoner one ("ฝาย", a weir, as
        "ฝ่าย"; "น้า", an aunt, as "น้ำ"), which only the sentence's sense could say was
        misread, and a unigram model reads no sense. The two readings' words are aligned
        (difflib); a word changed is one of a stretch of as many words on both sides, or,
        in a stretch that also joins or splits words, one whose counterpart has its
        channel skeleton (ดา เนิน การ ฝาย ชา รุด / ดำเนินการ ฝ่าย ชำรุด: the stretch's
        words aligned again by skeleton). The joins and splits themselves (เครื่อง ข่าย /
        เครือข่าย) are the model's to judge, and a change elsewhere in the text does not
        hide the swap."""
        a, b = self.lm.score(proposal), self.lm.score(current)
        words = dictionary_words()
        matcher = difflib.SequenceMatcher(None, b.words, a.words, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op != "replace":
                continue
            old, new = b.words[i1:i2], a.words[j1:j2]
            pairs = zip(old, new) if len(old) == len(new) else self._alike_by_skeleton(old, new)
            if any(x != y and x in words for x, y in pairs):
                return True
        return False

    def _alike_by_skeleton(self, old: Sequence[str], new: Sequence[str]) -> list[tuple[str, str]]:
        """Return the pairs of words of `old` and `new` that an alignment of the two by
        channel skeleton (difflib) sets against each other as alike: the words one reading
        holds where the other holds the same letters, OCR's confusions folded."""
        skeleton = self.channel.skeleton
        matcher = difflib.SequenceMatcher(None, [skeleton(w) for w in old], [skeleton(w) for w in new], autojunk=False)
        return [pair for i, j, n in matcher.get_matching_blocks() for pair in zip(old[i:i + n], new[j:j + n])]

    def better_than(self, proposal: str, current: str) -> bool:
        """True when `proposal` reads as fewer or better-known words than `current`: fewer
        clusters no word covers, or as many and fewer words, or fewer words rarer than
        DOUBT_BELOW. A unigram model cannot judge between two common words (ไม่ / ไม้),
        so only a proposal that joins or completes words, or replaces one the corpus
        hardly knows (เพือ / เพื่อ), may overturn what the copies agree on."""
        a, b = self.lm.score(proposal), self.lm.score(current)
        if a.unknown != b.unknown:
            return a.unknown < b.unknown
        return len(a.words) < len(b.words) or self.rare_words(proposal) < self.rare_words(current)


def _unread(words: Sequence[str], lm: LanguageModel, name: bool) -> bool:
    """True when the lattice left a word of `words` (a phrase's segmentation) unread
    (LanguageModel.covers). A person's name (`name`) is in no lexicon, so its unread
    syllables count only where one runs into a lexicon word of NAME_GLUED_MIN letters or
    more: a word OCR cut a fragment off ("สูประสานงาน", every copy reading ส for ผ),
    not a name."""
    unread = [not lm.covers(w) for w in words]
    if not name:
        return any(unread)
    return any(u and not v and len(w) >= NAME_GLUED_MIN for u, v, w in zip(unread, unread[1:], words[1:]))


def effective_copies(k: int, rho: float = COPY_CORRELATION) -> float:
    """Return how many independent readings `k` copies of one print weigh as, their
    misreadings correlated by `rho`: k / (1 + (k - 1) rho), the design effect of
    equicorrelated observations. One copy is one reading; more add less and less, never
    more than 1 / rho in all: a glyph that fooled Tesseract on five scans of a print will
    fool it on the sixth, so many copies that agree are no proof against the language
    model that the print reads so."""
    return k / (1 + (k - 1) * rho) if k else 0.0


def _pooled(readings: Sequence[tuple[str, float]]) -> tuple[float, list[tuple[str, float]]]:
    """Return what `Corrector.score` weighs every candidate against: the share each unit
    of weight counts for (`effective_copies` over the total weight) and each distinct
    reading with its copies' weight summed, in order of first reading."""
    total = sum(w for _, w in readings) or 1.0
    share = effective_copies(len(readings)) / total
    by_text: dict[str, float] = {}
    for read, w in readings:
        by_text[read] = by_text.get(read, 0.0) + w
    return share, list(by_text.items())


def _reread(tail: str, head: str, whole_in_head: bool = True) -> str:
    """Return the longest text `tail` ends with and `head` starts with, cut between
    character clusters in both, or, unless `whole_in_head`, in `tail` alone: a cluster
    the tail ends with may lack a vowel or mark the head's has ("" if none)."""
    head_cuts, tail_cuts = set(cluster_cuts(head)), set(cluster_cuts(tail))
    for k in range(min(len(tail), len(head)), 0, -1):
        piece = head[:k]
        if tail.endswith(piece) and (k in head_cuts or not whole_in_head) and len(tail) - k in tail_cuts:
            return piece
    return ""


def _near_unknown(run: str, words: Sequence[str], known: dict[str, float]) -> list[int]:
    """Return the places in `run` within RESPELL_REACH characters of a word its
    segmentation (`words`) could not cover."""
    places: set[int] = set()
    at = 0
    for word in words:
        if word not in known:
            places.update(range(max(0, at - RESPELL_REACH), min(len(run), at + len(word) + RESPELL_REACH)))
        at += len(word)
    return sorted(places)
