"""Clean a scanned page image before OCR: deskew, despeckle, binarise, clear the margins.

Each step is a function Image -> Image on a greyscale page, named in STEPS so a run can
choose them (`--preprocess`). Which steps are on by default is decided by measurement
(bench/preprocess.py on noisy pages with known text), not by taste: a step stays in
DEFAULT_STEPS only if it lowers the character error rate there.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from PIL import Image, ImageOps

MAX_SKEW_DEG = 3.0
MARGIN_FRACTION = 0.02


def otsu_threshold(pixels: np.ndarray) -> int:
    """Return the grey level that best splits a page into ink and paper (Otsu's method)."""
    hist = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    levels = np.arange(256)
    weight_dark = np.cumsum(hist)
    weight_light = weight_dark[-1] - weight_dark
    sum_dark = np.cumsum(hist * levels)
    mean_dark = sum_dark / np.maximum(weight_dark, 1)
    mean_light = (sum_dark[-1] - sum_dark) / np.maximum(weight_light, 1)
    between = weight_dark * weight_light * (mean_dark - mean_light) ** 2
    return int(np.argmax(between))


def binarize(image: Image.Image) -> Image.Image:
    """Return the page in pure black and white at its Otsu threshold (greyscale mode)."""
    pixels = np.asarray(image.convert("L"))
    return Image.fromarray(np.where(pixels > otsu_threshold(pixels), 255, 0).astype(np.uint8))


def _median3(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    return np.maximum(np.minimum(a, b), np.minimum(np.maximum(a, b), c))


def median3x3(pixels: np.ndarray) -> np.ndarray:
    """Return the 3x3 median of a 2-D array, edges repeated outwards: the same pixels as
    Pillow's MedianFilter(3), in about half its time on a page (no per-pixel sort).

    Each column of three is sorted once (min, median, max of rows i-1, i, i+1); the
    median of a 3x3 window is then the median of (the largest of its three column
    minima, the median of its column medians, the smallest of its column maxima).
    """
    padded = np.pad(pixels, 1, mode="edge")
    a, b, c = padded[:-2], padded[1:-1], padded[2:]
    low, mid, high = np.minimum(np.minimum(a, b), c), _median3(a, b, c), np.maximum(np.maximum(a, b), c)
    w = pixels.shape[1]
    return _median3(np.maximum(np.maximum(low[:, :w], low[:, 1:w + 1]), low[:, 2:]),
                    _median3(mid[:, :w], mid[:, 1:w + 1], mid[:, 2:]),
                    np.minimum(np.minimum(high[:, :w], high[:, 1:w + 1]), high[:, 2:]))


def despeckle(image: Image.Image) -> Image.Image:
    """Return the page through a 3x3 median filter, which removes isolated specks."""
    return Image.fromarray(median3x3(np.asarray(image.convert("L"))))


def _profile_score(ink: np.ndarray) -> float:
    rows = ink.sum(axis=1).astype(np.float64)
    return float(np.sum(np.diff(rows) ** 2))


def skew_angle(image: Image.Image, step: float = 0.1, limit: float = MAX_SKEW_DEG) -> float:
    """Return the rotation in degrees that makes the text lines horizontal.

    Text lines give the row-sum profile of the ink sharp peaks when level; the angle
    whose rotated profile changes most sharply from row to row wins. Searched on a
    reduced copy of the page, coarse then fine, within `limit` degrees either way.
    """
    small = image.convert("L")
    small = small.resize((max(1, small.width // 3), max(1, small.height // 3)))
    threshold = otsu_threshold(np.asarray(small))
    ink = small.point(lambda v: 255 if v <= threshold else 0)

    def score(angle: float) -> float:
        return _profile_score(np.asarray(ink.rotate(angle, resample=Image.NEAREST, fillcolor=0)) > 0)

    coarse = max(np.arange(-limit, limit + 1e-9, 0.5), key=score)
    fine = np.arange(coarse - 0.5, coarse + 0.5 + 1e-9, step)
    return round(float(max(fine, key=score)), 2)


def deskew_by(image: Image.Image) -> tuple[Image.Image, float]:
    """Return the page rotated so its text lines are level, and the angle it was turned
    by (0.0 when it was level already; see skew_angle)."""
    angle = skew_angle(image)
    if abs(angle) < 0.05:
        return image.convert("L"), 0.0
    return image.convert("L").rotate(angle, resample=Image.BICUBIC, fillcolor=255), angle


def deskew(image: Image.Image) -> Image.Image:
    """Return the page rotated so its text lines are level (see skew_angle)."""
    return deskew_by(image)[0]


def clear_margins(image: Image.Image) -> Image.Image:
    """Return the page with a thin band at each edge painted white, where scanners leave
    dark borders and punch holes that OCR reads as stray letters."""
    grey = image.convert("L")
    band = max(1, int(min(grey.size) * MARGIN_FRACTION))
    inner = grey.crop((band, band, grey.width - band, grey.height - band))
    return ImageOps.expand(inner, border=band, fill=255)


STEPS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "deskew": deskew,
    "despeckle": despeckle,
    "binarize": binarize,
    "margins": clear_margins,
}
DEFAULT_STEPS: tuple[str, ...] = ("despeckle",)


def parse_steps(text: str) -> tuple[str, ...]:
    """Return the step names in a comma-separated list ("" or "none" for no steps).

    Raises ValueError naming the unknown step and the known ones.
    """
    names = tuple(n.strip() for n in text.split(",") if n.strip() and n.strip() != "none")
    unknown = [n for n in names if n not in STEPS]
    if unknown:
        raise ValueError(f"unknown preprocessing step {unknown[0]!r}; choose from {', '.join(STEPS)} or none")
    return names


def preprocess(image: Image.Image, steps: Sequence[str]) -> Image.Image:
    """Return the page after each named step in order (the page itself when none)."""
    return preprocess_page(image, steps)[0]


def preprocess_page(image: Image.Image, steps: Sequence[str]) -> tuple[Image.Image, float]:
    """Return the page after each named step in order, and the degrees it was rotated
    (counter-clockwise, about its centre) by deskewing: what maps a box found on the
    cleaned page back onto the page as scanned (see unrotate_box). Deskew is the only
    step that moves ink; the others keep the page's size and geometry."""
    rotated = 0.0
    for name in steps:
        if name == "deskew":
            image, angle = deskew_by(image)
            rotated += angle
        else:
            image = STEPS[name](image)
    return image, rotated


def unrotate_box(box: tuple[int, int, int, int], angle: float, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """Return the box (left, top, right, bottom) on a page of `size` that was rotated by
    `angle` degrees (PIL's Image.rotate: counter-clockwise about the centre, same size)
    mapped back onto the unrotated page: the smallest upright box holding its corners."""
    if not angle:
        return box
    cx, cy = size[0] / 2, size[1] / 2
    rad = math.radians(angle)
    cos, sin = math.cos(rad), math.sin(rad)
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        dx, dy = x - cx, y - cy
        # On screen (y down), rotating the page by +angle moved a point p to
        # c + [[cos, sin], [-sin, cos]] (p - c); this applies the inverse.
        xs.append(cx + cos * dx - sin * dy)
        ys.append(cy + sin * dx + cos * dy)
    return (max(0, math.floor(min(xs))), max(0, math.floor(min(ys))),
            min(size[0], math.ceil(max(xs))), min(size[1], math.ceil(max(ys))))
