"""Dask: the same small archive on the local process pool and on a real
distributed.LocalCluster (started by `--executor dask`, and reached by address as with
`--scheduler`) gives byte-identical CSVs and review page (crops of the scan
cut on the workers too), and the cluster really did the work."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from pipeline.api import reconcile
from pipeline.errors import MissingDependencyError, UsageError

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parent.parent
# Relative paths, as a user types them: a Dask worker's working folder is its own, so the
# pipeline must send it absolute paths while the CSVs keep these names.
ARCHIVE = ["samples/text", "samples/scans/invented/report_b_copy2_p1.jpg"]
CSVS = ("documents.csv", "progress_reports.csv", "variants.csv", "failures.csv")


@contextmanager
def cwd(folder: Path):
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@pytest.fixture(scope="module")
def local_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("local")
    with cwd(ROOT):
        result = reconcile(ARCHIVE, out, cache=out / "cache.sqlite", jobs=2)
    assert result.ocr.pages == 1 and result.ocr.cached == 0 and len(result.documents) == 2
    assert result.crops.pages_rasterised == 1 and result.crops.uris  # the review page's crops of the scan
    return out


def same_csvs(a: Path, b: Path) -> None:
    """The four CSVs and the review page (its crops of the scan among it) are byte-identical."""
    for name in (*CSVS, "report.html"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_executor_dask_starts_a_local_cluster_and_gives_identical_csvs(local_out, tmp_path):
    with cwd(ROOT):
        result = reconcile(ARCHIVE, tmp_path, cache=tmp_path / "cache.sqlite", jobs=2, executor="dask")
    assert result.ocr.pages == 1 and result.ocr.cached == 0  # OCR'd again, on the cluster
    same_csvs(local_out, tmp_path)


def test_scheduler_address_sends_ocr_and_reconciliation_to_the_cluster(local_out, tmp_path):
    with cwd(tmp_path), distributed.LocalCluster(  # workers started elsewhere than the client's folder
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
            silence_logs=logging.ERROR) as cluster, distributed.Client(cluster) as client:
        with distributed.get_task_stream(client) as stream, cwd(ROOT):
            reconcile(ARCHIVE, tmp_path, cache=tmp_path / "cache.sqlite", scheduler=cluster.scheduler_address)
        ran = [task["key"] for task in stream.data]  # filled when the stream closes
    same_csvs(local_out, tmp_path)
    names = [str(key).split("-", 1)[0] for key in ran]
    assert names.count("ocr_task") == 1 and names.count("reconcile_task") == 2, names
    assert names.count("crop_page") == 1, names


def test_unreachable_scheduler_is_a_usage_error(tmp_path):
    from pipeline.dask_executor import DaskExecutor

    with pytest.raises(UsageError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        DaskExecutor("tcp://127.0.0.1:9", connect_timeout=1)


def test_without_dask_installed_the_message_says_how_to_install_it(monkeypatch):
    from pipeline.executor_choice import make_executor

    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    with pytest.raises(MissingDependencyError, match=r"Dask is not installed.*\[dask\]"):
        make_executor("dask", 1)


def test_without_dask_a_run_asking_for_it_stops_before_making_the_output_folder(monkeypatch, tmp_path):
    from pipeline.api import reconcile

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingDependencyError, match="Dask is not installed"):
        reconcile(ARCHIVE[0], tmp_path / "out", executor="dask")
    assert not (tmp_path / "out").exists()


def test_cli_rejects_scheduler_with_local_executor(tmp_path):
    p = subprocess.run([sys.executable, "-m", "pipeline", str(ARCHIVE[0]), "--out", str(tmp_path),
                        "--executor", "local", "--scheduler", "tcp://127.0.0.1:9"], capture_output=True, text=True)
    assert p.returncode == 1 and "--scheduler" in p.stderr and "Traceback" not in p.stderr


def test_a_local_clusters_workers_get_the_worker_only_settings_and_aborting_it_stops_their_programs_only(
        monkeypatch):
    """One cluster for both: its workers have the worker-only environment and the caller
    has not; aborting it stops the programs its workers started and none of the caller's."""
    from pipeline.dask_executor import DaskExecutor

    def omp_thread_limit() -> str | None:  # nested, so it pickles by value and reads the worker's environment
        return os.environ.get("OMP_THREAD_LIMIT")

    def start_a_program() -> int:  # as a worker starts Tesseract; nested, so it pickles by value
        return subprocess.Popen(["tail", "-f", "/dev/null"]).pid

    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    bystander = subprocess.Popen(["cat"], stdin=subprocess.PIPE)  # the caller's own child, waiting on stdin
    try:
        executor = DaskExecutor(jobs=1)
        try:
            seen = executor.client.run(omp_thread_limit)
            workers_program = executor.client.submit(start_a_program, pure=False).result()
        finally:
            executor.close(abort=True)
        assert set(seen.values()) == {"1"} and "OMP_THREAD_LIMIT" not in os.environ
        assert bystander.poll() is None, "the caller's own child process was killed"
        assert not _running(workers_program), "the worker's program outlived the aborted cluster"
    finally:
        bystander.kill()
        bystander.wait()


def _running(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
