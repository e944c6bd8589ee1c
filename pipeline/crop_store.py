"""The review page's store of crops of the scans: PNG bytes by crop key, in their own
table of an SQLite file (by default the page cache's file, so one file holds what a
re-run needs). Only pipeline.crops uses it."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path

_SCHEMA = "CREATE TABLE IF NOT EXISTS crops (key TEXT PRIMARY KEY, png BLOB NOT NULL)"
_CHUNK = 500  # keys per query, under SQLite's limit on bound parameters


class CropStore:
    """Crop images by key: `get` returns those stored, `put` stores more, in one transaction."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, timeout=30)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute(_SCHEMA)

    def get(self, keys: Sequence[str]) -> dict[str, bytes]:
        """Return the stored crop images (PNG bytes) among `keys`, by key."""
        found: dict[str, bytes] = {}
        for start in range(0, len(keys), _CHUNK):
            chunk = list(keys[start:start + _CHUNK])
            marks = ",".join("?" * len(chunk))
            found.update(self.conn.execute(f"SELECT key, png FROM crops WHERE key IN ({marks})", chunk))
        return found

    def put(self, crops: Mapping[str, bytes]) -> None:
        """Store crop images by key, in one transaction."""
        with self.conn:
            self.conn.executemany("INSERT OR REPLACE INTO crops (key, png) VALUES (?, ?)", crops.items())

    def close(self) -> None:
        self.conn.close()
