"""Running the reconcile stage on a tree, in a fresh process: the invented pages it is fed
(COPIES noisy copies of each invented report, as the OCR stage hands pages on), the run
itself as the command line does it (`_stage`), and a child process that runs the
pipeline package of any tree (this one or an earlier commit's worktree) on them and
prints its figures (`run_child`). bench/reconcile_scale.py (witnesses per second and
memory) and bench/reconcile_compare.py (side by side) are made of these."""

from __future__ import annotations

import argparse
import json
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


def write_pages(n: int, path: Path) -> None:
    """Write the pages of `n` witnesses (see `pages`) to `path` as a stream of pickled
    plain tuples, so runs of two trees read the very same input, in any tree's classes."""
    import pickle

    with open(path, "wb") as fh:
        for page in pages(n):
            lines = tuple((ln.text, ln.where.line, ln.where.box, ln.confidence) for ln in page.lines)
            pickle.dump((page.source, page.page, lines), fh, pickle.HIGHEST_PROTOCOL)


def read_pages(path: Path) -> Iterator:
    """Yield the pages `write_pages` wrote, as the tree on sys.path builds them."""
    import pickle

    from pipeline.model import Line, Page, Where

    with open(path, "rb") as fh:
        while True:
            try:
                source, page_no, lines = pickle.load(fh)
            except EOFError:
                return
            yield Page(source, page_no, tuple(Line(text, Where(source, page_no, no, box), conf)
                                              for text, no, box, conf in lines))


def child(n: int, jobs: int = 1, page_file: Path | None = None, out: Path | None = None, use_lm: bool = True) -> dict:
    """Run the stage on `n` witnesses in this process, as the command line runs it
    (copies spilled to disk until grouped, reports reconciled and written in batches),
    with the language model unless `use_lm` is False; return its figures and the sha256
    of each table written. The pages come from `page_file` (write_pages) when given, else
    are generated as the stage reads them; the time to make or read them, measured in a
    separate pass, is subtracted."""
    import tempfile

    template, voter = _voter(use_lm)
    stream = (lambda: read_pages(page_file)) if page_file else (lambda: pages(n))
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in stream():
        pass
    generate, generate_cpu = time.perf_counter() - t0, time.process_time() - c0
    from pipeline.normalize import normalize_text

    normalize_text.cache_clear()
    with tempfile.TemporaryDirectory() as tmp:
        folder = out or Path(tmp)
        t1, c1 = time.perf_counter(), time.process_time()
        documents = _stage(stream(), folder, template, voter, jobs)
        seconds = time.perf_counter() - t1 - generate
        cpu = time.process_time() - c1 - generate_cpu
        digests = {f.name: _digest(f) for f in sorted(folder.glob("*.csv"))}
    import pipeline

    return {
        "witnesses": n, "documents": documents, "generate_s": generate, "seconds": seconds, "cpu_s": cpu, "jobs": jobs,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "tables": digests,
        "workers_cpu_s": resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime, "use_lm": use_lm,
        "tree": str(Path(pipeline.__file__).resolve().parent.parent),
    }


def _digest(path: Path) -> str:
    """Return the first 16 hex digits of a file's sha256, read a block at a time: a table
    read whole (variants.csv is about 1 GB at 100,000 witnesses) would be this process's
    peak memory instead of the stage's."""
    import hashlib

    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()[:16]


def _modern() -> bool:
    """True when the tree on sys.path has pipeline/run.py (a tree from before it has the
    stage's functions in pipeline/api.py)."""
    import pipeline

    return (Path(pipeline.__file__).parent / "run.py").exists()


def _voter(use_lm: bool = True):
    """Return the template and the stage's voter of the tree on sys.path, with the
    dictionaries' trie and (when `use_lm` and the tree has one) the language model built:
    fixed costs of a process, not of a witness, paid before the clock starts."""
    import inspect

    if _modern():
        import pipeline.run  # noqa: F401  imported before the clock starts
    from pipeline.dictionary import load_dictionaries
    from pipeline.document import FieldVoter
    from pipeline.template import load_template

    template, dictionary = load_template(), load_dictionaries()
    dictionary.trie  # noqa: B018
    has_lm = "use_lm" in inspect.signature(FieldVoter).parameters
    voter = FieldVoter(template, dictionary, use_lm) if has_lm else FieldVoter(template, dictionary)
    if has_lm and use_lm:
        voter.corrector  # noqa: B018
    return template, voter


def _stage(page_stream, out: Path, template, voter, jobs: int = 1) -> int:
    """Run the stage as the command line does on a stream of pages; return the reports
    written. With `jobs` > 1, in a local pool of that many workers."""
    import inspect

    try:
        from pipeline.executor_choice import make_executor
    except ImportError:  # a reference tree from before pipeline/executor_choice.py
        from pipeline.executor import make_executor
    from pipeline.export import TableWriter
    from pipeline.spill import RecordSpill

    if _modern():
        from pipeline.options import Options
        from pipeline.run import _reconcile_in_batches, document_jobs, read_witnesses
    else:  # a tree from before pipeline/run.py
        from pipeline.api import Options, _reconcile_in_batches, document_jobs, read_witnesses

    with make_executor("local", jobs) as executor, RecordSpill() as spill:
        if "spill" in inspect.signature(read_witnesses).parameters:
            views, _ = read_witnesses(page_stream, template, spill, executor)
        else:  # a reference tree from before copies were read in the pool
            views, _ = read_witnesses(page_stream, template, keep=spill.add)
        try:
            from pipeline.run import learn_archive
            if "spill" in inspect.signature(learn_archive).parameters:
                learn_archive(voter, views, spill)  # as the command line does
            else:  # a reference tree from before the archive's lines were read
                learn_archive(voter, views)
        except ImportError:  # a reference tree from before it
            try:
                from pipeline.run import archive_breaks_words
                voter.archive_breaks_words = archive_breaks_words(views)
            except ImportError:
                pass
        writer = TableWriter(out)
        try:
            jobs_made = document_jobs(views, spill=spill)
        except TypeError:  # a reference tree from before grouping read the spill
            jobs_made = document_jobs(views)
        run = _reconcile_in_batches(jobs_made, spill, voter, executor,
                                    Options(keep_tables=False, jobs=jobs), [], writer)
        writer.commit()
    return run.n_documents


def profile(n: int, top: int = 10) -> str:
    """Return a markdown table of where the stage spends its time on `n` witnesses: the
    functions with the most time of their own (cProfile); the text is generated first."""
    import cProfile
    import pstats
    import tempfile

    template, voter = _voter()
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


def run_child(n: int, tree: Path, jobs: int = 1, page_file: Path | None = None, use_lm: bool = True) -> dict:
    """Run `child` in a fresh process on the pipeline package of `tree`; return its figures."""
    cmd = [sys.executable, __file__, "--child", str(n), "--tree", str(tree), "--jobs", str(jobs)]
    if page_file is not None:
        cmd += ["--pages", str(page_file)]
    if not use_lm:
        cmd += ["--no-lm"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    if Path(figures["tree"]) != tree.resolve():
        raise SystemExit(f"the child ran the pipeline of {figures['tree']}, not of {tree}")
    return figures


def profile_in_child(n: int) -> str:
    """Return `profile(n)` made in a fresh process (this tree's pipeline)."""
    return subprocess.run([sys.executable, __file__, "--profile", str(n)], capture_output=True, text=True,
                          check=True).stdout.strip()


def main() -> None:
    ap = argparse.ArgumentParser(description="one run of the reconcile stage (run_child, profile_in_child)")
    ap.add_argument("--child", type=int, help="witnesses to run the stage on; prints its figures as JSON")
    ap.add_argument("--tree", type=Path, help="the tree whose pipeline package runs")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--pages", type=Path, help="the pages write_pages wrote, instead of generating them")
    ap.add_argument("--no-lm", action="store_true")
    ap.add_argument("--profile", type=int, help="witnesses to profile; prints the table")
    args = ap.parse_args()
    if args.child:
        if args.tree:
            sys.path.insert(0, str(args.tree.resolve()))
        print(json.dumps(child(args.child, args.jobs, args.pages, use_lm=not args.no_lm)))
    elif args.profile:
        print(profile(args.profile))


if __name__ == "__main__":
    main()
