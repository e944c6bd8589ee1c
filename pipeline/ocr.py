"""OCR front end: rasterise scanned inputs page by page and read them with Tesseract.

One page is one task: a worker rasterises it (pdf2image for PDFs, one page at a time, so
a large PDF is never whole in memory; Pillow for TIFF and images), looks it up in the
page cache, and only on a miss runs Tesseract, once, for both its text (which keeps its
word spacing) and its TSV (about one row per Thai character cluster, grouped back into
lines by block, paragraph and line number for a line confidence that later weighs the
copy's vote, and a line box the review page crops the scan at). Only text, confidences
and boxes come back: no page image outlives its task.

Before any page is handed out its file is inspected without decoding a pixel: an empty
file, a file that is not what its name says, a damaged, truncated or password-protected
PDF, and a page so large that rasterising it would exhaust memory (a decompression bomb)
each become one failures.csv row saying what to do. A page gets `page_timeout` seconds
for rasterising and Tesseract together; a page that takes longer is skipped (a failure
row) and the batch goes on.

Pages go to an executor (pipeline.executor: a local process pool by default, or Dask)
a bounded window ahead, come back in order, and each result is stored in the page cache
the moment it arrives, so a killed run resumes where it stopped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PIL import Image, ImageSequence

from .cache import PageCache, file_digest, file_page_key, page_key
from .errors import InputError, MissingDependencyError
from .executor import Executor, Outcome, make_executor
from .model import Line, OcrLine, Page, Where
from .normalize import normalize_ocr_text
from .preprocess import DEFAULT_STEPS, preprocess_page, unrotate_box
from .recover import recover_trailing_numbers, rows_box, tsv_line_rows

# A page may have at most this many pixels (an A4 page at 1200 dpi has 140 million, an A0
# page at 300 dpi 139 million); a file claiming more is refused before it is decoded.
# Pillow warns above its MAX_IMAGE_PIXELS and refuses above twice that; both are errors here.
MAX_PAGE_PIXELS = 150_000_000
Image.MAX_IMAGE_PIXELS = MAX_PAGE_PIXELS
DEFAULT_PAGE_TIMEOUT = 120.0
INSPECT_TIMEOUT = 120.0  # seconds poppler may take to read a PDF's structure


@dataclass(frozen=True)
class OcrSettings:
    """Every setting that changes what OCR returns; all of it goes into the cache key.

    `reader` is the version of this module's own reading (what is kept of Tesseract's
    output and how it is normalised): raise it when that changes, so pages cached by an
    earlier version are read again rather than kept with their old text (version 2:
    line boxes kept, doubled tone marks before SARA AA read as SARA AM).
    """

    lang: str = "tha+eng"
    dpi: int = 300
    tesseract: str = ""
    preprocess: tuple[str, ...] = DEFAULT_STEPS
    recover_numbers: bool = True
    reader: int = 2


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


# ---------------------------------------------------------------- inspecting a file

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


_PAGE_SIZE = re.compile(r"^Page\s+(\d+)\s+size:\s+([\d.]+)\s+x\s+([\d.]+)\s+pts", re.MULTILINE)
_PAGES = re.compile(r"^Pages:\s+(\d+)", re.MULTILINE)


def _open_image(path: Path) -> Image.Image:
    """Open an image's header only; a decompression bomb is an error, never a warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return Image.open(path)


def inspect_scan(path: Path, dpi: int, timeout: float = INSPECT_TIMEOUT) -> tuple[int, dict[int, str]]:
    """Return (number of pages, {page: why it cannot be read}) for a scanned input,
    reading its structure only, never its pixels.

    Raises InputError when the whole file cannot be used (empty, misnamed, damaged,
    truncated, encrypted, or too large) and MissingDependencyError without poppler.
    """
    source = str(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(2048)
    except OSError as exc:
        raise InputError(f"{path}: cannot read file: {exc.strerror or exc}", source, None, "ocr") from exc
    if size == 0:
        raise InputError(f"{path}: the file is empty (0 bytes): copy or scan it again", source, None, "ocr")
    kind = sniff(head)
    if path.suffix.lower() == ".pdf":
        if kind != "PDF":
            raise InputError(_misnamed(path, kind, "PDF"), source, None, "ocr")
        info = _pdfinfo(path, timeout)
        pages = _PAGES.search(info)
        n = int(pages.group(1)) if pages else 0
        if n == 0:
            raise InputError(f"{path}: the PDF has no pages", source, None, "ocr")
        bad = {}
        for m in _PAGE_SIZE.finditer(info):
            w, h = float(m.group(2)) / 72 * dpi, float(m.group(3)) / 72 * dpi
            if w * h > MAX_PAGE_PIXELS:
                bad[int(m.group(1))] = _pixels_message(path, int(m.group(1)), w, h, f"at {dpi} dpi the page would be")
        return n, bad
    if kind == "PDF":
        raise InputError(_misnamed(path, kind, "image"), source, None, "ocr")
    try:
        with _open_image(path) as im:
            bad = {}
            n = 0
            for n, frame in enumerate(ImageSequence.Iterator(im), start=1):
                w, h = frame.size
                if w * h > MAX_PAGE_PIXELS:
                    bad[n] = _pixels_message(path, n if n > 1 else None, w, h, "the image claims")
            return max(n, 1), bad
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        dims = re.search(r"\((\d+) pixels\)", str(exc))
        count = f"{int(dims.group(1)):,} pixels" if dims else "too many pixels"
        raise InputError(f"{path}: the image claims {count}, more than the {MAX_PAGE_PIXELS:,} a page may have "
                         "(a decompression bomb, or a poster-size scan); it was refused before decoding: "
                         "scan it again at a lower resolution", source, None, "ocr") from exc
    except Exception as exc:  # Pillow raises many types for a damaged image
        hint = f"it holds a {kind}" if kind else "Pillow cannot identify it"
        raise InputError(f"{path}: not a readable image ({hint}: {type(exc).__name__}: {exc}); "
                         "open it in an image viewer and save it again as PNG, TIFF or JPEG",
                         source, None, "ocr") from exc


def page_count(path: Path) -> int:
    """Return the number of pages of a scanned input (InputError if it cannot be opened)."""
    return inspect_scan(path, 300)[0]


# ---------------------------------------------------------------- one page

class PageTimeout(Exception):
    """A page took longer than its time limit."""


_deadline = threading.local()


def _time_left() -> float | None:
    end = getattr(_deadline, "end", None)
    if end is None:
        return None
    left = end - time.monotonic()
    if left <= 0:
        raise PageTimeout
    return left


def _install_deadline_hook() -> None:
    """Make every Tesseract run of this thread's current page (the number recovery's
    re-reads in pipeline.recover too) end by the page's deadline.

    pytesseract runs the tesseract program through `run_tesseract`, which takes a
    timeout and kills the program when it runs out; this wraps it once per process to
    pass the time the page has left (a thread-local, so threaded Dask workers are safe).
    """
    from pytesseract import pytesseract as pt

    if getattr(pt.run_tesseract, "page_deadline", False):
        return
    original = pt.run_tesseract

    def run_tesseract(*args, timeout=0, **kwargs):
        left = _time_left()
        if left is not None:
            timeout = min(timeout, left) if timeout else left
        try:
            return original(*args, timeout=timeout, **kwargs)
        except RuntimeError as exc:
            if "timeout" in str(exc).lower():
                raise PageTimeout from exc
            raise

    run_tesseract.page_deadline = True  # type: ignore[attr-defined]
    pt.run_tesseract = run_tesseract


def render_page(path: Path, page: int, dpi: int, timeout: float | None = None) -> Image.Image:
    """Return page `page` (1-based) of a scanned input as a greyscale image."""
    if path.suffix.lower() == ".pdf":
        from pdf2image import convert_from_path
        from pdf2image.exceptions import PDFPopplerTimeoutError

        try:
            (image,) = convert_from_path(str(path), dpi=dpi, first_page=page, last_page=page, grayscale=True,
                                         timeout=timeout)
        except PDFPopplerTimeoutError as exc:
            raise PageTimeout from exc
        return image
    with _open_image(path) as im:
        frame = next(f for i, f in enumerate(ImageSequence.Iterator(im), start=1) if i == page)
        if frame.size[0] * frame.size[1] > MAX_PAGE_PIXELS:
            raise Image.DecompressionBombError(f"frame {page} claims {frame.size[0]} x {frame.size[1]} pixels")
        return frame.convert("L")


def _tsv_lines(tsv: str) -> list[OcrLine]:
    """Return each line of Tesseract TSV: text joined from its rows, mean confidence
    0..1, and the box holding its rows."""
    out = []
    for rows in tsv_line_rows(tsv):
        confs = [float(r["conf"]) for r in rows if float(r["conf"]) >= 0]
        out.append(OcrLine("".join(r["text"] for r in rows), sum(confs) / len(confs) / 100 if confs else 0.0,
                           rows_box(rows)))
    return out


def lines_from_output(txt: str, tsv: str) -> list[OcrLine]:
    """Return the lines of one Tesseract run from its text and TSV outputs: text,
    confidence 0..1 and box on the page.

    The text output keeps Tesseract's own word spacing (box gaps in Thai are too noisy to
    place spaces); the TSV gives each line's confidence and box. They list the same
    lines in the same order; if they ever disagree in number, the TSV's unspaced text
    is used.
    """
    texts = [normalize_ocr_text(t) for t in txt.splitlines()]
    texts = [t for t in texts if t]
    boxed = [line._replace(text=normalize_ocr_text(line.text)) for line in _tsv_lines(tsv)]
    boxed = [line for line in boxed if line.text]
    spaced = texts if len(texts) == len(boxed) else [line.text for line in boxed]
    return [OcrLine(t, round(line.confidence, 4), line.box) for t, line in zip(spaced, boxed)]


def ocr_image(image: Image.Image, settings: OcrSettings) -> list[OcrLine]:
    """Return the lines Tesseract reads on one page image, with their confidences and
    their boxes on `image`."""
    import pytesseract

    txt, tsv = pytesseract.run_and_get_multiple_output(image, extensions=["txt", "tsv"], lang=settings.lang)
    lines = lines_from_output(txt, tsv)
    if settings.recover_numbers:
        lines = recover_trailing_numbers(image, lines, settings.lang)
    return lines


def read_page(image: Image.Image, settings: OcrSettings) -> list[OcrLine]:
    """Return the lines of a page as rasterised: cleaned (settings.preprocess), read,
    and each box put back where the line lies on the page before cleaning, so a crop of
    the scan at that box shows the line however deskewing turned the page."""
    cleaned, angle = preprocess_page(image, settings.preprocess)
    lines = ocr_image(cleaned, settings)
    if not angle:
        return lines
    return [ln if ln.box is None else ln._replace(box=unrotate_box(ln.box, angle, image.size)) for ln in lines]


def cached_lines(hit: Sequence[Sequence]) -> tuple[OcrLine, ...]:
    """Return a page's lines as the cache stores them ([text, confidence, box or null])."""
    return tuple(OcrLine(str(text), float(conf), tuple(box) if box else None) for text, conf, box in hit)


@dataclass(frozen=True)
class PageResult:
    """What a worker sends back: the page's lines, whether they came from the cache, or an error."""

    source: str
    page: int
    key: str
    lines: tuple[OcrLine, ...]
    cached: bool
    error: str | None = None


def _init_worker() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def ocr_task(task: tuple) -> PageResult:
    """Rasterise, look up and if needed clean and OCR one page; never raises (errors are returned).

    `task` is (source, page, settings as a dict, cache path or None[, seconds allowed or 0,
    the file's page key, the file's absolute path]); `source` is the name the output uses.
    The cache key hashes the page as rasterised plus every setting (the preprocessing
    steps among them), so the cleaning itself is skipped on a hit.
    """
    source, page, settings_dict, cache_path, *rest = task
    timeout = float(rest[0]) if rest and rest[0] else 0.0
    path = Path(rest[2]) if len(rest) > 2 and rest[2] else Path(source)  # absolute: a worker's cwd is its own
    settings = OcrSettings(**{**settings_dict, "preprocess": tuple(settings_dict["preprocess"])})
    where = f"{source} page {page}"
    _init_worker()  # Dask workers get no initializer: set it per task
    _install_deadline_hook()
    _deadline.end = time.monotonic() + timeout if timeout else None
    stage = "rasterise"
    try:
        image = render_page(path, page, settings.dpi, _time_left())
        key = page_key(image, settings_dict)
        stage = "cache"
        if cache_path and Path(cache_path).exists():
            cache = PageCache(cache_path, readonly=True)
            try:
                hit = cache.get(key)
            finally:
                cache.close()
            if hit is not None:
                return PageResult(source, page, key, cached_lines(hit), True)
        stage = "ocr"
        return PageResult(source, page, key, tuple(read_page(image, settings)), False)
    except PageTimeout:
        doing = "rasterising it" if stage == "rasterise" else "Tesseract"
        error = (f"{where}: {doing} took longer than {timeout:g} s (--page-timeout), so the page was skipped; "
                 "check the scan (a huge or very noisy page?) or run again with a larger --page-timeout")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        error = (f"{where}: refused before decoding: {exc}; more than the {MAX_PAGE_PIXELS:,} pixels a page may "
                 "have (a decompression bomb?): scan it again at a lower resolution")
    except Exception as exc:  # one bad page must not stop the batch
        if stage == "rasterise" and isinstance(exc, FileNotFoundError):
            error = (f"{where}: the file was not found where the page was read ({path}); on a Dask cluster "
                     "every worker needs the inputs at the same path (a shared folder)")
        elif stage == "rasterise":
            error = (f"{where}: cannot be rasterised ({_reason(exc)}); the file may be damaged: open it in a "
                     "viewer and save it again, or scan the copy again")
        elif type(exc).__name__ == "TesseractNotFoundError":
            error = f"{where}: Tesseract is not installed where this page ran ({_reason(exc)}); install tesseract-ocr and tesseract-ocr-tha there"
        else:
            error = f"{where}: OCR failed ({_reason(exc)})"
    finally:
        _deadline.end = None
    return PageResult(source, page, "", (), False, error)


@dataclass
class OcrStats:
    """Counts of one OCR run, for the summary and the benchmark. `digests` holds each file's SHA-256 as it was read (when the cache is on), so that
    what is cut from it later can be checked against what was read."""

    pages: int = 0
    cached: int = 0
    failed: int = 0
    digests: dict[str, str] = field(default_factory=dict)


def ocr_pages(
    paths: Sequence[Path], settings: OcrSettings, jobs: int, cache_path: Path | None,
    progress: bool = False, stats: OcrStats | None = None, *,
    executor: Executor | None = None, page_timeout: float = DEFAULT_PAGE_TIMEOUT,
) -> Iterator[Page | InputError]:
    """Yield every page of the scanned inputs, in order, OCR'd by `executor` (default: a
    local pool of `jobs` workers), or the InputError that stopped a file or a page.

    Files are inspected as the window reaches them, so the first pages are read while
    later files are still unopened; each result is cached as soon as it arrives.
    """
    stats = stats if stats is not None else OcrStats()
    settings_dict = asdict(settings)
    cache = PageCache(cache_path) if cache_path else None  # creates the file workers read
    cache_arg = str(cache_path) if cache_path else None
    from tqdm import tqdm

    bar = tqdm(total=0, unit="page", disable=not progress, desc="OCR")

    def tasks() -> Iterator[tuple | InputError]:
        """ocr_task's argument per page (the file's page key last), or the InputError of a
        file or page that failed inspection."""
        for path in paths:
            try:
                n, bad = inspect_scan(path, settings.dpi)
                digest = file_digest(path) if cache is not None else ""
                if digest:
                    stats.digests[str(path)] = digest
            except InputError as exc:
                yield exc
                continue
            except OSError as exc:
                yield InputError(f"{path}: cannot read file: {exc.strerror or exc}", str(path), None, "ocr")
                continue
            bar.total += n
            bar.refresh()
            for p in range(1, n + 1):
                if p in bad:
                    yield InputError(bad[p], str(path), p, "ocr")
                    continue
                fkey = file_page_key(digest, p, settings_dict) if digest else ""
                yield (str(path), p, settings_dict, cache_arg, page_timeout, fkey, os.path.abspath(path))

    def resolve(item: tuple | InputError) -> Outcome | None:
        """Answer a failed inspection, or a page the cache has under its file key, without a worker."""
        if isinstance(item, InputError):
            return Outcome(item, item, fresh=False)
        hit = cache.get(item[5]) if cache is not None and item[5] else None
        if hit is None:
            return None
        return Outcome(item, PageResult(item[0], item[1], item[5], cached_lines(hit), True), fresh=False)

    def store(out: Outcome) -> None:
        """Cache a fresh page the moment it arrives (under its pixel key and its file key)."""
        res = out.value
        if cache is None or out.error or res is None or res.error:
            return
        cache.put(out.item[5], list(res.lines), *([] if res.cached else [res.key]))

    own = executor is None
    if own:
        executor = make_executor("local", jobs)
    try:
        for out in executor.imap(ocr_task, tasks(), resolve=resolve, on_result=store):
            if isinstance(out.value, InputError):
                if out.value.page is not None:
                    bar.update(1)
                    stats.pages += 1
                    stats.failed += 1
                yield out.value
                continue
            source, page = out.item[0], out.item[1]
            bar.update(1)
            stats.pages += 1
            res = out.value
            if out.error or res.error:
                stats.failed += 1
                error = res.error if res is not None and res.error else f"{source} page {page}: OCR failed ({out.error})"
                yield InputError(error, source, page, "ocr")
                continue
            if res.cached:
                stats.cached += 1
            yield Page(
                res.source,
                res.page,
                tuple(Line(ln.text, Where(res.source, res.page, i, ln.box), ln.confidence)
                      for i, ln in enumerate(res.lines, start=1)),
            )
    except BaseException:  # Ctrl-C, or the consumer gave up: stop the workers now
        if own:
            own = False
            executor.close(abort=True)
        raise
    finally:
        bar.close()
        if own:
            executor.close()
        if cache is not None:
            cache.close()
