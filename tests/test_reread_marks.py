import logging
import random
import sys
from pathlib import Path

import pytest

from pipeline.mark_lines import mark_strips
from pipeline.ocr_settings import OcrSettings
from pipeline.reading import ocr_image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "samples"))

TYPEWRITER = Path("/usr/share/fonts/truetype/tlwg/TlwgTypo.ttf")  # sets its upper marks high above the letters
PRINTED = ["1.2 หน่วยงานที่รับผิดชอบ",
           "หน่วยงานที่รับผิดชอบ : สำนักงานเขตสาทร / ฝ่ายโยธา",
           "ชื่อผู้รับผิดชอบ : นายประภาสิริ เจริญสุข โทร 8346"]


@pytest.fixture(scope="module")
def typewriter_page():
    """Three lines of section 1 printed in a typewriter face at 200 dpi, as the pipeline
    reads such a scan (upscaled to 300 dpi, cleaned)."""
    from generate import NOISE, degrade
    from render import render_pages

    from pipeline.preprocess import preprocess_page

    image = degrade(render_pages(PRINTED, dpi=200, font=TYPEWRITER)[0], NOISE["clean"], random.Random(0))
    image = image.resize((image.width * 3 // 2, image.height * 3 // 2)).crop((0, 0, image.width * 3 // 2, 700))
    return preprocess_page(image, OcrSettings().preprocess)[0]


def test_a_line_whose_marks_are_read_apart_is_read_again_with_them(typewriter_page, caplog):
    caplog.set_level(logging.DEBUG, logger="pipeline.mark_lines")
    plain = ocr_image(typewriter_page, OcrSettings(reread_marks=False))
    assert mark_strips(plain) and not any(PRINTED[2].split()[0] in ln.text for ln in plain), \
        f"Tesseract now reads the marks with their line: this test shows nothing: {[ln.text for ln in plain]}"
    reread = ocr_image(typewriter_page, OcrSettings())
    assert [ln.text for ln in reread] == PRINTED
    assert not mark_strips(reread)
    assert any(r.getMessage().startswith("3 line(s) with their marks read apart: 3 re-read with them")
               for r in caplog.records), [r.getMessage() for r in caplog.records]


def test_a_re_read_tesseract_fails_on_leaves_the_page_as_first_read(typewriter_page, caplog):
    from pipeline.tesseract import Tesseract, TesseractError

    class FailsOnOneLine(Tesseract):
        def read(self, image, outputs=("txt",), psm=None, deadline=None):
            if psm == 7:
                raise TesseractError("Image too large")
            return super().read(image, outputs, psm, deadline)

    plain = ocr_image(typewriter_page, OcrSettings(reread_marks=False))
    got = ocr_image(typewriter_page, OcrSettings(), tesseract=FailsOnOneLine("tha+eng"))
    assert got == plain
    assert any("stay as first read" in r.getMessage() for r in caplog.records)
