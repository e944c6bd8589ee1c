"""Group witnesses into documents: which copies are copies of the same report?

The project code is the key. OCR damages digits, so codes one edit apart are the same
report when the rest of the copy agrees (project name, agency, responsible person):
neighbouring projects of one agency have codes one digit apart too. Candidate pairs come
from a deletion index (every code with one character deleted), so grouping costs time in
proportion to the number of witnesses, never to its square. A copy without a readable
code joins the document whose project name it matches closely.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from .model import DocumentGroup, WitnessRecord

SAME_REPORT_MIN_SCORE = 85.0
IDENTITY_FIELDS = ("project_name", "agency", "responsible_name")
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


def _identity(records: Sequence[WitnessRecord]) -> str:
    """The most common identity text (name, agency, person) of a set of copies."""
    texts = Counter(" | ".join(_value(r, f) for f in IDENTITY_FIELDS) for r in records)
    return min(texts, key=lambda t: (-texts[t], t))


def _deletion_keys(code: str) -> set[str]:
    return {code} | {code[:i] + code[i + 1:] for i in range(len(code))}


def doc_key(records: Sequence[WitnessRecord]) -> str:
    """A stable key for a group: its most common project code, else a hash of its name."""
    codes = Counter(_value(r, "project_code") for r in records if _value(r, "project_code"))
    if codes:
        return min(codes, key=lambda c: (-codes[c], c))
    name = _identity(records)
    return "name-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def group_witnesses(records: Sequence[WitnessRecord]) -> list[DocumentGroup]:
    """Return the documents: groups of witness records that are copies of one report.

    The result is sorted by key and each group's records by witness id, so it does not
    depend on the order the records came in.
    """
    by_code: dict[str, list[WitnessRecord]] = defaultdict(list)
    no_code: list[WitnessRecord] = []
    for rec in records:
        code = _value(rec, "project_code")
        (by_code[code] if code else no_code).append(rec)

    uf = _UnionFind(sorted(by_code))
    index: dict[str, list[str]] = defaultdict(list)
    for code in sorted(by_code):
        for key in _deletion_keys(code):
            index[key].append(code)
    identities = {code: _identity(recs) for code, recs in by_code.items()}
    for codes in index.values():
        for i, a in enumerate(codes):
            for b in codes[i + 1:]:
                if (
                    Levenshtein.distance(a, b) <= 1
                    and fuzz.ratio(identities[a], identities[b]) >= SAME_REPORT_MIN_SCORE
                ):
                    uf.union(a, b)
                    logger.info("project codes %s and %s are one edit apart and name the same project: one report",
                                a, b)

    groups: dict[str, list[WitnessRecord]] = defaultdict(list)
    for code, recs in by_code.items():
        groups[uf.find(code)].extend(recs)

    names = {root: _value_common(recs, "project_name") for root, recs in groups.items()}
    for rec in sorted(no_code, key=lambda r: r.id):
        name = _value(rec, "project_name")
        match = (
            process.extractOne(name, names, scorer=fuzz.ratio, score_cutoff=SAME_REPORT_MIN_SCORE)
            if name else None
        )
        if match:
            groups[match[2]].append(rec)
            logger.info("copy %s has no project code; its project name matches a report's (%.0f%%): it joins it",
                        rec.id, match[1])
        else:
            logger.info("copy %s has no project code and its project name matches no report's: a report of its own",
                        rec.id)
            root = f"~{rec.id}"
            groups[root].append(rec)
            names[root] = name

    out = [DocumentGroup(doc_key(recs), tuple(sorted(recs, key=lambda r: r.id))) for recs in groups.values()]
    out.sort(key=lambda g: (g.key, g.records[0].id))
    for g in out:
        logger.info("report %s: %d copies: %s", g.key, len(g.records), ", ".join(r.id for r in g.records))
    return out


def _value_common(records: Sequence[WitnessRecord], field: str) -> str:
    values = Counter(_value(r, field) for r in records if _value(r, field))
    return min(values, key=lambda v: (-values[v], v)) if values else ""
