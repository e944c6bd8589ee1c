"""Integration: the seed's copies as scanned PDFs, OCR'd by the real Tesseract.

samples/scans/seed_copy{1,2,3}.pdf are the seed's first three copies rendered by
samples/render.py in Laksaman and saved as bilevel scans. Read by OCR alone, and together
with the seed text, they must reconcile to the seed's true record.
"""

from pathlib import Path

import pytest

from pipeline.api import reconcile
from seed_truth import check_record

ROOT = Path(__file__).resolve().parent.parent
SCANS = ROOT / "samples" / "scans"


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("ocr") / "cache.sqlite"


def test_scans_alone_reconcile_to_the_true_record(cache):
    result = reconcile([SCANS], cache=cache, jobs=2)
    assert result.ocr.pages == 15 and result.ocr.failed == 0
    assert len(result.failures) == 0
    # Tesseract drops the tone mark of ฝ่าย in two of the three scans: an error the copies
    # share, which a vote cannot fix (dictionary snapping is issue 5). Pinned here so the
    # day it is fixed this test says so.
    check_record(result.documents, result.progress_reports, 3, skip=("agency",))
    assert result.documents.loc[0, "agency"] == "สำนักงานเขตภาษีเจริญ / ฝายการศึกษา / ฝายการศึกษา"


def test_scans_and_text_copies_form_one_document_from_the_warm_cache(cache):
    result = reconcile([ROOT / "samples"], cache=cache, jobs=2)
    assert result.ocr.cached == result.ocr.pages == 15
    check_record(result.documents, result.progress_reports, 7)
    sources = result.documents.loc[0, "sources"]
    assert "seed_copy1.pdf" in sources and "000_d000cb5bc4147d98.txt" in sources
