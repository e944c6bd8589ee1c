"""Render the review page for the seed sample (its text copies in samples/text and its
scanned copies in samples/scans/seed, OCR'd by Tesseract) and screenshot it with headless
Chromium to docs/review_seed.png: the scanned copies' columns show the crops of the print.

    .venv/bin/python docs/make_screenshot.py [--chromium PATH]

Needs Debian's chromium package (apt-get install chromium); nothing is downloaded.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.api import reconcile  # noqa: E402

OUT = ROOT / "docs" / "review_seed.png"


def screenshot(chromium: str, page: Path, png: Path, size: str = "1400,2000") -> None:
    """Write a PNG of `page` as Chromium shows it in a window of `size` pixels."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [chromium, "--headless=new", "--disable-gpu", "--no-sandbox", "--hide-scrollbars",
             "--no-first-run", f"--user-data-dir={profile}", f"--window-size={size}",
             f"--screenshot={png}", page.as_uri()],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser"))
    args = parser.parse_args()
    if not args.chromium:
        parser.error("Chromium not found: apt-get install chromium, or pass --chromium PATH")
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        reconcile(["samples/scans/seed", "samples/text"], out=tmp, cache=Path(tmp) / "cache.sqlite")
        screenshot(args.chromium, Path(tmp) / "report.html", OUT)
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
