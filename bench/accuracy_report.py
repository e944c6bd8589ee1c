"""Tables for bench/accuracy.py: accuracy by K and method, and confidence calibration;
the methods compared and the counts behind a row (Score), which both modules use."""

from __future__ import annotations

import datetime as dt
import os
import platform
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from results import update_section

MAPPED = "pipeline + bench/mappings.txt"
PLAIN = "pipeline --no-lm"
PIPELINE = "pipeline"
METHODS = ("single copy (median)", "oracle best single copy", "plain majority", PLAIN, PIPELINE, MAPPED)
NAME_FIELDS = ("responsible_name", "coordinator_name")


@dataclass
class Score:
    """Counts behind one row: structured checks right/total by kind, and free-text edits."""

    doc_ok: int = 0
    doc_n: int = 0
    rep_ok: int = 0
    rep_n: int = 0
    char_err: int = 0
    char_n: int = 0
    word_err: int = 0
    word_n: int = 0

    def __iadd__(self, other: Score) -> Score:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    @property
    def structured(self) -> float:
        return (self.doc_ok + self.rep_ok) / max(1, self.doc_n + self.rep_n)

    @property
    def cer(self) -> float:
        return self.char_err / max(1, self.char_n)

    @property
    def wer(self) -> float:
        return self.word_err / max(1, self.word_n)

    def cells(self) -> str:
        return (f"{self.doc_ok / max(1, self.doc_n):.2%} | {self.rep_ok / max(1, self.rep_n):.2%} | "
                f"{self.cer:.2%} | {self.wer:.2%}")


BINS = ((0.0, 0.5), (0.5, 0.6), (0.6, 0.8), (0.8, 0.95), (0.95, 1.01))
HIGH = 0.95


def _machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {memory:.0f} GiB, {platform.machine()}, Python {platform.python_version()}"


def accuracy_section(outcomes: dict, archives: Sequence, ks: Sequence[int], command: str) -> str:
    """Return the markdown of the accuracy tables: one per noise level plus all levels."""

    pages = sum(a.pages for a in archives)
    n_reports = len(archives[0].truth)
    lines = [
        f"{dt.date.today().isoformat()}, {_machine()}. {n_reports} invented reports per noise level "
        f"({', '.join(a.noise for a in archives)}), {max(ks)} scanned copies of each "
        f"(every third copy in a two-report binder); {pages} pages OCR'd with `tha+eng`, default settings.",
        f"Command: `.venv/bin/python bench/accuracy.py {command}`.".replace(" `.", "`."),
        "",
        "Structured = exact match of document fields / progress-report fields (samples/score.py); "
        "CER over grapheme clusters and WER over pythainlp words, on principle, objectives and narratives.",
        "",
    ]
    levels = [("all levels", None)] + [(a.noise, a.noise) for a in archives]
    for title, noise in levels:
        lines += [f"**{title}**", "", "| K | method | documents | progress reports | CER | WER |", "|---:|---|---:|---:|---:|---:|"]
        for k in ks:
            for method in METHODS:
                s = Score()
                for name, outcome in outcomes.items():
                    if noise in (None, name):
                        s += outcome.scores[(k, method)]
                lines.append(f"| {k} | {method} | {s.cells()} |")
        lines.append("")
    return "\n".join(lines)


def headline(outcomes: dict, ks: Sequence[int]) -> str:
    """Return the K=3 and K=1 comparisons of the pipeline with and without the language
    model, against the targets."""

    def total(k: int, method: str) -> Score:
        s = Score()
        for outcome in outcomes.values():
            s += outcome.scores[(k, method)]
        return s

    verdict = lambda ok: "meets" if ok else "**misses**"  # noqa: E731
    lines = []
    if 3 in ks:
        majority = total(3, "plain majority")
        for method in (PLAIN, PIPELINE):
            s = total(3, method)
            doc, rep = s.doc_ok / max(1, s.doc_n), s.rep_ok / max(1, s.rep_n)
            lines.append(
                f"- K = 3, {method}: document fields **{doc:.2%}** (target 99%: {verdict(doc >= 0.99)}), progress "
                f"reports **{rep:.2%}** (target 99.5%: {verdict(rep >= 0.995)}), free-text CER **{s.cer:.2%}** = "
                f"{s.cer / max(majority.cer, 1e-9):.2f} of plain majority's {majority.cer:.2%} "
                f"(target at most 0.5: {verdict(s.cer <= majority.cer / 2)})")
    if 1 in ks:
        single, model = total(1, PLAIN), total(1, PIPELINE)
        cut = 1 - model.cer / max(single.cer, 1e-9)
        lines.append(f"- K = 1: free-text CER {single.cer:.2%} for the single copy, {model.cer:.2%} with the model, "
                     f"**{cut:.0%}** lower (target at least 30%: {verdict(cut >= 0.3)})")
    return "\n".join(lines)


def _bins(rows: Sequence) -> list[str]:
    lines = ["| confidence | values | correct | accuracy | flagged needs_review |", "|---|---:|---:|---:|---:|"]
    for lo, hi in BINS:
        sel = [r for r in rows if lo <= r.confidence < hi]
        if sel:
            ok = sum(r.correct for r in sel)
            lines.append(f"| {lo:.2f}–{min(hi, 1):.2f} | {len(sel)} | {ok} | {ok / len(sel):.2%} | "
                         f"{sum(r.needs_review for r in sel)} |")
    return lines


def _targets(rows: Sequence) -> list[str]:
    high = [r for r in rows if r.confidence >= HIGH]
    wrong = [r for r in rows if not r.correct]
    flagged = [r for r in rows if r.needs_review]
    high_acc = sum(r.correct for r in high) / max(1, len(high))
    caught = sum(r.needs_review for r in wrong) / max(1, len(wrong))
    share = len(flagged) / max(1, len(rows))
    verdict = lambda ok: "meets" if ok else "**misses**"  # noqa: E731
    fields = Counter(r.field for r in high if not r.correct).most_common(4)
    return [
        f"- confidence >= {HIGH}: {len(high)} values, **{high_acc:.2%}** correct (target 99.9%: "
        f"{verdict(high_acc >= 0.999)}); wrong: {sum(not r.correct for r in high)}"
        + (f" ({', '.join(f'{f} {n}' for f, n in fields)})" if fields else ""),
        f"- needs_review catches **{caught:.2%}** of the {len(wrong)} wrong values (target 95%: {verdict(caught >= 0.95)})"
        if wrong else "- no wrong values: nothing for needs_review to catch",
        f"- needs_review flags **{share:.2%}** of {len(rows)} values (target at most 5%: {verdict(share <= 0.05)})",
    ]


def _changes(rows: Sequence) -> list[str]:
    """What the model changed: values right without it and wrong with it, and back."""

    plain = {(r.k, r.key): r for r in rows if r.method == PLAIN}
    model = {(r.k, r.key): r for r in rows if r.method == PIPELINE}
    both = [(plain[key], model[key]) for key in plain.keys() & model.keys()]
    broke = [(a, b) for a, b in both if a.correct and not b.correct]
    fixed = [(a, b) for a, b in both if not a.correct and b.correct]
    lines = [f"- right values the model turned wrong: **{len(broke)}** of {len(both)} "
             f"({len(broke) / max(1, len(both)):.2%}; target at most 0.1%); wrong values it made right: {len(fixed)}"]
    for a, b in sorted(broke, key=lambda ab: (ab[0].k, ab[0].field))[:10]:
        at = next((i for i, (x, y) in enumerate(zip(a.value, b.value)) if x != y), min(len(a.value), len(b.value)))
        lo = max(0, at - 15)
        lines.append(f"  - K={a.k} {a.field}: ...{a.value[lo:at + 25]!r} -> ...{b.value[lo:at + 25]!r} "
                     f"(rule {b.rule}, confidence {b.confidence:.2f})")
    return lines


def _names(rows: Sequence) -> list[str]:
    """Accuracy of person names whose parts the dictionaries know vs held out, by method."""

    lines = ["| names | method | values | right | flagged | wrong and not flagged |", "|---|---|---:|---:|---:|---:|"]
    for label, held in (("in the dictionaries", False), ("held out of them", True)):
        for method in (PLAIN, PIPELINE):
            sel = [r for r in rows if r.field in NAME_FIELDS and r.held_out == held and r.method == method]
            if sel:
                ok = sum(r.correct for r in sel)
                lines.append(f"| {label} | {method} | {len(sel)} | {ok / len(sel):.2%} | "
                             f"{sum(r.needs_review for r in sel)} | {sum(not r.correct and not r.needs_review for r in sel)} |")
    return lines


def calibration_section(outcomes: dict) -> str:
    """Return the markdown of the calibration tables: accuracy by confidence bin, for
    structured values and free text apart, by rule, what needs_review catches, what the
    model changed, and names known and held out."""

    every = [r for o in outcomes.values() for r in o.calibration]
    lines: list[str] = []
    for method in (PIPELINE, PLAIN):
        rows = [r for r in every if r.method == method]
        groups = [
            (f"{method}: structured values, K >= 2 copies", [r for r in rows if not r.free_text and r.k >= 2]),
            (f"{method}: free text (principle, objectives, narratives; exact match of the whole text), K >= 2",
             [r for r in rows if r.free_text and r.k >= 2]),
            (f"{method}: every value, K = 1 included", rows),
        ]
        for title, sel in groups:
            lines += [f"**{title}**", "", *_bins(sel), "", *_targets(sel), ""]
    rows = [r for r in every if r.method == PIPELINE]
    lines += ["**What the model changed (every K)**", "", *_changes(every), "",
              "**Person names: known to the dictionaries vs held out of them (every K)**", "", *_names(every), "",
              f"**By rule, every value ({PIPELINE})**", "", "| rule | values | accuracy | mean confidence | flagged |",
              "|---|---:|---:|---:|---:|"]
    for rule in sorted({r.rule for r in rows}):
        sel = [r for r in rows if r.rule == rule]
        lines.append(f"| {rule} | {len(sel)} | {sum(r.correct for r in sel) / len(sel):.2%} | "
                     f"{sum(r.confidence for r in sel) / len(sel):.3f} | {sum(r.needs_review for r in sel)} |")
    return "\n".join(lines)


def write_report(outcomes: dict, archives: Sequence, ks: Sequence[int], quick: bool, command: str) -> None:
    """Print the tables and write them into bench/RESULTS.md (quick runs print only)."""
    accuracy = accuracy_section(outcomes, archives, ks, command) + "\n" + headline(outcomes, ks) + "\n"
    calibration = (
        "Every value of the pipeline's output at every K of the accuracy run above that the truth knows "
        "(structured and free text, exact match), by the confidence the pipeline gave it.\n\n"
        + calibration_section(outcomes) + "\n"
    )
    print(accuracy)
    print(calibration)
    if not quick:
        update_section("Accuracy: reconciliation vs single copies and plain majority", accuracy)
        update_section("Confidence calibration", calibration)
