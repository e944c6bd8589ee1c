"""A page scanned upside down is read turned 180 degrees, one scanned on its side turned
90 or 270, and the run says which page.

Read as it lies, seed_copy1's first page (project code and name) gave a copy with
"neither a readable project code nor a project name" and its five good pages were lost.
"""

import json
from pathlib import Path

import numpy as np
import pypdfium2
import pytest
from PIL import Image, ImageDraw, ImageOps

from pipeline.api import reconcile
from pipeline.model import Line
from pipeline.options import Options
from pipeline.raster import render_page
from pipeline.run import iter_pages

ROOT = Path(__file__).resolve().parent.parent
SEED_COPY1 = ROOT / "samples" / "scans" / "seed" / "seed_copy1.pdf"
REPORT_B = ROOT / "samples" / "scans" / "invented" / "report_b_copy1.pdf"
TRUTH = ROOT / "samples" / "truth" / "invented.json"


def _first_page_turned(folder: Path, degrees: int) -> Path:
    """seed_copy1.pdf with its first page turned `degrees`, the other pages untouched."""
    path = folder / f"seed_copy1_turned_{degrees}.pdf"
    pdf = pypdfium2.PdfDocument(str(SEED_COPY1))
    try:
        pdf[0].set_rotation(degrees)
        pdf.save(str(path))
    finally:
        pdf.close()
    return path


@pytest.fixture(scope="module")
def turned_pdf(tmp_path_factory) -> Path:
    return _first_page_turned(tmp_path_factory.mktemp("turned"), 180)


def test_the_turned_page_renders_upside_down(turned_pdf):
    """The test's input is what it claims: page 1's pixels are the untouched page's turned over."""
    upright = np.asarray(render_page(SEED_COPY1, 1, 100), dtype=float)
    turned = np.asarray(render_page(turned_pdf, 1, 100), dtype=float)
    as_read = np.abs(upright - turned).mean()
    turned_back = np.abs(upright - turned[::-1, ::-1]).mean()
    assert turned_back * 3 < as_read  # not 0: the turned page is rendered a pixel off


def test_an_upside_down_first_page_gives_the_same_document_and_a_warning(turned_pdf, seed_scan_cache):
    """Pages 2-6 are the untouched pages, from the cache; page 1, turned, is OCR'd."""
    untouched = reconcile([SEED_COPY1], cache=seed_scan_cache, jobs=2)
    turned = reconcile([turned_pdf], cache=seed_scan_cache, jobs=2)
    assert turned.ocr.pages - turned.ocr.cached == 1
    assert len(turned.documents) == len(untouched.documents) == 1
    columns = [c for c in untouched.documents.columns if c != "sources"]
    assert turned.documents[columns].equals(untouched.documents[columns])
    assert list(turned.progress_reports["report_date"]) == list(untouched.progress_reports["report_date"])
    assert f"{turned_pdf} page 1 was upside down; read turned 180 degrees" in turned.warnings
    assert not any("upside down" in w for w in untouched.warnings)
    assert set(turned.failures["stage"]) - set(untouched.failures["stage"]) == {"orientation"}
    assert int(turned.exit_code) == 0


def test_the_boxes_of_a_turned_page_lie_on_the_scan_as_it_is(turned_pdf, seed_scan_cache):
    """A crop of the scan as rendered at a turned page's box shows the line: the box of
    the line read on the untouched page, turned over. The readings come through the test
    run's seed-scan cache, where the test above (or test_integ_scans) left them."""
    options = Options(cache=seed_scan_cache)
    upright, turned = (list(iter_pages([pdf], options))[0] for pdf in (SEED_COPY1, turned_pdf))
    assert upright.page == turned.page == 1
    assert [n.stage for n in turned.notes] == ["orientation"] and not upright.notes
    w, h = render_page(turned_pdf, 1, options.dpi).size

    def flipped(line: Line) -> tuple[int, int, int, int]:
        x0, y0, x1, y1 = line.where.box
        return (w - x1, h - y1, w - x0, h - y0)

    boxes = {ln.text: flipped(ln) for ln in upright.lines if ln.where.box and len(ln.text) > 10}
    matched = [(boxes[ln.text], ln.where.box) for ln in turned.lines if ln.text in boxes and ln.where.box]
    assert len(matched) >= 10
    assert all(max(abs(a - b) for a, b in zip(want, got)) <= 8 for want, got in matched)


def test_a_page_scanned_on_its_side_is_read_turned_upright_and_named_in_a_warning(tmp_path):
    """The top of report B's first page (section 1: its code, name, dates and budget)
    scanned turned a quarter counter-clockwise: read as it lies it reads poorly; turned
    270 degrees it gives report B's fields as printed."""
    sideways = tmp_path / "report_b_page1_sideways.png"
    page = render_page(REPORT_B, 1, 300)
    top = page.crop((0, 0, page.width * 7 // 10, page.height * 6 // 10))  # a third of the reading's cost saved
    top.rotate(90, expand=True).save(sideways, dpi=(300, 300))
    result = reconcile([sideways], use_cache=False, jobs=1)
    truth = next(r for r in json.loads(TRUTH.read_text("utf-8"))["reports"] if r["project_code"] == "84765312-6961")
    doc = result.documents.iloc[0]
    assert (doc.project_code, doc.project_name, f"{doc.start_date:%Y-%m-%d}", f"{doc.end_date:%Y-%m-%d}",
            int(doc.budget_baht)) == tuple(truth[f] for f in ("project_code", "project_name", "start_date", "end_date",
                                                              "budget_baht"))
    assert f"{sideways} page 1 lay on its side; read turned 270 degrees" in result.warnings


def test_a_photo_whose_exif_says_how_to_turn_it_is_read_as_a_viewer_shows_it(tmp_path):
    """A phone stores a page photographed upright as the sensor lay, with an EXIF tag
    saying to turn it a quarter clockwise: read as a viewer shows it, the page needs no
    turning of its own and no warning."""
    photo = tmp_path / "report_b_page1_photo.jpg"
    page = render_page(REPORT_B, 1, 300)
    top = page.crop((0, 0, page.width * 7 // 10, page.height * 6 // 10))
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to display"
    top.rotate(90, expand=True).save(photo, dpi=(300, 300), exif=exif, quality=95)
    result = reconcile([photo], use_cache=False, jobs=1)
    assert list(result.documents["project_code"]) == ["84765312-6961"]
    assert not [w for w in result.warnings if "turned" in w] and result.failures.empty


@pytest.mark.parametrize("turn, degrees", [(Image.Transpose.ROTATE_90, 90), (Image.Transpose.ROTATE_180, 180),
                                           (Image.Transpose.ROTATE_270, 270)])
def test_a_box_found_on_a_turned_page_is_put_back_where_it_lies_on_the_scan(turn, degrees):
    from pipeline.reading import _turned_back

    page = Image.new("L", (300, 200), 255)
    ImageDraw.Draw(page).rectangle((50, 30, 119, 59), fill=0)
    found = ImageOps.invert(page.transpose(turn)).getbbox()
    assert _turned_back(found, page.size, degrees) == (50, 30, 120, 60)


def test_a_page_fed_in_badly_askew_is_read_levelled_with_its_boxes_on_the_scan(monkeypatch):
    """At 7 degrees Tesseract splices each line with its neighbours' ends at a confidence
    that gives no sign of it, and the project code is lost; read levelled, the code line
    reads whole, and its box lies where the line lies on the page as scanned."""
    import pipeline.reading as reading
    from pipeline.ocr_settings import OcrSettings
    from pipeline.values import parse_project_code

    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    code = next(c["project_code"] for f in truth["files"] if f["files"] == ["report_b_copy1.pdf"] for c in f["copies"])
    page = render_page(REPORT_B, 1, 300).rotate(7, resample=Image.BICUBIC, fillcolor=255)
    levelled = reading.read_oriented_page(page, OcrSettings()).lines
    code_lines = [ln for ln in levelled if parse_project_code(ln.text) == code]
    assert code_lines, [ln.text for ln in levelled[:8]]
    left, top, right, bottom = code_lines[0].box
    ink = np.asarray(page.crop((left, top, right, bottom)).convert("L")) < 128
    assert ink.mean() > 0.02  # the box is on the line's print, not where the levelled page had it
    monkeypatch.setattr(reading, "TILT_SUSPECT_DEG", 90.0)
    as_lying = reading.read_oriented_page(page, OcrSettings()).lines
    assert reading.mean_confidence(levelled) > reading.mean_confidence(as_lying)
