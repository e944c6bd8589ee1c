"""pipeline/reading.py: what a page's reading says of the page, without Tesseract."""

import math

from pipeline.model import OcrLine
from pipeline.reading import box_tilt, mean_confidence


def _line(left, top, width, height):
    return OcrLine("ข้อความ", 0.9, (left, top, left + width, top + height))


def test_line_boxes_taller_than_level_lines_by_their_width_times_the_slope_say_the_page_lies_askew():
    level = [_line(200, 100 + 90 * i, 2000, 60) for i in range(20)] + [_line(200, 2000, 300, 60)] * 3
    assert box_tilt(level, 2480) < 0.5
    rise = round(2000 * math.tan(math.radians(6)))
    askew = [_line(200, 100 + 90 * i, 2000, 60 + rise) for i in range(20)] + [_line(200, 2000, 300, 60)] * 3
    assert 5.5 < box_tilt(askew, 2480) < 6.5
    assert box_tilt([_line(200, 100, 300, 200)], 2480) == 0.0  # no line as wide as a third of the page


def test_mean_confidence_weighs_lines_by_their_length():
    lines = [OcrLine("ab", 1.0, None), OcrLine("abcdef", 0.5, None)]
    assert mean_confidence(lines) == (2 * 1.0 + 6 * 0.5) / 8
    assert mean_confidence([]) == 0.0
