"""Rasterise one page of a scanned input to a greyscale image. The OCR workers and the
review page's crops both get their pixels here.

PDFs go through one of two renderers: "pdfium" (pypdfium2, in this process, where it is
installed: about 15 times faster than starting pdftoppm for every page, and as good for
OCR on the accuracy bench) or "poppler" (pdftoppm through pdf2image, one page per call).
Either way one page at a time, so a large PDF is never whole in memory. TIFF and other
images go through Pillow, frame by frame, keeping their own pixels.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PIL import Image, ImageSequence

from .deadline import PageTimeout
from .scans import check_pixels, open_image

RENDERERS = ("pdfium", "poppler")
_pdfium_lock = threading.Lock()  # pdfium is not thread-safe: one page at a time per process


def default_renderer() -> str:
    """Return "pdfium" where pypdfium2 is installed, else "poppler"."""
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return "poppler"
    return "pdfium"


def _render_pdfium(path: Path, page: int, dpi: int) -> Image.Image:
    import pypdfium2

    with _pdfium_lock:
        pdf = pypdfium2.PdfDocument(str(path))
        try:
            image = pdf[page - 1].render(scale=dpi / 72, grayscale=True).to_pil()
        finally:
            pdf.close()
    return image.convert("L")


def _render_poppler(path: Path, page: int, dpi: int, timeout: float | None) -> Image.Image:
    from pdf2image import convert_from_path
    from pdf2image.exceptions import PDFPopplerTimeoutError

    try:
        (image,) = convert_from_path(str(path), dpi=dpi, first_page=page, last_page=page, grayscale=True,
                                     timeout=timeout)
    except PDFPopplerTimeoutError as exc:
        raise PageTimeout from exc
    return image


def render_page(path: Path, page: int, dpi: int, timeout: float | None = None,
                renderer: str | None = None) -> Image.Image:
    """Return page `page` (1-based) of a scanned input as a greyscale ("L") image.

    A PDF is rasterised at `dpi` by `renderer` (default: default_renderer()); an image
    keeps its own pixels. Raises PageTimeout when poppler takes longer than `timeout`
    seconds (pdfium renders in this process, under the page's deadline checked next),
    TooManyPixels for a frame larger than a page may be, and what the renderer or
    Pillow raise for a damaged file.
    """
    if path.suffix.lower() == ".pdf":
        if (renderer or default_renderer()) == "pdfium":
            return _render_pdfium(path, page, dpi)
        return _render_poppler(path, page, dpi, timeout)
    with open_image(path) as im:
        frame = next(f for i, f in enumerate(ImageSequence.Iterator(im), start=1) if i == page)
        check_pixels(frame.size, f"frame {page}")
        return frame.convert("L")
