"""The public Python API: `reconcile(inputs, ...)` returns the output tables as DataFrames.

`cli.py` is a thin shell around this; anything a script can do with the command line it
can do here, and more (the reconciled documents themselves are on the Result).

Pages stream from ingest into segmentation: no page image reaches this process (OCR
workers send back text only) and pages are not gathered before they are split into
copies. With `executor="dask"` (or a `scheduler` address) OCR pages and the
reconciliation of each report run on a Dask cluster; the tables are the same, byte for
byte, as on the local process pool, because every result is put back in input order.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .cache import DEFAULT_PATH as DEFAULT_CACHE
from .corrections import apply_corrections, learn, load_corrections
from .crops import DEFAULT_MAX_PAGES as DEFAULT_CROP_PAGES
from .crops import CropResult, make_crops
from .dictionary import Dictionary, load_dictionaries
from .document import FieldVoter, reconcile_group
from .errors import ExitCode, InputError, MissingDependencyError, UsageError
from .executor import Executor, make_executor
from .export import TableWriter, tables
from .extract import extract
from .group import group_witnesses
from .ingest import find_inputs, is_scan, read_text_file
from .model import DocumentGroup, Failure, Line, Page, ReconciledDocument, WitnessRecord
from .ocr import DEFAULT_PAGE_TIMEOUT, OcrSettings, OcrStats, ocr_pages
from .preprocess import DEFAULT_STEPS
from .review import render_review, review_order, write_review
from .segment import iter_witnesses
from .spill import RecordSpill
from .template import DEFAULT_TEMPLATE, Template, load_template
from .tesseract import tesseract_version


@dataclass
class Options:
    """Run settings shared by the API and the CLI (OCR settings apply to scanned inputs).

    `keep_tables=False` (the CLI's choice) keeps memory bounded on a large archive: the
    tables are written to the --out folder batch by batch and not returned whole.
    `crop_pages` caps the scanned pages rasterised per run for the review page's crops
    (0: no crops; see pipeline.crops).
    """

    template: str = DEFAULT_TEMPLATE
    dictionaries: Sequence[str | Path] = ()
    jobs: int | None = None
    lang: str = "tha+eng"
    dpi: int = 300
    preprocess: Sequence[str] = DEFAULT_STEPS
    cache: str | Path | None = None
    use_cache: bool = True
    progress: bool = False
    corrections: str | Path | None = None
    learn: str | Path | None = None
    report: bool = True
    executor: str = "local"
    scheduler: str | None = None
    page_timeout: float = DEFAULT_PAGE_TIMEOUT
    raw_csv: bool = False
    keep_tables: bool = True
    crop_pages: int = DEFAULT_CROP_PAGES


@dataclass
class Result:
    """What a run produced: the four tables, the documents behind them, and the failures."""

    documents: pd.DataFrame
    progress_reports: pd.DataFrame
    variants: pd.DataFrame
    failures: pd.DataFrame
    reconciled: list[ReconciledDocument] = field(repr=False)
    n_inputs: int = 0
    n_witnesses: int = 0
    ocr: OcrStats = field(default_factory=OcrStats)
    written: dict[str, Path] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    learned: list[tuple[str, str]] = field(default_factory=list)
    n_documents: int = 0
    n_documents_to_review: int = 0
    n_progress_reports: int = 0
    crops: CropResult = field(default_factory=CropResult)

    @property
    def exit_code(self) -> ExitCode:
        """0 when every input was used, 2 when some failed (outputs are still complete)."""
        return ExitCode.SOME_INPUTS_FAILED if len(self.failures) else ExitCode.OK


def _tesseract_version(options: Options, executor: Executor | None) -> str:
    """Check Tesseract and the language packs where the pages will be read; return its version.

    On a Dask cluster that is every worker (this machine need not have Tesseract), and
    all of them must run the same version, which is part of the page cache key.
    """
    if executor is None or not executor.remote:
        return tesseract_version(options.lang)
    found = executor.client.run(tesseract_version, options.lang, on_error="return")
    for worker, version in sorted(found.items()):
        if isinstance(version, MissingDependencyError):
            raise MissingDependencyError(f"on Dask worker {worker}: {version}")
        if isinstance(version, ImportError):
            raise MissingDependencyError(f"on Dask worker {worker}: {version}; install this package and its "
                                         "dependencies there (the same versions as here)")
        if isinstance(version, BaseException):
            raise MissingDependencyError(f"on Dask worker {worker}: cannot run Tesseract ({version}); "
                                         "install tesseract-ocr and tesseract-ocr-tha there")
    versions = sorted(set(found.values()))
    if len(versions) > 1:
        raise MissingDependencyError(f"the Dask workers run different Tesseract versions ({', '.join(versions)}); "
                                     "install the same version on every worker")
    return versions[0]


def iter_pages(
    paths: Sequence[Path], options: Options, stats: OcrStats | None = None, executor: Executor | None = None,
) -> Iterator[Page | InputError]:
    """Yield every page of every input in order, or the InputError that stopped it.

    Runs of scanned inputs go to the OCR front end together, so their pages share one
    worker pool (or `executor`); Tesseract is checked (exit status 3 if missing) only
    when a scan is there.
    """
    settings: OcrSettings | None = None
    for is_scanned, run in itertools.groupby(paths, key=is_scan):
        run = list(run)
        if not is_scanned:
            for path in run:
                try:
                    yield read_text_file(path)
                except InputError as exc:
                    yield exc
            continue
        if settings is None:
            settings = OcrSettings(lang=options.lang, dpi=options.dpi, tesseract=_tesseract_version(options, executor),
                                   preprocess=tuple(options.preprocess))
        yield from ocr_pages(
            run, settings, options.jobs or os.cpu_count() or 1, _cache_path(options), options.progress, stats,
            executor=executor, page_timeout=options.page_timeout,
        )


def _crops(docs: Sequence[ReconciledDocument], options: Options, executor: Executor, stats: OcrStats) -> CropResult:
    """Return the review page's crops of the scans; whatever goes wrong making them (a full
    disk under the cache, a worker lost) costs the crops and a warning, never the run,
    whose tables are already written."""
    try:
        return make_crops(docs, options.dpi, executor, _cache_path(options), options.crop_pages,
                          timeout=options.page_timeout or 0.0, read_digests=stats.digests)
    except Exception as exc:  # crops only illustrate the page
        return CropResult(warnings=[f"review page: no crops of the scans ({type(exc).__name__}: {exc})"])


def _cache_path(options: Options) -> Path | None:
    """Return the page cache's file, or None when the run uses no cache."""
    if not options.use_cache:
        return None
    return Path(options.cache) if options.cache else DEFAULT_CACHE


def _has_thai(text: str) -> bool:
    return any("\u0e01" <= ch <= "\u0e5b" for ch in text)


def _unread_source(source: str, n_lines: int, n_thai: int, template: Template) -> str:
    """Why a source gave no copy of the report, in words a person can act on."""
    if n_lines == 0:
        if is_scan(Path(source)):
            return f"{source}: no text found: a blank page, or print too faint to read; check the scan"
        return f"{source}: file holds no text"
    if n_thai == 0:
        lang = " (or it was read with a --lang without tha)" if is_scan(Path(source)) else ""
        return (f"{source}: no Thai text found ({n_lines} lines read, none of them Thai): not a Thai progress "
                f"report{lang}")
    return (f"{source}: no copy of the report found: none of the form's section headings "
            f"({template.sections[0].number} {template.sections[0].heading} ...) was recognised")


def read_witnesses(
    pages: Iterable[Page | InputError], template: Template,
    keep: Callable[[WitnessRecord], WitnessRecord] | None = None,
) -> tuple[list[WitnessRecord], list[Failure]]:
    """Return the witness records found in a stream of pages, and the failures met on the way.

    `keep`, when given, receives each usable record and returns what to hold instead (the
    CLI spills records to disk and holds their grouping views: spill.RecordSpill.add).

    Pages are read as one stream, so a copy may run on from one file into the next. They
    are not gathered first: each page's lines go straight to segmentation, each copy is
    read as soon as it ends, and only its readings outlive it.
    """
    failures: list[Failure] = []
    seen: dict[str, list[int]] = {}  # source -> [lines, Thai lines]

    def lines() -> Iterator[Line]:
        for item in pages:
            if isinstance(item, InputError):
                failures.append(Failure(item.source, item.page, item.stage, str(item)))
                continue
            counts = seen.setdefault(item.source, [0, 0])
            counts[0] += len(item.lines)
            counts[1] += sum(1 for ln in item.lines if _has_thai(ln.text))
            yield from item.lines

    touched: set[str] = set()
    usable, unmatchable = [], []
    for witness in iter_witnesses(lines(), template):
        touched.add(witness.source)
        touched.update(ln.where.source for sec in witness.sections.values() for ln in sec)
        rec = extract(witness, template)
        if "project_code" in rec.fields or "project_name" in rec.fields:
            usable.append(keep(rec) if keep is not None else rec)
        else:
            unmatchable.append(
                Failure(rec.witness.source, rec.witness.start.page, "group",
                        f"{rec.witness.start}: copy {rec.id} has neither a readable project code nor a "
                        "project name, so it cannot be matched to a report")
            )
    for source, (n_lines, n_thai) in seen.items():
        if source not in touched:
            failures.append(Failure(source, None, "segment", _unread_source(source, n_lines, n_thai, template)))
    failures += unmatchable
    return usable, failures


def reconcile_task(voter: FieldVoter, job: tuple[DocumentGroup, str]) -> ReconciledDocument:
    """Reconcile one report (a task for a Dask worker; `voter` is sent to each worker once)."""
    group, doc_id = job
    return reconcile_group(group, voter, doc_id)


def document_jobs(records: Sequence[WitnessRecord]) -> list[tuple[DocumentGroup, str]]:
    """Return the groups of copies that make one report each, with unique doc_ids."""
    jobs = []
    seen: dict[str, int] = {}
    for group in group_witnesses(records):
        seen[group.key] = seen.get(group.key, 0) + 1
        jobs.append((group, group.key if seen[group.key] == 1 else f"{group.key}~{seen[group.key]}"))
    return jobs


def reconcile_jobs(
    jobs: Sequence[tuple[DocumentGroup, str]], voter: FieldVoter, executor: Executor | None = None,
) -> list[ReconciledDocument]:
    """Return the reconciled document of each job, in order.

    On a Dask `executor` each report is reconciled by a worker; a report whose task fails
    there (a worker lost) is done here.
    """
    if executor is None or not executor.remote:
        return [reconcile_task(voter, job) for job in jobs]
    shared = executor.share(voter)
    return [out.value if out.error is None else reconcile_task(voter, out.item)
            for out in executor.imap(reconcile_task, list(jobs), const=shared)]


def reconcile_records(
    records: Sequence[WitnessRecord], template: Template, dictionary: Dictionary, executor: Executor | None = None,
) -> list[ReconciledDocument]:
    """Return one reconciled document per group of witnesses, with unique doc_ids."""
    return reconcile_jobs(document_jobs(records), FieldVoter(template, dictionary), executor)


BATCH_DOCUMENTS = 200
REVIEW_DOCUMENTS = 1000


@dataclass
class _Batches:
    """What reconciling batch by batch leaves behind: counts, and what is kept whole."""

    n_documents: int = 0
    n_review: int = 0
    n_reports: int = 0
    doc_ids: set[str] = field(default_factory=set)
    learned: list[tuple[str, str]] = field(default_factory=list)
    docs: list[ReconciledDocument] = field(default_factory=list)
    review_docs: list[ReconciledDocument] = field(default_factory=list)
    kept: list[dict[str, pd.DataFrame]] = field(default_factory=list)

    def frames(self) -> dict[str, pd.DataFrame]:
        """The kept tables, joined (empty tables with the contract's columns if none)."""
        empty = tables([], [])
        return {name: pd.concat([k[name] for k in self.kept], ignore_index=True) if self.kept else empty[name]
                for name in ("documents", "progress_reports", "variants")}


def _reconcile_in_batches(
    jobs: Sequence[tuple[DocumentGroup, str]], spill: RecordSpill, voter: FieldVoter, executor: Executor | None,
    options: Options, corrections: Sequence, writer: TableWriter | None,
) -> _Batches:
    """Reconcile the reports BATCH_DOCUMENTS at a time, each batch's copies read back from
    the spill and its rows written out before the next, so memory holds one batch (plus
    what options.keep_tables keeps and the first REVIEW_DOCUMENTS reports for the page)."""
    run = _Batches()
    for start in range(0, len(jobs), BATCH_DOCUMENTS):
        batch = [(spill.restore(group), doc_id) for group, doc_id in jobs[start:start + BATCH_DOCUMENTS]]
        docs = reconcile_jobs(batch, voter, executor)
        if corrections:
            docs, _ = apply_corrections(docs, corrections)
        if options.learn:
            run.learned += learn(docs, options.learn)
        frames = tables(docs, [])
        run.doc_ids.update(d.doc_id for d in docs)
        run.n_documents += len(docs)
        run.n_review += int(frames["documents"]["needs_review"].sum())
        run.n_reports += len(frames["progress_reports"])
        run.review_docs += docs[:max(0, REVIEW_DOCUMENTS - len(run.review_docs))]
        if writer is not None:
            writer.append({k: frames[k] for k in ("documents", "progress_reports", "variants")})
        if options.keep_tables:
            run.docs += docs
            run.kept.append(frames)
    return run


def reconcile(
    inputs: Iterable[str | Path], out: str | Path | None = None, options: Options | None = None, **kwargs
) -> Result:
    """Reconcile every report found in `inputs` (files or folders) and return the tables.

    When `out` is given the four CSV files are written there too, and the review page
    report.html unless options.report is False. Keyword arguments are
    Options fields (template, dictionaries, jobs, lang, dpi, preprocess, cache, use_cache,
    progress, corrections, learn, report, executor, scheduler, page_timeout, raw_csv,
    keep_tables, crop_pages).
    Raises UsageError for bad arguments; a bad input file only adds a failure row.
    """
    options = options or Options(**kwargs)
    if options.executor not in ("local", "dask"):
        raise UsageError(f"unknown executor {options.executor!r}; expected local or dask")
    if options.page_timeout is not None and options.page_timeout < 0:
        raise UsageError("the page timeout must be 0 (no limit) or more seconds")
    if options.crop_pages < 0:
        raise UsageError("crop_pages must be 0 (no crops) or more pages")
    template = load_template(options.template)
    learned_dict = [options.learn] if options.learn and Path(options.learn).is_file() else []
    dictionary = load_dictionaries([*options.dictionaries, *learned_dict])
    corrections = load_corrections(options.corrections) if options.corrections else []
    paths = find_inputs(inputs)
    ocr_stats = OcrStats()
    jobs = options.jobs or os.cpu_count() or 1
    with make_executor(options.executor, jobs, options.scheduler) as executor, RecordSpill() as spill:
        views, failures = read_witnesses(iter_pages(paths, options, ocr_stats, executor), template, keep=spill.add)
        writer = TableWriter(Path(out), options.raw_csv) if out is not None else None
        try:
            run = _reconcile_in_batches(document_jobs(views), spill, FieldVoter(template, dictionary), executor,
                                        options, corrections, writer)
            failure_rows = tables([], failures)["failures"]
            if writer is not None:
                writer.append({"failures": failure_rows})
                written = writer.commit()
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
        review_docs = review_order(run.review_docs)
        with_crops = out is not None and options.report and options.crop_pages > 0
        crops = _crops(review_docs, options, executor, ocr_stats) if with_crops else CropResult()
    warnings = [f"corrections {options.corrections}, line {c.line}: no report with doc_id {c.doc_id!r} "
                "in this run; the correction was not used" for c in corrections if c.doc_id not in run.doc_ids]
    warnings += crops.warnings
    frames = run.frames()
    result = Result(
        documents=frames["documents"],
        progress_reports=frames["progress_reports"],
        variants=frames["variants"],
        failures=failure_rows,
        reconciled=run.docs,
        n_inputs=len(paths),
        n_witnesses=len(views),
        ocr=ocr_stats,
        warnings=warnings,
        learned=run.learned,
        n_documents=run.n_documents,
        n_documents_to_review=run.n_review,
        n_progress_reports=run.n_reports,
        crops=crops,
    )
    if out is not None:
        result.written = written
        if options.report:
            html = render_review(review_docs, failures, {v.id: v for v in views}, crops.uris,
                                 omitted=run.n_documents - len(run.review_docs), tokenize=dictionary.tokens)
            result.written["report"] = write_review(html, Path(out) / "report.html")
    return result
