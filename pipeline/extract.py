"""Read typed field values out of one witness's sections.

Labelled fields are found by fuzzy label match (labels carry OCR errors) anchored where
a label can stand: at the start of a cell or just before its colon, so that a label's
words inside a value ("...สำเร็จตามเป้าหมาย") are not taken for a label. Section 2 is read
by pipeline.progress_rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

import regex
from rapidfuzz import fuzz

from .model import Figure, Line, Narrative, Reading, Where, Witness, WitnessRecord, span
from .normalize import fold_line, fold_marks, fold_with_map
from .progress_rows import read_progress, read_section2, read_statuses, row_starts
from .template import FieldSpec, SectionSpec, Template
from .wraps import PrintedCopy, join_lines, joins, printed_copy
from .values import (
    clean_agency, clean_text_value, parse_be_year, parse_code, parse_date, parse_money, parse_person,
    parse_project_code,
)

__all__ = ["extract", "read_blocks", "read_labelled", "read_progress", "read_statuses"]

LABEL_MIN_SCORE = 80.0
LABEL_MIN_COVER = 0.75
PAGE_LEFT_OUT_LINES = 3  # lines of a page no field took that make it a page left out, not a stray speck
PAGE_QUOTE_CHARS = 120
_AFTER_LABEL = regex.compile(r"(\p{Thai}{0,2})[\s.]{0,6}:")  # a label's last letters beyond its alignment, then its colon
_LEADING_PUNCT = regex.compile(r"^[\s.:]+")

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


def _label_hits(text: str, specs: tuple[FieldSpec, ...]) -> tuple[_Hit, ...]:
    """Return the labels found in one cell, left to right, at most one per field. A label
    not found as printed is looked for with the marks above and below the line folded
    away (normalize.fold_marks), in the label and the cell alike: OCR drops, misreads
    and moves marks far more often than letters ("ชอิผรูบัผดิชอบ" for "ชื่อผู้รับผิดชอบ")."""
    found = []
    for spec in specs:
        for label in spec.labels:
            al = fuzz.partial_ratio_alignment(label, text, score_cutoff=LABEL_MIN_SCORE)
            if al is not None and (al.dest_end - al.dest_start) >= LABEL_MIN_COVER * len(label):
                start, end, score = al.dest_start, al.dest_end, al.score
            else:
                flat = fold_line(text)
                bare = fold_marks(label)
                # With no colon in the cell a label stands only at its start (below).
                al = fuzz.partial_ratio_alignment(bare, flat if ":" in text else flat[:len(bare) + 4],
                                                  score_cutoff=LABEL_MIN_SCORE)
                if al is None or (al.dest_end - al.dest_start) < LABEL_MIN_COVER * len(bare):
                    continue
                keep = fold_with_map(text)[1]
                start, end, score = keep[al.dest_start], keep[al.dest_end], al.score
            tail = _AFTER_LABEL.match(text, end)
            if start <= 2 or tail is not None:
                found.append(_Hit(spec, start, end if tail is None else tail.end(1), score))
    accepted: list[_Hit] = []
    for hit in sorted(found, key=lambda h: (-h.score, -(h.end - h.start), h.spec.name)):
        if any(h.spec is hit.spec or (hit.start < h.end and h.start < hit.end) for h in accepted):
            continue
        accepted.append(hit)
    return tuple(sorted(accepted, key=lambda h: h.start))


@lru_cache(maxsize=16)
def _label_finder(specs: tuple[FieldSpec, ...]) -> Callable[[str], tuple[_Hit, ...]]:
    """Return _label_hits for the fields `specs`, remembered by cell text, as the copies of
    a report repeat most cells word for word (so the fields are hashed once a section)."""
    return lru_cache(maxsize=1 << 14)(partial(_label_hits, specs=specs))


def read_labelled(lines: Sequence[Line], specs: Sequence[FieldSpec], printed: PrintedCopy | None = None,
                  left_out: list[Line] | None = None) -> dict[str, tuple[str, Where]]:
    """Return {field name: (raw value text, where)} for a `fields` section.

    A cell with no label continues the previous field's value (a wrapped line: with no
    space where its text goes on, wraps.joins). So does a cell with no colon under a
    label that ended its line with nothing after it, where the only label found in it
    is that field's own: a value printed below its label whose words open as the
    label's end ("ชื่อโครงการ/กิจกรรม :" and, below, "โครงการปรับปรุง..."). When a copy prints a
    label twice, the first reading is kept. The lines that went into no value (before
    the first label, after a label printed again) are added to `left_out`.
    """
    values: dict[str, tuple[str, Where]] = {}
    last: str | None = None
    before: tuple[Line, str] | None = None  # the line the last value's text ends on, and that text
    label_hits = _label_finder(tuple(specs))
    for line in lines:
        hits = label_hits(line.text)
        if hits and last is not None and not values[last][0] and ":" not in line.text and hits[0].start == 0 \
                and all(hit.spec.name == last for hit in hits):
            hits = ()  # the value below its label, opening with the label's words: "ชื่อโครงการ :" / "โครงการ..."
        if not hits:
            if last is None and left_out is not None:
                left_out.append(line)
            if last is not None:
                text, where = values[last]
                joined = before is not None and printed is not None and joins(before[0], line, printed, before[1])
                values[last] = (f"{text}{'' if joined else ' '}{line.text}", span([where, line.where]))
                before = (line, line.text)
            continue
        for i, hit in enumerate(hits):
            end = hits[i + 1].start if i + 1 < len(hits) else len(line.text)
            raw = _LEADING_PUNCT.sub("", line.text[hit.end:end]).strip()
            if hit.spec.name not in values:
                values[hit.spec.name] = (raw, line.where)
                last = hit.spec.name
                before = (line, raw) if end == len(line.text) else None
            else:
                last = None
    return values


def read_blocks(lines: Sequence[Line], section: SectionSpec, printed: PrintedCopy,
                left_out: list[Line] | None = None) -> dict[str, tuple[str, Where]]:
    """Return the free-text blocks of a `blocks` section, each introduced by its marker;
    the lines before the first marker are added to `left_out`."""
    markers = [(fold_marks(m), name) for m, name in {b.marker: b.name for b in section.blocks}.items()]
    blocks: dict[str, list[Line]] = {}
    current: str | None = None
    for line in lines:
        text = fold_marks(line.text.strip(" .:"))
        name = next((name for marker, name in markers if fuzz.ratio(text, marker) >= 85), None)
        if name is not None:
            current = name
            continue
        if current is not None:
            blocks.setdefault(current, []).append(line)
        elif left_out is not None:
            left_out.append(line)
    return {name: (join_lines(ls, printed), span([ln.where for ln in ls])) for name, ls in blocks.items()}


def _pages_left_out(witness: Witness, left_out: Sequence[Line]) -> list[tuple[Where, str]]:
    """Return (where, message) for each page of a copy whose every line, PAGE_LEFT_OUT_LINES
    or more, went into no field (`left_out` by read_labelled and read_blocks): another
    kind of paper filed inside the copy (a covering memo) whose lines no label claims.
    Lines a field's section holds before its first label (a heading's second line, a
    speck) are part of the form's print and no such page."""
    dropped: dict[tuple[str, int], list[Line]] = {}
    for line in left_out:
        dropped.setdefault((line.where.source, line.where.page), []).append(line)
    held: dict[tuple[str, int], int] = {}
    for sec in witness.sections.values():
        for line in sec:
            key = (line.where.source, line.where.page)
            held[key] = held.get(key, 0) + 1
    return [(lines[0].where, f"page read into no field of the form ({len(lines)} lines), left out: "
                             f"{' '.join(ln.text for ln in lines)[:PAGE_QUOTE_CHARS]!r}")
            for key, lines in dropped.items() if len(lines) == held[key] >= PAGE_LEFT_OUT_LINES]


def extract(witness: Witness, template: Template) -> WitnessRecord:
    """Return every reading of one witness: document fields, figures and narratives."""
    weight = witness.weight
    fields: dict[str, Reading] = {}

    def add(name: str, value: Any, raw: str, where: Where) -> None:
        if value not in (None, ""):
            fields[name] = Reading(name, value, raw, witness.id, where, weight)

    figures: list[Figure] = []
    narratives: list[Narrative] = []
    unread: list[tuple[Where, str]] = []
    rows: tuple[Where, ...] = ()
    left_out: list[Line] = []
    printed = printed_copy(*witness.sections.values())
    for section in template.sections:
        lines = witness.sections.get(section.id, ())
        if not lines:
            continue
        if section.kind == "fields":
            raw_values = read_labelled(lines, section.fields, printed, left_out)
            for spec in section.fields:
                if spec.name not in raw_values:
                    continue
                raw, where = raw_values[spec.name]
                if spec.type == "person":
                    name, phone = parse_person(raw, template.person_titles, template.phone_label)
                    add(f"{spec.name}_name", name, raw, where)
                    add(f"{spec.name}_phone", phone, raw, where)
                elif spec.pattern is not None:
                    add(spec.name, parse_code(raw, spec.pattern), raw, where)
                else:
                    add(spec.name, VALUE_PARSERS[spec.type](raw), raw, where)
        elif section.kind == "text" and section.field:
            text = join_lines(lines, printed)
            add(section.field, clean_text_value(text), text, span([ln.where for ln in lines]))
        elif section.kind == "blocks":
            for name, (text, where) in read_blocks(lines, section, printed, left_out).items():
                add(name, clean_text_value(text), text, where)
        elif section.kind == "progress":
            rows = row_starts(lines, template.progress)
            figures, narratives, unread = read_section2(lines, template.progress, witness.id, weight, printed, rows)
    unread = [*_pages_left_out(witness, left_out), *unread]
    line_breaks = "words" if printed.breaks_words else "spaces" if printed.breaks_at_spaces else ""
    return WitnessRecord(witness.without_lines(), fields, tuple(figures), tuple(narratives), tuple(unread),
                         printed.unconfirmed_spaces, line_breaks, printed.possible_wraps, printed.joined_ends,
                         printed.spaced_ends, printed.sure_joins, printed.sure_spaces, printed.opening_guesses,
                         row_starts=rows, marked_phrases=printed.phrases_marked(), line_texts=printed.text,
                         number_doubts=tuple((ln.where, doubt) for lines in witness.sections.values()
                                             for ln in lines for doubt in ln.numbers))
