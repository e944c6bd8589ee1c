"""Tables for bench/accuracy.py: accuracy by K and method, and confidence calibration."""

from __future__ import annotations

import datetime as dt
import os
import platform
from collections import Counter
from collections.abc import Sequence

from results import update_section

BINS = ((0.0, 0.5), (0.5, 0.6), (0.6, 0.8), (0.8, 0.95), (0.95, 1.01))
HIGH = 0.95


def _machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {memory:.0f} GiB, {platform.machine()}, Python {platform.python_version()}"


def accuracy_section(outcomes: dict, archives: Sequence, ks: Sequence[int], command: str) -> str:
    """Return the markdown of the accuracy tables: one per noise level plus all levels."""
    from accuracy import METHODS, Score

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
    """Return the K=3 (or largest K below it) comparison as ratios against the targets."""
    from accuracy import Score

    k = 3 if 3 in ks else max(ks)

    def total(method: str) -> Score:
        s = Score()
        for outcome in outcomes.values():
            s += outcome.scores[(k, method)]
        return s

    from accuracy import MAPPED

    single, majority = total("single copy (median)"), total("plain majority")
    ratio = lambda a, b: f"{a / b:.1f}x" if b else "inf"  # noqa: E731
    lines = []
    for method in ("pipeline", MAPPED):
        pipe = total(method)
        lines.append(
            f"- At K = {k}, {method}: structured accuracy **{pipe.structured:.2%}** (target 99.5%); free-text CER "
            f"{pipe.cer:.2%}, **{ratio(single.cer, pipe.cer)}** lower than the median single copy ({single.cer:.2%}, "
            f"target 10x) and **{ratio(majority.cer, pipe.cer)}** lower than plain majority ({majority.cer:.2%}, target 2x)."
        )
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
    shared = [r for r in high if not r.correct and r.rule == "unanimous"]
    fields = Counter(r.field for r in shared).most_common(3)
    return [
        f"- confidence >= {HIGH}: {len(high)} values, **{high_acc:.2%}** correct (target 99%: {verdict(high_acc >= 0.99)}); "
        f"{len(shared)} of the {sum(not r.correct for r in high)} wrong ones are unanimous, an error every copy made "
        f"alike, which no vote can see" + (f" ({', '.join(f'{f} {n}' for f, n in fields)})" if fields else ""),
        f"- needs_review catches **{caught:.2%}** of the {len(wrong)} wrong values (target 90%: {verdict(caught >= 0.9)})",
        f"- needs_review flags **{share:.2%}** of {len(rows)} values (target at most 10%: {verdict(share <= 0.1)})",
    ]


def calibration_section(outcomes: dict) -> str:
    """Return the markdown of the calibration tables: accuracy by confidence bin, for
    structured values and free text apart, by rule, and what needs_review catches."""
    rows = [r for o in outcomes.values() for r in o.calibration]
    groups = [
        ("Structured values, K >= 2 copies", [r for r in rows if not r.free_text and r.k >= 2]),
        ("Free text (principle, objectives, narratives; exact match of the whole text), K >= 2",
         [r for r in rows if r.free_text and r.k >= 2]),
        ("Every value, K = 1 included", rows),
    ]
    lines: list[str] = []
    for title, sel in groups:
        lines += [f"**{title}**", "", *_bins(sel), "", *_targets(sel), ""]
    lines += ["**By rule, every value**", "", "| rule | values | accuracy | mean confidence | flagged |",
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
        update_section("Accuracy: reconciliation vs single copies and plain majority (issue 4)", accuracy)
        update_section("Confidence calibration (issue 5)", calibration)
