"""Which pdftotext mode gives the lines the pipeline reads best from a born-digital PDF
(the evidence behind `-raw` in pipeline/text_layer.py).

Typesets each copy of the seed into a born-digital PDF with Chromium (samples/born_digital.py,
the lines render.py prints on each page), reads its text layer with pdftotext in its
default, -layout and -raw modes, with and without pipeline.text_layer's removal of a space
before a following vowel, and compares what the pipeline makes of each with what it makes
of the same printed lines given as text: the printed lines read back exactly, the
documents' values and the progress rows' cells that are equal. Prints the table and writes
it into bench/RESULTS.md. Run: `.venv/bin/python bench/text_layer_modes.py` (under a minute).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))
sys.path.insert(0, str(ROOT / "bench"))

import pandas as pd  # noqa: E402
from born_digital import print_pdf  # noqa: E402
from render import layout_pages, seed_copies  # noqa: E402
from results import update_section  # noqa: E402

from pipeline.dictionary import load_dictionaries  # noqa: E402
from pipeline.export import tables  # noqa: E402
from pipeline.ingest import text_lines as printed_text_lines  # noqa: E402
from pipeline.model import Line, Page, Where  # noqa: E402
from pipeline.normalize import normalize_text  # noqa: E402
from pipeline.copies import read_witnesses  # noqa: E402
from pipeline.run import reconcile_records  # noqa: E402
from pipeline.template import load_template  # noqa: E402
from pipeline.text_layer import page_texts, text_lines  # noqa: E402

MODES = {"default": "", "-layout": "-layout", "-raw": "-raw"}
SKIP = ("doc_id", "sources")


def plain_lines(text: str, source: str, page: int) -> tuple[Line, ...]:
    """A page's lines normalised only (no repair of spaces before following vowels)."""
    return tuple(Line(n, Where(source, page, i)) for i, raw in enumerate(text.splitlines(), 1)
                 if (n := normalize_text(raw)))


def frames(pages: list[Page]) -> tuple[dict, list[dict]]:
    """The document row and progress rows the pipeline makes of `pages` (one copy)."""
    template = load_template()
    records, _ = read_witnesses(pages, template)
    out = tables(reconcile_records(records, template, load_dictionaries()), [])
    docs = out["documents"].drop(columns=list(SKIP))
    rows = out["progress_reports"].drop(columns=["doc_id"]).to_dict("records")
    return (docs.iloc[0].to_dict() if len(docs) else {}), rows


def same(a: object, b: object) -> bool:
    """Equal values, an empty cell (NaN) equal to an empty cell."""
    return bool(pd.isna(a) and pd.isna(b)) if pd.isna(a) or pd.isna(b) else a == b


def score(reference: tuple[dict, list[dict]], got: tuple[dict, list[dict]]) -> tuple[int, int, int, int]:
    """(equal document values, document values, equal progress cells, progress cells)."""
    (ref_doc, ref_rows), (doc, rows) = reference, got
    equal_doc = sum(same(doc.get(k), v) for k, v in ref_doc.items())
    cells = [(i, k, v) for i, row in enumerate(ref_rows) for k, v in row.items()]
    equal_cells = sum(i < len(rows) and same(rows[i].get(k), v) for i, k, v in cells)
    return equal_doc, len(ref_doc), equal_cells, len(cells)


def main() -> None:
    totals: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k, lines in enumerate(seed_copies(), start=1):
            printed = [line for page in layout_pages(lines) for line in page]
            reference = frames([Page("text", 1, printed_text_lines("\n".join(printed), "text"))])
            want = {normalize_text(line) for line in printed} - {""}
            pdf = print_pdf(lines, Path(tmp) / f"copy{k}.pdf")
            for name, mode in MODES.items():
                texts = page_texts(pdf, mode=mode) or []
                for repair, read in (("yes", text_lines), ("no", plain_lines)):
                    pages = [Page(str(pdf), n, read(t, str(pdf), n)) for n, t in enumerate(texts, start=1)]
                    got = {ln.text for p in pages for ln in p.lines}
                    row = totals.setdefault(f"| {name} | {repair} |", [0] * 6)
                    for i, v in enumerate((len(want & got), len(want), *score(reference, frames(pages)))):
                        row[i] += v
    table = ["| pdftotext mode | space before a following vowel removed | printed lines read exactly | "
             "document values equal | progress cells equal |", "|---|---|---|---|---|"]
    table += [f"{key} {r[0]}/{r[1]} | {r[2]}/{r[3]} | {r[4]}/{r[5]} |" for key, r in totals.items()]
    body = ("The seed's four copies typeset into born-digital PDFs by Chromium (samples/born_digital.py), "
            "their text layers read by pdftotext, against the same printed lines given as text "
            "(bench/text_layer_modes.py):\n\n" + "\n".join(table))
    print(body)
    update_section("pdftotext modes for text layers", body)


if __name__ == "__main__":
    main()
