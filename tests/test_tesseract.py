"""pipeline/tesseract.py, the driver of the tesseract program, with the real program."""

from __future__ import annotations

import logging
import os
import shutil
import time

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.deadline import Deadline, PageTimeout
from pipeline.tesseract import Tesseract, TesseractError


def hello() -> Image.Image:
    """A line of print with no resolution stated, which Tesseract estimates (on stderr)."""
    image = Image.new("L", (400, 100), 255)
    ImageDraw.Draw(image).text((10, 30), "Hello world", fill=0, font=ImageFont.load_default(24))
    return image


def test_a_run_returns_every_output_asked_for_and_logs_what_tesseract_said(caplog):
    caplog.set_level(logging.DEBUG, logger="pipeline.tesseract")
    out = Tesseract("eng").read(hello(), ("txt", "tsv"))
    assert out["txt"].strip() == "Hello world" and out["tsv"].startswith("level\tpage_num")
    said = [r.getMessage() for r in caplog.records if r.name == "pipeline.tesseract"]
    assert any("Estimating resolution" in m for m in said), said


def test_a_failing_run_raises_with_tesseracts_message_and_logs_it_as_a_warning(caplog):
    caplog.set_level(logging.WARNING, logger="pipeline.tesseract")
    with pytest.raises(TesseractError, match="exit status"):
        Tesseract("xyz").text(Image.new("L", (50, 50), 255))
    assert any("xyz" in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)


def test_a_page_past_its_deadline_is_not_read():
    with pytest.raises(PageTimeout):
        Tesseract("eng").text(Image.new("L", (50, 50), 255), deadline=Deadline(time.monotonic() - 1))


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
    Tesseract("eng", threads=1).text(Image.new("L", (50, 50), 255))
    assert "OMP_THREAD_LIMIT=1" in seen.read_text().splitlines()
    assert "OMP_THREAD_LIMIT" not in os.environ
