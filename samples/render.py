"""Render printed-form text into scanned-looking PDF pages, for tests and benchmarks.

Thai government documents are set in TH Sarabun; Laksaman (fonts-thai-tlwg) is its free
lookalike. Pillow with raqm shapes Thai marks correctly. Run as a script to regenerate
the committed sample scans of the seed's copies:
    .venv/bin/python samples/render.py
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import regex
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")
SEED = ROOT / "samples" / "text" / "000_d000cb5bc4147d98.txt"
A4_INCHES = (8.27, 11.69)


def fit_line(line: str, font: ImageFont.FreeTypeFont, width: float, breaks: str = "spaces") -> list[str]:
    """Return `line` broken into pieces no wider than `width` pixels; an empty line stays
    one empty piece. With `breaks` "spaces" a line breaks at spaces only (one overlong
    word between grapheme clusters), as a renderer without Thai line breaking does; with
    "words" at any word boundary too (_word_pieces)."""
    if breaks == "words":
        return _word_pieces(line, font, width)
    pieces: list[str] = []
    current = ""
    for word in line.split(" "):
        trial = f"{current} {word}" if current else word
        if font.getlength(trial) <= width:
            current = trial
            continue
        if current:
            pieces.append(current)
        current = _set_from_start(word, font, width, pieces)
    return [*pieces, current]


def _set_from_start(text: str, font: ImageFont.FreeTypeFont, width: float, pieces: list[str]) -> str:
    """Set `text` from the start of a line, broken between grapheme clusters where it is
    wider than `width`: append every full line to `pieces` and return what is left."""
    current = ""
    for cluster in regex.findall(r"\X", text):
        if current and font.getlength(current + cluster) > width:
            pieces.append(current)
            current = ""
        current += cluster
    return current


def _word_pieces(line: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Return `line` broken as a word processor or a browser sets Thai: at any word
    boundary (pythainlp's newmm) or space, a space a break falls on left out; one
    overlong word between grapheme clusters."""
    from pythainlp.tokenize import word_tokenize

    pieces: list[str] = []
    current = ""
    for unit in word_tokenize(line, engine="newmm", keep_whitespace=True):
        trial = current + unit
        if font.getlength(trial.rstrip(" ")) <= width:
            current = trial
            continue
        if current.strip():
            pieces.append(current.rstrip(" "))
        current = _set_from_start(unit.lstrip(" "), font, width, pieces)
    return [*pieces, current.rstrip(" ")]


def _font(dpi: int, point_size: int, font: Path = FONT) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font), int(point_size / 72 * dpi))


def layout_pages(lines: Sequence[str], dpi: int = 200, point_size: int = 16, font: Path = FONT,
                 breaks: str = "spaces") -> list[list[str]]:
    """Return the printed lines of each A4 page: `lines` wrapped to the text width (0.8
    inch side margins, one inch top and bottom; where they may break: fit_line's
    `breaks`) and cut into pages. The page header is not included."""
    face = _font(dpi, point_size, font)
    width, height = int(A4_INCHES[0] * dpi), int(A4_INCHES[1] * dpi)
    wrapped = [w for line in lines for w in fit_line(line, face, width - 1.6 * dpi, breaks)]
    per_page = (height - 2 * dpi) // int(face.size * 1.5)
    return [wrapped[start:start + per_page] for start in range(0, len(wrapped), per_page)]


def render_pages(
    lines: Sequence[str], dpi: int = 200, point_size: int = 16, header: str | None = None, font: Path = FONT,
    breaks: str = "spaces",
) -> list[Image.Image]:
    """Return A4 greyscale pages holding `lines` as layout_pages arranges them.

    A `header` is printed in the top margin of every page, as the BMA system prints the
    form's title on each page; `font` is the typeface's file (Laksaman unless told).
    """
    face = _font(dpi, point_size, font)
    width, height = int(A4_INCHES[0] * dpi), int(A4_INCHES[1] * dpi)
    step = int(face.size * 1.5)
    pages = []
    for printed in layout_pages(lines, dpi, point_size, font, breaks):
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        if header:
            draw.text((int(0.8 * dpi), dpi // 2), header, font=face, fill=0)
        for i, line in enumerate(printed):
            draw.text((int(0.8 * dpi), dpi + i * step), line, font=face, fill=0)
        pages.append(page)
    return pages


def save_pdf(pages: Sequence[Image.Image], path: Path, dpi: int = 200) -> Path:
    """Write pages as one PDF of bilevel images (as a fax-mode scanner would); return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    bilevel = [p.point(lambda v: 255 if v > 150 else 0).convert("1") for p in pages]
    bilevel[0].save(path, save_all=True, append_images=bilevel[1:], resolution=dpi)
    return path


def seed_copies() -> list[list[str]]:
    """The seed's copies as printed lines (layout markup removed), in file order."""
    sys.path.insert(0, str(ROOT))
    from pipeline.ingest import text_lines
    from pipeline.layout import cells
    from pipeline.segment import split_witnesses
    from pipeline.template import load_template

    text = SEED.read_text(encoding="utf-8")
    raw = text.splitlines()
    starts = [w.start.line - 1 for w in split_witnesses(text_lines(text, "seed"), load_template())]
    cuts = [0, *starts[1:], len(raw)]
    return [[c for line in raw[a:b] for c in cells(line)] for a, b in zip(cuts, cuts[1:])]


def main() -> None:
    """Render the seed's first three copies to samples/scans/seed/seed_copy{1,2,3}.pdf."""
    for k, lines in enumerate(seed_copies()[:3], start=1):
        path = save_pdf(render_pages(lines), ROOT / "samples" / "scans" / "seed" / f"seed_copy{k}.pdf")
        print(path.relative_to(ROOT), path.stat().st_size // 1024, "KiB")


if __name__ == "__main__":
    main()
