"""One run of the pipeline, stage by stage: read the inputs' pages (OCR where needed),
split them into copies and read each, group the copies of each report, reconcile the
reports batch by batch into the output tables, and make the review page.

Pages stream from ingest into segmentation: no page image reaches this process (OCR
workers send back text only) and pages are not gathered before they are split into
copies. With a Dask executor OCR pages and the reconciliation of each report run on the
cluster; the tables are the same, byte for byte, as on the local process pool, because
every result is put back in input order. pipeline.api is the public face of this module.
"""

from __future__ import annotations

import functools
import itertools
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import DEFAULT_PATH as DEFAULT_CACHE
from .cache import check_cache
from .batches import ReviewShortlist, batch_results, fewer_collections, reconcile_jobs
from .copies import read_witnesses
from .corrections import Correction, check_learn_file, learn, load_corrections
from .crops import CropResult, make_crops
from .dictionary import Dictionary, load_dictionaries
from .document import FieldVoter
from .errors import ExitCode, InputError
from .executor import Executor
from .executor_choice import check_executor, make_executor
from .export import Row, TableWriter, check_out_dir, checked_columns, table_columns, table_rows
from .group import group_witnesses
from .line_end_spacing import archive_spacing
from .ingest import (DUPLICATE, NO_TEXT, drop_pages_of_no_text, drop_repeated_pages, find_inputs, is_scan,
                     read_text_file, unique_files)
from .model import PAGE_NOTE_STAGES, DocumentGroup, Failure, Page, ReconciledDocument, WitnessRecord
from .ocr import OcrSettings, OcrStats, ocr_pages
from .tesseract import tesseract_version_where_read
from .options import Options
from .review import render_review, write_review
from .spill import RecordSpill
from .template import Template, load_template
from .text_layer import STAGE as TEXT_LAYER, pages_with_text_layers

if TYPE_CHECKING:
    import pandas as pd

BATCH_DOCUMENTS = 200
REVIEW_DOCUMENTS = 1000
PRINTED_SHARE = 0.5  # of the archive's reports that read a field, for its forms to print it (archive_fields)
MARKED_MIN_COPIES = 2  # copies that read a phrase with "ฯ" for the archive's print to mark it (archive_marked_phrases)
TABLES = ("documents", "progress_reports", "variants")
WARNED = (DUPLICATE, "order", TEXT_LAYER, NO_TEXT, *PAGE_NOTE_STAGES)  # stages also given as warnings
logger = logging.getLogger(__name__)


@dataclass
class Result:
    """What a run produced: the four tables, the documents behind them, and the failures.

    The tables are typed DataFrames made from their rows on first use (`documents`,
    `progress_reports`, `variants`, `failures`), so that only a caller that reads them
    imports pandas: the command line, which wrote the CSV files batch by batch, prints
    the failures from `failed`, and a re-run with every page cached spends no third of a
    second importing pandas for tables it never reads."""

    rows: dict[str, list[Row]] = field(repr=False, compare=False)
    columns: dict[str, list[str]] = field(repr=False, compare=False)
    template: Template = field(repr=False, compare=False)
    failed: list[Failure] = field(repr=False)
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

    @functools.cached_property
    def _frames(self) -> dict[str, pd.DataFrame]:
        """The tables, typed as read back from the run's CSV files (load.typed_tables)."""
        from .load import typed_tables

        return typed_tables(self.rows, self.columns, self.template)

    @property
    def documents(self) -> pd.DataFrame:
        return self._frames["documents"]

    @property
    def progress_reports(self) -> pd.DataFrame:
        return self._frames["progress_reports"]

    @property
    def variants(self) -> pd.DataFrame:
        return self._frames["variants"]

    @property
    def failures(self) -> pd.DataFrame:
        """failures.csv: `failed` as a table."""
        return self._frames["failures"]

    @property
    def n_notes(self) -> int:
        """The failures table's notes about inputs that were used (model.NOTE_STAGES: pages
        reordered, turned, upscaled, section-2 text left out of a copy that was read)."""
        return sum(f.is_note for f in self.failed)

    @property
    def n_failures(self) -> int:
        """The failures table's rows of inputs, pages or copies that could not be used
        (or repeated another)."""
        return len(self.failed) - self.n_notes

    @property
    def exit_code(self) -> ExitCode:
        """0 when every input was used, 2 when some input or page failed or repeated
        another (outputs are still complete); notes alone leave it 0."""
        return ExitCode.SOME_INPUTS_FAILED if self.n_failures else ExitCode.OK


def iter_pages(
    paths: Sequence[Path], options: Options, stats: OcrStats | None = None, executor: Executor | None = None,
    when_idle: Callable[[], Any] | None = None,
) -> Iterator[Page | InputError]:
    """Yield every page of every input in order, or the InputError that stopped it.

    Runs of scanned inputs go to the OCR front end together, so their pages share one
    worker pool (or `executor`); Tesseract is checked (exit status 3 if missing) only
    when a page needs OCR. With options.text_layer "use", PDF pages with a usable text
    layer are read from it instead (pipeline.text_layer). `when_idle`: work the OCR pool
    may run while its last pages are read (ocr_pages).
    """
    settings: OcrSettings | None = None
    for is_scanned, same_kind in itertools.groupby(paths, key=is_scan):
        same_kind = list(same_kind)
        if not is_scanned:
            for path in same_kind:
                try:
                    page = read_text_file(path)
                except InputError as exc:
                    yield exc
                    continue
                logger.info("%s: text, %d lines with text, read as %d cells (a table row's cells apart; no OCR)",
                            path, len({line.where.line for line in page.lines}), len(page.lines))
                yield page
            continue

        def ocr(files: list[Path]) -> Iterator[Page | InputError]:
            nonlocal settings
            if settings is None:
                settings = OcrSettings(lang=options.lang, dpi=options.dpi, preprocess=tuple(options.preprocess),
                                       tesseract=tesseract_version_where_read(options.lang, executor))
            logger.info("%d scanned file(s) to OCR from %s on: Tesseract %s, --lang %s, %d dpi, preprocessing %s",
                        len(files), files[0], settings.tesseract, settings.lang, settings.dpi,
                        ",".join(settings.preprocess) or "none")
            return ocr_pages(files, settings, options.workers, _cache_path(options), options.progress, stats,
                             executor=executor, page_timeout=options.page_timeout, when_idle=when_idle)

        yield from pages_with_text_layers(same_kind, options.text_layer, ocr)


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


def _voter(template: Template, dictionary: Dictionary, options: Options) -> FieldVoter:
    """Return the run's voter; its language model is kept beside the page cache."""
    cache = _cache_path(options)
    return FieldVoter(template, dictionary, options.use_lm, cache.parent if cache is not None else None)


def _ready_for_the_end(voter: FieldVoter, use_lm: bool) -> None:
    """Do what the end of the run needs and no page decides: read or build the voter's
    language model. It runs while the OCR pool reads the last pages (a core is idle then)."""
    if use_lm:
        voter.corrector  # made on first use, then kept


def document_jobs(
    records: Sequence[WitnessRecord], template: Template | None = None, spill: RecordSpill | None = None,
) -> list[tuple[DocumentGroup, str]]:
    """Return the groups of copies that make one report each, by `template`'s grouping
    fields (None: the default template's), with unique doc_ids. Where `records` are
    grouping views, `spill` holds the whole records (what grouping reads beyond them)."""
    jobs = []
    seen: dict[str, int] = {}
    for group in group_witnesses(records, template.grouping if template is not None else None,
                                 spill.records if spill is not None else None):
        seen[group.key] = seen.get(group.key, 0) + 1
        jobs.append((group, group.key if seen[group.key] == 1 else f"{group.key}~{seen[group.key]}"))
    return jobs


def reconcile_records(
    records: Sequence[WitnessRecord], template: Template, dictionary: Dictionary, executor: Executor | None = None,
    use_lm: bool = True,
) -> list[ReconciledDocument]:
    """Return one reconciled document per group of witnesses, with unique doc_ids."""
    voter = FieldVoter(template, dictionary, use_lm)
    learn_archive(voter, records)
    return reconcile_jobs(document_jobs(records, template), voter, executor)


def learn_archive(voter: FieldVoter, records: Sequence[WitnessRecord], spill: RecordSpill | None = None) -> None:
    """Tell `voter` what the archive as a whole shows, once every copy (`records`, or
    their grouping views with the records in `spill`) is read and before any report is
    voted: whether its prints break lines between words (archive_breaks_words), what its
    forms print (archive_fields), which phrases its prints end with PAIYANNOI
    (archive_marked_phrases) and how its lines set the words either side of its copies'
    line ends (line_end_spacing.archive_spacing, read from the spill when there is one)."""
    voter.archive_breaks_words = archive_breaks_words(records)
    voter.archive_fields = archive_fields(records, voter.template.grouping.key)
    voter.archive_marked_phrases = archive_marked_phrases(records)
    if spill is None:
        voter.archive_spacing = archive_spacing((end for rec in records for end in rec.line_ends()),
                                                (rec.line_texts for rec in records))
    else:
        voter.archive_spacing = archive_spacing(spill.line_ends(), spill.line_texts())


def archive_fields(records: Sequence[WitnessRecord], key: str) -> frozenset[str]:
    """Return the names of the document fields and progress-report cells that some copy
    of at least PRINTED_SHARE of the archive's reports read (WitnessRecord.read_names;
    a report told by its grouping `key` field as read, a copy that has none standing for
    itself): what its forms print. A field no copy of a report read is flagged as lost
    only where the archive shows its forms print it (document.missing_fields); one its
    forms leave out (a line a form prints only where the plan has it, a form of another
    year) is no loss. Reports count, not copies: one report scanned many times says no
    more of the form than once."""
    by_report: dict[object, set[str]] = {}
    for rec in records:
        report = rec.fields[key].value if key in rec.fields else rec.id
        by_report.setdefault(report, set()).update(rec.read_names())
    read = Counter(name for names in by_report.values() for name in names)
    return frozenset(name for name, n in read.items() if n >= PRINTED_SHARE * len(by_report))


def archive_marked_phrases(records: Sequence[WitnessRecord]) -> frozenset[str]:
    """Return the phrases (runs of Thai) MARKED_MIN_COPIES copies of the archive or more
    read with PAIYANNOI after them ("ขออนุมัติโครงการ" of "ขออนุมัติโครงการฯ"; one copy's
    slip is no print): a text that ends with such a phrase without the mark, where a copy
    read the mark or a glyph alone after it, or that ends with the phrase and "ๆ", may
    have lost a mark the print carried onto the next line (document.doubt_carried_mark);
    after any other phrase a glyph is a speck."""
    counts = Counter(phrase for rec in records for phrase in rec.marked_phrases)
    return frozenset(phrase for phrase, n in counts.items() if n >= MARKED_MIN_COPIES)


def archive_breaks_words(records: Sequence[WitnessRecord]) -> bool:
    """True when more copies of the archive show a print that breaks lines between words
    than one that breaks them only at spaces (WitnessRecord.line_breaks): a copy that
    shows neither is then taken to break between words too. An archive's reports come
    from one office's word processor more often than not, and a short copy may wrap too
    few lines to show its own."""
    shown = Counter(rec.line_breaks for rec in records)
    return shown["words"] > shown["spaces"]


@dataclass
class _Batches:
    """What reconciling batch by batch leaves behind: counts, and what is kept whole."""

    n_documents: int = 0
    n_review: int = 0
    n_reports: int = 0
    doc_ids: set[str] = field(default_factory=set)
    learned: list[tuple[str, str]] = field(default_factory=list)
    docs: list[ReconciledDocument] = field(default_factory=list)
    shortlist: ReviewShortlist = field(default_factory=lambda: ReviewShortlist(REVIEW_DOCUMENTS))
    kept: dict[str, list[Row]] = field(default_factory=lambda: {name: [] for name in TABLES})

    @property
    def review_docs(self) -> list[ReconciledDocument]:
        """The REVIEW_DOCUMENTS reports most needing review, for the page, in its order."""
        return self.shortlist.documents()


@fewer_collections
def _reconcile_in_batches(
    jobs: Sequence[tuple[DocumentGroup, str]], spill: RecordSpill, voter: FieldVoter, executor: Executor | None,
    options: Options, corrections: Sequence[Correction], writer: TableWriter | None,
) -> _Batches:
    """Reconcile the reports BATCH_DOCUMENTS at a time (pipeline.batches: in the local pool
    when there is one), each batch's rows written out before the next, so memory holds a
    few batches (plus what options.keep_tables keeps and the REVIEW_DOCUMENTS reports most
    needing review, for the page)."""
    batches = _Batches(shortlist=ReviewShortlist(REVIEW_DOCUMENTS))
    where = " on the Dask cluster" if executor is not None and executor.remote else ""
    keep_all = options.learn or options.keep_tables
    cutoff = (lambda: None) if keep_all else batches.shortlist.cutoff
    for result in batch_results(jobs, spill, voter, executor, corrections, BATCH_DOCUMENTS, cutoff):
        logger.info("reconciling reports %d to %d of %d%s", batches.n_documents + 1,
                    batches.n_documents + len(result.doc_ids), len(jobs), where)
        for doc_id, copies, n in zip(result.doc_ids, result.copies, result.to_review):
            logger.info("report %s: %d copies, %d values need review", doc_id, copies, n)
        docs = result.documents() if options.learn or options.keep_tables else []
        if options.learn:
            batches.learned += learn(docs, options.learn)
        batches.doc_ids.update(result.doc_ids)
        batches.n_documents += len(result.doc_ids)
        batches.n_review += result.n_review
        batches.n_reports += len(result.rows["progress_reports"])
        batches.shortlist.add(result)
        if writer is not None:
            writer.append_rows({k: result.rows[k] for k in TABLES})
        if options.keep_tables:
            batches.docs += docs
            for name in TABLES:
                batches.kept[name] += result.rows[name]
    return batches


def _write_tables(
    jobs: Sequence[tuple[DocumentGroup, str]], spill: RecordSpill, voter: FieldVoter, executor: Executor,
    options: Options, corrections: Sequence[Correction], failures: Sequence[Failure], out: Path | None,
) -> tuple[_Batches, list[Row], dict[str, Path]]:
    """Reconcile every report and write the four tables to `out` (when given) as one
    atomic publish; return the batches' record, the failures table's rows and the files written.
    A run that stops half-way (Ctrl-C) leaves the previous outputs as they were."""
    writer = TableWriter(out, options.raw_csv, template=voter.template) if out is not None else None
    try:
        batches = _reconcile_in_batches(jobs, spill, voter, executor, options, corrections, writer)
        failure_rows = table_rows([], failures, voter.template)["failures"]
        if writer is None:
            return batches, failure_rows, {}
        writer.append_rows({"failures": failure_rows})
        return batches, failure_rows, writer.commit()
    except BaseException:
        if writer is not None:
            writer.abort()
        raise


def _unused_corrections(corrections: Sequence[Correction], options: Options, doc_ids: set[str]) -> list[str]:
    """Return a warning for each correction whose report is not in this run."""
    return [f"corrections {options.corrections}, line {c.line}: no report with doc_id {c.doc_id!r} "
            "in this run; the correction was not used" for c in corrections if c.doc_id not in doc_ids]


def run(inputs: Iterable[str | Path], out: Path | None, options: Options) -> Result:
    """Run the pipeline on `inputs` (files or folders) with `options`; return the Result.

    The tables and, unless options.report is False, the review page report.html are
    written to `out` when it is given. Raises UsageError for bad arguments; a bad input
    file only adds a failure row.
    """
    template = load_template(options.template)
    checked_columns(template, str(options.template) if options.template else "")
    learned_dict = [options.learn] if options.learn and Path(options.learn).is_file() else []
    dictionary = load_dictionaries([*options.dictionaries, *learned_dict])
    corrections = load_corrections(options.corrections, template) if options.corrections else []
    paths, repeated = unique_files(find_inputs(inputs))
    check_executor(options.executor, options.scheduler)
    if out is not None:
        check_out_dir(Path(out))
    if options.learn:
        check_learn_file(options.learn)
    cache = _cache_path(options)
    if cache is not None and any(map(is_scan, paths)):
        check_cache(cache)
    ocr_stats = OcrStats()
    voter = _voter(template, dictionary, options)
    ready = functools.partial(_ready_for_the_end, voter, options.use_lm)
    with make_executor(options.executor, options.workers, options.scheduler) as executor, RecordSpill() as spill:
        pages = drop_pages_of_no_text(drop_repeated_pages(iter_pages(paths, options, ocr_stats, executor, ready),
                                                          repeated), dictionary.known_share)
        views, failures = read_witnesses(pages, template, spill, executor)
        learn_archive(voter, views, spill)
        batches, failure_rows, written = _write_tables(document_jobs(views, template, spill), spill, voter,
                                                       executor, options, corrections, failures, out)
        with_crops = out is not None and options.report and options.crop_pages > 0
        crops = _crops(batches.review_docs, options, executor, ocr_stats) if with_crops else CropResult()
    result = Result(
        {**batches.kept, "failures": failure_rows}, table_columns(template), template, failures,
        reconciled=batches.docs, n_inputs=len(paths), n_witnesses=len(views), ocr=ocr_stats,
        written=written, warnings=[*dictionary.warnings, *_unused_corrections(corrections, options, batches.doc_ids),
                  *(f.error for f in failures if f.stage in WARNED), *crops.warnings],
        learned=batches.learned, n_documents=batches.n_documents, n_documents_to_review=batches.n_review,
        n_progress_reports=batches.n_reports, crops=crops,
    )
    if out is not None and options.report:
        html = render_review(batches.review_docs, failures, {v.id: v for v in views}, crops.uris,
                             omitted=batches.n_documents - len(batches.review_docs), tokenize=dictionary.tokens)
        result.written["report"] = write_review(html, out / "report.html")
    return result
