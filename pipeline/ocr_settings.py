"""The settings that change what OCR returns; all of them go into the page cache key."""

from __future__ import annotations

from dataclasses import dataclass

from .preprocess import DEFAULT_STEPS
from .raster import DEFAULT_RENDERER

DEFAULT_PSM = 3


@dataclass(frozen=True)
class OcrSettings:
    """Every setting that changes what OCR returns; all of it goes into the cache key.

    `reader` is the version of the OCR side's own reading (what is kept of Tesseract's
    output and how it is normalised): raise it when that changes, so pages cached by an
    earlier version are read again rather than kept with their old text (version 2:
    line boxes kept, doubled tone marks before SARA AA read as SARA AM; version 3: an
    image under 250 dpi upscaled and a page that reads upside down turned, with notes;
    version 4: a page on its side read turned 90 or 270 degrees, not 180; version 5: a
    page askew beyond what Tesseract levels itself read levelled; version 6: a number lost
    after a line's "=" read again from the line's tail, not its whole strip; version 7:
    not for a line whose number opens the next line; version 8: SARA AA + NIKHAHIT read
    as SARA AM; version 9: a date's slashes read as 7s put back in a number read again alone;
    version 10: a number read in Thai digits kept as a doubt on its line; version 11: words
    set apart from their line's end read again with it; version 12: not where the line's
    end is found only in the number after it, nor for a line ending in "=").
    `recover_numbers`, `reread_garbled`, `reread_marks`, `reread_set_apart` and
    `reread_numbers` turn on the re-reads of pipeline.recover, pipeline.reread,
    pipeline.mark_lines, pipeline.set_apart and pipeline.number_rereads. `psm` is Tesseract's page segmentation mode for the page reading
    (re-reads choose their own), `renderer` what rasterises a PDF (pipeline.raster: "pdfium" or "poppler").
    """

    lang: str = "tha+eng"
    dpi: int = 300
    tesseract: str = ""
    preprocess: tuple[str, ...] = DEFAULT_STEPS
    recover_numbers: bool = True
    reread_garbled: bool = True
    reread_marks: bool = True
    reread_numbers: bool = True
    reread_set_apart: bool = True
    reader: int = 12
    psm: int = DEFAULT_PSM
    renderer: str = DEFAULT_RENDERER

    @classmethod
    def from_dict(cls, data: dict) -> OcrSettings:
        """Return the settings `dataclasses.asdict` made `data` from (lists back to tuples)."""
        return cls(**{**data, "preprocess": tuple(data["preprocess"])})
