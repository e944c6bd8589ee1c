"""The Tesseract driver: the one module that runs Tesseract, through one of two engines
that give the same output.

- "tesserocr": Tesseract's C API in the worker's own process (the tesserocr package,
  built against the system's libtesseract: `make setup` does), one engine per worker
  thread holding the language model loaded, the page's pixels passed in memory. It
  saves the program's start and model load (about 0.4 s) on every read, re-reads
  included. Used in worker processes when tesserocr is installed and runs the same
  Tesseract version as the program (a tesserocr wheel that bundles another version
  reads differently), so which engine read a page never changes what it says. Not in
  the caller's own process (pages read without a pool: `Executor()`, or a run inside a
  daemonic process): Tesseract's OpenMP runtime, once started there, makes any process
  forked from it later hang.
- "cli": the `tesseract` program, once per read, the page handed over as an
  uncompressed PNM file in a private temporary folder (a PNG costs about 0.25 s to
  write, and again to decode, for the same pixels). The program gets the caller's
  environment plus OMP_THREAD_LIMIT, the page's deadline as its time limit, and its
  stderr is logged (debug level; warning level when it fails).

Pages run in parallel, one per worker, so Tesseract's own OpenMP threads only slow that
down: both engines read with one (OMP_THREAD_LIMIT=1 in the program's or the worker's
own environment, never the caller's). THAI_OCR_ENGINE=cli or =tesserocr overrides the
choice everywhere.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import logging
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from .deadline import Deadline, PageTimeout, seconds_left
from .errors import MissingDependencyError

if TYPE_CHECKING:
    from .executor import Executor

log = logging.getLogger(__name__)
PROGRAM = "tesseract"
ENGINES = ("tesserocr", "cli")
INSTALL = "run `make setup` or `sudo apt-get install tesseract-ocr tesseract-ocr-tha`"
WHITELIST = "tessedit_char_whitelist"  # Tesseract's variable: the only characters a recognition may read
TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"


class TesseractError(Exception):
    """Tesseract ran and failed on a page (its exit status and first line of stderr)."""


class TesseractNotFoundError(MissingDependencyError):
    """Tesseract is not installed where the page ran."""


def chosen_engine() -> str | None:
    """Return the engine THAI_OCR_ENGINE names, or None when it is not set."""
    chosen = os.environ.get("THAI_OCR_ENGINE", "").strip().lower()
    if chosen and chosen not in ENGINES:
        raise MissingDependencyError(f"THAI_OCR_ENGINE={chosen!r} is not an engine; choose {' or '.join(ENGINES)}")
    return chosen or None


def default_engine() -> str:
    """Return the engine that reads a page in this process: THAI_OCR_ENGINE if set, else
    "tesserocr" in a worker process where it is installed and runs the same Tesseract
    as the program, else "cli"."""
    if chosen := chosen_engine():
        return chosen
    if multiprocessing.parent_process() is None:
        return "cli"
    return worker_engine()


@functools.cache
def worker_engine() -> str:
    """Return the engine a worker process reads with unless THAI_OCR_ENGINE says: "tesserocr"
    where it is installed and runs the same Tesseract version as the program, else "cli".

    Each worker decides for itself, on its first page, asking the library it would read
    with anyway, so the main process waits for no check before handing out pages; asked
    in the main process, the library's version comes from a child process."""
    if importlib.util.find_spec("tesserocr") is None or shutil.which(PROGRAM) is None:
        return "cli"
    in_worker = multiprocessing.parent_process() is not None
    library, program = (_loaded_library() if in_worker else _tesserocr_library()), _program_version()
    if library != program:
        log.info("tesserocr runs Tesseract %s, the program %s: reading with the program", library, program)
        return "cli"
    return "tesserocr"


@functools.cache
def _tesserocr_library() -> str:
    """Return the version of the Tesseract library tesserocr runs, asked in a child
    process: loading it here would start its OpenMP runtime before the workers fork."""
    code = "import tesserocr; print(tesserocr.tesseract_version().split()[1])"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    return proc.stdout.strip().partition("-")[0] if proc.returncode == 0 else "unusable"


def _tesserocr():
    """Return the tesserocr module, imported in this worker with OpenMP limited to one
    thread first (the worker's own environment, read as OpenMP starts)."""
    if multiprocessing.parent_process() is not None:
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    import tesserocr

    return tesserocr


def _loaded_library() -> str:
    """Return the version of the Tesseract library tesserocr runs, asked in this worker process."""
    try:
        return _tesserocr().tesseract_version().split()[1].partition("-")[0]
    except (ImportError, OSError, IndexError) as exc:
        log.info("tesserocr cannot be loaded here (%s): reading with the program", exc)
        return "unusable"


def _run(args: Sequence[str], timeout: float | None = None, threads: int | None = None) -> subprocess.CompletedProcess:
    """Return the finished `tesseract ARGS` run; PageTimeout when it ran out of time."""
    env = {**os.environ, "OMP_THREAD_LIMIT": str(threads)} if threads else None
    try:
        return subprocess.run([PROGRAM, *args], capture_output=True, timeout=timeout, env=env)
    except FileNotFoundError as exc:
        raise TesseractNotFoundError(f"Tesseract is not installed: {INSTALL}") from exc
    except subprocess.TimeoutExpired as exc:
        log.info("tesseract: stopped after %.1f s (the page's time limit)", timeout or 0)
        raise PageTimeout from exc


def tessdata() -> tuple[str, set[str]]:
    """Return the folder of Tesseract's language data and the languages it holds, as the
    tesseract program reports them (TesseractNotFoundError without it)."""
    if shutil.which(PROGRAM) is None:
        raise TesseractNotFoundError(f"Tesseract is not installed: {INSTALL}")
    listed = _run(["--list-langs"]).stdout.decode("utf-8", "replace").splitlines()
    folder = re.search(r'"(.+?)"', listed[0]) if listed else None
    return (folder.group(1) if folder else ""), {ln.strip() for ln in listed[1:] if ln.strip()}


def tesseract_version(lang: str) -> str:
    """Return the version of the Tesseract that reads the pages (the program's, which
    tesserocr matches unless THAI_OCR_ENGINE=tesserocr forces another), after checking
    it and every language pack in `lang` are installed.

    Raises MissingDependencyError (exit status 3) with the command that installs what is
    missing.
    """
    _, have = tessdata()
    missing = [code for code in lang.split("+") if code not in have]
    if missing:
        packs = " ".join(f"tesseract-ocr-{code}" for code in missing)
        raise MissingDependencyError(
            f"Tesseract language data missing: {', '.join(missing)}; install it with `sudo apt-get install {packs}`"
        )
    if chosen_engine() == "tesserocr" and _tesserocr_library() != _program_version():
        return f"{_tesserocr_library()} (tesserocr {importlib.metadata.version('tesserocr')})"
    return _program_version()


def tesseract_version_where_read(lang: str, executor: Executor | None) -> str:
    """Check Tesseract and the language packs where the pages will be read; return its version.

    On a Dask cluster that is every worker (this machine need not have Tesseract), and
    all of them must run the same version, which is part of the page cache key.
    """
    if executor is None or not executor.remote:
        return tesseract_version(lang)
    found = executor.client.run(tesseract_version, lang, on_error="return")
    for worker, version in sorted(found.items()):
        if isinstance(version, MissingDependencyError):
            raise MissingDependencyError(f"on Dask worker {worker}: {version}")
        if isinstance(version, ImportError):
            raise MissingDependencyError(f"on Dask worker {worker}: {version}; install this package and its "
                                         "dependencies there (the same versions as here)")
        if isinstance(version, BaseException):
            raise MissingDependencyError(f"on Dask worker {worker}: cannot run Tesseract ({version}); "
                                         "install tesseract-ocr and tesseract-ocr-tha there")
    versions = sorted(set(found.values()))
    if len(versions) > 1:
        raise MissingDependencyError(f"the Dask workers run different Tesseract versions ({', '.join(versions)}); "
                                     "install the same version on every worker")
    return versions[0]


@functools.cache
def _program_version() -> str:
    first = _run(["--version"]).stdout.decode("utf-8", "replace").split()
    return first[1].partition("-")[0] if len(first) > 1 else "unknown"


@dataclass(frozen=True)
class Tesseract:
    """How pages are read: the language packs, the engine ("tesserocr" or "cli"; None:
    default_engine()), and the OpenMP threads each program run may use (None:
    Tesseract's own default)."""

    lang: str = "tha+eng"
    engine: str | None = None
    threads: int | None = 1

    def read(self, image: Image.Image, outputs: Sequence[str] = ("txt",), psm: int | None = None,
             deadline: Deadline | None = None, allowed: str = "") -> dict[str, str]:
        """Return Tesseract's outputs on `image`, by name ("txt", "tsv"), from one recognition.

        `psm` is the page segmentation mode (None: Tesseract's default, 3); `allowed`, when
        given, the only characters the recogniser may read (tessedit_char_whitelist).
        Raises PageTimeout past `deadline`, TesseractError when Tesseract fails.
        """
        if (self.engine or default_engine()) == "tesserocr":
            return _read_in_process(self.lang, image, outputs, psm, deadline, allowed)
        return self._read_with_program(image, outputs, psm, deadline, allowed)

    def text(self, image: Image.Image, psm: int | None = None, deadline: Deadline | None = None,
             allowed: str = "") -> str:
        """Return the plain text Tesseract reads on `image` (`allowed`: see `read`)."""
        return self.read(image, ("txt",), psm, deadline, allowed)["txt"]

    def texts(self, images: Sequence[Image.Image], psm: int, deadline: Deadline | None = None,
              allowed: str = "") -> list[str]:
        """Return the plain text Tesseract reads on each of `images` (small ones: words
        read again), in order. The program reads them all in one run (a list of image
        files, its outputs parted by form feeds), so its start and model load are paid
        once, not per image."""
        if not images:
            return []
        if (self.engine or default_engine()) == "tesserocr":
            return [_read_in_process(self.lang, im, ("txt",), psm, deadline, allowed)["txt"] for im in images]
        with tempfile.TemporaryDirectory(prefix="tess_") as tmp:
            names = [Path(tmp) / f"{i}.pnm" for i in range(len(images))]
            for name, image in zip(names, images):
                image.save(name, format="PPM")
            listing, base = Path(tmp) / "images.txt", Path(tmp) / "out"
            listing.write_text("".join(f"{name}\n" for name in names), "utf-8")
            self._run_program([str(listing), str(base), "-l", self.lang, "--psm", str(psm),
                               *(["-c", f"{WHITELIST}={allowed}"] if allowed else []), "txt"], deadline)
            read = base.with_suffix(".txt").read_text("utf-8").split("\f")
        if len(read) != len(images):
            raise TesseractError(f"tesseract read {len(read)} images of {len(images)}")
        return read

    def _run_program(self, args: list[str], deadline: Deadline | None) -> None:
        """Run the program with `args`; raise TesseractError when it fails, log its stderr."""
        proc = _run(args, seconds_left(deadline), self.threads)
        err = proc.stderr.decode("utf-8", "replace").strip()
        if proc.returncode:
            log.warning("tesseract %s: exit status %d: %s", " ".join(args[2:]), proc.returncode, err)
            first = err.splitlines()[0] if err else "no message"
            raise TesseractError(f"tesseract exit status {proc.returncode}: {first}")
        if err:
            log.debug("tesseract %s: %s", " ".join(args[2:]), err.replace("\n", "; "))

    def _read_with_program(self, image: Image.Image, outputs: Sequence[str], psm: int | None,
                           deadline: Deadline | None, allowed: str) -> dict[str, str]:
        with tempfile.TemporaryDirectory(prefix="tess_") as tmp:
            source, base = Path(tmp) / "page.pnm", Path(tmp) / "out"
            image.save(source, format="PPM")
            args = [str(source), str(base), "-l", self.lang, *(["--psm", str(psm)] if psm is not None else []),
                    *(["-c", f"{WHITELIST}={allowed}"] if allowed else []), *outputs]
            self._run_program(args, deadline)
            return {ext: (base.with_suffix(f".{ext}")).read_text("utf-8") for ext in outputs}


_engines = threading.local()


def _api(lang: str):
    """Return this thread's tesserocr engine for `lang`, made on first use and kept (the
    model stays loaded; one per language a thread reads, the page's and a re-read's);
    one made before a fork is not used by the child."""
    pid = os.getpid()
    if getattr(_engines, "pid", None) != pid:
        _engines.pid, _engines.apis = pid, {}
    api = _engines.apis.get(lang)
    if api is None:
        tesserocr = _tesserocr()
        folder, _ = tessdata()
        api = _engines.apis[lang] = tesserocr.PyTessBaseAPI(path=folder, lang=lang)
        log.debug("tesserocr: loaded %s from %s", lang, folder)
    return api


def _read_in_process(lang: str, image: Image.Image, outputs: Sequence[str], psm: int | None,
                     deadline: Deadline | None, allowed: str = "") -> dict[str, str]:
    """Return the outputs of one recognition by this thread's tesserocr engine (the
    characters `allowed` set for this recognition alone)."""
    import tesserocr

    left = seconds_left(deadline)
    api = _api(lang)
    api.SetPageSegMode(tesserocr.PSM.AUTO if psm is None else psm)
    api.SetVariable(WHITELIST, allowed)
    grey = image.convert("L")
    api.SetImageBytes(grey.tobytes(), grey.width, grey.height, 1, grey.width)
    if not api.Recognize(timeout=max(1, int(left * 1000)) if left else 0):
        if deadline is not None:
            log.info("tesserocr: stopped at the page's time limit")
            raise PageTimeout
        raise TesseractError("tesserocr: recognition failed")
    made = {"txt": api.GetUTF8Text, "tsv": lambda: TSV_HEADER + _tsv_text(api, grey.width, grey.height)}
    unknown = [ext for ext in outputs if ext not in made]
    if unknown:
        raise ValueError(f"tesserocr engine: unknown output {unknown[0]!r}")
    return {ext: made[ext]() for ext in outputs}


def _box(it, level: int) -> str:
    left, top, right, bottom = it.BoundingBox(level)
    return f"{left}\t{top}\t{right - left}\t{bottom - top}"


def _tsv_text(api, width: int, height: int) -> str:
    """Return the TSV rows of the page `api` recognised (a `width` x `height` image), the
    same bytes as Tesseract's GetTSVText(0), which walks every character of every word
    and costs about a tenth of the recognition (0.165 CPU s a page; one walk over the
    words, 0.065)."""
    from tesserocr import RIL

    rows = [f"1\t1\t0\t0\t0\t0\t0\t0\t{width}\t{height}\t-1\t"]
    it = api.GetIterator()
    block = par = line = word = 0
    while it is not None and not it.Empty(RIL.BLOCK):
        if it.Empty(RIL.WORD):
            it.Next(RIL.WORD)
            continue
        if it.IsAtBeginningOf(RIL.BLOCK):
            block, par, line, word = block + 1, 0, 0, 0
            rows.append(f"2\t1\t{block}\t0\t0\t0\t{_box(it, RIL.BLOCK)}\t-1\t")
        if it.IsAtBeginningOf(RIL.PARA):
            par, line, word = par + 1, 0, 0
            rows.append(f"3\t1\t{block}\t{par}\t0\t0\t{_box(it, RIL.PARA)}\t-1\t")
        if it.IsAtBeginningOf(RIL.TEXTLINE):
            line, word = line + 1, 0
            rows.append(f"4\t1\t{block}\t{par}\t{line}\t0\t{_box(it, RIL.TEXTLINE)}\t-1\t")
        word += 1
        rows.append(f"5\t1\t{block}\t{par}\t{line}\t{word}\t{_box(it, RIL.WORD)}\t"
                    f"{it.Confidence(RIL.WORD):.6f}\t{it.GetUTF8Text(RIL.WORD)}")
        if not it.Next(RIL.WORD):
            break
    return "\n".join(rows) + "\n"
