"""An image scanned under 250 dpi is upscaled to 300 dpi before OCR, and the run says so.

Read at its own 150 dpi, report A's first page gave the project code 46175503 for
46125503 with nothing flagged; the same pixels upscaled read right.
"""

from pathlib import Path

import pytest
from PIL import Image

from pipeline.api import reconcile
from pipeline.raster import render_page, scan_dpi, upscale_factor, upscaled

ROOT = Path(__file__).resolve().parent.parent
REPORT_A = ROOT / "samples" / "scans" / "invented" / "report_a_copy1.pdf"
PROJECT_CODE = "46125503-6960"


@pytest.fixture(scope="module")
def page_at_150_dpi() -> Image.Image:
    """The top of report A's first page (its code, name and agency) at 150 dpi: the page's
    full width, which the resolution is told from, and a third of the text to read."""
    page = render_page(REPORT_A, 1, 150)
    return page.crop((0, 0, page.width, 560))


@pytest.mark.parametrize("metadata", [(150, 150), None, (300, 300)], ids=["stated", "missing", "lying"])
def test_a_150_dpi_page_reads_its_project_code_and_is_named_in_a_warning(page_at_150_dpi, tmp_path, metadata):
    """Whether the PNG states its 150 dpi, states nothing or states 300 dpi, the page is
    upscaled: the project code reads right, and a warning names the page."""
    png = tmp_path / "report_a_150dpi.png"
    page_at_150_dpi.save(png, **({"dpi": metadata} if metadata else {}))
    result = reconcile([png], use_cache=False, jobs=1)
    docs = result.documents
    assert len(docs) == 1
    assert docs.loc[0, "project_code"] == PROJECT_CODE  # read at 150 dpi: 46175503-6960
    warning = [w for w in result.warnings if "report_a_150dpi.png page 1" in w and "upscaled to 300 dpi" in w]
    assert len(warning) == 1, result.warnings
    assert "resolution" in set(result.failures["stage"]) and int(result.exit_code) == 0


def test_the_resolution_comes_from_metadata_unless_the_page_size_disagrees(page_at_150_dpi):
    page = page_at_150_dpi.copy()
    page.info["dpi"] = (150, 150)
    assert scan_dpi(page) == 150
    page.info["dpi"] = (72, 72)  # far from what an A4 page of these pixels has: not believed
    assert 140 < scan_dpi(page) < 160
    del page.info["dpi"]
    assert 140 < scan_dpi(page) < 160


def test_only_a_page_under_250_dpi_is_upscaled(page_at_150_dpi):
    assert upscale_factor(300) == upscale_factor(250) == 1.0 and upscale_factor(150) == 2.0
    assert upscaled(page_at_150_dpi, 1.0) is page_at_150_dpi
    assert upscaled(page_at_150_dpi, 2.0).size == (page_at_150_dpi.width * 2, page_at_150_dpi.height * 2)


def test_a_run_from_the_cache_repeats_the_warning(page_at_150_dpi, tmp_path):
    png = tmp_path / "report_a_150dpi.png"
    page_at_150_dpi.save(png, dpi=(150, 150))
    cache = tmp_path / "cache.sqlite"
    first = reconcile([png], cache=cache, jobs=1)
    again = reconcile([png], cache=cache, jobs=1)
    assert again.ocr.cached == again.ocr.pages == 1
    assert again.warnings == first.warnings and any("upscaled to 300 dpi" in w for w in again.warnings)
    assert list(again.documents["project_code"]) == [PROJECT_CODE]
    moved = tmp_path / "elsewhere" / "renamed.png"
    moved.parent.mkdir()
    png.rename(moved)
    there = reconcile([moved], cache=cache, jobs=1)
    assert there.ocr.cached == 1
    assert [w for w in there.warnings if "upscaled" in w] == [
        w.replace(str(png), str(moved)) for w in first.warnings if "upscaled" in w]
    assert not any(str(png) in w for w in there.warnings)


def test_a_note_a_cache_kept_with_its_page_named_in_it_is_told_of_the_page_it_is_read_for():
    from pipeline.page_task import cached_notes

    (note,) = cached_notes([["resolution", "/old run/a page 2.tif page 1 is about 150 dpi; upscaled to 300 dpi"]])
    assert note.on("/new/b.tif", 3) == "/new/b.tif page 3 is about 150 dpi; upscaled to 300 dpi"


def test_a_pdf_page_scanned_at_150_dpi_is_named_in_a_warning(page_at_150_dpi, tmp_path):
    """A PDF page that is one 150 dpi scan is rendered at --dpi like any other, and the
    run says the scan is coarse."""
    pdf = tmp_path / "report_a_150dpi.pdf"
    page_at_150_dpi.save(pdf, resolution=150)
    result = reconcile([pdf], use_cache=False, jobs=1)
    assert list(result.documents["project_code"]) == [PROJECT_CODE]
    assert result.warnings == [f"{pdf} page 1 is a scan of about 150 dpi, read at 300 dpi: "
                               "scan it again at 300 dpi if values look wrong"]
    assert list(result.failures["stage"]) == ["resolution"] and int(result.exit_code) == 0


def test_a_scan_under_200_dpi_is_warned_of_and_an_older_cache_note_of_a_finer_one_is_dropped():
    from pipeline.page_task import cached_notes
    from pipeline.raster import scan_warning

    assert scan_warning(150) and scan_warning(190) and not scan_warning(199) and not scan_warning(200)
    kept = [["resolution", "is about 200 dpi; upscaled to 300 dpi before OCR"],
            ["resolution", "is about 150 dpi; upscaled to 300 dpi before OCR"],
            ["resolution", "is a scan of about 200 dpi, read at 300 dpi: scan it again"],
            ["orientation", "was upside down; read turned 180 degrees"]]
    assert [n.message[:15] for n in cached_notes(kept)] == ["is about 150 dp", "was upside down"]
