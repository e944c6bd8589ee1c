"""Free text voted stretch by stretch: the copies' readings tokenised and aligned
(align.segment_alignment), each run of stretches where they disagree voted
(stretch_vote.vote_stretch), the choices put together into one value with a record of
every disputed stretch (model.Dispute), placed in the value the table shows."""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from .align import segment_alignment
from .correct import Corrector
from .model import Candidate, Dispute, Reading, Resolved
from .stretch_checks import item_spaced_alike, item_stop_kept, words_dropped
from .stretch_vote import last_printed_alike, phrase_after, phrase_before, vote_stretch
from .vote import (
    CONFLICT, OVERTURN_MIN_POSTERIOR, REVIEW_BELOW, TIE_CONFIDENCE, Known, Tokenize, Vote, decide, no_evidence, read_at,
    tally,
)

NEAR_ALIKE = 90  # rapidfuzz ratio at which two readings of free text voted whole are one text read a few letters off
REPEAT_MIN_CHARS = 3
REPEAT_MIN_SHARE = 0.05


def collapse_spaces(raw: str) -> tuple[str, list[int]]:
    """Return `raw` with whitespace runs collapsed to one space and the ends trimmed, and
    where each of its characters (and its end, the last entry) lands in that value.

    A stretch raw[i:j] becomes value[where[i]:where[j]]; the first whitespace of a run
    inside the text is the kept space, the rest of the run becomes empty. Disputes record
    offsets in the value the user sees, so they are mapped through this.
    """
    value = " ".join(raw.split())
    if value == raw:
        return value, list(range(len(raw) + 1))
    where: list[int] = []
    j = 0
    for ch in raw:
        where.append(j)
        if not ch.isspace() or (0 < j < len(value) and value[j] == " "):
            j += 1
    where.append(j)
    return value, where


def vote_text(
    field: str, readings: Sequence[Reading], tokenize: Tokenize, known: Known = no_evidence, snap: bool = False,
    model: Corrector | None = None,
) -> Resolved:
    """Return the resolved value of a free-text field, voted stretch by stretch.

    Copies are tokenised, aligned (align.segment_alignment) and each stretch where they
    disagree is voted alone, weighted by witness and dictionary evidence, or, with a
    `model`, chosen by the noisy-channel score (correct.Corrector; rule `lm` where it
    overturns the weight). `disputes` records every such stretch: where it is in the
    result, what was chosen and what each copy offered. With a model the caller then
    checks the result phrase by phrase for what every copy misread alike
    (phrases.check_phrases).
    """
    whole = tally([(r.value, r.weight, r.witness) for r in readings])
    if len(whole) == 1 or len(readings) == 1:
        rule, confidence = decide(whole)
        return Resolved(field, whole[0].value, confidence, rule, confidence < REVIEW_BELOW, tuple(whole),
                        read_at=read_at(readings))
    ordered = sorted(readings, key=lambda r: r.witness)
    segments = segment_alignment([tokenize(r.value) for r in ordered])
    pieces: list[str] = []
    disputes: list[tuple[int, Dispute]] = []  # the piece each stretch's choice is, and the stretch
    confidence = 1.0
    i = 0
    while i < len(segments):
        if len(set(segments[i])) == 1:
            pieces.append(segments[i][0])
            i += 1
            continue
        end = next((j for j in range(i, len(segments)) if len(set(segments[j])) == 1), len(segments))
        for chosen, rule, conf, options in _vote_run(segments[i:end], ordered, known, snap, model, pieces,
                                                      segments[end:]):
            confidence = min(confidence, conf)
            disputes.append((len(pieces), Dispute(0, chosen, rule, options)))
            pieces.append(chosen)
        i = end
    disputes = [(at, item_spaced_alike(pieces, at, item_stop_kept(pieces, at, d))) for at, d in disputes]
    offsets = [0, *itertools.accumulate(map(len, pieces))]
    spans = [(offsets[at], offsets[at + 1]) for at, _ in disputes]
    value, where = collapse_spaces("".join(pieces))
    if read_twice(value, readings):
        rule, confidence = decide(whole)
        best, held = most_supported(whole)
        if best is not whole[0]:
            rule, confidence = "weighted", min(held / sum(c.weight for c in whole), TIE_CONFIDENCE)
        return Resolved(field, best.value, round(confidence, 4), rule, confidence < REVIEW_BELOW, tuple(whole),
                        warnings=("the copies' stretches put together were longer than every copy: a fragment "
                                  "read twice; the copies were voted whole",), read_at=read_at(readings))
    placed = tuple(replace(d, at=where[start], chosen=value[where[start]:where[end]])
                   for (_, d), (start, end) in zip(disputes, spans))
    if model is not None and any(words_dropped(d, model) for d in placed):
        confidence = min(confidence, TIE_CONFIDENCE)
    majority = whole[0].value == value and whole[0].weight > sum(c.weight for c in whole) / 2
    rule = "majority" if majority else "aligned"
    for special in ("dictionary", "lm"):
        if any(d.rule == special for d in placed):
            rule = special
    conflicts = [d.chosen for d in placed if d.rule == CONFLICT]
    warnings = (f"copies read different words at {', '.join(map(repr, conflicts))}: a page of another report "
                "filed with a copy, or a line one copy lost?",) if conflicts else ()
    return Resolved(field, value, round(confidence, 4), rule, confidence < REVIEW_BELOW, tuple(whole),
                    placed, read_at=read_at(readings), warnings=warnings)


def _vote_run(run: Sequence[tuple[str, ...]], ordered: Sequence[Reading], known: Known, snap: bool,
              model: Corrector | None, before: Sequence[str], after: Sequence[Sequence[str]]) -> list[Vote]:
    """Return the vote (vote_stretch) of each of a run of neighbouring disputed
    stretches, each read after the choices before it; or, with a model, the vote of the
    run as one stretch (each copy's texts joined) where the model reads a copy's own
    text of the run, or the lexicon's reading of one (Corrector.propose), better than
    the choices put together, and that reading is held by most of the copies' weight or
    has a posterior of at least OVERTURN_MIN_POSTERIOR. Copies that cut a misread word
    apart differently ("อย่าง|ต่อ|เนือง" against "อยู่|าง|ต่อเนื่อง") align piece against
    piece, and pieces chosen one by one can make what no copy reads ("อยู่ต่อต่อเนื่อง");
    the run voted whole is one copy's text, which the phrase check
    (phrases.check_phrases) then weighs against the lexicon's reading. Where each copy
    misread a different word of the run, the choices put together read best and stand."""
    votes: list[Vote] = []
    for k, seg in enumerate(run):
        votes.append(vote_stretch(seg, ordered, known, snap, model, [*before, *(v[0] for v in votes)],
                                   [*run[k + 1:], *after], settled_before=k == 0 or last_printed_alike(run[k - 1])))
    if model is None or len(run) < 2:
        return votes
    stitched = "".join(v[0] for v in votes)
    whole = tuple("".join(parts) for parts in zip(*run))
    ranked = model.rank([stitched, *whole, *map(model.propose, set(whole))], [(t, r.weight) for t, r in zip(whole, ordered)],
                        left=phrase_before(before), right=phrase_after(after))
    held = sum(r.weight for t, r in zip(whole, ordered) if t == ranked[0].text)
    if ranked[0].text == stitched or held <= sum(r.weight for r in ordered) / 2 and \
            ranked[0].posterior < OVERTURN_MIN_POSTERIOR:
        return votes
    return [vote_stretch(whole, ordered, known, snap, model, before, after)]


def most_supported(cands: Sequence[Candidate]) -> tuple[Candidate, float]:
    """Return the candidate whose near-alike readings (NEAR_ALIKE: one text read with a few
    letters off in each copy) weigh most, the heaviest of equals, and that weight. Voted
    whole, two copies that read one text a letter apart each are two candidates, and a
    third copy's other text (a page of another report run on into the copy) would
    otherwise win by its weight alone; readings further apart (one lost a line) count
    only for themselves."""
    held = [sum(o.weight for o in cands if o is c or fuzz.ratio(str(c.value), str(o.value)) >= NEAR_ALIKE)
            for c in cands]
    best = max(range(len(cands)), key=lambda i: (held[i], -i))
    return cands[best], held[best]


def placed_again(disputes: Sequence[Dispute], before: str, after: str) -> list[Dispute]:
    """Return `disputes`, placed in the text `before`, placed in `after`, the same text
    with some stretches changed (difflib's alignment): each stretch's start moved with
    the text from it on and its end with the text up to it, and `chosen` what `after`
    holds between them, so that value[at:at + len(chosen)] == chosen holds in the value
    the table shows. A stretch a later step changed holds that step's text; one it
    removed comes back empty; a change next to a stretch stays outside it."""
    if before == after or not disputes:
        return list(disputes)
    ops = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()

    def start(i: int) -> int:  # a stretch's start goes with the text from it on
        for tag, a1, a2, b1, _ in ops:
            if a1 <= i < a2:
                return b1 + (i - a1) if tag == "equal" else b1
        return len(after)

    def end(i: int) -> int:  # its end with the text up to it
        for tag, a1, a2, b1, b2 in ops:
            if a1 < i <= a2:
                return b1 + (i - a1) if tag == "equal" else b2
        return 0

    out = []
    for d in disputes:
        at = start(d.at)
        stop = max(at, end(d.at + len(d.chosen))) if d.chosen else at
        out.append(replace(d, at=at, chosen=after[at:stop]))
    return out


def read_twice(value: str, readings: Sequence[Reading]) -> bool:
    """True when text put together stretch by stretch is longer than every copy's
    reading by more than a few letters lost here and there could explain
    (REPEAT_MIN_CHARS, or REPEAT_MIN_SHARE of the text): copies that read two fragments
    in another order ("A / B / b" and "A / b / B") align as one copy's insertion and
    another's deletion in different stretches, and each stretch voted alone may keep
    both."""
    longest = max(len(" ".join(str(r.value).split())) for r in readings)
    return len(value) - longest > max(REPEAT_MIN_CHARS, REPEAT_MIN_SHARE * longest)
