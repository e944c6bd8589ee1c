"""Weighted voting: choose one value per field from its readings, with the evidence.

Rules, recorded on every value (variants.csv `rule`):
- unanimous: every witness read the same value (two or more witnesses);
- majority: the value holds more than half of the total weight;
- weighted: the value has the most weight without a majority (a plurality);
- dictionary: a dictionary match broke a tie that weight alone left open, or, in a name
  or an agency, a reading that is an entry beat an unknown near-variant of it (below);
- aligned: free text assembled stretch by stretch; no majority of copies had it whole;
- single: only one witness read the field; nothing could check it.
After the vote (document.apply_mappings, corrections.apply_corrections):
- mapping: a user dictionary's WRONG -> RIGHT line changed the voted value, the only way
  an error every copy shares is changed; without such a line no value, and no person's
  name, is ever replaced by something no copy read;
- human: a person's correction (--corrections) replaced the value.

Confidence is the winner's share of the two leading weights, w1 / (w1 + w2): 1.0 when
nobody disagrees, 0.5 for a tie. Free text takes its weakest stretch's confidence. A
single reading of text (names, free text) gets SINGLE_CONFIDENCE and needs review; a
single typed value (a code, date, amount, percentage or status) gets
SINGLE_TYPED_CONFIDENCE and does not, because its strict parser already rejects most
misreadings: on the bench archives every one of 470 single typed values was right, and
45% of single text values were wrong (bench/RESULTS.md, "Confidence calibration").
A value needs review when its confidence is below REVIEW_BELOW. The dictionary bonus
is smaller than one witness, so in general a dictionary can break a tie but never
overturn a majority.

Entries beat their own misspellings (`snap=True`, used for person names and agencies):
when the leading reading of a disputed value is no dictionary entry, and another
witnessed reading is an entry at least SNAP_MIN_SIMILARITY similar to it, the entry wins
("สำนักงานเขตดุสิต" over a majority's "สำนักงานเขตดูสิต"). Only readings some copy actually
has can win this way, never an entry no copy read; a unanimous reading is never
replaced; and the value keeps a confidence below REVIEW_BELOW, so a person checks it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rapidfuzz import fuzz

from .align import segment_alignment
from .model import Candidate, Reading, Resolved

DICT_BONUS = 0.25
SNAP_MIN_SIMILARITY = 80.0
SINGLE_CONFIDENCE = 0.5
SINGLE_TYPED_CONFIDENCE = 0.9
REVIEW_BELOW = 0.6

Known = Callable[[Any], float]
Tokenize = Callable[[str], list[str]]


def no_evidence(_: Any) -> float:
    """A `Known` for fields no dictionary covers (numbers, dates, codes)."""
    return 0.0


def tally(weighted: Sequence[tuple[Any, float, str]], known: Known = no_evidence) -> list[Candidate]:
    """Return the distinct values among (value, weight, witness), strongest first.

    Order: weight plus dictionary bonus, then longer value (a dropped character is a
    commoner OCR error than an added one), then the value itself; never input order.
    A dictionary is consulted only when there is a disagreement to settle.
    """
    by_value: dict[Any, list[tuple[float, str]]] = {}
    for value, weight, witness in weighted:
        by_value.setdefault(value, []).append((weight, witness))
    contested = len(by_value) > 1
    cands = [
        Candidate(
            value,
            sum(w for w, _ in support),
            tuple(sorted(wid for _, wid in support)),
            DICT_BONUS * known(value) if contested else 0.0,
        )
        for value, support in by_value.items()
    ]
    return sorted(cands, key=lambda c: (-c.score, -len(str(c.value)), str(c.value)))


def prefer_entry(cands: Sequence[Candidate]) -> list[Candidate]:
    """Return the candidates with a dictionary entry moved ahead of a leading reading that
    is unknown and a near-variant of it (the `snap` rule in the module docstring)."""
    lead = cands[0]
    if lead.bonus > 0:
        return list(cands)
    for cand in cands[1:]:
        if cand.bonus >= DICT_BONUS and fuzz.ratio(str(cand.value), str(lead.value)) >= SNAP_MIN_SIMILARITY:
            return [cand, *(c for c in cands if c is not cand)]
    return list(cands)


def decide(cands: Sequence[Candidate], single: float = SINGLE_CONFIDENCE) -> tuple[str, float]:
    """Return (rule, confidence) for a ranked list of candidates (see module docstring);
    `single` is the confidence of a value only one witness read."""
    total = sum(c.weight for c in cands)
    n_witnesses = sum(len(c.witnesses) for c in cands)
    if n_witnesses == 1:
        return "single", single
    if len(cands) == 1:
        return "unanimous", 1.0
    first, second = cands[0], cands[1]
    confidence = first.weight / (first.weight + second.weight) if first.weight + second.weight else 0.0
    if first.weight <= max(c.weight for c in cands[1:]):
        return "dictionary" if first.bonus > second.bonus else "weighted", min(confidence, 0.5)
    if first.weight > total / 2:
        return "majority", confidence
    return "weighted", confidence


def collapse_spaces(raw: str) -> tuple[str, list[int]]:
    """Return `raw` with whitespace runs collapsed to one space and the ends trimmed, and
    where each of its characters (and its end, the last entry) lands in that value.

    A stretch raw[i:j] becomes value[where[i]:where[j]]; the first whitespace of a run
    inside the text is the kept space, the rest of the run becomes empty. Disputes record
    offsets in the value the user sees, so they are mapped through this.
    """
    value = " ".join(raw.split())
    where: list[int] = []
    j = 0
    for ch in raw:
        where.append(j)
        if not ch.isspace() or (0 < j < len(value) and value[j] == " "):
            j += 1
    where.append(j)
    return value, where


def vote_value(field: str, readings: Sequence[Reading], known: Known = no_evidence, snap: bool = False) -> Resolved:
    """Return the resolved value of a field whose readings are compared whole (typed values)."""
    cands = tally([(r.value, r.weight, r.witness) for r in readings], known)
    if snap:
        cands = prefer_entry(cands)
    rule, confidence = decide(cands, SINGLE_TYPED_CONFIDENCE)
    return Resolved(field, cands[0].value, round(confidence, 4), rule, confidence < REVIEW_BELOW, tuple(cands))


def vote_text(
    field: str, readings: Sequence[Reading], tokenize: Tokenize, known: Known = no_evidence, snap: bool = False
) -> Resolved:
    """Return the resolved value of a free-text field, voted stretch by stretch.

    Copies are tokenised, aligned (align.segment_alignment) and each stretch where they
    disagree is voted alone, weighted by witness and dictionary evidence. `disputes`
    records every such stretch: where it is in the result, what was chosen and what
    each copy offered.
    """
    whole = tally([(r.value, r.weight, r.witness) for r in readings])
    if len(whole) == 1 or len(readings) == 1:
        rule, confidence = decide(whole)
        return Resolved(field, whole[0].value, confidence, rule, confidence < REVIEW_BELOW, tuple(whole))
    ordered = sorted(readings, key=lambda r: r.witness)
    segments = segment_alignment([tokenize(r.value) for r in ordered])
    pieces: list[str] = []
    disputes: list[dict[str, Any]] = []
    spans: list[tuple[int, int]] = []
    confidence = 1.0
    for seg in segments:
        if len(set(seg)) == 1:
            pieces.append(seg[0])
            continue
        cands = tally([(text, r.weight, r.witness) for text, r in zip(seg, ordered)], known)
        if snap:
            cands = prefer_entry(cands)
        rule, conf = decide(cands)
        confidence = min(confidence, conf)
        offset = sum(len(p) for p in pieces)
        pieces.append(cands[0].value)
        spans.append((offset, offset + len(cands[0].value)))
        disputes.append(
            {
                "at": offset,
                "chosen": cands[0].value,
                "rule": rule,
                "options": [{"text": c.value, "weight": round(c.weight, 4), "witnesses": list(c.witnesses)} for c in cands],
            }
        )
    value, where = collapse_spaces("".join(pieces))
    for dispute, (start, end) in zip(disputes, spans):
        dispute["at"], dispute["chosen"] = where[start], value[where[start]:where[end]]
    majority = whole[0].value == value and whole[0].weight > sum(c.weight for c in whole) / 2
    rule = "majority" if majority else "aligned"
    if any(d["rule"] == "dictionary" for d in disputes):
        rule = "dictionary"
    return Resolved(field, value, round(confidence, 4), rule, confidence < REVIEW_BELOW, tuple(whole), tuple(disputes))
