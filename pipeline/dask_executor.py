"""Tasks on a Dask cluster: an existing one at an address, or a LocalCluster started here.

Offers the same ordered, windowed `imap` as the local pool (pipeline.executor). Each
worker gets the worker-only environment (pool_worker.WORKER_ENV) from a worker plugin, as a
local pool worker does from its initialiser; the calling process's environment is left
alone. Aborting (Ctrl-C) a cluster started here stops its workers and the programs they
started, and nothing else of the calling process's children.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from typing import Any

from .errors import MissingDependencyError, UsageError, pip_install
from .executor import WindowedExecutor
from .pool_worker import WORKER_ENV

DASK_INSTALL = f"install it with {pip_install('thai-ocr-reconcile[dask]')} (in a checkout of the source, `make setup` does)"
DASK_MISSING = f"Dask is not installed, and --executor dask / --scheduler need it: {DASK_INSTALL}"


class DaskExecutor(WindowedExecutor):
    """Tasks on a Dask cluster: an existing one at `scheduler`, or a LocalCluster of
    `jobs` single-threaded worker processes started here and stopped at the end."""

    name = "dask"
    remote = True

    def __init__(self, scheduler: str | None = None, jobs: int = 1, connect_timeout: float = 20,
                 workers_timeout: float = 120):
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise MissingDependencyError(DASK_MISSING) from exc
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
        self.client.register_plugin(_worker_environment())
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
        leftovers = self._worker_processes() if abort and self.cluster is not None else []
        try:
            self.client.close(timeout=10)
        finally:
            if self.cluster is not None:
                self.cluster.close(timeout=10)
            _kill_and_wait(leftovers)  # a Tesseract ignores Ctrl-C as its worker did: stop it here


    def _worker_processes(self) -> list[Any]:
        """Return the psutil processes of this cluster's workers and of every program they
        started (a Tesseract), and nothing else of this process's children."""
        import psutil  # a dependency of distributed

        found = []
        for nanny in list(self.cluster.workers.values()):
            pid = getattr(nanny, "pid", None)
            try:
                worker = psutil.Process(pid) if pid else None
                found += [worker, *worker.children(recursive=True)] if worker else []
            except psutil.Error:  # already gone
                pass
        return found


def _worker_environment() -> Any:
    """Return a Dask worker plugin that sets WORKER_ENV on every worker as it starts (a
    Dask worker has no initialiser; the plugin is also run by workers that join later)."""
    from distributed import WorkerPlugin

    class WorkerEnvironment(WorkerPlugin):
        name = "thai-ocr-reconcile-environment"

        def setup(self, worker: Any) -> None:
            os.environ.update(WORKER_ENV)

    return WorkerEnvironment()


def _kill_and_wait(procs: list[Any], timeout: float = 10) -> None:
    """SIGKILL the psutil processes and wait (up to `timeout` s) until they are gone."""
    import psutil

    for proc in procs:
        try:
            proc.kill()
        except psutil.Error:  # already gone
            pass
    psutil.wait_procs(procs, timeout=timeout)


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


