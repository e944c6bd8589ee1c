"""pipeline/page_task.py with pipeline/reading.py: a page whose time runs out after
Tesseract has read it, while some of its lines are read a second time, is skipped.
Real Tesseract reads the page; a stand-in runs out of time at the first re-read,
deterministically."""

from pathlib import Path

import pytest

from pipeline import page_task
from pipeline.deadline import PageTimeout
from pipeline.ocr_settings import OcrSettings
from pipeline.page_task import PageTask, ocr_task
from pipeline.tesseract import Tesseract

SCAN = Path(__file__).resolve().parent.parent / "samples" / "scans" / "invented" / "report_a_copy1.pdf"


class OutOfTimeAfterThePage(Tesseract):
    """Reads the page itself as Tesseract does; the page's time runs out at its first re-read."""

    def read(self, image, outputs=("txt",), psm=None, deadline=None, allowed=""):
        if tuple(outputs) != ("txt", "tsv"):
            raise PageTimeout
        return super().read(image, outputs, psm, deadline, allowed)

    def texts(self, images, psm, deadline=None, allowed=""):
        raise PageTimeout


def test_a_page_out_of_time_during_its_re_reads_is_skipped_with_the_time_limit_named():
    """Its first reading is not kept: the re-reads it lost are what flags a misread number
    or mends a garbled line, and a page read otherwise than its duplicate elsewhere would
    not be known for one; the page is skipped with its failures.csv message instead."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(page_task, "Tesseract", OutOfTimeAfterThePage)
        got = ocr_task(PageTask("a.pdf", 1, str(SCAN), OcrSettings(), timeout=600))
    assert got.lines == () and "took longer than 600 s (--page-timeout), so the page was skipped" in got.error
    whole = ocr_task(PageTask("a.pdf", 1, str(SCAN), OcrSettings(), timeout=600))
    assert whole.error is None and any("สำนักงานเขต" in ln.text for ln in whole.lines)
