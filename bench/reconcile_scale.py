"""The reconcile stage alone, from OCR'd text: witnesses per second and peak memory.

Invents reports (samples/generate.py), prints each as COPIES copies of its form's lines
with OCR-like character noise (confusable Thai letters, lost marks, dropped characters,
about NOISE_RATE of characters), and feeds them as pages straight to the stage after OCR:
segmentation, extraction, grouping, alignment, voting and the output tables. Each size
runs in its own process, so its peak memory (ru_maxrss) is its own; the text is generated
lazily as the stage reads it, and the time generating it takes (measured in a separate
pass) is subtracted.

Run: `make bench` runs it at 1,000, 10,000 and 100,000 witnesses; alone:
`.venv/bin/python bench/reconcile_scale.py --sizes 1000 10000`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))
sys.path.insert(0, str(ROOT / "bench"))

COPIES = 4
NOISE_RATE = 0.01
LINES_PER_PAGE = 30
CONFUSIONS = {"ำ": "้า", "ด": "ต", "ต": "ด", "บ": "ป", "ป": "บ", "ข": "ช", "ช": "ข", "ี": "ิ", "ิ": "ี",
              "่": "", "้": "", "ั": "", "ร": "ร", "ม": "น", "น": "ม", "0": "o", "8": "3", "6": "5"}


def noisy(text: str, rng: random.Random) -> str:
    """Return `text` with about NOISE_RATE of its characters misread as OCR misreads Thai."""
    chars = list(text)
    for i in rng.sample(range(len(chars)), k=min(len(chars), int(len(chars) * NOISE_RATE + rng.random()))):
        chars[i] = CONFUSIONS.get(chars[i], "")
    return "".join(chars)


def line_box(i: int) -> tuple[int, int, int, int]:
    """The box of the i-th line of a page as OCR gives it (300 dpi, A4): every line of a
    scanned page carries one, for the review page's crops."""
    return (150, 200 + 80 * i, 2300, 260 + 80 * i)


def pages(n_witnesses: int, seed: int = 1) -> Iterator:
    """Yield the pages of `n_witnesses` noisy copies (COPIES per invented report), one
    file per report, as the OCR stage hands them on (and its cache holds them): lines
    normalised, each with its box on the page as OCR'd lines have."""
    from generate import TITLE, form_lines, invent_report

    from pipeline.model import Line, Page, Where
    from pipeline.normalize import normalize_text

    rng = random.Random(seed)
    for r in range((n_witnesses + COPIES - 1) // COPIES):
        report = invent_report(rng)
        source = f"report{r:06d}.txt"
        page_no = 0
        for _ in range(min(COPIES, n_witnesses - r * COPIES)):
            lines = [TITLE, *(noisy(ln, rng) for ln in form_lines(report))]
            for start in range(0, len(lines), LINES_PER_PAGE):
                page_no += 1
                chunk = lines[start:start + LINES_PER_PAGE]
                yield Page(source, page_no, tuple(
                    Line(normalize_text(t), Where(source, page_no, i + 1, line_box(i)), 0.9) for i, t in enumerate(chunk)))


def child(n: int, use_lm: bool = True) -> dict:
    """Run the stage on `n` witnesses in this process, as the command line runs it
    (copies spilled to disk until grouped, reports reconciled and written in batches);
    return its figures."""
    import tempfile

    from pipeline.dictionary import load_dictionaries
    from pipeline.document import FieldVoter
    from pipeline.normalize import normalize_text
    from pipeline.template import load_template

    template, dictionary = load_template(), load_dictionaries()
    dictionary.trie  # noqa: B018  built before the clock starts: a fixed cost, not per witness
    voter = FieldVoter(template, dictionary, use_lm)
    if use_lm:
        voter.corrector  # noqa: B018  the language model too
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in pages(n):
        pass
    generate, generate_cpu = time.perf_counter() - t0, time.process_time() - c0
    normalize_text.cache_clear()
    with tempfile.TemporaryDirectory() as out:
        t1, c1 = time.perf_counter(), time.process_time()
        documents = _stage(pages(n), Path(out), template, voter)
        seconds = time.perf_counter() - t1 - generate
        cpu = time.process_time() - c1 - generate_cpu
    return {
        "witnesses": n, "documents": documents, "generate_s": generate, "seconds": seconds, "cpu_s": cpu,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _stage(page_stream, out: Path, template, voter) -> int:
    """Run the stage as the command line does on a stream of pages; return the reports written."""
    from pipeline.api import Options, _reconcile_in_batches, document_jobs, read_witnesses
    from pipeline.export import TableWriter
    from pipeline.spill import RecordSpill

    with RecordSpill() as spill:
        views, _ = read_witnesses(page_stream, template, keep=spill.add)
        writer = TableWriter(out)
        run = _reconcile_in_batches(document_jobs(views), spill, voter, None,
                                    Options(keep_tables=False), [], writer)
        writer.commit()
    return run.n_documents


def profile(n: int, top: int = 10) -> str:
    """Return a markdown table of where the stage spends its time on `n` witnesses: the
    functions with the most time of their own (cProfile); the text is generated first."""
    import cProfile
    import pstats
    import tempfile

    from pipeline.dictionary import load_dictionaries
    from pipeline.document import FieldVoter
    from pipeline.template import load_template

    template, dictionary = load_template(), load_dictionaries()
    dictionary.trie  # noqa: B018
    voter = FieldVoter(template, dictionary)
    voter.corrector  # noqa: B018
    generated = list(pages(n))
    profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory() as out:
        profiler.enable()
        _stage(iter(generated), Path(out), template, voter)
        profiler.disable()
    stats = pstats.Stats(profiler)
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:top]  # type: ignore[attr-defined]
    total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    lines = ["| function | calls | own seconds | share |", "|---|---:|---:|---:|"]
    for (path, line, name), (_, calls, own, _, _) in rows:
        where = f"{Path(path).parent.name}/{Path(path).name}:{line}" if path != "~" else "builtin"
        lines.append(f"| `{name}` ({where}) | {calls:,} | {own:.2f} | {own / total:.0%} |")
    return "\n".join(lines)


def compare_lm(sizes: list[int]) -> None:
    """Print the stage's witnesses per second with and without the language model, each
    size run both ways in turn in this one invocation, by the clock and by the process's
    CPU time (on a machine other work shares, the clock's ratio swings with their load)."""
    print("| witnesses | --no-lm witnesses/s | with the model witnesses/s | ratio | ratio by CPU time |\n"
          "|---:|---:|---:|---:|---:|")
    for n in sizes:
        runs = []
        for flags in (["--no-lm"], []):
            out = subprocess.run([sys.executable, __file__, "--child", str(n), *flags], capture_output=True, text=True,
                                 check=True)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        rates = [n / r["seconds"] for r in runs]
        print(f"| {n:,} | {rates[0]:,.0f} | {rates[1]:,.0f} | {rates[1] / rates[0]:.2f}x | "
              f"{runs[0]['cpu_s'] / runs[1]['cpu_s']:.2f}x |", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--quick", action="store_true", help="1,000 and 2,000 witnesses, results printed, not written")
    ap.add_argument("--lm-compare", action="store_true",
                    help="each size also with --no-lm, side by side (the language model's cost); printed only")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--no-lm", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--profile", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.quick:
        args.sizes = [1000, 2000]
    if args.child:
        print(json.dumps(child(args.child, not args.no_lm)))
        return
    if args.lm_compare:
        compare_lm(args.sizes)
        return
    if args.profile:
        print(profile(args.profile))
        return
    rows = []
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--child", str(n)], capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        r = rows[-1]
        print(f"{n} witnesses: {r['seconds']:.1f} s, {n / r['seconds']:.0f}/s, peak {r['peak_mib']:.0f} MiB", file=sys.stderr)
    from results import update_section

    prof = subprocess.run([sys.executable, __file__, "--profile", "2000"], capture_output=True, text=True,
                          check=True).stdout.strip()
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
        update_section("Reconcile stage alone: witnesses per second and memory (issue 4)", section)


if __name__ == "__main__":
    main()
