"""The reconcile stage alone, from OCR'd text: witnesses per second and peak memory.

Invents reports (samples/generate.py), prints each as COPIES copies of its form's lines
with OCR-like character noise (confusable Thai letters, lost marks, dropped characters,
about NOISE_RATE of characters), and feeds them as pages straight to the stage after OCR:
segmentation, extraction, grouping, alignment, voting and the output tables. Each size
runs in its own process, so its peak memory (ru_maxrss) is its own; the text is generated
lazily as the stage reads it, and the time generating it takes (measured in a separate
pass) is subtracted.

Run: `make bench` runs it at 1,000, 10,000 and 100,000 witnesses; alone:
`.venv/bin/python bench/reconcile_scale.py --sizes 1000 10000`. Side by side with another
commit, on the same pages, runs interleaved, tables checked byte for byte:
`.venv/bin/python bench/reconcile_scale.py --compare main --sizes 10000 --repeat 3 --jobs 1 2`
(several references at once: `--compare 88c2bad main`; the last one's tables must be matched
byte for byte, an earlier one's may differ and are reported as such). The language model's
cost, this tree with and without it side by side: `--lm-compare --sizes 10000 --repeat 3`.
The dictionaries' trie and the language model are built before the clock starts in every
run (a fixed cost of a process, not of a witness; the command line reads the model from
its cache).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stage_runs import COPIES, NOISE_RATE, ROOT, profile_in_child, run_child  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--quick", action="store_true", help="1,000 and 2,000 witnesses, results printed, not written")
    ap.add_argument("--compare", metavar="REF", nargs="+",
                    help="run against git commits side by side; the last one's tables must be matched (see `compare`)")
    ap.add_argument("--lm-compare", action="store_true",
                    help="this tree with and without the language model, side by side; printed only")
    ap.add_argument("--repeat", type=int, default=3, help="repetitions of each setup with --compare or --lm-compare")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1], help="worker counts of this tree's runs")
    ap.add_argument("--samples", action="store_true", help="with --compare: also compare `make reconcile`'s outputs")
    args = ap.parse_args()
    from results import update_section

    if args.quick:
        args.sizes = [1000, 2000]
    if args.lm_compare:
        from reconcile_compare import compare_lm

        print(compare_lm(args.sizes, args.repeat))
        return
    if args.compare:
        from reconcile_compare import compare_section

        section = compare_section(args)
        print(section)
        if not args.quick:
            update_section("Reconcile stage side by side with an earlier commit", section)
        return
    rows = []
    for n in args.sizes:
        rows.append(run_child(n, ROOT, args.jobs[0]))
        r = rows[-1]
        print(f"{n} witnesses: {r['seconds']:.1f} s, {n / r['seconds']:.0f}/s, peak {r['peak_mib']:.0f} MiB", file=sys.stderr)

    prof = profile_in_child(2000)
    base = rows[0]
    table = ["| witnesses | reports found | seconds | witnesses/s | time vs linear | peak memory |",
             "|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        linear = base["seconds"] * r["witnesses"] / base["witnesses"]
        table.append(f"| {r['witnesses']:,} | {r['documents']:,} | {r['seconds']:.1f} | "
                     f"{r['witnesses'] / r['seconds']:,.0f} | {r['seconds'] / linear:.2f}x | {r['peak_mib']:,.0f} MiB |")
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    section = (
        f"{dt.date.today().isoformat()}, {os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()}; "
        f"one process, one core. Witnesses are invented reports printed {COPIES} times each with "
        f"{NOISE_RATE:.0%} OCR-like character noise, handed to the stage after OCR as pages of text "
        "(each line with its box on the page, as OCR gives it) "
        "(segment, extract, group, align, vote, tables written to CSV), as the command line runs it: copies "
        "spilled to a temporary SQLite file until grouped, reports reconciled and written 200 at a time; "
        "the time to generate them is subtracted. "
        "Peak memory is the process's maximum resident set.\n"
        f"Command: `.venv/bin/python bench/reconcile_scale.py --sizes {' '.join(map(str, args.sizes))}`.\n\n"
        + "\n".join(table)
        + "\n\n\"time vs linear\" is the time divided by the smallest size's time scaled up linearly: "
        "1.00x means time grows in proportion to the witnesses.\n\n"
        "Where the time goes, 2,000 witnesses under cProfile (own time of each function, the stage "
        "only; cProfile slows it about twofold):\n\n" + prof + "\n"
    )
    print(section)
    if not args.quick:
        update_section("Reconcile stage alone: witnesses per second and memory", section)


if __name__ == "__main__":
    main()
