"""OCR front end: every page of the scanned inputs, in order, read by the workers and
kept in the page cache.

Before any page is handed out its file is inspected without decoding a pixel
(pipeline.scans); a file or page that cannot be read becomes one InputError (a
failures.csv row) and the batch goes on. Each page is one PageTask (pipeline.page_task):
a worker rasterises it (pipeline.raster), looks it up in the cache by its pixels, and
only on a miss cleans and reads it with Tesseract (pipeline.reading). A page gets
`page_timeout` seconds for rasterising and Tesseract together.

Pages go to an executor (pipeline.executor: a local process pool by default, or Dask) a
bounded window ahead, in input order except the last few, which go heaviest first by
the size of their image in the file (so that a heavy page does not end the run alone),
and come back in order. A page the cache holds under its file's
bytes is answered here without a worker; every fresh result is stored the moment it
arrives, so a killed run resumes where it stopped.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .cache import PageCache, file_digest, file_page_key
from .errors import InputError
from .executor import Executor, Outcome
from .executor_choice import make_executor
from .model import Line, Page, Where
from .number_rereads import settled
from .ocr_settings import OcrSettings
from .page_task import PageResult, PageTask, cached_lines, cached_notes, ocr_task
from .scans import inspect_scan, page_weights

log = logging.getLogger(__name__)
DEFAULT_PAGE_TIMEOUT = 120.0

__all__ = ["DEFAULT_PAGE_TIMEOUT", "OcrSettings", "OcrStats", "ocr_pages"]


@dataclass
class OcrStats:
    """Counts of one OCR run, for the summary and the benchmark. `digests` holds each
    file's SHA-256 as it was read (when the cache is on), so that what is cut from it
    later can be checked against what was read."""

    pages: int = 0
    cached: int = 0
    failed: int = 0
    digests: dict[str, str] = field(default_factory=dict)


def _tasks(paths: Sequence[Path], settings: OcrSettings, cache: PageCache | None, page_timeout: float,
           stats: OcrStats, bar) -> Iterator[PageTask | InputError]:
    """Yield a PageTask per page, or the InputError of a file or page that failed inspection."""
    settings_dict = asdict(settings)
    for path in paths:
        try:
            n, bad = inspect_scan(path, settings.dpi)
            digest = file_digest(path) if cache is not None else ""
        except InputError as exc:
            yield exc
            continue
        except OSError as exc:
            yield InputError(f"{path}: cannot read file: {exc.strerror or exc}", str(path), None, "ocr")
            continue
        if digest:
            stats.digests[str(path)] = digest
        log.info("%s: %d page(s)%s", path, n, f", {len(bad)} too large to read" if bad else "")
        bar.total += n
        bar.refresh()
        for p in range(1, n + 1):
            if p in bad:
                yield InputError(bad[p], str(path), p, "ocr")
                continue
            yield PageTask(str(path), p, os.path.abspath(path), settings, str(cache.path) if cache else None,
                           page_timeout, file_page_key(digest, p, settings_dict) if digest else "")


def _page(res: PageResult) -> Page:
    """Return a page's reading as the pipeline's lines, numbers two readings alone agreed
    on taken as they read them (number_rereads.settled)."""
    return Page(res.source, res.page, tuple(Line(settled(ln), Where(res.source, res.page, i, ln.box), ln.confidence,
                                                 ln.numbers) for i, ln in enumerate(res.lines, start=1)), res.notes)


def _counted(out: Outcome, stats: OcrStats) -> Page | InputError:
    """Return one task's outcome as a Page or the InputError that stopped it, counted in `stats`."""
    if isinstance(out.value, InputError):
        if out.value.page is not None:
            stats.pages += 1
            stats.failed += 1
        return out.value
    stats.pages += 1
    res, task = out.value, out.item
    if out.error or res.error:
        stats.failed += 1
        error = res.error if res is not None and res.error else f"{task.source} page {task.page}: OCR failed ({out.error})"
        return InputError(error, task.source, task.page, "ocr")
    stats.cached += res.cached
    log.info("%s page %d: %s, %d lines", res.source, res.page, "from the cache" if res.cached else "OCR", len(res.lines))
    return _page(res)


def _resolve(cache: PageCache | None, item: PageTask | InputError) -> Outcome | None:
    """Answer a failed inspection, or a page the cache has under its file key, without a
    worker; None for a page a worker must read."""
    if isinstance(item, InputError):
        return Outcome(item, item, fresh=False)
    hit = cache.get(item.file_key) if cache is not None and item.file_key else None
    if hit is None:
        return None
    log.debug("%s page %d: in the cache by its file's bytes (not rasterised)", item.source, item.page)
    notes = cached_notes(cache.get_notes(item.file_key))
    return Outcome(item, PageResult(item.source, item.page, item.file_key, cached_lines(hit), True, notes=notes),
                   fresh=False)


def _weight(item: PageTask | InputError) -> int:
    """Return the estimated cost of reading a page (scans.page_weights), by which the last
    pages of a run go out heaviest first."""
    return page_weights(item.path).get(item.page, 0) if isinstance(item, PageTask) else 0


def _store(cache: PageCache | None, out: Outcome) -> None:
    """Cache a fresh page the moment it arrives (under its pixel key and its file key)."""
    res = out.value
    if cache is None or out.error or res is None or res.error:
        return
    cache.put(out.item.file_key, list(res.lines), *([] if res.cached else [res.key]),
              notes=[(n.stage, n.message) for n in res.notes])


def ocr_pages(
    paths: Sequence[Path], settings: OcrSettings, jobs: int, cache_path: Path | None,
    progress: bool = False, stats: OcrStats | None = None, *,
    executor: Executor | None = None, page_timeout: float = DEFAULT_PAGE_TIMEOUT,
    when_idle: Callable[[], Any] | None = None,
) -> Iterator[Page | InputError]:
    """Yield every page of the scanned inputs, in order, OCR'd by `executor` (default: a
    local pool of `jobs` workers), or the InputError that stopped a file or a page.

    Files are inspected as the window reaches them, so the first pages are read while
    later files are still unopened; each result is cached as soon as it arrives.
    `when_idle` is the caller's work for after OCR that can be done sooner: a pool runs
    it once, while its last pages are read and a worker has none left (Executor.imap).
    """
    from tqdm import tqdm

    stats = stats if stats is not None else OcrStats()
    cache = PageCache(cache_path) if cache_path else None  # creates the file workers read
    bar = tqdm(total=0, unit="page", disable=not progress, desc="OCR")

    own = executor is None
    if own:
        executor = make_executor("local", jobs)
    try:
        for out in executor.imap(ocr_task, _tasks(paths, settings, cache, page_timeout, stats, bar),
                                 resolve=functools.partial(_resolve, cache),
                                 on_result=functools.partial(_store, cache), when_idle=when_idle,
                                 priority=_weight):
            if not isinstance(out.value, InputError) or out.value.page is not None:
                bar.update(1)
            yield _counted(out, stats)
    except BaseException:  # Ctrl-C, or the consumer gave up: stop the workers now
        if own:
            own = False
            executor.close(abort=True)
        raise
    finally:
        bar.close()
        if own:
            executor.close()
        if cache is not None:
            cache.close()
