"""Where the heavy tasks run: in this process, in a local process pool, or on a Dask cluster.

Two kinds of task leave the main process: OCR of one page (pipeline.page_task.ocr_task)
and reconciliation (pipeline.batches: one report on Dask, a batch of reports in the local
pool). Every executor offers the same `imap`: tasks are submitted a bounded window ahead (so memory does not
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

The Dask executor is pipeline.dask_executor; pipeline.executor_choice gives the one a
run asks for by name.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, CancelledError, ProcessPoolExecutor
from concurrent.futures import wait as wait_futures
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from .pool_worker import WORKER_ENV, Shared, worker_init

__all__ = ["WORKER_ENV", "Executor", "LocalPool", "Outcome", "WindowedExecutor"]

BUFFER = 256  # most outcomes held waiting for an earlier one (cache hits need no worker)


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
    jobs = 1  # tasks run at once

    def share(self, obj: Any) -> Any:
        """Return a handle of `obj` to pass to every task (sent to each worker once)."""
        return obj

    def imap(
        self, fn: Callable[..., Any], items: Iterable[Any], *, const: Any = None,
        resolve: Callable[[Any], Outcome | None] | None = None,
        on_result: Callable[[Outcome], None] | None = None,
        when_idle: Callable[[], Any] | None = None, priority: Callable[[Any], float] | None = None,
    ) -> Iterator[Outcome]:
        """Yield the Outcome of fn(item) (or fn(const, item)) for each item, in order.

        `resolve(item)` may answer an item without running it (a cache hit); `on_result`
        sees each task's Outcome as soon as it is known, in completion order. `when_idle`
        is the caller's own later work: a pool runs it here once, as soon as every item
        is handed out and a worker has nothing left to do (at the latest before the last
        outcome is yielded), so that it takes the core that worker left idle instead of
        time after the last task; this process's own loop, which has no idle worker,
        never runs it. With `priority(item)` (an estimate of a task's cost), a pool hands
        out the last items of `items` highest first, so that a costly task does not run
        alone at the end; outcomes still come in order.
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


class WindowedExecutor(Executor):
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

    @property
    def workers(self) -> int:
        """The tasks that run at once: half the window, which holds one more waiting per worker."""
        return max(1, self.window // 2)

    def imap(self, fn, items, *, const=None, resolve=None, on_result=None, when_idle=None, priority=None):
        window = _Window(self, fn, const, items, resolve, on_result)
        window.when_idle, window.priority = when_idle, priority
        window.lookahead = self.window if priority is not None else 0
        try:
            yield from window.outcomes()
        finally:
            self._cancel([s.future for s in window.running()])


class _Window:
    """One imap call: its tasks in flight and its outcomes waiting for an earlier one, in
    submission order, at most `executor.window` tasks running at once."""

    def __init__(self, executor: WindowedExecutor, fn: Callable[..., Any], const: Any, items: Iterable[Any],
                 resolve: Callable[[Any], Outcome | None] | None, on_result: Callable[[Outcome], None] | None):
        self.executor, self.fn, self.const = executor, fn, const
        self.resolve, self.on_result = resolve, on_result
        self.source = iter(items)
        self.slots: deque[_Slot] = deque()
        self.exhausted = False
        self.when_idle: Callable[[], Any] | None = None
        self.priority: Callable[[Any], float] | None = None
        self.lookahead = 0

    def running(self) -> list[_Slot]:
        return [s for s in self.slots if s.future is not None and s.outcome is None]

    def _submit(self, slot: _Slot) -> None:
        slot.future = self.executor._submit(self.fn, self.const, slot.item)
        slot.generation = self.executor.generation

    def top_up(self) -> None:
        """Submit tasks up to the window: first those whose worker died (one at a time
        while any is suspect), then new items in order, answering those `resolve` knows.
        With a `priority`, `lookahead` more items are read ahead, and once the items run
        out those still waiting go out highest priority first (the tail of the run)."""
        suspects = any(s.attempts and s.outcome is None for s in self.slots)
        busy = len(self.running())
        while busy < (1 if suspects else self.executor.window):
            slot = self._next_waiting(suspects)
            if slot is None:
                if suspects or not self._read():
                    break
                continue
            self._submit(slot)
            busy += 1
        while not suspects and len(self._waiting()) <= self.lookahead and self._read():
            pass  # one more than `lookahead`, so that the items' end is seen while `lookahead` still wait

    def _waiting(self) -> list[_Slot]:
        return [s for s in self.slots if s.outcome is None and s.future is None]

    def _next_waiting(self, suspects: bool) -> _Slot | None:
        waiting = [s for s in self._waiting() if s.attempts or not suspects]
        if not waiting:
            return None
        if self.exhausted and self.priority is not None and not suspects:
            return max(waiting, key=lambda s: self.priority(s.item))  # the first of equals: input order
        return waiting[0]

    def _read(self) -> bool:
        """Read the next item into a slot, answered if `resolve` knows it; False when
        there is none left or the outcomes held back fill the buffer."""
        if self.exhausted or len(self.slots) >= max(BUFFER, 4 * self.executor.window):
            return False
        try:
            slot = _Slot(next(self.source))
        except StopIteration:
            self.exhausted = True
            return False
        slot.outcome = self.resolve(slot.item) if self.resolve is not None else None
        self.slots.append(slot)
        return True

    def settle(self, s: _Slot) -> None:
        """Record a finished task's outcome; a task whose worker died is retried once
        (after a restart of the pool, if that has not happened since it was submitted)."""
        try:
            s.outcome = Outcome(s.item, self.executor._value(s.future))
        except _Retry as exc:
            s.attempts += 1
            s.future = None
            if s.generation == self.executor.generation:
                self.executor._restart()
            if s.attempts < 2:
                return
            s.outcome = Outcome(s.item, error=str(exc))
        except Exception as exc:  # the task raised, or Dask gave up on it
            s.outcome = Outcome(s.item, error=f"{type(exc).__name__}: {exc}")
        if self.on_result is not None:
            self.on_result(s.outcome)

    def use_idle_worker(self, busy: int) -> None:
        """Run `when_idle` (once) if every item is handed out and fewer than all workers are busy."""
        if self.when_idle is None or not self.exhausted or busy >= self.executor.workers or self._waiting():
            return
        work, self.when_idle = self.when_idle, None
        work()

    def outcomes(self) -> Iterator[Outcome]:
        """Yield each item's outcome in submission order, as soon as it and every earlier
        one are known."""
        while True:
            self.top_up()
            if not self.slots:
                return
            self.use_idle_worker(len(self.running()))
            head = self.slots[0]
            while head.outcome is None:
                busy = self.running()
                if not busy:
                    self.top_up()
                    continue
                self.use_idle_worker(len(busy))
                done = self.executor._wait_any([s.future for s in busy])
                for s in busy:
                    if s.future in done:
                        self.settle(s)
                self.top_up()
            self.slots.popleft()
            yield head.outcome


SIGNAL_CHECK = 0.25  # seconds between two looks at pending signals while waiting on the pool
class LocalPool(WindowedExecutor):
    """A pool of `jobs` worker processes on this machine (the default)."""

    name = "local"

    def share(self, obj: Any) -> Any:
        if self._shared is None:
            self._shared = tempfile.TemporaryDirectory(prefix="thai-ocr-shared-")
        return Shared(obj, self._shared.name)

    def __init__(self, jobs: int):
        self.jobs = jobs
        self.window = 2 * jobs
        self._pool: ProcessPoolExecutor | None = None  # started at the first task: a warm re-run forks nothing
        self._shared: tempfile.TemporaryDirectory | None = None  # the files of shared objects, removed at close
        self._pid_queue: Any = None  # each worker puts its pid here as it starts
        self._pids: set[int] = set()

    def _start(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context()
        self._pid_queue, self._pids = context.SimpleQueue(), set()
        # Workers are forked with Ctrl-C blocked, so none can see one before it ignores it.
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=context, initializer=worker_init,
                                       initargs=(self._pid_queue,))
            pool.submit(int).result()  # forks every worker now, while Ctrl-C is blocked
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
        return pool

    def _submit(self, fn, const, item):
        if self._pool is None:
            self._pool = self._start()
        return self._pool.submit(fn, item) if const is None else self._pool.submit(fn, const, item)

    def _wait_any(self, futures):
        """Return the futures done, waiting in slices of SIGNAL_CHECK seconds: a Ctrl-C the
        kernel hands to another thread of this process (numpy's OpenBLAS starts one) only
        marks the signal, and a main thread waiting without a timeout would never look."""
        while True:
            done = wait_futures(futures, timeout=SIGNAL_CHECK, return_when=FIRST_COMPLETED).done
            if done:
                return done

    def _value(self, future):
        try:
            return future.result()
        except (BrokenProcessPool, CancelledError) as exc:
            raise _Retry("the worker process died while on this task (twice: out of memory, or a crash "
                         "in a library); the task was given up") from exc

    def _restart(self) -> None:
        self._stop(kill=True)
        self.generation += 1

    def worker_pids(self) -> set[int]:
        """Return the pids of the workers this pool has started (those that have begun)."""
        while self._pid_queue is not None and not self._pid_queue.empty():
            self._pids.add(self._pid_queue.get())
        return set(self._pids)

    def _kill_workers(self) -> None:
        for pid in self.worker_pids():
            for kill in (os.killpg, os.kill):  # the worker's group (its Tesseract too), else the worker
                try:
                    kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass

    def close(self, abort: bool = False) -> None:
        self._stop(kill=abort)
        if self._shared is not None:
            self._shared.cleanup()
            self._shared = None

    def _stop(self, kill: bool) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if kill:
            self._kill_workers()
        pool.shutdown(wait=True, cancel_futures=True)
        self.worker_pids()  # kept for the record once the queue is closed
        self._pid_queue.close()
        self._pid_queue = None

