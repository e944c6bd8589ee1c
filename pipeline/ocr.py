"""OCR front end: rasterise scanned inputs page by page and read them with Tesseract.

One page is one task: a worker rasterises it (pdf2image for PDFs, one page at a time, so
a large PDF is never whole in memory; Pillow for TIFF and images), looks it up in the
page cache, and only on a miss runs Tesseract, once, for both its text (which keeps its
word spacing) and its TSV (about one row per Thai character cluster, grouped back into
lines by block, paragraph and line number for a line confidence that later weighs the
copy's vote).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageSequence

from .cache import PageCache, file_digest, file_page_key, page_key
from .errors import InputError, MissingDependencyError
from .model import Line, Page, Where
from .normalize import normalize_text
from .preprocess import DEFAULT_STEPS, preprocess
from .recover import recover_trailing_numbers, tsv_line_rows

@dataclass(frozen=True)
class OcrSettings:
    """Every setting that changes what OCR returns; all of it goes into the cache key."""

    lang: str = "tha+eng"
    dpi: int = 300
    tesseract: str = ""
    preprocess: tuple[str, ...] = DEFAULT_STEPS
    recover_numbers: bool = True


def tesseract_version(lang: str) -> str:
    """Return Tesseract's version after checking it and every language pack in `lang` exist.

    Raises MissingDependencyError (exit status 3) with the command that installs what is
    missing.
    """
    import pytesseract

    if shutil.which("tesseract") is None:
        raise MissingDependencyError(
            "Tesseract is not installed: run `make setup` or `sudo apt-get install tesseract-ocr tesseract-ocr-tha`"
        )
    have = set(pytesseract.get_languages(config=""))
    missing = [code for code in lang.split("+") if code not in have]
    if missing:
        packs = " ".join(f"tesseract-ocr-{code}" for code in missing)
        raise MissingDependencyError(
            f"Tesseract language data missing: {', '.join(missing)}; install it with `sudo apt-get install {packs}`"
        )
    return str(pytesseract.get_tesseract_version())


def page_count(path: Path) -> int:
    """Return the number of pages of a scanned input (InputError if it cannot be opened)."""
    try:
        if path.suffix.lower() == ".pdf":
            from pdf2image import pdfinfo_from_path

            return int(pdfinfo_from_path(str(path))["Pages"])
        with Image.open(path) as im:
            return getattr(im, "n_frames", 1)
    except Exception as exc:  # poppler and Pillow raise many types for a damaged file
        raise InputError(f"{path}: cannot open as a scanned document ({exc})", str(path), None, "ocr") from exc


def render_page(path: Path, page: int, dpi: int) -> Image.Image:
    """Return page `page` (1-based) of a scanned input as a greyscale image."""
    if path.suffix.lower() == ".pdf":
        from pdf2image import convert_from_path

        (image,) = convert_from_path(str(path), dpi=dpi, first_page=page, last_page=page, grayscale=True)
        return image
    with Image.open(path) as im:
        frame = next(f for i, f in enumerate(ImageSequence.Iterator(im), start=1) if i == page)
        return frame.convert("L")


def _tsv_lines(tsv: str) -> list[tuple[str, float]]:
    """Return [(text joined from boxes, mean confidence 0..1)] per line of Tesseract TSV."""
    out = []
    for boxes in tsv_line_rows(tsv):
        confs = [float(b["conf"]) for b in boxes if float(b["conf"]) >= 0]
        out.append(("".join(b["text"] for b in boxes), sum(confs) / len(confs) / 100 if confs else 0.0))
    return out


def lines_from_output(txt: str, tsv: str) -> list[tuple[str, float]]:
    """Return [(line text, confidence 0..1)] from one Tesseract run's text and TSV outputs.

    The text output keeps Tesseract's own word spacing (box gaps in Thai are too noisy to
    place spaces); the TSV gives each line's confidence. They list the same lines in the
    same order; if they ever disagree in number, the TSV's unspaced text is used.
    """
    texts = [normalize_text(t) for t in txt.splitlines()]
    texts = [t for t in texts if t]
    boxed = [(normalize_text(t), c) for t, c in _tsv_lines(tsv)]
    boxed = [(t, c) for t, c in boxed if t]
    if len(texts) == len(boxed):
        return [(t, round(c, 4)) for t, (_, c) in zip(texts, boxed)]
    return [(t, round(c, 4)) for t, c in boxed]


def ocr_image(image: Image.Image, settings: OcrSettings) -> list[tuple[str, float]]:
    """Return the lines Tesseract reads on one page image, with their confidences."""
    import pytesseract

    txt, tsv = pytesseract.run_and_get_multiple_output(image, extensions=["txt", "tsv"], lang=settings.lang)
    lines = lines_from_output(txt, tsv)
    if settings.recover_numbers:
        lines = recover_trailing_numbers(image, lines, tsv, settings.lang)
    return lines


@dataclass(frozen=True)
class PageResult:
    """What a worker sends back: the page's lines, whether they came from the cache, or an error."""

    source: str
    page: int
    key: str
    lines: tuple[tuple[str, float], ...]
    cached: bool
    error: str | None = None


def _init_worker() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"


def ocr_task(task: tuple[str, int, dict, str | None]) -> PageResult:
    """Rasterise, look up and if needed clean and OCR one page; never raises (errors are returned).

    The cache key hashes the page as rasterised plus every setting (the preprocessing
    steps among them), so the cleaning itself is skipped on a hit.
    """
    source, page, settings_dict, cache_path = task
    settings = OcrSettings(**{**settings_dict, "preprocess": tuple(settings_dict["preprocess"])})
    try:
        image = render_page(Path(source), page, settings.dpi)
        key = page_key(image, settings_dict)
        if cache_path and Path(cache_path).exists():
            cache = PageCache(cache_path, readonly=True)
            try:
                hit = cache.get(key)
            finally:
                cache.close()
            if hit is not None:
                return PageResult(source, page, key, tuple(hit), True)
        lines = ocr_image(preprocess(image, settings.preprocess), settings)
        return PageResult(source, page, key, tuple(lines), False)
    except Exception as exc:  # one bad page must not stop the batch
        return PageResult(source, page, "", (), False, f"{source} page {page}: OCR failed ({type(exc).__name__}: {exc})")


@dataclass
class OcrStats:
    """Counts of one OCR run, for the summary and the benchmark."""

    pages: int = 0
    cached: int = 0
    failed: int = 0


def ocr_pages(
    paths: Sequence[Path], settings: OcrSettings, jobs: int, cache_path: Path | None,
    progress: bool = False, stats: OcrStats | None = None,
) -> Iterator[Page | InputError]:
    """Yield every page of the scanned inputs, in order, OCR'd in a pool of `jobs` workers."""
    stats = stats if stats is not None else OcrStats()
    settings_dict = asdict(settings)
    cache = PageCache(cache_path) if cache_path else None  # creates the file workers read
    pages: list[tuple[str, int, str]] = []
    for path in paths:
        try:
            n = page_count(path)
            digest = file_digest(path) if cache is not None else ""
        except (InputError, OSError) as exc:
            yield exc if isinstance(exc, InputError) else InputError(f"{path}: {exc}", str(path), None, "ocr")
            continue
        pages += [(str(path), p, file_page_key(digest, p, settings_dict) if digest else "") for p in range(1, n + 1)]
    if not pages:
        if cache is not None:
            cache.close()
        return
    hits = {fkey: cache.get(fkey) for _, _, fkey in pages if cache is not None}
    todo = [(src, p, settings_dict, str(cache_path) if cache_path else None) for src, p, fkey in pages if hits.get(fkey) is None]
    from tqdm import tqdm

    bar = tqdm(total=len(pages), unit="page", disable=not progress, desc="OCR")
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker) if jobs > 1 and len(todo) > 1 else None
    try:
        if pool is None:
            _init_worker()
            results: Iterator[PageResult] = map(ocr_task, todo)
        else:
            results = pool.map(ocr_task, todo, chunksize=1)
        for source, page, fkey in pages:
            hit = hits.get(fkey)
            res = PageResult(source, page, fkey, tuple(map(tuple, hit)), True) if hit is not None else next(results)
            bar.update(1)
            stats.pages += 1
            if res.error:
                stats.failed += 1
                yield InputError(res.error, res.source, res.page, "ocr")
                continue
            if res.cached:
                stats.cached += 1
            if cache is not None and hit is None:
                if not res.cached:
                    cache.put(res.key, list(res.lines))
                cache.put(fkey, list(res.lines))
            yield Page(
                res.source,
                res.page,
                tuple(Line(text, Where(res.source, res.page, i), conf) for i, (text, conf) in enumerate(res.lines, start=1)),
            )
    finally:
        bar.close()
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if cache is not None:
            cache.close()
