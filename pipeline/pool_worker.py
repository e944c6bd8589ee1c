"""What runs inside a local pool worker (pipeline.executor.LocalPool): its start-up, which
makes Ctrl-C the main process's alone and the worker die with the main process, and the
objects shared with every task, unpickled once per worker."""

from __future__ import annotations

import os
import pickle
import signal
import threading
import time
import uuid
from typing import Any

WORKER_ENV = {"OMP_THREAD_LIMIT": "1"}  # one Tesseract thread a worker: the workers are the parallelism


def worker_init(pids: Any) -> None:
    """Start a pool worker: record its pid with the pool (`pids`, a queue), make Ctrl-C the
    main process's alone, set the worker-only environment, and make sure the worker does
    not outlive the main process."""
    pids.put(os.getpid())
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.setpgrp()  # a terminal's Ctrl-C goes to the foreground group only; the parent stops us
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    os.environ.update(WORKER_ENV)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os.killpg(0, signal.SIGKILL)  # the parent was killed: take our Tesseract with us

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


_SHARED: dict[str, Any] = {}  # in a pool worker: the shared objects it has unpickled, by key


def _unpickle_shared(key: str, path: str) -> Any:
    if key not in _SHARED:
        _SHARED.clear()  # one run's objects at a time
        with open(path, "rb") as fh:
            _SHARED[key] = pickle.load(fh)
    return _SHARED[key]


class Shared:
    """An object pickled once in the main process, to a file of the pool's, and unpickled
    once in each pool worker: a task carries only its key and file name, not the object
    (a voter with its language model is several megabytes, which every task sent through the pipe)."""

    def __init__(self, obj: Any, folder: str):
        self.key = uuid.uuid4().hex
        self.path = os.path.join(folder, self.key)
        with open(self.path, "wb") as fh:
            pickle.dump(obj, fh, pickle.HIGHEST_PROTOCOL)

    def __reduce__(self) -> tuple:
        return _unpickle_shared, (self.key, self.path)
