"""The executors' contract: outcomes in submission order whatever the finishing order, cache
hits answered without a worker, a task's error an outcome, and a worker that dies mid-task
costs only that task."""

from __future__ import annotations

import os
import pickle
import subprocess
import time

import pytest

from pipeline.executor import Executor, LocalPool, Outcome

psutil = pytest.importorskip("psutil")  # installed with the dask extra


def slow_square(n: int) -> int:
    time.sleep(0.02 * (5 - n % 5))  # later items finish first
    return n * n


def die_on_three(n: int) -> int:
    if n == 3:
        os._exit(1)  # as a worker killed by the kernel, or a crash in a C library
    return n * n


def fail_on_two(n: int) -> int:
    if n == 2:
        raise ValueError("bad page")
    return n


def length_plus(text: str, n: int) -> int:
    return len(text) + n


def test_a_shared_object_reaches_every_task_without_travelling_with_each():
    big = "ก" * 1_000_000
    with LocalPool(2) as pool:
        shared = pool.share(big)
        assert len(pickle.dumps(shared)) < 1000  # a key and a file name, not the megabyte
        outs = list(pool.imap(length_plus, range(6), const=shared))
        folder = os.path.dirname(shared.path)
        assert os.path.exists(shared.path)
    assert [o.value for o in outs] == [1_000_000 + n for n in range(6)]
    assert not os.path.exists(folder)  # the pool's files go with it


def test_outcomes_come_back_in_order_and_each_result_is_seen_once():
    seen = []
    with LocalPool(2) as pool:
        outs = list(pool.imap(slow_square, range(12), on_result=lambda o: seen.append(o.item)))
    assert [o.value for o in outs] == [n * n for n in range(12)]
    assert sorted(seen) == list(range(12))


def test_resolved_items_need_no_worker():
    ran = []
    with Executor() as inline:
        outs = list(inline.imap(lambda n: ran.append(n) or n, range(4),
                                resolve=lambda n: Outcome(n, -n, fresh=False) if n % 2 else None))
    assert [o.value for o in outs] == [0, -1, 2, -3] and ran == [0, 2]


def test_a_task_error_is_an_outcome_not_the_end_of_the_run():
    for executor in (Executor(), LocalPool(2)):
        with executor:
            outs = list(executor.imap(fail_on_two, range(4)))
        assert [o.value for o in outs] == [0, 1, None, 3]
        assert outs[2].error == "ValueError: bad page"


def test_a_worker_that_dies_costs_only_its_own_task():
    with LocalPool(2) as pool:
        outs = list(pool.imap(die_on_three, range(8)))
    assert [o.value for o in outs] == [0, 1, 4, None, 16, 25, 36, 49]
    assert "worker process died" in outs[3].error


def last_waits_for(item: tuple[int, str]) -> bool:
    """Task 3 ends when its file exists (False if it never appears, a minute at most); the others at once."""
    n, path = item
    deadline = time.monotonic() + 60
    while n == 3 and not os.path.exists(path):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_the_callers_later_work_runs_once_on_the_core_the_last_tasks_leave_idle(tmp_path):
    """`when_idle` runs while the last task still runs (that task waits for the file the
    work makes), only once every item has been handed out, and only once."""
    flag = str(tmp_path / "made-while-idle")
    handed_out, calls = [], []

    def items():
        for n in range(4):
            handed_out.append(n)
            yield n, flag

    def idle_work():
        calls.append(len(handed_out))
        open(flag, "w").close()

    with LocalPool(2) as pool:
        outs = list(pool.imap(last_waits_for, items(), when_idle=idle_work))
    assert [o.value for o in outs] == [True] * 4
    assert calls == [4]


class _HandOut:
    """Stands in for a pool: records the order tasks are handed out in (window 2)."""

    window = 2
    generation = 0

    def __init__(self):
        self.handed: list[int] = []

    def _submit(self, fn, const, item):
        self.handed.append(item)
        return object()


def _handed_out(priority) -> list[int]:
    """The order a window hands out range(6) when its oldest running task finishes first
    each time: which tasks a real pool's worker finishes first, and how many the main
    process sees at once, depend on the machine's load, so the order is checked here."""
    from pipeline.executor import _Window

    pool = _HandOut()
    window = _Window(pool, None, None, range(6), None, None)
    window.priority, window.lookahead = priority, (pool.window if priority else 0)
    while True:
        window.top_up()
        running = window.running()
        if not running:
            return pool.handed
        running[0].outcome = Outcome(running[0].item, None)


def test_the_last_items_go_out_highest_priority_first_and_come_back_in_order():
    """The first tasks go out in input order, the last `lookahead` (the window: two)
    highest priority first; a real pool gives the outcomes back in input order."""
    assert _handed_out(lambda n: n) == [0, 1, 2, 3, 5, 4]
    assert _handed_out(None) == list(range(6))
    with LocalPool(1) as pool:
        outs = list(pool.imap(abs, range(6), priority=lambda n: n))
    assert [(o.item, o.value) for o in outs] == [(n, n) for n in range(6)]


def test_the_callers_own_loop_never_runs_the_idle_work():
    calls = []
    with Executor() as inline:
        outs = list(inline.imap(abs, [-1, -2], when_idle=lambda: calls.append(1)))
    assert [o.value for o in outs] == [1, 2] and calls == []


def worker_pid(_: int) -> int:
    return os.getpid()


def start_a_program(_: int) -> int:
    """Start a program that runs until it is killed, as a worker starts Tesseract; return its pid."""
    return subprocess.Popen(["tail", "-f", "/dev/null"]).pid


def test_the_pool_knows_its_workers_and_an_abort_stops_them_and_their_programs():
    pool = LocalPool(2)
    with pool:
        ran_in = {o.value for o in pool.imap(worker_pid, range(6))}
    assert ran_in <= pool.worker_pids() and len(pool.worker_pids()) == 2
    pool = LocalPool(1)
    programs = [o.value for o in pool.imap(start_a_program, range(1))]
    workers = pool.worker_pids()
    pool.close(abort=True)
    _, alive = psutil.wait_procs([psutil.Process(pid) for pid in programs + sorted(workers)
                                  if psutil.pid_exists(pid)], timeout=10)
    assert not [p for p in alive if p.status() != psutil.STATUS_ZOMBIE]


def omp_thread_limit(_: int) -> str | None:
    return os.environ.get("OMP_THREAD_LIMIT")


def test_worker_only_settings_are_set_in_the_workers_not_in_the_caller(monkeypatch):
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    with LocalPool(2) as pool:
        seen = {o.value for o in pool.imap(omp_thread_limit, range(4))}
    assert seen == {"1"} and "OMP_THREAD_LIMIT" not in os.environ


def test_dask_not_installed_exits_3_naming_this_pythons_pip(monkeypatch, capsys, tmp_path):
    import shlex
    import sys

    from pipeline.cli import main
    from conftest import SEED

    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    assert main([str(SEED), "--out", str(tmp_path / "o"), "--executor", "dask"]) == 3
    err = capsys.readouterr().err
    assert "Dask is not installed" in err and f"{shlex.quote(sys.executable)} -m pip install" in err
    assert "thai-ocr-reconcile[dask]" in err and "Traceback" not in err


INTERRUPTED_ELSEWHERE = """
import signal, sys, threading, time
from pathlib import Path
from pipeline.executor import LocalPool

signal.signal(signal.SIGINT, signal.default_int_handler)  # as from a terminal, if the tests run in the background

started = Path(sys.argv[1])

def stuck(_):
    started.touch()
    time.sleep(600)

def interrupt_from_this_thread():
    while not started.exists():
        time.sleep(0.01)
    time.sleep(0.5)  # the main thread is waiting on the pool by now
    signal.pthread_kill(threading.get_ident(), signal.SIGINT)

threading.Thread(target=interrupt_from_this_thread, daemon=True).start()
pool = LocalPool(1)
try:
    for _ in pool.imap(stuck, [1]):
        pass
except KeyboardInterrupt:
    pool.close(abort=True)
    print("interrupted")
"""


def test_a_ctrl_c_the_kernel_hands_to_another_thread_still_stops_the_wait(tmp_path):
    """Ctrl-C goes to the whole process; the kernel may deliver it to any thread that does
    not block it (numpy's OpenBLAS thread), which only marks it: the main thread waiting
    on the pool must still see it."""
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parent.parent)
    script = tmp_path / "interrupted.py"
    script.write_text(INTERRUPTED_ELSEWHERE)
    proc = subprocess.Popen([sys.executable, str(script), str(tmp_path / "started")], stdout=subprocess.PIPE,
                            text=True, cwd=root, env={**os.environ, "PYTHONPATH": root})
    try:
        out, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert out.strip() == "interrupted"


def _executor_made_here(jobs: int) -> str:
    from pipeline.executor_choice import make_executor

    with make_executor("local", jobs) as executor:
        return f"{type(executor).__name__} {executor.jobs}"


def test_one_job_is_one_worker_process_and_a_daemonic_process_reads_in_itself():
    """A worker reads with tesserocr, which this process may not; a multiprocessing pool's
    worker may start no process of its own, so there a run reads in that process."""
    import multiprocessing

    assert _executor_made_here(1) == "LocalPool 1" and _executor_made_here(2) == "LocalPool 2"
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(_executor_made_here, (1,)) == "Executor 1"
        assert pool.apply(_executor_made_here, (2,)) == "Executor 1"
