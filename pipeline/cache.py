"""SQLite store of OCR results, so a page is never OCR'd twice.

The key is the SHA-256 of the rasterised page's pixels plus every OCR setting and the
Tesseract version: change any of them and the page is read again. Each page is also
stored under an alias keyed by its file's bytes and page number, so that a re-run on an
unchanged archive skips rasterising too. Workers look pages up
read-only; only the parent process writes, so SQLite needs no cross-process locking
beyond its own (WAL mode). Each page is committed as soon as it is read, so a run
that is killed keeps every page it finished, and the next run starts from there.
What was done to a page before it was read (upscaled, turned) is kept with it in the
table page_notes, so a run from the cache warns as the first did.
The review page keeps its crops of the scans in a table of its own in the same file
(pipeline.crop_store).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import platformdirs
from PIL import Image

from .errors import UsageError

DEFAULT_PATH = Path(platformdirs.user_cache_dir("thai-ocr-reconcile")) / "ocr-cache.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, lines TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS page_notes (key TEXT PRIMARY KEY, notes TEXT NOT NULL);
"""


RASTER_VERSION = 2  # how a file becomes pixels (pipeline.raster); raise it when that changes (2: 16-bit frames scaled)


def file_page_key(file_digest: str, page: int, settings: dict[str, object]) -> str:
    """Return the key of a page by its file's bytes: a re-run finds it without rasterising.

    The same file bytes at the same settings rasterise to the same pixels, so this key is
    an alias of `page_key`, stored beside it when the page is first read. RASTER_VERSION
    is part of it: when the rasteriser changes, every page is rasterised again, and only
    those whose pixels changed are read again (page_key is the pixels').
    """
    text = f"{file_digest}:{page}:{json.dumps(settings, sort_keys=True)}:raster{RASTER_VERSION}"
    return hashlib.sha256(text.encode()).hexdigest()


def file_digest(path: Path) -> str:
    """Return the SHA-256 of a file's bytes, read in chunks."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def page_key(image: Image.Image, settings: dict[str, object]) -> str:
    """Return the cache key of one page image under the given OCR settings."""
    h = hashlib.sha256()
    h.update(f"{image.mode}:{image.size}".encode())
    h.update(image.tobytes())
    h.update(json.dumps(settings, sort_keys=True).encode())
    return h.hexdigest()


class PageCache:
    """OCR lines by page key: `get` returns None on a miss; `put` stores a page's lines."""

    def __init__(self, path: str | Path, readonly: bool = False):
        self.path = Path(path)
        if readonly:
            self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, timeout=30)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.executescript(_SCHEMA)

    def get(self, key: str) -> list[tuple] | None:
        """Return the lines stored under `key` as tuples ([text, confidence, box]), or None."""
        row = self.conn.execute("SELECT lines FROM pages WHERE key = ?", (key,)).fetchone()
        return [tuple(x) for x in json.loads(row[0])] if row else None

    def get_notes(self, key: str) -> list[tuple]:
        """Return the notes stored with the page under `key` ([stage, message]; none stored: [])."""
        row = self.conn.execute("SELECT notes FROM page_notes WHERE key = ?", (key,)).fetchone()
        return [tuple(x) for x in json.loads(row[0])] if row else []

    def put(self, key: str, lines: list[tuple], *aliases: str, notes: list[tuple] = ()) -> None:
        """Store a page's lines, and its notes (what was done to it before reading) if
        any, under `key` and any `aliases`, in one transaction: a run killed at any moment
        leaves the page stored under all of its keys or none."""
        keys = [k for k in (key, *aliases) if k]
        data = json.dumps(lines, ensure_ascii=False)
        with self.conn:
            self.conn.executemany("INSERT OR REPLACE INTO pages (key, lines) VALUES (?, ?)", [(k, data) for k in keys])
            if notes:
                data = json.dumps(notes, ensure_ascii=False)
                self.conn.executemany("INSERT OR REPLACE INTO page_notes (key, notes) VALUES (?, ?)",
                                      [(k, data) for k in keys])

    def close(self) -> None:
        self.conn.close()


def check_cache(path: Path) -> None:
    """Open (or make) the page cache at `path` and close it again; raise a one-line
    UsageError before any work when it cannot be one: a folder, a file that is no
    SQLite database, a place that cannot be written."""
    try:
        PageCache(path).close()
    except (sqlite3.Error, OSError) as exc:
        kind = "is a folder" if path.is_dir() else f"cannot be used ({exc})"
        raise UsageError(f"--cache {path}: {kind}; name an SQLite file of this program's (a new one is made), "
                         "or run with --no-cache") from exc
