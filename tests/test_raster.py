"""pipeline/raster.py: both PDF renderers give the page at the asked resolution, ink where it was printed."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest
from PIL import Image, ImageDraw

from pipeline.raster import rasterise, render_page

DPI = 300
RENDERERS = ["poppler"] + (["pdfium"] if importlib.util.find_spec("pypdfium2") else [])


@pytest.fixture()
def pdf(tmp_path):
    """A one-page A4 PDF scanned at 200 dpi with one black bar, and the bar's box at 200 dpi."""
    page = Image.new("L", (1654, 2339), 255)
    bar = (200, 300, 1000, 340)
    ImageDraw.Draw(page).rectangle(bar, fill=0)
    path = tmp_path / "scan.pdf"
    page.save(path, resolution=200)
    return path, bar


@pytest.mark.parametrize("renderer", RENDERERS)
@pytest.mark.parametrize("dpi", [200, 300])
def test_a_pdf_page_comes_back_grey_at_the_dpi_asked_with_its_ink_in_place(pdf, renderer, dpi):
    path, bar = pdf
    image = render_page(path, 1, dpi, renderer=renderer)
    assert image.mode == "L"
    assert abs(image.width - 8.27 * dpi) <= 2 and abs(image.height - 11.695 * dpi) <= 2
    scale = dpi / 200
    pixels = np.asarray(image)
    inner = pixels[int(bar[1] * scale) + 3:int(bar[3] * scale) - 3, int(bar[0] * scale) + 3:int(bar[2] * scale) - 3]
    assert inner.max() < 60 and pixels[:int(bar[1] * scale) - 5].min() > 200


def test_the_two_renderers_agree_on_almost_every_pixel(pdf):
    if len(RENDERERS) < 2:
        pytest.skip("pypdfium2 is not installed")
    path, _ = pdf
    a, b = (np.asarray(render_page(path, 1, DPI, renderer=r)) for r in RENDERERS)
    h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    differ = np.abs(a[:h, :w].astype(int) - b[:h, :w].astype(int)) > 64
    assert differ.mean() < 0.001


def test_an_image_keeps_its_own_pixels_whatever_the_dpi(tmp_path):
    path = tmp_path / "scan.png"
    Image.new("RGB", (300, 200), (255, 0, 0)).save(path)
    image = render_page(path, 1, 600)
    assert image.mode == "L" and image.size == (300, 200)


def test_poppler_gives_the_pixels_pdf2image_gave(pdf):
    """The same pdftoppm options as pdf2image used: the same pixels, so cached pages and
    accuracy figures made before still hold."""
    from pdf2image import convert_from_path

    path, _ = pdf
    (before,) = convert_from_path(str(path), dpi=DPI, first_page=1, last_page=1, grayscale=True)
    assert np.array_equal(np.asarray(render_page(path, 1, DPI, renderer="poppler")), np.asarray(before))


def test_a_damaged_pdf_page_raises_with_popplers_message(tmp_path):
    from pipeline.raster import RasterError

    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot a pdf any more\n")
    with pytest.raises(RasterError, match="pdftoppm"):
        render_page(bad, 1, DPI)


needs_pdfium = pytest.mark.skipif(importlib.util.find_spec("pypdfium2") is None, reason="pypdfium2 is not installed")


def _scan_pdf(tmp_path, mode: str, dpi: int):
    """A one-page A4 PDF that is one scanned image in `mode` at `dpi`, with text-like ink."""
    page = Image.new("L", (round(8.27 * dpi), round(11.69 * dpi)), 255)
    draw = ImageDraw.Draw(page)
    for row in range(10):
        for col in range(20):
            x, y = 100 + col * 60 * dpi // 300, 200 + row * 120 * dpi // 300
            draw.rectangle((x, y, x + 30 * dpi // 300, y + 40 * dpi // 300), fill=0)
    path = tmp_path / f"scan-{mode}-{dpi}.pdf"
    page.convert(mode).save(path, resolution=dpi)
    return path


@needs_pdfium
@pytest.mark.parametrize("mode", ["1", "L", "RGB"])
def test_a_page_that_is_one_scan_at_the_asked_dpi_keeps_the_pixels_poppler_renders(tmp_path, mode):
    from pipeline.raster import _embedded_scan

    path = _scan_pdf(tmp_path, mode, DPI)
    own, scanned_at = _embedded_scan(path, 1, DPI)
    assert own is not None and own.mode == "L" and abs(scanned_at - DPI) < 1
    a, b = np.asarray(own).astype(int), np.asarray(render_page(path, 1, DPI)).astype(int)
    h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    assert abs(a.shape[0] - b.shape[0]) <= 1 and abs(a.shape[1] - b.shape[1]) <= 1
    assert (np.abs(a[:h, :w] - b[:h, :w]) > 64).mean() < 0.002


@needs_pdfium
def test_a_scan_at_another_resolution_is_rendered_at_the_one_asked(tmp_path):
    from pipeline.raster import _embedded_scan

    path = _scan_pdf(tmp_path, "L", 200)
    own, scanned_at = _embedded_scan(path, 1, DPI)
    assert own is None and abs(scanned_at - 200) < 1
    assert _embedded_scan(path, 1, 200)[0] is not None
    image, scanned_at = rasterise(path, 1, DPI)
    assert abs(image.width - 8.27 * DPI) <= 2 and abs(scanned_at - 200) < 1


@needs_pdfium
def test_a_turned_page_or_one_with_more_than_its_scan_is_rendered(tmp_path):
    """Page rotation, or anything drawn beside the image, changes what the page shows:
    those pages go to the renderer."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    from pipeline.raster import _embedded_scan

    source = _scan_pdf(tmp_path, "L", DPI)
    turned, stamped = tmp_path / "turned.pdf", tmp_path / "stamped.pdf"
    pdf = pypdfium2.PdfDocument(str(source))
    pdf[0].set_rotation(90)
    pdf.save(str(turned))
    pdf.close()
    pdf = pypdfium2.PdfDocument(str(source))
    stamp = pdfium_c.FPDFPageObj_CreateNewRect(100, 100, 50, 50)  # a black square, as a stamp or a redaction
    pdfium_c.FPDFPageObj_SetFillColor(stamp, 0, 0, 0, 255)
    pdfium_c.FPDFPath_SetDrawMode(stamp, pdfium_c.FPDF_FILLMODE_ALTERNATE, 0)
    sheet = pdf[0]
    pdfium_c.FPDFPage_InsertObject(sheet.raw, stamp)
    pdfium_c.FPDFPage_GenerateContent(sheet.raw)
    pdf.save(str(stamped))
    sheet.close()
    pdf.close()
    for path in (turned, stamped):
        assert _embedded_scan(path, 1, DPI) == (None, None)
    assert render_page(turned, 1, DPI).width > render_page(turned, 1, DPI).height
    assert np.asarray(render_page(stamped, 1, DPI))[-(100 + 25) * DPI // 72, (100 + 25) * DPI // 72] < 200


@pytest.mark.parametrize("suffix", [".tif", ".png"])
def test_a_16_bit_greyscale_scan_keeps_its_ink(tmp_path, suffix):
    """Pillow's own conversion clips 16-bit levels at 255: the page came out white."""
    page = Image.new("L", (400, 300), 255)
    ImageDraw.Draw(page).rectangle((50, 50, 200, 120), fill=0)
    ImageDraw.Draw(page).rectangle((220, 50, 350, 120), fill=128)
    deep = Image.fromarray(np.asarray(page).astype(np.uint16) * 257)
    path = tmp_path / f"scan16{suffix}"
    deep.save(path)
    assert Image.open(path).mode.startswith("I")
    image, _ = rasterise(path, 1, 300)
    assert image.mode == "L" and np.array_equal(np.asarray(image), np.asarray(page))
