"""The copies in a stream of pages, each read: pages go to segmentation as they come, each
copy is read (extract) as soon as it ends, in the local pool's workers when there is one,
and what could not be used is kept as failures naming file and page. pipeline.run drives
it; a copy's readings and its lines' texts (for the archive's spacing, kept on disk
with a spill) outlive it, not its Line objects.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from .batches import fewer_collections
from .errors import InputError
from .executor import Executor
from .extract import extract
from .ingest import is_scan
from .model import Failure, Line, Page, Witness, WitnessRecord
from .row_fragments import page_lines
from .segment import iter_witnesses
from .spill import RecordSpill, pack
from .template import Template
from .thai_script import has_thai

COPIES_PER_TASK = 32  # copies a pool worker reads per task: enough to make a task's cost small
logger = logging.getLogger(__name__)


def _unread_source(source: str, n_lines: int, any_thai: bool, template: Template) -> str:
    """Why a source gave no copy of the report, in words a person can act on."""
    if n_lines == 0:
        if is_scan(Path(source)):
            return f"{source}: no text found: a blank page, or print too faint to read; check the scan"
        return f"{source}: file holds no text"
    if not any_thai:
        lang = " (or it was read with a --lang without tha)" if is_scan(Path(source)) else ""
        return (f"{source}: no Thai text found ({n_lines} lines read, none of them Thai): not a Thai progress "
                f"report{lang}")
    return (f"{source}: no copy of the report found: none of the form's section headings "
            f"({template.sections[0].number} {template.sections[0].heading} ...) was recognised")


@fewer_collections
def read_witnesses(
    pages: Iterable[Page | InputError], template: Template, spill: RecordSpill | None = None,
    executor: Executor | None = None,
) -> tuple[list[WitnessRecord], list[Failure]]:
    """Return the witness records found in a stream of pages, and the failures met on the way.

    With a `spill`, each usable record is stored there and its grouping view is returned
    instead (the CLI's way: spill.RecordSpill). With a local pool `executor` too, the pool's
    workers read the copies (extract) and send back each one's view and pickled record.

    Pages are read as one stream, so a copy may run on from one file into the next. They
    are not gathered first: each page's lines go straight to segmentation (with the
    pieces of a row the OCR's layout cut off put back: row_fragments), each copy is read
    as soon as it ends, and only its readings and its lines' texts outlive it.
    """
    failures: list[Failure] = []
    seen: dict[str, list] = {}  # source -> [lines, whether any of them is Thai]
    touched: set[str] = set()

    def lines() -> Iterator[Line]:
        for item in pages:
            if isinstance(item, InputError):
                failures.append(Failure(item.source, item.page, item.stage, str(item)))
                continue
            failures.extend(Failure(item.source, item.page, note.stage, note.on(item.source, item.page))
                            for note in item.notes)
            counts = seen.setdefault(item.source, [0, False])
            counts[0] += len(item.lines)
            counts[1] = counts[1] or any(has_thai(ln.text) for ln in item.lines)
            yield from page_lines(item)

    def witnesses() -> Iterator[Witness]:
        for witness in iter_witnesses(lines(), template):
            touched.add(witness.source)
            touched.update(ln.where.source for sec in witness.sections.values() for ln in sec)
            yield witness

    usable, unmatchable = [], []
    for rec, data in _read_copies(witnesses(), template, spill is not None, executor):
        failures += [Failure(where.source, where.page, "extract", f"{where}: {why}") for where, why in rec.unread]
        failures += [Failure(note.where.source, note.where.page, "order", note.message) for note in rec.witness.notes]
        if any(name in rec.fields for name in template.grouping.match_fields):
            usable.append(spill.add_packed(rec, data) if spill is not None and data is not None else rec)
        else:
            unmatchable.append(_unmatchable(rec, template))
    for source, (n_lines, any_thai) in seen.items():
        if source not in touched:
            failures.append(Failure(source, None, "segment", _unread_source(source, n_lines, any_thai, template)))
    failures += unmatchable
    return usable, failures


def _unmatchable(rec: WitnessRecord, template: Template) -> Failure:
    """The failure of a copy that has none of the fields reports are matched on."""
    key, name = (f.replace("_", " ") for f in template.grouping.match_fields)
    logger.info("copy %s has neither a %s nor a %s: set aside", rec.id, key, name)
    return Failure(rec.witness.source, rec.witness.start.page, "group",
                   f"{rec.witness.start}: copy {rec.id} has neither a readable {key} nor a {name}, "
                   "so it cannot be matched to a report")


def read_copy(template: Template, witness: Witness, packed: bool = True) -> tuple[WitnessRecord, bytes | None]:
    """Return a copy's record, or with `packed` its grouping view and the record pickled (spill.pack)."""
    rec = extract(witness, template)
    return pack(rec, template.grouping.fields) if packed else (rec, None)


@fewer_collections
def read_copies(template: Template, witnesses: Sequence[Witness]) -> list[tuple[WitnessRecord, bytes | None]]:
    """Return read_copy of each witness, packed: a pool task."""
    return [read_copy(template, w) for w in witnesses]


def _read_copies(
    witnesses: Iterator[Witness], template: Template, packed: bool, executor: Executor | None,
) -> Iterator[tuple[WitnessRecord, bytes | None]]:
    """Yield read_copy of each witness in order: in the local pool's workers, COPIES_PER_TASK
    at a time, when it has two or more, the records go to a spill and there are more copies
    than one task's; else here."""
    first = list(itertools.islice(witnesses, COPIES_PER_TASK))
    if not packed or executor is None or executor.name != "local" or executor.jobs < 2 or len(first) < COPIES_PER_TASK:
        yield from (read_copy(template, w, packed) for w in itertools.chain(first, witnesses))
        return
    chunks = itertools.chain([first], iter(lambda: list(itertools.islice(witnesses, COPIES_PER_TASK)), []))
    for out in executor.imap(read_copies, chunks, const=executor.share(template)):
        yield from out.value if out.error is None else read_copies(template, out.item)  # its worker died twice
