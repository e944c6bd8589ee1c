"""A self-contained HTML page for reviewing reconciled reports.

The page lists every report (sortable, filterable by "needs review") and, per report, an
alignment table in the manner of CollateX: one column per witness, one row per field, then
the chosen value, its confidence and the rule. Where a witness's reading differs from the
chosen value the differing words are wrapped in <mark>. The page needs no network: CSS and
JS are inline, and crops of the scanned lines, when given, are data: URIs or relative paths.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import jinja2

from .atomic import atomic_write
from .model import Dispute, Failure, ReconciledDocument, Resolved, WitnessRecord

if TYPE_CHECKING:
    import pandas as pd

CropKey = tuple[str, str, int | None]
TEMPLATE = "review.html.j2"
ELIDE_OVER = 160
ELIDE_KEEP = 60


@dataclass(frozen=True)
class Segment:
    """A run of text in a cell: `kind` is same, diff (differs from the chosen value), gap
    (the chosen value has words this reading lacks), disputed (a stretch the copies voted
    on) or hidden (an unchanged stretch elided in compact view); `title` is its tooltip."""

    text: str
    kind: str = "same"
    title: str = ""


@dataclass(frozen=True)
class Cell:
    """One witness's reading of one field, ready to render."""

    segments: tuple[Segment, ...] = ()
    missing: bool = False
    set_aside: str | None = None
    title: str = ""
    crop: str | None = None
    caption: str = ""


@dataclass(frozen=True)
class Row:
    """One field of a report or of one of its progress reports, across all witnesses."""

    field: str
    report_no: int | None
    cells: tuple[Cell, ...]
    chosen: tuple[Segment, ...]
    confidence: float
    rule: str
    needs_review: bool
    disagree: bool
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class WitnessHead:
    """A witness column's heading: its id and, when its record is known, where it starts."""

    id: str
    detail: str = ""


@dataclass
class DocView:
    """Everything the template shows of one reconciled report."""

    doc_id: str
    anchor: str
    project_name: str
    witnesses: tuple[WitnessHead, ...]
    sources: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)
    report_sizes: dict[int, int] = field(default_factory=dict)

    @property
    def n_review(self) -> int:
        return sum(r.needs_review for r in self.rows)

    @property
    def min_confidence(self) -> float | None:
        return min((r.confidence for r in self.rows), default=None)


def text_of(value: Any) -> str:
    """Return a value as the text a reviewer reads ("" for None)."""
    return "" if value is None else str(value)


Tokenize = Callable[[str], list[str]]


def thai_tokens(text: str) -> list[str]:
    """Return `text` split into words by pythainlp (newmm), whitespace kept, so that joining
    the tokens gives `text` back and a diff can mark whole Thai words."""
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, engine="newmm", keep_whitespace=True)


def _merge(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for seg in segments:
        if not seg.text and seg.kind != "gap":
            continue
        if out and out[-1].kind == seg.kind == "same":
            out[-1] = Segment(out[-1].text + seg.text)
        else:
            out.append(seg)
    return out


def diff_segments(reading: str, chosen: str, words: bool, tokenize: Tokenize = thai_tokens) -> list[Segment]:
    """Return `reading` cut into runs that agree or differ with `chosen`.

    Compared word by word (pythainlp tokens) when `words`, else character by character
    (codes, dates, figures). A run of `chosen` the reading lacks becomes a zero-width
    "gap" segment whose title says what is missing, so omissions stay visible.
    """
    split = tokenize if words else list
    a, b = split(reading), split(chosen)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        mine, theirs = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            segments.append(Segment(mine))
        elif mine.strip():
            segments.append(Segment(mine, "diff", f"chosen: {theirs}" if theirs else "not in the chosen value"))
        elif theirs.strip():
            segments.append(Segment(mine))
            segments.append(Segment("", "gap", f"missing: {theirs}"))
        else:
            segments.append(Segment(mine))
    return _merge(segments)


def disputed_segments(value: str, disputes: Sequence[Dispute]) -> list[Segment]:
    """Return the chosen value with each disputed stretch marked, its title listing every
    option and how many copies read it; a dispute whose offset does not match is skipped."""
    segments: list[Segment] = []
    pos = 0
    for d in sorted(disputes, key=lambda d: d.at):
        at, chosen = d.at, text_of(d.chosen)
        if not chosen or at < pos or value[at:at + len(chosen)] != chosen:
            continue
        options = "; ".join(f"{o.text} ({len(o.witnesses or ())})" for o in d.options)
        segments += [Segment(value[pos:at]), Segment(chosen, "disputed", f"{d.rule}: {options}")]
        pos = at + len(chosen)
    segments.append(Segment(value[pos:]))
    return _merge(segments)


def _cut(text: str, at: int) -> int:
    """Return the nearest index at or after `at` that does not split a base character from
    its combining marks (Thai vowels and tone marks)."""
    while at < len(text) and unicodedata.category(text[at]).startswith("M"):
        at += 1
    return at


def elide(segments: Sequence[Segment]) -> list[Segment]:
    """Return the segments with the middle of every long unchanged run marked "hidden", so
    compact view shows a long paragraph by its differences and a little context."""
    out: list[Segment] = []
    for seg in segments:
        if seg.kind != "same" or len(seg.text) <= ELIDE_OVER:
            out.append(seg)
            continue
        head = _cut(seg.text, ELIDE_KEEP)
        tail = _cut(seg.text, len(seg.text) - ELIDE_KEEP)
        if tail <= head:
            out.append(seg)
            continue
        out += [Segment(seg.text[:head]), Segment(seg.text[head:tail], "hidden"), Segment(seg.text[tail:])]
    return out


def _reading_title(res: Resolved, records: Mapping[str, WitnessRecord] | None, wid: str, report_no: int | None) -> str:
    """Where the witness's reading was found, and for a document field whose record is at
    hand, the raw text it was read from."""
    reading = records[wid].fields.get(res.field) if records is not None and report_no is None and wid in records else None
    if reading is not None:
        return f"{reading.where}: {reading.raw}"
    return next((str(where) for w, where in res.read_at if w == wid), "")


def _crop_caption(res: Resolved, wid: str, value: Any) -> str:
    """The enlarged crop's caption: whose copy, where on which page, and what it was read as."""
    where = next((str(w) for w2, w in res.read_at if w2 == wid), "")
    if value is None:
        return f"{wid} · {res.field}{' · ' + where if where else ''} · read as nothing"
    text = text_of(value)
    text = text if len(text) <= 120 else text[:_cut(text, 120)] + "…"
    return f"{wid} · {res.field}{' · ' + where if where else ''} · read: {text}"


def _check_crop(src: str) -> str:
    """Return `src` if it is a data: image URI or a relative path; a page that opens
    offline must not link elsewhere, and no other scheme (javascript:) may reach an href."""
    if src.startswith("data:image/") or not (urlparse(src).scheme or src.startswith(("/", "\\"))):
        return src
    raise ValueError(f"crop must be a data:image URI or a relative path, not {src[:40]!r}")


def build_row(
    res: Resolved,
    witnesses: Sequence[str],
    report_no: int | None,
    records: Mapping[str, WitnessRecord] | None = None,
    crops: Mapping[CropKey, str] | None = None,
    tokenize: Tokenize = thai_tokens,
) -> Row:
    """Return the alignment row of one resolved value: each witness's reading (the
    candidate that lists it, or its set-aside reading) diffed against the chosen value."""
    chosen = text_of(res.value)
    words = bool(res.disputes)
    read = {w: c.value for c in res.candidates for w in c.witnesses}
    aside = {s.witness: s for s in res.set_aside}
    cells = []
    for wid in witnesses:
        crop = crops.get((wid, res.field, report_no)) if crops else None
        common = dict(title=_reading_title(res, records, wid, report_no), crop=crop and _check_crop(crop))
        if crop:
            common["caption"] = _crop_caption(res, wid, read.get(wid, aside[wid].value if wid in aside else None))
        if wid in read:
            text = text_of(read[wid])
            segs = [Segment(text)] if text == chosen else diff_segments(text, chosen, words, tokenize)
            cells.append(Cell(tuple(elide(segs)), **common))
        elif wid in aside:
            s = aside[wid]
            cells.append(Cell((Segment(text_of(s.value)),), set_aside=s.reason, **common))
        else:
            cells.append(Cell(missing=True, **common))
    chosen_segs = disputed_segments(chosen, res.disputes) if res.disputes else [Segment(chosen)]
    return Row(
        field=res.field,
        report_no=report_no,
        cells=tuple(cells),
        chosen=tuple(elide(chosen_segs)),
        confidence=res.confidence,
        rule=res.rule,
        needs_review=res.needs_review,
        disagree=res.contested,
        warnings=res.warnings,
    )


def _anchor(index: int, doc_id: str) -> str:
    return f"doc-{index}-" + re.sub(r"[^A-Za-z0-9_-]+", "_", doc_id)


def _witness_head(wid: str, records: Mapping[str, WitnessRecord] | None) -> WitnessHead:
    if records is None or wid not in records:
        return WitnessHead(wid)
    w = records[wid].witness
    return WitnessHead(wid, f"from {w.start}, weight {w.weight:.2f}")


def build_doc(
    index: int,
    doc: ReconciledDocument,
    records: Mapping[str, WitnessRecord] | None = None,
    crops: Mapping[CropKey, str] | None = None,
    tokenize: Tokenize = thai_tokens,
) -> DocView:
    """Return the view of one reconciled report: document fields first, then each progress
    report's fields, every row across all of the report's witnesses."""
    name = doc.fields.get("project_name")
    view = DocView(
        doc_id=doc.doc_id,
        anchor=_anchor(index, doc.doc_id),
        project_name=text_of(name.value) if name else "",
        witnesses=tuple(_witness_head(w, records) for w in doc.witnesses),
        sources=doc.sources,
    )
    view.rows += [build_row(res, doc.witnesses, None, records, crops, tokenize) for res in doc.fields.values()]
    for rep in doc.reports:
        view.report_sizes[rep.report_no] = rep.n_witnesses
        view.rows += [build_row(res, doc.witnesses, rep.report_no, records, crops, tokenize) for res in rep.fields.values()]
    return view


def values_to_review(doc: ReconciledDocument) -> int:
    """Return how many of a report's values need review (its row count in the index)."""
    return sum(res.needs_review for _, res in doc.values())


def review_rank(to_review: int, doc_id: str) -> tuple[int, str]:
    """Return a report's place in the page's order, from its count of values to review
    and its doc_id (see review_order)."""
    return -to_review, doc_id


def review_order(docs: Sequence[ReconciledDocument]) -> list[ReconciledDocument]:
    """Return the reports in the page's order: most values needing review first, then
    by doc_id (the order crops are made in, so a capped run crops what is seen first)."""
    return sorted(docs, key=lambda d: review_rank(values_to_review(d), d.doc_id))


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["conf"] = lambda x: "" if x is None else f"{x:.2f}"
    return env


def render_review(
    docs: Sequence[ReconciledDocument],
    failures: Sequence[Failure],
    records_by_witness: Mapping[str, WitnessRecord] | None = None,
    crops: Mapping[CropKey, str] | None = None,
    omitted: int = 0,
    tokenize: Tokenize = thai_tokens,
) -> str:
    """Return the review page as one HTML string that opens offline in any browser.

    `records_by_witness` (witness id -> WitnessRecord), when given, adds where each copy
    starts and, for document fields, the raw text each value was read from as a tooltip.
    `crops` maps (witness id, field, report_no or None) to a data: URI or relative path of
    an image of the line, shown under that witness's reading.
    `failures` are listed at the end in two tables: what could not be used, and notes
    about what was (Failure.is_note).
    Reports are listed with the most values needing review first. `omitted` counts the
    reports of the run left off the page (a large archive's page holds those with the most
    values needing review: pipeline.batches.ReviewShortlist).
    `tokenize` splits text into words for the differences; the pipeline passes its
    Dictionary.tokens, whose word list is already built (pythainlp's own default
    would build a second one, a second of a re-run's time).
    """
    views = [build_doc(i, d, records_by_witness, crops, tokenize) for i, d in enumerate(review_order(docs))]
    return _environment().get_template(TEMPLATE).render(
        docs=views, failures=[f for f in failures if not f.is_note], notes=[f for f in failures if f.is_note],
        omitted=omitted)


def write_review(html: str, path: Path) -> Path:
    """Write the page to `path` atomically, so a browser reloading it never sees half a
    page; return the path."""
    return atomic_write(Path(path), lambda handle: handle.write(html), newline="\n")


def failures_from_frame(frame: pd.DataFrame) -> list[Failure]:
    """Return the rows of a failures table (api.Result.failures) as Failure objects."""
    import pandas as pd  # loaded with `frame`; not imported at start-up, before the first page is read

    return [
        Failure(str(r.source), None if pd.isna(r.page) else int(r.page), str(r.stage), str(r.error))
        for r in frame.itertuples(index=False)
    ]
