"""Every wrong value of the accuracy bench, classed: what kind of error is left, and how many.

Re-reconciles the bench's archives from an OCR cache (bench/accuracy.py --ocr-cache; the
same seed and report count as the run that filled it) with the pipeline (the language
model on), and for every value the truth knows that comes out wrong prints the truth,
the output, each copy's own reading, the rule and the confidence, and an error class:

- number/date, status, phone, code: a typed value misread (strict parsers);
- name: known / held out: a person's name whose parts the dictionaries hold or not;
- agency, project name: the document's text fields;
- free text: each stretch where output and truth differ is classed apart
  (`stretch_class`): the copies all read it so (unanimous misread), most of them did
  (majority misread), some copy had it right and the vote lost it (vote lost the right
  copy), or no copy has the output's text there (made by the reconciler: alignment
  duplicating or dropping a fragment, or the model's proposal).
Counts come per class, and for calibration: wrong values with confidence >= 0.95 and
wrong values not flagged for review.

Run: `.venv/bin/python bench/error_classes.py --reports 4 --ks 1,3 --ocr-cache /tmp/lm_bench_ocr4`
(`--dump FILE` writes every wrong value's details).
"""

from __future__ import annotations

import argparse
import re
import random
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import (FREE_TEXT, MAPPINGS, NAME_FIELDS, SEED, Archive, Voters, _same_value,  # noqa: E402
                      cached_build, held_out_names, invent_report, without)

from score import char_errors  # noqa: E402

from pipeline.dictionary import load_dictionaries  # noqa: E402
from pipeline.document import FieldVoter  # noqa: E402
from pipeline.options import Options  # noqa: E402
from pipeline.run import learn_archive  # noqa: E402
from pipeline.template import load_template  # noqa: E402

TYPED = {"fiscal_year_be": "number/date", "start_date": "number/date", "end_date": "number/date",
         "budget_baht": "number/date", "spent_baht": "number/date", "report_date": "number/date",
         "progress_pct": "number/date", "responsible_phone": "phone", "coordinator_phone": "phone",
         "plan_status": "status", "target_status": "status", "project_code": "code"}
CONTEXT = 3
LEVELS = ("light", "medium", "heavy")
_THAI_WORD = re.compile("[\u0e01-\u0e4e]{2,}")
Archive.__module__ = "__main__"  # the OCR cache pickles it as bench/accuracy.py's __main__.Archive
setattr(sys.modules["__main__"], "Archive", Archive)


def truth_of(truth: dict, field: str, report_no: int | None) -> object:
    """Return the true value of one field of a report (None: the truth has no such value)."""
    if report_no is not None:
        report = next((r for r in truth["reports"] if r["report_no"] == report_no), None)
        return report[field] if report else None
    if field in ("principle", "objectives"):
        return " ".join(truth[field])
    return truth.get(field)


def stretches(want: str, got: str) -> list[tuple[str, str, str, str, bool]]:
    """Return (true text, output text, output's left context, right context, whether it
    ends the value) of each stretch where the output differs from the truth (a
    character diff)."""
    out = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, want, got, autojunk=False).get_opcodes():
        if tag != "equal":
            out.append((want[i1:i2], got[j1:j2], got[max(0, j1 - CONTEXT):j1], got[j2:j2 + CONTEXT],
                        j2 == len(got) or j1 == 0))
    return out


def stretch_class(want: str, got: str, left: str, right: str, copies: list[str], at_edge: bool) -> str:
    """Return the class of one differing stretch by what the copies read around it."""
    wrong, right_text = left + got + right, left + want + right
    having_wrong = sum(wrong in c for c in copies)
    having_right = sum(right_text in c for c in copies)
    if not want.strip() and not got.strip():
        return "free text: spacing"
    if not want.strip() and at_edge and not _THAI_WORD.search(got):
        return "free text: junk at the value's end"
    if having_wrong == len(copies):
        return "free text: unanimous misread" if len(copies) > 1 else "free text: single copy misread"
    if having_right and having_wrong:
        return "free text: vote lost the right copy"
    if having_wrong * 2 > len(copies):
        return "free text: majority misread"
    if having_right:
        return "free text: right copy lost (reconciler changed it)"
    if len(got) > len(want) and got.strip() and got.strip() in right_text * 2:
        return "free text: reconciler duplicated a fragment"
    return "free text: made by the reconciler (no copy reads it)"


def value_class(field: str, held: bool) -> str:
    if field in TYPED:
        return TYPED[field]
    if field in NAME_FIELDS:
        return "name: held out" if held else "name: known"
    return field.replace("_", " ")


@dataclass
class Tally:
    """Counts by (K, class): values, wrong ones, flagged ones; free-text stretches and
    their character errors; wrong values sure (>= 0.95) and not flagged; the dump."""

    values: Counter = field(default_factory=Counter)
    wrong: Counter = field(default_factory=Counter)
    flagged: Counter = field(default_factory=Counter)
    stretches: Counter = field(default_factory=Counter)
    chars: Counter = field(default_factory=Counter)
    sure: Counter = field(default_factory=Counter)
    unflagged: Counter = field(default_factory=Counter)
    dump: list[str] = field(default_factory=list)

    def judge(self, k: int, cls: str, row, want: object, copies: list[str], where: str) -> None:
        """Count one output value (a variants.csv row) against its truth."""
        self.values[(k, cls)] += 1
        self.flagged[(k, cls)] += bool(row.needs_review)
        if _same_value(want, row.value):
            return
        self.wrong[(k, cls)] += 1
        self.sure[k] += float(row.confidence) >= 0.95
        self.unflagged[k] += not bool(row.needs_review)
        got = " ".join(str(row.value).split())
        self.dump.append(f"K={k} {where} {row.field} rule={row.rule} conf={float(row.confidence):.3f} "
                         f"review={bool(row.needs_review)} class={cls}\n  truth : {want}\n  output: {got}\n"
                         + "".join(f"  copy{j}: {c}\n" for j, c in enumerate(copies)))
        if row.field in FREE_TEXT:
            for w, g, lft, rgt, edge in stretches(" ".join(str(want).split()), got):
                sc = stretch_class(w, g, lft, rgt, copies, edge)
                self.stretches[(k, sc)] += 1
                self.chars[(k, sc)] += char_errors(lft + w + rgt, lft + g + rgt)[0]
                self.dump.append(f"    [{sc}] {w!r} -> {g!r} (…{lft}|{g}|{rgt}…)\n")

    def print(self, ks: tuple[int, ...]) -> None:
        print("| K | class | values | wrong | flagged |\n|---:|---|---:|---:|---:|")
        for (k, cls), n in sorted(self.values.items()):
            print(f"| {k} | {cls} | {n} | {self.wrong[(k, cls)]} | {self.flagged[(k, cls)]} |")
        print("\n| K | free-text stretch class | stretches | character errors |\n|---:|---|---:|---:|")
        for (k, cls), n in sorted(self.stretches.items(), key=lambda x: (x[0][0], -x[1])):
            print(f"| {k} | {cls} | {n} | {self.chars[(k, cls)]} |")
        for k in ks:
            wrong = sum(n for (kk, _), n in self.wrong.items() if kk == k)
            n = sum(m for (kk, _), m in self.values.items() if kk == k)
            marked = sum(m for (kk, _), m in self.flagged.items() if kk == k)
            print(f"K={k}: {wrong} of {n} values wrong; confidence >= 0.95: {self.sure[k]}; not flagged: "
                  f"{self.unflagged[k]}; flagged: {marked} ({marked / max(1, n):.1%})")


def copy_readings(singles: dict, keys: list, field_name: str, report_no: int | None) -> list[str]:
    """Return each copy's own reading of one value (what it gives reconciled alone)."""
    out = []
    for key in keys:
        v = singles[key]
        same = v[(v["field"] == field_name) & ((v["report_no"] == report_no) if report_no else v["report_no"].isna())]
        out.append(" ".join(str(same.iloc[0]["value"]).split()) if len(same) else "")
    return out


def judge_archive(archive: Archive, ks: tuple[int, ...], voters: Voters, tally: Tally) -> None:
    """Reconcile every report of one archive at each K with the pipeline; count its values."""
    for voter in (voters.plain, voters.lm):
        learn_archive(voter, list(archive.copies.values()))  # as a whole run would
    singles = {key: voters.reconcile(voters.plain, [rec])["variants"] for key, rec in archive.copies.items()}
    for k in ks:
        for r, truth in enumerate(archive.truth):
            keys = [(r, c) for c in range(k) if (r, c) in archive.copies]
            frames = voters.reconcile(voters.lm, [archive.copies[key] for key in keys])
            for row in frames["variants"].itertuples():
                report_no = None if pd.isna(row.report_no) else int(row.report_no)
                want = truth_of(truth, row.field, report_no)
                if want is None:
                    continue
                held = row.field in NAME_FIELDS and any(p in voters.held_out for p in str(want).split())
                cls = value_class(row.field, held) if row.field not in FREE_TEXT else "free text"
                tally.judge(k, cls, row, want, copy_readings(singles, keys, row.field, report_no),
                            f"{archive.noise} r{r}#{report_no}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=4)
    ap.add_argument("--ks", default="1,3")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--ocr-cache", type=Path, required=True)
    ap.add_argument("--dump", type=Path, default=None, help="write every wrong value's details here")
    args = ap.parse_args()
    ks = tuple(int(k) for k in args.ks.split(","))
    rng = random.Random(args.seed)
    invented = {noise: [invent_report(rng) for _ in range(args.reports)] for noise in LEVELS}
    held_out = held_out_names([r for reports in invented.values() for r in reports])
    template = load_template()
    voters = Voters(FieldVoter(template, without(load_dictionaries(), held_out), use_lm=False),
                    FieldVoter(template, without(load_dictionaries(), held_out)),
                    FieldVoter(template, without(load_dictionaries([MAPPINGS]), held_out)), held_out)
    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        for i, noise in enumerate(LEVELS):
            scan_seed = (100 if args.seed == SEED else args.seed) + i
            archive = cached_build(args.ocr_cache, noise, invented[noise], max(ks), Path(tmp), scan_seed,
                                   Options(jobs=1, use_cache=False))
            judge_archive(archive, ks, voters, tally)
    tally.print(ks)
    if args.dump:
        args.dump.write_text("".join(tally.dump), encoding="utf-8")


if __name__ == "__main__":
    main()
