"""Weighted voting: choose one value per field from its readings, with the evidence.

Rules, recorded on every value (variants.csv `rule`):
- unanimous: every witness read the same value (two or more witnesses);
- majority: the value holds more than half of the total weight;
- weighted: the value has the most weight without a majority (a plurality);
- dictionary: a dictionary match broke a tie that weight alone left open, or, in a name
  or an agency, a reading that is an entry beat an unknown near-variant of it (below);
- aligned: free text assembled stretch by stretch; no majority of copies had it whole;
- single: only one witness read the field; nothing could check it;
- lm: the language model and OCR channel (correct.Corrector) overturned the weight of a
  disputed stretch, or replaced a phrase every copy read alike with a lexicon text the
  channel reaches (the vote's value is kept in `voted`, each change in `disputes` with
  the candidates' scores and posteriors). With the model, the confidence of a disputed
  stretch the model decided is the posterior of its choice among the candidates; where
  it agrees with the weights, the lower of that posterior and the weights' share.
After the vote (document.apply_mappings, corrections.correct_document):
- mapping: a user dictionary's WRONG -> RIGHT line changed the voted value, the only way
  an error every copy shares is changed; without such a line no value, and no person's
  name, is ever replaced by something no copy read (but for a disputed stretch read from
  the copies' letters put together, rule lm: stretch_vote.vote_stretch);
- human: a person's correction (--corrections) replaced the value.
In `disputes` a stretch may also have rule numbering: the full stop after a list item's
number that a copy read, kept where the item before or after it has its own
(stretch_checks.item_stop_kept), or the space after it set as the items beside it are
set, where a copy read it so (stretch_checks.item_spaced_alike), or a stop every copy
read as a comma, put back so, or
an item's number out of turn among items in turn (phrases.item_stops); or rule
conflict: the copies read different words there, not one misread as another
(stretch_vote.vote_stretch), and the value needs review.

Confidence is the winner's share of the two leading weights, w1 / (w1 + w2): 1.0 when
nobody disagrees, 0.5 for a tie. Free text takes its weakest stretch's confidence. A
single reading of text (names, free text) gets SINGLE_CONFIDENCE (with the model, free
text it finds nothing against phrases.SINGLE_VOUCHED_CONFIDENCE) and needs review; a
single typed value (a code, date, amount, percentage or status) gets
SINGLE_TYPED_CONFIDENCE and does not, because its strict parser already rejects most
misreadings: on the bench archives every one of 470 single typed values was right, and
45% of single text values were wrong (bench/RESULTS.md, "Confidence calibration"),
unless the copy's lines read at a mean OCR confidence under POOR_COPY_WEIGHT (a page
printed too dark or badly damaged; the bench's 828 copies of 22 draws read at 0.85 and
above, the most of them 0.93): then it gets SINGLE_CONFIDENCE and needs review.
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
from operator import itemgetter
from typing import Any

from rapidfuzz import fuzz

from .model import Candidate, Option, Reading, Resolved, Where

DICT_BONUS = 0.25
SNAP_MIN_SIMILARITY = 80.0
SINGLE_CONFIDENCE = 0.5
SINGLE_TYPED_CONFIDENCE = 0.9
POOR_COPY_WEIGHT = 0.83  # a copy's mean OCR confidence under which its lone typed values are not trusted
REVIEW_BELOW = 0.6
TIE_CONFIDENCE = 0.5  # a value no surer than a tie between two readings
OVERTURN_MIN_POSTERIOR = 0.8
CONFLICT = "conflict"  # a stretch's rule where the copies read different words (vote_stretch)
MODEL_ALONE_MAX_CONFIDENCE = 0.75  # text the model alone vouched for was right 72-73% of the time on two bench draws

Known = Callable[[Any], float]
Tokenize = Callable[[str], list[str]]
Vote = tuple[str, str, float, tuple[Option, ...]]  # a stretch's choice, its rule, its confidence, the options weighed


def no_evidence(_: Any) -> float:
    """A `Known` for fields no dictionary covers (numbers, dates, codes)."""
    return 0.0


def tally(weighted: Sequence[tuple[Any, float, str]], known: Known = no_evidence) -> list[Candidate]:
    """Return the distinct values among (value, weight, witness), strongest first.

    Order: weight plus dictionary bonus, then longer value (a dropped character is a
    commoner OCR error than an added one), then the value itself; never input order.
    A dictionary is consulted only when there is a disagreement to settle.
    """
    by_value: dict[Any, tuple[list[float], list[str]]] = {}
    for value, weight, witness in weighted:
        support = by_value.get(value)
        if support is None:
            by_value[value] = ([weight], [witness])
        else:
            support[0].append(weight)
            support[1].append(witness)
    if len(by_value) == 1:
        return [Candidate(value, sum(weights), tuple(sorted(witnesses))) for value, (weights, witnesses) in by_value.items()]
    ranked = []
    for value, (weights, witnesses) in by_value.items():
        cand = Candidate(value, sum(weights), tuple(sorted(witnesses)), DICT_BONUS * known(value))
        text = str(value)
        ranked.append(((-(cand.weight + cand.bonus), -len(text), text), cand))
    ranked.sort(key=itemgetter(0))
    return [cand for _, cand in ranked]


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


def weighed(cands: Sequence[Candidate]) -> tuple[Option, ...]:
    """Return a stretch's candidates as the options of its dispute, with their weights
    and witnesses (no model's score)."""
    return tuple(Option(c.value, round(c.weight, 4), c.witnesses) for c in cands)


def read_at(readings: Sequence[Reading]) -> tuple[tuple[str, Where], ...]:
    """Return (witness id, where it read the value) of each reading: the evidence's
    place in the scans (Resolved.read_at)."""
    return tuple((r.witness, r.where) for r in readings)


def vote_value(field: str, readings: Sequence[Reading], known: Known = no_evidence, snap: bool = False) -> Resolved:
    """Return the resolved value of a field whose readings are compared whole (typed values)."""
    cands = tally([(r.value, r.weight, r.witness) for r in readings], known)
    if snap:
        cands = prefer_entry(cands)
    rule, confidence = decide(cands, SINGLE_TYPED_CONFIDENCE)
    warnings: tuple[str, ...] = ()
    if rule == "single" and cands[0].weight < POOR_COPY_WEIGHT:
        confidence = SINGLE_CONFIDENCE
        warnings = (f"read by one copy only, which OCR read poorly (mean confidence {cands[0].weight:.2f})",)
    return Resolved(field, cands[0].value, round(confidence, 4), rule, confidence < REVIEW_BELOW, tuple(cands),
                    read_at=read_at(readings), warnings=warnings)
