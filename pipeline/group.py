"""Group witnesses into documents: which copies are copies of the same report?

The template names the fields (template.GroupingSpec; for the default template the
project code is the key, the project name the name, and name, agency and responsible
person the identity). OCR damages digits, so codes one edit apart are the same report
when the rest of the copy agrees (its identity): neighbouring projects of one agency
have codes one digit apart too. Candidate pairs come from a deletion index (every code
with one character deleted), so grouping costs time in proportion to the number of
witnesses, never to its square. A copy without a readable code joins the document whose
identity it matches closely (its name alone would not do: many reports share one); it
is compared only with the distinct identities whose length can reach the score
(pipeline.name_match).
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .model import DocumentGroup, WitnessRecord
from .name_match import NameIndex
from .template import GroupingSpec, load_template

SAME_REPORT_MIN_SCORE = 85.0
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


def group_witnesses(records: Sequence[WitnessRecord], grouping: GroupingSpec | None = None) -> list[DocumentGroup]:
    """Return the documents: groups of witness records that are copies of one report,
    by the fields `grouping` names (None: the default template's).

    The result is sorted by key and each group's records by witness id, so it does not
    depend on the order the records came in.
    """
    grouping = grouping or load_template().grouping
    by_code: dict[str, list[WitnessRecord]] = defaultdict(list)
    no_code: list[WitnessRecord] = []
    for rec in records:
        code = _value(rec, grouping.key)
        (by_code[code] if code else no_code).append(rec)

    uf = _UnionFind(sorted(by_code))
    index: dict[str, list[str]] = defaultdict(list)
    for code in sorted(by_code):
        for key in _deletion_keys(code):
            index[key].append(code)
    identities = {code: _identity(recs, grouping.identity) for code, recs in by_code.items()}
    for codes in index.values():
        for i, a in enumerate(codes):
            for b in codes[i + 1:]:
                if (
                    Levenshtein.distance(a, b) <= 1
                    and fuzz.ratio(identities[a], identities[b]) >= SAME_REPORT_MIN_SCORE
                ):
                    uf.union(a, b)
                    logger.info("%s %s and %s are one edit apart and name the same project: one report",
                                grouping.key, a, b)

    groups: dict[str, list[WitnessRecord]] = defaultdict(list)
    for code, recs in by_code.items():
        groups[uf.find(code)].extend(recs)
    _join_by_identity(groups, no_code, grouping)

    out = [DocumentGroup(doc_key(recs, grouping), tuple(sorted(recs, key=lambda r: r.id))) for recs in groups.values()]
    out.sort(key=lambda g: (g.key, g.records[0].id))
    for g in out:
        logger.info("report %s: %d copies: %s", g.key, len(g.records), ", ".join(r.id for r in g.records))
    return out


def _join_by_identity(
    groups: dict[str, list[WitnessRecord]], no_code: Sequence[WitnessRecord], grouping: GroupingSpec,
) -> None:
    """Add each copy without a key to the first group whose identity (for the default
    template: name, agency, person) its own matches best, if closely, or else to a group of
    its own. The name alone does not do: many reports share one (one project in many
    districts), and a copy would join the first of them."""
    identities = NameIndex(((root, _identity(recs, grouping.identity)) for root, recs in groups.items()),
                           SAME_REPORT_MIN_SCORE)
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
