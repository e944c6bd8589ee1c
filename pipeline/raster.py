"""Rasterise one page of a scanned input to a greyscale image: PDFs through poppler's
pdftoppm (pdf2image), one page per call so a large PDF is never whole in memory; TIFF
and other images through Pillow, frame by frame. The OCR workers and the review page's
crops both get their pixels here."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageSequence

from .deadline import PageTimeout
from .scans import check_pixels, open_image


def render_page(path: Path, page: int, dpi: int, timeout: float | None = None) -> Image.Image:
    """Return page `page` (1-based) of a scanned input as a greyscale ("L") image.

    A PDF is rasterised at `dpi`; an image keeps its own pixels. Raises PageTimeout when
    rasterising takes longer than `timeout` seconds, TooManyPixels for a frame larger
    than a page may be, and what poppler or Pillow raise for a damaged file.
    """
    if path.suffix.lower() == ".pdf":
        from pdf2image import convert_from_path
        from pdf2image.exceptions import PDFPopplerTimeoutError

        try:
            (image,) = convert_from_path(str(path), dpi=dpi, first_page=page, last_page=page, grayscale=True,
                                         timeout=timeout)
        except PDFPopplerTimeoutError as exc:
            raise PageTimeout from exc
        return image
    with open_image(path) as im:
        frame = next(f for i, f in enumerate(ImageSequence.Iterator(im), start=1) if i == page)
        check_pixels(frame.size, f"frame {page}")
        return frame.convert("L")
