"""pipeline/tesseract.py, the driver of the tesseract program, with the real program."""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import time

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.deadline import Deadline, PageTimeout
from pipeline.errors import MissingDependencyError
from pipeline.tesseract import TSV_HEADER, Tesseract, TesseractError, default_engine


def hello() -> Image.Image:
    """A line of print with no resolution stated, which Tesseract estimates (on stderr)."""
    image = Image.new("L", (400, 100), 255)
    ImageDraw.Draw(image).text((10, 30), "Hello world", fill=0, font=ImageFont.load_default(24))
    return image


ENGINES = ["cli"] + (["tesserocr"] if importlib.util.find_spec("tesserocr") else [])


@pytest.fixture()
def one_openmp_thread(monkeypatch):
    """In-process Tesseract in this test process as in a worker: OpenMP limited to one
    thread before it starts (else a process forked from this one later could hang)."""
    monkeypatch.setenv("OMP_THREAD_LIMIT", "1")


@pytest.mark.parametrize("engine", ENGINES)
def test_each_engine_reads_text_and_tsv_with_the_same_columns(engine, one_openmp_thread):
    out = Tesseract("eng", engine).read(hello(), ("txt", "tsv"))
    assert out["txt"].strip() == "Hello world"
    rows = [ln.split("\t") for ln in out["tsv"].splitlines()]
    assert rows[0] == TSV_HEADER.rstrip("\n").split("\t") and all(len(r) == 12 for r in rows[1:])
    assert "".join(r[11] for r in rows[1:]).replace(" ", "") == "Helloworld"


def test_a_run_returns_every_output_asked_for_and_logs_what_tesseract_said(caplog):
    caplog.set_level(logging.DEBUG, logger="pipeline.tesseract")
    out = Tesseract("eng", "cli").read(hello(), ("txt", "tsv"))
    assert out["txt"].strip() == "Hello world" and out["tsv"].startswith("level\tpage_num")
    said = [r.getMessage() for r in caplog.records if r.name == "pipeline.tesseract"]
    assert any("Estimating resolution" in m for m in said), said


def test_a_failing_run_raises_with_tesseracts_message_and_logs_it_as_a_warning(caplog):
    caplog.set_level(logging.WARNING, logger="pipeline.tesseract")
    with pytest.raises(TesseractError, match="exit status"):
        Tesseract("xyz", "cli").text(Image.new("L", (50, 50), 255))
    assert any("xyz" in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_page_past_its_deadline_is_not_read(engine):
    with pytest.raises(PageTimeout):
        Tesseract("eng", engine).text(Image.new("L", (50, 50), 255), deadline=Deadline(time.monotonic() - 1))


def test_the_thread_limit_goes_to_the_program_not_to_this_process(tmp_path, monkeypatch):
    """A stand-in program on PATH writes the environment it was given: the limit is
    there, and the caller's own environment never gets it."""
    real = shutil.which("tesseract")
    fake = tmp_path / "tesseract"
    seen = tmp_path / "env.txt"
    fake.write_text(f'#!/bin/sh\nenv > {seen}\nexec {real} "$@"\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    Tesseract("eng", "cli", threads=1).text(Image.new("L", (50, 50), 255))
    assert "OMP_THREAD_LIMIT=1" in seen.read_text().splitlines()
    assert "OMP_THREAD_LIMIT" not in os.environ


def test_the_callers_own_process_reads_with_the_program_unless_told_otherwise(monkeypatch):
    monkeypatch.delenv("THAI_OCR_ENGINE", raising=False)
    assert default_engine() == "cli"


def test_the_engine_can_be_chosen_in_the_environment_and_a_wrong_name_is_refused(monkeypatch):
    monkeypatch.setenv("THAI_OCR_ENGINE", "cli")
    assert default_engine() == "cli"
    monkeypatch.setenv("THAI_OCR_ENGINE", "tesseract.exe")
    with pytest.raises(MissingDependencyError, match="THAI_OCR_ENGINE='tesseract.exe'.*tesserocr or cli"):
        default_engine()


def test_both_engines_give_the_same_output_on_a_thai_page(one_openmp_thread):
    """tesserocr is used only when it runs the program's Tesseract: then a page reads the
    same, character for character and box for box, either way."""
    from test_ocr import render

    from pipeline.tesseract import worker_engine

    if "tesserocr" not in ENGINES or worker_engine() != "tesserocr":
        pytest.skip("no tesserocr built against the program's Tesseract here (make setup builds it)")
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        page = Image.open(render(Path(tmp) / "page.png")).convert("L")
        page.load()
    cli, in_process = (Tesseract("tha+eng", engine).read(page, ("txt", "tsv")) for engine in ("cli", "tesserocr"))
    assert in_process == cli and "50210000-3491" in cli["txt"]


def _engine_where_no_python_can_start() -> str:
    """worker_engine() decided afresh in a pool worker whose Python cannot start a child Python."""
    import sys

    from pipeline import tesseract

    tesseract.worker_engine.cache_clear()
    tesseract._tesserocr_library.cache_clear()
    sys.executable = "/nonexistent/python"
    return tesseract.worker_engine()


def test_a_worker_decides_its_engine_itself_as_the_main_process_would(monkeypatch):
    """The main process hands out pages without first asking a child process which engine
    the workers will use: each worker asks the library it reads with, and gets the answer
    the main process's check gives."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from pipeline.tesseract import _program_version, _tesserocr_library

    monkeypatch.delenv("THAI_OCR_ENGINE", raising=False)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        in_worker = pool.submit(_engine_where_no_python_can_start).result()
    same = importlib.util.find_spec("tesserocr") is not None and _tesserocr_library() == _program_version()
    assert in_worker == ("tesserocr" if same else "cli")


@pytest.mark.skipif("tesserocr" not in ENGINES, reason="tesserocr is not installed")
def test_the_in_process_tsv_is_tesseracts_own_byte_for_byte(one_openmp_thread):
    """The TSV the tesserocr engine writes from one walk over the words is the one
    Tesseract's GetTSVText writes (which walks every character, at several times the cost),
    on a Thai page and on a blank one."""
    import tempfile
    from pathlib import Path

    from test_ocr import render

    from pipeline.tesseract import _api, _tsv_text

    with tempfile.TemporaryDirectory() as tmp:
        page = Image.open(render(Path(tmp) / "page.png")).convert("L")
        page.load()
    api = _api("tha+eng")
    words = []
    for image in (page, Image.new("L", (300, 200), 255)):
        api.SetImageBytes(image.tobytes(), image.width, image.height, 1, image.width)
        assert api.Recognize()
        made = _tsv_text(api, image.width, image.height)
        assert made == api.GetTSVText(0)
        words.append(sum(row.startswith("5\t") for row in made.splitlines()))
    assert words[0] > 20 and words[1] == 0
