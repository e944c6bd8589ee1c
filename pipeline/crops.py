"""Pictures of the print behind the readings a reviewer checks (the review page, issue 7).

OCR keeps each line's box on the page (Where.box); this cuts those boxes out of the
scans for the rows of the review page that need review or where the copies disagree,
and returns them as data: URIs the page embeds, so it still opens offline.

Which crops, and what they cost:
- Rows that need review or where copies disagree, in the order the page lists its
  reports (most values needing review first); agreeing rows get none, which keeps the
  page small (a report has about fifty rows, each a few kilobytes of picture per copy).
- A page is rasterised once for all of its crops, at CROP_DPI (legible Thai, a few
  kilobytes a line), by the run's executor (the local pool or Dask workers).
- At most `max_pages` pages are rasterised per run; reports past that show no
  crops and the run says so. Crops are stored in the page cache, keyed by the file's
  bytes, page and box, so a re-run rasterises nothing and stays fast.
- A page that cannot be rasterised now (the file was moved or changed since it was
  read) only costs its crops: one warning, the page is still written.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from .cache import PageCache, file_digest
from .executor import Executor
from .model import Box, ReconciledDocument, Resolved, Where

CROP_DPI = 150
CROP_FORMAT = 1  # part of every crop's cache key: change it when crops are made differently
PAD = 6  # pixels of margin around a box, at CROP_DPI
GREY_LEVELS = 4
MAX_CROP_HEIGHT = 600  # pixels at CROP_DPI (4 inches): a long passage shows its start
DEFAULT_MAX_PAGES = 200

CropKey = tuple[str, str, int | None]  # (witness id, field, report_no or None)


@dataclass(frozen=True)
class PageCrops:
    """The crops wanted from one page of one scanned file: each at its box, as read at `dpi`."""

    source: str
    page: int
    path: str
    dpi: int
    boxes: tuple[Box, ...]


@dataclass
class CropResult:
    """What `make_crops` made: a data: URI per reading, and what it could not do."""

    uris: dict[CropKey, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    pages_rasterised: int = 0
    pages_skipped: int = 0


def wants_crop(res: Resolved) -> bool:
    """Return whether a row's readings get crops: it needs review, or copies disagree."""
    return res.needs_review or len(res.candidates) > 1 or bool(res.set_aside)


def wanted(docs: Iterable[ReconciledDocument]) -> list[tuple[CropKey, Where]]:
    """Return (crop key, where) of every reading with a box in a row that wants a crop,
    in the order of `docs`, each document's fields before its progress reports."""
    out: list[tuple[CropKey, Where]] = []
    for doc in docs:
        rows = [(None, res) for res in doc.fields.values()]
        rows += [(rep.report_no, res) for rep in doc.reports for res in rep.fields.values()]
        for report_no, res in rows:
            if wants_crop(res):
                out += [((wid, res.field, report_no), where) for wid, where in res.read_at if where.box is not None]
    return out


def crop_key(digest: str, page: int, box: Box, dpi: int) -> str:
    """Return the cache key of one crop: the file's bytes, its page, the box and the dpi
    the box was measured at, and how crops are made (CROP_DPI, CROP_FORMAT)."""
    text = json.dumps([digest, page, list(box), dpi, CROP_DPI, CROP_FORMAT])
    return "crop:" + hashlib.sha256(text.encode()).hexdigest()


def scaled_box(box: Box, scale: float, size: tuple[int, int]) -> Box | None:
    """Return `box` scaled by `scale`, padded by PAD, clipped to an image of `size` and
    cut to MAX_CROP_HEIGHT; None when nothing of it lies on the image."""
    left, top = max(0, int(box[0] * scale) - PAD), max(0, int(box[1] * scale) - PAD)
    right = min(size[0], int(box[2] * scale + 0.999) + PAD)
    bottom = min(size[1], int(box[3] * scale + 0.999) + PAD, top + MAX_CROP_HEIGHT)
    return (left, top, right, bottom) if left < right and top < bottom else None


def png(image: Image.Image) -> bytes:
    """Return `image` as a PNG of GREY_LEVELS greys (2 bits a pixel): print stays legible
    with its anti-aliased edges, and a noisy scan's line costs a few kilobytes, not tens."""
    step = 255 / (GREY_LEVELS - 1)
    levels = image.convert("L").point(lambda v: round(round(v / step) * step))
    buf = io.BytesIO()
    levels.quantize(GREY_LEVELS).save(buf, format="PNG", optimize=True, bits=2)
    return buf.getvalue()


def crop_page(task: PageCrops) -> list[bytes | None]:
    """Return a PNG per box of `task`, cut from its page rasterised at CROP_DPI (None for
    a box off the page). Raises what rasterising raises (the caller reports it).

    A PDF is rasterised at CROP_DPI and its boxes, measured at the run's dpi, scaled to
    it. An image's boxes are in its own pixels; it is scaled as if scanned at the
    run's dpi, so its crops come out the same size as a PDF's.
    """
    from .ocr import render_page

    path = Path(task.path)
    is_pdf = path.suffix.lower() == ".pdf"
    image = render_page(path, task.page, CROP_DPI if is_pdf else task.dpi)
    scale = CROP_DPI / task.dpi
    out: list[bytes | None] = []
    for box in task.boxes:
        if is_pdf:
            clip = scaled_box(box, scale, image.size)
            out.append(None if clip is None else png(image.crop(clip)))
            continue
        clip = scaled_box(box, 1.0, image.size)
        if clip is None:
            out.append(None)
            continue
        piece = image.crop(clip)
        size = (max(1, round(piece.width * scale)), max(1, round(piece.height * scale)))
        out.append(png(piece.resize(size, Image.LANCZOS) if scale < 1 else piece))
    return out


def data_uri(data: bytes) -> str:
    """Return PNG bytes as a data: URI, which a page embeds without a second file."""
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def make_crops(
    docs: Sequence[ReconciledDocument], dpi: int, executor: Executor | None, cache_path: Path | None,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> CropResult:
    """Return the crops of the readings `wanted` in `docs` (in the review page's order).

    Crops come from the cache when it has them; the pages still needed are rasterised
    by `executor` (here, in this process, without one), at most `max_pages` of them,
    and their crops stored in the cache for the next run.
    """
    result = CropResult()
    wants = wanted(docs)
    if not wants:
        return result
    digests: dict[str, str | None] = {}

    def digest_of(source: str) -> str | None:
        if source not in digests:
            try:
                digests[source] = file_digest(Path(source))
            except OSError as exc:
                digests[source] = None
                result.warnings.append(f"{source}: no crops of its scan on the review page: cannot read the file "
                                       f"now ({exc.strerror or exc}); it was moved or removed after it was read")
        return digests[source]

    cache = PageCache(cache_path) if cache_path is not None else None
    try:
        keyed = [(ck, where, crop_key(d, where.page, where.box, dpi)) for ck, where in wants
                 if (d := digest_of(where.source)) is not None]
        stored = cache.get_crops([k for _, _, k in keyed]) if cache is not None else {}
        pages: dict[tuple[str, int], dict[Box, list[str]]] = {}
        for _, where, key in keyed:
            if key not in stored:
                pages.setdefault((where.source, where.page), {}).setdefault(where.box, []).append(key)
        todo = list(pages.items())
        if max_pages >= 0 and len(todo) > max_pages:
            result.pages_skipped = len(todo) - max_pages
            result.warnings.append(
                f"review page: crops of the scan were cut from {max_pages} page{'' if max_pages == 1 else 's'} only "
                f"(--crop-pages {max_pages}); {result.pages_skipped} more page{'' if result.pages_skipped == 1 else 's'} "
                "were not rasterised, so later reports show no crops; a re-run cuts the next ones (crops are cached)")
            todo = todo[:max_pages]
        tasks = [PageCrops(source, page, os.path.abspath(source), dpi, tuple(boxes)) for (source, page), boxes in todo]
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
        if cache is not None and made:
            cache.put_crops(made)
        stored.update(made)
        for ck, _, key in keyed:
            if key in stored:
                result.uris[ck] = data_uri(stored[key])
    finally:
        if cache is not None:
            cache.close()
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
