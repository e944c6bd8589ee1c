"""Inspect a scanned input before any pixel is decoded: what the file is, how many pages
it has, and which pages are too large to rasterise.

An empty file, a file that is not what its name says, a damaged, truncated or
password-protected PDF, and a page so large that rasterising it would exhaust memory (a
decompression bomb) each become one InputError saying what to do. PDFs are read with
poppler's pdfinfo; images with Pillow, header only. `page_weights` estimates how much
there is to read on each page from the same structure (pdfimages for a PDF).
"""

from __future__ import annotations

import functools
import re
import subprocess
import warnings
from pathlib import Path

from PIL import Image, ImageSequence

from .errors import InputError, MissingDependencyError

# A page may have at most this many pixels (an A4 page at 1200 dpi has 140 million, an A0
# page at 300 dpi 139 million); a file claiming more is refused before it is decoded.
MAX_PAGE_PIXELS = 150_000_000
INSPECT_TIMEOUT = 120.0  # seconds poppler may take to read a PDF's structure

_MAGIC = (
    (b"%PDF-", "PDF"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"GIF8", "GIF image"),
    (b"BM", "BMP image"),
    (b"PK\x03\x04", "ZIP archive (a Word, Excel or OpenDocument file?)"),
    (b"\xd0\xcf\x11\xe0", "Microsoft Office file (.doc or .xls)"),
    (b"{\\rtf", "RTF document"),
)
_SUFFIX_FOR = {"PDF": ".pdf", "JPEG image": ".jpg", "PNG image": ".png", "TIFF image": ".tif"}
_PAGE_SIZE = re.compile(r"^Page\s+(\d+)\s+size:\s+([\d.]+)\s+x\s+([\d.]+)\s+pts", re.MULTILINE)
_PAGES = re.compile(r"^Pages:\s+(\d+)", re.MULTILINE)


class TooManyPixels(Exception):
    """An image claims more than MAX_PAGE_PIXELS; raised before it is decoded."""


def sniff(head: bytes) -> str | None:
    """Return what the first bytes of a file say it is ("PDF", "JPEG image", ...), or None."""
    if b"%PDF-" in head[:1024]:  # a PDF may have junk before its header
        return "PDF"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html")):
        return "HTML page"
    if head and all(b >= 0x20 or b in b"\t\r\n" for b in head[:512]):
        return "text file"
    return None


def check_pixels(size: tuple[int, int], what: str) -> None:
    """Raise TooManyPixels when an image of `size` has more than MAX_PAGE_PIXELS."""
    if size[0] * size[1] > MAX_PAGE_PIXELS:
        raise TooManyPixels(f"{what} claims {size[0]:,} x {size[1]:,} pixels")


def open_image(path: Path) -> Image.Image:
    """Open an image's header only, refusing one larger than MAX_PAGE_PIXELS.

    Pillow's own bomb check (its global MAX_IMAGE_PIXELS, left as the caller set it)
    may warn or refuse first; its warning is silenced here because the explicit check
    decides, and its refusal is turned into TooManyPixels.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
    except Image.DecompressionBombError as exc:
        raise TooManyPixels(str(exc)) from exc
    try:
        check_pixels(image.size, "the image")
    except TooManyPixels:
        image.close()
        raise
    return image


def _misnamed(path: Path, kind: str | None, expected: str) -> str:
    what = f"it holds a {kind}" if kind else "its first bytes match no known file type"
    fix = (f"rename it to {path.stem}{_SUFFIX_FOR[kind]} and run again" if kind in _SUFFIX_FOR
           else f"export it again as a {expected}")
    return f"{path}: not a {expected} although it is named {path.suffix}: {what}; {fix}"


def _pixels_message(path: Path, page: int | None, width: float, height: float, why: str) -> str:
    where = f"{path} page {page}" if page else str(path)
    return (f"{where}: {why} {width:,.0f} x {height:,.0f} pixels, more than the {MAX_PAGE_PIXELS:,} a page may have "
            "(a decompression bomb, or a poster-size scan); it was refused before decoding: "
            "scan it again at a lower resolution" + (" or lower --dpi" if page and path.suffix.lower() == ".pdf" else ""))


def _pdfinfo(path: Path, timeout: float) -> str:
    """Return pdfinfo's report on every page of `path` (InputError naming the problem)."""
    try:
        proc = subprocess.run(["pdfinfo", "-f", "1", "-l", "1000000000", str(path)],
                              capture_output=True, timeout=timeout)
    except FileNotFoundError as exc:
        raise MissingDependencyError(
            "poppler's pdfinfo is not installed (PDFs need it): run `make setup` or `sudo apt-get install poppler-utils`"
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise InputError(f"{path}: poppler took longer than {timeout:g} s to read the PDF's structure; "
                         "the PDF may be damaged: open it in a PDF viewer and save or print it as a new PDF",
                         str(path), None, "ocr") from exc
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode == 0:
        return proc.stdout.decode("utf-8", "replace")
    if "Incorrect password" in err or "password" in err.lower():
        why = ("the PDF is password-protected (encrypted): save a copy without the password (for example "
               "`qpdf --decrypt --password=PASSWORD in.pdf out.pdf`) and run again")
    elif not _has_eof_marker(path):
        why = ("the PDF is truncated: it ends before the PDF's end marker (%%EOF), so the copy or download was cut "
               "short; copy it again from its source")
    else:
        first = next((ln.strip() for ln in err.splitlines() if ln.strip()), f"pdfinfo exit status {proc.returncode}")
        why = (f"the PDF is damaged (poppler: {first}); open it in a PDF viewer and save or print it as a new PDF, "
               "or scan the copy again")
    raise InputError(f"{path}: {why}", str(path), None, "ocr")


def _has_eof_marker(path: Path) -> bool:
    with open(path, "rb") as handle:
        handle.seek(max(0, path.stat().st_size - 2048))
        return b"%%EOF" in handle.read()


def _inspect_pdf(path: Path, dpi: int, timeout: float) -> tuple[int, dict[int, str]]:
    info = _pdfinfo(path, timeout)
    pages = _PAGES.search(info)
    n = int(pages.group(1)) if pages else 0
    if n == 0:
        raise InputError(f"{path}: the PDF has no pages", str(path), None, "ocr")
    bad = {}
    for m in _PAGE_SIZE.finditer(info):
        w, h = float(m.group(2)) / 72 * dpi, float(m.group(3)) / 72 * dpi
        if w * h > MAX_PAGE_PIXELS:
            bad[int(m.group(1))] = _pixels_message(path, int(m.group(1)), w, h, f"at {dpi} dpi the page would be")
    return n, bad


def _inspect_image(path: Path, kind: str | None) -> tuple[int, dict[int, str]]:
    try:
        with open_image(path) as im:
            bad = {}
            n = 0
            for n, frame in enumerate(ImageSequence.Iterator(im), start=1):
                w, h = frame.size
                if w * h > MAX_PAGE_PIXELS:
                    bad[n] = _pixels_message(path, n if n > 1 else None, w, h, "the image claims")
            return max(n, 1), bad
    except TooManyPixels as exc:
        dims = re.search(r"\((\d+) pixels\)", str(exc))
        count = f"{int(dims.group(1)):,} pixels" if dims else str(exc).removeprefix("the image claims ")
        raise InputError(f"{path}: the image claims {count}, more than the {MAX_PAGE_PIXELS:,} a page may have "
                         "(a decompression bomb, or a poster-size scan); it was refused before decoding: "
                         "scan it again at a lower resolution", str(path), None, "ocr") from exc
    except Exception as exc:  # Pillow raises many types for a damaged image
        hint = f"it holds a {kind}" if kind else "Pillow cannot identify it"
        raise InputError(f"{path}: not a readable image ({hint}: {type(exc).__name__}: {exc}); "
                         "open it in an image viewer and save it again as PNG, TIFF or JPEG",
                         str(path), None, "ocr") from exc


def inspect_scan(path: Path, dpi: int, timeout: float = INSPECT_TIMEOUT) -> tuple[int, dict[int, str]]:
    """Return (number of pages, {page: why it cannot be read}) for a scanned input,
    reading its structure only, never its pixels.

    Raises InputError when the whole file cannot be used (empty, misnamed, damaged,
    truncated, encrypted, or too large) and MissingDependencyError without poppler.
    """
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(2048)
    except OSError as exc:
        raise InputError(f"{path}: cannot read file: {exc.strerror or exc}", str(path), None, "ocr") from exc
    if size == 0:
        raise InputError(f"{path}: the file is empty (0 bytes): copy or scan it again", str(path), None, "ocr")
    kind = sniff(head)
    if path.suffix.lower() == ".pdf":
        if kind != "PDF":
            raise InputError(_misnamed(path, kind, "PDF"), str(path), None, "ocr")
        return _inspect_pdf(path, dpi, timeout)
    if kind == "PDF":
        raise InputError(_misnamed(path, kind, "image"), str(path), None, "ocr")
    return _inspect_image(path, kind)


def page_count(path: Path) -> int:
    """Return the number of pages of a scanned input (InputError if it cannot be opened)."""
    return inspect_scan(path, 300)[0]


_SIZE = re.compile(r"^(\d+(?:\.\d+)?)([BKMG])$")
_UNIT = {"B": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


@functools.lru_cache(maxsize=32)
def page_weights(path: str) -> dict[int, int]:
    """Return {page: bytes of its compressed image data} for a scanned input, read from
    the file's structure: more text and detail on a page take more bytes and more
    recognition, so it estimates what reading the page will cost. A page or file it
    cannot tell about is left out: an estimate never stops a run."""
    try:
        if path.lower().endswith(".pdf"):
            return _pdf_image_bytes(path)
        with open_image(Path(path)) as im:
            frames = [sum(frame.tag_v2.get(279, ()) or frame.tag_v2.get(325, ())) if hasattr(frame, "tag_v2") else 0
                      for frame in ImageSequence.Iterator(im)]
        return {n: size for n, size in enumerate(frames, start=1) if size} or {1: Path(path).stat().st_size}
    except Exception:  # a damaged file is reported where its pages are read, not here
        return {}


def _pdf_image_bytes(path: str) -> dict[int, int]:
    """Return {page: bytes of its images} as poppler's pdfimages lists them."""
    listing = subprocess.run(["pdfimages", "-list", path], capture_output=True, text=True, timeout=INSPECT_TIMEOUT)
    weights: dict[int, int] = {}
    for row in listing.stdout.splitlines()[2:]:
        cells = row.split()
        size = _SIZE.match(cells[-2]) if len(cells) > 2 and cells[0].isdigit() else None
        if size:
            page = int(cells[0])
            weights[page] = weights.get(page, 0) + round(float(size.group(1)) * _UNIT[size.group(2)])
    return weights
