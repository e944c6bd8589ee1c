"""Score reconciled tables against the truth of generated reports (samples/generate.py).

Used by the integration tests and the benchmarks, so both count matches the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import regex
from pythainlp.tokenize import word_tokenize
from rapidfuzz.distance import Levenshtein

from pipeline.normalize import normalize_text

DOCUMENT_FIELDS = ("project_code", "project_name", "fiscal_year_be", "start_date", "end_date",
                   "budget_baht", "spent_baht", "agency", "responsible_name", "responsible_phone",
                   "coordinator_name", "coordinator_phone")
REPORT_FIELDS = ("report_date", "progress_pct", "spent_baht", "plan_status", "target_status")


@dataclass(frozen=True)
class Check:
    """One structured value compared with its truth."""

    project_code: str
    field: str
    report_no: int | None
    want: object
    got: object

    @property
    def ok(self) -> bool:
        return _same(self.want, self.got)


def _same(want: object, got: object) -> bool:
    if got is None or (isinstance(got, float) and pd.isna(got)) or got is pd.NaT:
        return False
    if isinstance(got, pd.Timestamp):
        got = got.date().isoformat()
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        try:
            return abs(float(got) - float(want)) < 1e-9
        except (TypeError, ValueError):
            return False
    return str(got) == str(want)


def load_truth(path: Path) -> list[dict]:
    """Return the reports of a truth file written by samples/generate.py."""
    return json.loads(path.read_text(encoding="utf-8"))["reports"]


def structured_checks(truth: Iterable[dict], documents: pd.DataFrame, reports: pd.DataFrame) -> list[Check]:
    """Return one Check per true structured value (document and progress-report fields).

    A report is looked up by its true project code; a value the output lacks counts as
    wrong, so a report the pipeline missed or split scores zero, and a progress report
    the truth does not have (a misread number) adds one wrong check.
    """
    checks: list[Check] = []
    for t in truth:
        code = t["project_code"]
        row = documents[documents["project_code"] == code]
        doc = row.iloc[0] if len(row) else None
        for field in DOCUMENT_FIELDS:
            checks.append(Check(code, field, None, t[field], None if doc is None else doc[field]))
        mine = reports[reports["project_code"] == code].set_index("report_no") if len(reports) else pd.DataFrame()
        for r in t["reports"]:
            have = mine.loc[r["report_no"]] if r["report_no"] in mine.index else None
            for field in REPORT_FIELDS:
                checks.append(Check(code, field, r["report_no"], r[field], None if have is None else have[field]))
        true_numbers = {r["report_no"] for r in t["reports"]}
        checks += [Check(code, "report_no", n, None, n) for n in mine.index if n not in true_numbers]
    return checks


def graphemes(text: str) -> list[str]:
    """Return the text's grapheme clusters (Unicode \\X), normalised as the pipeline
    normalises, without whitespace: a Thai consonant with its vowel and tone marks is one
    character, as a reader counts."""
    return regex.findall(r"\X", regex.sub(r"\s+", "", normalize_text(text)))


def words(text: str) -> list[str]:
    """Return the Thai words of `text` (pythainlp newmm), whitespace dropped."""
    return word_tokenize(" ".join(text.split()), engine="newmm", keep_whitespace=False)


def char_errors(truth: str, read: str) -> tuple[int, int]:
    """Return (edit distance over grapheme clusters, clusters in the truth)."""
    want = graphemes(truth)
    return Levenshtein.distance(want, graphemes(read)), len(want)


def word_errors(truth: str, read: str) -> tuple[int, int]:
    """Return (edit distance over words, words in the truth)."""
    want = words(truth)
    return Levenshtein.distance(want, words(read)), len(want)


def cer(truth: str, read: str) -> float:
    """Return the character error rate of `read` against `truth`, over grapheme clusters."""
    errors, total = char_errors(truth, read)
    return errors / max(1, total)


def free_text_pairs(truth: Iterable[dict], documents: pd.DataFrame, reports: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Return (what, true text, output text) for every free-text value of the truth:
    principle and objectives of each report and each progress report's narrative. An
    output that lacks the value gives ""."""
    return [(field, want, got) for _, field, _, want, got in free_text_items(truth, documents, reports)]


def free_text_items(truth: Iterable[dict], documents: pd.DataFrame, reports: pd.DataFrame,
                    ) -> list[tuple[str, str, int | None, str, str]]:
    """Return free_text_pairs keyed: (project code, field, report number or None, true
    text, output text)."""
    items = []
    for t in truth:
        code = t["project_code"]
        row = documents[documents["project_code"] == code]
        for field in ("principle", "objectives"):
            got = row.iloc[0][field] if len(row) else None
            items.append((code, field, None, " ".join(t[field]), "" if got is None or pd.isna(got) else str(got)))
        mine = reports[reports["project_code"] == code].set_index("report_no") if len(reports) else pd.DataFrame()
        for r in t["reports"]:
            got = mine.loc[r["report_no"]]["narrative"] if r["report_no"] in mine.index else None
            items.append((code, "narrative", r["report_no"], r["narrative"],
                          "" if got is None or pd.isna(got) else str(got)))
    return items
