"""Write one section of bench/RESULTS.md, leaving the other benchmarks' sections alone."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
NOTES = "<!-- notes: written by hand; kept when the benchmark writes this section again -->"


def update_section(heading: str, body: str, path: Path = RESULTS) -> None:
    """Replace (or append) the `## heading` section of the results file with `body`.
    What the section holds from a NOTES line on (what a person wrote about the figures:
    the comparisons with earlier runs, the wrong values looked at one by one) is kept
    after the new body, so that measuring again does not delete it; it is the writer's
    to bring up to date with the new figures."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n\n"
    marker = f"## {heading}"
    head, found, rest = text.partition(marker)
    old, _, tail = rest.partition("\n## ") if found else ("", "", "")
    notes = old[old.index(NOTES):].strip() if NOTES in old else ""
    section = f"{marker}\n\n{body.strip()}\n" + (f"\n{notes}\n" if notes else "")
    path.write_text(head.rstrip() + "\n\n" + section + ("\n## " + tail if tail else ""), encoding="utf-8")
