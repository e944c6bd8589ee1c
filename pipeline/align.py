"""Line the witnesses of one report up against each other, field by field.

Three alignments live here:
- `segment_alignment`: free text, token by token (ROVER-style). Every copy is aligned
  to a backbone copy; wherever all copies agree on a token boundary the text is cut, and
  each stretch between cuts is voted on its own, so a paragraph in which every copy has
  a different error still comes out clean.
- `character_consensus`: one such stretch, character by character, for a word in which
  each copy misread a different letter.
- `key_reports`: the progress rows of section 2, keyed by each figure's own marker
  "(ครั้งที่ N)" and each narrative's date, never by the printed row label.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

from .channel import opcodes
from .model import Reading, SetAside, Where, WitnessRecord


def backbone_index(texts: Sequence[str]) -> int:
    """Return the index of the medoid text: the one most similar to all the others.

    Ties go to the smallest text, so the choice does not depend on the input order.
    Similarity is symmetric, so each pair is compared once; copies often read alike, and
    a text is 100 like itself, so only two different texts are compared, once a pair.
    """
    n = len(texts)
    scores = [[100.0] * n for _ in range(n)]
    compared: dict[tuple[str, str], float] = {}
    for i in range(n):
        for j in range(i + 1, n):
            if texts[i] != texts[j]:
                pair = (texts[i], texts[j])
                ratio = compared.get(pair)
                if ratio is None:
                    ratio = compared[pair] = fuzz.ratio(*pair)
                scores[i][j] = scores[j][i] = ratio
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
    Copies that read the same tokens are aligned once: `others` holds each token list
    that differs from the backbone's, `which` says for each copy which one it read
    (-1: the backbone's).
    """
    joined = ["".join(t) for t in token_lists]
    b = backbone_index(joined)
    backbone = token_lists[b]
    encoded = _encode(token_lists)
    slots: dict[tuple[int, ...], int] = {tuple(encoded[b]): -1}
    others: list[tuple[Sequence[str], dict[int, int], list[int]]] = []
    which: list[int] = []
    for toks, ids in zip(token_lists, encoded):
        slot = slots.setdefault(tuple(ids), len(others))
        if slot == len(others):
            others.append((toks, *_boundary_map(encoded[b], ids)))
        which.append(slot)
    common = sorted(set(range(len(backbone) + 1)).intersection(*(m for _, m, _ in others)))
    segments: list[tuple[str, ...]] = []
    run_start: int | None = None  # where the current run of unanimous stretches began
    for lo, hi in zip(common, common[1:]):
        if all(same[hi] - same[lo] == hi - lo == m[hi] - m[lo] for _, m, same in others):
            seg = None
        else:
            texts = ["".join(toks[m[lo]:m[hi]]) for toks, m, _ in others]
            mine = "".join(backbone[lo:hi])
            seg = None if all(t == mine for t in texts) else tuple(mine if k < 0 else texts[k] for k in which)
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


def character_consensus(texts: Sequence[str], weights: Sequence[float]) -> str:
    """Return the text the readings of one stretch make character by character: each
    reading aligned to the backbone (backbone_index) by Levenshtein's alignment of code
    points, and at each of the backbone's characters, and in each gap between them, what
    the most weight read there (a tie: the backbone's). Where every copy misread a
    different letter of a word, so that no copy reads it whole ("ขออบุมัติโครงการฯ",
    "ขออนุมัติโครงการ", "ขออนุมีติโครังการา"), this is the word as printed; it is a
    candidate for the language model to weigh beside the copies' own readings, never a
    choice by itself."""
    pivot = texts[backbone_index(texts)]
    total = sum(weights)
    chars: dict[int, dict[str, float]] = {}  # what copies read instead of the pivot's character i
    gaps: dict[int, dict[str, float]] = {}  # what copies read before the pivot's character i
    for text, weight in zip(texts, weights):
        if text == pivot:
            continue
        for tag, i1, i2, j1, j2 in opcodes(pivot, text):
            if tag == "insert":
                votes = gaps.setdefault(i1, {})
                votes[text[j1:j2]] = votes.get(text[j1:j2], 0.0) + weight
            elif tag != "equal":
                span = text[j1:j2]
                same_length = i2 - i1 == len(span)
                for k, i in enumerate(range(i1, i2)):
                    read = span[k] if same_length else span if k == 0 else ""
                    votes = chars.setdefault(i, {})
                    votes[read] = votes.get(read, 0.0) + weight
    out = []
    for i in range(len(pivot) + 1):
        if i in gaps:
            out.append(_heaviest(gaps[i], "", total))
        if i < len(pivot):
            out.append(_heaviest(chars[i], pivot[i], total) if i in chars else pivot[i])
    return "".join(out)


def _heaviest(others: dict[str, float], own: str, total: float) -> str:
    """Return what the most weight read at one place: `own` (the backbone's reading, with
    the weight `others` leave of `total`) or one of `others`; a tie goes to `own`."""
    best, weight = own, total - sum(w for read, w in others.items() if read != own)
    for read, w in others.items():
        if read != own and w > weight:
            best, weight = read, w
    return best


@dataclass
class ReportReadings:
    """All readings of one progress report, gathered from every witness.

    `set_aside` holds, per field, the readings kept out of the vote with the reason (a
    copy's second reading for this report, a date no report could take); `unread`, per
    field, the copies that printed it but read no value there, and where (Figure.unread);
    `warnings` say why the whole report needs review (a choice between two report
    numbers, a copy that has the reports on both sides but yielded no value for this one).
    """

    report_no: int
    readings: dict[str, list[Reading]] = field(default_factory=lambda: defaultdict(list))
    set_aside: dict[str, list[SetAside]] = field(default_factory=lambda: defaultdict(list))
    unread: dict[str, list[tuple[str, Where]]] = field(default_factory=lambda: defaultdict(list))
    warnings: list[str] = field(default_factory=list)

    @property
    def witnesses(self) -> set[str]:
        """Return the copies that read the report: a value, or a cell they printed and read as none."""
        return self.read_by | {witness for printed in self.unread.values() for witness, _ in printed}

    @property
    def read_by(self) -> set[str]:
        """Return the copies that read a value of the report."""
        return {r.witness for rs in self.readings.values() for r in rs}


@dataclass
class DatePlacement:
    """Which report each narrative date belongs to (`reports`), the dates whose copies
    were split between two report numbers, with how the choice was made (`ties`), and
    the dates no report could take (`unplaced`)."""

    reports: dict[str, int] = field(default_factory=dict)
    ties: dict[str, str] = field(default_factory=dict)
    unplaced: set[str] = field(default_factory=set)
    overruled: dict[str, str] = field(default_factory=dict)  # dates whose copies' pairing broke time order: why
    doubted: dict[int, str] = field(default_factory=dict)  # the reports such dates were paired with: why


def _inverts(date: str, report: int, placed: dict[str, int]) -> bool:
    """True when `report` for `date` (no date of `placed`) runs against the time order of
    the `placed` dates, or is the report one of them holds."""
    return any(d < date and n >= report or d > date and n <= report for d, n in placed.items())


def _split_inversion(clear: dict[str, int], votes: dict[str, Counter[int]]) -> bool:
    """True when two dates of `clear` fall in report number as they rise in time and the
    copies are split on the pairing of one of them: a copy that lost a row paired a
    date with a marker misread. Copies agreed on both leave the cross-checks to flag the
    date out of order, which may be the misread one."""
    ordered = sorted(clear.items())
    return any(n1 > n2 and (len(votes[d1]) > 1 or len(votes[d2]) > 1)
               for i, (d1, n1) in enumerate(ordered) for d2, n2 in ordered[i + 1:])


def _ordered_chain(votes: dict[str, Counter[int]]) -> dict[str, int]:
    """Return the placement of dates (in time order) in report numbers (rising) that the
    copies' pairings back most: the most votes, then the most dates placed, then the
    fewest dates placed otherwise than most of their copies say, then the fewest report
    numbers skipped (counting from 1, then between the dates: reports are filed in turn),
    then the lowest numbers. A weighted longest rising chain: a date left out of it holds
    no pairing that fits the others."""
    dates = sorted(votes)
    nodes = [(i, k) for i, d in enumerate(dates) for k in sorted(votes[d])]
    best: dict[tuple[int, int], tuple[tuple[int, int, int, int], tuple[int, int] | None]] = {}
    for i, k in nodes:
        c = votes[dates[i]]
        own = (c[k], 1, -int(c[k] < max(c.values())))
        here: tuple[tuple[int, int, int, int], tuple[int, int] | None] = ((*own, -(k - 1)), None)
        for (j, m), (score, _) in best.items():
            if j < i and m < k:
                total = (score[0] + own[0], score[1] + 1, score[2] + own[2], score[3] - (k - m - 1))
                if total > here[0]:
                    here = (total, (j, m))
        best[(i, k)] = here
    if not best:
        return {}
    end: tuple[int, int] | None = max(sorted(best), key=lambda node: best[node][0])
    chain = {}
    while end is not None:
        chain[dates[end[0]]] = end[1]
        end = best[end][1]
    return chain


def _keeps_order(date: str, report: int, clear: dict[str, int]) -> bool:
    """True when `report` is free for `date` among the dates placed by a clear majority,
    and the report numbers still rise with the dates."""
    return all(n != report and (d < date) == (n < report) for d, n in clear.items() if d != date)


def _in_turn(date: str, report: int, sure: dict[str, int], dates: Iterable[str]) -> bool:
    """True when `report` follows the report of the last date before `date` in `sure`
    (the dates placed without doubt), and the next such date after it, if any, leaves as
    many reports between them as `dates` (every date paired with a figure) has dates."""
    before = [n for d, n in sure.items() if d < date]
    if not before or report != max(before) + 1:
        return False
    after = min((d for d in sure if d > date), default=None)
    return after is None or sure[after] - report - 1 == sum(date < d < after for d in dates)


def _keep_time_order(placed: DatePlacement, clear: dict[str, int], tied: dict[str, list[int]],
                     votes: dict[str, Counter[int]]) -> None:
    """Where two dates placed by a clear majority (`clear`, updated with `placed`) fall in
    report number as they rise and the copies are split on one of them
    (_split_inversion: copies that lost a row pair its neighbour's date with a marker
    misread or counted on, "2" for 4), place them as the chain of
    pairings that keeps time order says (_ordered_chain), each one moved so recorded in
    `ties` to be flagged; a date the chain leaves out whose pairing runs against it is
    taken out of the placement and kept in `overruled`, for the time order of the others
    to place. The report such a date was paired with is `doubted` too: the copies that
    paired it so filed that row's figures there. A tied date the chain places in a
    report none of its tied ones is placed so, flagged the same way; the other tied
    dates are left to the vote's own rule, among the dates so placed."""
    chain = _ordered_chain(votes)
    for d, n in list(clear.items()):
        c = votes[d]
        said = f"{c[n]} of {sum(c.values())} copies pair the report dated {d} with report {n}"
        if d not in chain and _inverts(d, n, chain):
            del placed.reports[d], clear[d]
            placed.overruled[d] = f"{said}, which breaks the time order of the other reports"
            placed.doubted[n] = placed.overruled[d]
        elif d in chain and chain[d] != n:
            placed.reports[d] = clear[d] = chain[d]
            placed.ties[d] = placed.doubted[n] = f"{said}; placed in {chain[d]}, where the reports keep time order"
    for d in list(tied):
        if d in chain and chain[d] not in tied[d]:
            c = votes[d]
            shown = " or ".join(map(str, tied[d]))
            placed.reports[d] = clear[d] = chain[d]
            placed.ties[d] = (f"the copies are split on whether the report dated {d} is report {shown} "
                              f"({c[tied[d][0]]} each); placed in {chain[d]}, where the reports keep time order")
            del tied[d]


def _place_voted(votes: dict[str, Counter[int]], window: tuple[str, str] | None = None) -> DatePlacement:
    """Place each date its copies paired with a figure: by majority; on a tie (taken in
    time order), in the tied report that no date placed before holds and that keeps
    time order, else the lowest.

    A tie is recorded, to be flagged, unless the rest of the document settles it: the
    lowest tied report that keeps time order and is free follows in turn the report of
    the last date before it placed without doubt, and the next such date after it, if
    any, leaves a report for each date between them (a copy paired the date with a
    misread marker, "6" for 4 after a clear 3, or printed a figure one row late). A
    date outside `window`, the dates a report of the project can bear, holds no number
    against the others: it is a misread date that the vote on report dates sets aside."""
    placed = DatePlacement()
    tied: dict[str, list[int]] = {}
    for d, c in votes.items():
        top = max(c.values())
        best = sorted(k for k, v in c.items() if v == top)
        if len(best) == 1:
            placed.reports[d] = best[0]
        else:
            tied[d] = best
    inside = (lambda d: True) if window is None else (lambda d: window[0] <= d <= window[1])
    clear = {d: n for d, n in placed.reports.items() if inside(d)}
    if _split_inversion(clear, votes):
        _keep_time_order(placed, clear, tied, {d: c for d, c in votes.items() if inside(d)})
    sure = dict(clear)
    for d in sorted(tied):
        options = tied[d]
        fits = [k for k in options if _keeps_order(d, k, clear)]
        chosen = fits[0] if fits else options[0]
        placed.reports[d] = chosen
        if inside(d):
            clear[d] = chosen
            if fits and _in_turn(d, chosen, sure, filter(inside, votes)):
                sure[d] = chosen
                continue
        why = "the one no other date holds" if fits else "the lowest; no choice fits the other dates"
        shown = " or ".join(map(str, options))
        placed.ties[d] = (f"the copies are split on whether the report dated {d} is report {shown} "
                          f"({votes[d][chosen]} each); placed in {chosen}, {why}")
    return placed


def _date_to_report(records: Sequence[WitnessRecord], window: tuple[str, str] | None = None) -> DatePlacement:
    """Return where each narrative date belongs, agreed across witnesses.

    Each narrative directly followed by a figure in its copy votes that its date belongs
    to that figure's marker (see _place_voted, given `window`). A date no copy pairs is
    placed by time order into a gap in the report numbers, or else joins the report of a
    paired date it differs from by one character (a misread digit). Gaps come first:
    monthly reports often differ by one character themselves (2020-11-25, 2020-12-25).
    A date that fits neither, and comes after every placed date (the copies lost the
    last rows' figures, or all of them), is numbered on from the last report by time
    order, a flagged guess; any other is unplaced.
    """
    votes: dict[str, Counter[int]] = defaultdict(Counter)
    dates: set[str] = set()
    for rec in records:
        for n in rec.narratives:
            if n.date.value is None:
                continue
            dates.add(n.date.value)
            if n.paired_report is not None:
                votes[n.date.value][n.paired_report] += 1
    placement = _place_voted(votes, window)
    mapping = placement.reports
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
    for d, why in placement.overruled.items():
        if d in mapping:
            placement.ties[d] = f"{why}; placed in {mapping[d]} by time order"
    paired = sorted(set(votes) - placement.overruled.keys())
    for d in sorted(dates - mapping.keys() - placement.overruled.keys()):
        near = [p for p in paired if Levenshtein.distance(d, p) <= 1]
        if near:
            mapping[d] = mapping[near[0]]
    last = max(mapping.values(), default=0)
    for d in sorted(d for d in dates - mapping.keys() - placement.overruled.keys() if all(d > p for p in mapping)):
        last = mapping[d] = last + 1
        placement.ties[d] = (f"no copy paired the date {d} with a figure, and it comes after every report "
                             f"placed: numbered {last} by time order, a guess")
    placement.unplaced = dates - mapping.keys()
    return placement


def _nearest_report(date: str, mapping: dict[str, int]) -> int | None:
    """The report of the placed date closest in time to `date` (None if none is placed)."""
    if not mapping:
        return None
    day = _day(date)
    return mapping[min(mapping, key=lambda d: (abs(_day(d) - day), d))]


def _day(iso: str) -> int:
    return dt.date.fromisoformat(iso).toordinal()


class _Reports(dict[int, ReportReadings]):
    """The reports being gathered: each reading goes in once per witness and field; a
    witness's second reading for the same report and field is set aside with the reason."""

    def get_report(self, n: int) -> ReportReadings:
        return self.setdefault(n, ReportReadings(n))

    def add(self, n: int, reading: Reading | None) -> None:
        if reading is None or reading.value is None:
            return
        rr = self.get_report(n)
        first = next((r for r in rr.readings[reading.field] if r.witness == reading.witness), None)
        if first is None:
            rr.readings[reading.field].append(reading)
        elif first.value != reading.value:
            rr.set_aside[reading.field].append(SetAside(
                reading.value, reading.witness,
                f"a second {reading.field} this copy read for report {n} (its first, {first.value!r}, "
                f"votes), at {reading.where}"))

    def set_aside(self, n: int, reading: Reading, reason: str) -> None:
        if reading.value is not None:
            self.get_report(n).set_aside[reading.field].append(SetAside(reading.value, reading.witness, reason))


def _flag_missing_rows(reports: _Reports, records: Sequence[WitnessRecord]) -> None:
    """Warn on each report a copy yielded no value for although it has the reports on
    both sides: the row was there in print, so its figures were lost on the way (a cell
    it printed but read as nothing is no value)."""
    for rec in records:
        have = {n for n, rr in reports.items() if rec.id in rr.read_by}
        for n in sorted(reports):
            if n not in have and n - 1 in have and n + 1 in have:
                reports[n].warnings.append(
                    f"copy {rec.id} has reports {n - 1} and {n + 1} but yielded no value for report {n}")


def _flag_counted_numbers(reports: _Reports, records: Sequence[WitnessRecord]) -> None:
    """Warn on each report whose number no copy read: every figure given it had its
    number counted on from the rows before (Figure.counted), which a row lost on the way
    shifts, taking the next report's figures and date for this one's."""
    numbers: dict[int, list[bool]] = defaultdict(list)
    for rec in records:
        for fig in rec.figures:
            numbers[fig.report_no].append(fig.counted)
    for n, counted in numbers.items():
        if n in reports and all(counted):
            reports[n].warnings.append(
                f"no copy read report {n}'s number: it was counted on from the rows before it, "
                "which a row lost on the way would shift")


def key_reports(records: Sequence[WitnessRecord], window: tuple[str, str] | None = None) -> list[ReportReadings]:
    """Return the progress reports of one document, each with all witnesses' readings.

    Figures are keyed by their own marker, unless no more than half the copies have
    that marker and the copy paired the figure with a narrative whose date the copies
    place in a report this copy lacks: then the marker was misread ("ครั้งที่ 6" for 4)
    and the figure joins that report. Narratives and report dates are keyed by the
    report their date belongs to (see `_date_to_report`; `window`, when known, is the
    dates the project's reports can bear: report_window); a narrative whose date OCR
    garbled (its date read as None) by the figure that follows it. No reading is dropped: one
    that cannot take part in a vote is set aside in the report it is nearest, with the
    reason. Sorted by report number.
    """
    placement = _date_to_report(records, window)
    date_map = placement.reports
    reports = _Reports()
    support = Counter(n for rec in records for n in {fig.report_no for fig in rec.figures})
    for rec in sorted(records, key=lambda r: r.id):
        own = {fig.report_no for fig in rec.figures}
        paired = {n.paired_report: n.date.value for n in rec.narratives
                  if n.paired_report is not None and n.date.value is not None}
        for fig in rec.figures:
            number = fig.report_no
            moved = date_map.get(paired.get(number, ""), number)
            if moved not in own and support[number] * 2 <= len(records):
                number = moved
            for reading in (fig.progress_pct, fig.spent_baht, fig.plan_status, fig.target_status):
                reports.add(number, reading)
            for name, where in fig.unread:
                reports.get_report(number).unread[name].append((rec.id, where))
        for nar in rec.narratives:
            n = date_map.get(nar.date.value) if nar.date.value is not None else nar.paired_report
            if n is not None:
                for reading in (nar.date, nar.text, *nar.statuses):
                    reports.add(n, reading)
                continue
            near = _nearest_report(nar.date.value, date_map)
            if near is not None:
                why = placement.overruled.get(nar.date.value, "no copy paired it with a figure and no report number "
                                                               "is free between its neighbours")
                reason = f"the date {nar.date.value} fits no report ({why}); at {nar.date.where}"
                for reading in (nar.date, nar.text, *nar.statuses):
                    reports.set_aside(near, reading, reason)
    for d, why in placement.ties.items():
        if date_map[d] in reports:
            reports[date_map[d]].warnings.append(why)
    for n, why in placement.doubted.items():
        if n in reports and why not in reports[n].warnings:
            reports[n].warnings.append(why)
    _flag_missing_rows(reports, records)
    _flag_counted_numbers(reports, records)
    return [reports[n] for n in sorted(reports)]
