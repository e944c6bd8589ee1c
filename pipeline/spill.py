"""Copies set aside on disk between reading and grouping, so memory holds only what
grouping needs (a copy's code, name, agency and responsible person), never every
reading of an archive at once."""

from __future__ import annotations

import pickle
import sqlite3
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .group import IDENTITY_FIELDS
from .model import DocumentGroup, Reading, Where, WitnessRecord

GROUPING_FIELDS = tuple(dict.fromkeys(("project_code", "project_name", *IDENTITY_FIELDS)))


def _unboxed(reading: Reading) -> Reading:
    """The reading without its box on the page: a view waits in memory for the whole
    archive to be read, and only the spilled record needs the box (for crops)."""
    where = reading.where
    if where.box is None:
        return reading
    return Reading(reading.field, reading.value, reading.raw, reading.witness,
                   Where(where.source, where.page, where.line), reading.weight)


def grouping_view(record: WitnessRecord) -> WitnessRecord:
    """Return the part of a record that grouping reads: its witness and identity fields
    (without their boxes on the page)."""
    return WitnessRecord(record.witness, {f: _unboxed(record.fields[f]) for f in GROUPING_FIELDS if f in record.fields},
                         (), ())


class RecordSpill:
    """A temporary SQLite file of pickled records, removed when closed.

    `add` stores a record and returns its grouping view; `restore` turns a group of
    views back into the group of full records.
    """

    def __init__(self, folder: str | Path | None = None):
        self._tmp = tempfile.TemporaryDirectory(prefix="thai-ocr-spill-", dir=folder)
        self._db = sqlite3.connect(Path(self._tmp.name) / "records.sqlite")
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE record (n INTEGER PRIMARY KEY, data BLOB NOT NULL)")
        self._row: dict[int, int] = {}

    def add(self, record: WitnessRecord) -> WitnessRecord:
        """Store `record`; return its grouping view, which `restore` recognises."""
        cur = self._db.execute("INSERT INTO record (data) VALUES (?)", (pickle.dumps(record, pickle.HIGHEST_PROTOCOL),))
        view = grouping_view(record)
        self._row[id(view)] = int(cur.lastrowid)
        return view

    def restore(self, group: DocumentGroup) -> DocumentGroup:
        """Return the group with its views replaced by the stored records, in order."""
        rows = [self._row[id(view)] for view in group.records]
        marks = ",".join("?" * len(rows))
        data = dict(self._db.execute(f"SELECT n, data FROM record WHERE n IN ({marks})", rows))
        return DocumentGroup(group.key, tuple(pickle.loads(data[n]) for n in rows))

    def close(self) -> None:
        self._db.close()
        self._tmp.cleanup()

    def __enter__(self) -> RecordSpill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def restore_all(spill: RecordSpill | None, groups: Sequence[DocumentGroup]) -> list[DocumentGroup]:
    """Return `groups` with full records (unchanged when nothing was spilled)."""
    return list(groups) if spill is None else [spill.restore(g) for g in groups]
