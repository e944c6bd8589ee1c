"""Write a file so that a reader never sees it half-written, even if the run is killed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO


def umask() -> int:
    """Return the process umask (reading it means setting it; it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def open_beside(path: Path, encoding: str = "utf-8", newline: str | None = None) -> tuple[Path, TextIO]:
    """Return (temporary path, open text handle) for a new file in `path`'s folder, which
    `publish` later renames over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    return Path(tmp), os.fdopen(fd, "w", encoding=encoding, newline=newline)


def publish(tmp: Path, handle: TextIO, path: Path) -> Path:
    """Flush `handle` to disk, close it, give the file the usual permissions for the
    user's umask (a temporary file is created private) and rename it over `path`."""
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()
    os.chmod(tmp, 0o666 & ~umask())
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
