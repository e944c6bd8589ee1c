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
After the vote (document.apply_mappings, corrections.apply_corrections):
- mapping: a user dictionary's WRONG -> RIGHT line changed the voted value, the only way
  an error every copy shares is changed; without such a line no value, and no person's
  name, is ever replaced by something no copy read;
- human: a person's correction (--corrections) replaced the value.

Confidence is the winner's share of the two leading weights, w1 / (w1 + w2): 1.0 when
nobody disagrees, 0.5 for a tie. Free text takes its weakest stretch's confidence. A
single reading of text (names, free text) gets SINGLE_CONFIDENCE (with the model, free
text it finds nothing against SINGLE_VOUCHED_CONFIDENCE: check_phrases) and needs review; a
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

import re

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from .align import segment_alignment
from .model import Candidate, Dispute, Option, Reading, Resolved
from .thai_script import THAI_SPELLING, has_thai_spelling

if TYPE_CHECKING:
    from .correct import Corrector
    from .spellings import Spellings

DICT_BONUS = 0.25
SNAP_MIN_SIMILARITY = 80.0
SINGLE_CONFIDENCE = 0.5
SINGLE_TYPED_CONFIDENCE = 0.9
REVIEW_BELOW = 0.6
OVERTURN_MIN_POSTERIOR = 0.8
MODEL_ALONE_MAX_CONFIDENCE = 0.75  # text the model alone vouched for was right 72-73% of the time on two bench draws
SINGLE_VOUCHED_CONFIDENCE = 0.75
SUSPECT_CONFIDENCE = 0.5
REPEAT_MIN_CHARS = 3
REPEAT_MIN_SHARE = 0.05
_LETTERS_AND_DIGITS = re.compile(f"[^{THAI_SPELLING}0-9]")
SPECKS = re.compile("[\\s|¦—–=;:.,_~*'\"`^-]+")

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
    field: str, readings: Sequence[Reading], tokenize: Tokenize, known: Known = no_evidence, snap: bool = False,
    model: Corrector | None = None, spellings: Spellings | None = None,
) -> Resolved:
    """Return the resolved value of a free-text field, voted stretch by stretch.

    Copies are tokenised, aligned (align.segment_alignment) and each stretch where they
    disagree is voted alone, weighted by witness and dictionary evidence, or, with a
    `model`, chosen by the noisy-channel score (correct.Corrector; rule `lm` where it
    overturns the weight). `disputes` records every such stretch: where it is in the
    result, what was chosen and what each copy offered. With a model the result is then
    checked phrase by phrase for what every copy misread alike (`check_phrases`).
    """
    whole = tally([(r.value, r.weight, r.witness) for r in readings])
    if len(whole) == 1 or len(readings) == 1:
        rule, confidence = decide(whole)
        resolved = Resolved(field, whole[0].value, confidence, rule, confidence < REVIEW_BELOW, tuple(whole))
        return check_phrases(resolved, readings, model, spellings) if model else resolved
    ordered = sorted(readings, key=lambda r: r.witness)
    segments = segment_alignment([tokenize(r.value) for r in ordered])
    pieces: list[str] = []
    disputes: list[Dispute] = []
    spans: list[tuple[int, int]] = []
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
            offset = sum(len(p) for p in pieces)
            pieces.append(chosen)
            spans.append((offset, offset + len(chosen)))
            disputes.append(Dispute(offset, chosen, rule, options))
        i = end
    value, where = collapse_spaces("".join(pieces))
    if read_twice(value, readings):
        rule, confidence = decide(whole)
        resolved = Resolved(field, whole[0].value, round(confidence, 4), rule, confidence < REVIEW_BELOW, tuple(whole),
                            warnings=("the copies' stretches put together were longer than every copy: a fragment "
                                      "read twice; the copies were voted whole",))
        return check_phrases(resolved, readings, model, spellings) if model else resolved
    disputes = [replace(d, at=where[start], chosen=value[where[start]:where[end]])
                for d, (start, end) in zip(disputes, spans)]
    majority = whole[0].value == value and whole[0].weight > sum(c.weight for c in whole) / 2
    rule = "majority" if majority else "aligned"
    for special in ("dictionary", "lm"):
        if any(d.rule == special for d in disputes):
            rule = special
    resolved = Resolved(field, value, round(confidence, 4), rule, confidence < REVIEW_BELOW, tuple(whole),
                        tuple(disputes))
    return check_phrases(resolved, readings, model, spellings) if model else resolved


def _vote_run(run: Sequence[tuple[str, ...]], ordered: Sequence[Reading], known: Known, snap: bool,
              model: Corrector | None, before: Sequence[str], after: Sequence[Sequence[str]]) -> list[Vote]:
    """Return the vote (_vote_stretch) of each of a run of neighbouring disputed
    stretches, each read after the choices before it; or, with a model, the vote of the
    run as one stretch (each copy's texts joined) where the model reads a copy's own
    text of the run, or the lexicon's reading of one (Corrector.propose), better than
    the choices put together, and that reading is held by most of the copies' weight or
    has a posterior of at least OVERTURN_MIN_POSTERIOR. Copies that cut a misread word
    apart differently ("อย่าง|ต่อ|เนือง" against "อยู่|าง|ต่อเนื่อง") align piece against
    piece, and pieces chosen one by one can make what no copy reads ("อยู่ต่อต่อเนื่อง");
    the run voted whole is one copy's text, which the phrase check (check_phrases) then
    weighs against the lexicon's reading. Where each copy misread a different word of
    the run, the choices put together read best and stand."""
    votes: list[Vote] = []
    for k, seg in enumerate(run):
        votes.append(_vote_stretch(seg, ordered, known, snap, model, [*before, *(v[0] for v in votes)],
                                   [*run[k + 1:], *after]))
    if model is None or len(run) < 2:
        return votes
    stitched = "".join(v[0] for v in votes)
    whole = tuple("".join(parts) for parts in zip(*run))
    ranked = model.rank([stitched, *whole, *map(model.propose, whole)], [(t, r.weight) for t, r in zip(whole, ordered)],
                        left=phrase_before("".join(before)), right=phrase_after(after))
    held = sum(r.weight for t, r in zip(whole, ordered) if t == ranked[0].text)
    if ranked[0].text == stitched or held <= sum(r.weight for r in ordered) / 2 and \
            ranked[0].posterior < OVERTURN_MIN_POSTERIOR:
        return votes
    return [_vote_stretch(whole, ordered, known, snap, model, before, after)]


def read_twice(value: str, readings: Sequence[Reading]) -> bool:
    """True when text put together stretch by stretch is longer than every copy's
    reading by more than a few letters lost here and there could explain
    (REPEAT_MIN_CHARS, or REPEAT_MIN_SHARE of the text): copies that read two fragments
    in another order ("A / B / b" and "A / b / B") align as one copy's insertion and
    another's deletion in different stretches, and each stretch voted alone may keep
    both."""
    longest = max(len(" ".join(str(r.value).split())) for r in readings)
    return len(value) - longest > max(REPEAT_MIN_CHARS, REPEAT_MIN_SHARE * longest)


def _vote_stretch(
    seg: Sequence[str], ordered: Sequence[Reading], known: Known, snap: bool, model: Corrector | None,
    before: Sequence[str], after: Sequence[Sequence[str]],
) -> Vote:
    """Return (chosen text, rule, confidence, options with their evidence) of one stretch
    where copies disagree; the model, if any, reads it between its neighbours and may
    overturn the weights' choice when its posterior is at least OVERTURN_MIN_POSTERIOR
    (a wrong value is worse than a flagged one: short of that the weights' choice stays,
    with the model's doubt as its confidence); a tie of weights it settles. Where it
    agrees with the weights, their share still bounds the confidence: the model can add
    doubt, but a unigram model's certainty is no reason to trust two copies against one
    more than the copies' own agreement says; and what the model alone vouches for (a
    tie it settled, weights it overturned) is never sure: its confidence is at most
    MODEL_ALONE_MAX_CONFIDENCE. A stretch
    some copy lacks (a lost line) is left to the weights: a unigram model always
    prefers less text; so is a stretch with no Thai letter (digits, Latin), which the
    language model reads all alike, and one whose readings differ only in what is no
    Thai letter or digit ("และ /สรุป" against "และสรุป"): specks are no text to judge."""
    cands = prefer_nothing_to_specks(tally([(text, r.weight, r.witness) for text, r in zip(seg, ordered)], known))
    if snap:
        cands = prefer_entry(cands)
    rule, conf = decide(cands)
    options = tuple(Option(c.value, round(c.weight, 4), c.witnesses) for c in cands)
    if model is None or any(not str(c.value).strip() for c in cands) or not any(map(has_thai_spelling, seg)) \
            or len({_LETTERS_AND_DIGITS.sub("", str(c.value)) for c in cands}) == 1:
        return cands[0].value, rule, conf, options
    ranked = model.rank([c.value for c in cands], [(t, r.weight) for t, r in zip(seg, ordered)],
                        left=phrase_before("".join(before)), right=phrase_after(after))
    by_text = {c.text: c for c in ranked}
    options = tuple(sorted((replace(o, score=by_text[o.text].score, posterior=round(by_text[o.text].posterior, 4))
                            for o in options), key=lambda o: -o.posterior))
    if ranked[0].text == cands[0].value:
        return ranked[0].text, rule, min(conf, ranked[0].posterior), options
    tied = cands[0].weight <= cands[1].weight
    if tied or ranked[0].posterior >= OVERTURN_MIN_POSTERIOR:
        return ranked[0].text, "lm", min(ranked[0].posterior, MODEL_ALONE_MAX_CONFIDENCE), options
    return cands[0].value, rule, min(conf, by_text[cands[0].value].posterior), options


def prefer_nothing_to_specks(cands: Sequence[Candidate]) -> list[Candidate]:
    """Return the candidates of a stretch with the empty one first when some copy reads
    nothing there and the others read only specks (bars, dashes, dots: SPECKS) on which
    no majority agrees: OCR reads a smudge as whatever it likes, so specks the copies do
    not agree on are a smudge, not print (a tie would otherwise go to the longer)."""
    empty = next((c for c in cands if not str(c.value).strip()), None)
    total = sum(c.weight for c in cands)
    if empty is None or cands[0] is empty or not all(SPECKS.fullmatch(str(c.value)) for c in cands if c is not empty):
        return list(cands)
    if cands[0].weight > total / 2:
        return list(cands)
    return [empty, *(c for c in cands if c is not empty)]


def phrase_before(text: str) -> str:
    """Return the end of `text` after its last space: the phrase a stretch continues."""
    return text.rsplit(" ", 1)[-1]


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


def join_split_words(phrases: Sequence[str], model: Corrector) -> tuple[list[str], list[tuple[int, str]]]:
    """Return the phrases with each space that falls inside a word (Corrector.joins)
    taken out, and with each word OCR read twice across a space, first in part
    (Corrector.stutter), read once; and (where, what) of each piece taken out (offsets
    in the text after the earlier ones were taken out)."""
    out: list[str] = []
    taken: list[tuple[int, str]] = []
    for phrase in phrases:
        cut = model.stutter(out[-1], phrase) if out else 0
        if out and (cut or model.joins(out[-1], phrase)):
            removed = out[-1][len(out[-1]) - cut:] + " "
            out[-1] = out[-1][:len(out[-1]) - cut]
            taken.append((len(" ".join(out)), removed))
            out[-1] += phrase
        else:
            out.append(phrase)
    return out, taken


def _phrase_choice(phrase: str, weights: Sequence[float], model: Corrector,
                   spellings: Spellings | None) -> tuple[str, float, tuple[Option, ...]] | None:
    """Return (what a phrase every copy agrees on should read, its share, the options
    weighed) when the document's own spelling (Spellings.respell), a lexicon text in
    the channel's reach that reads better (Corrector.better_than), or both in turn
    offer a change; None when nothing does. The document's spelling needs no model's
    word for it: the same words read elsewhere in the document are the evidence; the
    model then judges what that left, so that one word respelled does not shield
    another the model would correct."""
    documented = spellings.respell(phrase) if spellings is not None else phrase
    proposal = model.propose(documented)
    if proposal == documented or not model.better_than(proposal, documented):
        return None if documented == phrase else (documented, 1.0, (Option(documented), Option(phrase)))
    ranked = model.rank([documented, proposal], [(phrase, w) for w in weights])
    options = tuple(Option(c.text, score=c.score, posterior=round(c.posterior, 4)) for c in ranked)
    return ranked[0].text, ranked[0].posterior, options + ((Option(phrase),) if documented != phrase else ())


def check_phrases(resolved: Resolved, readings: Sequence[Reading], model: Corrector,
                  spellings: Spellings | None = None) -> Resolved:
    """Return `resolved` with spaces inside words taken out (join_split_words) and each
    phrase (a run between spaces) that reads better as a lexicon text within the
    channel's reach, or spelled as the rest of the document spells it (`spellings`),
    replaced by it (rule `lm`, the vote's value kept in `voted`), its
    confidence lowered to the posterior of what was kept where the model weighed a
    proposal (a replacement, which the model alone vouches for, at most
    MODEL_ALONE_MAX_CONFIDENCE). Only a proposal that reads as fewer or better-known
    words may replace what the copies agree on (Corrector.better_than).

    What is left is then judged whole: text the model finds suspect (Corrector.suspect:
    a cluster no word covers, a stray symbol, a word read twice) is at most
    SUSPECT_CONFIDENCE and needs review; a single copy's text it finds nothing against
    is SINGLE_VOUCHED_CONFIDENCE (on the benchmark's two draws 73% and 88% of such
    values were right), still flagged: one copy is checked by nothing but the model."""
    value = resolved.value
    if not isinstance(value, str) or not value:
        return resolved
    weights = [r.weight for r in readings]
    phrases, joined = join_split_words(value.split(" "), model)
    out, disputes, confidence = [], list(resolved.disputes), resolved.confidence
    disputes += [Dispute(at, "", "lm", (Option(""), Option(removed))) for at, removed in joined]
    for phrase in phrases:
        choice = _phrase_choice(phrase, weights, model, spellings)
        if choice is None:
            out.append(phrase)
            continue
        chosen, share, options = choice
        confidence = min(confidence, share, MODEL_ALONE_MAX_CONFIDENCE if chosen != phrase else 1.0)
        if chosen != phrase:
            disputes.append(Dispute(len(" ".join(out)) + (1 if out else 0), chosen, "lm", options))
        out.append(chosen)
    if model.suspect(out):
        confidence = min(confidence, SUSPECT_CONFIDENCE)
    elif resolved.rule == "single" and not disputes:
        confidence = max(confidence, SINGLE_VOUCHED_CONFIDENCE)
    fixed = " ".join(out)
    if fixed == value and confidence == resolved.confidence:
        return resolved
    changed = fixed != value
    single = resolved.rule == "single"
    return replace(resolved, value=fixed, confidence=round(confidence, 4),
                   needs_review=confidence < REVIEW_BELOW or single,
                   rule="lm" if changed else resolved.rule, voted=value if changed else resolved.voted,
                   disputes=tuple(disputes))
