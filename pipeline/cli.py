"""Command line: argument parsing, progress, messages and exit codes; nothing else."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import NoReturn

from . import __version__
from .api import Options, reconcile
from .cache import DEFAULT_PATH as DEFAULT_CACHE
from .errors import ExitCode, Interrupted, PipelineError
from .options import DEFAULT_CROP_PAGES, DEFAULT_PAGE_TIMEOUT, DEFAULT_STEPS
from .preprocess import STEPS
from .run import WARNED
from .text_layer import MODES as TEXT_LAYER_MODES

PROG = "thai-ocr-reconcile"


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on bad usage; our contract keeps 2 for "some inputs failed"."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(int(ExitCode.BAD_USAGE), f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for `thai-ocr-reconcile` (the contract in README.md)."""
    p = _Parser(
        prog=PROG,
        description="Reconcile repeated OCR'd copies of Thai BMA progress reports into one "
        "record per report, with the evidence for every value.",
        epilog="Exit status: 0 all inputs used (failures.csv may still hold notes about them); 2 some "
        "inputs failed (outputs still written, see failures.csv); 3 a required program or language pack is missing; 1 bad usage; "
        "130 interrupted by Ctrl-C (143 by SIGTERM): run the same command again to continue "
        "from the OCR cache.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="file or folder (searched recursively): .pdf .tif .tiff .png .jpg .jpeg .txt .md")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the CSV outputs")
    p.add_argument("--dict", dest="dicts", action="append", default=[], metavar="FILE",
                   help="extra dictionary file or folder (repeatable)")
    p.add_argument("--corrections", metavar="FILE",
                   help="CSV of values a person corrected (doc_id,field,report_no,value); they win "
                   "over the vote and are marked rule=human")
    p.add_argument("--learn", metavar="FILE",
                   help="append the corrections of errors every copy shared to this dictionary file "
                   "as WRONG -> RIGHT lines (and use the file as a dictionary)")
    _add_where_and_how_options(p)
    _add_output_options(p)
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def _add_where_and_how_options(p: argparse.ArgumentParser) -> None:
    """Add the options of where pages run and how scans are read."""
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="parallel OCR workers (default: number of cores); with --executor dask, the "
                   "number of local Dask workers")
    p.add_argument("--executor", choices=("local", "dask"), default=None,
                   help="where OCR pages run: local, a process pool on this machine (default); dask, a Dask "
                   "LocalCluster of --jobs worker processes that also reconciles each report")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="send OCR pages and the reconciliation of each report to the Dask cluster at "
                   "ADDRESS (e.g. tcp://scheduler-host:8786); its workers need Tesseract with Thai, this "
                   "package, and the inputs at the same paths")
    p.add_argument("--page-timeout", type=float, default=DEFAULT_PAGE_TIMEOUT, metavar="SECONDS",
                   help=f"skip a page (a failures.csv row) whose rasterising and OCR take longer than this "
                   f"(default: {DEFAULT_PAGE_TIMEOUT:g}; 0: no limit)")
    p.add_argument("--lang", default="tha+eng", help="Tesseract languages (default: tha+eng)")
    p.add_argument("--dpi", type=int, default=300, help="rasterisation dpi for PDFs (default: 300)")
    p.add_argument("--preprocess", default=",".join(DEFAULT_STEPS), metavar="STEPS",
                   help=f"image cleaning before OCR, comma-separated from {', '.join(STEPS)}, or none "
                   f"(default: {','.join(DEFAULT_STEPS)}, the steps that lowered the error on the accuracy benchmark)")
    p.add_argument("--text-layer", choices=TEXT_LAYER_MODES, default="ignore",
                   help="a PDF's own text layer: ignore it and OCR every page (default), or use it for each "
                   "page where it holds Thai text (born-digital PDFs: fast and exact); pages without a usable "
                   "one are OCR'd")
    cache = p.add_mutually_exclusive_group()
    cache.add_argument("--cache", metavar="PATH",
                       help="OCR page cache (SQLite file; its folder is made if missing and also keeps the "
                       f"built language model, the three last used; default: {DEFAULT_CACHE})")
    cache.add_argument("--no-cache", action="store_true",
                       help="do not read or write the OCR cache or the stored language model")


def _add_output_options(p: argparse.ArgumentParser) -> None:
    """Add the options of the form, the vote and what is written."""
    p.add_argument("--template", default="bma_progress_report", metavar="NAME|FILE",
                   help="form template (built-in name or a .toml file)")
    p.add_argument("--raw-csv", action="store_true",
                   help="write cells exactly as they are: no leading ' on text starting with = + - @, tab "
                   "or carriage return (the guard against spreadsheet formula injection)")
    p.add_argument("--no-report", action="store_true",
                   help="do not write the review page report.html to the --out folder")
    p.add_argument("--crop-pages", type=int, default=DEFAULT_CROP_PAGES, metavar="N",
                   help="the review page shows the scan behind each reading of a disputed row; rasterise at "
                   f"most N scanned pages per run for it (default: {DEFAULT_CROP_PAGES}; crops are kept in the "
                   "page cache, so a re-run cuts the next ones; 0: no crops)")
    p.add_argument("--no-lm", action="store_true",
                   help="decide text by the copies' weights alone, without the Thai language model and OCR "
                   "confusion channel")
    p.add_argument("--quiet", action="store_true", help="no progress bar and no summary (what failed is still said)")
    p.add_argument("-v", "--verbose", action="count", default=0,
                   help="log what the run decides, page by page and copy by copy, to stderr: where each copy "
                   "starts and why, which copies make one report, each batch (-vv: each section heading too)")


def _stop(signum: int, frame: object) -> None:
    """First Ctrl-C or SIGTERM: stop the run where it is; later ones are ignored while it
    stops its workers (a second Ctrl-C must not turn a clean stop into a traceback)."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    raise Interrupted(signum)


@contextmanager
def _signals_stop_the_run() -> Iterator[None]:
    """Turn Ctrl-C and SIGTERM into Interrupted for the length of the run (main thread only;
    a signal the parent process made us ignore stays ignored)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(sig, _stop)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)


def _interrupted(signum: int, use_cache: bool) -> int:
    what = "interrupted" if signum == signal.SIGINT else "terminated"
    hint = "; pages already read are in the OCR cache: run the same command again to continue" if use_cache else ""
    print(f"{PROG}: {what}{hint}", file=sys.stderr)
    return int(ExitCode.INTERRUPTED if signum == signal.SIGINT else ExitCode.TERMINATED)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (see ExitCode)."""
    state = {"use_cache": True}
    with _signals_stop_the_run():
        try:
            return _run(argv, state)
        except KeyboardInterrupt as exc:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            return _interrupted(exc.signum if isinstance(exc, Interrupted) else signal.SIGINT, state["use_cache"])


def _options(args: argparse.Namespace) -> Options:
    """Return the run's Options from the parsed arguments (Options checks the values)."""
    return Options(
        template=args.template,
        dictionaries=tuple(args.dicts),
        jobs=args.jobs,
        lang=args.lang,
        dpi=args.dpi,
        preprocess=args.preprocess,
        cache=args.cache,
        use_cache=not args.no_cache,
        corrections=args.corrections,
        learn=args.learn,
        report=not args.no_report,
        progress=not args.quiet and sys.stderr.isatty(),
        executor=args.executor,
        scheduler=args.scheduler,
        page_timeout=args.page_timeout,
        raw_csv=args.raw_csv,
        keep_tables=False,
        crop_pages=args.crop_pages,
        text_layer=args.text_layer,
        use_lm=not args.no_lm,
    )


@contextmanager
def _logging(verbosity: int) -> Iterator[None]:
    """Send the pipeline's log records to stderr for the length of the run: INFO with -v,
    DEBUG with -vv, nothing without. Only the `pipeline` loggers are touched."""
    if not verbosity:
        yield
        return
    logger = logging.getLogger("pipeline")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbosity > 1 else logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def _count(n: int, noun: str, plural: str = "") -> str:
    """Return "1 note", "2 notes" ("1 copy", "2 copies" with `plural`)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


SHOWN_PER_STAGE = 10  # failures.csv rows of one stage printed before the rest are only counted


def _each_stage_capped(rows: list, out: object, every: bool, indent: str = "") -> Iterator[str]:
    """Yield the lines that print failures.csv `rows`: the first SHOWN_PER_STAGE of each
    stage (all of them when `every`), then how many more that stage has. A run over an
    archive of coarse or turned scans notes every page; listing them all would bury the
    summary, and failures.csv in `out` holds each."""
    shown: dict[str, int] = {}
    for row in rows:
        shown[row.stage] = shown.get(row.stage, 0) + 1
        if every or shown[row.stage] <= SHOWN_PER_STAGE:
            said = row.error if row.stage in WARNED else f"{'left out' if row.stage == 'extract' else 'failed'}: {row.error}"
            yield indent + said
    for stage, n in shown.items():
        if not every and n > SHOWN_PER_STAGE:
            yield (f"{indent}... and {n - SHOWN_PER_STAGE:,} more of stage {stage!r}: "
                   f"failures.csv in {out} lists every one (-v prints them all)")


def _run(argv: Sequence[str] | None, state: dict[str, bool]) -> int:
    args = build_parser().parse_args(argv)
    state["use_cache"] = not args.no_cache
    try:
        with _logging(args.verbose):
            result = reconcile(args.inputs, out=args.out, options=_options(args))
    except PipelineError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return int(exc.exit_code)
    rows = result.failed
    row_warnings = {row.error for row in rows if row.stage in WARNED}
    for warning in result.warnings:
        if warning not in row_warnings:
            print(f"{PROG}: warning: {warning}", file=sys.stderr)
    every = args.verbose > 0
    for line in _each_stage_capped([r for r in rows if r.stage in WARNED], args.out, every):
        print(f"{PROG}: warning: {line}", file=sys.stderr)
    for wrong, right in result.learned:
        print(f"learned: {wrong} -> {right} (added to {args.learn})", file=sys.stderr)
    failures = [r for r in rows if r.stage not in WARNED]
    if not args.quiet:
        pages_failed = sum(r.stage == "ocr" and r.page is not None for r in failures)
        files_failed = sum(r.stage == "ocr" and r.page is None for r in failures)  # unreadable before any page
        if result.ocr.pages or pages_failed or files_failed:
            unreadable = f"; {_count(files_failed, 'file')} unreadable" if files_failed else ""
            counts = f"{result.ocr.cached} from cache, {pages_failed} failed"
            print(f"OCR: {_count(result.ocr.pages, 'page')} ({counts}){unreadable}", file=sys.stderr)
        print(
            f"{_count(result.n_inputs, 'input')}, {_count(result.n_witnesses, 'copy', 'copies')}, "
            f"{_count(result.n_documents, 'report')} ({result.n_documents_to_review} need review), "
            f"{_count(result.n_progress_reports, 'progress row')}, "
            f"{_count(result.n_failures, 'failure')}, "
            f"{_count(result.n_notes, 'note')} -> {args.out}",
            file=sys.stderr,
        )
    for line in _each_stage_capped(failures, args.out, every, "  " if not args.quiet else f"{PROG}: "):
        print(line, file=sys.stderr)  # --quiet drops the summary, never what failed
    return int(result.exit_code)


if __name__ == "__main__":
    sys.exit(main())
