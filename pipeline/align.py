"""Line the witnesses of one report up against each other, field by field.

Two alignments live here:
- `segment_alignment`: free text, token by token (ROVER-style). Every copy is aligned
  to a backbone copy; wherever all copies agree on a token boundary the text is cut, and
  each stretch between cuts is voted on its own, so a paragraph in which every copy has
  a different error still comes out clean.
- `key_reports`: the progress rows of section 2, keyed by each figure's own marker
  "(ครั้งที่ N)" and each narrative's date, never by the printed row label.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

from .model import Reading, WitnessRecord


def backbone_index(texts: Sequence[str]) -> int:
    """Return the index of the medoid text: the one most similar to all the others.

    Ties go to the smallest text, so the choice does not depend on the input order.
    Similarity is symmetric, so each pair is compared once.
    """
    n = len(texts)
    scores = [[100.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            scores[i][j] = scores[j][i] = fuzz.ratio(texts[i], texts[j])
    sums = [sum(row) for row in scores]
    return min(range(n), key=lambda i: (-sums[i], texts[i]))


def _encode(token_lists: Sequence[Sequence[str]]) -> list[list[int]]:
    """Return each token list as integers, one per distinct token: the alignment compares
    tokens for equality only, and integers are what rapidfuzz compares fastest."""
    ids: dict[str, int] = {}
    return [[ids.setdefault(t, len(ids)) for t in toks] for toks in token_lists]


def _edit_blocks(backbone: Sequence[Hashable], other: Sequence[Hashable]) -> list[tuple[str, int, int, int, int]]:
    """Return Indel opcodes with each run of adjacent deletions and insertions merged
    into one "replace": a substituted token is one stretch, whichever side Indel put
    its insertion on."""
    blocks: list[tuple[str, int, int, int, int]] = []
    for op in Indel.opcodes(backbone, other):
        cur = (op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end)
        if blocks and op.tag != "equal" and blocks[-1][0] != "equal":
            _, i1, _, j1, _ = blocks[-1]
            cur = ("replace", i1, op.src_end, j1, op.dest_end)
            blocks[-1] = cur
        else:
            blocks.append(cur)
    return blocks


def _boundary_map(backbone: Sequence[Hashable], other: Sequence[Hashable]) -> tuple[dict[int, int], list[int]]:
    """Return ({backbone boundary: boundary in `other`} for boundaries both copies share,
    and for each backbone boundary k how many of the tokens before it lie in stretches
    where `other` has exactly the backbone's tokens).

    The alignment is a longest common subsequence of tokens (insertions and deletions
    only): it never pairs two unrelated tokens as a "substitution" when keeping a match
    costs the same, which Levenshtein's alignment may do. A boundary where `other`
    inserts tokens has no clean counterpart and is left out; the first and last
    boundaries always map. With the counts `segment_alignment` sees that a stretch is the
    same in both copies without building its text: every token in it is matched, and
    `other` has nothing more between its ends.
    """
    clean: dict[int, int] = {}  # consecutive blocks agree on the boundary they share
    dirty: set[int] = set()
    same = [0] * (len(backbone) + 1)
    for tag, i1, i2, j1, j2 in _edit_blocks(backbone, other):
        if tag == "insert":
            dirty.add(i1)
        elif tag == "delete":
            clean.update(dict.fromkeys(range(i1, i2 + 1), j1))
        elif tag == "equal" or (i2 - i1) == (j2 - j1):
            clean.update(zip(range(i1, i2 + 1), range(j1, j2 + 1)))
            if tag == "equal":
                same[i1 + 1:i2 + 1] = [1] * (i2 - i1)
        else:
            clean[i1], clean[i2] = j1, j2
            dirty.update(range(i1 + 1, i2))
    for b in dirty:
        clean.pop(b, None)
    clean[0], clean[len(backbone)] = 0, len(other)
    return clean, list(accumulate(same))


def segment_alignment(token_lists: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    """Return the aligned stretches: for each, the text every copy has there (input order).

    Consecutive stretches on which all copies agree are merged, so a mostly unanimous
    text gives few stretches. A stretch every copy holds token for token as the backbone
    does is unanimous without building its text; only the others are compared as text.
    """
    joined = ["".join(t) for t in token_lists]
    b = backbone_index(joined)
    backbone = token_lists[b]
    encoded = _encode(token_lists)
    others = [(toks, *_boundary_map(encoded[b], encoded[i])) for i, toks in enumerate(token_lists) if i != b]
    common = sorted(set(range(len(backbone) + 1)).intersection(*(m for _, m, _ in others)))
    segments: list[tuple[str, ...]] = []
    run_start: int | None = None  # where the current run of unanimous stretches began
    for lo, hi in zip(common, common[1:]):
        if all(same[hi] - same[lo] == hi - lo == m[hi] - m[lo] for _, m, same in others):
            seg = None
        else:
            texts = {i: "".join(toks[m[lo]:m[hi]]) for i, (toks, m, _) in enumerate(others)}
            mine = "".join(backbone[lo:hi])
            seg = None if all(t == mine for t in texts.values()) else _stretch(b, mine, texts)
        if seg is None:
            run_start = lo if run_start is None else run_start
            continue
        if run_start is not None:
            segments.append((("".join(backbone[run_start:lo])),) * len(token_lists))
            run_start = None
        segments.append(seg)
    if run_start is not None:
        segments.append(("".join(backbone[run_start:common[-1]]),) * len(token_lists))
    return segments


def _stretch(b: int, mine: str, texts: dict[int, str]) -> tuple[str, ...]:
    """Return the texts of one stretch in input order: the backbone's (`mine`, input
    position `b`) among the others' (`texts`, by position among the others)."""
    ordered = [texts[i] for i in range(len(texts))]
    ordered.insert(b, mine)
    return tuple(ordered)


@dataclass
class ReportReadings:
    """All readings of one progress report, gathered from every witness."""

    report_no: int
    readings: dict[str, list[Reading]] = field(default_factory=lambda: defaultdict(list))

    @property
    def witnesses(self) -> set[str]:
        return {r.witness for rs in self.readings.values() for r in rs}


def _date_to_report(records: Sequence[WitnessRecord]) -> dict[str, int]:
    """Return {ISO date: report number} agreed across witnesses.

    Each narrative directly followed by a figure in its copy votes that its date belongs
    to that figure's marker; the majority decides. A date no copy pairs is placed by time
    order into a gap in the report numbers, or else joins the report of a paired date it
    differs from by one character (a misread digit). Gaps come first: monthly reports
    often differ by one character themselves (2020-11-25, 2020-12-25).
    """
    votes: dict[str, Counter[int]] = defaultdict(Counter)
    dates: set[str] = set()
    for rec in records:
        for n in rec.narratives:
            dates.add(n.date.value)
            if n.paired_report is not None:
                votes[n.date.value][n.paired_report] += 1
    mapping = {d: min(c, key=lambda k: (-c[k], k)) for d, c in votes.items()}
    placed = sorted(mapping.items())
    used = set(mapping.values())
    for d in sorted(dates - mapping.keys()):
        after = [n for pd, n in placed if pd > d]
        if not after:
            continue
        low = max((n for pd, n in placed if pd < d), default=0)
        free = [k for k in range(low + 1, min(after)) if k not in used]
        if free:
            mapping[d] = free[0]
            used.add(free[0])
            placed = sorted(placed + [(d, free[0])])
    paired = sorted(votes)
    for d in sorted(dates - mapping.keys()):
        near = [p for p in paired if Levenshtein.distance(d, p) <= 1]
        if near:
            mapping[d] = mapping[near[0]]
    return mapping


def key_reports(records: Sequence[WitnessRecord]) -> list[ReportReadings]:
    """Return the progress reports of one document, each with all witnesses' readings.

    Figures are keyed by their own marker, unless no more than half the copies have
    that marker and the copy paired the figure with a narrative whose date the copies
    place in a report this copy lacks: then the marker was misread ("ครั้งที่ 6" for 4)
    and the figure joins that report. Narratives and report
    dates are keyed by the report their date belongs to (see `_date_to_report`).
    Sorted by report number.
    """
    date_map = _date_to_report(records)
    reports: dict[int, ReportReadings] = {}

    def add(n: int, reading: Reading | None) -> None:
        if reading is None or reading.value is None:
            return
        rr = reports.setdefault(n, ReportReadings(n))
        if all(r.witness != reading.witness for r in rr.readings[reading.field]):
            rr.readings[reading.field].append(reading)

    support = Counter(n for rec in records for n in {fig.report_no for fig in rec.figures})
    for rec in sorted(records, key=lambda r: r.id):
        own = {fig.report_no for fig in rec.figures}
        paired = {n.paired_report: n.date.value for n in rec.narratives if n.paired_report is not None}
        for fig in rec.figures:
            number = fig.report_no
            moved = date_map.get(paired.get(number, ""), number)
            if moved not in own and support[number] * 2 <= len(records):
                number = moved
            for reading in (fig.progress_pct, fig.spent_baht, fig.plan_status, fig.target_status):
                add(number, reading)
        for nar in rec.narratives:
            n = date_map.get(nar.date.value)
            if n is not None:
                add(n, nar.date)
                add(n, nar.text)
    return [reports[n] for n in sorted(reports)]
