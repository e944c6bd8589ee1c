"""What OCR reads that is no print, in a stretch where the copies disagree: specks a
table's rule or a smudge leaves, junk after or before a word (a signature, a stamp), a
number a smudge makes; which reading is the bare text beneath it, and how the vote
weighs a copy that read junk against one that read none (stretch_vote.vote_stretch)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .lm import LanguageModel
from .model import Candidate
from .thai_script import MARK_CHARACTERS, THAI_SPELLING, has_thai_spelling
from .vote import TIE_CONFIDENCE, Vote, weighed

THAI_SPELLING_RUN = re.compile(f"[{THAI_SPELLING}]+")
NUMBER = re.compile(r"\(?[0-9๐-๙]+(?:[.,][0-9๐-๙]+)*\)?%?")
_NO_MARKS = str.maketrans(dict.fromkeys(MARK_CHARACTERS))
SPECKS = re.compile("[\\s|¦—–=;:.,_~*'\"`^-]+")
NO_PRINT = re.compile("[\\s|¦;_~*`^]+")  # specks OCR makes of a table's rule or a smudge, seldom printed in prose
_ONE_MARK = re.compile(r"(.)\1+")  # a mark read more than once is that mark
JUNK_MAX_CHARS = 3  # characters of a reading of no Thai letter, ending a text, that may be a speck's


def mostly_words(text: str, lm: LanguageModel) -> bool:
    """True when words the language model knows (LanguageModel.covers) make at least half
    the Thai letters of `text`: text a copy read, not a smudge read as letters."""
    words = lm.score(text).words
    letters = sum(len(w) for w in words)
    return letters > 0 and 2 * sum(len(w) for w in words if len(w) > 1 and lm.covers(w)) >= letters


def bare_of_junk(cands: Sequence[Candidate], lm: LanguageModel) -> Candidate | None:
    """Return the reading of a stretch that the others are with something added after a
    space at its end (or before one at its start) that holds no Thai word, only specks,
    a lone letter, Latin or digits ("แล้ว" against "แล้ว พ:", "ผู้ประสานงาน 7" and "|
    ผู้ประสานงาน"): the junk of a smudge or a table's rule. None for any other stretch.
    A word a copy adds is the model's to judge ("ตามที่ ที่ประชุม": two copies may have
    lost it)."""
    if len(cands) < 2:
        return None
    shortest = min(cands, key=lambda c: len(str(c.value).strip()))
    bare = str(shortest.value).strip()
    if not bare:
        return None
    for c in cands:
        junk = _junk_added(bare, str(c.value))
        if junk is None or _holds_a_word(junk[0], lm):
            return None
    return shortest


def junk_backs_bare(cands: Sequence[Candidate], lm: LanguageModel) -> list[Candidate]:
    """Return the candidates of a stretch in the order of their weights with each
    reading's weight backed by the readings that are it with junk added after or before
    a space (_junk_added; junk: no Thai word, _holds_a_word), where that puts another
    reading first: "นักเรียน" and "นักเรียน ฉ4" against one copy's "โรงเรียนวัด..." (a
    line of the next field run in) are two copies that read the same words. The
    candidates keep their own weights, which the confidence is the share of."""
    def backed(c: Candidate) -> float:
        return c.weight + sum(o.weight for o in cands if o is not c and _only_junk_added(str(c.value), str(o.value), lm))

    if len(cands) < 3:
        return list(cands)
    top = max(cands, key=backed)
    if top is cands[0] or backed(top) <= backed(cands[0]):
        return list(cands)
    return [top, *(c for c in cands if c is not top)]


def bare_beneath(text: str, cands: Sequence[Candidate], lm: LanguageModel) -> Candidate | None:
    """Return the copies' reading that `text`, the model's choice of a stretch, is with
    junk added (_only_junk_added), where as many copies read it bare; None otherwise. The
    model's preference there is no evidence: a lone Thai letter or a sign costs the
    language model nothing (lm.LanguageModel scores a one-letter run as read), and the
    channel finds junk that explains the other copies' junk likelier than none
    ("ผู้ประสานงาน บ," beside "ผู้ประสานงาน" and "ผู้ประสานงาน | อบา"); the stretch is voted
    as one some copies read with junk added (vote_bare)."""
    mine = next((c for c in cands if c.value == text), None)
    if mine is None:
        return None
    return next((c for c in cands if c is not mine and len(c.witnesses) >= len(mine.witnesses)
                 and _only_junk_added(str(c.value), text, lm)), None)


def _only_junk_added(bare: str, read: str, lm: LanguageModel) -> bool:
    """True when `read` is the non-empty text `bare` with junk added (_junk_added) that
    holds no Thai word (_holds_a_word)."""
    junk = _junk_added(bare, read) if bare.strip() else None
    return junk is not None and bool(junk[0]) and not _holds_a_word(junk[0], lm)


def _holds_a_word(junk: str, lm: LanguageModel) -> bool:
    """True when `junk` holds a run of Thai spelling that may be a word: two letters or
    more, the marks above and below them aside, or a lexicon word of one letter ("ก็").
    A lone letter with a mark OCR made of a speck ("ก๋") is no word."""
    return any(len(run.translate(_NO_MARKS)) > 1 or lm.covers(run) and len(run) > 1
               for run in THAI_SPELLING_RUN.findall(junk))


def _junk_added(bare: str, read: str) -> tuple[str, bool] | None:
    """Return what `read` holds beyond the text `bare` after a space at its end, or
    before one at its start, spaces taken off, and whether it is at the end; ("", True)
    when the two are the same text; None when `read` is no such reading of `bare`."""
    bare, read = bare.strip(), read.strip()
    if read == bare:
        return "", True
    if read.startswith(bare) and read[len(bare)].isspace():
        return read[len(bare):].strip(), True
    if read.endswith(bare) and read[-len(bare) - 1].isspace():
        return read[:-len(bare)].strip(), False
    return None


def vote_bare(bare: Candidate, cands: Sequence[Candidate], rule: str, conf: float,
               thai_before: bool = False, thai_after: bool = False) -> Vote:
    """Return the vote of a stretch some copies read with junk added (bare_of_junk):
    the bare reading where as many copies read it as any one junk reading, as sure as
    the weight behind no one of those (the value is wrong only if that junk was print);
    the weights' choice otherwise. The channel is not asked: it finds characters lost
    by two copies likelier than made up by one, and so favours what one copy made up.
    A number, alone, that a copy reads between two Thai words of the value (added at the
    stretch's start where the text before it ends in one, `thai_before`, or at its end
    where the text after it starts with one, `thai_after`) is print more often than a
    speck is ("ครั้งที่ 2 มีผู้เข้าร่วม",
    the "2" lost by two copies of three): the bare reading is then no surer than a tie.
    Digits among other junk ("ow ฉ1 «51ๆ%"), beside a sign ("บางรัก / 1 ฝ่าย": a slash's
    stroke), and at either end of the value, are a smudge's. Where more copies read a
    reading with junk, it stands, no surer than a tie when that junk is a lone number
    (_number_added: "โครงการ 2", a smudge two copies read alike, or a number one lost)."""
    others = [c for c in cands if c is not bare]
    if len(bare.witnesses) < max(len(c.witnesses) for c in others):
        if _number_added(str(bare.value), str(cands[0].value)):
            conf = min(conf, TIE_CONFIDENCE)
        return cands[0].value, rule, conf, weighed(cands)
    total = sum(c.weight for c in cands)
    share = 1.0 - max(c.weight for c in others) / total if total > 0 else 0.0
    if any(_number_between_words(str(bare.value), str(c.value), thai_before, thai_after) for c in others):
        share, conf = min(share, TIE_CONFIDENCE), min(conf, TIE_CONFIDENCE)
    if bare is cands[0]:
        return bare.value, rule, max(conf, share), weighed(cands)
    return bare.value, "weighted", share, weighed(cands)


def _added_number(bare: str, read: str) -> tuple[str, bool] | None:
    """Return what `read` adds to `bare` (_junk_added) when that is a lone number
    (NUMBER: "2", "๒", "(3)", "25%"), None otherwise."""
    junk = _junk_added(bare, read)
    return junk if junk is not None and junk[0] and NUMBER.fullmatch(junk[0]) is not None else None


def _number_added(bare: str, read: str) -> bool:
    """True when `read` is `bare` with a lone number added at its start or end."""
    return _added_number(bare, read) is not None


def _number_between_words(bare: str, read: str, thai_before: bool, thai_after: bool) -> bool:
    """True when `read` is `bare` with a lone number added on a side of the stretch
    where a Thai word of the value stands next (`thai_before`, `thai_after`: vote_bare)."""
    added = _added_number(bare, read)
    return added is not None and (thai_after if added[1] else thai_before)


def prefer_nothing_to_specks(cands: Sequence[Candidate], at_end: bool = False) -> list[Candidate]:
    """Return the candidates of a stretch with the empty one first when some copy reads
    nothing there and the others read only specks (bars, dashes, dots: SPECKS) on which
    no majority agrees: OCR reads a smudge as whatever it likes, so specks the copies do
    not agree on are a smudge, not print (a tie would otherwise go to the longer). At
    the end of a text (`at_end`), where a table's ruling or a speck beside the last word
    is read, a reading of no Thai letter and at most JUNK_MAX_CHARS other characters
    (" | 2S", " 3") counts as a speck too: a figure that ends a text is read alike by
    most copies, or is longer ("2564")."""
    empty = next((c for c in cands if not str(c.value).strip()), None)
    total = sum(c.weight for c in cands)
    if empty is None or cands[0] is empty or not all(_speck(str(c.value), at_end) for c in cands if c is not empty):
        return list(cands)
    if cands[0].weight > total / 2:
        return list(cands)
    return [empty, *(c for c in cands if c is not empty)]


def no_print_share(cands: Sequence[Candidate]) -> float:
    """Return how sure the empty reading of a stretch is when it leads, read by as many
    copies as any one mark at least, and every other reading is marks no prose prints (a
    rule's bar, a semicolon: NO_PRINT) on which the copies disagree: the weight not
    behind any one of those marks (" |", "||" and "¦" are one mark), since the value is
    wrong only if that mark was printed there. 0.0 for any other stretch."""
    if str(cands[0].value).strip() or len(cands) < 2 or not all(NO_PRINT.fullmatch(str(c.value)) for c in cands[1:]):
        return 0.0
    weights: dict[str, float] = {}
    copies: dict[str, int] = {}
    for c in cands[1:]:
        mark = _ONE_MARK.sub(r"\1", "".join(str(c.value).split()).replace("¦", "|"))
        weights[mark] = weights.get(mark, 0.0) + c.weight
        copies[mark] = copies.get(mark, 0) + len(c.witnesses)
    total = sum(c.weight for c in cands)
    if total <= 0 or len(cands[0].witnesses) < max(copies.values()):
        return 0.0
    return 1.0 - max(weights.values()) / total


def nothing_before_junk(cands: Sequence[Candidate], lm: LanguageModel) -> list[Candidate]:
    """Return the candidates of a stretch that ends a text with the empty one first where
    some copy reads nothing there and each other copy reads its own text of no words
    (mostly_words: the lexicon covers less than half its Thai letters; "บ," and "| อบา"),
    no reading holding most of the weight: junk that no two copies read alike beside a
    value's last word is a smudge, as specks are (prefer_nothing_to_specks), and a lone
    letter or a cluster no word covers is no text the weights can tell from print."""
    empty = next((c for c in cands if not str(c.value).strip()), None)
    if empty is None or cands[0] is empty or cands[0].weight > sum(c.weight for c in cands) / 2:
        return list(cands)
    if any(len(c.witnesses) > 1 or mostly_words(str(c.value), lm) for c in cands if c is not empty):
        return list(cands)
    return [empty, *(c for c in cands if c is not empty)]


def _speck(text: str, at_end: bool) -> bool:
    """True when `text` is specks (prefer_nothing_to_specks)."""
    if SPECKS.fullmatch(text):
        return True
    return at_end and not has_thai_spelling(text) and len("".join(text.split())) <= JUNK_MAX_CHARS
