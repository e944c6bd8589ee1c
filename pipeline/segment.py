"""Split a stream of pages into witnesses (printed copies) and their sections.

Copies are not files: one file may hold several copies (the seed holds four) and a
binder PDF holds copies of several reports. A copy is recognised by its section
headings, matched fuzzily because headings carry OCR errors too ("สันนิษฐานแผนพัฒนา" for
"สนับสนุนแผนพัฒนา"), with the marks above and below the line folded away. A new witness
starts whenever the headings go back to an earlier section. The page title that repeats
at the top of every page does not start a copy. Pages are read one at a time so that a
page bound out of order, or a page of another report inside a copy, can be put right
(see _Segmenter and order_progress_pages).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex
from rapidfuzz import fuzz, process

from .model import CopyNote, Line, Witness, Where
from .normalize import fold_line, fold_marks, trim
from .section2_pages import first_row, has_marker, has_rows, markers, order_progress_pages, row_dates, starts_from_report_1
from .template import SectionSpec, Template

_NUMBER = regex.compile(r"^\s*(\d{1,2}(?:\s*[.,]\s*\d{1,2})?)\s*[.,:]?\s*")
_NOISE = (regex.compile(r"[^\w(]+"), regex.compile(r"(?r)[^\w)]+"))  # specks at the start, at the end (trim)

TITLE_MIN_SCORE = 85.0
HEADING_MIN_SCORE = {"same_number": 70.0, "other_number": 90.0, "no_number": 88.0}
WRAPPED_MIN_CHARS, WRAPPED_MIN_SCORE = 12, 85.0
LINES_REMEMBERED = 1 << 14  # distinct lines whose title and heading judgement a matcher keeps
MIDFORM_ORDER = 1  # a copy whose first heading comes after section 1.1 began in mid-form
PARKED_PAGES = 4  # pages an unfinished copy waits for its next page after another copy began (copies interleaved)
SAME_REPORT_DIGITS = 93.0  # similarity of the digits two copies' first sections print (code, dates, budget) for one report
_DIGITS = regex.compile(r"\d+")
_WHITESPACE = regex.compile(r"\s")
logger = logging.getLogger(__name__)


def _number_key(number: str) -> str:
    return _WHITESPACE.sub("", number).replace(",", ".").rstrip(".")


def split_number(text: str) -> tuple[str | None, str]:
    """Return (section number like "1.6" or None, the rest of the line without it)."""
    m = _NUMBER.match(text)
    if not m:
        return None, text
    return _number_key(m.group(1)), text[m.end():]


@dataclass
class HeadingMatcher:
    """Recognises the template's page title and section headings in a line of text."""

    template: Template
    _headings: list[str] = field(init=False)
    _title: str = field(init=False)
    judge: Callable[[str], tuple[bool, SectionSpec | None]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._headings = [fold_marks(s.heading) for s in self.template.sections]
        self._title = fold_marks(self.template.title)
        # Judged once per distinct line: the copies of a report repeat most lines word for word.
        self.judge = lru_cache(maxsize=LINES_REMEMBERED)(self._judge)

    def _judge(self, text: str) -> tuple[bool, SectionSpec | None]:
        """Return (whether the line is the page title, the section it heads when it is not),
        its marks folded once for both."""
        folded = fold_line(text)
        if self._is_title(folded):
            return True, None
        return False, self._section(folded)

    def is_title(self, text: str) -> bool:
        """True for the form's title, which repeats at the top of every page."""
        return self.judge(text)[0]

    def section(self, text: str) -> SectionSpec | None:
        """Return the section whose heading this line is, or None for a content line or
        the title (see _section)."""
        return self.judge(text)[1]

    def _is_title(self, folded: str) -> bool:
        return fuzz.ratio(folded, self._title, score_cutoff=TITLE_MIN_SCORE) > 0

    def _section(self, folded: str) -> SectionSpec | None:
        """Return the section whose heading this line (its marks folded) is, or None for a content line.

        Specks read as punctuation at either end are dropped first. A line with a colon
        after its number is a "label : value" line, never a heading (a colon right after
        the number is the number's own full stop misread: "2: รายงาน..."). The printed number counts as
        evidence: with the right number the heading text may be badly damaged, or be only
        the first line of a heading wrapped over two; without it the text must be close.
        Marks above and below the line are folded away on both sides (fold_marks):
        Tesseract drops them more than anything else.
        """
        number, rest = split_number(trim(folded, *_NOISE))
        rest = trim(rest, *_NOISE)
        if not rest or ":" in rest:
            return None
        scores: dict[int, float] = {}
        for idx, score in self._scores(rest, number):
            scores[idx] = max(score, scores.get(idx, 0.0))
        best: tuple[float, SectionSpec] | None = None
        for idx, score in scores.items():
            sec = self.template.sections[idx]
            want = _number_key(sec.number)
            if number is None:
                needed = HEADING_MIN_SCORE["no_number"]
            elif number == want:
                needed = HEADING_MIN_SCORE["same_number"]
            else:
                needed = HEADING_MIN_SCORE["other_number"]
            if score >= needed and (best is None or score > best[0]):
                best = (score, sec)
        return best[1] if best else None

    def _scores(self, rest: str, number: str | None) -> Iterator[tuple[int, float]]:
        """Yield (section index, similarity) for the headings `rest` may be.

        Against the whole heading, and, when the line carries that heading's number,
        against the heading's start, as long as the line is (a wrapped heading's first line,
        held to a stricter score).
        """
        for _choice, score, idx in process.extract(
            rest, self._headings, scorer=fuzz.ratio, score_cutoff=min(HEADING_MIN_SCORE.values()), limit=3,
        ):
            yield idx, score
        if number is None or len(rest) < WRAPPED_MIN_CHARS:
            return
        for idx, sec in enumerate(self.template.sections):
            heading = self._headings[idx]
            if _number_key(sec.number) == number and len(heading) > len(rest):
                score = fuzz.ratio(rest, heading[: len(rest)])
                if score >= WRAPPED_MIN_SCORE:
                    yield idx, score


@dataclass
class _OpenWitness:
    start: Where
    order: int
    section: str
    page: int  # the stream's page count when the copy started
    sections: dict[str, list[Line]] = field(default_factory=dict)
    notes: list[CopyNote] = field(default_factory=list)
    first: int = 0  # the order of its first heading
    head: list[Line] = field(default_factory=list)  # lines above its first heading, held
    before: _OpenWitness | None = None  # the copy the held lines go to if not this one's
    serial: int = 0  # its place in the order copies started (1 for the first)
    guessed: set[tuple[str, int]] = field(default_factory=set)  # (file, page) that may be another copy's
    orphan: bool = False  # begun at rows that started over (rows_start_over): no first page of its own follows


@dataclass
class _Merge:
    """A copy begun in mid-form put behind the first page after it (_Segmenter.merge):
    the copy they make, where that first page ended, and the later pages put behind it,
    for the next page to judge (doubt_merge)."""

    copy: _OpenWitness
    first_page_ends: int
    later_pages: set[tuple[str, int]]
    later_start: Where  # where the later pages begin: the place a note names


def _page_name(where: Where) -> str:
    return f"{where.source} page {where.page}"


class _Segmenter:
    """Splits a stream of pages into copies (see iter_witnesses), page by page.

    Copies are closed a page late, so that the next page can still undo a decision: a
    page holding the start of another report inside a copy (a stray page) gives back
    the copy it interrupted when the next page goes on with that copy's section 2; a
    copy's first page bound after its second is put back in front.

    A copy another copy's start left unfinished (before section 2) waits (is parked)
    for PARKED_PAGES pages, and so does a copy the stream left for a parked one: copies
    printed uncollated and scanned as a stack come page by page (A1, B1, A2, B2, ...),
    so a page that cannot go on with the current copy (its first heading goes back, or
    its section-2 rows go back in time) goes on with a parked copy of the same report
    it can follow. The copies are of one report, so which of them a page joins matters
    less than that each gets every page once. Copies in turn never give one copy two
    pages running after the page it started on (or was taken up again on): once the
    current copy takes two, nothing waits any more. Copies are given in the order they
    started (release), whichever was finished first.
    """

    def __init__(self, template: Template):
        self.matcher = HeadingMatcher(template)
        self.kinds = {s.id: s.kind for s in template.sections}
        self.sections = template.sections
        self.progress = template.progress
        self.section_2 = next((s for s in template.sections if s.kind == "progress"), None)
        self.current: _OpenWitness | None = None
        self.interrupted: _OpenWitness | None = None
        self.parked: list[tuple[int, _OpenWitness]] = []  # (the page it was parked on, the copy)
        self.closed: list[tuple[int, _OpenWitness]] = []
        self.held: list[_OpenWitness] = []  # closed for good, waiting for a copy that started before it
        self.pages = 0
        self.started = 0  # copies started so far
        self.switched = 0  # the page on which the current copy started or was resumed
        self.merged: _Merge | None = None  # the merge made on the page before, for this page to judge
        self.doubted_on = 0  # the page on which a merge was found a guess: the next merge is one too

    def add(self, w: _OpenWitness, line: Line) -> None:
        if self.kinds[w.section] not in ("ignore", "container"):
            w.sections.setdefault(w.section, []).append(line)

    def close(self, w: _OpenWitness | None) -> None:
        if w is not None:
            self.closed.append((self.pages, w))

    def in_progress(self, w: _OpenWitness | None) -> bool:
        return w is not None and self.kinds[w.section] == "progress"

    def read_page(self, lines: list[Line]) -> list[_OpenWitness]:
        """Read one page; return the copies that no later page can change any more."""
        self.pages += 1
        judged = [(ln, self.matcher.judge(ln.text)) for ln in lines]
        items = [(ln, sec) for ln, (title, sec) in judged if not title]
        self.doubt_merge(items)
        if not any(sec for _, sec in items):
            self.continuation([ln for ln, _ in items])
        else:
            self.page_with_headings(items)
        self.give_back_held_lines()
        if self.interrupted is not None and self.current is not None and self.current.page < self.pages:
            self.close(self.interrupted)
            self.interrupted = None
        running = self.pages - self.switched >= 2  # two pages after the one it started on: no copies in turn
        for page, w in [(page, w) for page, w in self.parked if running or self.pages - page >= PARKED_PAGES]:
            self.parked.remove((page, w))
            self.close(w)
        self.held += [w for page, w in self.closed if page < self.pages]
        self.closed = [(page, w) for page, w in self.closed if page >= self.pages]
        return self.release()

    def release(self) -> list[_OpenWitness]:
        """Return the copies closed for good that started before every copy still open, in
        the order they started: a copy that waited (parked, or interrupted by a stray
        page) is given before the copies that started after it."""
        still_open = [w for w in (self.current, self.interrupted) if w is not None]
        still_open += [w for _, w in (*self.parked, *self.closed)]
        first_open = min((w.serial for w in still_open), default=self.started + 1)
        out = sorted((w for w in self.held if w.serial < first_open), key=lambda w: w.serial)
        self.held = [w for w in self.held if w.serial >= first_open]
        return out

    def continuation(self, lines: list[Line]) -> None:
        """A page without headings goes on with the current copy (after a stray page, the
        copy it interrupted; after a lost section-2 heading, in section 2; when its rows go
        back in time from the current copy's, the parked copy they follow), unless its
        section-2 rows start over (rows_start_over): then they begin a copy of their own."""
        self.resume_by_dates(lines)
        self.end_stray(lines)
        if self.current is not None and self.lost_heading(self.current, lines):
            lines = self.rows_from_first(self.current, lines)
            sec = self.section_2
            self.current.notes.append(CopyNote(
                lines[0].where, f"{lines[0].where}: section-2 rows after section {self.current.section} with no "
                f"'{sec.number} {sec.heading}' heading read: read as section 2"))
            self.current.order, self.current.section = sec.order, sec.id
        elif self.current is not None and self.rows_start_over(self.current, lines):
            lines, cur = self.rows_from_first(self.current, lines), self.current
            new = self.start(lines[0], self.section_2)
            new.orphan = True
            new.notes.append(CopyNote(lines[0].where, (
                f"{lines[0].where}: section-2 rows start over from report 1 on a page with no heading read, after "
                f"the copy that starts at {cur.start} had its own: read as a copy of its own whose first pages were "
                "not read (another report's page, or two pages to a sheet)")))
        for line in lines:
            if self.current is not None:
                self.add(self.current, line)

    def end_stray(self, lines: list[Line]) -> None:
        """Give the current copy back to the copy it interrupted when it began on the page
        before inside a copy still in section 2, and this page holds section-2 rows that
        go on from that copy's (they do not start over from report 1) while the current
        copy is not there: that page was a stray."""
        stray, resumed = self.current, self.interrupted
        if not (stray is not None and resumed is not None and stray.page == self.pages - 1
                and self.in_progress(resumed) and not self.in_progress(stray) and has_rows(lines, self.progress)):
            return
        if starts_from_report_1(lines, self.progress) and has_marker(resumed.sections.get(resumed.section, []),
                                                                     self.progress):
            return
        stray.notes.append(CopyNote(
            stray.start, f"{_page_name(stray.start)} holds the start of another report inside the copy that starts at "
            f"{resumed.start}, which goes on at {_page_name(lines[0].where)}: read as a copy of its own"))
        self.close(stray)
        self.current, self.interrupted = resumed, None

    def resume_by_dates(self, lines: list[Line]) -> None:
        """Go on with a parked copy in section 2 when the earliest date the rows of this
        page (a page without headings) print is no later than the current copy's last,
        and later than the parked copy's: pages of copies interleaved, which each copy's
        printer may have broken at another row."""
        cur = self.current
        if not self.parked or cur is None or not self.in_progress(cur):
            return
        dates = row_dates(lines, self.progress)
        if not dates:
            return
        if min(dates) > max(row_dates(cur.sections.get(cur.section, []), self.progress), default=""):
            return
        for _, w in self.parked:
            if self.in_progress(w) and self.same_report(w, cur) and \
                    max(row_dates(w.sections.get(w.section, []), self.progress), default="") < min(dates):
                self.resume(w, lines[0].where)
                return

    def resume(self, w: _OpenWitness, where: Where) -> None:
        """Go on with `w`, a parked copy, from `where`; the current copy is parked."""
        self.parked = [(page, p) for page, p in self.parked if p is not w]
        cur = self.current
        if cur is not None:
            self.parked.append((self.pages, cur))
        before = f" (the page before went on with the copy that starts at {cur.start})" if cur is not None else ""
        w.notes.append(CopyNote(where, f"{_page_name(where)} goes on with the copy that starts at {w.start}{before}: "
                                       "the pages of copies printed uncollated come in turn"))
        self.current, self.switched = w, self.pages

    def resumable(self, order: int) -> _OpenWitness | None:
        """Return the parked copy a page whose first heading has `order` goes on with: the
        furthest on of those before that heading, the first parked of equals."""
        fits = [w for _, w in self.parked if w.order < order and self.same_report(w, self.current)]
        return max(fits, key=lambda w: w.order, default=None) if fits else None

    def same_report(self, a: _OpenWitness, b: _OpenWitness | None) -> bool:
        """True when `a` and `b` are copies of one report as far as the digits of their
        first sections tell (SAME_REPORT_DIGITS): a project's code, dates and budget,
        which another report (of the same project in another year, too) prints otherwise."""
        if b is None:
            return False
        first = next((s.id for s in self.sections if s.id in a.sections and s.id in b.sections), None)
        if first is None:
            return False
        digits = [" ".join(_DIGITS.findall(" ".join(ln.text for ln in w.sections[first]))) for w in (a, b)]
        return all(digits) and fuzz.ratio(*digits) >= SAME_REPORT_DIGITS

    def rows_from_first(self, w: _OpenWitness, lines: list[Line]) -> list[Line]:
        """Give `w` the lines of a page above its first section-2 row; return the lines
        from that row on."""
        first = first_row(lines, self.progress)
        for line in lines[:first]:
            self.add(w, line)
        return lines[first:]

    def rows_start_over(self, w: _OpenWitness, lines: list[Line]) -> bool:
        """True when `w` is in section 2 with report 1 among its rows, and `lines` (a page
        without headings) hold rows that start from report 1 again, going on to report 2
        or back in time from w's last date: another copy's rows, not w's. (A page of w's
        own bound out of order lacks report 1's row where w has it; one marker misread
        as 1 is not enough.)"""
        if not self.in_progress(w):
            return False
        here = list(itertools.islice(markers(lines, self.progress), 2))
        if not here or here[0] != 1:
            return False
        own = w.sections.get(w.section, [])
        if 1 not in markers(own, self.progress):
            return False
        if here[:2] == [1, 2]:
            return True
        dates, before = row_dates(lines, self.progress), row_dates(own, self.progress)
        return bool(dates and before) and dates[0] < max(before)

    def lost_heading(self, w: _OpenWitness, lines: list[Line]) -> bool:
        """True when `lines` hold section-2 rows that start from report 1 while `w` is in
        the section printed just before section 2: OCR lost section 2's heading."""
        sec = self.section_2
        return sec is not None and w.order + 1 == sec.order and starts_from_report_1(lines, self.progress)

    def page_with_headings(self, items: list[tuple[Line, SectionSpec | None]]) -> None:
        """Read a page line by line: a heading that goes back to an earlier section starts
        a copy. The lines above the page's first heading go on with the current copy,
        unless that heading starts a copy in mid-form (its first page may come next).
        A page that starts the form and ends just before the section a copy begun in
        mid-form on the page before starts with is that copy's first page, bound late."""
        first = next(i for i, (_, sec) in enumerate(items) if sec is not None)
        head, sec0 = [ln for ln, _ in items[:first]], items[first][1]
        cur = self.current
        late = cur if cur is not None and cur.page == self.pages - 1 and cur.first > MIDFORM_ORDER \
            and not cur.orphan else None
        merging = late is not None and sec0.order <= MIDFORM_ORDER and \
            max(s.order for _, s in items if s is not None) + 1 == late.first
        parked = self.resumable(sec0.order) if not merging and cur is not None and \
            MIDFORM_ORDER < sec0.order <= cur.order else None
        if parked is not None:
            self.resume(parked, items[first][0].where)
        elif not merging and cur is not None and MIDFORM_ORDER < sec0.order <= cur.order:
            self.start(items[first][0], sec0).head = head
            self.current.before = cur
            head = []
        for line in head:
            if self.current is not None:
                self.add(self.current, line)
        if merging:
            self.close(self.interrupted)
            self.current = self.interrupted = None
        for line, sec in items[first:]:
            if sec is None:
                if self.current is not None:
                    self.add(self.current, line)
                continue
            if self.current is None or (sec.order <= self.current.order and line.where != self.current.start):
                self.start(line, sec)
            self.current.order, self.current.section = sec.order, sec.id
            logger.debug("%s: section %s (%s)", line.where, sec.number or sec.id, sec.id)
        if merging:
            self.merge(self.current, late)

    def start(self, line: Line, sec: SectionSpec) -> _OpenWitness:
        """Start a copy at a heading; the current copy is closed, or, when it is in its
        section 2 and began on an earlier page, kept aside in case this page is a stray."""
        cur = self.current
        if cur is not None:
            logger.info("%s: heading %s (%s) comes after %s, so a new copy starts", line.where,
                        sec.number or sec.id, sec.id, cur.section)
        if cur is not None and self.in_progress(cur) and cur.page < self.pages:
            self.close(self.interrupted)
            self.interrupted = cur
        elif cur is not None and self.section_2 is not None and cur.order < self.section_2.order:
            self.parked.append((self.pages, cur))
        else:
            self.close(cur)
        self.started += 1
        self.switched = self.pages
        self.current = _OpenWitness(start=line.where, order=sec.order, section=sec.id, page=self.pages, first=sec.order,
                                    serial=self.started)
        return self.current

    def merge(self, new: _OpenWitness, late: _OpenWitness) -> None:
        """Put `late`, a copy begun in mid-form on the page before, behind `new`, its
        first page: the lines above late's first heading continue new's last section.
        Where the merge before was found a guess (doubt_merge), so is this one: the
        pages around read two ways alike."""
        later = {(ln.where.source, ln.where.page) for ln in (*late.head, *(ln for sec in late.sections.values()
                                                                              for ln in sec))}
        self.merged = _Merge(new, new.order, later, late.start)
        if self.doubted_on == self.pages - 1:
            self.guess(new, later, late.start)
        for line in late.head:
            self.add(new, line)
        for sec_id, lines in late.sections.items():
            new.sections.setdefault(sec_id, []).extend(lines)
        new.order, new.section = late.order, late.section
        new.notes.append(CopyNote(new.start, f"{_page_name(new.start)} holds the start of the copy that "
                                             f"{_page_name(late.start)}, bound before it, goes on with: read in the "
                                             "form's section order"))
        late.head = []

    def doubt_merge(self, items: list[tuple[Line, SectionSpec | None]]) -> None:
        """Mark the later pages the page before put behind a first page as a guess when
        this page could be that first page's own later page: its first heading comes
        after where the first page ended, no later than where the merged copy got to (or,
        with no heading, it holds section-2 rows from report 1 right after the section
        the first page ended in). A copy whose later page lost its first page (or a later
        page filed astray), then other copies (X2 A1 A2 B1 B2), reads page for page as a
        stack scanned back to front (B2 B1 A2 A1 ...): the pages are kept as put (the
        stack), and values read only from such pages need review."""
        m, self.merged = self.merged, None  # made on the page before: every page is judged here
        if m is None or self.current is not m.copy:
            return
        first = next((sec for _, sec in items if sec is not None), None)
        if first is not None:
            own = m.first_page_ends < first.order <= m.copy.order
        else:
            sec = self.section_2
            own = sec is not None and m.first_page_ends + 1 == sec.order and \
                has_marker(m.copy.sections.get(sec.id, []), self.progress) and \
                starts_from_report_1([ln for ln, _ in items], self.progress)
        if own:
            self.guess(m.copy, m.later_pages, m.later_start)
            self.doubted_on = self.pages

    def guess(self, w: _OpenWitness, pages: set[tuple[str, int]], where: Where) -> None:
        """Mark `pages` of `w` as pages that may be another copy's, with a note at
        `where`, the first of them (none for pages marked before)."""
        pages = pages - w.guessed
        if not pages:
            return
        w.guessed |= pages
        named = ", ".join(f"{source} page {page}" for source, page in sorted(pages))
        w.notes.append(CopyNote(where, (
            f"{named}, put behind {_page_name(w.start)} as its later pages, may be another copy's: the pages around "
            "read as a stack scanned back to front or as copies after one that lost its first page; values read only "
            "there need review")))

    def give_back_held_lines(self) -> None:
        """The lines held above a mid-form copy's first heading go to the copy before it
        once the next page has shown no first page to put in front."""
        for w in [w for _, w in (*self.closed, *self.parked)] + [self.interrupted, self.current]:
            if w is not None and w.head and w.page < self.pages:
                if w.before is not None:
                    for line in w.head:
                        self.add(w.before, line)
                w.head = []

    def finish(self) -> list[_OpenWitness]:
        """Close what is open at the end of the stream; return every copy not yet given."""
        for w in (*(w for _, w in self.parked), self.interrupted, self.current):
            self.close(w)
        self.interrupted = self.current = None
        self.parked = []
        self.pages += 1
        self.give_back_held_lines()
        self.held += [w for _, w in self.closed]
        self.closed = []
        return self.release()


def _pages(lines: Iterable[Line]) -> Iterator[list[Line]]:
    """Group a stream of lines into its pages (a text input is one page)."""
    page: list[Line] = []
    source, number = None, None
    for line in lines:
        where = line.where
        if where.page != number or where.source != source:
            if page:
                yield page
            page, source, number = [], where.source, where.page
        page.append(line)
    if page:
        yield page


def iter_witnesses(lines: Iterable[Line], template: Template) -> Iterator[Witness]:
    """Yield the witnesses found in a stream of lines, in stream order, each once the
    page after it is read (or the stream ends), so an archive's text is never all held.

    Lines before the first heading (a cover page, a stray title) belong to no witness.
    Pages are taken as printed, with two repairs, each noted on the witness: a page of
    another report inside a copy becomes a witness of its own when the next page goes
    on with the copy's section 2, and a copy's first page bound after its second is put
    back in front; where that may instead be a later page whose first page is lost, the
    later page is marked (Witness.guessed_pages; see _Segmenter.doubt_merge). Section
    2's pages are read in the order of their report dates (order_progress_pages).
    A witness id is "<file name>#<n>", n counting the witnesses that start in that file,
    so ids do not depend on which other files were read; a file whose name an earlier
    file of the stream already has (scan001.pdf in two boxes) is named by its whole path.
    """
    segmenter = _Segmenter(template)
    per_source: dict[str, int] = {}
    named: dict[str, str] = {}

    def to_witness(w: _OpenWitness) -> Witness:
        n = per_source[w.start.source] = per_source.get(w.start.source, 0) + 1
        name = Path(w.start.source).name
        if named.setdefault(name, w.start.source) != w.start.source:
            name = w.start.source
        sections = {k: tuple(v) for k, v in w.sections.items()}
        notes = list(w.notes)
        for sec in template.sections:
            if sec.kind == "progress" and sec.id in sections:
                ordered, note = order_progress_pages(list(sections[sec.id]), template.progress.date)
                if note is not None:
                    sections[sec.id] = tuple(ordered)
                    notes.append(note)
        witness = Witness(id=f"{name}#{n}", source=w.start.source, start=w.start, sections=sections,
                          notes=tuple(notes), guessed_pages=tuple(sorted(w.guessed)))
        logger.info("copy %s: from %s, sections with text: %s", witness.id, w.start, ", ".join(sections) or "none")
        for note in notes:
            logger.info("copy %s: %s", witness.id, note.message)
        return witness

    for page in _pages(lines):
        for w in segmenter.read_page(page):
            yield to_witness(w)
    for w in segmenter.finish():
        yield to_witness(w)


def split_witnesses(lines: Iterable[Line], template: Template) -> list[Witness]:
    """Return every witness of a stream of lines (iter_witnesses, gathered)."""
    return list(iter_witnesses(lines, template))
