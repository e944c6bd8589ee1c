"""Plain typed data passed between the pipeline's stages.

Each stage takes and returns these dataclasses only, so a stage can be tested alone and
the whole pipeline is a fold over stages (ingest -> segment -> extract -> group -> align
-> vote -> export). Every class here pickles as its class and a plain tuple of its field values
(pickled_as_tuple): copies go to pool workers, records are spilled to disk, reconciled
documents come back from workers, and the dataclass default for slotted classes is
several times slower. Each is built by setting its slots directly (set_through_slots).
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, NamedTuple, TypeVar


Box = tuple[int, int, int, int]
C = TypeVar("C", bound=type)


def pickled_as_tuple(cls: C) -> C:
    """Return `cls`, a frozen slotted dataclass, made to pickle as (cls, its field values
    in order): unpickling calls the constructor with them. The dataclass default for a
    slotted class looks its fields up on every object both ways, which made pickling a
    pool worker's reconciled documents cost as much as a tenth of its voting."""
    names = [f.name for f in fields(cls)]
    if len(names) < 2:
        raise TypeError(f"{cls.__name__}: pickled_as_tuple needs two fields or more (attrgetter gives a tuple)")
    values = operator.attrgetter(*names)

    def __reduce__(self: Any) -> tuple:
        return cls, values(self)

    cls.__reduce__ = __reduce__
    return cls


def set_through_slots(cls: C) -> C:
    """Return `cls`, a frozen slotted dataclass, with an __init__ that sets each field
    through its slot's own descriptor, then calls __post_init__ where the class has one.
    The dataclass's __init__ sets each through object.__setattr__, which looks the name
    up on the class first: building these objects (readings, votes, the records
    unpickled from the spill) took a twentieth of the reconcile stage."""
    params, body = [], []
    env: dict[str, Any] = {}
    for f in fields(cls):
        if not f.init or f.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: set_through_slots takes fields with at most a plain default")
        if f.default is MISSING:
            params.append(f.name)
        else:
            params.append(f"{f.name}=_default_{f.name}")
            env[f"_default_{f.name}"] = f.default
        env[f"_set_{f.name}"] = getattr(cls, f.name).__set__
        body.append(f"    _set_{f.name}(self, {f.name})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    exec(f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body), env)
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init
    return cls


@pickled_as_tuple
@set_through_slots
@dataclass(frozen=True, order=True, slots=True)
class Where:
    """Where a piece of text was read: file, page (1-based) and line within the page.

    `box` (left, top, right, bottom), for a scanned page, is where the text lies on the
    page as rasterised at the run's dpi (Tesseract's line box; for text that runs over
    several lines, the box holding all of them on this page): what the review page
    crops to show the print behind a reading. It is provenance, not identity, so it
    takes no part in comparing or sorting.
    """

    source: str
    page: int
    line: int
    box: Box | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.source}:p{self.page}:L{self.line}"



def enclosing(boxes: Sequence[Box]) -> Box:
    """Return the smallest box holding every one of `boxes` (at least one)."""
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def span(wheres: Sequence[Where]) -> Where:
    """Return where a value read from several lines starts, its box grown to hold every
    line of the same page: the picture of a wrapped value is all of its lines.

    A value that runs on to the next page is shown by its first page's part.
    """
    first = wheres[0]
    boxes = [w.box for w in wheres if w.box is not None and (w.source, w.page) == (first.source, first.page)]
    if first.box is None or len(boxes) < 2:
        return first
    return Where(first.source, first.page, first.line, enclosing(boxes))


READ_ALONE = "alone"
IN_THAI_DIGITS = "thai-digits"


class NumberDoubt(NamedTuple):
    """A number of a line whose reading is in doubt, by `kind`:
    - READ_ALONE: a number word that reads otherwise when read again alone
      (pipeline.number_rereads): as the line reads it, as read again (differing only
      by look-alike digits, 7 for 1 and the like), and whether a third reading agreed
      with the second;
    - IN_THAI_DIGITS: a number Tesseract read in Thai digits (`read`, in Arabic ones;
      `again` empty): its Thai models have no ๔ ๖ ๗ ๘ ๙ and read each as another digit
      (tsv.thai_digit_numbers)."""

    read: str
    again: str
    agreed: bool
    kind: str = READ_ALONE


class OcrLine(NamedTuple):
    """One line as Tesseract read it on a page: text, mean confidence in [0, 1], its
    box on the page as rasterised (None when unknown), and its numbers that read
    otherwise alone. A plain tuple, so the page cache stores it as JSON and a worker
    sends it back cheaply."""

    text: str
    confidence: float
    box: Box | None = None
    numbers: tuple[NumberDoubt, ...] = ()


@pickled_as_tuple
@set_through_slots
@dataclass(frozen=True, slots=True)
class Line:
    """One normalised line (or table cell) of text with its provenance.

    `confidence` is the OCR engine's confidence for the line in [0, 1]; text that arrived
    already OCR'd carries 1.0 because nothing better is known about it. `numbers` are
    its number words that read otherwise when read again alone (OcrLine.numbers).
    """

    text: str
    where: Where
    confidence: float = 1.0
    numbers: tuple[NumberDoubt, ...] = ()



@pickled_as_tuple
@set_through_slots
@dataclass(frozen=True, slots=True)
class PageNote:
    """Something done to a page before it was read that the run reports as a warning
    (and a failures.csv row that does not fail the run): `stage` names what was done
    ("orientation": read turned; "resolution": upscaled), `message` says it
    without naming the page ("was upside down; ..."): the cache keeps notes with the
    page's pixels, which another file of another run may hold."""

    stage: str
    message: str

    def on(self, source: str, page: int | None) -> str:
        """Return the message naming the file and page it was said of."""
        return f"{source} page {page} {self.message}"


@pickled_as_tuple
@set_through_slots
@dataclass(frozen=True, slots=True)
class Page:
    """One page of input: its lines in reading order, and what was done to it before reading."""

    source: str
    page: int
    lines: tuple[Line, ...]
    notes: tuple[PageNote, ...] = ()


PAGE_NOTE_STAGES = ("orientation", "resolution")  # a page turned or upscaled before it was read (PageNote)
NOTE_STAGES = ("extract", "order", "text-layer", "no-text", *PAGE_NOTE_STAGES)
"""failures.csv stages of notes about inputs that were used (a repaired page order, text
left out of a copy that was read, a page turned, upscaled or OCR'd instead of its text
layer, a page that reads as no text left out of the file it came in); every other stage
is an input, page or copy that could not be used."""


@pickled_as_tuple
@set_through_slots
@dataclass(frozen=True, slots=True)
class Failure:
    """A failures.csv row: an input, page or witness that could not be used, or, when
    `is_note`, a note about one that was used; `error` is a message a person can act on."""

    source: str
    page: int | None
    stage: str
    error: str

    @property
    def is_note(self) -> bool:
        """True for a note about something that was used, which does not fail the run."""
        return self.stage in NOTE_STAGES


@pickled_as_tuple
@set_through_slots
@dataclass(frozen=True, slots=True)
class CopyNote:
    """What putting a copy together repaired (a page of another report left out, pages
    put back in order, a heading OCR lost), and the page it concerns: the page a
    failures.csv row of stage "order" names."""

    where: Where
    message: str


@pickled_as_tuple
@set_through_slots
@dataclass(frozen=True, slots=True)
class Witness:
    """One printed copy of one report, split into the template's sections.

    `weight`, the mean confidence of its lines, is how much its readings count in a vote.
    `notes` say what segmentation repaired in it (a stray page, pages out of order).
    `files` are the files its lines came from, in order (a copy may run on from one
    file into the next), kept when the lines are dropped (`without_lines`).
    `guessed_pages` are (file, page) of its pages that may be another copy's: which of
    two copies they go with, nothing on the pages could tell (segment.py).
    """

    id: str
    source: str
    start: Where
    sections: dict[str, tuple[Line, ...]]
    weight: float = field(default=-1.0, compare=False)
    notes: tuple[CopyNote, ...] = field(default=(), compare=False)
    files: tuple[str, ...] = field(default=(), compare=False)
    guessed_pages: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if self.weight < 0:
            lines = [ln for sec in self.sections.values() for ln in sec]
            weight = sum(ln.confidence for ln in lines) / len(lines) if lines else 1.0
            object.__setattr__(self, "weight", weight)


    def without_lines(self) -> Witness:
        """Return this witness without its text, its weight kept: what a record needs
        once its fields are read, so an archive's text is not all held at once."""
        files = self.files or tuple(dict.fromkeys(ln.where.source for sec in self.sections.values() for ln in sec))
        return Witness(self.id, self.source, self.start, {}, self.weight, self.notes, files or (self.source,),
                       self.guessed_pages)


@pickled_as_tuple
@set_through_slots
@dataclass(frozen=True, slots=True)
class Reading:
    """One witness's reading of one field.

    `value` is the typed, normalised value that takes part in the vote (str, int or
    float); `raw` is the text it was read from; `weight` is the witness's vote weight.
    """

    field: str
    value: Any
    raw: str
    witness: str
    where: Where
    weight: float = 1.0



@pickled_as_tuple
@set_through_slots
@dataclass(frozen=True, slots=True)
class Figure:
    """A progress figure of one witness, keyed by its own marker "(ครั้งที่ N)".

    `counted` when the copy's marker was unreadable and its number was counted on from
    the rows before it with nothing after to pin it down: a row lost before it would
    shift it. `unread` names each of its cells the copy printed but OCR left no value
    in ("(ครั้งที่ 1) = บาท": the amount lost), with where it was printed."""

    report_no: int
    progress_pct: Reading | None
    spent_baht: Reading | None
    plan_status: Reading | None
    target_status: Reading | None
    counted: bool = False
    unread: tuple[tuple[str, Where], ...] = ()



@pickled_as_tuple
@set_through_slots
@dataclass(frozen=True, slots=True)
class Narrative:
    """A dated progress narrative of one witness.

    `paired_report` is the marker of the figure that directly follows the narrative in
    this copy, if any: one vote for which report the date belongs to. `statuses` are the
    plan and target status cells printed after the narrative with no figure between
    (a copy that lost the row's figure): they belong to the date's report. A row whose
    date OCR garbled gives a narrative whose `date` reads None (its raw text the garbled
    cell), read only where a figure follows it, whose report it then is.
    """

    date: Reading
    text: Reading
    paired_report: int | None
    statuses: tuple[Reading, ...] = ()



OPENING_MARK = "^"  # before a line end's "last first": count only where "last" opens a phrase (line_end_spacing)


@pickled_as_tuple
@set_through_slots
@dataclass(frozen=True, slots=True)
class WitnessRecord:
    """Everything extracted from one witness: document fields and progress events,
    `unread`: (where, message) for each piece of section 2 that went into no reading,
    and, where its print breaks lines between words, `unconfirmed_spaces`: "last first",
    the words either side of each place a line ended where the print may have broken
    between words, with nothing to say whether it had a space there (its text joins them
    without one, wraps.joins). `line_breaks` is what its print shows
    of where it breaks lines: "words" (between the words of a phrase), "spaces" (only at
    spaces), or "" (nothing), and then `possible_wraps` are the line ends a print that breaks between
    words could have broken at (more places than its unconfirmed spaces would be; its
    text keeps whatever it read there). `joined_ends` and `spaced_ends` are "last first"
    at the line ends its text joins without a space and with one (wraps.joins);
    `sure_joins` and `sure_spaces` the same at the line ends that are no guess, and
    `opening_guesses` at the guessed ones where "last" opens a phrase (wraps.PrintedCopy).
    `fields_read` is set on a grouping view alone (spill.grouping_view), which keeps few
    of its record's readings: what read_names returns for the record. `row_starts` is
    where each row of its section 2 begins with its printed label (progress_rows.row_starts):
    how many rows the copy printed, whatever of them was read. `marked_phrases` are the
    phrases its print ends with PAIYANNOI (wraps.PrintedCopy.phrases_marked,
    "ขออนุมัติโครงการ" of "ขออนุมัติโครงการฯ"), for run.archive_marked_phrases.
    `line_texts` are its lines' texts as read, one a line (wraps.PrintedCopy.text): where
    the archive's print sets two words side by side, for run.learn_archive; the spill
    keeps them apart from the record (spill.pack). `number_doubts` are its lines' numbers
    that read otherwise alone (Line.numbers), each with where its line lies: the record
    keeps no lines."""

    witness: Witness
    fields: dict[str, Reading]
    figures: tuple[Figure, ...]
    narratives: tuple[Narrative, ...]
    unread: tuple[tuple[Where, str], ...] = ()
    unconfirmed_spaces: tuple[str, ...] = ()
    line_breaks: str = ""
    possible_wraps: tuple[str, ...] = ()
    joined_ends: tuple[str, ...] = ()
    spaced_ends: tuple[str, ...] = ()
    sure_joins: tuple[str, ...] = ()
    sure_spaces: tuple[str, ...] = ()
    opening_guesses: tuple[str, ...] = ()
    fields_read: frozenset[str] | None = None
    row_starts: tuple[Where, ...] = ()
    marked_phrases: tuple[str, ...] = ()
    line_texts: str = ""
    number_doubts: tuple[tuple[Where, NumberDoubt], ...] = ()

    @property
    def id(self) -> str:
        return self.witness.id

    def line_ends(self) -> tuple[str, ...]:
        """Return "last first" at every line end the copy's text may have joined wrong
        (its unconfirmed spaces, possible wraps, and the ends it joined with a space or
        without), and OPENING_MARK + "last first" where "last" opened a phrase at a
        guessed one: the places whose spacing the archive's lines may decide
        (line_end_spacing.archive_spacing)."""
        return (*self.unconfirmed_spaces, *self.possible_wraps, *self.joined_ends, *self.spaced_ends,
                *(OPENING_MARK + end for end in self.opening_guesses))

    def read_names(self) -> frozenset[str]:
        """Return the names of the document fields and progress-report cells (named by
        report_cell: a report's "spent_baht" is not the document's) this copy read a
        value for: what its print shows the form prints (run.archive_fields)."""
        if self.fields_read is not None:
            return self.fields_read
        names = set(self.fields)
        for fig in self.figures:
            names.update(report_cell(r.field) for r in (fig.progress_pct, fig.spent_baht, fig.plan_status,
                                                        fig.target_status) if r is not None)
        for nar in self.narratives:
            names.update(report_cell(r.field) for r in (nar.date, nar.text, *nar.statuses) if r.value is not None)
        return frozenset(names)


def report_cell(field: str) -> str:
    """Return the name a progress report's `field` goes by among a copy's read_names."""
    return f"report.{field}"


@pickled_as_tuple
@set_through_slots
@dataclass(frozen=True, slots=True)
class DocumentGroup:
    """The witnesses judged to be copies of one report."""

    key: str
    records: tuple[WitnessRecord, ...]


@pickled_as_tuple
@set_through_slots
@dataclass(frozen=True, slots=True)
class Candidate:
    """One distinct reading in a vote: its witnesses' total weight and dictionary bonus."""

    value: Any
    weight: float
    witnesses: tuple[str, ...]
    bonus: float = 0.0

    @property
    def score(self) -> float:
        return self.weight + self.bonus


@pickled_as_tuple
@set_through_slots
@dataclass(frozen=True, slots=True)
class Option:
    """One text offered for a disputed stretch: `text`, and what is known of it: the
    weight of the copies that read it and their ids (a stretch of the vote), the language
    model's score and posterior (where the model ranked it); None where not known."""

    text: str
    weight: float | None = None
    witnesses: tuple[str, ...] | None = None
    score: float | None = None
    posterior: float | None = None


@pickled_as_tuple
@set_through_slots
@dataclass(frozen=True, slots=True)
class Dispute:
    """A stretch of a free-text value that was decided among several texts: `at` is its
    offset in the value, `chosen` the text the value holds there, `rule` how it was
    chosen (as Resolved.rule), `options` every text offered, best first."""

    at: int
    chosen: str
    rule: str
    options: tuple[Option, ...]


@pickled_as_tuple
@set_through_slots
@dataclass(frozen=True, slots=True)
class SetAside:
    """A witness's reading kept out of the vote as impossible, and why."""

    value: Any
    witness: str
    reason: str


@pickled_as_tuple
@set_through_slots
@dataclass(frozen=True, slots=True)
class Mapped:
    """One dictionary mapping applied to a value: what was replaced, by what, and where
    (offset in the value before the mapping)."""

    wrong: str
    right: str
    at: int


@pickled_as_tuple
@set_through_slots
@dataclass(frozen=True, slots=True)
class Resolved:
    """The outcome of a vote on one field: the value and the evidence behind it.

    `rule` names how the value was chosen (unanimous, majority, weighted, dictionary,
    aligned, single, mapping, human); `candidates` are the distinct whole readings;
    `disputes` lists, for free text, each stretch where copies disagreed and what each
    offered; `set_aside` lists readings kept out of the vote as impossible, with the
    reason; `mapped` lists the dictionary mappings that changed the voted value
    (wrong, right, at); `voted` is the value the vote chose when the language
    model, the archive's spacing of a line end, a mapping or a person's correction
    replaced it; `warnings` say why a value needs review beyond
    its vote (a name that is close to, but not, a dictionary entry); `read_at` says
    where each witness's reading was found (witness id, Where), so a reviewer can be
    shown the print behind it.
    """

    field: str
    value: Any
    confidence: float
    rule: str
    needs_review: bool
    candidates: tuple[Candidate, ...]
    disputes: tuple[Dispute, ...] = ()
    set_aside: tuple[SetAside, ...] = ()
    mapped: tuple[Mapped, ...] = ()
    voted: Any = None
    warnings: tuple[str, ...] = ()
    read_at: tuple[tuple[str, Where], ...] = field(default=(), compare=False)

    @property
    def contested(self) -> bool:
        """Whether the copies disagree: more than one distinct reading, or one set aside."""
        return len(self.candidates) > 1 or bool(self.set_aside)


@pickled_as_tuple
@set_through_slots
@dataclass(frozen=True, slots=True)
class ReconciledReport:
    """One progress report (section 2 row) after voting."""

    report_no: int
    fields: dict[str, Resolved]
    n_witnesses: int


@pickled_as_tuple
@set_through_slots
@dataclass(frozen=True, slots=True)
class ReconciledDocument:
    """One canonical record of a report, built from all its witnesses."""

    doc_id: str
    fields: dict[str, Resolved]
    reports: tuple[ReconciledReport, ...]
    witnesses: tuple[str, ...]
    sources: tuple[str, ...]

    def values(self) -> list[tuple[int | None, Resolved]]:
        """Return every resolved value with its progress report's number (None for a
        document field): the document fields first, then each report's, in order."""
        return [(None, res) for res in self.fields.values()] + [
            (rep.report_no, res) for rep in self.reports for res in rep.fields.values()]

