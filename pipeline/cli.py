"""Command line: argument parsing, progress, messages and exit codes; nothing else."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from . import __version__
from .api import Options, reconcile
from .errors import ExitCode, PipelineError
from .preprocess import DEFAULT_STEPS, STEPS, parse_steps


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on bad usage; our contract keeps 2 for "some inputs failed"."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(int(ExitCode.BAD_USAGE), f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for `thai-ocr-reconcile` (the contract in README.md)."""
    p = _Parser(
        prog="thai-ocr-reconcile",
        description="Reconcile repeated OCR'd copies of Thai BMA progress reports into one "
        "record per report, with the evidence for every value.",
        epilog="Exit status: 0 all inputs used; 2 some inputs failed (outputs still written, "
        "see failures.csv); 3 a required program or language pack is missing; 1 bad usage.",
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
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="parallel OCR workers (default: number of cores)")
    p.add_argument("--lang", default="tha+eng", help="Tesseract languages (default: tha+eng)")
    p.add_argument("--dpi", type=int, default=300, help="rasterisation dpi for PDFs (default: 300)")
    p.add_argument("--preprocess", default=",".join(DEFAULT_STEPS), metavar="STEPS",
                   help=f"image cleaning before OCR, comma-separated from {', '.join(STEPS)}, or none "
                   f"(default: {','.join(DEFAULT_STEPS)}, the steps that lowered the error in bench/RESULTS.md)")
    cache = p.add_mutually_exclusive_group()
    cache.add_argument("--cache", metavar="PATH", help="OCR page cache (SQLite file)")
    cache.add_argument("--no-cache", action="store_true", help="do not read or write the OCR cache")
    p.add_argument("--template", default="bma_progress_report", metavar="NAME|FILE",
                   help="form template (built-in name or a .toml file)")
    p.add_argument("--no-report", action="store_true",
                   help="do not write the review page report.html to the --out folder")
    p.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (see ExitCode)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.dpi < 50:
        parser.error("--dpi must be at least 50")
    try:
        steps = parse_steps(args.preprocess)
    except ValueError as exc:
        parser.error(f"--preprocess: {exc}")
    options = Options(
        template=args.template,
        dictionaries=args.dicts,
        jobs=args.jobs or os.cpu_count() or 1,
        lang=args.lang,
        dpi=args.dpi,
        preprocess=steps,
        cache=args.cache,
        use_cache=not args.no_cache,
        corrections=args.corrections,
        learn=args.learn,
        report=not args.no_report,
        progress=not args.quiet and sys.stderr.isatty(),
    )
    try:
        result = reconcile(args.inputs, out=args.out, options=options)
    except PipelineError as exc:
        print(f"thai-ocr-reconcile: {exc}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("thai-ocr-reconcile: interrupted", file=sys.stderr)
        return 130
    for warning in result.warnings:
        print(f"thai-ocr-reconcile: warning: {warning}", file=sys.stderr)
    for wrong, right in result.learned:
        print(f"learned: {wrong} -> {right} (added to {args.learn})", file=sys.stderr)
    if not args.quiet:
        review = int(result.documents["needs_review"].sum()) if len(result.documents) else 0
        if result.ocr.pages:
            print(f"OCR: {result.ocr.pages} pages ({result.ocr.cached} from cache, {result.ocr.failed} failed)", file=sys.stderr)
        print(
            f"{result.n_inputs} inputs, {result.n_witnesses} copies, {len(result.documents)} reports "
            f"({review} need review), {len(result.progress_reports)} progress rows, "
            f"{len(result.failures)} failures -> {args.out}",
            file=sys.stderr,
        )
        for row in result.failures.itertuples():
            print(f"  failed: {row.error}", file=sys.stderr)
    return int(result.exit_code)


if __name__ == "__main__":
    sys.exit(main())
