"""Read typed field values out of one witness's sections.

Labelled fields are found by fuzzy label match (labels carry OCR errors) anchored where
a label can stand: at the start of a cell or just before its colon, so that a label's
words inside a value ("...สำเร็จตามเป้าหมาย") are not taken for a label. Section 2 is read
as a stream of events (dated narratives, progress figures, status cells) because its
printed rows are not reliable; each figure is keyed by its own "(ครั้งที่ N)" marker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex
from rapidfuzz import fuzz

from .model import Figure, Line, Narrative, Reading, Where, Witness, WitnessRecord, span
from .template import FieldSpec, ProgressSpec, SectionSpec, Template
from .values import (
    clean_agency,
    clean_text_value,
    parse_be_year,
    parse_date,
    parse_money,
    parse_percent,
    parse_person,
    parse_project_code,
)

LABEL_MIN_SCORE = 80.0
LABEL_MIN_COVER = 0.75
STATUS_MIN_SCORE = 75.0
_AFTER_LABEL = regex.compile(r"[\s.]{0,6}:")
_LEADING_PUNCT = regex.compile(r"^[\s.:]+")
_WHITESPACE = regex.compile(r"\s")
CELL_CACHE_SIZE = 1 << 15  # distinct cells whose labels or status are remembered: copies repeat most

VALUE_PARSERS: dict[str, Callable[[str], Any]] = {
    "text": lambda s: clean_text_value(s) or None,
    "project_code": parse_project_code,
    "be_year": parse_be_year,
    "date": parse_date,
    "money": parse_money,
    "agency": lambda s: clean_agency(s) or None,
}


@dataclass(frozen=True)
class _Hit:
    spec: FieldSpec
    start: int
    end: int
    score: float


def _label_hits(text: str, specs: Sequence[FieldSpec]) -> list[_Hit]:
    """Return the labels found in one cell, left to right, at most one per field."""
    found = []
    for spec in specs:
        for label in spec.labels:
            al = fuzz.partial_ratio_alignment(label, text, score_cutoff=LABEL_MIN_SCORE)
            if al is None or (al.dest_end - al.dest_start) < LABEL_MIN_COVER * len(label):
                continue
            anchored = al.dest_start <= 2 or _AFTER_LABEL.match(text, al.dest_end) is not None
            if anchored:
                found.append(_Hit(spec, al.dest_start, al.dest_end, al.score))
    accepted: list[_Hit] = []
    for hit in sorted(found, key=lambda h: (-h.score, -(h.end - h.start), h.spec.name)):
        if any(h.spec is hit.spec or (hit.start < h.end and h.start < hit.end) for h in accepted):
            continue
        accepted.append(hit)
    return sorted(accepted, key=lambda h: h.start)


@lru_cache(maxsize=CELL_CACHE_SIZE)
def _cell_label_hits(text: str, specs: tuple[FieldSpec, ...]) -> tuple[_Hit, ...]:
    """_label_hits, remembered: a report's copies and the form repeat most cells."""
    return tuple(_label_hits(text, specs))


def read_labelled(lines: Sequence[Line], specs: Sequence[FieldSpec]) -> dict[str, tuple[str, Where]]:
    """Return {field name: (raw value text, where)} for a `fields` section.

    A cell with no label continues the previous field's value (a wrapped line). When a
    copy prints a label twice, the first reading is kept.
    """
    values: dict[str, tuple[str, Where]] = {}
    last: str | None = None
    specs = tuple(specs)
    for line in lines:
        hits = _cell_label_hits(line.text, specs)
        if not hits:
            if last is not None:
                text, where = values[last]
                values[last] = (f"{text} {line.text}", span([where, line.where]))
            continue
        for i, hit in enumerate(hits):
            end = hits[i + 1].start if i + 1 < len(hits) else len(line.text)
            raw = _LEADING_PUNCT.sub("", line.text[hit.end:end]).strip()
            if hit.spec.name not in values:
                values[hit.spec.name] = (raw, line.where)
                last = hit.spec.name
            else:
                last = None
    return values


def _join(lines: Sequence[Line]) -> str:
    """Normalised lines joined by a space are normalised text: nothing to redo."""
    return " ".join(ln.text for ln in lines if ln.text)


def read_blocks(lines: Sequence[Line], section: SectionSpec) -> dict[str, tuple[str, Where]]:
    """Return the free-text blocks of a `blocks` section, each introduced by its marker."""
    markers = {b.marker: b.name for b in section.blocks}
    blocks: dict[str, list[Line]] = {}
    current: str | None = None
    for line in lines:
        marker = next(
            (m for m in markers if fuzz.ratio(line.text.strip(" .:"), m) >= 85), None
        )
        if marker is not None:
            current = markers[marker]
            continue
        if current is not None:
            blocks.setdefault(current, []).append(line)
    return {name: (_join(ls), span([ln.where for ln in ls])) for name, ls in blocks.items()}


@dataclass(frozen=True)
class _Event:
    kind: str
    start: int
    end: int
    match: regex.Match[str]


def progress_stream(lines: Sequence[Line], spec: ProgressSpec) -> tuple[str, list[int]]:
    """Return section 2 as one string with row labels removed, and each char's line index.

    Joining lets a figure split across lines or pages (the seed has one) read whole.
    """
    parts: list[str] = []
    owners: list[int] = []
    for i, line in enumerate(lines):
        text = spec.row_label.sub(" ", line.text)
        piece = text + " "
        parts.append(piece)
        owners.extend([i] * len(piece))
    return "".join(parts), owners


def _events(stream: str, spec: ProgressSpec) -> list[_Event]:
    events = []
    for kind, pattern in (
        ("date", spec.date), ("progress", spec.progress), ("spent", spec.spent), ("status", spec.status),
    ):
        events += [_Event(kind, m.start(), m.end(), m) for m in pattern.finditer(stream)]
    events.sort(key=lambda e: (e.start, -e.end))
    kept: list[_Event] = []
    for ev in events:
        # Patterns may start on optional colons or spaces that the previous event's tail
        # already took; an event only clashes when its value itself lies inside it.
        core = min(ev.match.start(g) for g in ev.match.groupdict() if ev.match.start(g) >= 0)
        if kept and core < kept[-1].end:
            continue
        kept.append(ev)
    return kept


def read_statuses(text: str, spec: ProgressSpec) -> list[tuple[str, str, float]]:
    """Return [(kind, vocabulary entry, score)] for a status cell, kind "plan" or "target".

    The whole cell is compared with every entry and with every plan+target pair, because
    copies glue the two cells together ("เป็นไปตามแผนแต่ควรติดตามเป็นปกติตามเป้าหมาย").
    Comparing whole strings keeps a short entry that only begins the cell ("เป็นไปตามแผน")
    from beating the long one the cell really holds. Empty when nothing is close enough.
    """
    cell = text.strip(" :")
    options: list[tuple[tuple[str, str], ...]] = [(("plan", p),) for p in spec.plan_status]
    options += [(("target", t),) for t in spec.target_status]
    options += [(("plan", p), ("target", t)) for p in spec.plan_status for t in spec.target_status]
    scored = [(fuzz.ratio("".join(e for _, e in opt), cell), opt) for opt in options]
    score, best = max(scored, key=lambda so: (so[0], -len(so[1])))
    if score < STATUS_MIN_SCORE:
        return []
    return [(kind, entry, score) for kind, entry in best]


@lru_cache(maxsize=CELL_CACHE_SIZE)
def _cell_statuses(text: str, spec: ProgressSpec) -> tuple[tuple[str, str, float], ...]:
    """read_statuses, remembered: status cells repeat a handful of phrases."""
    return tuple(read_statuses(text, spec))


def read_progress(
    lines: Sequence[Line], spec: ProgressSpec, witness: str, weight: float
) -> tuple[list[Figure], list[Narrative]]:
    """Return this witness's progress figures (by marker) and dated narratives.

    A figure's percentage is the progress value just before its "(ครั้งที่ N)" marker;
    its statuses are the first plan and target status after it. A narrative runs from
    its date to the next event, and is paired with the marker of a figure that follows it
    before any other date: one witness's vote for which report the date belongs to.
    """
    if not lines:
        return [], []
    stream, owners = progress_stream(lines, spec)
    events = _events(stream, spec)

    def reading(field: str, value: Any, raw: str, start: int, end: int) -> Reading:
        """A reading of the stream's characters start..end, placed on the lines they came from."""
        last = len(owners) - 1
        first, final = owners[min(start, last)], owners[min(max(start, end - 1), last)]
        return Reading(field, value, raw.strip(), witness, span([ln.where for ln in lines[first:final + 1]]), weight)

    narratives: list[tuple[Reading, Reading, dict[str, Any] | None]] = []
    pending_pct: Reading | None = None
    last_figure: dict[str, Any] | None = None
    open_narrative: int | None = None
    figure_parts: list[dict[str, Any]] = []
    for idx, ev in enumerate(events):
        if ev.kind == "date":
            iso = parse_date(_WHITESPACE.sub("", ev.match.group("date")))
            nxt = events[idx + 1].start if idx + 1 < len(events) else len(stream)
            text = clean_text_value(stream[ev.end:nxt])
            if iso:
                narratives.append(
                    (reading("report_date", iso, ev.match.group("date"), ev.start, ev.end),
                     reading("narrative", text, text, ev.end, nxt), None)
                )
                open_narrative = len(narratives) - 1
            pending_pct = None
        elif ev.kind == "progress":
            pct = parse_percent(ev.match.group("pct"))
            pending_pct = reading("progress_pct", pct, ev.match.group(0), ev.start, ev.end) if pct is not None else None
        elif ev.kind == "spent":
            marker = int(ev.match.group("marker")) if ev.match.group("marker").isdigit() else None
            amount = parse_money(ev.match.group("amount") or "")
            last_figure = {
                "report_no": marker,
                "progress_pct": pending_pct,
                "spent_baht": None if amount is None else reading("spent_baht", amount, ev.match.group(0), ev.start, ev.end),
                "plan_status": None,
                "target_status": None,
            }
            figure_parts.append(last_figure)
            if open_narrative is not None:
                d, t, _ = narratives[open_narrative]
                narratives[open_narrative] = (d, t, last_figure)
            open_narrative = None
            pending_pct = None
        elif ev.kind == "status" and last_figure is not None:
            for kind, entry, _score in _cell_statuses(ev.match.group("status"), spec):
                key = f"{kind}_status"
                if last_figure[key] is None:
                    last_figure[key] = reading(key, entry, ev.match.group("status"), ev.start, ev.end)
    figures = [Figure(**parts) for parts in _repair_markers(figure_parts)]
    # Pairs are read after the repair, so a narrative follows its figure's true number.
    return figures, [Narrative(d, t, None if fig is None else fig["report_no"]) for d, t, fig in narratives]


def _trusted_markers(markers: Sequence[int | None]) -> set[int]:
    """Return the positions of the longest run of markers that increases in print order.

    Among equally long runs, the one closest to counting 1, 2, 3... from the first row
    wins. A marker outside that run is one OCR broke ("11" for "1", "ๆ" for "4").
    """
    best: list[tuple[int, int, int | None]] = []  # (length, -distance, previous position)
    for i, m in enumerate(markers):
        here = (0, 0, None) if m is None else (1, -abs(m - (i + 1)), None)
        if m is not None:
            for j in range(i):
                mj = markers[j]
                if mj is not None and mj < m:
                    length, score, _ = best[j]
                    cand = (length + 1, score - abs(m - (i + 1)), j)
                    if cand[:2] > here[:2]:
                        here = cand
        best.append(here)
    if not best or max(b[0] for b in best) == 0:
        return set()
    end: int | None = max(range(len(best)), key=lambda i: best[i][:2])
    run = set()
    while end is not None:
        run.add(end)
        end = best[end][2]
    return run


def _repair_markers(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fix the markers OCR broke or lost when their neighbours pin them down.

    Markers run 1, 2, 3... in print order (with gaps where a copy lost rows). First, a
    marker out of order between two neighbours that leave room is read as the previous
    plus one (5, 1, 8 -> 5, 6, 8). Then a marker outside the longest increasing run
    (_trusted_markers), or unreadable (None), is read
    as the previous one plus one, when that still stays below the next trusted marker;
    one that cannot be pinned down is dropped, as is a repeated marker's second figure.
    """
    for i in range(1, len(parts) - 1):
        prev, cur, nxt = (parts[j]["report_no"] for j in (i - 1, i, i + 1))
        if prev is not None and nxt is not None and not (cur is not None and prev < cur < nxt) and prev + 1 < nxt:
            parts[i]["report_no"] = prev + 1
    trusted = _trusted_markers([p["report_no"] for p in parts])
    if not trusted:
        return []
    previous = 0
    for i, part in enumerate(parts):
        if i not in trusted:
            following = [parts[j]["report_no"] for j in range(i + 1, len(parts)) if j in trusted]
            guess = previous + 1
            part["report_no"] = guess if not following or guess < following[0] else None
        if part["report_no"] is not None:
            previous = part["report_no"]
    seen: set[int] = set()
    out = []
    for p in parts:
        if p["report_no"] is not None and p["report_no"] not in seen:
            seen.add(p["report_no"])
            out.append(p)
    return out


def extract(witness: Witness, template: Template) -> WitnessRecord:
    """Return every reading of one witness: document fields, figures and narratives."""
    weight = witness.weight
    fields: dict[str, Reading] = {}

    def add(name: str, value: Any, raw: str, where: Where) -> None:
        if value not in (None, ""):
            fields[name] = Reading(name, value, raw, witness.id, where, weight)

    figures: list[Figure] = []
    narratives: list[Narrative] = []
    for section in template.sections:
        lines = witness.sections.get(section.id, ())
        if not lines:
            continue
        if section.kind == "fields":
            raw_values = read_labelled(lines, section.fields)
            for spec in section.fields:
                if spec.name not in raw_values:
                    continue
                raw, where = raw_values[spec.name]
                if spec.type == "person":
                    name, phone = parse_person(raw, template.person_titles, template.phone_label)
                    add(f"{spec.name}_name", name, raw, where)
                    add(f"{spec.name}_phone", phone, raw, where)
                else:
                    add(spec.name, VALUE_PARSERS[spec.type](raw), raw, where)
        elif section.kind == "text" and section.field:
            text = _join(lines)
            add(section.field, clean_text_value(text), text, span([ln.where for ln in lines]))
        elif section.kind == "blocks":
            for name, (text, where) in read_blocks(lines, section).items():
                add(name, clean_text_value(text), text, where)
        elif section.kind == "progress":
            figures, narratives = read_progress(lines, template.progress, witness.id, weight)
    return WitnessRecord(witness.without_lines(), fields, tuple(figures), tuple(narratives))
