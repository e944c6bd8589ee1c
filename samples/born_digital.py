"""Typeset printed-form text into a born-digital PDF (real text, embedded Thai font), for
the tests and the benchmark of text layers.

Headless Chromium prints an HTML page of the lines: HarfBuzz shapes the Thai and Skia
embeds the font with a ToUnicode map, as a reporting system or a word processor would.
Each page holds the lines samples.render.layout_pages puts on it, one printed line a
line, so the PDF's text layer has the same lines as the scans render.py makes.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from render import layout_pages

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT = 120.0


def chromium() -> str | None:
    """Return the Chromium executable on PATH, or None."""
    return next(filter(None, map(shutil.which, CHROMIUM)), None)


def page_html(pages: Sequence[Sequence[str]]) -> str:
    """Return an HTML document printing each of `pages` (lists of lines) on its own A4 page,
    in Laksaman 16 pt at 1.5 line spacing within render.py's margins. Each page's text
    starts a little below the top margin: the marks above a first line's letters must
    not reach into the page before, where Chromium would paint them too (and pdftotext
    read them as a line of that page)."""
    body = '<div class="page">{}</div>'
    parts = [body.format("".join(f"<div>{html.escape(line) or '&nbsp;'}</div>" for line in lines)) for lines in pages]
    return ("<!doctype html><html lang='th'><meta charset='utf-8'><style>"
            "@page { size: A4; margin: 0.9in 0.8in } body { margin: 0; font: 16pt/1.5 Laksaman } "
            "div { white-space: pre } .page { padding-top: 0.1in; break-after: page } "
            ".page:last-child { break-after: auto }"
            "</style><body>" + "".join(parts) + "</body></html>")


def print_pdf(lines: Sequence[str], path: Path) -> Path:
    """Typeset `lines` (wrapped and paged as render.layout_pages does) into the PDF `path`
    with Chromium; return the path. Raises RuntimeError when Chromium is missing or fails."""
    binary = chromium()
    if binary is None:
        raise RuntimeError("Chromium not found (apt-get install chromium; `make setup` installs it)")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "page.html"
        source.write_text(page_html(layout_pages(lines)), encoding="utf-8")
        proc = subprocess.run(
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer",
             f"--user-data-dir={tmp}/profile", f"--print-to-pdf={path}", source.as_uri()],
            capture_output=True, timeout=TIMEOUT,
        )
    if proc.returncode != 0 or not path.is_file():
        raise RuntimeError(f"Chromium could not print {path}: {proc.stderr.decode(errors='replace')[-400:]}")
    return path
