"""One page as one task for a worker: rasterise it, look it up in the page cache by its
pixels, and only on a miss clean and read it. Tasks and results are frozen dataclasses,
small enough to send to a process pool or a Dask worker; no page image leaves the task.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from PIL import Image

from .cache import PageCache, page_key
from .deadline import Deadline, PageTimeout, seconds_left
from .model import NumberDoubt, OcrLine, PageNote
from .ocr_settings import OcrSettings
from .raster import (A4_WIDTH_INCHES, MIN_PAGE_DPI, TARGET_DPI, rasterise, scan_dpi, scan_warning, upscale_factor,
                     upscaled)
from .reading import read_oriented_page
from .scans import MAX_PAGE_PIXELS, TooManyPixels
from .tesseract import Tesseract, TesseractNotFoundError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageTask:
    """One page to read. `source` is the name the output uses, `path` the file's absolute
    path (a worker's working folder is its own), `file_key` the page's cache key by its
    file's bytes ("" without a cache), `timeout` the seconds allowed (0: no limit)."""

    source: str
    page: int
    path: str
    settings: OcrSettings
    cache_path: str | None = None
    timeout: float = 0.0
    file_key: str = ""


@dataclass(frozen=True)
class PageResult:
    """What a worker sends back: the page's lines, whether they came from the cache, or an error."""

    source: str
    page: int
    key: str
    lines: tuple[OcrLine, ...]
    cached: bool
    error: str | None = None
    notes: tuple[PageNote, ...] = ()


RESCAN = "scan it again at 300 dpi if values look wrong"  # what a resolution note advises
_NAMED_PAGE = re.compile(r"^.* page \d+ (?=is about \d+ dpi|was upside down|lay on its side)")
_SCANNED_AT = re.compile(r"^is (?:a scan of )?about (\d+) dpi")


def cached_notes(hit: Sequence[Sequence]) -> tuple[PageNote, ...]:
    """Return a page's notes as the cache stores them ([stage, message]), each without the
    file and page a cache written before notes were stored without them put in front,
    and without a resolution note of a scan fine enough to pass (scan_warning) that a
    cache kept from a run with another threshold: a run from the cache says what a fresh
    run says."""
    notes = (PageNote(str(stage), _NAMED_PAGE.sub("", str(message), count=1)) for stage, message in hit)
    return tuple(n for n in notes if not ((m := _SCANNED_AT.match(n.message)) and not scan_warning(int(m[1]))))


def cached_lines(hit: Sequence[Sequence]) -> tuple[OcrLine, ...]:
    """Return a page's lines as the cache stores them ([text, confidence, box or null,
    and the numbers in doubt, [read, again, agreed, kind] each, where any])."""
    return tuple(OcrLine(str(text), float(conf), tuple(box) if box else None,
                         tuple(NumberDoubt(str(r), str(a), bool(g), *map(str, kind))
                               for r, a, g, *kind in (numbers[0] if numbers else ())))
                 for text, conf, box, *numbers in hit)


def _cache_hit(cache_path: str | None, key: str) -> tuple[list[tuple], list[tuple]] | None:
    """Return the page's cached lines and notes (None: not cached)."""
    if not cache_path or not Path(cache_path).exists():
        return None
    cache = PageCache(cache_path, readonly=True)
    try:
        lines = cache.get(key)
        return None if lines is None else (lines, cache.get_notes(key))
    finally:
        cache.close()


def _scaled_back(line: OcrLine, factor: float) -> OcrLine:
    """Return a line whose box was found on a page upscaled by `factor` with its box on the page as scanned."""
    if line.box is None or factor == 1.0:
        return line
    return line._replace(box=tuple(round(v / factor) for v in line.box))


def _read(task: PageTask, image: Image.Image, factor: float, deadline: Deadline | None) -> PageResult:
    """Return the reading of a page image read upscaled by `factor`, its boxes on the
    page as scanned, with a note for each thing done to it."""
    where = f"{task.source} page {task.page}"
    reading = read_oriented_page(upscaled(image, factor), task.settings, deadline, Tesseract(task.settings.lang))
    notes = []
    if factor != 1.0:
        log.info("%s: about %.0f dpi, upscaled to %d dpi", where, TARGET_DPI / factor, TARGET_DPI)
    if factor != 1.0 and scan_warning(TARGET_DPI / factor):
        notes.append(PageNote("resolution", f"is about {TARGET_DPI / factor:.0f} dpi; upscaled to "
                              f"{TARGET_DPI} dpi before OCR: {RESCAN}"))
    if reading.turned:
        lay = "was upside down" if reading.turned == 180 else "lay on its side"
        notes.append(PageNote("orientation", f"{lay}; read turned {reading.turned} degrees"))
        log.info("%s %s; read turned %d degrees", where, lay, reading.turned)
    lines = tuple(_scaled_back(ln, factor) for ln in reading.lines)
    return PageResult(task.source, task.page, "", lines, False, notes=tuple(notes))


def _low_resolution_scan(scanned_at: float | None, dpi: int) -> tuple[PageNote, ...]:
    """Return a note for a PDF page whose one scanned image is too coarse to pass without
    a warning (scan_warning) and under the resolution it is read at (else no note)."""
    if scanned_at is None or scanned_at >= dpi or not scan_warning(scanned_at):
        return ()
    return (PageNote("resolution", f"is a scan of about {scanned_at:.0f} dpi, read at {dpi} dpi: {RESCAN}"),)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _error(task: PageTask, stage: str, exc: BaseException) -> str:
    """Return the failures.csv message for a page that `exc` stopped at `stage`."""
    where = f"{task.source} page {task.page}"
    if isinstance(exc, PageTimeout):
        doing = "rasterising it" if stage == "rasterise" else "Tesseract"
        return (f"{where}: {doing} took longer than {task.timeout:g} s (--page-timeout), so the page was skipped; "
                "check the scan (a huge or very noisy page?) or run again with a larger --page-timeout")
    if isinstance(exc, (TooManyPixels, Image.DecompressionBombError)):
        return (f"{where}: refused before decoding: {exc}; more than the {MAX_PAGE_PIXELS:,} pixels a page may "
                "have (a decompression bomb?): scan it again at a lower resolution")
    if stage == "rasterise" and isinstance(exc, FileNotFoundError):
        return (f"{where}: the file was not found where the page was read ({task.path}); on a Dask cluster "
                "every worker needs the inputs at the same path (a shared folder)")
    if stage == "rasterise":
        return (f"{where}: cannot be rasterised ({_reason(exc)}); the file may be damaged: open it in a "
                "viewer and save it again, or scan the copy again")
    if isinstance(exc, TesseractNotFoundError):
        return f"{where}: Tesseract is not installed where this page ran; install tesseract-ocr and tesseract-ocr-tha there"
    return f"{where}: OCR failed ({_reason(exc)})"


def ocr_task(task: PageTask) -> PageResult:
    """Rasterise, look up and if needed clean and OCR one page; never raises (errors are returned).

    The cache key hashes the page as rasterised plus every setting (the preprocessing
    steps among them), so the cleaning itself is skipped on a hit. One deadline covers
    rasterising and every Tesseract run of the page.
    """
    deadline = Deadline.after(task.timeout)
    stage = "rasterise"
    try:
        image, scanned_at = rasterise(Path(task.path), task.page, task.settings.dpi, seconds_left(deadline),
                                      task.settings.renderer)
        dpi = None if Path(task.path).suffix.lower() == ".pdf" else scan_dpi(image)  # a PDF: rendered at settings.dpi
        if dpi is not None and dpi < MIN_PAGE_DPI:
            return PageResult(task.source, task.page, "", (), False, (
                f"{task.source} page {task.page}: only {image.width} x {image.height} pixels, too small to hold a "
                f"page's text (a page scanned at {MIN_PAGE_DPI} dpi is {round(MIN_PAGE_DPI * A4_WIDTH_INCHES)} "
                "pixels wide): a thumbnail or an icon? Scan the page again at 300 dpi"))
        factor = 1.0 if dpi is None else upscale_factor(dpi)
        scan_notes = _low_resolution_scan(scanned_at, task.settings.dpi)
        key = page_key(image, {**asdict(task.settings), **({"upscaled": TARGET_DPI} if factor != 1.0 else {})})
        stage = "cache"
        hit = _cache_hit(task.cache_path, key)
        if hit is not None:
            log.debug("%s page %d: in the cache by its pixels", task.source, task.page)
            notes = tuple(dict.fromkeys((*scan_notes, *cached_notes(hit[1]))))
            return PageResult(task.source, task.page, key, cached_lines(hit[0]), True, notes=notes)
        stage = "ocr"
        result = _read(task, image, factor, deadline)
        return replace(result, key=key, notes=(*scan_notes, *result.notes))
    except Exception as exc:  # one bad page must not stop the batch
        error = _error(task, stage, exc)
        log.info("%s", error)
        return PageResult(task.source, task.page, "", (), False, error)
