"""Write one section of bench/RESULTS.md, leaving the other benchmarks' sections alone."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def update_section(heading: str, body: str, path: Path = RESULTS) -> None:
    """Replace (or append) the `## heading` section of the results file with `body`."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n\n"
    marker = f"## {heading}"
    head, found, rest = text.partition(marker)
    tail = rest.split("\n## ", 1)[1] if found and "\n## " in rest else ""
    section = f"{marker}\n\n{body.strip()}\n"
    path.write_text(head.rstrip() + "\n\n" + section + ("\n## " + tail if tail else ""), encoding="utf-8")
