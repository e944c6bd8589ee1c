"""One stretch of free text where the copies disagree: which reading (or text no copy
read whole: their letters put together, the lexicon's reading) is printed there, how
sure that is, and the options weighed (vote_stretch). Junk and specks OCR adds, words a
copy lost, spaces, other print filed with a copy and the language model's say are each
weighed here (what OCR reads that is no print: ocr_junk); the weights of the copies decide
where the model cannot."""

from __future__ import annotations

import itertools
import math
import os
import re
from collections.abc import Collection, Iterable, Iterator, Sequence

from rapidfuzz import fuzz

from .align import character_consensus
from .correct import Choice, Corrector, among
from .lm import WORD_MARKS, LanguageModel
from .model import Candidate, Option, Reading
from .ocr_junk import (NUMBER, THAI_SPELLING_RUN, bare_beneath, bare_of_junk, junk_backs_bare, mostly_words,
                       no_print_share, nothing_before_junk, prefer_nothing_to_specks, vote_bare)
from .spacing import same_but_spacing, vote_spacing
from .thai_script import THAI_CONSONANTS, THAI_SPELLING, count_thai, has_thai_spelling
from .values import LETTER_LABELLED
from .vote import (CONFLICT, MODEL_ALONE_MAX_CONFIDENCE, OVERTURN_MIN_POSTERIOR, TIE_CONFIDENCE, Known, Vote, decide,
                   prefer_entry, tally, weighed)

CONFLICT_BELOW = 50.0  # fuzz.partial_ratio of two readings of a stretch under which they are different words
CONFLICT_MIN_THAI = 4  # Thai characters a reading needs to be other print: "2ล" is a smudge read, no word
CONSENSUS_MIN_READINGS = 3  # distinct readings of a stretch from which their letters' consensus is a candidate
LOST_MIN_CHARS = 6  # letters and digits a copy lacks at a stretch's end that make words lost, not a letter misread
CONTEXT_CHARS = 40  # characters either side of a stretch in which a reading's added text may repeat what is there
REPEAT_SIMILARITY = 80  # fuzz.partial_ratio at which added text is text around it read again
_RUN_IN = re.compile("[:=]")  # marks of a form's label and value: text holding one is another field's print run in
_LETTERS_AND_DIGITS = re.compile(f"[^{THAI_SPELLING}0-9]")
_INNER_SPACES = re.compile(f"(?<=[{THAI_SPELLING}]) +(?=[{THAI_SPELLING}])")
TAIL_TOKEN_MAX = 3  # characters of a token after a reading's words that may be a speck (_without_tail_token)
_NO_WORD_MARKS = str.maketrans(dict.fromkeys(WORD_MARKS))
_CONSONANT = re.compile(f"(?![ฤฦ])[{THAI_CONSONANTS}]")  # a Thai consonant (not the vowels ฤ, ฦ)
ONE_LETTER_WORDS = frozenset("ณธ")  # Thai words of one consonant: "ณ" (at), "ธ" (royal "he", "you")
_MARK = re.compile("(?<![0-9๐-๙])[—–=:'\"“”‘’-]|[—–=:'\"“”‘’-](?![0-9๐-๙])")  # marks OCR also makes of a loop


def vote_stretch(
    seg: Sequence[str], ordered: Sequence[Reading], known: Known, snap: bool, model: Corrector | None,
    before: Sequence[str], after: Sequence[Sequence[str]], settled_before: bool = True,
) -> Vote:
    """Return the vote of one stretch where copies disagree (_choose_stretch), no surer
    than a tie where the text chosen holds a mark some copy did not read (_marks_added),
    or is a lone number after the value's last word where some copy read nothing (a
    smudge two copies read alike, "โครงการ 2", and a number one copy lost look the same
    to the weights; between words, and as a list's first item, a number is print more
    often), or is one Thai consonant standing alone where some copy read nothing
    (_lone_letter_kept)."""
    chosen, rule, conf, options = _choose_stretch(seg, ordered, known, snap, model, before, after, settled_before)
    text = str(chosen)
    if _marks_added(text, seg, before, after) or NUMBER.fullmatch(text.strip()) is not None \
            and any(not read.strip() for read in seg) and not any(map("".join, after)) \
            or _lone_letter_kept(text, seg, before, after):
        conf = min(conf, TIE_CONFIDENCE)
    return chosen, rule, conf, options


def _lone_letter_kept(chosen: str, seg: Sequence[str], before: Sequence[str], after: Sequence[Sequence[str]]) -> bool:
    """True when the text chosen for a stretch is one Thai consonant standing alone
    between spaces (or the text's ends; the text after it as the copies that read it
    have it, a space where it is not known), no word of its own (ONE_LETTER_WORDS) nor a
    label after a word that takes one (LETTER_LABELLED: "ประเภท ก", "ข้อ ข"), and some
    copy read nothing there ("แล้ว จ และ" where a copy read "แล้ว และ"): a speck two
    copies of one print read alike as a letter outweighs the copy that read none, and a
    lone consonant in running text is seldom print."""
    letter = chosen.strip()
    if _CONSONANT.fullmatch(letter) is None or letter in ONE_LETTER_WORDS or all(read.strip() for read in seg):
        return False
    if "".join(before).rstrip().endswith(LETTER_LABELLED):
        return False
    left = chosen[:1] if chosen[:1].isspace() else next(_chars_before(before), " ")
    readers = [i for i, read in enumerate(seg) if read == chosen]
    right = chosen[-1:] if chosen[-1:].isspace() else \
        next((ch for i in readers for ch in ("".join(s[i] for s in after) or " ")[:1]), " ")
    return left.isspace() and right.isspace()


def _choose_stretch(
    seg: Sequence[str], ordered: Sequence[Reading], known: Known, snap: bool, model: Corrector | None,
    before: Sequence[str], after: Sequence[Sequence[str]], settled_before: bool = True,
) -> Vote:
    """Return (chosen text, rule, confidence, options with their evidence) of one stretch
    where copies disagree; the model, if any, reads it between its neighbours and may
    overturn the weights' choice when its posterior is at least OVERTURN_MIN_POSTERIOR
    (a wrong value is worse than a flagged one: short of that the weights' choice stays,
    with the model's doubt as its confidence); a tie of weights it settles, and a
    stretch whose leading readings as many copies read (each copy its own) is the
    model's to choose even where it agrees with the weights. A copy that read another's
    text with junk after it or before it ("นักเรียน ฉ4" beside "นักเรียน") read the same
    words: with the model, its weight backs that reading against a third
    (junk_backs_bare); where the model would choose a reading that is another with
    junk added, which it cannot judge, the two are weighed as copies (bare_beneath);
    and a copy that read other words than every other copy there is no evidence for the
    model (_stray_readings). At a text's end, junk no two copies read alike gives way to
    a copy that read nothing (nothing_before_junk). Otherwise, where it
    agrees with the weights, their share still bounds the confidence: the model can add
    doubt, but a unigram model's certainty is no reason to trust two copies against one
    more than the copies' own agreement says; and what the model alone vouches for (a
    tie it settled, weights it overturned) is never sure: its confidence is at most
    MODEL_ALONE_MAX_CONFIDENCE. A stretch some copy lacks (a lost line) is left to the
    weights: a unigram model always prefers less text; so is one where a copy read the
    others' text with words lost at its start or end (_words_lost: a line cut off, a note
    over it, toner faded there); junk that copies add after a
    space is left out where as many copies read without it (bare_of_junk, vote_bare);
    a stretch with no Thai word (digits, Latin, a lone Thai letter: _has_thai_word),
    which the language model reads all alike, is left to the weights, and so is one
    whose readings differ only in what is no Thai letter or digit ("และ /สรุป" against
    "และสรุป"): specks are no text to judge.
    A copy's reading that repeats a word as a phrase of its own is out of the model's
    running where a reading without it holds more weight (_no_word_read_twice).

    Where CONSENSUS_MIN_READINGS or more copies read the stretch in as many ways, and no
    reading holds most of them, the model also weighs the text their letters make
    together (align.character_consensus), which none of them read: it is chosen only
    with a posterior of at least OVERTURN_MIN_POSTERIOR, and only where it differs from
    every copy's reading in a letter or digit, not only in a mark after a word (ฯ, ๆ),
    which the model cannot judge (lm.WORD_MARKS); so are the lexicon's readings of the
    copies' texts there (Corrector.propose: "โรงเรียนวัดดอนเมือง", an entry, where five
    copies read "วัดตอนเมือง" twice, "วัด๋ดอนเมือง", "วัดดอนเมื่อง" and
    "วัด๋ตอนเมื่อง"). Where the copies read one word in ways that share a channel skeleton, the lexicon's commonest words with that skeleton are
    weighed too (Corrector.skeleton_mates: "นำ" and "น้า" for "น้ำ"), never chosen: a unigram
    model reads two real words alike in any context and would choose by frequency alone.
    A copy's reading that ends in a speck after a space ("ต่อเนื่อง 4" where two copies read
    "ต่อเนือง") is weighed without it as well (_without_tail_token), chosen so only with a
    posterior of at least OVERTURN_MIN_POSTERIOR.
    Otherwise the choice among the copies' readings stands, as sure as its share of the
    posterior with those texts weighed, so that a copy's reading is not called sure when
    the model finds another text about as likely.

    Where as many copies or more read other print than the choice (_other_print), a
    page of another report was filed with a copy, or a line one copy lost: no model can
    say which report a page belongs to, so the stretch gets rule `conflict`, the
    confidence of a tie at most, and the reading more copies hold (a tie: the model's).
    So too where the model would overturn more copies for fewer that read other words
    there (_other_words: "โรงเรียนวัดสระเกศ" read by one copy where two read "2"): a page
    filed astray is likelier than copies misreading alike into another text.

    A stretch of spaces alone is voted gap by gap with the characters either side as the
    gap's context (_vote_spaces); where the text before it is the choice of another
    stretch of the same run whose readings end otherwise (not `settled_before`), or the
    text after it is in dispute and its readings open otherwise, that side is unknown
    and the channel's rates over all print stand in."""
    weights = [r.weight for r in ordered]
    at_end = not any(map("".join, after))
    cands = prefer_nothing_to_specks(tally([(text, w, r.witness) for text, w, r in zip(seg, weights, ordered)], known),
                                     at_end)
    if model is not None and at_end:
        cands = nothing_before_junk(cands, model.lm)
    if snap:
        cands = prefer_entry(cands)
    rule, conf = decide(cands)
    conf = max(conf, no_print_share(cands))
    if model is not None and same_but_spacing(seg):
        return _vote_spaces(seg, weights, cands, rule, conf, model, _printed_before(before) if settled_before else "",
                            _printed_after(after))
    left, right = phrase_before(before), phrase_after(after)
    bare = bare_of_junk(cands, model.lm) if model is not None else None
    if bare is not None:
        return vote_bare(bare, cands, rule, conf, has_thai_spelling(_next_sign(_chars_before(before))),
                          has_thai_spelling(_next_sign(_chars_after(after))))
    if model is None or any(not str(c.value).strip() for c in cands) or _words_lost(cands, before, after, model.lm) \
            or not any(_has_thai_word(left, text, right) for text in seg) \
            or len({_LETTERS_AND_DIGITS.sub("", str(c.value)) for c in cands}) == 1:
        return cands[0].value, rule, conf, weighed(cands)
    cands = junk_backs_bare(cands, model.lm)
    held = {c.value for c in cands}
    offered = [c.value for c in cands]
    copies = [len(c.witnesses) for c in cands]
    stray = _stray_readings(cands)
    consensus = character_consensus(seg, weights) \
        if len(cands) >= CONSENSUS_MIN_READINGS and 2 * max(copies) <= sum(copies) and not stray else None
    if consensus is not None:
        offered.append(consensus)
    offered += model.skeleton_mates(held)
    bare_heads = _without_tail_token(held)
    for text, most in _without_inner_spaces(held, model, left, right).items():
        bare_heads[text] = min(most, bare_heads.get(text, most))
    offered += bare_heads
    lexicon_reads = {model.propose(str(t)) for t in held} - held if consensus is not None else set()
    offered += lexicon_reads
    ranked = model.rank(offered, [(text, w) for text, w in zip(seg, weights) if text not in stray],
                        left=left, right=right)
    scores = {c.text: c.score for c in ranked}
    ranked = _no_word_read_twice(ranked, cands, left, right, model)
    full = {c.text: c for c in ranked}
    made = [c for c in ranked if c.text not in held]  # no copy read it: the letters put together, a lexicon word
    options = tuple(sorted(
        [Option(c.value, round(c.weight, 4), c.witnesses, scores[c.value], round(full[c.value].posterior, 4))
         for c in cands] + [Option(c.text, 0.0, (), scores[c.text], round(c.posterior, 4)) for c in made],
        key=lambda o: -(o.posterior or 0.0)))
    beneath = bare_beneath(ranked[0].text, cands, model.lm)
    if beneath is not None:
        chosen, rule, conf, _ = vote_bare(beneath, cands, rule, conf,
                                           has_thai_spelling(_next_sign(_chars_before(before))),
                                           has_thai_spelling(_next_sign(_chars_after(after))))
        return chosen, rule, conf, options
    if made:
        top = made[0] if ranked[0] is made[0] and made[0].posterior >= OVERTURN_MIN_POSTERIOR else None
        if top is not None and (top.text == consensus and _letters(top.text) not in {_letters(t) for t in held}
                                or top.text in lexicon_reads):
            return top.text, "lm", min(top.posterior, MODEL_ALONE_MAX_CONFIDENCE), options
        if top is not None and top.text in bare_heads:
            return top.text, "lm", min(top.posterior, bare_heads[top.text]), options
        ranked = among(ranked, held)
    chosen, rule, conf = _model_choice(cands, ranked, rule, conf)
    conf = min(conf, full[chosen].posterior)
    mine = next(c for c in cands if c.value == chosen)
    if len(mine.witnesses) < len(cands[0].witnesses) and _other_words(str(chosen), str(cands[0].value)):
        return cands[0].value, CONFLICT, TIE_CONFIDENCE, options  # more copies read other print: see the docstring
    other = _other_print(mine, cands, model)
    if other is None:
        return chosen, rule, conf, options
    return other.value if len(other.witnesses) > len(mine.witnesses) else chosen, CONFLICT, \
        min(conf, TIE_CONFIDENCE), options


def _words_lost(cands: Sequence[Candidate], before: Sequence[str], after: Sequence[Sequence[str]],
                lm: LanguageModel) -> bool:
    """True when one reading of a stretch is another's with words missing at its start
    or end ("และดำเนินการจัดสรร" against "และดำเนินการจัดสรรงบประมาณให้ โรงเรียน..."): one
    copy lost words the other read. What the other adds must hold LOST_MIN_CHARS letters
    and digits, be words of the language model's lexicon for at least half its Thai
    letters (not a smudge read as letters, "| “5 0วฝไเ"), hold no colon or equals sign
    (the marks the form joins a label and its value with: a neighbouring line of the form
    run into the value, ":: ความก้าวหน้าของงานฯ = 35.00 %", "/กิจกรรม : "), and be no
    stretch of the text around it read again ("เขตคลองสาน ตคลองสาน"): those are the
    model's to judge (_no_word_read_twice). The alignment puts what one copy lacks at a
    value's end into the stretch before it, so the stretch is never empty there, though
    the copy read nothing of it."""
    texts = sorted({str(c.value).strip() for c in cands}, key=len)
    if len(texts) < 2 or len(texts[-1]) - len(texts[0]) < LOST_MIN_CHARS:
        return False
    around = None
    for i, short in enumerate(texts):
        for long in texts[i + 1:]:
            if long.startswith(short):
                extra = long[len(short):]
            elif long.endswith(short):
                extra = long[:len(long) - len(short)]
            else:
                continue
            lost = _LETTERS_AND_DIGITS.sub("", extra)
            if len(lost) < LOST_MIN_CHARS or _RUN_IN.search(extra) or not mostly_words(extra, lm):
                continue
            if around is None:
                around = _LETTERS_AND_DIGITS.sub("", "".join(reversed(list(itertools.islice(_chars_before(before), CONTEXT_CHARS))))
                                                 + " " + "".join(itertools.islice(_chars_after(after), CONTEXT_CHARS)))
            if fuzz.partial_ratio(lost, _LETTERS_AND_DIGITS.sub("", short) + around) < REPEAT_SIMILARITY:
                return True
    return False


def _next_sign(chars: Iterable[str]) -> str:
    """Return the first of `chars` that is not a space ("" when there is none)."""
    return next((ch for ch in chars if not ch.isspace()), "")


def _chars_before(before: Sequence[str]) -> Iterator[str]:
    """Yield the characters of the text chosen before a stretch, nearest first."""
    return (ch for piece in reversed(before) for ch in reversed(piece))


def _printed_before(before: Sequence[str]) -> str:
    """Return the last character other than whitespace of the text chosen before a
    stretch, "" at the text's start."""
    return next((ch for ch in _chars_before(before) if not ch.isspace()), "")


def _printed_after(after: Sequence[Sequence[str]]) -> str:
    """Return the first character other than whitespace after a stretch, "" at the
    text's end or where the copies' readings of the text there open otherwise (a
    stretch also in dispute whose readings differ from their first letter on: what
    follows the gap is not known yet; "ดำเนินการ" against "ด่าเนินการ" opens with "ด"
    all the same)."""
    for seg in after:
        opening = {text.strip()[:1] for text in seg}
        if len(opening) > 1:
            return ""
        found = opening.pop() if opening else ""
        if found:
            return found
    return ""


def last_printed_alike(seg: Sequence[str]) -> bool:
    """True when every copy's reading of a stretch ends in the same character other than
    whitespace: what the stretch after it follows is known before it is voted."""
    ends = {text.rstrip()[-1:] for text in seg}
    return len(ends) == 1 and "" not in ends


def _chars_after(after: Sequence[Sequence[str]]) -> Iterator[str]:
    """Yield the characters of the first copy's text after a stretch, nearest first."""
    return (ch for seg in after for ch in seg[0])


def _has_thai_word(left: str, text: str, right: str) -> bool:
    """True when `text`, read between `left` and `right`, has a run of Thai spelling of two
    characters or more: a word the language model can judge. A lone Thai letter ("น:"
    against "1." and "i." at a list's start) costs the model nothing (lm.LanguageModel
    scores a one-letter run as read), so it would beat digits and Latin letters for no
    reason."""
    if not has_thai_spelling(text):
        return False
    whole, start = left + text + right, len(left)
    return any(m.end() - m.start() > 1 for m in THAI_SPELLING_RUN.finditer(whole)
               if m.start() < start + len(text) and m.end() > start)


def _vote_spaces(seg: Sequence[str], weights: Sequence[float], cands: Sequence[Candidate], rule: str, conf: float,
                 model: Corrector, previous: str = "", following: str = "") -> Vote:
    """Return the vote of a stretch the copies read alike but for its spaces: each gap
    voted alone under the OCR channel (spacing.vote_spacing). Where that agrees with the
    weights' choice, it is as sure as both say; otherwise (a copy against a copy, or
    copies that each put a space somewhere else) the channel decided, rule `lm`, and its
    text may be one no copy read whole (an option of no weight and no witnesses).
    `previous` and `following` are the characters either side of the stretch ("" where
    not known), the context of its first and last gaps."""
    text, sure = vote_spacing(seg, weights, model.channel, previous, following)
    options = weighed(cands)
    if text == cands[0].value and len(cands[0].witnesses) > len(cands[1].witnesses):
        return text, rule, min(conf, sure), options
    if all(c.value != text for c in cands):
        options += (Option(text, 0.0, ()),)
    return text, "lm", min(sure, MODEL_ALONE_MAX_CONFIDENCE), options


def _no_word_read_twice(ranked: Sequence[Choice], cands: Sequence[Candidate], left: str, right: str,
                        model: Corrector) -> list[Choice]:
    """Return `ranked` with each copy's reading that repeats, as a phrase of its own, the
    word the phrase before it ends with ("กิจกรรมที่ ที่ โรงเรียน", between `left` and
    `right`) out of the running (posterior 0, and a score no later share revives) where
    a reading without it holds more of the copies' weight: Thai writes "ๆ" for a repeat,
    and a unigram model finds a common word once more about as likely as the print,
    which would make the copies that read it once look doubtful. A repeat that opens a
    longer phrase ("ตามที่ ที่ประชุม") is text, and a reading most copies hold is left
    to the model."""
    weight = {c.value: c.weight for c in cands}
    twice = {c.text for c in ranked
             if _repeats_a_word(left + c.text + right, len(left), len(left) + len(c.text), model)}
    heaviest = max((weight.get(c.text, 0.0) for c in ranked if c.text not in twice), default=0.0)
    out = {t for t in twice if weight.get(t, 0.0) < heaviest}
    if not out:
        return list(ranked)
    rest = among(ranked, {c.text for c in ranked} - out)
    return rest + [c._replace(score=-math.inf, posterior=0.0) for c in ranked if c.text in out]


def _repeats_a_word(text: str, start: int, end: int, model: Corrector) -> bool:
    """True when a phrase of `text` that a space between `start` and `end` opens is one
    lexicon word and the phrase before the space ends with it."""
    i = text.find(" ", start, end)
    while i >= 0:
        word = text[i + 1:].split(" ", 1)[0]
        if word and word in model.lm.logp and has_thai_spelling(word) and text[:i].endswith(word):
            return True
        i = text.find(" ", i + 1, end)
    return False


def _stray_readings(cands: Sequence[Candidate]) -> frozenset[str]:
    """Return the readings of a stretch that are other print than every other reading
    (_other_words, both ways), where the others are misreadings of one print (none other
    words than another) and two at least: a copy with a page of another report there, or
    a line of the next field run in, whose letters say nothing of what the rest read. The
    model weighs the stretch's candidates against the other copies' readings alone: a
    channel sums a reading's cost under each candidate, and other print costs least under
    the candidate likest it by chance, junk more often than the print ("' a a เพอยกระดับ"
    over "เพื่อยกระดับ" against "1. เพอพ 2. เพื่อส่งเสริม"); and the letters of other print
    make no consensus with the rest (align.character_consensus). Junk OCR made of a
    smudge is left out alike: it is a reading of nothing the others read."""
    if len(cands) < CONSENSUS_MIN_READINGS:
        return frozenset()
    texts = [str(c.value) for c in cands]

    def apart(a: str, b: str) -> bool:
        return _other_words(a, b) and _other_words(b, a)

    stray = {a for a in texts if all(apart(a, b) for b in texts if b != a)}
    rest = [t for t in texts if t not in stray]
    if len(rest) < 2 or any(apart(a, b) for i, a in enumerate(rest) for b in rest[i + 1:]):
        return frozenset()
    return frozenset(stray)


def _other_print(chosen: Candidate, cands: Sequence[Candidate], model: Corrector) -> Candidate | None:
    """Return the reading of a stretch that is other print than the `chosen` one, None
    when none is: different words, not a misreading of it nor it with more read after or
    before (fuzz.partial_ratio, the shorter against the best-matching part of the longer,
    under CONFLICT_BELOW), read by as many copies or more, and itself readable Thai (of
    CONFLICT_MIN_THAI Thai characters or more, and not Corrector.suspect: junk OCR made
    of a smudge or a dark scan is no other print). The two are compared without the
    text they begin and end with alike (_differing): a stretch often takes in a word
    both read ("วัดบางบัว" against "วัดทองสุทธาราม"), which would make two names alike."""
    other = [c for c in cands if c is not chosen and len(c.witnesses) >= len(chosen.witnesses)
             and _other_words(str(c.value), str(chosen.value)) and _other_words(str(chosen.value), str(c.value))
             and not model.suspect([str(c.value)])]
    return max(other, key=lambda c: len(c.witnesses), default=None)


def _other_words(reading: str, than: str) -> bool:
    """True when `reading` holds other words than `than` where the two differ (_differing):
    Thai text (CONFLICT_MIN_THAI characters or more) that is no misreading of what `than`
    holds there (fuzz.partial_ratio under CONFLICT_BELOW), nor `than` with more read
    after or before it."""
    mine, theirs = _differing(than, reading)
    return bool(mine) and count_thai(theirs) >= CONFLICT_MIN_THAI and fuzz.partial_ratio(theirs, mine) < CONFLICT_BELOW


def _differing(a: str, b: str) -> tuple[str, str]:
    """Return `a` and `b` without the text they begin with alike and end with alike."""
    start = len(os.path.commonprefix([a, b]))
    end = len(os.path.commonprefix([a[start:][::-1], b[start:][::-1]]))
    return a[start:len(a) - end], b[start:len(b) - end]


def _without_tail_token(texts: Collection[str]) -> dict[str, float]:
    """Return, where some copy's reading ends in a Thai letter (reads no such token), of
    each reading that ends in a token with no Thai letter after a space ("ต่อเนื่อง 4",
    "ต่อเนื่อง |") where what it reads before that token ends in a Thai letter and is no
    copy's reading, that head, with the most its confidence may be when the model chooses it:
    the words a copy read with a speck after them, to be weighed against copies that
    read neither the speck nor the words as well ("ต่อเนือง" twice). Chosen so, a head
    stands as the model alone vouches for it (MODEL_ALONE_MAX_CONFIDENCE), no surer than
    a tie (TIE_CONFIDENCE) where the token it leaves out holds a digit, which may be a
    number the other copies lost."""
    heads: dict[str, float] = {}
    if not any(str(t).rstrip() and has_thai_spelling(str(t).rstrip()[-1]) for t in texts):
        return heads
    for text in texts:
        head, space, tail = str(text).rstrip().rpartition(" ")
        if space and tail and len(tail) <= TAIL_TOKEN_MAX and head and has_thai_spelling(head[-1]) \
                and not has_thai_spelling(tail) and head not in texts:
            heads[head] = TIE_CONFIDENCE if any(ch.isdigit() for ch in tail) else MODEL_ALONE_MAX_CONFIDENCE
    return heads


def _without_inner_spaces(texts: Collection[str], model: Corrector, left: str, right: str) -> dict[str, float]:
    """Return each reading with the spaces that fall inside a word (Corrector.joins,
    read between `left` and `right`: "มห าพฤฒา" in "วัด...ราม") taken out, where no copy
    read that text, with the most its confidence may be when the model chooses it
    (MODEL_ALONE_MAX_CONFIDENCE): Tesseract reads a space where a face sets glyphs
    apart, and that copy's letters may be right where the others' are not. Weighed as
    it was read, the word is two clusters no word covers, and the copies that misread
    its letters win by default. A space between two words ("มี มี่ผู้") stays: a copy
    that read a word twice is no better for reading it once more."""
    out: dict[str, float] = {}
    for text in map(str, texts):
        pieces = _INNER_SPACES.split(text)
        if len(pieces) < 2:
            continue
        joined, inside = pieces[0], False
        for i, piece in enumerate(pieces[1:], 1):
            here = model.joins(left + joined, " ".join(pieces[i:]) + right)
            joined, inside = joined + (piece if here else " " + piece), inside or here
        if inside and joined not in texts:
            out[joined] = MODEL_ALONE_MAX_CONFIDENCE
    return out


def _letters(text: str) -> str:
    """Return the Thai letters and digits of `text`, without the marks written after a
    word (ฯ, ๆ): what the language model can judge of a reading."""
    return _LETTERS_AND_DIGITS.sub("", text).translate(_NO_WORD_MARKS)


def _model_choice(cands: Sequence[Candidate], ranked: Sequence[Choice], rule: str, conf: float,
                  ) -> tuple[str, str, float]:
    """Return (text, rule, confidence) of a stretch between the weights' choice
    (cands[0], `rule`, `conf`) and the model's (`ranked`, the copies' readings only):
    see vote_stretch."""
    if ranked[0].text == cands[0].value:
        if len(cands[0].witnesses) <= len(cands[1].witnesses):  # as many copies for each: the model chose
            return ranked[0].text, "lm", min(ranked[0].posterior, MODEL_ALONE_MAX_CONFIDENCE)
        return ranked[0].text, rule, min(conf, ranked[0].posterior)
    tied = cands[0].weight <= cands[1].weight
    if tied or ranked[0].posterior >= OVERTURN_MIN_POSTERIOR:
        return ranked[0].text, "lm", min(ranked[0].posterior, MODEL_ALONE_MAX_CONFIDENCE)
    posterior = next(c.posterior for c in ranked if c.text == cands[0].value)
    return cands[0].value, rule, min(conf, posterior)


def _glued(chosen: str, before: Sequence[str], after: Sequence[Sequence[str]]) -> bool:
    """True when the text chosen for a stretch begins with a mark right after a Thai
    letter of the text before it, or ends with one right before a Thai letter of the
    text after it (the first copy's): "ขยะ :ในชุมชน", not "ครั้งที่ 2 - 3"."""
    last, first = next(_chars_before(before), ""), next(_chars_after(after), "")
    return bool(chosen) and (_MARK.match(chosen[0]) is not None and has_thai_spelling(last)
                             or _MARK.match(chosen[-1]) is not None and has_thai_spelling(first))


def _marks_added(chosen: str, readings: Sequence[str], before: Sequence[str] = (),
                 after: Sequence[Sequence[str]] = ()) -> bool:
    """True when the text chosen for a stretch holds more marks (_MARK: a colon, a dash,
    a quote) than some copy read there ("ขยะ :ในชุมชน" against "ขยะในชุมชน", "อยู่: หว่าง"
    against "อยู่ระหว่าง"): OCR makes such a mark of a letter's loop or a speck, alike in
    the copies of one print, as often as it is printed, and no weight tells which. A
    full stop or comma is left to the weights: numbers and titles print them ("2.",
    "320,000", "น.ส."); and so are the marks of a table's rule or a smudge (NO_PRINT: "|",
    ";"), which no prose prints and the text's cleaning takes out, and a mark between two
    digits ("12-15"). A copy that read nothing there counts only against marks alone
    glued to a Thai word of the text `before` or `after` the stretch (_glued): otherwise
    it may have lost a stretch of words, their marks with them ("ครั้งที่ 2 - 3"), which
    says nothing of the marks."""
    marks = len(_MARK.findall(chosen))
    if not marks:
        return False
    fewer = [text for text in readings if len(_MARK.findall(text)) < marks]
    return any(text.strip() for text in fewer) or bool(fewer) and not _LETTERS_AND_DIGITS.sub("", chosen) \
        and _glued(chosen, before, after)


def phrase_before(pieces: Sequence[str]) -> str:
    """Return the end of the text `pieces` make after its last space: the phrase a
    stretch continues (read from the end: the text before a stretch can be long)."""
    tail: list[str] = []
    for piece in reversed(pieces):
        _, space, end = piece.rpartition(" ")
        tail.append(end)
        if space:
            break
    return "".join(reversed(tail))


def phrase_after(segments: Sequence[Sequence[str]]) -> str:
    """Return the text that follows a stretch up to the next space, read from the
    following stretches' first copy (context only: every candidate shares it)."""
    out = ""
    for seg in segments:
        head, space, _ = seg[0].partition(" ")
        out += head
        if space:
            break
    return out
