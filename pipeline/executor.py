"""Where the heavy tasks run: in this process, in a local process pool, or on a Dask cluster.

Two kinds of task leave the main process: OCR of one page (pipeline.page_task.ocr_task) and,
on Dask, the reconciliation of one report (pipeline.api.reconcile_task). Every executor
offers the same `imap`: tasks are submitted a bounded window ahead (so memory does not
grow with the archive and an interrupted run has little in flight) and their outcomes
come back in submission order (so the output does not depend on which worker was
faster), while `on_result` sees each result the moment it arrives (the OCR front end
stores it in the page cache then, so a killed run loses at most the pages in flight).

The local pool's workers ignore Ctrl-C and sit in their own process groups, so a
terminal's Ctrl-C reaches only the main process, which stops them (and any Tesseract
they started) itself; a worker whose parent dies, even by SIGKILL, kills its group.
A worker that dies mid-task (out of memory, a crash in a C library) breaks the pool:
a new pool is started and the tasks that were in flight are retried one at a time, so
the page that killed it fails alone, as a failures.csv row, on its second death.

Dask is imported only when asked for (`--executor dask`, `--scheduler ADDRESS`).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, CancelledError, ProcessPoolExecutor
from concurrent.futures import wait as wait_futures
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from .errors import UsageError

BUFFER = 256  # most outcomes held waiting for an earlier one (cache hits need no worker)
DASK_INSTALL = "install it with `.venv/bin/pip install 'thai-ocr-reconcile[dask]'` (`make setup` does)"


@dataclass
class Outcome:
    """One task's outcome: its item, and its value or the error that stopped it."""

    item: Any
    value: Any = None
    error: str | None = None
    fresh: bool = True  # False when `resolve` answered it without running the task


class _Slot:
    __slots__ = ("item", "future", "outcome", "attempts", "generation")

    def __init__(self, item: Any):
        self.item = item
        self.future: Any = None
        self.outcome: Outcome | None = None
        self.attempts = 0
        self.generation = 0


class _Retry(Exception):
    """The worker running a task died; the task may be tried again."""


class Executor:
    """Runs tasks; see the module docstring. Use as a context manager: leaving it by an
    exception (Ctrl-C included) stops every worker at once."""

    name = "inline"
    window = 1
    remote = False

    def share(self, obj: Any) -> Any:
        """Return a handle of `obj` to pass to every task (sent to each worker once)."""
        return obj

    def imap(
        self, fn: Callable[..., Any], items: Iterable[Any], *, const: Any = None,
        resolve: Callable[[Any], Outcome | None] | None = None,
        on_result: Callable[[Outcome], None] | None = None,
    ) -> Iterator[Outcome]:
        """Yield the Outcome of fn(item) (or fn(const, item)) for each item, in order.

        `resolve(item)` may answer an item without running it (a cache hit); `on_result`
        sees each task's Outcome as soon as it is known, in completion order.
        """
        for item in items:
            pre = resolve(item) if resolve is not None else None
            if pre is not None:
                yield pre
                continue
            try:
                value = fn(item) if const is None else fn(const, item)
                out = Outcome(item, value)
            except Exception as exc:  # a task error is an outcome, never the end of the run
                out = Outcome(item, error=f"{type(exc).__name__}: {exc}")
            if on_result is not None:
                on_result(out)
            yield out

    def close(self, abort: bool = False) -> None:
        """Release the workers; `abort` stops them without waiting for running tasks."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        self.close(abort=kind is not None)


class _Windowed(Executor):
    """The windowed, ordered loop shared by the process pool and Dask."""

    generation = 0

    def _submit(self, fn: Callable[..., Any], const: Any, item: Any) -> Any:
        raise NotImplementedError

    def _wait_any(self, futures: list[Any]) -> set[Any]:
        raise NotImplementedError

    def _value(self, future: Any) -> Any:
        """Return the future's value; raise _Retry when its worker died, or the task's error."""
        raise NotImplementedError

    def _restart(self) -> None:
        raise NotImplementedError

    def _cancel(self, futures: list[Any]) -> None:
        for f in futures:
            f.cancel()

    def imap(self, fn, items, *, const=None, resolve=None, on_result=None):
        source = iter(items)
        slots: deque[_Slot] = deque()
        exhausted = False

        def running() -> list[_Slot]:
            return [s for s in slots if s.future is not None and s.outcome is None]

        def top_up() -> None:
            nonlocal exhausted
            suspects = any(s.attempts and s.outcome is None for s in slots)
            limit = 1 if suspects else self.window
            busy = len(running())
            for s in slots:  # tasks whose worker died go first, one at a time
                if busy >= limit:
                    return
                if s.outcome is None and s.future is None:
                    s.future, s.generation = self._submit(fn, const, s.item), self.generation
                    busy += 1
            while not exhausted and not suspects and busy < limit and len(slots) < max(BUFFER, 4 * self.window):
                try:
                    item = next(source)
                except StopIteration:
                    exhausted = True
                    return
                slot = _Slot(item)
                slot.outcome = resolve(item) if resolve is not None else None
                if slot.outcome is None:
                    slot.future, slot.generation = self._submit(fn, const, item), self.generation
                    busy += 1
                slots.append(slot)

        def settle(s: _Slot) -> None:
            try:
                s.outcome = Outcome(s.item, self._value(s.future))
            except _Retry as exc:
                s.attempts += 1
                s.future = None
                if s.generation == self.generation:
                    self._restart()
                if s.attempts >= 2:
                    s.outcome = Outcome(s.item, error=str(exc))
                else:
                    return
            except Exception as exc:  # the task raised, or Dask gave up on it
                s.outcome = Outcome(s.item, error=f"{type(exc).__name__}: {exc}")
            if on_result is not None:
                on_result(s.outcome)

        try:
            while True:
                top_up()
                if not slots:
                    return
                head = slots[0]
                while head.outcome is None:
                    busy = running()
                    if not busy:
                        top_up()
                        continue
                    done = self._wait_any([s.future for s in busy])
                    for s in busy:
                        if s.future in done:
                            settle(s)
                    top_up()
                slots.popleft()
                yield head.outcome
        finally:
            self._cancel([s.future for s in running()])


def _worker_init() -> None:
    """Start a pool worker: Ctrl-C is for the main process, and the worker does not outlive it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.setpgrp()  # a terminal's Ctrl-C goes to the foreground group only; the parent stops us
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    os.environ["OMP_THREAD_LIMIT"] = "1"
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os.killpg(0, signal.SIGKILL)  # the parent was killed: take our Tesseract with us

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


class LocalPool(_Windowed):
    """A pool of `jobs` worker processes on this machine (the default)."""

    name = "local"

    def __init__(self, jobs: int):
        self.jobs = jobs
        self.window = 2 * jobs
        self._pool: ProcessPoolExecutor | None = None  # started at the first task: a warm re-run forks nothing

    def _start(self) -> ProcessPoolExecutor:
        # Workers are forked with Ctrl-C blocked, so none can see one before it ignores it.
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_worker_init)
            pool.submit(int).result()  # forks every worker now, while Ctrl-C is blocked
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
        return pool

    def _submit(self, fn, const, item):
        if self._pool is None:
            self._pool = self._start()
        return self._pool.submit(fn, item) if const is None else self._pool.submit(fn, const, item)

    def _wait_any(self, futures):
        return wait_futures(futures, return_when=FIRST_COMPLETED).done

    def _value(self, future):
        try:
            return future.result()
        except (BrokenProcessPool, CancelledError) as exc:
            raise _Retry("the worker process died while on this task (twice: out of memory, or a crash "
                         "in a library); the task was given up") from exc

    def _restart(self) -> None:
        if self._pool is not None:
            self._kill(self._pool)
            self._pool.shutdown(wait=True, cancel_futures=True)
        self.generation += 1
        self._pool = None

    @staticmethod
    def _kill(pool: ProcessPoolExecutor) -> None:
        for pid in list(getattr(pool, "_processes", None) or {}):
            for kill in (os.killpg, os.kill):  # the worker's group (its Tesseract too), else the worker
                try:
                    kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass

    def close(self, abort: bool = False) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if abort:
            self._kill(pool)
        pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor(_Windowed):
    """Tasks on a Dask cluster: an existing one at `scheduler`, or a LocalCluster of
    `jobs` single-threaded worker processes started here and stopped at the end."""

    name = "dask"
    remote = True

    def __init__(self, scheduler: str | None = None, jobs: int = 1, connect_timeout: float = 20,
                 workers_timeout: float = 120):
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise UsageError(f"Dask is not installed, and --executor dask / --scheduler need it: {DASK_INSTALL}") from exc
        self.cluster = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout=f"{connect_timeout}s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise UsageError(
                    f"cannot reach the Dask scheduler at {scheduler} ({exc}); start one with `dask scheduler` "
                    f"and workers with `dask worker {scheduler}`, or run without --scheduler"
                ) from exc
            try:
                self.client.wait_for_workers(1, timeout=workers_timeout)
            except (OSError, TimeoutError) as exc:
                self.client.close()
                raise UsageError(
                    f"the Dask scheduler at {scheduler} has no workers (none joined in {workers_timeout:g} s); "
                    f"start them with `dask worker {scheduler}`"
                ) from exc
        else:
            # The worker processes are spawned while this process ignores Ctrl-C, so they
            # inherit the ignoring (Python keeps an ignored SIGINT ignored): a terminal's
            # Ctrl-C reaches only this process, which closes the cluster, instead of
            # printing a KeyboardInterrupt traceback from every worker. (A Ctrl-C in the
            # second or two the cluster takes to start is lost.)
            handler = signal.getsignal(signal.SIGINT) if _main_thread() else None
            if handler is not None:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                self.cluster = LocalCluster(
                    n_workers=jobs, threads_per_worker=1, processes=True,
                    dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR,
                )
                self.client = Client(self.cluster)
            finally:
                if handler is not None:
                    signal.signal(signal.SIGINT, handler)
        self.window = max(2, 2 * sum(self.client.nthreads().values()))

    def share(self, obj: Any) -> Any:
        return self.client.scatter(obj, broadcast=True)

    def _submit(self, fn, const, item):
        args = (item,) if const is None else (const, item)
        return self.client.submit(fn, *args, pure=False)

    def _wait_any(self, futures):
        from distributed import wait

        return set(wait(futures, return_when="FIRST_COMPLETED").done)

    def _value(self, future):
        return future.result()

    def _restart(self) -> None:  # Dask reschedules a dead worker's tasks itself
        pass

    def _cancel(self, futures):
        if futures:
            self.client.cancel(futures)

    def close(self, abort: bool = False) -> None:
        leftovers = []
        if abort and self.cluster is not None:
            import psutil  # a dependency of distributed

            leftovers = psutil.Process().children(recursive=True)  # workers and their Tesseract
        try:
            self.client.close(timeout=10)
        finally:
            if self.cluster is not None:
                self.cluster.close(timeout=10)
            for proc in leftovers:  # a Tesseract ignores Ctrl-C as its worker did: stop it here
                try:
                    proc.kill()
                except Exception:  # already gone
                    pass


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def make_executor(kind: str, jobs: int, scheduler: str | None = None) -> Executor:
    """Return the executor for `--executor kind` (`--scheduler` implies dask)."""
    if scheduler or kind == "dask":
        return DaskExecutor(scheduler, jobs)
    if kind != "local":
        raise UsageError(f"unknown executor {kind!r}; expected local or dask")
    return LocalPool(jobs) if jobs > 1 else Executor()
