"""Exit codes and the errors that map to them (a documented contract, as in OCRmyPDF)."""

from __future__ import annotations

import shlex
import sys
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit status of `thai-ocr-reconcile`."""

    OK = 0
    BAD_USAGE = 1
    SOME_INPUTS_FAILED = 2
    MISSING_DEPENDENCY = 3
    INTERRUPTED = 130  # Ctrl-C (SIGINT), as shells report it; SIGTERM gives 143
    TERMINATED = 143


class PipelineError(Exception):
    """An error meant for the user: printed as one message, never as a traceback."""

    exit_code = ExitCode.BAD_USAGE


class UsageError(PipelineError):
    """Bad arguments: a missing input path, an unreadable template or dictionary."""


class MissingDependencyError(PipelineError):
    """A required external program or language pack is not installed."""

    exit_code = ExitCode.MISSING_DEPENDENCY


def pip_install(requirement: str) -> str:
    """Return the command that installs `requirement` into the Python running this
    program (its own pip, whatever venv or installation that is), quoted for a shell."""
    return f"`{shlex.quote(sys.executable)} -m pip install {shlex.quote(requirement)}`"


class InputError(PipelineError):
    """One input (file or page) cannot be used; the batch goes on without it.

    Carries what a failures.csv row needs: the source, the page (None for the whole
    file) and the stage that gave up.
    """

    def __init__(self, message: str, source: str, page: int | None = None, stage: str = "ingest"):
        super().__init__(message)
        self.source = source
        self.page = page
        self.stage = stage


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM reached the command line: it stops the run cleanly (workers too).

    A KeyboardInterrupt, so that no `except Exception` on the way can swallow it.
    """

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum
