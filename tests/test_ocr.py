"""The OCR front end with the real Tesseract on pages rendered here with a Thai font."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.api import reconcile
from pipeline.cli import main
from pipeline.errors import MissingDependencyError
from pipeline.ocr import OcrSettings, OcrStats, ocr_pages
from pipeline.tesseract import tesseract_version
from pipeline.tsv import lines_from_output

FONT = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")
LINES = [
    "แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ",
    "1. ชื่อโครงการและหน่วยงานที่รับผิดชอบโครงการ",
    "1.1 รหัสโครงการและชื่อโครงการ",
    "ชื่อโครงการ/กิจกรรม : โครงการพัฒนาคุณภาพเครือข่ายโรงเรียน",
    "รหัสโครงการ : 50210000-3491",
    "งบประมาณที่ได้รับ : 270,000 บาท",
    "1.2 หน่วยงานที่รับผิดชอบ",
    "ผู้ประสานงาน สยป : นายวรวิทย์ เทียงธรรม โทร 1512",
]


def render(path: Path) -> Path:
    font = ImageFont.truetype(str(FONT), 44)
    im = Image.new("L", (2480, 1100), 255)
    draw = ImageDraw.Draw(im)
    for i, line in enumerate(LINES):
        draw.text((150, 100 + i * 110), line, font=font, fill=0)
    im.save(path, resolution=300)
    return path


@pytest.fixture(scope="module")
def page_png(tmp_path_factory):
    if not FONT.exists():
        pytest.fail("fonts-thai-tlwg is missing: run `make setup`")
    return render(tmp_path_factory.mktemp("scan") / "page.png")


def test_real_tesseract_reads_a_rendered_thai_page(page_png, tmp_path):
    settings = OcrSettings(tesseract=tesseract_version("tha+eng"))
    (page,) = list(ocr_pages([page_png], settings, 1, tmp_path / "c.sqlite"))
    texts = [ln.text for ln in page.lines]
    assert "รหัสโครงการ : 50210000-3491" in texts
    assert any("นายวรวิทย์ เทียงธรรม" in t for t in texts)
    assert all(0.5 < ln.confidence <= 1 for ln in page.lines)


def test_second_run_reads_every_page_from_the_cache(page_png, tmp_path):
    settings = OcrSettings(tesseract=tesseract_version("tha+eng"))
    first, second = OcrStats(), OcrStats()
    a = list(ocr_pages([page_png], settings, 1, tmp_path / "c.sqlite", stats=first))
    b = list(ocr_pages([page_png], settings, 1, tmp_path / "c.sqlite", stats=second))
    assert (first.cached, second.cached) == (0, 1)
    assert a == b


def test_scanned_page_reconciles_with_its_fields(page_png, tmp_path):
    pdf = tmp_path / "copy.pdf"
    Image.open(page_png).save(pdf, resolution=300)
    result = reconcile([page_png, pdf], cache=tmp_path / "c.sqlite", jobs=2)
    assert len(result.failures) == 0
    doc = result.documents.iloc[0]
    assert doc["project_code"] == "50210000-3491" and doc["n_witnesses"] == 2
    assert doc["coordinator_name"] == "นายวรวิทย์ เทียงธรรม"
    assert doc["budget_baht"] == 270000


def test_a_damaged_scan_is_a_failure_row_and_the_batch_goes_on(page_png, tmp_path):
    bad = tmp_path / "torn.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    result = reconcile([page_png, bad], cache=tmp_path / "c.sqlite")
    assert len(result.documents) == 1
    (row,) = result.failures.itertuples()
    assert row.source == str(bad) and row.stage == "ocr" and "torn.pdf" in row.error


def test_missing_language_pack_exits_3_with_install_hint(page_png, tmp_path, capsys):
    with pytest.raises(MissingDependencyError, match="tesseract-ocr-xyz"):
        tesseract_version("tha+xyz")
    assert main([str(page_png), "--out", str(tmp_path), "--lang", "tha+xyz", "--quiet"]) == 3
    assert "apt-get install tesseract-ocr-xyz" in capsys.readouterr().err


def test_text_keeps_tesseract_spacing_and_tsv_gives_confidence_and_box():
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "5\t1\t1\t1\t1\t1\t0\t0\t5\t5\t90\tก\n5\t1\t1\t1\t1\t2\t6\t0\t5\t5\t70\tข\n"
    )
    assert lines_from_output("ก ข\n\n", tsv) == [("ก ข", 0.8, (0, 0, 11, 5), ())]
    assert lines_from_output("ก ข\nค\n", tsv) == [("กข", 0.8, (0, 0, 11, 5), ())]


def test_line_boxes_fit_the_page_as_scanned_even_when_it_was_deskewed(page_png):
    """Boxes come back on the tilted page as rasterised, not on the levelled copy OCR
    read: cut from the scan at its box, a line reads back as itself."""
    import pytesseract
    from rapidfuzz import fuzz

    from pipeline.normalize import normalize_text
    from pipeline.reading import read_page

    tilted = Image.open(page_png).convert("L").rotate(2.0, resample=Image.BICUBIC, fillcolor=255, expand=False)
    lines = read_page(tilted, OcrSettings(preprocess=("despeckle", "deskew")))
    code = next(ln for ln in lines if "3491" in ln.text)
    assert code.box is not None
    crop = tilted.crop((code.box[0] - 8, code.box[1] - 8, code.box[2] + 8, code.box[3] + 8))
    read = normalize_text(pytesseract.image_to_string(crop.rotate(-2.0, expand=True, fillcolor=255), lang="tha+eng"))
    assert fuzz.partial_ratio("รหัสโครงการ : 50210000-3491", read) >= 90, read


def test_reading_with_one_job_leaves_the_callers_environment_and_pillow_limit_alone(page_png, tmp_path, monkeypatch):
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    limit = Image.MAX_IMAGE_PIXELS
    (page,) = list(ocr_pages([page_png], OcrSettings(tesseract=tesseract_version("tha+eng")), 1, None))
    assert page.lines
    assert "OMP_THREAD_LIMIT" not in os.environ and Image.MAX_IMAGE_PIXELS == limit


def test_importing_the_pipeline_sets_no_global_pillow_limit():
    code = ("from PIL import Image; before = Image.MAX_IMAGE_PIXELS; import pipeline.api, pipeline.ocr, "
            "pipeline.crops; assert Image.MAX_IMAGE_PIXELS == before, Image.MAX_IMAGE_PIXELS")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_the_log_says_per_page_whether_it_was_read_or_came_from_the_cache(page_png, tmp_path, caplog):
    """Read in this process (a worker's records go to its own handlers, not to caplog's)."""
    from pipeline.executor import Executor

    caplog.set_level(logging.DEBUG, logger="pipeline")
    settings = OcrSettings(tesseract=tesseract_version("tha+eng"))
    list(ocr_pages([page_png], settings, 1, tmp_path / "c.sqlite", executor=Executor()))
    list(ocr_pages([page_png], settings, 1, tmp_path / "c.sqlite", executor=Executor()))
    said = [r.getMessage() for r in caplog.records]
    assert any(m.startswith(f"{page_png} page 1: OCR,") for m in said)
    assert any(m.startswith(f"{page_png} page 1: from the cache") for m in said)
    assert any("in the cache by its file's bytes" in m for m in said)
    assert any(m.startswith("preprocessed (despeckle)") for m in said)


def test_a_page_task_is_a_frozen_record_and_a_missing_file_is_an_error_not_an_exception(tmp_path):
    import dataclasses

    from pipeline.page_task import PageTask, ocr_task

    task = PageTask("gone.png", 1, str(tmp_path / "gone.png"), OcrSettings())
    with pytest.raises(dataclasses.FrozenInstanceError):
        task.page = 2  # type: ignore[misc]
    result = ocr_task(task)
    assert result.lines == () and "gone.png page 1: the file was not found" in result.error


def test_an_image_too_small_to_hold_a_page_is_named_not_read(tmp_path):
    """A 1 x 1 image (a thumbnail saved among the scans) was "about 0 dpi; upscaled"."""
    from PIL import Image

    from pipeline.page_task import PageTask, ocr_task

    path = tmp_path / "tiny.png"
    Image.new("L", (1, 1), 255).save(path)
    result = ocr_task(PageTask("tiny.png", 1, str(path), OcrSettings()))
    assert result.lines == () and "tiny.png page 1: only 1 x 1 pixels, too small" in result.error
    assert not result.notes


def test_a_pool_reads_pages_without_the_main_process_checking_the_engine_first(page_png, tmp_path, monkeypatch):
    """The engine is each worker's own business: the main process starts no check before
    the first page goes out (a check that fails here would stop the run)."""
    from pipeline import tesseract

    def no_check_here() -> str:
        raise AssertionError("the engine was checked in the main process")

    monkeypatch.setattr(tesseract, "_tesserocr_library", no_check_here)
    tesseract.worker_engine.cache_clear()
    try:
        (page,) = list(ocr_pages([page_png], OcrSettings(tesseract=tesseract_version("tha+eng")), 2, None))
    finally:
        tesseract.worker_engine.cache_clear()
    assert "รหัสโครงการ : 50210000-3491" in [ln.text for ln in page.lines]


def test_a_pool_runs_the_callers_later_work_once_while_its_last_pages_are_read(page_png, tmp_path):
    settings = OcrSettings(tesseract=tesseract_version("tha+eng"))
    calls = []
    pages = list(ocr_pages([page_png, page_png], settings, 2, None, when_idle=lambda: calls.append(1)))
    assert len(pages) == 2 and all(p.lines for p in pages) and calls == [1]
    alone = list(ocr_pages([page_png], settings, 1, None, when_idle=lambda: calls.append(2)))
    assert alone[0].lines and calls == [1]


def test_the_language_model_is_made_while_the_last_scanned_page_is_read(page_png, tmp_path, caplog):
    """The model the vote needs is read or built in the main process while the pool reads
    the last pages (a core is idle then), not after the last page, when both are."""
    pdf = tmp_path / "copy.pdf"
    Image.open(page_png).save(pdf, resolution=300)
    caplog.set_level(logging.DEBUG, logger="pipeline")
    reconcile([page_png, pdf], cache=tmp_path / "c.sqlite", jobs=2)
    said = [r.getMessage() for r in caplog.records]
    made = next(i for i, m in enumerate(said) if m.startswith("language model stored at"))
    last_page = next(i for i, m in enumerate(said) if m.startswith(f"{pdf} page 1: OCR,"))
    assert made < last_page


def test_a_pages_weight_is_the_bytes_of_its_image_in_the_file(page_png, tmp_path):
    """What reading a page will cost is estimated from the file, before a pixel is decoded:
    a page of print weighs more than a blank one, in a PDF and in a TIFF; a file that
    cannot be read weighs nothing (its pages keep their order) and raises nothing."""
    from pipeline.scans import page_weights

    text, blank = Image.open(page_png).convert("L"), Image.new("L", (2480, 1100), 255)
    pdf, tif = tmp_path / "two.pdf", tmp_path / "two.tif"
    blank.save(pdf, save_all=True, append_images=[text], resolution=300)
    blank.convert("1").save(tif, save_all=True, append_images=[text.convert("1")], compression="group4")
    for path in (pdf, tif):
        weights = page_weights(str(path))
        assert set(weights) == {1, 2} and weights[2] > 2 * weights[1] > 0, (path, weights)
    (tmp_path / "cut.pdf").write_bytes(pdf.read_bytes()[:300])
    assert page_weights(str(tmp_path / "cut.pdf")) == {}


def test_the_front_end_gives_the_pool_each_pages_weight_as_its_priority(page_png, tmp_path):
    """The pool is told each page's weight (scans.page_weights) as its priority; here it
    only records what it is given and reads nothing."""
    from pipeline.executor import Executor, Outcome
    from pipeline.scans import page_weights

    class Recorder(Executor):
        def imap(self, fn, items, **kw):
            self.priority, self.tasks = kw["priority"], list(items)
            return iter([Outcome(task, error="not read") for task in self.tasks])

    pdf = tmp_path / "two.pdf"
    Image.new("L", (800, 600), 255).save(pdf, save_all=True, append_images=[Image.open(page_png).convert("L")])
    recorder = Recorder()
    list(ocr_pages([pdf], OcrSettings(), 2, None, executor=recorder))
    weights = page_weights(str(pdf))
    assert [recorder.priority(task) for task in recorder.tasks] == [weights[1], weights[2]]
    assert weights[2] > weights[1] > 0
