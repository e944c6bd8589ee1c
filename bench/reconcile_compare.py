"""The reconcile stage side by side: this tree against earlier commits, and with and
without the language model, on the very same pages, each run in a fresh process, runs
interleaved (bench/reconcile_scale.py --compare and --lm-compare run these)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from stage_runs import ROOT, run_child, write_pages

Setup = tuple[str, Path, int, bool]  # (name, tree, jobs, language model on)


def compare(refs: list[str], sizes: list[int], repeat: int, jobs: list[int], samples: bool = False) -> str:
    """Return a markdown table of this tree's stage against the reference commits `refs`
    (each checked out in a temporary git worktree), on the same pages, runs interleaved.

    Each repetition runs every reference and this tree at one job, then this tree at each
    of `jobs`, the order alternating between repetitions so a machine's changing load
    falls on all; the table holds medians, each setup's rate against each reference's by
    the clock and by CPU time (of all its processes). Raises SystemExit when this tree's
    tables differ from the LAST reference's: a change for speed must not change a byte of
    output. An earlier reference may be one from before a change of output (the language
    model's corrections): its tables are reported as the same or different, not required.
    With `samples`, also `same_samples` against the last reference.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="reconcile-compare-") as tmp:
        trees = {ref: Path(tmp) / f"ref{i}" for i, ref in enumerate(refs)}
        try:
            for ref, tree in trees.items():
                subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree), ref], check=True)
            names = ", ".join(f"`{ref}` ({_commit(tree)})" for ref, tree in trees.items())
            lines = [f"References {names} against this tree ({_commit(ROOT)}), {repeat} interleaved repetitions, "
                     "medians; CPU is the time of the stage's process and its pool's workers.", "",
                     "| witnesses | setup | seconds | witnesses/s | CPU s | "
                     + " | ".join(f"vs `{ref}` clock | vs `{ref}` CPU" for ref in refs)
                     + " | peak memory | tables |", "|---:|---|---:|---:|---:|" + "---:|---:|" * len(refs) + "---:|---|"]
            for n in sizes:
                page_file = Path(tmp) / f"pages-{n}.pickle"
                write_pages(n, page_file)
                setups: list[Setup] = [(f"`{ref}`, 1 job", tree, 1, True) for ref, tree in trees.items()]
                setups += [(f"this tree, {j} job{'s' * (j > 1)}", ROOT, j, True) for j in jobs]
                runs, scaling = _interleaved(n, setups, repeat, page_file)
                lines += _compare_rows(n, setups, runs, refs)
                cells = [f"{n:,}", "pure Python, 2 processes against 1 (the machine's own gain)", "", "", "",
                         f"{scaling:.2f}x", *[""] * (2 * len(refs) + 1)]
                lines.append("| " + " | ".join(cells) + " |")
            if samples:
                differ = same_samples(trees[refs[-1]], Path(tmp))
                lines += ["", f"`make reconcile`'s outputs on samples/ (`{refs[-1]}` in one process, this tree with "
                          f"two workers): {'differ in ' + ', '.join(differ) if differ else 'identical, byte for byte'}."]
                if differ:
                    print("\n".join(lines), file=sys.stderr)
                    raise SystemExit(f"samples: {', '.join(differ)} differ from the reference's")
            return "\n".join(lines)
        finally:
            for tree in trees.values():
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)


def _interleaved(n: int, setups: list[Setup], repeat: int, page_file: Path) -> tuple[dict[str, list[dict]], float]:
    """Run every setup `repeat` times on `n` witnesses, the order alternating; return each
    setup's runs and the median of machine_scaling measured before each repetition."""
    import statistics

    runs: dict[str, list[dict]] = {name: [] for name, *_ in setups}
    scaling = []
    for rep in range(repeat):
        scaling.append(machine_scaling())
        for name, tree, j, use_lm in (setups if rep % 2 == 0 else setups[::-1]):
            r = run_child(n, tree, j, page_file, use_lm)
            runs[name].append(r)
            print(f"{n} {name}: {r['seconds']:.1f} s, {n / r['seconds']:.0f}/s, main process CPU "
                  f"{r['cpu_s']:.1f} s, workers' CPU {r.get('workers_cpu_s', 0):.1f} s", file=sys.stderr)
    return runs, statistics.median(scaling)


def _compare_rows(n: int, setups: list[Setup], runs: dict[str, list[dict]], refs: list[str]) -> list[str]:
    """Return the table rows of one size (see `compare`); SystemExit when this tree's
    tables differ from the last reference's, or a setup's runs differ among themselves."""
    import statistics

    def secs(name: str) -> float:
        return statistics.median(r["seconds"] for r in runs[name])

    def cpu(name: str) -> float:
        return statistics.median(r["cpu_s"] + r.get("workers_cpu_s", 0) for r in runs[name])

    ref_names = [name for name, *_ in setups[:len(refs)]]
    tables = {name: runs[name][0]["tables"] for name, *_ in setups}
    rows = []
    for name, tree, _, _ in setups:
        if any(r["tables"] != tables[name] for r in runs[name]):
            raise SystemExit(f"{name}: tables differ between repetitions at {n} witnesses")
        ratios = " | ".join(f"{secs(ref) / secs(name):.2f}x | {cpu(ref) / cpu(name):.2f}x" for ref in ref_names)
        same = "; ".join(f"{'same as' if tables[name] == tables[ref] else 'DIFFER from'} `{r}`'s"
                         for ref, r in zip(ref_names, refs) if ref != name)
        peak = max(r["peak_mib"] for r in runs[name])
        rows.append(f"| {n:,} | {name} | {secs(name):.1f} | {n / secs(name):,.0f} | {cpu(name):.1f} | {ratios} | "
                    f"{peak:,.0f} MiB | {same} |")
        if tree == ROOT and tables[name] != tables[ref_names[-1]]:
            print("\n".join(rows), file=sys.stderr)
            raise SystemExit(f"{name}: tables differ from `{refs[-1]}`'s at {n} witnesses")
    return rows


def compare_lm(sizes: list[int], repeat: int) -> str:
    """Return a markdown table of this tree's stage with and without the language model
    (--no-lm), on the same pages, one process each, runs interleaved, medians."""
    import statistics
    import tempfile

    lines = ["| witnesses | --no-lm witnesses/s | with the model witnesses/s | ratio by the clock | ratio by CPU time |",
             "|---:|---:|---:|---:|---:|"]
    with tempfile.TemporaryDirectory(prefix="reconcile-lm-") as tmp:
        for n in sizes:
            page_file = Path(tmp) / f"pages-{n}.pickle"
            write_pages(n, page_file)
            setups: list[Setup] = [("--no-lm", ROOT, 1, False), ("with the model", ROOT, 1, True)]
            runs, _ = _interleaved(n, setups, repeat, page_file)
            secs = {k: statistics.median(r["seconds"] for r in v) for k, v in runs.items()}
            cpu = {k: statistics.median(r["cpu_s"] for r in v) for k, v in runs.items()}
            off, on = "--no-lm", "with the model"
            lines.append(f"| {n:,} | {n / secs[off]:,.0f} | {n / secs[on]:,.0f} | {secs[off] / secs[on]:.2f}x | "
                         f"{cpu[off] / cpu[on]:.2f}x |")
    return "\n".join(lines)


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def machine_scaling(processes: int = 2, n: int = 20_000_000) -> float:
    """Return how many times more pure-Python work `processes` processes do in the time one
    does (2.0 on two idle cores): what a loaded machine lets a pool gain at best."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(processes) as pool:
        list(pool.map(_spin, [1] * processes))  # started before the clock
        t0 = time.perf_counter()
        pool.submit(_spin, n).result()
        one = time.perf_counter() - t0
        t1 = time.perf_counter()
        list(pool.map(_spin, [n] * processes))
        many = time.perf_counter() - t1
    return processes * one / many


def same_samples(ref_tree: Path, out: Path) -> list[str]:
    """Run `make reconcile`'s command on samples/ with the reference tree (one process) and
    with this tree (two workers), sharing the OCR cache; return the output files that differ."""
    for name, tree, jobs in (("ref", ref_tree, "1"), ("this", ROOT, "2")):
        subprocess.run([sys.executable, "-m", "pipeline", str(ROOT / "samples"), "--out", str(out / name),
                        "--jobs", jobs], cwd=tree, check=True, capture_output=True)
    names = ["documents.csv", "progress_reports.csv", "variants.csv", "failures.csv", "report.html"]
    return [n for n in names if (out / "ref" / n).read_bytes() != (out / "this" / n).read_bytes()]


def _commit(tree: Path) -> str:
    out = subprocess.run(["git", "-C", str(tree), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return out.stdout.strip() or "?"


def compare_section(args: argparse.Namespace) -> str:
    """Return the RESULTS.md section of a `--compare` run: how it was measured, and its table."""
    load = os.getloadavg()[0]
    table = compare(args.compare, args.sizes, args.repeat, args.jobs, args.samples)
    section = (
        f"{dt.date.today().isoformat()}, {os.cpu_count()} cores (load average {load:.1f} when it began: "
        "other programs ran on the machine), Python " + platform.python_version() + ". The stage as above, "
        "on the very same pages (written to a file first and read back, the reading time subtracted), "
        "of each reference commit (a temporary git worktree) and of this tree, each run in a fresh process, "
        "runs interleaved, the order alternating; the dictionaries' trie and the language model are built "
        "before the clock starts. \"CPU\" is the CPU time of the process that runs the stage plus its pool's "
        "workers'. The tables (documents, progress_reports, variants, failures CSV) of every run are compared "
        "by sha256 with each reference's; this tree's must be the last reference's, byte for byte (a reference "
        "from before the language model reads some values differently, and its tables differ).\n"
        f"Command: `.venv/bin/python bench/reconcile_scale.py --compare {' '.join(args.compare)} --sizes "
        f"{' '.join(map(str, args.sizes))} --repeat {args.repeat} --jobs {' '.join(map(str, args.jobs))}`.\n\n"
        + table + "\n\nThe last row is what two processes gain over one on this machine at that time, on "
        "pure Python work (bench/reconcile_compare.py machine_scaling): 2.00x on two idle cores, the ceiling "
        "for any pool here.\n"
    )
    return section
