"""Find the inputs and turn each into pages of normalised lines.

Text inputs (.txt, .md) are already OCR'd: they are decoded, their layout markup
removed (pipeline.layout) and every cell normalised. Scanned inputs are handed to the
OCR front end (pipeline.ocr) page by page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from .errors import InputError, UsageError
from .layout import cells
from .model import Line, Page, Where
from .normalize import normalize_text
from .thai_script import count_thai

TEXT_SUFFIXES = frozenset({".txt", ".md"})
SCAN_SUFFIXES = frozenset({".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg"})
SUPPORTED = TEXT_SUFFIXES | SCAN_SUFFIXES
_LEGACY_THAI = ("cp874", "tis-620")


_DIGITS = re.compile(r"(\d+)")


def path_order(path: Path) -> tuple:
    """Return the key inputs are read in: each part of the path with its runs of digits
    compared as numbers ("scan_2.png" before "scan_10.png", as a file manager lists
    them and a scanner numbers its files; a copy whose pages are files of their own is
    put together in that order), then the path itself, so that "p01" and "p1" keep an order."""
    return tuple(tuple(int(piece) if i % 2 else piece for i, piece in enumerate(_DIGITS.split(part)))
                 for part in path.parts), str(path)


def find_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Return every supported input file under `paths`, folders searched recursively.

    The order is path_order's and so independent of the file system. A file named twice (a
    folder and a file in it, or the same path given twice) is listed twice, for
    unique_files to report. A path that does not exist is a usage error; so is a set
    of paths holding no supported file.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED
            )
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED:
                raise UsageError(
                    f"{path}: unsupported file type {path.suffix or '(none)'}; "
                    f"expected one of {', '.join(sorted(SUPPORTED))}"
                )
            found.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    if not found:
        raise UsageError(
            "no input files found in " + ", ".join(str(p) for p in paths)
            + f" (looked for {', '.join(sorted(SUPPORTED))})"
        )
    return sorted(found, key=path_order)


def looks_thai(text: str) -> bool:
    """True when at least a third of the letters of `text` are Thai: how a legacy-encoded
    file is told from bytes that merely decode (Latin-1 text decodes as Windows-874 too,
    into Thai tone marks and odd consonants among mostly Latin letters)."""
    letters = [ch for ch in text if ch.isalpha()]
    thai = count_thai("".join(letters))
    return thai > 0 and thai >= len(letters) / 3


def decode_text(data: bytes, source: str) -> str:
    """Return the text of a text input: UTF-8 (with or without BOM), UTF-16 (with BOM, or
    without one when it decodes to Thai), or Windows-874 / TIS-620.

    Thai archives still hold files saved as Windows-874/TIS-620 (TIS-620 is its subset);
    those are accepted when the bytes are not valid UTF-8 and decode to mostly Thai text.
    Anything else is an InputError that says how to fix the file.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{source}: starts like UTF-16 text but is damaged (byte {exc.start}); "
                "save it as UTF-8 and run again",
                source,
            ) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = exc.start
    else:
        return text if looks_thai(text) else _utf16_without_bom(data) or text
    if (text := _utf16_without_bom(data) or _decoded_as_thai(data, _LEGACY_THAI)) is not None:
        return text
    if any(_decodes(data, codec) for codec in _LEGACY_THAI):
        raise InputError(
            f"{source}: not UTF-8 (byte {bad} is invalid), and read as Windows-874/TIS-620 it is not Thai "
            "text either (another encoding, such as Latin-1?); save it as UTF-8 and run again",
            source,
        )
    raise InputError(
        f"{source}: not UTF-8, UTF-16 or Windows-874/TIS-620 text (byte {bad} is invalid in each): a binary "
        "file, or damaged; save it as UTF-8 and run again",
        source,
    )


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _decoded_as_thai(data: bytes, codecs: tuple[str, ...]) -> str | None:
    """Return `data` decoded by the first of `codecs` that reads it as mostly Thai text;
    else None."""
    for codec in codecs:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if looks_thai(text):
            return text
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """Return the text of UTF-16 bytes saved without a byte order mark, when they decode
    (little- or big-endian) to mostly Thai text; else None. Thai in UTF-16 is valid UTF-8
    byte for byte (control characters), so it must be looked for, not waited for as an
    error."""
    return None if len(data) % 2 else _decoded_as_thai(data, ("utf-16-le", "utf-16-be"))


def text_lines(text: str, source: str, page: int = 1) -> tuple[Line, ...]:
    """Return the normalised cells of a text, each a Line that knows its line number."""
    out = []
    for number, raw in enumerate(text.splitlines(), start=1):
        for cell in cells(raw):
            norm = normalize_text(cell)
            if norm:
                out.append(Line(norm, Where(source, page, number)))
    return tuple(out)


def read_text_file(path: Path) -> Page:
    """Return a text input as one page of normalised lines (InputError if unreadable)."""
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{source}: cannot read file: {exc.strerror or exc}", source) from exc
    if not data:
        raise InputError(f"{source}: the file is empty (0 bytes): copy or export it again", source)
    lines = text_lines(decode_text(data, source), source)
    if not lines:
        raise InputError(f"{source}: file holds no text", source)
    return Page(source, 1, lines)


def is_scan(path: Path) -> bool:
    """True when the file needs OCR before it can be read."""
    return path.suffix.lower() in SCAN_SUFFIXES


def iter_text_pages(paths: Iterable[Path]) -> Iterator[Page | InputError]:
    """Yield each text input as a Page, or the InputError that stopped it (batch goes on)."""
    for path in paths:
        try:
            yield read_text_file(path)
        except InputError as exc:
            yield exc


DUPLICATE = "duplicate"
_KIND = {".jpeg": ".jpg", ".tiff": ".tif", ".md": ".txt"}
MIN_PAGE_LINES = 3


def _sha256(path: Path) -> str | None:
    """The file's SHA-256, or None when it cannot be read (reading it later says why)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _preferred(paths: Iterable[Path]) -> Path:
    """Of several names for the same bytes, the one kept: the shortest, then the first
    in sorted order, so the choice depends neither on the order given nor on which copy
    an archive received first ("report.pdf" over "report (1).pdf")."""
    return min(paths, key=lambda p: (len(str(p)), str(p)))


def unique_files(paths: Sequence[Path]) -> tuple[list[Path], list[InputError]]:
    """Return the inputs with every file read once, and an InputError (stage duplicate)
    for each one left out: a file named twice (by a relative and an absolute path, or
    inside a folder also given) or byte-identical to another file. A duplicate counted
    as another copy would outvote the real copies. Only files that share a size and a
    kind (suffix) with another are hashed: a JPEG misnamed .pdf is reported as such,
    not kept in place of the .jpg."""
    by_real: dict[Path, list[Path]] = {}
    for path in paths:
        by_real.setdefault(path.resolve(), []).append(path)
    dropped: list[InputError] = []
    kept: dict[Path, Path] = {}
    for real, names in by_real.items():
        keep = kept[real] = _preferred(names)
        others = sorted(names)
        others.remove(keep)
        dropped += [InputError(f"{p}: the same file as {keep}, named twice; read once", str(p), stage=DUPLICATE)
                    for p in others]
    by_size: dict[tuple[int, str], list[Path]] = {}
    for path in kept.values():
        try:
            by_size.setdefault((path.stat().st_size, _KIND.get(path.suffix.lower(), path.suffix.lower())), []).append(path)
        except OSError:
            continue
    for same_size in (group for (size, _), group in by_size.items() if len(group) > 1 and size > 0):
        by_digest: dict[str, list[Path]] = {}
        for path in same_size:
            if (digest := _sha256(path)) is not None:
                by_digest.setdefault(digest, []).append(path)
        for group in by_digest.values():
            keep = _preferred(group)
            for path in sorted(p for p in group if p != keep):
                kept.pop(path.resolve())
                dropped.append(InputError(f"{path}: byte for byte the same file as {keep}; counted once, not as "
                                          "another copy", str(path), stage=DUPLICATE))
    return sorted(kept.values(), key=path_order), sorted(dropped, key=lambda e: e.source)


def page_fingerprint(page: Page) -> str:
    """A digest of what a page gave: each line's text, confidence and box. Two scans
    give the same only from the same pixels (Tesseract is deterministic, and an
    independent scan of the same print differs in its boxes and confidences); two text
    inputs give the same when their normalised text is the same."""
    digest = hashlib.sha256()
    for line in page.lines:
        digest.update(f"{line.text}\x1e{line.confidence:.6f}\x1e{line.where.box}\x1f".encode("utf-8"))
    return digest.hexdigest()


def drop_repeated_pages(
    pages: Iterable[Page | InputError], first: Iterable[InputError] = ()
) -> Iterator[Page | InputError]:
    """Yield the errors in `first`, then the pages, each page that repeats an earlier
    one (page_fingerprint; pages of fewer than MIN_PAGE_LINES lines are never taken for
    copies) replaced by an InputError with stage duplicate naming the page it repeats."""
    yield from first
    seen: dict[str, tuple[str, int]] = {}
    for item in pages:
        if isinstance(item, Page) and len(item.lines) >= MIN_PAGE_LINES:
            key = page_fingerprint(item)
            if key in seen:
                source, page = seen[key]
                what = f"page {item.page} is the same page as {source} page {page}" if is_scan(Path(item.source)) \
                    else f"holds the same text as {source}"
                yield InputError(f"{item.source}: {what}; counted once, not as another copy",
                                 item.source, item.page if is_scan(Path(item.source)) else None, DUPLICATE)
                continue
            seen[key] = (item.source, item.page)
        yield item


NO_TEXT = "no-text"
MIN_WORD_SHARE = 0.8  # pages of the form read 0.97 or more; the back of a sheet printed through, about 0.6
MIN_JUDGED_LETTERS = 100


def drop_pages_of_no_text(pages: Iterable[Page | InputError],
                          word_share: Callable[[str], float]) -> Iterator[Page | InputError]:
    """Yield the pages, each scanned page whose Thai letters mostly make no words
    (`word_share` of its text, the share of its Thai letters that dictionary words
    cover, under MIN_WORD_SHARE; judged on MIN_JUDGED_LETTERS Thai letters or more)
    replaced by an InputError of stage NO_TEXT, a note. Tesseract reads the back of a
    sheet scanned duplex, the print showing through mirrored, or a page too damaged to
    read, as lines of Thai letters that spell nothing; joined to the page before, they
    ran on from its last field."""
    for item in pages:
        if isinstance(item, Page) and is_scan(Path(item.source)):
            text = " ".join(line.text for line in item.lines)
            if count_thai(text) >= MIN_JUDGED_LETTERS and (share := word_share(text)) < MIN_WORD_SHARE:
                yield InputError(f"{item.source} page {item.page} reads as no text: {share:.0%} of its Thai letters "
                                 f"make words (a page of the form: 97% or more); the back of a sheet with the print "
                                 "showing through, or a page too damaged to read? Left out", item.source, item.page,
                                 NO_TEXT)
                continue
        yield item
