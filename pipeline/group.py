"""Group witnesses into documents: which copies are copies of the same report?

The template names the fields (template.GroupingSpec; for the default template the
project code is the key, the project name the name, and name, agency and responsible
person the identity). OCR damages digits, so codes one edit apart are the same report
when the rest of the copy agrees (its name and its whole identity) and the copies do
not report on other days (_may_be_same_reports): neighbouring projects of one agency
have codes one digit apart too, and a sister project of the same name and person in
another district may read alike but for a few letters. Codes two edits apart (a digit
lost at one place and one added at another: "39727671-0506" read for "39727671-5066"),
and a code whose copies read no name, are the same report only when the copies also
carry the same progress reports' dates (SHARED_DATES_MIN of the fewer dates, and at
least two): another project of the same name, agency and person (next year's, or a
sister project) reports on other days. Candidate pairs come from a deletion index
(every code with one character deleted: two codes sharing a key are at most two edits
apart), so grouping costs time in proportion to the number of witnesses, never to its
square. A copy without a readable code joins the document one of whose copies'
identity it matches closely (its name alone would not do: many reports share one); it
is compared only with the distinct identities whose characters can reach the score
(pipeline.name_match). Groups are compared copy by copy, never through one copy
standing for the rest: the copies of one report each misread it their own way, and the
one a tally picks can be the worst read. Copies of one code that read other periods (a
fiscal year: a project reports anew each year under its code) and report on other days
are the reports of two periods, keyed `<code>~<period>` (_split_by_period).
"""
from __future__ import annotations

import hashlib
import itertools
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .model import DocumentGroup, WitnessRecord
from .name_match import NameIndex
from .template import GroupingSpec, load_template

SAME_REPORT_MIN_SCORE = 85.0
SHARED_DATES_MIN = 0.5
IDENTITIES_MAX = 16  # a code's most read identities compared: copies of one report are a handful, not thousands
logger = logging.getLogger(__name__)


class _UnionFind:
    def __init__(self, keys: Sequence[str]):
        self.parent = {k: k for k in keys}

    def find(self, k: str) -> str:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _value(rec: WitnessRecord, field: str) -> str:
    reading = rec.fields.get(field)
    return str(reading.value) if reading else ""


def _identity(records: Sequence[WitnessRecord], fields: Sequence[str]) -> str:
    """The most common identity text (for the default template: name, agency, person) of a set of copies."""
    texts = Counter(" | ".join(_value(r, f) for f in fields) for r in records)
    return min(texts, key=lambda t: (-texts[t], t))


class _Named(NamedTuple):
    """How a copy names its project: its name (GroupingSpec.name; "" where it read none)
    and its identity text (see _identity)."""

    name: str
    identity: str


def _identities(records: Sequence[WitnessRecord], grouping: GroupingSpec) -> tuple[_Named, ...]:
    """Return how those of a set of copies that read the name (GroupingSpec.name) name
    the project, the IDENTITIES_MAX most read, distinct: a copy that lost the name would
    match any report of its agency by the rest. Where none did, how the copies that read
    any identity field name it, without a name."""
    named = [_Named(name, " | ".join(_value(r, f) for f in grouping.identity)) for r in records
             if (name := _value(r, grouping.name))]
    if not named:
        named = [_Named("", " | ".join(values)) for r in records
                 if any(values := [_value(r, f) for f in grouping.identity])]
    counts = Counter(named)
    return tuple(sorted(sorted(counts, key=lambda n: (-counts[n], n))[:IDENTITIES_MAX]))


def _closest(these: Sequence[_Named], those: Sequence[_Named]) -> float:
    """Return how alike two groups of copies name their project: of every pair of their
    copies' identities, the best of the lower of the names' score (_names_alike) and the
    whole identities' fuzz.ratio (of the identities alone where either side read no
    name; 0 when either holds none). Both must agree: a long agency path shared by
    neighbouring projects makes two names that differ a close identity."""
    return max((min(_names_alike(a.name, b.name), fuzz.ratio(a.identity, b.identity)) if a.name and b.name
                else fuzz.ratio(a.identity, b.identity) for a in these for b in those), default=0.0)


def _names_alike(a: str, b: str) -> float:
    """Return how alike two readings of a project's name are: fuzz.ratio of the shorter and
    as much of the end of the longer. A copy may read its label's end before the name
    ("กิจกรรม : โครงการ..."), which this leaves out; words after it ("... ระยะที่ 2") name
    another project, a phase of the first, and count against it."""
    short, long = sorted((a, b), key=len)
    return fuzz.ratio(short, long[len(long) - len(short):])


def _nameless(identities: Sequence[_Named]) -> bool:
    """True when a group of copies named its project only by the other identity fields."""
    return not any(n.name for n in identities)


def _report_dates(records: Sequence[WitnessRecord]) -> frozenset[str]:
    """Return the dates of the progress reports a set of copies read."""
    return frozenset(str(n.date.value) for r in records for n in r.narratives if n.date.value)


def _same_reports(a: frozenset[str], b: frozenset[str]) -> bool:
    """Return whether two sets of report dates say the copies report on the same days:
    at least two dates shared, SHARED_DATES_MIN of the smaller set or more."""
    shared = len(a & b)
    return shared >= 2 and shared >= SHARED_DATES_MIN * min(len(a), len(b))


class _Days(NamedTuple):
    """The report dates a set of copies read (`read`), and those of its copies that read
    two or more each (`told`): the dates that can say the copies report on other days
    than another set's (a copy that read one date of its report, the rest garbled, says
    little)."""

    read: frozenset[str] = frozenset()
    told: frozenset[str] = frozenset()

    def __or__(self, other: _Days) -> _Days:
        return _Days(self.read | other.read, self.told | other.told)


def _days(records: Sequence[WitnessRecord]) -> _Days:
    """Return the report dates of a set of copies (_Days), each copy's read once."""
    each = [_report_dates([r]) for r in records]
    return _Days(frozenset().union(*each), frozenset().union(*(days for days in each if len(days) >= 2)))


def _may_be_same_reports(a: _Days, b: _Days) -> bool:
    """Return whether two sets of copies may be of one report: unless each side's copies
    that read two dates or more (_Days.told) read two or more between them, none shared,
    and no date any copy of one side read is among the other's."""
    return bool(a.told & b.told) or min(len(a.told), len(b.told)) < 2 or bool(a.read & b.read)


def _deletion_keys(code: str) -> set[str]:
    return {code} | {code[:i] + code[i + 1:] for i in range(len(code))}


def doc_key(records: Sequence[WitnessRecord], grouping: GroupingSpec | None = None) -> str:
    """A stable key for a group: its most common key (project code), else a hash of its identity."""
    grouping = grouping or load_template().grouping
    code = _value_common(records, grouping.key)
    if code:
        return code
    name = _identity(records, grouping.identity)
    return "name-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def group_witnesses(records: Sequence[WitnessRecord], grouping: GroupingSpec | None = None,
                    full: Callable[[Sequence[WitnessRecord]], Sequence[WitnessRecord]] | None = None,
                    ) -> list[DocumentGroup]:
    """Return the documents: groups of witness records that are copies of one report,
    by the fields `grouping` names (None: the default template's). `full` returns the
    whole records of some of them, where `records` are grouping views
    (spill.grouping_view) without their narratives: the report dates of codes that may be
    one report's, and of the copies of a code that read other periods, are read from them.

    The result is sorted by key and each group's records by witness id, so it does not
    depend on the order the records came in.
    """
    grouping = grouping or load_template().grouping
    by_code: dict[str, list[WitnessRecord]] = defaultdict(list)
    no_code: list[WitnessRecord] = []
    for rec in records:
        code = _value(rec, grouping.key)
        (by_code[code] if code else no_code).append(rec)

    uf = _linked_codes(by_code, grouping, full)
    joined: dict[str, list[WitnessRecord]] = defaultdict(list)
    for code in sorted(by_code):
        joined[uf.find(code)].extend(by_code[code])
    _join_by_identity(joined, no_code, grouping)
    out = []
    for recs in joined.values():
        parts = _split_by_period(recs, grouping, full)
        key = doc_key(recs, grouping)
        out += [DocumentGroup(key + (f"~{_value_common(part, grouping.period)}" if len(parts) > 1 else ""),
                              tuple(sorted(part, key=lambda r: r.id))) for part in parts]
    out.sort(key=lambda g: (g.key, g.records[0].id))
    for g in out:
        logger.info("report %s: %d copies: %s", g.key, len(g.records), ", ".join(r.id for r in g.records))
    return out


def _linked_codes(by_code: dict[str, list[WitnessRecord]], grouping: GroupingSpec,
                  full: Callable[[Sequence[WitnessRecord]], Sequence[WitnessRecord]] | None) -> _UnionFind:
    """Return the codes joined into reports: pairs of codes up to two edits apart that
    name the same project (module docstring; a code whose copies read no name, only by
    sharing report dates as codes two edits apart do), one edit apart first and of those
    the closest named first. A pair is kept apart where both codes' copies read two
    report dates or more each and share none (_Days), and a join is refused that would
    put two codes kept apart, or two such sets of copies, in one report: a copy misread
    one edit from two sister projects' codes would otherwise chain them, also where
    theirs are two edits apart and were never compared."""
    index: dict[str, list[str]] = defaultdict(list)
    for code in sorted(by_code):
        for key in _deletion_keys(code):
            index[key].append(code)
    pairs = {(a, b) for codes in index.values() for a, b in itertools.combinations(codes, 2)}
    identities = {code: _identities(recs, grouping) for code, recs in by_code.items()}
    days: dict[str, _Days] = {}
    joins: list[tuple[int, float, str, str]] = []
    apart: dict[str, set[str]] = defaultdict(set)
    for a, b in sorted(pairs):
        edits = Levenshtein.distance(a, b, score_cutoff=2)
        score = _closest(identities[a], identities[b]) if edits <= 2 else 0.0
        if score < SAME_REPORT_MIN_SCORE:
            continue
        for code in (a, b):
            if code not in days:
                days[code] = _days(full(by_code[code]) if full else by_code[code])
        if not _may_be_same_reports(days[a], days[b]):
            apart[a].add(b)
            apart[b].add(a)
            logger.info("%s %s and %s name the same project but report on other days: two reports",
                        grouping.key, a, b)
        elif edits == 1 and not (_nameless(identities[a]) or _nameless(identities[b])) \
                or _same_reports(days[a].read, days[b].read):
            joins.append((edits, -score, a, b))
    uf = _UnionFind(sorted(by_code))
    members = {code: [code] for code in by_code}
    side = {code: days.get(code, _Days()) for code in by_code}
    for edits, _, a, b in sorted(joins):
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            continue
        if any(y in apart[x] for x in members[ra] for y in members[rb]) or not _may_be_same_reports(side[ra], side[rb]):
            logger.info("%s %s and %s name the same project, but joined they would hold copies that report on other "
                        "days: kept apart", grouping.key, a, b)
            continue
        uf.union(a, b)
        root = uf.find(a)
        members[root], side[root] = members.pop(ra) + members.pop(rb), side.pop(ra) | side.pop(rb)
        logger.info("%s %s and %s are %s apart and name the same project%s: one report", grouping.key,
                    a, b, "one edit" if edits == 1 else "two edits", "" if edits == 1 else " with the same report dates")
    return uf


def _split_by_period(records: list[WitnessRecord], grouping: GroupingSpec,
                     full: Callable[[Sequence[WitnessRecord]], Sequence[WitnessRecord]] | None,
                     ) -> list[list[WitnessRecord]]:
    """Return the copies of one key as the reports they are: one list, unless they read
    other periods (GroupingSpec.period: a project reports anew each fiscal year under
    the same code) and report on other days. Copies that share a report date are copies
    of one report, whatever year each read (a copy that misread its year still reports
    on its report's days, and a copy that read no period goes with those whose days it
    shares); such sets that read the same period (the one most of their copies read) are
    one report too. A report whose copies that read its period read fewer than two dates
    between them says too little to be told apart: its copies, and sets that read no
    period, go with the biggest report. The log names the periods split apart."""
    periods = {_value(r, grouping.period) for r in records} - {""} if grouping.period else set()
    if len(periods) < 2:
        return [records]
    dates = {w.id: _report_dates([w]) for w in (full(records) if full else records)}
    ordered = sorted(records, key=lambda r: r.id)
    uf = _UnionFind([r.id for r in ordered])
    first_with: dict[str, str] = {}
    for rec in ordered:
        for day in sorted(dates[rec.id]):
            uf.union(first_with.setdefault(day, rec.id), rec.id)
    sharing: dict[str, list[WitnessRecord]] = defaultdict(list)
    for rec in ordered:
        sharing[uf.find(rec.id)].append(rec)
    parts: dict[str, list[WitnessRecord]] = defaultdict(list)
    loose: list[WitnessRecord] = []
    for recs in sharing.values():
        read = Counter(p for r in recs if (p := _value(r, grouping.period)))
        (parts[min(read, key=lambda p: (-read[p], p))] if read else loose).extend(recs)
    for period in sorted(parts):
        if len(frozenset().union(*(dates[r.id] for r in parts[period] if _value(r, grouping.period) == period))) < 2:
            loose.extend(parts.pop(period))
    if len(parts) < 2:
        return [records]
    biggest = min(parts, key=lambda p: (-len(parts[p]), p))
    parts[biggest].extend(loose)
    logger.info("%s %s: copies of %s report on other days: %d reports", grouping.key,
                _value(records[0], grouping.key), " and ".join(sorted(parts)), len(parts))
    return list(parts.values())


def _join_by_identity(
    groups: dict[str, list[WitnessRecord]], no_code: Sequence[WitnessRecord], grouping: GroupingSpec,
) -> None:
    """Add each copy without a key to the group one of whose copies' identity (for the
    default template: name, agency, person) its own matches best, the first such group, if
    closely, or else to a group of its own. The name alone does not do: many reports share
    one (one project in many districts), and a copy would join the first of them."""
    if not no_code:
        return
    identities = NameIndex(((root, named.identity) for root, recs in sorted(groups.items())
                            for named in _identities(recs, grouping)), SAME_REPORT_MIN_SCORE)
    for rec in sorted(no_code, key=lambda r: r.id):
        identity = _identity([rec], grouping.identity)
        match = identities.best(identity)
        if match:
            groups[match[0]].append(rec)
            logger.info("copy %s has no %s; its %s match a report's (%.0f%%): it joins it",
                        rec.id, grouping.key, ", ".join(grouping.identity), match[1])
        else:
            logger.info("copy %s has no %s and its %s match no report's: a report of its own",
                        rec.id, grouping.key, ", ".join(grouping.identity))
            root = f"~{rec.id}"
            groups[root].append(rec)
            identities.add(root, identity)


def _value_common(records: Sequence[WitnessRecord], field: str) -> str:
    """The most common non-empty value of `field` among `records` (the least of equally
    common ones), or "" when none has one."""
    values = Counter(_value(r, field) for r in records if _value(r, field))
    return min(values, key=lambda v: (-values[v], v)) if values else ""
