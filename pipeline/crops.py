"""Pictures of the print behind the readings a reviewer checks on the review page.

OCR keeps each line's box on the page (Where.box); this cuts those boxes out of the
scans for the rows of the review page that need review or where the copies disagree,
and returns them as data: URIs the page embeds, so it still opens offline.

Which crops, and what they cost:
- Rows that need review or where copies disagree, in the order the page lists its
  reports (most values needing review first); agreeing rows get none, which keeps the
  page small (a report has about fifty rows, each a few kilobytes of picture per copy).
- A page is rasterised once for all of its crops, at CROP_DPI (legible Thai, a few
  kilobytes a line), by the run's executor (the local pool or Dask workers), through
  the same rasteriser OCR uses (pipeline.raster).
- At most `max_pages` pages are rasterised per run, and at most `max_bytes` of crops
  embedded in the page; reports past that show no crops and the run says so. Crops
  are stored (pipeline.crop_store, in the cache file), keyed by the file's bytes,
  page and box, so a re-run rasterises nothing and stays fast (and, when capped, cuts the next pages).
- A page that cannot be rasterised now (the file was moved, damaged or changed since
  it was read) only costs its crops: a warning, and the page is still written.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from .cache import file_digest
from .crop_store import CropStore
from .executor import Executor
from .model import Box, ReconciledDocument, Resolved, Where
from .raster import render_page

CROP_DPI = 150
CROP_FORMAT = 1  # part of every crop's cache key: change it when crops are made differently
PAD = 6  # pixels of margin around a box, at CROP_DPI
GREY_LEVELS = 4
MAX_CROP_HEIGHT = 600  # pixels at CROP_DPI (4 inches): a long passage shows its start
DEFAULT_MAX_PAGES = 200
DEFAULT_MAX_BYTES = 20_000_000  # of PNG embedded in one page (about 27 MB of HTML)

CropKey = tuple[str, str, int | None]  # (witness id, field, report_no or None)


@dataclass(frozen=True)
class PageCrops:
    """The crops wanted from one page of one scanned file: each at its box, as read at
    `dpi`; `timeout` (seconds, 0 for none) bounds rasterising, as --page-timeout does OCR."""

    source: str
    page: int
    path: str
    dpi: int
    boxes: tuple[Box, ...]
    timeout: float = 0.0


@dataclass
class CropResult:
    """What `make_crops` made: a data: URI per reading, and what it could not do."""

    uris: dict[CropKey, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    pages_rasterised: int = 0
    pages_skipped: int = 0


def wants_crop(res: Resolved) -> bool:
    """Return whether a row's readings get crops: it needs review, or copies disagree."""
    return res.needs_review or res.contested


def wanted(docs: Iterable[ReconciledDocument]) -> list[tuple[CropKey, Where]]:
    """Return (crop key, where) of every reading with a box in a row that wants a crop,
    in the order of `docs`, each document's fields before its progress reports."""
    out: list[tuple[CropKey, Where]] = []
    for doc in docs:
        for report_no, res in doc.values():
            if wants_crop(res):
                out += [((wid, res.field, report_no), where) for wid, where in res.read_at if where.box is not None]
    return out


def crop_key(digest: str, page: int, box: Box, dpi: int) -> str:
    """Return the cache key of one crop: the file's bytes, its page, the box and the dpi
    the box was measured at, and how crops are made (CROP_DPI, CROP_FORMAT)."""
    text = json.dumps([digest, page, list(box), dpi, CROP_DPI, CROP_FORMAT])
    return "crop:" + hashlib.sha256(text.encode()).hexdigest()


def clip_box(box: Box, scale: float, size: tuple[int, int], pad: float = PAD,
             max_height: float = MAX_CROP_HEIGHT) -> Box | None:
    """Return `box` scaled by `scale` onto an image of `size`, padded by `pad` pixels,
    clipped to the image and cut to `max_height`; None when nothing of it is on the image."""
    left, top = max(0, int(box[0] * scale - pad)), max(0, int(box[1] * scale - pad))
    right = min(size[0], int(box[2] * scale + pad + 0.999))
    bottom = min(size[1], int(box[3] * scale + pad + 0.999), int(top + max_height))
    return (left, top, right, bottom) if left < right and top < bottom else None


def png(image: Image.Image) -> bytes:
    """Return `image` as a PNG of GREY_LEVELS greys (2 bits a pixel): print stays legible
    with its anti-aliased edges, and a noisy scan's line costs a few kilobytes, not tens."""
    step = 255 / (GREY_LEVELS - 1)
    levels = image.convert("L").point(lambda v: round(round(v / step) * step))
    buf = io.BytesIO()
    levels.quantize(GREY_LEVELS).save(buf, format="PNG", optimize=True, bits=2)
    return buf.getvalue()


def image_dpi(path: Path, default: float) -> float:
    """Return the resolution an image file says it was scanned at, or `default`."""
    with Image.open(path) as im:
        dpi = im.info.get("dpi")
    try:
        return float(dpi[0]) if dpi and float(dpi[0]) >= 50 else default
    except (TypeError, ValueError):
        return default


def crop_page(task: PageCrops) -> list[bytes | None]:
    """Return a PNG per box of `task`, cut from its page and brought to CROP_DPI (None for
    a box off the page). Raises what rasterising raises (the caller reports it).

    A PDF is rasterised at CROP_DPI and its boxes, measured at the run's dpi, scaled to
    it. An image's boxes are in its own pixels: each piece is cut from the image and
    shrunk from the resolution the file states (else the run's dpi) to CROP_DPI, so a
    crop is the same size whatever the scan's resolution; PAD and MAX_CROP_HEIGHT hold
    at CROP_DPI in both cases.
    """
    path = Path(task.path)
    if path.suffix.lower() == ".pdf":
        image = render_page(path, task.page, CROP_DPI, task.timeout or None)
        onto, shrink = CROP_DPI / task.dpi, 1.0
    else:
        image = render_page(path, task.page, task.dpi)
        onto, shrink = 1.0, min(1.0, CROP_DPI / image_dpi(path, task.dpi))
    out: list[bytes | None] = []
    for box in task.boxes:
        clip = clip_box(box, onto, image.size, PAD / shrink, MAX_CROP_HEIGHT / shrink)
        if clip is None:
            out.append(None)
            continue
        piece = image.crop(clip)
        if shrink < 1:
            piece = piece.resize((max(1, round(piece.width * shrink)), max(1, round(piece.height * shrink))),
                                 Image.LANCZOS)
        out.append(png(piece))
    return out


def data_uri(data: bytes) -> str:
    """Return PNG bytes as a data: URI, which a page embeds without a second file."""
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _digests(sources: Iterable[str], read_digests: Mapping[str, str], result: CropResult) -> dict[str, str]:
    """Return each file's digest now, leaving out (with a warning in `result`) a file that
    cannot be read now or changed since OCR read it (`read_digests`)."""
    out: dict[str, str] = {}
    for source in dict.fromkeys(sources):
        try:
            now = file_digest(Path(source))
        except OSError as exc:
            result.warnings.append(f"{source}: no crops of its scan on the review page: cannot read the file "
                                   f"now ({exc.strerror or exc}); it was moved or removed after it was read")
            continue
        if source in read_digests and read_digests[source] != now:
            result.warnings.append(f"{source}: no crops of its scan on the review page: the file changed after it "
                                   "was read; run again to read it anew")
            continue
        out[source] = now
    return out


def _capped(todo: list, max_pages: int, cached: bool, result: CropResult) -> list:
    """Return the first `max_pages` pages of `todo`, saying in `result` how many were left."""
    if len(todo) <= max_pages:
        return todo
    result.pages_skipped = len(todo) - max_pages
    later = ("a re-run cuts the next ones (crops are cached)" if cached
             else "without the page cache every run cuts the same first ones")
    result.warnings.append(
        f"review page: crops of the scan were cut from {_plural(max_pages, 'page')} only (--crop-pages "
        f"{max_pages}); {_plural(result.pages_skipped, 'more page')} were not rasterised, so later reports "
        f"show no crops; {later}")
    return todo[:max_pages]


def _cut(todo: list[tuple[tuple[str, int], dict[Box, list[str]]]], dpi: int, timeout: float,
         executor: Executor | None, result: CropResult) -> dict[str, bytes]:
    """Return the PNG of every crop key of the pages in `todo`, rasterising each page once."""
    tasks = [PageCrops(source, page, os.path.abspath(source), dpi, tuple(boxes), timeout)
             for (source, page), boxes in todo]
    made: dict[str, bytes] = {}
    for task, (_, boxes), outcome in zip(tasks, todo, _run(tasks, executor)):
        if isinstance(outcome, str):
            result.warnings.append(f"{task.source} page {task.page}: no crops of its scan on the review page: "
                                   f"cannot rasterise it now ({outcome})")
            continue
        result.pages_rasterised += 1
        for keys, data in zip(boxes.values(), outcome):
            if data is not None:
                made.update((k, data) for k in keys)
    return made


def _embed(keyed: Sequence[tuple[CropKey, Where, str]], stored: Mapping[str, bytes], max_bytes: int,
           result: CropResult) -> None:
    """Put the crops into `result` as data: URIs, in order, up to `max_bytes` of PNG."""
    used, left_out = 0, 0
    for ck, _, key in keyed:
        if key not in stored:
            continue
        if used + len(stored[key]) > max_bytes:
            left_out += 1
            continue
        used += len(stored[key])
        result.uris[ck] = data_uri(stored[key])
    if left_out:
        result.warnings.append(f"review page: {_plural(left_out, 'crop')} of the scan left off, past the "
                               f"{max_bytes / 1e6:g} MB the page may embed; review fewer reports at a time to see them")


def make_crops(
    docs: Sequence[ReconciledDocument], dpi: int, executor: Executor | None, cache_path: Path | None,
    max_pages: int = DEFAULT_MAX_PAGES, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = 0.0,
    read_digests: Mapping[str, str] | None = None,
) -> CropResult:
    """Return the crops of the readings `wanted` in `docs` (in the review page's order).

    Crops come from the crop store when it has them; the pages still needed are
    rasterised by `executor` (here, in this process, without one), at most `max_pages`
    of them, and their crops stored for the next run. At most `max_bytes` of crops are
    returned. `read_digests` (source -> SHA-256 when OCR read it) lets a file changed
    since then be refused rather than cropped at boxes that belong to its old pages.
    """
    result = CropResult()
    wants = wanted(docs)
    if not wants:
        return result
    digests = _digests((where.source for _, where in wants), read_digests or {}, result)
    keyed = [(ck, where, crop_key(digests[where.source], where.page, where.box, dpi)) for ck, where in wants
             if where.source in digests]
    store = CropStore(cache_path) if cache_path is not None else None
    try:
        stored = store.get([k for _, _, k in keyed]) if store is not None else {}
        pages: dict[tuple[str, int], dict[Box, list[str]]] = {}
        for _, where, key in keyed:
            if key not in stored:
                pages.setdefault((where.source, where.page), {}).setdefault(where.box, []).append(key)
        made = _cut(_capped(list(pages.items()), max_pages, store is not None, result), dpi, timeout, executor, result)
        if store is not None and made:
            store.put(made)
    finally:
        if store is not None:
            store.close()
    _embed(keyed, {**stored, **made}, max_bytes, result)
    return result


def _run(tasks: Sequence[PageCrops], executor: Executor | None) -> Iterable[list[bytes | None] | str]:
    """Yield crop_page's answer per task, in order, or the error text that stopped it."""
    if executor is None:
        for task in tasks:
            try:
                yield crop_page(task)
            except Exception as exc:  # one unreadable page costs its crops, not the page
                yield f"{type(exc).__name__}: {exc}"
        return
    for out in executor.imap(crop_page, tasks):
        yield out.value if out.error is None else out.error
