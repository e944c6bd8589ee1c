"""Reconcile reports a batch at a time: in this process, in the local process pool, or on Dask.

A batch is a few hundred reports. In a local pool each worker reads the batch's copies
from the spill file itself (pipeline.spill.read_records), votes them, builds the batch's
table rows and sends back the rows and the documents, pickled (once the review page's
shortlist is full, only those that rank before its last): the main process unpickles
only the documents it keeps (the shortlist, or all of them when the caller keeps the
tables). A Dask worker may be on another machine, so there the main process
reads the copies and sends each report's group (pipeline.run.reconcile_task). Results
come back in input order whatever the executor, so the tables are the same byte for byte.
"""

from __future__ import annotations

import functools
import gc
import pickle
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from .corrections import Correction, corrections_by_doc
from .document import FieldVoter, reconcile_group
from .executor import Executor
from .export import NEEDS_REVIEW_AT, Row, table_rows
from .model import DocumentGroup, ReconciledDocument
from .review import review_rank, values_to_review
from .spill import RecordSpill, read_records
from .template import Template

GC_THRESHOLD = 50_000  # allocations between two runs of the cyclic garbage collector (Python's default: 700)
POOL_BATCH_DOCUMENTS = 50  # reports per pool task: small enough to keep every worker busy to the end

Job = tuple[DocumentGroup, str]  # one report's copies and its doc_id
Task = tuple[DocumentGroup, str, tuple[Correction, ...]]  # a job and the corrections of its report
Rank = tuple[int, str]  # a report's place in the review page's order (review.review_rank)
F = TypeVar("F", bound=Callable[..., Any])


def fewer_collections(fn: F) -> F:
    """Run `fn` with the cyclic garbage collector woken GC_THRESHOLD allocations apart
    instead of 700 (the thresholds are put back after). Reading copies and voting make
    millions of small objects that form no cycles, and at the default the collector took
    about a tenth of the stage's time, scanning them over and over."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        before = gc.get_threshold()
        gc.set_threshold(max(GC_THRESHOLD, before[0]), *before[1:])
        try:
            return fn(*args, **kwargs)
        finally:
            gc.set_threshold(*before)

    return wrapper  # type: ignore[return-value]


@dataclass(frozen=True)
class ReconcileSetup:
    """What every batch needs, sent to each worker once: the voter, the corrections to
    apply, the spill file the copies are read from, and whether documents go back
    pickled (from another process)."""

    voter: FieldVoter
    corrections: tuple[Correction, ...]
    spill: Path | None
    pack: bool

    @cached_property
    def corrections_of(self) -> dict[str, tuple[Correction, ...]]:
        """The corrections by the doc_id they correct."""
        return corrections_by_doc(self.corrections)


@dataclass(frozen=True)
class BatchResult:
    """One batch reconciled: its rows of the three tables (export.table_rows: plain tuples,
    written and kept as they are) and, per report, its
    doc_id, number of copies, values to review, and the document (pickled when `packed`)."""

    rows: dict[str, list[Row]]
    doc_ids: tuple[str, ...]
    copies: tuple[int, ...]
    to_review: tuple[int, ...]
    docs: tuple[ReconciledDocument | bytes | None, ...]  # None: not sent (it cannot make the review page)
    packed: bool

    @property
    def n_review(self) -> int:
        """How many of the batch's reports need review."""
        return sum(bool(row[NEEDS_REVIEW_AT]) for row in self.rows["documents"])

    def documents(self) -> list[ReconciledDocument]:
        """Return the batch's documents, unpickled if need be."""
        return [unpack(d) for d in self.docs]


def unpack(doc: ReconciledDocument | bytes) -> ReconciledDocument:
    return pickle.loads(doc) if isinstance(doc, bytes) else doc


def reconcile_task(voter: FieldVoter, task: Task) -> ReconciledDocument:
    """Reconcile one report, with its corrections (a task for a Dask worker; `voter` is
    sent to each worker once)."""
    group, doc_id, corrections = task
    return reconcile_group(group, voter, doc_id, corrections)


def reconcile_jobs(jobs: Sequence[Job], voter: FieldVoter, executor: Executor | None = None,
                   corrections: Sequence[Correction] = ()) -> list[ReconciledDocument]:
    """Return the reconciled document of each job, in order, with the `corrections` of
    each applied before it is checked (document.reconcile_group).

    On a Dask `executor` each report is reconciled by a worker; a report whose task fails
    there (a worker lost) is done here.
    """
    mine = corrections_by_doc(corrections)
    tasks = [(group, doc_id, mine.get(doc_id, ())) for group, doc_id in jobs]
    if executor is None or not executor.remote:
        return [reconcile_task(voter, task) for task in tasks]
    shared = executor.share(voter)
    return [out.value if out.error is None else reconcile_task(voter, out.item)
            for out in executor.imap(reconcile_task, tasks, const=shared)]


def batch_result(docs: Sequence[ReconciledDocument], pack: bool, template: Template,
                 cutoff: Rank | None = None) -> BatchResult:
    """Return the BatchResult of reconciled documents, its rows in the columns of
    `template` (the one the copies were read with). Packed, a document is pickled only
    when it ranks before `cutoff` (the last report the review page's shortlist holds when
    full): one after it can never make the page."""
    to_review = tuple(values_to_review(d) for d in docs)
    return BatchResult(
        rows={name: table for name, table in table_rows(docs, [], template).items() if name != "failures"},
        doc_ids=tuple(d.doc_id for d in docs), copies=tuple(len(d.witnesses) for d in docs), to_review=to_review,
        docs=tuple(pickle.dumps(d, pickle.HIGHEST_PROTOCOL) if cutoff is None or review_rank(n, d.doc_id) < cutoff
                   else None for d, n in zip(docs, to_review)) if pack else tuple(docs), packed=pack,
    )


@fewer_collections
def reconcile_batch(setup: ReconcileSetup, batch: tuple[Sequence[tuple[str, list[int], str]], Rank | None],
                    ) -> BatchResult:
    """Reconcile one batch of (group key, spill rows of its copies, doc_id), with the
    shortlist's cutoff when the task was made (batch_result): a pool task."""
    assert setup.spill is not None
    reports, cutoff = batch
    docs = [reconcile_group(DocumentGroup(key, read_records(setup.spill, rows)), setup.voter, doc_id,
                            setup.corrections_of.get(doc_id, ()))
            for key, rows, doc_id in reports]
    return batch_result(docs, setup.pack, setup.voter.template, cutoff)


def batch_results(
    jobs: Sequence[Job], spill: RecordSpill, voter: FieldVoter, executor: Executor | None,
    corrections: Sequence[Correction], size: int, cutoff: Callable[[], Rank | None] = lambda: None,
) -> Iterator[BatchResult]:
    """Yield the BatchResult of each `size` reports of `jobs`, in order (module docstring);
    `cutoff` says, as each task is made, after which report no document need come back
    (ReviewShortlist.cutoff; never when the caller keeps every document)."""
    executor = executor or Executor()
    if executor.remote:
        for start in range(0, len(jobs), size):
            batch = [(spill.restore(group), doc_id) for group, doc_id in jobs[start:start + size]]
            yield batch_result(reconcile_jobs(batch, voter, executor, corrections), False, voter.template)
        return
    spill.commit()
    pooled = executor.name == "local" and executor.jobs > 1 and len(jobs) > POOL_BATCH_DOCUMENTS  # else here
    if pooled:
        size = min(size, POOL_BATCH_DOCUMENTS)
    else:
        executor = Executor()
    setup = ReconcileSetup(voter, tuple(corrections), spill.path, pack=pooled)
    items = (([(group.key, spill.rows(group), doc_id) for group, doc_id in jobs[start:start + size]], cutoff())
             for start in range(0, len(jobs), size))
    for out in executor.imap(reconcile_batch, items, const=executor.share(setup)):
        yield out.value if out.error is None else reconcile_batch(
            ReconcileSetup(voter, tuple(corrections), spill.path, pack=False), out.item)  # its worker died twice


class ReviewShortlist:
    """The `limit` reports that come first in the review page's order (review.review_order)
    among all seen so far, kept as they came (pickled or not) until `documents` is asked for."""

    def __init__(self, limit: int):
        self.limit = limit
        self._kept: list[tuple[tuple[int, str], ReconciledDocument | bytes]] = []

    def add(self, result: BatchResult) -> None:
        new = [(review_rank(n, doc_id), doc) for doc_id, n, doc in zip(result.doc_ids, result.to_review, result.docs)
               if doc is not None]
        self._kept = sorted([*self._kept, *new], key=lambda entry: entry[0])[:self.limit]

    def cutoff(self) -> Rank | None:
        """The rank of the last report kept once `limit` are: no later report ranked after
        it can be kept. None while there is room."""
        return self._kept[-1][0] if len(self._kept) >= self.limit else None

    def documents(self) -> list[ReconciledDocument]:
        """Return the shortlisted documents in the page's order."""
        return [unpack(doc) for _, doc in self._kept]
