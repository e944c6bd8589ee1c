"""pipeline/raster.py: both PDF renderers give the page at the asked resolution, ink where it was printed."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest
from PIL import Image, ImageDraw

from pipeline.raster import render_page

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
