"""Shared fixtures (the template, the dictionaries, the seed sample) and the test tiers.

Tests that run an external program (Tesseract, poppler, Chromium), start a Dask cluster or
run the command line in a subprocess are the `integration` tier; the rest are unit
tests (`make test-fast`). A module is marked here, by name, so the tier of every test is
in one place. A unit test that starts Tesseract or Chromium fails with a message saying
so: the guard below puts stand-ins for them first on PATH.

`make test` runs the tests in two pytest-xdist workers, a module at a time (`--dist
loadfile`), except that the modules sharing one of the session's OCR caches of the sample
scans (SHARED_CACHE_MODULES) run together in one worker, in order: so each page is OCR'd
once per test run, with workers or without.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.dictionary import Dictionary, load_dictionaries
from pipeline.model import Resolved
from pipeline.template import Template, load_template

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "text" / "000_d000cb5bc4147d98.txt"
BOUNDS = ("start_date", "end_date")  # the document fields a report's date is bounded by


def project(start: str, end: str) -> dict[str, Resolved]:
    """The document fields of a project running from `start` to `end` (ISO dates)."""
    return {name: Resolved(name, value, 1.0, "unanimous", False, ()) for name, value in zip(BOUNDS, (start, end))}

INTEGRATION_MODULES = {
    "test_bad_input.py": "the command line in subprocesses; Tesseract on bad scans",
    "test_cli.py": "the command line in subprocesses",
    "test_crops.py": "poppler rasterises the scans; one run through Tesseract",
    "test_dask.py": "Dask clusters",
    "test_integ_invented.py": "Tesseract on the invented scans",
    "test_integ_lm.py": "Tesseract on the sample scans, with and without the language model",
    "test_integ_scans.py": "Tesseract on the seed's scans",
    "test_low_resolution.py": "Tesseract on a page rasterised at 150 dpi",
    "test_page_task.py": "Tesseract reads a page whose time runs out at its re-reads",
    "test_orientation.py": "Tesseract on a page turned upside down",
    "test_number_rereads.py": "Tesseract reads rendered numbers again",
    "test_ocr.py": "Tesseract",
    "test_packaging.py": "pip installs the package into a fresh virtualenv",
    "test_raster.py": "poppler and pdfium rasterise pages",
    "test_recover.py": "Tesseract re-reads",
    "test_reread.py": "Tesseract reads a page whose layout garbles a line, and re-reads it",
    "test_reread_marks.py": "Tesseract reads a line's marks as a line apart, and re-reads them with it",
    "test_set_apart.py": "Tesseract reads a page whose layout sets a line's last word apart, and re-reads it",
    "test_resume.py": "the command line in subprocesses, stopped by signals",
    "test_text_layer.py": "Chromium typesets born-digital PDFs; poppler reads them; Tesseract",
    "test_thai_digits.py": "Tesseract reads a report printed in Thai digits",
    "test_review_browser.py": "Chromium",
    "test_tesseract.py": "Tesseract, the program and tesserocr",
}
GUARDED_PROGRAMS = ("tesseract", "chromium", "chromium-browser")
SHARED_CACHE_MODULES = {  # the session OCR cache fixture (below) each module's tests share
    "test_integ_invented.py": "invented_cache",
    "test_integ_lm.py": "invented_cache",
    "test_resume.py": "invented_cache",
    "test_integ_scans.py": "seed_scan_cache",
    "test_orientation.py": "seed_scan_cache",
    "test_text_layer.py": "seed_scan_cache",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in INTEGRATION_MODULES:
            item.add_marker(pytest.mark.integration)
        for cache in set(SHARED_CACHE_MODULES.values()) & set(getattr(item, "fixturenames", ())):
            if SHARED_CACHE_MODULES.get(item.path.name) != cache:
                raise pytest.UsageError(f"{item.nodeid} uses the session fixture {cache}: add its module to "
                                        "SHARED_CACHE_MODULES in tests/conftest.py, so it runs in that cache's worker")


@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """With `--dist loadfile`: a module at a time, the modules of SHARED_CACHE_MODULES by their cache.
    (pytest-xdist's `--dist loadgroup` would group them by a mark, but it tags the tests' node
    ids to do so, which pytest 9.2 no longer lets it: its groups are silently ignored.)"""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class SharedCacheScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = super()._split_scope(nodeid)
            return SHARED_CACHE_MODULES.get(Path(module).name, module)

    return SharedCacheScheduling(config, log)


def pytest_sessionstart(session: pytest.Session) -> None:
    """A module listed above but gone (renamed?) would leave its tests unmarked: say so."""
    here = Path(__file__).resolve().parent
    missing = sorted(name for name in INTEGRATION_MODULES if not (here / name).exists())
    if missing:
        raise pytest.UsageError(f"tests/conftest.py lists integration modules that do not exist: {missing}")


@pytest.fixture(scope="session")
def _stand_ins(tmp_path_factory) -> Path:
    """A folder of scripts named like the guarded programs that fail loudly when run."""
    folder = tmp_path_factory.mktemp("unit-tier-path")
    for name in GUARDED_PROGRAMS:
        script = folder / name
        script.write_text(f'#!/bin/sh\necho "a unit test ran {name}: add its module to INTEGRATION_MODULES '
                          f'in tests/conftest.py" >&2\nexit 97\n')
        script.chmod(0o755)
    return folder


@pytest.fixture(autouse=True)
def _unit_tests_run_no_external_program(request, monkeypatch) -> None:
    if request.node.get_closest_marker("integration") is None:
        folder = request.getfixturevalue("_stand_ins")
        monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")


@pytest.fixture(scope="session")
def invented_cache(tmp_path_factory) -> Path:
    """One OCR page cache for the invented sample scans, so a test run OCRs them once."""
    return tmp_path_factory.mktemp("invented-ocr") / "cache.sqlite"


@pytest.fixture(scope="session")
def seed_scan_cache(tmp_path_factory) -> Path:
    """One OCR page cache for the committed seed scans (samples/scans/seed), so a test run
    OCRs each of their pages once; a page a test changes (turns, cuts) is read afresh."""
    return tmp_path_factory.mktemp("seed-ocr") / "cache.sqlite"


@pytest.fixture(scope="session")
def template() -> Template:
    return load_template()


@pytest.fixture(scope="session")
def dictionary() -> Dictionary:
    return load_dictionaries()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
