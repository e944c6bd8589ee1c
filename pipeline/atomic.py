"""Write a file so that a reader never sees it half-written, even if the run is killed."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TextIO


def open_beside(path: Path, encoding: str = "utf-8", newline: str | None = None) -> tuple[Path, TextIO]:
    """Return (temporary path, open text handle) for a new file in `path`'s folder, which
    `publish` later renames over `path`.

    The file is created with mode 0o666 for the kernel to apply the user's umask, so it
    gets the permissions any new file of the user would, and the process umask (shared
    by every thread) is never read by setting it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        return tmp, os.fdopen(fd, "w", encoding=encoding, newline=newline)


def publish(tmp: Path, handle: TextIO, path: Path) -> Path:
    """Flush `handle` to disk, close it and rename it over `path`; return `path`."""
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()
    os.replace(tmp, path)
    return path


def atomic_write(path: Path, write: Callable[[TextIO], None], encoding: str = "utf-8", newline: str | None = None) -> Path:
    """Call `write` on a temporary file beside `path`, then publish it as `path`; return
    `path`. The temporary file never outlives a failure."""
    tmp, handle = open_beside(path, encoding, newline)
    try:
        write(handle)
        return publish(tmp, handle, path)
    except BaseException:
        handle.close()
        tmp.unlink(missing_ok=True)
        raise
