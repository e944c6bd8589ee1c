import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.preprocess import STEPS, binarize, clear_margins, despeckle, otsu_threshold, parse_steps, preprocess, skew_angle

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "samples"))
from render import render_pages  # noqa: E402


@pytest.fixture(scope="module")
def page():
    lines = ["ชื่อโครงการ/กิจกรรม : โครงการพัฒนาคุณภาพเครือข่ายโรงเรียน"] * 12
    return render_pages(lines, dpi=150)[0]


@pytest.mark.parametrize("angle", [-1.6, -0.5, 0.8, 2.0])
def test_skew_angle_finds_the_rotation_of_a_printed_page(page, angle):
    tilted = page.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    assert abs(skew_angle(tilted) + angle) <= 0.15


def test_otsu_splits_ink_from_paper_and_binarize_leaves_two_levels():
    pixels = np.array([[30] * 10 + [220] * 30], dtype=np.uint8)
    assert 30 <= otsu_threshold(pixels) < 220
    grey = Image.fromarray(np.tile(np.arange(0, 256, dtype=np.uint8), (4, 1)))
    assert set(np.unique(np.asarray(binarize(grey)))) == {0, 255}


def test_despeckle_removes_an_isolated_dot_and_keeps_a_stroke():
    im = Image.new("L", (30, 30), 255)
    im.putpixel((5, 5), 0)
    for x in range(10, 20):
        for y in range(10, 14):
            im.putpixel((x, y), 0)
    out = despeckle(im)
    assert out.getpixel((5, 5)) == 255 and out.getpixel((15, 12)) == 0


def test_clear_margins_whitens_the_border_only():
    im = Image.new("L", (200, 200), 0)
    out = clear_margins(im)
    assert out.size == im.size and out.getpixel((0, 0)) == 255 and out.getpixel((100, 100)) == 0


def test_steps_are_parsed_checked_and_applied_in_order(page):
    assert parse_steps("deskew, despeckle") == ("deskew", "despeckle")
    assert parse_steps("none") == () == parse_steps("")
    with pytest.raises(ValueError, match="unknown preprocessing step 'blur'"):
        parse_steps("deskew,blur")
    assert preprocess(page, ()) is page
    assert set(STEPS) == {"deskew", "despeckle", "binarize", "margins"}


@pytest.mark.parametrize("angle", [-2.5, 1.2, 10.0])
def test_a_box_on_the_rotated_page_maps_back_onto_the_scan(angle):
    from PIL import ImageDraw

    from pipeline.preprocess import unrotate_box

    scan = Image.new("L", (800, 600), 255)
    ImageDraw.Draw(scan).rectangle((600, 100, 640, 120), fill=0)
    ys, xs = np.nonzero(np.asarray(scan.rotate(angle, resample=Image.NEAREST, fillcolor=255)) < 128)
    left, top, right, bottom = unrotate_box((int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1), angle, scan.size)
    assert left <= 600 and top <= 100 and right >= 641 and bottom >= 121
    assert right - left < 41 + 20 and bottom - top < 21 + 20


def test_preprocess_page_reports_the_deskew_rotation(page):
    from pipeline.preprocess import preprocess_page

    tilted = page.rotate(1.5, resample=Image.BICUBIC, fillcolor=255)
    _, angle = preprocess_page(tilted, ("despeckle", "deskew"))
    assert abs(angle + 1.5) <= 0.15
    assert preprocess_page(tilted, ("despeckle",))[1] == 0.0


@pytest.mark.parametrize("shape", [(1, 1), (2, 3), (7, 5), (120, 97)])
@pytest.mark.parametrize("levels", [2, 5, 256])
def test_despeckle_gives_the_same_pixels_as_pillows_median_filter(shape, levels):
    from PIL import ImageFilter

    pixels = np.random.default_rng(sum(shape) * levels).integers(0, levels, shape, dtype=np.uint8)
    image = Image.fromarray(pixels)
    assert np.array_equal(np.asarray(despeckle(image)), np.asarray(image.filter(ImageFilter.MedianFilter(3))))


def test_despeckle_gives_the_same_pixels_as_pillow_on_a_page(page):
    from PIL import ImageFilter

    grey = page.convert("L")
    assert np.array_equal(np.asarray(despeckle(grey)), np.asarray(grey.filter(ImageFilter.MedianFilter(3))))
