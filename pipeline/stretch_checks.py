"""Checks of a free-text vote's disputed stretches against what OCR does to print:
it loses a list item's full stop far more often than it makes one up, loses the narrow
gap after it in one copy and keeps it in another (a list is set alike), and drops faint
words far more often than it makes up well-formed ones. pipeline.text_vote.vote_text applies
them once every stretch is chosen."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from .lm import WORD_MARKS, has_foreign
from .model import Dispute, Option

if TYPE_CHECKING:
    from .correct import Corrector

_ITEM_NUMBER_END = re.compile(r"(?:^|\s)([1-9][0-9]?)$")  # a list item's number ending a text
_ITEM_STOP = " {}. "  # a list item's number and its stop, between spaces
_ITEM_GAP = re.compile(r"(?:^|\s)([1-9][0-9]?)\.( ?)(?=[^\s\d])")  # a list item's number, its stop, a space or none
_THAI_LETTERS = re.compile("[\u0e01-\u0e2e]")
WORDS_DROPPED_MIN = 2
WORD_ALIKE = 75.0


def item_stop_kept(pieces: list[str], at: int, dispute: Dispute) -> Dispute:
    """Return `dispute` (its choice is pieces[at]), with the full stop after a list item's
    number put back, in `pieces` too (rule `numbering`), where a copy read it there, the
    vote chose the reading without it, and the item before or after in the same value
    has its stop ("1. เพื่อ... 2 เพื่อ..." as "2."): the items of one list are numbered
    alike, and OCR loses a dot far more often than it makes one up. A copy that read a
    comma there ("2, เพื่อ") read the stop too, misshapen."""
    chosen = dispute.chosen
    for option in _read_by_copies(dispute):
        stop = next((i for i, ch in enumerate(option.text) if ch in ".,"), -1)
        if stop < 0 or option.text[:stop] + option.text[stop + 1:] != chosen:
            continue
        before = "".join(pieces[:at]) + option.text[:stop]
        after = option.text[stop + 1:] + "".join(pieces[at + 1:])
        number = _ITEM_NUMBER_END.search(before)
        if number is None or not after.startswith(" "):
            continue
        n = int(number.group(1))
        if _ITEM_STOP.format(n - 1) in f" {before}" or _ITEM_STOP.format(n + 1) in f"{after} ":
            pieces[at] = option.text[:stop] + "." + option.text[stop + 1:]
            return replace(dispute, chosen=pieces[at], rule="numbering")
    return dispute


def item_spaced_alike(pieces: list[str], at: int, dispute: Dispute) -> Dispute:
    """Return `dispute` (its choice is pieces[at]), with the space after a list item's
    stop set as a copy read it there, in `pieces` too (rule `numbering`), where the vote
    chose otherwise and the item before or after in the same value is set so, outside
    this stretch ("1.เพื่อ... 2. เพื่อ..." read by two copies of three, "1. เพื่อ" by the
    third): the items of one list are set alike, and a space after a stop is a narrow
    gap, which OCR loses in one copy and keeps in another. The twin of item_stop_kept."""
    chosen, head = dispute.chosen, "".join(pieces[:at])
    tail = "".join(pieces[at + 1:])
    for option in _read_by_copies(dispute):
        gap = _gap_after_stop(head, chosen, option.text)
        if gap is None:
            continue
        read = head + option.text + tail
        at_gap = len(head) + gap  # where the space is, or would be, after the stop
        number = _ITEM_NUMBER_END.search(read, 0, at_gap - 1)
        after = read[at_gap + 1:] if read[at_gap:at_gap + 1] == " " else read[at_gap:]
        if number is None or not after[:1] or after[0].isspace() or after[0].isdigit():
            continue
        n, spaced = int(number.group(1)), len(option.text) > len(chosen)
        text = "".join(pieces)
        if any(bool(other.group(2)) == spaced for other in _ITEM_GAP.finditer(text)
               if int(other.group(1)) in (n - 1, n + 1) and not len(head) <= other.end(1) < len(head) + len(chosen)):
            pieces[at] = option.text
            return replace(dispute, chosen=option.text, rule="numbering")
    return dispute


def _gap_after_stop(head: str, chosen: str, read: str) -> int | None:
    """Return where, in `read`, the one space it puts in or takes out of `chosen` right
    after a full stop lies (the text before the stretch is `head`); None where `read`
    differs from `chosen` otherwise: the only readings item_spaced_alike weighs, told
    apart without a look at the rest of the text."""
    longer, shorter = (read, chosen) if len(read) == len(chosen) + 1 else (chosen, read)
    if len(longer) != len(shorter) + 1:
        return None
    k = next((i for i, (a, b) in enumerate(zip(longer, shorter)) if a != b), len(shorter))
    if longer[k] != " " or longer[:k] + longer[k + 1:] != shorter or (longer[k - 1] if k else head[-1:]) != ".":
        return None
    return k


def words_dropped(dispute: Dispute, model: Corrector) -> bool:
    """True when a copy read, where the chosen stretch is, its words (or words alike as
    OCR misreads one: `_extra_words`) and Thai text of WORDS_DROPPED_MIN lexicon words
    or more besides, none of them rare (Corrector.rare_words: "ครั้งที่ 4 มีผู้เข้าร่วม 82"
    where the vote chose "ครั้งที่ 82"): OCR drops faint words far more often than it makes
    up well-formed ones, so the choice needs a person's eye. Junk a copy read besides
    ("เนรี่รวสง", rare short words) is no evidence of anything."""
    chosen = dispute.chosen.split()
    for option in _read_by_copies(dispute):
        if option.text.split() != chosen and "".join(option.text.split()) == "".join(chosen):
            continue  # the same letters spaced otherwise: nothing dropped
        extra = _extra_words(chosen, option.text.split())
        thai = " ".join(w for w in extra or () if _THAI_LETTERS.search(w))
        words = [w for w in model.lm.score(thai).words if w not in WORD_MARKS] if thai and not has_foreign(thai) else ()
        if len(words) >= WORDS_DROPPED_MIN and all(w in model.lm.logp for w in words) and not model.rare_words(thai):
            return True
    return False


def _read_by_copies(dispute: Dispute) -> list[Option]:
    """Return the options of a dispute some copy read (not the copies' letters put
    together, align.character_consensus, which no copy read)."""
    return [o for o in dispute.options if o.witnesses != ()]


def _extra_words(chosen: list[str], words: list[str]) -> list[str] | None:
    """Return the `words` a copy read besides those matching `chosen`, in order: the same
    word, or one alike (WORD_ALIKE: "ครังที" for "ครั้งที่", a mark lost); None when some
    chosen word has no match or nothing is left over."""
    extra, rest = [], iter(words)
    for word in chosen:
        for candidate in rest:
            if candidate == word or fuzz.ratio(candidate, word) >= WORD_ALIKE:
                break
            extra.append(candidate)
        else:
            return None
    extra.extend(rest)
    return extra or None
