"""Read section 2, the progress-report rows, of one witness.

Section 2 is read as a stream of events (dated narratives, progress figures, status
cells) because its printed rows are not reliable; each figure is keyed by its own
"(ครั้งที่ N)" marker. The form's wording in it (row labels, markers, status words) is
matched with the marks above and below the line folded away (normalize.fold_marks).
What went into no reading is reported, never dropped unseen.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, NamedTuple, TypeGuard

import regex
from rapidfuzz import fuzz

from .model import Figure, Line, Narrative, Reading, Where, span
from .normalize import fold_line, fold_marks, fold_pattern, fold_with_map
from .template import ProgressSpec
from .values import clean_text_value, parse_cell_date, parse_money, parse_percent
from .wraps import PrintedCopy, joins

STATUS_MIN_SCORE = 75.0
UNREAD_MIN_CHARS = 3
AMOUNT_REACH = 16  # characters after a figure's marker within which its "บาท" is looked for
_ROW_GOES_ON = regex.compile(r"\s*(?:[:0-9]|$)")  # after a row's label: its number, its date cell, or the line's end
LABEL_LEAD = 6  # characters of specks (no Thai letter) a row's label may follow at the start of its line
CELL_LEAD_MAX = 2  # characters of a cell's "::" read as other signs at the start of its line (_Section2.text_end)
DATE_CELL_REACH = 20  # characters after a row's label within which the colon ending a date OCR garbled is looked for
_CONTENT_RUN = regex.compile(r"[^:\n]+")  # a line break is where the stream goes on in another file
_MEANINGFUL = regex.compile(r"[\p{Thai}\d]")
_THAI_LETTER = regex.compile(r"\p{Thai}")
_CELL_LEAD = regex.compile(r"[\s:]*")
_GARBLED_DATE = regex.compile(r"\s*[^\s:]{0,12}?(?:25|20)\d{2}(?!\d)")  # a garbled date's cell up to its year


class _Event(NamedTuple):
    """A date, figure or status cell found in section 2: its `kind` (a ProgressSpec
    pattern's name), where it lies in the stream, and the text of the whole match ("")
    and of each of its named groups that took part."""

    kind: str
    start: int
    end: int
    groups: dict[str, str]


@dataclass(slots=True)
class _Parts:
    """What one witness's section 2 gave a figure (or, with no `report_no`, a narrative's
    status cells) so far; filled in as its events are read, its marker repaired after."""

    report_no: int | None = None
    progress_pct: Reading | None = None
    spent_baht: Reading | None = None
    plan_status: Reading | None = None
    target_status: Reading | None = None
    counted: bool = False  # the number was counted on from the rows before, not read nor pinned (_repair_markers)
    unread: tuple[tuple[str, Where], ...] = ()  # cells printed but read as no value, and where (Figure.unread)

    def readings(self) -> list[Reading]:
        """Return the readings held, in the figure's field order."""
        return [r for r in (self.progress_pct, self.spent_baht, self.plan_status, self.target_status) if r is not None]

    def figure(self) -> Figure:
        """Return the figure these parts make; only called once the marker is known."""
        assert self.report_no is not None
        return Figure(self.report_no, self.progress_pct, self.spent_baht, self.plan_status, self.target_status,
                      self.counted, self.unread)


@lru_cache(maxsize=1 << 14)
def _cut_folded(text: str, pattern: regex.Pattern[str]) -> str:
    """Return `text` with every match of `pattern`, found in its folded form, blanked
    (remembered by line: the copies of a report repeat most lines word for word)."""
    folded = fold_pattern(pattern)
    if folded.search(fold_line(text)) is None:
        return text
    flat, keep = fold_with_map(text)
    out, last = [], 0
    for m in folded.finditer(flat):
        out += [text[last:keep[m.start()]], " "]
        last = keep[m.end()]
    return "".join(out) + text[last:]


def _without_row_label(line: Line, row_label: regex.Pattern[str]) -> str:
    """Return the line's text with the row labels in it blanked (_cut_folded), and, where
    none reads as printed, the one that opens the line with a letter misread or lost
    (row_starts' test: "รายงานครจั้งที่" read for "รายงานครั้งที่") where it reads a row's
    number or the row's date cell or nothing follows it (_opens_row): a narrative line
    may open with words alike ("รายงานครบถ้วนแล้ว"). A label left in runs into the status
    cell before it, whose text then matches no status."""
    text = _cut_folded(line.text, row_label)
    if text != line.text:
        return text
    opening = _row_opening(line, row_label)
    if opening is None:
        return text
    _, keep = fold_with_map(line.text)
    return line.text[:keep[opening.start()]] + " " + line.text[keep[opening.end()]:]


def progress_stream(lines: Sequence[Line], spec: ProgressSpec,
                    printed: PrintedCopy | None = None) -> tuple[str, list[int]]:
    """Return section 2 as one string with row labels removed, and where each line's
    text starts in it (the line a character came from is found by bisection).

    Joining lets a figure split across lines or pages (the seed has one) read whole.
    Lines join with a space, but where the copy's print shows a line's text going on in
    the next (wraps.joins; `printed` the copy's margins and text), and with a line break
    where the next line is another file's: a copy that runs on into the next file
    (a binder split in two) is rarer than a covering letter filed first in that file,
    whose text would otherwise run into the copy's last status cell.
    """
    texts = [_without_row_label(line, spec.row_label) for line in lines]
    ends = [" " if after.where.source == line.where.source else "\n" for line, after in zip(lines, lines[1:])]
    if printed is None or not texts:
        parts = [text + end for text, end in zip(texts, ends)]
    else:
        heads = [line if text == line.text else replace(line, text=text) for line, text in zip(lines[1:], texts[1:])]
        parts = [text if end == " " and joins(line, head, printed, text) else text + end
                 for line, head, text, end in zip(lines, heads, texts, ends)]
    parts += [text + " " for text in texts[-1:]]
    return "".join(parts), [0, *itertools.accumulate(map(len, parts[:-1]))]


_KINDS = ("date", "progress", "spent", "status")  # the ProgressSpec patterns events are found by


def _events(stream: str, spec: ProgressSpec) -> list[_Event]:
    """Return the dates, figures and status cells of the stream, in order, each placed on
    the stream (`start`, `end`) though found in its folded form (where its groups hold
    the values: digits, and status words compared folded). Of two events that clash, the
    one that starts first (or, starting together, is longer) is kept."""
    flat, keep = fold_with_map(stream)
    found: list[tuple[int, int, int, str, tuple[tuple[int, int], ...], tuple[tuple[str, int], ...]]] = []
    for kind in _KINDS:
        pattern = fold_pattern(getattr(spec, kind))
        named = tuple(pattern.groupindex.items())
        for m in pattern.finditer(flat):
            regs = m.regs
            # Patterns may start on optional colons or spaces that the previous event's tail
            # already took; an event only clashes when its value itself lies inside it.
            named_starts = [regs[i][0] for _, i in named if regs[i][0] >= 0]
            start, end = regs[0]
            found.append((start, -end, min(named_starts) if named_starts else max(start, end - 1), kind, regs, named))
    found.sort(key=_BY_PLACE)
    events: list[_Event] = []
    last_end = -1
    for start, neg_end, core, kind, regs, named in found:
        if core < last_end:
            continue
        last_end = -neg_end
        groups = {"": stream[keep[start]:keep[last_end]]}
        for name, i in named:
            a, b = regs[i]
            if a >= 0:
                groups[name] = stream[keep[a]:keep[b]]
        events.append(_Event(kind, keep[start], keep[last_end], groups))
    return events


_BY_PLACE = operator.itemgetter(0, 1)
_UNDATED = "undated row"


def _row_lines(lines: Sequence[Line], rows: Sequence[Where]) -> list[int]:
    """Return the indices of `lines` that `rows` (row_starts, in print order) name: each
    the first line from the one after the last found that is read where the row is."""
    out, i = [], 0
    for where in rows:
        while i < len(lines) and lines[i].where != where:
            i += 1
        if i < len(lines):
            out.append(i)
            i += 1
    return out


def _undated_rows(events: list[_Event], starts: Sequence[int], rows: Sequence[int]) -> list[_Event]:
    """Return `events` with an event of kind _UNDATED at the start of each row (`rows`:
    the indices of the lines a row's label opens, whose stream offsets are `starts`) whose
    line holds no date (a date's match may begin with the space before the line): a row
    whose date OCR garbled, whose narrative would otherwise go into no reading."""
    out = list(events)
    for i in rows:
        begin, end = starts[i], starts[i + 1] if i + 1 < len(starts) else None
        if not any(ev.kind == "date" and ev.end > begin and (end is None or ev.start < end) for ev in events):
            out.append(_Event(_UNDATED, begin, begin, {}))
    return sorted(out, key=lambda ev: ev.start)


def _unsure_figures_dropped(events: list[_Event], spec: ProgressSpec) -> list[_Event]:
    """Return `events` without the figures read with no "=" (the template's group `eq`
    unmatched: "(ครั้งที่ 4) 0 บาท") that do not follow a percentage: such wording in a
    narrative ("งบประมาณ ครั้งที่ 2 รวม 500 บาท") is no figure of the form. A template
    whose pattern has no `eq` group is taken at its word."""
    if "eq" not in spec.spent.groupindex:
        return events

    def unsure(i: int, ev: _Event) -> bool:
        return ev.kind == "spent" and "eq" not in ev.groups and (i == 0 or events[i - 1].kind != "progress")

    return [ev for i, ev in enumerate(events) if not unsure(i, ev)]


def read_statuses(text: str, spec: ProgressSpec) -> list[tuple[str, str, float]]:
    """Return [(kind, vocabulary entry, score)] for a status cell, kind "plan" or "target".

    The whole cell is compared with every entry and with every plan+target pair, because
    copies glue the two cells together ("เป็นไปตามแผนแต่ควรติดตามเป็นปกติตามเป้าหมาย").
    Comparing whole strings keeps a short entry that only begins the cell ("เป็นไปตามแผน")
    from beating the long one the cell really holds. Empty when nothing is close enough.
    """
    return list(_statuses(text, spec))


@lru_cache(maxsize=1 << 12)
def _statuses(text: str, spec: ProgressSpec) -> tuple[tuple[str, str, float], ...]:
    """read_statuses, remembered by the cell's text as printed (before its marks are folded)."""
    return _best_status(fold_marks(text.strip(" :")), spec)


@lru_cache(maxsize=16)
def _status_options(spec: ProgressSpec) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """Return (folded text, entries) of every entry and plan+target pair a status cell may hold."""
    options: list[tuple[tuple[str, str], ...]] = [(("plan", p),) for p in spec.plan_status]
    options += [(("target", t),) for t in spec.target_status]
    options += [(("plan", p), ("target", t)) for p in spec.plan_status for t in spec.target_status]
    return tuple((fold_marks("".join(e for _, e in opt)), opt) for opt in options)


@lru_cache(maxsize=1 << 12)
def _best_status(cell: str, spec: ProgressSpec) -> tuple[tuple[str, str, float], ...]:
    """read_statuses of a folded cell, remembered: the copies of a report repeat their cells."""
    scored = [(fuzz.ratio(folded, cell), opt) for folded, opt in _status_options(spec)]
    score, best = max(scored, key=lambda so: (so[0], -len(so[1])))
    if score < STATUS_MIN_SCORE:
        return ()
    return tuple((kind, entry, score) for kind, entry in best)


class _Section2:
    """Reads one witness's section-2 events in order (see read_progress), noting which
    characters of the stream went into a reading, so that what did not is reported."""

    def __init__(self, lines: Sequence[Line], spec: ProgressSpec, witness: str, weight: float,
                 printed: PrintedCopy | None = None, rows: Sequence[Where] | None = None):
        self.lines, self.spec, self.witness, self.weight = lines, spec, witness, weight
        rows = row_starts(lines, spec) if rows is None else rows
        self.rows = len(rows)
        self.labels_from_one = _labels_count_from_one(lines, rows, spec)
        self.stream, self.starts = progress_stream(lines, spec, printed)
        self.columns = {reading: spec.column(reading) for _, reading in spec.columns}
        self.events = _undated_rows(_unsure_figures_dropped(_events(self.stream, spec), spec), self.starts,
                                    _row_lines(lines, rows))
        self.used = bytearray(len(self.stream))
        self.narratives: list[tuple[Reading, Reading, _Parts | None]] = []
        self.parts: list[_Parts] = []
        self.pending: tuple[Reading, int, int] | None = None
        self.last_figure: _Parts | None = None
        self.open_narrative: int | None = None
        self.narrative_statuses: dict[int, _Parts] = {}
        self.no_amount: list[tuple[Where, str]] = []
        self.undated: dict[int, tuple[int, int]] = {}  # a narrative of a row whose date was unread: its span

    def reading(self, kind: str, value: Any, raw: str, start: int, end: int) -> Reading:
        """A reading of the stream's characters start..end, placed on the lines they came
        from, of the field the template names for what is read (`kind`: ProgressSpec.column)."""
        last = len(self.stream) - 1
        a = start if start < last else last
        b = end - 1 if end - 1 > start else start
        first = bisect.bisect_right(self.starts, a) - 1
        final = first if b <= a else bisect.bisect_right(self.starts, b if b < last else last) - 1
        where = self.lines[first].where if first == final else span([ln.where for ln in self.lines[first:final + 1]])
        return Reading(self.columns[kind], value, raw.strip(), self.witness, where, self.weight)

    def owner(self, i: int) -> int:
        """Return the index of the line the stream's character `i` came from."""
        return bisect.bisect_right(self.starts, i) - 1

    def use(self, start: int, end: int) -> None:
        self.used[start:end] = b"\x01" * (end - start)

    def text_end(self, start: int, nxt: int) -> int:
        """Return where a row's text from `start` ends before the event at `nxt`: at
        `nxt`, or at the start of that event's line where the line opens with a speck
        of at most CELL_LEAD_MAX characters, no Thai letter, before the event (colons and
        spaces aside). A cell opens its line with "::", which a face may read as a
        digit or a sign ("2 ความก้าวหน้าของงานฯ", "= ความก้าวหน้าของงานฯ": Sawasdee's
        oblique reads ":" as "2" in every copy alike); left in, the speck would end the
        text before it in every copy, sure and wrong. A row's text never runs on into
        the line a cell opens, so nothing printed is cut."""
        if nxt >= len(self.stream):
            return nxt
        core = _CELL_LEAD.match(self.stream, nxt).end()
        line_start = self.starts[self.owner(core)]
        if not start < line_start <= nxt:
            return nxt
        speck = _CELL_LEAD.sub("", self.stream[line_start:core])
        if 0 < len(speck) <= CELL_LEAD_MAX and not _THAI_LETTER.search(speck):
            return line_start
        return nxt

    def on_date(self, idx: int, ev: _Event) -> None:
        iso = parse_cell_date(ev.groups["date"])
        nxt = self.events[idx + 1].start if idx + 1 < len(self.events) else len(self.stream)
        end = self.text_end(ev.end, nxt)
        text = clean_text_value(self.stream[ev.end:end])
        if iso:
            self.narratives.append((self.reading("date", iso, ev.groups["date"], ev.start, ev.end),
                                    self.reading("narrative", text, text, ev.end, end), None))
            self.open_narrative = len(self.narratives) - 1
            self.use(ev.start, nxt)
        self.pending = None

    def on_undated_row(self, idx: int, ev: _Event) -> None:
        """A row whose date OCR garbled ("รายงานครั้งที่3 รยออ1บ2503 : ติดตาม..."): its
        narrative is read from the row's start to the next event, after the garbled
        date's colon (or, with none, its year: "1ป0ฒ2561อยู่ระหว่าง..."), with no date;
        it counts only where a figure follows it (its report:
        see `read`), and is otherwise left out as text no reading used."""
        nxt = self.events[idx + 1].start if idx + 1 < len(self.events) else len(self.stream)
        begin = _CELL_LEAD.match(self.stream, ev.start, nxt).end()  # the "::" before the date
        reach = min(nxt, begin + DATE_CELL_REACH)
        cell = self.stream.find(":", begin, reach)
        year = _GARBLED_DATE.match(self.stream, begin, reach)
        start = cell + 1 if cell >= 0 and _MEANINGFUL.search(self.stream, begin, cell) \
            else year.end() if year is not None else begin
        end = self.text_end(start, nxt)
        text = clean_text_value(self.stream[start:end])
        if text and _THAI_LETTER.search(text):
            self.narratives.append((self.reading("date", None, self.stream[ev.start:start], ev.start, start),
                                    self.reading("narrative", text, text, start, end), None))
            self.open_narrative = len(self.narratives) - 1
            self.undated[self.open_narrative] = (ev.start, nxt)
            self.use(ev.start, nxt)
        self.pending = None

    def on_progress(self, ev: _Event) -> None:
        pct = parse_percent(ev.groups["pct"])
        reading = self.reading("progress", pct, ev.groups[""], ev.start, ev.end) if pct is not None else None
        self.pending = (reading, ev.start, ev.end) if reading is not None else None

    def on_spent(self, ev: _Event) -> None:
        marker = int(ev.groups["marker"]) if ev.groups.get("marker", "").isdigit() else None
        marker = marker or None  # reports are numbered from 1: "(ครั้งที่ 0)" is a marker OCR broke
        amount = parse_money(ev.groups.get("amount", ""))
        unread: tuple[tuple[str, Where], ...] = ()
        if amount is None:
            baht = self.stream.find("บาท", ev.end, ev.end + AMOUNT_REACH)
            printed = self.stream[ev.start:ev.end if baht < 0 else baht + len("บาท")]
            where = self.lines[self.owner(ev.start)].where
            self.no_amount.append((where, f"a progress figure's amount could not be read, left out: {printed.strip()!r}"))
            unread = ((self.columns["spent"], where),)
        self.last_figure = _Parts(
            marker, self.pending[0] if self.pending else None,
            None if amount is None else self.reading("spent", amount, ev.groups[""], ev.start, ev.end),
            unread=unread,
        )
        if self.pending:
            self.use(self.pending[1], self.pending[2])
        self.use(ev.start, ev.end)
        self.parts.append(self.last_figure)
        if self.open_narrative is not None:
            d, t, _ = self.narratives[self.open_narrative]
            self.narratives[self.open_narrative] = (d, t, self.last_figure)
        self.open_narrative = None
        self.pending = None

    def on_status(self, ev: _Event) -> None:
        """A status cell belongs to the figure before it, or, when a narrative came after
        that figure (the copy lost the row's figure), to the narrative's report."""
        if self.open_narrative is not None:
            target = self.narrative_statuses.setdefault(self.open_narrative, _Parts())
        elif self.last_figure is not None:
            target = self.last_figure
        else:
            return
        for kind, entry, _score in _statuses(ev.groups["status"], self.spec):
            key = f"{kind}_status"
            if getattr(target, key) is None:
                setattr(target, key, self.reading(key, entry, ev.groups["status"], ev.start, ev.end))
                self.use(ev.start, ev.end)

    def read(self) -> tuple[list[Figure], list[Narrative], list[tuple[Where, str]]]:
        """Return the figures, the narratives, and what was read but could not be used."""
        for idx, ev in enumerate(self.events):
            if ev.kind == "date":
                self.on_date(idx, ev)
            elif ev.kind == _UNDATED:
                self.on_undated_row(idx, ev)
            elif ev.kind == "progress":
                self.on_progress(ev)
            elif ev.kind == "spent":
                self.on_spent(ev)
            else:
                self.on_status(ev)
        _unset_markers_past_rows(self.parts, self.rows, self.labels_from_one)
        kept = _repair_markers(list(self.parts), rows_lost=any(fig is None for _, _, fig in self.narratives))
        kept_ids = {id(k) for k in kept}
        unread = [(p.readings()[0].where,
                   "a progress figure whose report number (its '(ครั้งที่ N)' marker) could not be read or repeats "
                   "another's, left out")
                  for p in self.parts if id(p) not in kept_ids and p.readings()]
        figures = [parts.figure() for parts in kept]
        # Pairs are read after the repair, so a narrative follows its figure's true number.
        narratives = [Narrative(d, t, None if fig is None else fig.report_no,
                                tuple(self.narrative_statuses.get(i, _Parts()).readings()))
                      for i, (d, t, fig) in enumerate(self.narratives)]
        for i, (start, end) in self.undated.items():
            if narratives[i].paired_report is None:
                self.used[start:end] = bytes(end - start)
        narratives = [n for i, n in enumerate(narratives) if i not in self.undated or n.paired_report is not None]
        return figures, narratives, unread + self.no_amount + self.unused_text()

    def unused_text(self) -> list[tuple[Where, str]]:
        """Return, per line, the section-2 text with letters or digits that went into no
        reading: a date, figure or status the patterns did not recognise."""
        by_line: dict[int, list[str]] = {}
        for m in _CONTENT_RUN.finditer(self.stream):
            start, end = m.span()
            if self.used.find(1, start, end) >= 0:
                continue
            text = m.group(0).strip()
            if _MEANINGFUL.search(text) and len(text) >= UNREAD_MIN_CHARS:
                by_line.setdefault(self.owner(start), []).append(text)
        return [(self.lines[i].where, "section 2 text read as no date, figure or status, left out: "
                 + " : ".join(repr(t) for t in texts)) for i, texts in by_line.items()]


def row_starts(lines: Sequence[Line], spec: ProgressSpec) -> tuple[Where, ...]:
    """Return where each row of section 2 on `lines` begins: the lines that open with the
    row's printed label (the template's `row_label`, marks folded, one letter of it
    misread or lost allowed; after at most LABEL_LEAD characters of specks; _opens_row).
    The reading keys a row by its date and its figure's marker, never by its label; the labels say
    how many rows a copy printed, so that a row whose date and figure OCR both garbled is
    seen lost (missing.missing_reports), not silently left out."""
    return tuple(line.where for line in lines if _row_opening(line, spec.row_label) is not None)


def _row_opening(line: Line, row_label: regex.Pattern[str]) -> regex.Match[str] | None:
    """Return the match of the row label, one letter off allowed (_label_at_start), that
    opens `line` and opens a row there (_opens_row), or None. Two matches are tried: the
    first found, which may spend its one error taking the row's number as a letter
    ("รายงานครั้งที่3 = ...": no number follows it), and the closest (ENHANCEMATCH), which
    may leave an optional part out and stop short ("รายงานครั้ง ที่ 12 :: ...")."""
    for label in _label_at_start(row_label):
        opening = _label_opening(line, label)
        if _opens_row(opening):
            return opening
    return None


def _opens_row(opening: regex.Match[str] | None) -> TypeGuard[regex.Match[str]]:
    """True when a row label's match at a line's start (_label_opening) opens a row: it
    reads the row's number, or a number, the row's date cell or the line's end follows
    it (_ROW_GOES_ON; a match with a letter off may take the number for that letter). A
    narrative line may open with words alike ("รายงานครบถ้วนแล้ว"), one letter off the label."""
    return opening is not None and bool(opening.groupdict().get("row") or _ROW_GOES_ON.match(opening.string,
                                                                                            opening.end()))


def _label_opening(line: Line, label: regex.Pattern[str]) -> regex.Match[str] | None:
    """Return the match of `label` (a pattern of folded text) that opens `line`'s folded
    text, after at most LABEL_LEAD characters of specks, or None."""
    folded = fold_line(line.text)
    lead = _THAI_LETTER.search(folded, 0, LABEL_LEAD + 1)
    return label.match(folded, lead.start()) if lead is not None else None


def _labels_count_from_one(lines: Sequence[Line], rows: Sequence[Where], spec: ProgressSpec) -> bool:
    """True when the first two row labels of `lines` (`rows`: row_starts) read as printed
    (no letter misread) with the numbers 1 and 2 (the row label's group `row`): the copy
    prints its rows from the first report on. Two labels, not one: a copy that lacks its
    first pages opens on a label such as "11", which OCR may read as 1."""
    if "row" not in spec.row_label.groupindex or len(rows) < 2:
        return False
    label = fold_pattern(spec.row_label)
    found = [_label_opening(lines[i], label) for i in _row_lines(lines, rows[:2])]
    return [m.group("row") if m is not None else None for m in found] == ["1", "2"]


@lru_cache(maxsize=16)
def _label_at_start(row_label: regex.Pattern[str]) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """Return the row label's pattern, marks folded, allowing one letter misread or lost:
    as regex finds a match first, and made as exact as it can be (ENHANCEMATCH)."""
    fuzzy = f"(?:{fold_marks(row_label.pattern)}){{e<=1}}"
    return regex.compile(fuzzy, row_label.flags), regex.compile(fuzzy, row_label.flags | regex.ENHANCEMATCH)


def read_progress(
    lines: Sequence[Line], spec: ProgressSpec, witness: str, weight: float
) -> tuple[list[Figure], list[Narrative]]:
    """Return this witness's progress figures (by marker) and dated narratives.

    A figure's percentage is the progress value just before its "(ครั้งที่ N)" marker;
    its statuses are the first plan and target status after it. A narrative runs from
    its date to the next event, and is paired with the marker of a figure that follows it
    before any other date: one witness's vote for which report the date belongs to.
    """
    figures, narratives, _ = read_section2(lines, spec, witness, weight)
    return figures, narratives


def read_section2(
    lines: Sequence[Line], spec: ProgressSpec, witness: str, weight: float, printed: PrintedCopy | None = None,
    rows: Sequence[Where] | None = None,
) -> tuple[list[Figure], list[Narrative], list[tuple[Where, str]]]:
    """read_progress, and (where, message) for each piece of section 2 that went into no reading
    (naming file, page and line), so that nothing a copy printed is dropped unseen. Lines
    join as the copy's print (`printed`) shows its text going on (progress_stream).
    `rows` is where the rows the lines print begin (row_starts; found here when not given)."""
    if not lines:
        return [], [], []
    return _Section2(lines, spec, witness, weight, printed, rows).read()


def _marker_readings(marker: int | None) -> tuple[int, ...]:
    """Return the report numbers a marker read as `marker` may stand for: itself and, for
    two digits or more whose last is a 1 or the digit before it again, itself without
    its last digit: the ")" after the number read as a digit, a stroke like a 1 or the
    digit once more ("(ครั้งที่ 31" or "(ครั้งที่ 33" for "(ครั้งที่ 3)")."""
    if marker is None:
        return ()
    last, rest = marker % 10, marker // 10
    return (marker, rest) if rest and last in (1, rest % 10) else (marker,)


def _trusted_markers(markers: Sequence[int | None]) -> dict[int, int]:
    """Return {position: report number} for the longest run of markers that increases in
    print order, each marker taken as read or without its last digit (_marker_readings).

    Among equally long runs, the one that takes fewer markers otherwise than read wins,
    then the one closest to counting 1, 2, 3... from the first row. A marker outside
    that run is one OCR broke ("ๆ" for "4"); one inside it taken without its last digit
    had its ")" read as a digit: every marker of a copy may be ("11", "22", "33" for 1,
    2, 3), which no run of markers as read could tell. A run as long as read ("10, 11,
    12": a copy that lacks the page of the first rows) is read as it stands.
    """
    Node = tuple[int, int]  # (position, which of its readings)
    best: dict[Node, tuple[int, int, int, Node | None]] = {}  # (length, -readings changed, -distance, previous)
    for i, m in enumerate(markers):
        for k, value in enumerate(_marker_readings(m)):
            off = abs(value - (i + 1))
            here: tuple[int, int, int, Node | None] = (1, -k, -off, None)
            for j in range(i):
                for kj, before in enumerate(_marker_readings(markers[j])):
                    if before < value:
                        length, changed, score, _ = best[(j, kj)]
                        cand = (length + 1, changed - k, score - off, (j, kj))
                        if cand[:3] > here[:3]:
                            here = cand
            best[(i, k)] = here
    if not best:
        return {}
    end: Node | None = max(sorted(best), key=lambda node: best[node][:3])
    run = {}
    while end is not None:
        run[end[0]] = _marker_readings(markers[end[0]])[end[1]]
        end = best[end][3]
    return run


def _unset_markers_past_rows(parts: list[_Parts], rows: int, labels_from_one: bool) -> None:
    """Unset the marker of each figure numbered past the rows the copy prints (`rows`,
    counted by their labels; one more allowed, and as many as it has figures) where the
    copy counts from report 1: its first marker read is its place's number, or its first
    two row labels read 1 and 2 (`labels_from_one`). Such a marker is a digit OCR added
    ("(ครั้งที่ 93" for 3) or a number misread ("(ครั้งที่ 9" for 4, a face whose 4 and 9
    look alike), which would file the figure, and the rows counted on after it, under
    reports of their own. _repair_markers then numbers it from its neighbours, as a
    marker OCR broke."""
    first = next(((i, p.report_no) for i, p in enumerate(parts) if p.report_no is not None), None)
    if not rows or first is None or first[1] != first[0] + 1 and not labels_from_one:
        return
    limit = max(rows, len(parts)) + 1
    for part in parts:
        if part.report_no is not None and part.report_no > limit:
            part.report_no = None


def _repair_markers(parts: list[_Parts], rows_lost: bool) -> list[_Parts]:
    """Fix the markers OCR broke or lost when their neighbours pin them down.

    Markers run 1, 2, 3... in print order (with gaps where a copy lost rows). First, the
    markers whose ")" OCR read as a digit are read without it where that makes the
    longest increasing run (_trusted_markers: "33" as 3 among 1, 2, 4), so that the
    neighbours the next step trusts are numbers as printed. Then a marker out of order
    between two neighbours that leave room is read as the previous plus one (5, 1, 8 ->
    5, 6, 8). Then a marker outside the longest increasing run, or unreadable (None), is
    read as the previous one plus one, when that still stays below the next trusted
    marker; one that cannot be pinned down is dropped, as is a repeated marker's second
    figure. Where `rows_lost` (a dated row of the copy lost its figure), a number
    neither read (as printed or without a last digit) nor pinned down by read numbers
    on both sides that leave no room for a lost row is marked `counted` (_mark_counted):
    where every dated row kept its figure, counting on lost none.
    """
    as_read = {id(p): _marker_readings(p.report_no) for p in parts} if rows_lost else {}
    for i, number in _trusted_markers([p.report_no for p in parts]).items():
        parts[i].report_no = number
    for i in range(1, len(parts) - 1):
        prev, cur, nxt = (parts[j].report_no for j in (i - 1, i, i + 1))
        if prev is not None and nxt is not None and not (cur is not None and prev < cur < nxt) and prev + 1 < nxt:
            parts[i].report_no = prev + 1
    trusted = _trusted_markers([p.report_no for p in parts])
    if not trusted:
        return []
    for i, number in trusted.items():
        parts[i].report_no = number
    previous = 0
    for i, part in enumerate(parts):
        if i not in trusted:
            following = [trusted[j] for j in range(i + 1, len(parts)) if j in trusted]
            guess = previous + 1
            part.report_no = guess if not following or guess < following[0] else None
        if part.report_no is not None:
            previous = part.report_no
    seen: set[int] = set()
    out = []
    for p in parts:
        if p.report_no is not None and p.report_no not in seen:
            seen.add(p.report_no)
            out.append(p)
    if rows_lost:
        _mark_counted(out, [p.report_no in as_read[id(p)] for p in out])
    return out


def _mark_counted(parts: list[_Parts], read: list[bool]) -> None:
    """Mark `counted` each of `parts` (numbered, in print order) whose number was not
    `read` and is not pinned down: the read numbers around it (nothing before counts as
    0) must leave exactly the room its unread neighbours fill, and one must follow it.
    In "1, ?, 3" the 2 is pinned; in "1, ?, 4" or "3, ?" a row lost on the way would
    have shifted it."""
    known = [(-1, 0), *((i, n) for i, (p, r) in enumerate(zip(parts, read)) if r and (n := p.report_no) is not None)]
    for (a, before), (b, after) in zip(known, [*known[1:], (len(parts), None)]):
        pinned = after is not None and after - before == b - a
        for i in range(a + 1, b):
            parts[i].counted = not pinned
