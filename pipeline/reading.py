"""Read one page image: clean it, run Tesseract once for text and TSV, re-read lines
its page layout garbled, lines whose marks it read as a line apart, words it set apart
from their line's end and lines that lost a trailing number, read the page turned when
the reading looks like a page scanned upside down (or, lying in landscape, on its side),
and put each line's box back onto the page as scanned."""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

from .deadline import Deadline
from .mark_lines import reread_mark_strips
from .number_rereads import READ_AS, reread_numbers
from .model import OcrLine
from .ocr_settings import OcrSettings
from .preprocess import preprocess_page, skew_angle, unrotate_box
from .recover import recover_trailing_numbers
from .reread import reread_garbled
from .set_apart import reread_set_apart
from .tesseract import Tesseract, TesseractError
from .tsv import lines_from_output

log = logging.getLogger(__name__)
# Mean confidence under which a page may be upside down: upright sample pages read at
# about 0.94, the same pages turned 180 degrees at about 0.65 (Thai turned over still
# reads as Thai letters, so their count per line tells nothing).
LOW_CONFIDENCE = 0.8
TURN_MARGIN = 0.1  # how much better the turned reading must be: a noisy upright page stays upright


TILT_SUSPECT_DEG = 3.5  # line boxes taller than level lines' by this slope suggest a page fed in askew (the
# accuracy bench's 1,785 level pages reach 3.4 at most; pages fed in at 7 degrees read 4.2 and 5.8)
STEEP_SKEW_DEG = 2.5  # a tilt Tesseract's own layout analysis does not level: the page is read levelled
STEEP_SKEW_MAX_DEG = 12.0  # how far the levelling angle is searched either way
SIDEWAYS_RATIO = 1.1  # width over height above which a page of a portrait form lies on its side
# The turns tried on a page that reads poorly, by its shape, with the degrees each turns
# it counter-clockwise (PIL's names): a portrait page upside down, a landscape one on its side.
UPRIGHT_TURNS = ((Image.Transpose.ROTATE_180, 180),)
SIDEWAYS_TURNS = ((Image.Transpose.ROTATE_90, 90), (Image.Transpose.ROTATE_270, 270))


@dataclass(frozen=True)
class PageReading:
    """The lines of one page with their boxes on the page as scanned, and the degrees
    counter-clockwise the page was turned to be read (0: as scanned; 180: it was upside
    down; 90 or 270: it lay on its side)."""

    lines: tuple[OcrLine, ...]
    turned: int = 0


def ocr_image(image: Image.Image, settings: OcrSettings, deadline: Deadline | None = None,
              tesseract: Tesseract | None = None) -> list[OcrLine]:
    """Return the lines Tesseract reads on one page image, with their confidences and
    their boxes on `image`, after the re-reads `settings` turns on (`re_read`)."""
    tesseract = tesseract or Tesseract(settings.lang)
    out = tesseract.read(image, ("txt", "tsv"), settings.psm, deadline)
    return re_read(image, lines_from_output(out["txt"], out["tsv"]), out["tsv"], settings, tesseract, deadline)


def re_read(image: Image.Image, lines: list[OcrLine], tsv: str, settings: OcrSettings, tesseract: Tesseract,
            deadline: Deadline | None = None) -> list[OcrLine]:
    """Return the lines of one reading of `image` (with its TSV) after the re-reads
    `settings` turns on, in turn: garbled lines, marks read as a line apart, words set
    apart from their line's end, lost numbers, numbers that read otherwise alone (kept as doubts, the text unchanged). A
    re-read Tesseract fails on leaves the lines as they were (logged): the page's own
    reading is not lost to a second look at a few of its lines."""
    re_reads = [(settings.reread_garbled, lambda ls: reread_garbled(image, ls, tsv, tesseract, deadline)),
                (settings.reread_marks, lambda ls: reread_mark_strips(image, ls, tesseract, deadline)),
                (settings.reread_set_apart, lambda ls: reread_set_apart(image, ls, tesseract, deadline)),
                (settings.recover_numbers, lambda ls: recover_trailing_numbers(image, ls, tesseract, deadline)),
                (settings.reread_numbers and READ_AS in settings.lang.split("+"),
                 lambda ls: reread_numbers(image, ls, tsv, tesseract, deadline))]
    for wanted, step in re_reads:
        if wanted:
            try:
                lines = step(lines)
            except TesseractError as exc:
                log.warning("a re-read of some lines failed; they stay as first read: %s", exc)
    return lines


def mean_confidence(lines: Sequence[OcrLine]) -> float:
    """Return the lines' confidence weighted by their length (0 for no text): the
    measure two readings of one page are compared by."""
    chars = sum(len(ln.text) for ln in lines)
    return sum(ln.confidence * len(ln.text) for ln in lines) / chars if chars else 0.0


def looks_misread(lines: Sequence[OcrLine]) -> bool:
    """Return whether a reading is poor enough that the page may be upside down (a low
    mean confidence): a page read well, or a blank one, costs no second reading."""
    return bool(lines) and mean_confidence(lines) < LOW_CONFIDENCE


def box_tilt(lines: Sequence[OcrLine], page_width: int) -> float:
    """Return the tilt in degrees that a page's line boxes suggest: a line of text W
    pixels wide lying at an angle a has a box about W * tan(a) taller than a level one.
    The median over the lines wider than a third of the page, against the height of the
    lowest tenth of the page's boxes (lines too short for a tilt to raise); 0.0 when no
    line is that wide. A rough measure, free of image work, that only says whether
    measuring the page's skew (preprocess.skew_angle) is worth its time."""
    heights = sorted(ln.box[3] - ln.box[1] for ln in lines if ln.box is not None)
    wide = [ln.box for ln in lines if ln.box is not None and ln.box[2] - ln.box[0] > page_width / 3]
    if not wide:
        return 0.0
    level = heights[len(heights) // 10]
    slopes = sorted(max(0, (b[3] - b[1]) - level) / (b[2] - b[0]) for b in wide)
    return math.degrees(math.atan(slopes[len(slopes) // 2]))


def _levelled(image: Image.Image, lines: list[OcrLine], settings: OcrSettings, deadline: Deadline | None,
              tesseract: Tesseract) -> tuple[list[OcrLine], float]:
    """Return the reading of a page and the degrees it was turned to be read level: read
    again levelled when its line boxes suggest a page fed in askew (box_tilt at least
    TILT_SUSPECT_DEG) and its text lines lie at STEEP_SKEW_DEG or more (skew_angle, within
    STEEP_SKEW_MAX_DEG), which Tesseract reads as lines spliced from their neighbours at
    a confidence that gives no sign of it; the levelled reading is kept when its mean
    confidence is higher. Any other page keeps its reading, at no cost."""
    if box_tilt(lines, image.width) < TILT_SUSPECT_DEG:
        return lines, 0.0
    angle = skew_angle(image, limit=STEEP_SKEW_MAX_DEG)
    if abs(angle) < STEEP_SKEW_DEG:
        return lines, 0.0
    level = ocr_image(image.rotate(angle, resample=Image.BICUBIC, fillcolor=255), settings, deadline, tesseract)
    if mean_confidence(level) <= mean_confidence(lines):
        return lines, 0.0
    log.info("the page lies askew; read levelled, turned by %g degrees (mean confidence %.2f against %.2f)",
             angle, mean_confidence(level), mean_confidence(lines))
    return level, angle


def _turned_back(box: tuple[int, int, int, int], size: tuple[int, int], degrees: int) -> tuple[int, int, int, int]:
    """Return a box found on a page of `size` (as scanned) turned `degrees`
    counter-clockwise as it lies on the page before turning."""
    w, h = size
    left, top, right, bottom = box
    if degrees == 90:
        return (w - bottom, left, w - top, right)
    if degrees == 270:
        return (top, h - right, bottom, h - left)
    return (w - right, h - bottom, w - left, h - top)


def read_oriented_page(image: Image.Image, settings: OcrSettings, deadline: Deadline | None = None,
                       tesseract: Tesseract | None = None) -> PageReading:
    """Return the page's reading as rasterised: cleaned (settings.preprocess), read, and
    when the first reading looks misread, read again turned 180 degrees, or, when the
    page lies in landscape (wider than high by SIDEWAYS_RATIO: a portrait form scanned on
    its side), turned 90 and 270 degrees (a turned reading is kept when its mean
    confidence is higher by TURN_MARGIN); a page that reads upright but lies askew beyond
    what Tesseract levels itself is read levelled (_levelled). Each box is put back
    where the line lies on the page before cleaning and turning, so a crop of the scan
    at that box shows the line."""
    tesseract = tesseract or Tesseract(settings.lang)
    cleaned, angle = preprocess_page(image, settings.preprocess)
    log.debug("preprocessed (%s)%s", ", ".join(settings.preprocess) or "no steps",
              f", turned by {angle:g} degrees" if angle else "")
    lines = ocr_image(cleaned, settings, deadline, tesseract)
    turned = 0
    if looks_misread(lines):
        sideways = cleaned.width > cleaned.height * SIDEWAYS_RATIO
        readings = [(ocr_image(cleaned.transpose(turn), settings, deadline, tesseract), degrees)
                    for turn, degrees in (SIDEWAYS_TURNS if sideways else UPRIGHT_TURNS)]
        best, degrees = max(readings, key=lambda rd: mean_confidence(rd[0]))
        if mean_confidence(best) > mean_confidence(lines) + TURN_MARGIN:
            log.info("the page reads better turned %d degrees (mean confidence %.2f against %.2f)",
                     degrees, mean_confidence(best), mean_confidence(lines))
            lines = [ln if ln.box is None else ln._replace(box=_turned_back(ln.box, cleaned.size, degrees))
                     for ln in best]
            turned = degrees
    if not turned and not angle:
        lines, angle = _levelled(cleaned, lines, settings, deadline, tesseract)
    if angle:
        lines = [ln if ln.box is None else ln._replace(box=unrotate_box(ln.box, angle, image.size)) for ln in lines]
    return PageReading(tuple(lines), turned)


def read_page(image: Image.Image, settings: OcrSettings, deadline: Deadline | None = None,
              tesseract: Tesseract | None = None) -> list[OcrLine]:
    """Return the lines of a page as rasterised, boxes on the page as scanned (see
    read_oriented_page)."""
    return list(read_oriented_page(image, settings, deadline, tesseract).lines)
