"""Undo the layout that OCR exports wrap around text: markdown, HTML cells, tab rows.

The seed shows all of them in one file: `**bold**` and `## headings`, `\\*` escapes,
tab-separated table rows and `<p>` cells. Each becomes a plain cell of text, so that the
segmenter sees the same words whatever the export looked like.
"""

from __future__ import annotations

import html
import re

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_BOLD = re.compile(r"(?<!\\)(\*\*|__)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_CELL_BREAK = re.compile(r"\t|</?p\s*>|<br\s*/?>|</?td\s*>|</?tr\s*>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_EDGE_STARS = re.compile(r"^[\s*]+(?=\S)|(?<=\S)[\s*]+$")


def cells(raw_line: str) -> list[str]:
    """Return the non-empty text cells of one raw line, with layout markup removed.

    A line of a tab-separated row or of `<p>` cells yields one cell per column; the
    decorative asterisks around a heading or a placeholder value are stripped.
    """
    text = _MD_HEADING.sub("", raw_line)
    text = _MD_BOLD.sub("", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    out = []
    for part in _CELL_BREAK.split(text):
        part = html.unescape(_TAG.sub(" ", part))
        part = _EDGE_STARS.sub("", part).strip()
        if part and part.strip("*"):
            out.append(part)
    return out
