"""Rasterise one page of a scanned input to a greyscale image. The OCR workers and the
review page's crops both get their pixels here.

A PDF page that is nothing but one scanned image, already at the asked resolution, is
decoded as it is, without rendering (pypdfium2; a tenth of the work).
Any other PDF page goes through one of two renderers: "poppler" (pdftoppm, one page per
call; the default) or "pdfium" (pypdfium2, in this process, with about a third less
work, but it scales a scan's image to the asked resolution differently, and those pages
read worse on the accuracy bench; bench/RESULTS.md, "OCR settings").
Either way one page at a time, so a large PDF is never whole in memory. TIFF and other
images go through Pillow, frame by frame, keeping their own pixels (turned upright as their
EXIF orientation says: a phone's photo of a page); scan_dpi and
upscale_factor say how much an image scanned under 250 dpi is enlarged before OCR, and
scan_warning which scans, images or PDF pages, are too coarse to pass without a warning.
"""

from __future__ import annotations

import io
import logging
import subprocess
import threading
import warnings
from pathlib import Path

from PIL import Image, ImageOps, ImageSequence

from .deadline import PageTimeout
from .errors import MissingDependencyError, pip_install
from .scans import check_pixels, open_image

log = logging.getLogger(__name__)
RENDERERS = ("poppler", "pdfium")
DEFAULT_RENDERER = "poppler"
_pdfium_lock = threading.Lock()  # pdfium is not thread-safe: one page at a time per process


class RasterError(Exception):
    """poppler could not render a page (its first line of stderr)."""


def _render_pdfium(path: Path, page: int, dpi: int) -> Image.Image:
    try:
        import pypdfium2
    except ImportError as exc:
        raise MissingDependencyError(f"the pdfium renderer needs pypdfium2: {pip_install('pypdfium2')}") from exc

    with _pdfium_lock:
        pdf = pypdfium2.PdfDocument(str(path))
        try:
            image = pdf[page - 1].render(scale=dpi / 72, grayscale=True).to_pil()
        finally:
            pdf.close()
    return image.convert("L")


SAME_DPI = 0.01  # an embedded image within 1% of the asked resolution needs no scaling
PLAIN_COLOURS = {1, 2, 4, 5, 7}  # DeviceGray, DeviceRGB, CalGray, CalRGB, ICCBased (pdfium's numbering)
EDGE_POINTS = 1.0  # how far (in points) the image may stop short of the page's edges


def _embedded_scan(path: Path, page: int, dpi: int) -> tuple[Image.Image | None, float | None]:
    """Return the page's pixels decoded straight from its one image when that image is
    already at `dpi` (else None), and the image's resolution when the page is a scan
    (else None: anything else on the page, pdfium cannot open it, or pypdfium2 is missing).

    A scanner's PDF page is one image drawn over the whole page; when that image is
    already at `dpi`, rendering only resamples it by under a pixel, so its own pixels are
    what the renderers would give, for a tenth of the work (bench/RESULTS.md, "OCR speed").
    """
    try:
        import pypdfium2
    except ImportError:
        return None, None
    with _pdfium_lock:
        try:
            pdf = pypdfium2.PdfDocument(str(path))
        except pypdfium2.PdfiumError:
            return None, None  # the renderer says what is wrong with the file
        try:
            found = _whole_page_image(pdf[page - 1])
            if found is None:
                return None, None
            image, (x_dpi, y_dpi) = found
            if any(abs(d / dpi - 1) > SAME_DPI for d in (x_dpi, y_dpi)):
                return None, min(x_dpi, y_dpi)
            meta = image.get_metadata()
            check_pixels((meta.width, meta.height), f"page {page}")
            pixels = image.get_bitmap(render=False).to_pil()
        except (pypdfium2.PdfiumError, IndexError):
            return None, None
        finally:
            pdf.close()
    return pixels.convert("L"), min(x_dpi, y_dpi)


def _whole_page_image(sheet) -> tuple[object, tuple[float, float]] | None:
    """Return an open pypdfium2 page's one image object and its resolution across and
    down, or None unless the page is the plainest scan: one page object in all, no
    annotations, no page rotation, the image upright and unmirrored over the whole
    page, a plain grey or colour space."""
    import pypdfium2.raw as pdfium_c

    objects = list(sheet.get_objects(max_depth=1))
    if (len(objects) != 1 or objects[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE or sheet.get_rotation()
            or pdfium_c.FPDFPage_GetAnnotCount(sheet.raw)):
        return None
    image = objects[0]
    a, b, c, d, e, f = image.get_matrix().get()
    left, bottom, right, top = sheet.get_cropbox()
    meta = image.get_metadata()
    corners = ((e, left), (f, bottom), (e + a, right), (f + d, top))
    if b or c or a <= 0 or d <= 0 or any(abs(x - y) > EDGE_POINTS for x, y in corners):
        return None
    if meta.colorspace not in PLAIN_COLOURS:
        return None
    return image, (meta.width / (a / 72), meta.height / (d / 72))


def _render_poppler(path: Path, page: int, dpi: int, timeout: float | None) -> Image.Image:
    """Return the page as pdftoppm renders it (greyscale PGM on its stdout): the pixels
    pdf2image gives, without the pdfinfo run pdf2image starts before every page."""
    cmd = ["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-gray", str(path)]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout)
    except FileNotFoundError as exc:
        raise MissingDependencyError(
            "poppler's pdftoppm is not installed (PDFs need it): run `make setup` or `sudo apt-get install poppler-utils`"
        ) from exc
    except subprocess.TimeoutExpired as exc:
        log.info("pdftoppm: stopped after %.1f s (the page's time limit)", timeout or 0)
        raise PageTimeout from exc
    err = proc.stderr.decode("utf-8", "replace").strip()
    if proc.returncode or not proc.stdout:
        first = err.splitlines()[0] if err else f"exit status {proc.returncode}, no image"
        raise RasterError(f"pdftoppm: {first}")
    if err:
        log.debug("pdftoppm %s page %d: %s", path, page, err.replace("\n", "; "))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # scans.py checked the page size
        image = Image.open(io.BytesIO(proc.stdout))
        image.load()
    return image.convert("L")


def render_page(path: Path, page: int, dpi: int, timeout: float | None = None,
                renderer: str = DEFAULT_RENDERER) -> Image.Image:
    """Return page `page` (1-based) of a scanned input as a greyscale ("L") image (see rasterise)."""
    return rasterise(path, page, dpi, timeout, renderer)[0]


def rasterise(path: Path, page: int, dpi: int, timeout: float | None = None,
              renderer: str = DEFAULT_RENDERER) -> tuple[Image.Image, float | None]:
    """Return page `page` (1-based) of a scanned input as a greyscale ("L") image, and,
    for a PDF page that is one scanned image, that scan's own resolution (None for any
    other page and for image files, whose resolution scan_dpi tells from the pixels).

    A PDF page that is one scanned image at `dpi` keeps its own pixels (_embedded_scan);
    any other is rasterised at `dpi` by `renderer` ("poppler" or "pdfium"); an image
    file keeps its own pixels. Raises PageTimeout when poppler takes longer than `timeout`
    seconds (pdfium renders in this process, under the page's deadline checked next),
    TooManyPixels for a frame larger than a page may be, and what the renderer or
    Pillow raise for a damaged file.
    """
    if path.suffix.lower() == ".pdf":
        embedded, scanned_at = _embedded_scan(path, page, dpi)
        if embedded is not None:
            return embedded, scanned_at
        if renderer == "pdfium":
            return _render_pdfium(path, page, dpi), scanned_at
        return _render_poppler(path, page, dpi, timeout), scanned_at
    with open_image(path) as im:
        frame = next(f for i, f in enumerate(ImageSequence.Iterator(im), start=1) if i == page)
        check_pixels(frame.size, f"frame {page}")
        return grey(upright(frame)), None


DEEP_MODES = ("I;16", "I;16L", "I;16B", "I;16N", "I", "F")  # Pillow's modes of more than 8 bits a channel


def grey(image: Image.Image) -> Image.Image:
    """Return an image frame as 8-bit greyscale ("L"), its whole range of levels kept.

    Pillow's own conversion clips a frame of 16-bit levels (a scanner's 16-bit greyscale
    TIFF or PNG) at 255, which turns the page white: such a frame is scaled down from
    16 bits instead (and a floating-point one from 0..1 where that is its range)."""
    if image.mode not in DEEP_MODES:
        return image.convert("L")
    import numpy as np

    levels = np.asarray(image, dtype=np.float64)
    top = float(levels.max()) if levels.size else 0.0
    scale = 255.0 if image.mode == "F" and top <= 1.0 else 255.0 / 65535.0 if top > 255 else 1.0
    return Image.fromarray(np.clip(np.rint(levels * scale), 0, 255).astype(np.uint8), "L")


EXIF_ORIENTATION = 0x0112


def upright(frame: Image.Image) -> Image.Image:
    """Return an image frame as a viewer shows it: turned or mirrored as its EXIF
    orientation says (a phone's photo of a page is stored as the sensor lay, with a tag
    saying how to turn it), or the frame itself when it has no such tag."""
    if frame.getexif().get(EXIF_ORIENTATION, 1) in (0, 1):
        return frame
    return ImageOps.exif_transpose(frame)


LOW_DPI = 250  # an image under this many dots per inch is upscaled before OCR
POOR_DPI = 200  # a scan under this many is named in a warning (scan_warning)
TARGET_DPI = 300  # ... to this resolution, the one Tesseract and the bench read best
MIN_PAGE_DPI = 30  # an image under this many (by its width as an A4 page's) holds no page's text: not read
A4_WIDTH_INCHES = 8.27  # the forms are printed on A4, portrait
TRUSTED_DPI_RATIO = 1.5  # metadata further than this from the page-size estimate is not believed


def scan_dpi(image: Image.Image) -> float:
    """Return an image's resolution in dots per inch: its own dpi metadata, or, when
    that is missing or disagrees by more than TRUSTED_DPI_RATIO with the resolution a
    portrait A4 page this many pixels wide has (scanners write 72 or 1 when they do not
    know), the page-width estimate."""
    by_size = image.width / A4_WIDTH_INCHES
    dpi = image.info.get("dpi")
    stated = float(dpi[0]) if isinstance(dpi, tuple) and dpi and dpi[0] else 0.0
    if stated and 1 / TRUSTED_DPI_RATIO <= stated / by_size <= TRUSTED_DPI_RATIO:
        return stated
    return by_size


def upscale_factor(dpi: float) -> float:
    """Return how much a page of `dpi` is enlarged before OCR: TARGET_DPI / dpi under
    LOW_DPI (at 150 dpi Tesseract misreads digits it reads right on the same pixels
    upscaled), else 1.0."""
    return TARGET_DPI / dpi if 0 < dpi < LOW_DPI else 1.0


def scan_warning(dpi: float) -> bool:
    """Return True when a page scanned at `dpi` should be named in a warning: under
    POOR_DPI, with 1% to spare for a scanner's rounding. The accuracy bench's archives
    are 200 dpi scans and reconcile to 99% of document fields; at 150 dpi Tesseract
    misreads digits of a project code, and enlarging the scan saves only some."""
    return dpi < POOR_DPI * (1 - SAME_DPI)


def upscaled(image: Image.Image, factor: float) -> Image.Image:
    """Return the image enlarged by `factor` (Lanczos; the image itself for 1.0)."""
    if factor == 1.0:
        return image
    size = (round(image.width * factor), round(image.height * factor))
    check_pixels(size, "upscaled page")
    return image.resize(size, Image.Resampling.LANCZOS)
