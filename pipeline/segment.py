"""Split a stream of lines into witnesses (printed copies) and their sections.

Copies are not files: one file may hold several copies (the seed holds four) and a
binder PDF holds copies of several reports. A copy is recognised by its section
headings, matched fuzzily because headings carry OCR errors too ("สันนิษฐานแผนพัฒนา" for
"สนับสนุนแผนพัฒนา"). A new witness starts whenever the headings go back to an earlier
section. The page title that repeats at the top of every page does not start a copy.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex
from rapidfuzz import fuzz, process

from .model import Line, Witness, Where
from .template import SectionSpec, Template

_NUMBER = regex.compile(r"^\s*(\d{1,2}(?:\s*[.,]\s*\d{1,2})?)\s*[.,]?\s*")
_NOISE = regex.compile(r"^[^\w(]+|[^\w)]+$")

TITLE_MIN_SCORE = 85.0
HEADING_MIN_SCORE = {"same_number": 70.0, "other_number": 90.0, "no_number": 88.0}
WRAPPED_MIN_CHARS, WRAPPED_MIN_SCORE = 12, 85.0
LINE_CACHE_SIZE = 1 << 15  # distinct lines whose reading is remembered: copies repeat most lines
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

    def __post_init__(self) -> None:
        self._headings = [s.heading for s in self.template.sections]
        # Each answer depends on the line's text alone, and the copies of a report (and
        # every copy's form) repeat most lines word for word: each is judged once.
        self.is_title = lru_cache(maxsize=LINE_CACHE_SIZE)(self.is_title)  # type: ignore[method-assign]
        self.section = lru_cache(maxsize=LINE_CACHE_SIZE)(self.section)  # type: ignore[method-assign]

    def is_title(self, text: str) -> bool:
        """True for the form's title, which repeats at the top of every page."""
        return fuzz.ratio(text, self.template.title, score_cutoff=TITLE_MIN_SCORE) > 0

    def section(self, text: str) -> SectionSpec | None:
        """Return the section whose heading this line is, or None for a content line.

        Specks read as punctuation at either end are dropped first. A line with a colon
        inside is a "label : value" line, never a heading. The printed number counts as
        evidence: with the right number the heading text may be badly damaged, or be only
        the first line of a heading wrapped over two; without it the text must be close.
        """
        text = _NOISE.sub("", text)
        if ":" in text:
            return None
        number, rest = split_number(text)
        rest = _NOISE.sub("", rest)
        if not rest:
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
            if _number_key(sec.number) == number and len(sec.heading) > len(rest):
                score = fuzz.ratio(rest, sec.heading[: len(rest)])
                if score >= WRAPPED_MIN_SCORE:
                    yield idx, score


@dataclass
class _OpenWitness:
    start: Where
    order: int
    section: str
    sections: dict[str, list[Line]] = field(default_factory=dict)


def iter_witnesses(lines: Iterable[Line], template: Template) -> Iterator[Witness]:
    """Yield the witnesses found in a stream of lines, in stream order, each as soon as
    the next one starts (or the stream ends), so an archive's text is never all held.

    Lines before the first heading (a cover page, a stray title) belong to no witness.
    A witness id is "<file name>#<n>", n counting the witnesses that start in that file,
    so ids do not depend on which other files were read; a file whose name an earlier
    file of the stream already has (scan001.pdf in two boxes) is named by its whole path.
    """
    matcher = HeadingMatcher(template)
    kinds = {s.id: s.kind for s in template.sections}
    per_source: dict[str, int] = {}
    named: dict[str, str] = {}
    current: _OpenWitness | None = None

    def close(w: _OpenWitness) -> Witness:
        n = per_source[w.start.source] = per_source.get(w.start.source, 0) + 1
        name = Path(w.start.source).name
        if named.setdefault(name, w.start.source) != w.start.source:
            name = w.start.source
        witness = Witness(
            id=f"{name}#{n}",
            source=w.start.source,
            start=w.start,
            sections={k: tuple(v) for k, v in w.sections.items()},
        )
        logger.info("copy %s: from %s, sections with text: %s", witness.id, w.start,
                    ", ".join(witness.sections) or "none")
        return witness

    for line in lines:
        if matcher.is_title(line.text):
            continue
        sec = matcher.section(line.text)
        if sec is not None:
            if current is None or sec.order <= current.order:
                if current is not None:
                    logger.info("%s: heading %s (%s) comes after %s, so a new copy starts", line.where,
                                sec.number or sec.id, sec.id, current.section)
                    yield close(current)
                current = _OpenWitness(start=line.where, order=sec.order, section=sec.id)
            current.order, current.section = sec.order, sec.id
            logger.debug("%s: section %s (%s)", line.where, sec.number or sec.id, sec.id)
            continue
        if current is None or kinds[current.section] in ("ignore", "container"):
            continue
        current.sections.setdefault(current.section, []).append(line)
    if current is not None:
        yield close(current)


def split_witnesses(lines: Iterable[Line], template: Template) -> list[Witness]:
    """Return every witness of a stream of lines (iter_witnesses, gathered)."""
    return list(iter_witnesses(lines, template))
