"""The public Python API: `reconcile(inputs, ...)` returns the output tables as DataFrames.

`cli.py` is a thin shell around this; anything a script can do with the command line it
can do here, and more (the reconciled documents themselves are on the Result).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .cache import DEFAULT_PATH as DEFAULT_CACHE
from .corrections import apply_corrections, learn, load_corrections
from .dictionary import Dictionary, load_dictionaries
from .document import FieldVoter, reconcile_group
from .errors import ExitCode, InputError
from .export import tables, write_outputs
from .extract import extract
from .group import group_witnesses
from .ingest import find_inputs, is_scan, read_text_file
from .model import Failure, Line, Page, ReconciledDocument, WitnessRecord
from .ocr import OcrSettings, OcrStats, ocr_pages, tesseract_version
from .preprocess import DEFAULT_STEPS
from .review import render_review, write_review
from .segment import split_witnesses
from .template import DEFAULT_TEMPLATE, Template, load_template


@dataclass
class Options:
    """Run settings shared by the API and the CLI (OCR settings apply to scanned inputs)."""

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

    @property
    def exit_code(self) -> ExitCode:
        """0 when every input was used, 2 when some failed (outputs are still complete)."""
        return ExitCode.SOME_INPUTS_FAILED if len(self.failures) else ExitCode.OK


def iter_pages(paths: Sequence[Path], options: Options, stats: OcrStats | None = None) -> Iterator[Page | InputError]:
    """Yield every page of every input in order, or the InputError that stopped it.

    Runs of scanned inputs go to the OCR front end together, so their pages share one
    worker pool; Tesseract is checked (exit status 3 if missing) only when a scan is there.
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
            settings = OcrSettings(lang=options.lang, dpi=options.dpi, tesseract=tesseract_version(options.lang),
                                   preprocess=tuple(options.preprocess))
        cache_path = Path(options.cache) if options.cache else DEFAULT_CACHE
        yield from ocr_pages(
            run, settings, options.jobs or os.cpu_count() or 1,
            cache_path if options.use_cache else None, options.progress, stats,
        )


def read_witnesses(
    pages: Iterable[Page | InputError], template: Template
) -> tuple[list[WitnessRecord], list[Failure]]:
    """Return the witness records found in a stream of pages, and the failures met on the way.

    Pages are read as one stream, so a copy may run on from one file into the next.
    """
    failures: list[Failure] = []
    lines: list[Line] = []
    sources: list[str] = []
    for item in pages:
        if isinstance(item, InputError):
            failures.append(Failure(item.source, item.page, item.stage, str(item)))
            continue
        lines.extend(item.lines)
        if item.source not in sources:
            sources.append(item.source)
    witnesses = split_witnesses(lines, template)
    started = {w.source for w in witnesses}
    touched = {ln.where.source for w in witnesses for sec in w.sections.values() for ln in sec}
    for source in sources:
        if source not in started and source not in touched:
            failures.append(
                Failure(source, None, "segment",
                        f"{source}: no copy of the report found: none of the form's section headings "
                        f"({template.sections[0].number} {template.sections[0].heading} ...) was recognised")
            )
    records = [extract(w, template) for w in witnesses]
    usable = []
    for rec in records:
        if "project_code" in rec.fields or "project_name" in rec.fields:
            usable.append(rec)
        else:
            failures.append(
                Failure(rec.witness.source, rec.witness.start.page, "group",
                        f"{rec.witness.start}: copy {rec.id} has neither a readable project code nor a "
                        "project name, so it cannot be matched to a report")
            )
    return usable, failures


def reconcile_records(
    records: Sequence[WitnessRecord], template: Template, dictionary: Dictionary
) -> list[ReconciledDocument]:
    """Return one reconciled document per group of witnesses, with unique doc_ids."""
    voter = FieldVoter(template, dictionary)
    docs = []
    seen: dict[str, int] = {}
    for group in group_witnesses(records):
        seen[group.key] = seen.get(group.key, 0) + 1
        doc_id = group.key if seen[group.key] == 1 else f"{group.key}~{seen[group.key]}"
        docs.append(reconcile_group(group, voter, doc_id))
    return docs


def reconcile(
    inputs: Iterable[str | Path], out: str | Path | None = None, options: Options | None = None, **kwargs
) -> Result:
    """Reconcile every report found in `inputs` (files or folders) and return the tables.

    When `out` is given the four CSV files are written there too, and the review page
    report.html unless options.report is False. Keyword arguments are
    Options fields (template, dictionaries, jobs, lang, dpi, preprocess, cache, use_cache,
    progress, corrections, learn, report).
    Raises UsageError for bad arguments; a bad input file only adds a failure row.
    """
    options = options or Options(**kwargs)
    template = load_template(options.template)
    learned_dict = [options.learn] if options.learn and Path(options.learn).is_file() else []
    dictionary = load_dictionaries([*options.dictionaries, *learned_dict])
    corrections = load_corrections(options.corrections) if options.corrections else []
    paths = find_inputs(inputs)
    ocr_stats = OcrStats()
    records, failures = read_witnesses(iter_pages(paths, options, ocr_stats), template)
    docs = reconcile_records(records, template, dictionary)
    warnings: list[str] = []
    if corrections:
        docs, unmatched = apply_corrections(docs, corrections)
        warnings += [f"corrections {options.corrections}, line {c.line}: no report with doc_id {c.doc_id!r} "
                     "in this run; the correction was not used" for c in unmatched]
    learned = learn(docs, options.learn) if options.learn else []
    frames = tables(docs, failures)
    result = Result(
        documents=frames["documents"],
        progress_reports=frames["progress_reports"],
        variants=frames["variants"],
        failures=frames["failures"],
        reconciled=docs,
        n_inputs=len(paths),
        n_witnesses=len(records),
        ocr=ocr_stats,
        warnings=warnings,
        learned=learned,
    )
    if out is not None:
        result.written = write_outputs(frames, Path(out))
        if options.report:
            html = render_review(docs, failures, {rec.id: rec for rec in records})
            result.written["report"] = write_review(html, Path(out) / "report.html")
    return result
