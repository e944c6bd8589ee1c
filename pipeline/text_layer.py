"""A PDF's own text layer, read with poppler's pdftotext, in place of OCR where it is good.

A born-digital PDF (exported by the reporting system, a word processor or a browser)
carries its text: reading it is fast and exact where OCR guesses. Scanned PDFs carry
none, or one a scanner's OCR made. So the text layer is ignored by default (every page
is OCR'd; with --verbose a PDF that has one is named), and taken only when the run asks
for it (`text_layer="use"`, `--text-layer use`), page by page:

- a page whose layer holds Thai text becomes a text Page: its lines normalised like any
  text, confidence 1.0, no line boxes (so no crops of it on the review page);
- a page with no text layer (an image page) is OCR'd, as it would be anyway;
- a page whose layer is unusable (see `problem`: garbled by a font without a ToUnicode
  map, holding no Thai, or Thai spelt out letter by letter as in the layer Tesseract puts
  under a scan) is OCR'd, and a failures.csv row with stage `text-layer` says so (it is
  no failed input: the page is read).

The OCR front end takes whole files, so a PDF some of whose pages need OCR is OCR'd
whole and its pages with a usable layer are taken from the layer; only a PDF whose every
page has one skips OCR (and Tesseract). `pdftotext -raw` (drawing order) is used: on
born-digital PDFs of the seed the default and -layout modes put a space after a tall
consonant's upper mark ("เป็ น", "ปิ ด") where -raw does not, and only -raw gives the
text run's tables (docs/text-layers.md, bench/text_layer_modes.py).

This is the only module that runs pdftotext and pdffonts.
"""

from __future__ import annotations

import logging
import re
import subprocess
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from .errors import InputError, MissingDependencyError
from .model import Line, Page, Where
from .normalize import normalize_text
from .thai_script import THAI_FOLLOWING, count_thai, has_thai, is_thai

MODES = ("ignore", "use")
STAGE = "text-layer"
TIMEOUT = 120.0  # seconds poppler may take over one PDF
MIN_THAI = 20  # Thai characters a page's text layer needs to count as Thai text
MAX_FOREIGN = 0.05  # share of a layer's characters, neither Thai nor ASCII, that marks it garbled
MAX_SHORT_WORDS = 0.5  # share of Thai words of one or two letters that marks Thai spelt out letter by letter
OCR_FONT = "GlyphLessFont"
CHUNK_FILES = 32  # PDFs whose text layers are held at once
_SPACE_BEFORE_FOLLOWING_VOWEL = re.compile(f"[ \t]+(?=[{THAI_FOLLOWING}])")
logger = logging.getLogger(__name__)

PageStream = Iterator[Page | InputError]


@dataclass(frozen=True)
class LayerPage:
    """One page's text layer: its lines, and why it cannot be used ("" when it can).
    `blank` is True when the page has no text layer at all (an image page)."""

    page: int
    lines: tuple[Line, ...]
    problem: str = ""
    blank: bool = False


@dataclass(frozen=True)
class TextLayer:
    """A PDF's text layer, page by page."""

    source: str
    pages: tuple[LayerPage, ...]

    @property
    def complete(self) -> bool:
        """True when every page can be read from the layer (the PDF needs no OCR)."""
        return bool(self.pages) and not any(p.problem for p in self.pages)

    def page(self, number: int) -> Page | None:
        """Return page `number` as a text Page, or None when it must be OCR'd."""
        found = self.pages[number - 1] if 0 < number <= len(self.pages) else None
        return Page(self.source, number, found.lines) if found and not found.problem else None


def _poppler(argv: Sequence[str], path: Path, timeout: float) -> str | None:
    """Return what a poppler program (`argv`) prints for `path`, or None (logged) when it fails or
    overruns `timeout`: the PDF is then OCR'd, and OCR's own inspection says what is wrong
    with the file. Its warnings on stderr (damaged objects, missing fonts) go to the log."""
    program = argv[0]
    try:
        proc = subprocess.run(argv, capture_output=True, timeout=timeout)
    except FileNotFoundError:
        raise MissingDependencyError(f"poppler's {program} is not installed (text layers need it): run "
                                     "`make setup` or `sudo apt-get install poppler-utils`") from None
    except subprocess.TimeoutExpired:
        logger.warning("%s: %s took more than %g s; its text layer is not used", path, program, timeout)
        return None
    err = proc.stderr.decode("utf-8", "replace").strip()
    if proc.returncode != 0:
        logger.info("%s: %s cannot read it (%s); OCR'd", path, program,
                    err.splitlines()[0] if err else f"exit status {proc.returncode}")
        return None
    if err:
        logger.debug("%s: %s says: %s", path, program, err)
    return proc.stdout.decode("utf-8", "replace")


def page_texts(path: Path, timeout: float = TIMEOUT, mode: str = "-raw") -> list[str] | None:
    """Return the text of each page of a PDF as pdftotext reads it in `mode` ("-raw",
    "-layout", or "" for its default; "" for a page without text), or None when it cannot
    be read."""
    out = _poppler(["pdftotext", *filter(None, [mode]), "-enc", "UTF-8", str(path), "-"], path, timeout)
    return None if out is None else out.split("\f")[:-1]


def font_notes(path: Path, timeout: float = TIMEOUT) -> list[str]:
    """Return what pdffonts tells about why a PDF's text layer is unusable: its fonts
    without a ToUnicode map (the `uni` column; their text is read as glyph numbers, the
    usual cause of a garbled layer) and the invisible-text font OCR engines write
    (Tesseract's and OCRmyPDF's GlyphLessFont)."""
    out = _poppler(["pdffonts", str(path)], path, timeout) or ""
    rows = [ln.split() for ln in out.splitlines()[2:] if len(ln.split()) >= 6]
    notes = []
    if no_map := sorted({row[0] for row in rows if row[-3] == "no"}):
        notes.append(f"fonts without a Unicode map: {', '.join(no_map)}")
    if any(row[0].endswith(OCR_FONT) for row in rows):
        notes.append(f"the font {OCR_FONT} shows an OCR engine made the layer")
    return notes


def has_fonts(path: Path, timeout: float = TIMEOUT) -> bool:
    """True when the PDF uses any font, i.e. has a text layer (an image-only PDF has none)."""
    out = _poppler(["pdffonts", str(path)], path, timeout) or ""
    return len(out.splitlines()) > 2


def problem(text: str) -> str:
    """Return why a page's text layer cannot stand for the page, or "" when it can.

    It must hold MIN_THAI Thai characters; at most MAX_FOREIGN of its characters may be
    neither Thai nor ASCII (replacement characters, private-use glyphs, control codes and
    Latin letters are what a font without a Unicode map gives); and its Thai must not be
    spelt out with spaces between letters, as the invisible layer Tesseract puts under a
    scan is ("แบ บ แส ด ง"): at most MAX_SHORT_WORDS of its space-separated Thai words may
    have one or two letters (on the seed's born-digital pages 4% or fewer do; on a page
    Tesseract made into a PDF, 90%)."""
    chars = [ch for ch in text if not ch.isspace()]
    thai = count_thai("".join(chars))
    foreign = [ch for ch in chars if not is_thai(ch) and not (ch.isascii() and ch.isprintable())]
    if len(foreign) > MAX_FOREIGN * len(chars):
        return (f"garbled: {len(foreign)} of its {len(chars)} characters are neither Thai nor ASCII "
                f"(e.g. {''.join(sorted(set(foreign))[:8])!r})")
    if thai < MIN_THAI:
        return f"it holds no Thai text ({thai} Thai characters of {len(chars)})"
    words = [w for w in text.split() if has_thai(w)]
    short = sum(1 for w in words if len(w) <= 2)
    if short > MAX_SHORT_WORDS * len(words):
        return (f"its Thai is spelt out with spaces between letters ({short} of its {len(words)} Thai words "
                "are 1-2 letters)")
    return ""


def text_lines(text: str, source: str, page: int) -> tuple[Line, ...]:
    """Return a page's text layer as normalised lines, each knowing its line number.

    A space that pdftotext put before a vowel or mark that follows its consonant (า, ำ,
    a tone mark: none can begin a Thai syllable) is the gap it sees beside a shifted
    glyph, never a space in the text, and is removed."""
    out = []
    for number, raw in enumerate(text.splitlines(), start=1):
        norm = normalize_text(_SPACE_BEFORE_FOLLOWING_VOWEL.sub("", raw))
        if norm:
            out.append(Line(norm, Where(source, page, number)))
    return tuple(out)


def read_text_layer(path: Path, timeout: float = TIMEOUT) -> TextLayer | None:
    """Return the PDF's text layer judged page by page, or None when poppler cannot read it."""
    texts = page_texts(path, timeout)
    if texts is None:
        return None
    source = str(path)
    pages = []
    for number, text in enumerate(texts, start=1):
        if not text.strip():
            pages.append(LayerPage(number, (), "it has no text layer", blank=True))
        elif why := problem(text):
            pages.append(LayerPage(number, (), why))
        else:
            pages.append(LayerPage(number, text_lines(text, source, number)))
    return TextLayer(source, tuple(pages))


def _notice(path: Path, layer: TextLayer | None) -> list[InputError]:
    """Say, for a PDF that goes to OCR, which pages' text layers could not be used: one
    failures row for the pages whose layer `problem` turns down (with what pdffonts tells
    about why), a log line for image pages."""
    if layer is None:
        return []
    blank = [p.page for p in layer.pages if p.blank]
    if blank:
        logger.info("%s: %s no text layer; OCR'd", path,
                    "it has" if len(blank) == len(layer.pages) else f"page(s) {_numbers(blank)} have")
    bad = [p for p in layer.pages if p.problem and not p.blank]
    if not bad:
        return []
    for p in bad:
        logger.info("%s page %d: text layer not used: %s", path, p.page, p.problem)
    hint = "".join(f"; {note}" for note in font_notes(path))
    return [InputError(f"{path}: the text layer of page(s) {_numbers([p.page for p in bad])} is not used "
                       f"(page {bad[0].page}: {bad[0].problem}{hint}); those pages are OCR'd",
                       str(path), bad[0].page if len(bad) == 1 else None, STAGE)]


def _numbers(pages: Sequence[int]) -> str:
    """Page numbers as a person reads them: "1-6", "2, 5"."""
    if len(pages) > 2 and pages[-1] - pages[0] == len(pages) - 1:
        return f"{pages[0]}-{pages[-1]}"
    return ", ".join(map(str, pages))


def pages_with_text_layers(paths: Sequence[Path], mode: str, ocr: Callable[[list[Path]], PageStream]) -> PageStream:
    """Yield every page of the scanned inputs `paths` in order: with mode "use", each PDF
    page whose text layer is usable from the layer and the rest from `ocr`; with
    "ignore", all from `ocr`.

    Files are taken CHUNK_FILES at a time, so only that many files' text layers are held:
    `ocr` is called once per chunk with the files that need it (on a shared executor
    their pages still share one pool), and not at all when none does.
    """
    if mode != "use":
        yield from _ignoring(ocr(list(paths)))
        return
    for start in range(0, len(paths), CHUNK_FILES):
        yield from _using(paths[start:start + CHUNK_FILES], ocr)


def _ignoring(pages: PageStream) -> PageStream:
    """Yield `pages`, logging (at info level, with --verbose) each PDF whose text layer was not used."""
    last = None
    for item in pages:
        if item.source != last and logger.isEnabledFor(logging.INFO):
            last = item.source
            if Path(last).suffix.lower() == ".pdf" and has_fonts(Path(last)):
                logger.info("%s has a text layer; OCR'd anyway (--text-layer use takes it)", last)
        yield item


def _using(paths: Sequence[Path], ocr: Callable[[list[Path]], PageStream]) -> PageStream:
    """Yield the pages of `paths`, each from its text layer when usable, else from `ocr`."""
    layers = {p: read_text_layer(p) for p in paths if p.suffix.lower() == ".pdf"}
    to_ocr = [p for p in paths if not (layers.get(p) and layers[p].complete)]
    ocr_stream: PageStream = iter(())
    pending: list[Page | InputError] = []
    for path in paths:
        layer = layers.pop(path, None)
        if layer is not None and layer.complete:
            logger.info("%s: %d page(s) read from its text layer (no OCR)", path, len(layer.pages))
            yield from (layer.page(p.page) for p in layer.pages)
            continue
        if path == to_ocr[0]:
            ocr_stream = ocr(to_ocr)
        yield from _notice(path, layer)
        for item in chain(pending, ocr_stream):
            if item.source != str(path):
                pending = [item]
                break
            pending = []
            from_layer = layer.page(item.page) if layer is not None and item.page is not None else None
            yield from_layer or item
