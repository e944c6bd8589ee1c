"""Copies set aside on disk between reading and grouping, so memory holds only what
grouping needs (the fields the template groups by: for the default template a copy's
code, name, agency and responsible person), never every reading of an archive at once."""

from __future__ import annotations

import pickle
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from .model import DocumentGroup, Reading, Where, Witness, WitnessRecord
from .template import load_template


def _unboxed(reading: Reading) -> Reading:
    """The reading without its box on the page: a view waits in memory for the whole
    archive to be read, and only the spilled record needs the box (for crops)."""
    where = reading.where
    if where.box is None:
        return reading
    return Reading(reading.field, reading.value, reading.raw, reading.witness,
                   Where(where.source, where.page, where.line), reading.weight)


def grouping_view(record: WitnessRecord, fields: Sequence[str] | None = None) -> WitnessRecord:
    """Return the part of a record that grouping reads: its witness and the `fields`
    grouping reads (GroupingSpec.fields; None: the default template's), without their
    boxes on the page, what of section 2 went into no reading (for failures.csv), what
    its print shows of where it breaks lines (run.archive_breaks_words), the names of
    what it read (WitnessRecord.read_names, for run.archive_fields), the phrases it
    reads with PAIYANNOI after them (for run.archive_marked_phrases), and its line ends
    and lines' texts (for run.learn_archive's spacing: the spill keeps them on disk,
    RecordSpill.add_packed)."""
    fields = load_template().grouping.fields if fields is None else fields
    return WitnessRecord(record.witness, {f: _unboxed(record.fields[f]) for f in fields if f in record.fields},
                         (), (), record.unread, record.unconfirmed_spaces, record.line_breaks, record.possible_wraps,
                         record.joined_ends, record.spaced_ends, opening_guesses=record.opening_guesses,
                         fields_read=record.read_names(),
                         marked_phrases=record.marked_phrases, line_texts=record.line_texts)


def kept_view(view: WitnessRecord, strings: dict[Any, Any]) -> WitnessRecord:
    """Return a grouping view as it waits in memory for the whole archive to be read: the
    same witness id, start (without its box), weight and readings, but every text one
    object with the equal texts met before it (`strings`: copies of a report, and reports
    of one agency, read the same names again and again, and a reading's raw text is
    mostly its value), what its print shows of where it breaks lines
    (run.archive_breaks_words), the names of what it read (one object with the equal
    sets met before it: most copies read every field) and the phrases it reads with "ฯ"
    after them (run.archive_marked_phrases), and without what only failures.csv needed (its notes and
    the section-2 text it left unread) and its line ends and lines' texts, which the caller
    has already taken."""
    share = strings.setdefault
    witness = view.witness
    wid, source, weight = share(witness.id, witness.id), share(witness.source, witness.source), witness.weight
    start = Where(share(witness.start.source, witness.start.source), witness.start.page, witness.start.line)
    fields = {}
    for name, r in view.fields.items():
        value = share(r.value, r.value) if isinstance(r.value, str) else r.value
        where = r.where
        if share(where.source, where.source) is not where.source:
            where = Where(strings[where.source], where.page, where.line)
        fields[share(name, name)] = Reading(
            share(r.field, r.field), value, value if r.raw == value else share(r.raw, r.raw),
            share(r.witness, r.witness), where, weight if r.weight == weight else r.weight)
    return WitnessRecord(Witness(wid, source, start, {}, weight), fields, (), (),
                         line_breaks=share(view.line_breaks, view.line_breaks),
                         fields_read=share(view.fields_read, view.fields_read),
                         marked_phrases=share(view.marked_phrases, view.marked_phrases))


def pack(record: WitnessRecord, fields: Sequence[str] | None = None) -> tuple[WitnessRecord, bytes]:
    """Return a record's grouping view (of `fields`, as grouping_view) and the record
    pickled without its lines' texts (the view carries them, and the spill keeps them
    apart: RecordSpill.line_texts), what the spill stores: a pool worker that read the
    copy makes both, so the main process never pickles a record."""
    return grouping_view(record, fields), pickle.dumps(replace(record, line_texts=""), pickle.HIGHEST_PROTOCOL)


class RecordSpill:
    """A temporary SQLite file of pickled records, removed when closed.

    `add` stores a record and returns its grouping view; `restore` turns a group of
    views back into the group of full records. Each record's line ends and lines' texts
    are stored beside it (a table of their own: reading them does not walk the records),
for what the whole archive shows (`line_ends`, `line_texts`).
    """

    def __init__(self, folder: str | Path | None = None):
        self._tmp = tempfile.TemporaryDirectory(prefix="thai-ocr-spill-", dir=folder)
        self.path = Path(self._tmp.name) / "records.sqlite"
        self._db = sqlite3.connect(self.path)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE record (n INTEGER PRIMARY KEY, data BLOB NOT NULL)")
        self._db.execute("CREATE TABLE printed (n INTEGER PRIMARY KEY, ends TEXT NOT NULL, lines TEXT NOT NULL)")
        self._row: dict[int, int] = {}
        self._strings: dict[Any, Any] = {}  # the texts of the views kept (kept_view), while records are added

    def add(self, record: WitnessRecord) -> WitnessRecord:
        """Store `record`; return its grouping view, which `restore` recognises."""
        return self.add_packed(*pack(record))

    def add_packed(self, view: WitnessRecord, data: bytes) -> WitnessRecord:
        """Store a record as `pack` gave it; return its grouping view as kept (kept_view:
        without its notes and unread text, which the caller takes from `view` first), which
        `restore` recognises."""
        ends, lines = "\n".join(view.line_ends()), view.line_texts
        view = kept_view(view, self._strings)
        cur = self._db.execute("INSERT INTO record (data) VALUES (?)", (data,))
        self._db.execute("INSERT INTO printed (n, ends, lines) VALUES (?, ?, ?)", (cur.lastrowid, ends, lines))
        self._row[id(view)] = int(cur.lastrowid)
        return view

    def line_ends(self) -> Iterator[str]:
        """Yield "last first" at every line end of every record stored (WitnessRecord.line_ends)."""
        for (ends,) in self._db.execute("SELECT ends FROM printed WHERE ends != ''"):
            yield from ends.split("\n")

    def line_texts(self) -> Iterator[str]:
        """Yield each stored record's lines' texts (WitnessRecord.line_texts), read from disk
        one at a time."""
        for (lines,) in self._db.execute("SELECT lines FROM printed WHERE lines != ''"):
            yield lines

    def rows(self, group: DocumentGroup) -> list[int]:
        """Return where the group's records are stored, in order (for `read_records`)."""
        return [self._row[id(view)] for view in group.records]

    def records(self, views: Sequence[WitnessRecord]) -> tuple[WitnessRecord, ...]:
        """Return the stored records of `views` (views this spill returned), in order."""
        return _select(self._db, [self._row[id(view)] for view in views])

    def restore(self, group: DocumentGroup) -> DocumentGroup:
        """Return the group with its views replaced by the stored records, in order."""
        return DocumentGroup(group.key, self.records(group.records))

    def commit(self) -> None:
        """Make what was stored readable by other connections (`read_records`); the
        records are all added by then, so the texts of their views need no index."""
        self._db.commit()
        self._strings = {}

    def close(self) -> None:
        reader = _readers.pop(str(self.path), None)
        if reader is not None:
            reader.close()
        self._db.close()
        self._tmp.cleanup()

    def __enter__(self) -> RecordSpill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_readers: dict[str, sqlite3.Connection] = {}  # this process's connection to the spill it last read


def read_records(path: Path, rows: Sequence[int]) -> tuple[WitnessRecord, ...]:
    """Return the records stored at `rows` of the spill file `path`, in order: how a pool
    worker on this machine reads a group's copies itself, after RecordSpill.commit, instead
    of receiving them through a pipe. One connection per process is kept open."""
    db = _readers.get(str(path))
    if db is None:
        for old in _readers.values():
            old.close()
        _readers.clear()
        db = _readers[str(path)] = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    return _select(db, rows)


def _select(db: sqlite3.Connection, rows: Sequence[int]) -> tuple[WitnessRecord, ...]:
    marks = ",".join("?" * len(rows))
    data = dict(db.execute(f"SELECT n, data FROM record WHERE n IN ({marks})", list(rows)))
    return tuple(pickle.loads(data[n]) for n in rows)


def restore_all(spill: RecordSpill | None, groups: Sequence[DocumentGroup]) -> list[DocumentGroup]:
    """Return `groups` with full records (unchanged when nothing was spilled)."""
    return list(groups) if spill is None else [spill.restore(g) for g in groups]
