"""pipeline/page_task.py with pipeline/reading.py: a page whose time runs out after
Tesseract has read it, while some of its lines are read a second time, keeps its
reading (with a note, and out of the cache) instead of being skipped. Real Tesseract
reads the page; a stand-in runs out of time at the first re-read, deterministically."""

from pathlib import Path

import pytest

from pipeline import page_task
from pipeline.cache import PageCache
from pipeline.deadline import PageTimeout
from pipeline.executor import Outcome
from pipeline.ocr import _store
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


@pytest.fixture(scope="module")
def read_in_part():
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(page_task, "Tesseract", OutOfTimeAfterThePage)
        cut = ocr_task(PageTask("a.pdf", 1, str(SCAN), OcrSettings(), timeout=600))
    return cut


def test_a_page_out_of_time_during_its_re_reads_keeps_its_first_reading(read_in_part):
    plain = OcrSettings(reread_garbled=False, reread_marks=False, recover_numbers=False, reread_numbers=False)
    whole = ocr_task(PageTask("a.pdf", 1, str(SCAN), plain))
    assert read_in_part.error is None and read_in_part.partial and not whole.partial
    assert [ln.text for ln in read_in_part.lines] == [ln.text for ln in whole.lines]
    assert any("สำนักงานเขต" in ln.text for ln in read_in_part.lines)
    [note] = read_in_part.notes
    assert note.stage == "timeout" and "--page-timeout" in note.message and "not cached" in note.message


def test_a_page_read_in_part_is_not_cached_so_a_run_with_more_time_reads_it_whole(read_in_part, tmp_path):
    task = PageTask("a.pdf", 1, str(SCAN), OcrSettings(), timeout=600, file_key="file-key")
    cache = PageCache(tmp_path / "cache.sqlite")
    try:
        _store(cache, Outcome(task, read_in_part, fresh=True))
        assert cache.get("file-key") is None and cache.get(read_in_part.key) is None
    finally:
        cache.close()


def test_a_page_that_reads_poorly_and_runs_out_of_time_is_still_skipped(tmp_path):
    """Whether a page read at a low confidence lies upside down needs a reading turned;
    with no time for it, the page is skipped with its failures.csv message."""
    from PIL import Image

    upside_down = tmp_path / "upside_down.png"
    with Image.open(SCAN.with_name("report_b_copy2_p1.jpg")) as im:
        im.rotate(180).save(upside_down)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(page_task, "Tesseract", OutOfTimeAfterThePage)
        got = ocr_task(PageTask("upside_down.png", 1, str(upside_down), OcrSettings(), timeout=600))
    assert got.lines == () and "took longer than 600 s (--page-timeout)" in got.error
