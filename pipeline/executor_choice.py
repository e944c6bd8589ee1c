"""The executor a run asks for by name (`--executor`, `--scheduler`): this process or a
local process pool (pipeline.executor), or a Dask cluster (pipeline.dask_executor,
imported only when asked for, so that a run without Dask never loads it)."""

from __future__ import annotations

import importlib.util
import logging
import multiprocessing

from .errors import MissingDependencyError, UsageError
from .executor import Executor, LocalPool

log = logging.getLogger(__name__)


def check_executor(kind: str, scheduler: str | None = None) -> None:
    """Raise MissingDependencyError before any work (before the output folder is made)
    when the executor asked for needs Dask and Dask is not installed."""
    if (scheduler or kind == "dask") and importlib.util.find_spec("distributed") is None:
        from .dask_executor import DASK_MISSING

        raise MissingDependencyError(DASK_MISSING)


def make_executor(kind: str, jobs: int, scheduler: str | None = None) -> Executor:
    """Return the executor for `--executor kind` (`--scheduler` implies dask): on Dask,
    `jobs` workers of a local cluster when no scheduler is named; locally, a pool of
    `jobs` workers, one worker for one job: a worker reads with tesserocr (the model
    loaded once), which this process may not (tesseract.default_engine), and reads
    while this process segments and votes (bench/RESULTS.md, "OCR speed"). In a
    daemonic process (a multiprocessing pool's worker), which may start no process,
    this process alone."""
    if scheduler or kind == "dask":
        from .dask_executor import DaskExecutor

        return DaskExecutor(scheduler, jobs)
    if kind != "local":
        raise UsageError(f"unknown executor {kind!r}; expected local or dask")
    if multiprocessing.current_process().daemon:
        log.info("running inside a daemonic process (a pool's worker), which may start none: one job, in it")
        return Executor()
    return LocalPool(max(1, jobs))
