"""The Tesseract driver: the one module that runs the `tesseract` program.

Each read writes the page image to a private temporary folder, runs the program once for
every output asked for (text and TSV together), and returns what it wrote. The program
gets the caller's environment plus OMP_THREAD_LIMIT (one OpenMP thread per Tesseract by
default: pages run in parallel, one per worker, and Tesseract's own threads only slow
that down), a time limit (the page's deadline), and its stderr is logged at debug level
(warning level when it fails), so `--verbose` shows what Tesseract said about a page.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from .deadline import Deadline, PageTimeout, seconds_left
from .errors import MissingDependencyError

log = logging.getLogger(__name__)
PROGRAM = "tesseract"
INSTALL = "run `make setup` or `sudo apt-get install tesseract-ocr tesseract-ocr-tha`"


class TesseractError(Exception):
    """Tesseract ran and failed on a page (its exit status and first line of stderr)."""


class TesseractNotFoundError(MissingDependencyError):
    """The tesseract program is not installed where the page ran."""


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


def tesseract_version(lang: str) -> str:
    """Return Tesseract's version after checking it and every language pack in `lang` exist.

    Raises MissingDependencyError (exit status 3) with the command that installs what is
    missing.
    """
    if shutil.which(PROGRAM) is None:
        raise TesseractNotFoundError(f"Tesseract is not installed: {INSTALL}")
    listed = _run(["--list-langs"]).stdout.decode("utf-8", "replace").splitlines()
    have = {ln.strip() for ln in listed[1:] if ln.strip()}
    missing = [code for code in lang.split("+") if code not in have]
    if missing:
        packs = " ".join(f"tesseract-ocr-{code}" for code in missing)
        raise MissingDependencyError(
            f"Tesseract language data missing: {', '.join(missing)}; install it with `sudo apt-get install {packs}`"
        )
    first = _run(["--version"]).stdout.decode("utf-8", "replace").split()
    return first[1].partition("-")[0] if len(first) > 1 else "unknown"


@dataclass(frozen=True)
class Tesseract:
    """How pages are read: the language packs, and the OpenMP threads each run may use
    (None: Tesseract's own default)."""

    lang: str = "tha+eng"
    threads: int | None = 1

    def read(self, image: Image.Image, outputs: Sequence[str] = ("txt",), psm: int | None = None,
             deadline: Deadline | None = None) -> dict[str, str]:
        """Return Tesseract's outputs on `image`, by name ("txt", "tsv"), from one run.

        `psm` is the page segmentation mode (None: Tesseract's default, 3). Raises
        PageTimeout past `deadline`, TesseractError when the program fails.
        """
        with tempfile.TemporaryDirectory(prefix="tess_") as tmp:
            source, base = Path(tmp) / "page.png", Path(tmp) / "out"
            image.save(source, format="PNG")
            args = [str(source), str(base), "-l", self.lang, *(["--psm", str(psm)] if psm is not None else []),
                    *outputs]
            proc = _run(args, seconds_left(deadline), self.threads)
            err = proc.stderr.decode("utf-8", "replace").strip()
            if proc.returncode:
                log.warning("tesseract %s: exit status %d: %s", " ".join(args[2:]), proc.returncode, err)
                first = err.splitlines()[0] if err else "no message"
                raise TesseractError(f"tesseract exit status {proc.returncode}: {first}")
            if err:
                log.debug("tesseract %s: %s", " ".join(args[2:]), err.replace("\n", "; "))
            return {ext: (base.with_suffix(f".{ext}")).read_text("utf-8") for ext in outputs}

    def text(self, image: Image.Image, psm: int | None = None, deadline: Deadline | None = None) -> str:
        """Return the plain text Tesseract reads on `image`."""
        return self.read(image, ("txt",), psm, deadline)["txt"]
