"""Read one page image: clean it, run Tesseract once for text and TSV, re-read lines
that lost a trailing number, and put each line's box back onto the page as scanned."""

from __future__ import annotations

import logging

from PIL import Image

from .deadline import Deadline
from .model import OcrLine
from .ocr_settings import OcrSettings
from .preprocess import preprocess_page, unrotate_box
from .recover import recover_trailing_numbers
from .tesseract import Tesseract
from .tsv import lines_from_output

log = logging.getLogger(__name__)


def ocr_image(image: Image.Image, settings: OcrSettings, deadline: Deadline | None = None,
              tesseract: Tesseract | None = None) -> list[OcrLine]:
    """Return the lines Tesseract reads on one page image, with their confidences and
    their boxes on `image`."""
    tesseract = tesseract or Tesseract(settings.lang)
    out = tesseract.read(image, ("txt", "tsv"), settings.psm, deadline)
    lines = lines_from_output(out["txt"], out["tsv"])
    if settings.recover_numbers:
        lines = recover_trailing_numbers(image, lines, tesseract, deadline)
    return lines


def read_page(image: Image.Image, settings: OcrSettings, deadline: Deadline | None = None,
              tesseract: Tesseract | None = None) -> list[OcrLine]:
    """Return the lines of a page as rasterised: cleaned (settings.preprocess), read,
    and each box put back where the line lies on the page before cleaning, so a crop of
    the scan at that box shows the line however deskewing turned the page."""
    cleaned, angle = preprocess_page(image, settings.preprocess)
    log.debug("preprocessed (%s)%s", ", ".join(settings.preprocess) or "no steps",
              f", turned by {angle:g} degrees" if angle else "")
    lines = ocr_image(cleaned, settings, deadline, tesseract)
    if not angle:
        return lines
    return [ln if ln.box is None else ln._replace(box=unrotate_box(ln.box, angle, image.size)) for ln in lines]
