"""What a doubled tone mark before SARA AA was in the print (the evidence behind the
repair in pipeline/normalize.py).

Renders words with a tone mark before SARA AM (น้ำ, ซ้ำ, ค่ำ ...) and before SARA AA
(หน้า, น้า, ข้าว ...), each word on its own numbered line, three times, at the three
noise levels of the accuracy benchmark; reads the pages with Tesseract; and for every
token where Tesseract wrote the same tone mark twice before SARA AA, counts which word
the line printed. Prints the table and writes it into bench/RESULTS.md. Run:
`.venv/bin/python bench/tone_marks.py` (about two minutes).
"""

from __future__ import annotations

import collections
import datetime as dt
import random
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))
sys.path.insert(0, str(ROOT / "bench"))

from generate import NOISE, degrade  # noqa: E402
from render import render_pages  # noqa: E402
from results import update_section  # noqa: E402

from pipeline.normalize import normalize_ocr_text  # noqa: E402

WITH_SARA_AM = ("น้ำ", "ระบายน้ำ", "ค้ำประกัน", "ซ้ำ", "ย้ำ", "ล้ำหน้า", "น้ำท่วม", "ต่ำ", "ค่ำ", "ร่ำรวย")
WITH_SARA_AA = ("หน้า", "ข้าว", "ค้าขาย", "ล้าน", "บ้าน", "ช้าง", "ร้าน", "น้า", "ห้าม", "เจ้าหน้าที่", "ก้าวหน้า",
                "ว่า", "ด่าน", "ผ่าน", "ต่าง", "ท่าน", "ล่าช้า")
DOUBLED = re.compile(r"([\u0e48-\u0e4b])\1\u0e32")
LINE = re.compile(r"\s*(\d{3})\s+(.*)")


def main() -> None:
    import pytesseract

    words = [w for _ in range(3) for w in (*WITH_SARA_AM, *WITH_SARA_AA)]
    lines = [f"{n:03d} {w} {w}" for n, w in enumerate(words)]
    printed = {f"{n:03d}": w for n, w in enumerate(words)}
    found: collections.Counter[tuple[str, str, bool]] = collections.Counter()
    marks: collections.Counter[str] = collections.Counter()
    for level in ("light", "medium", "heavy"):
        for i, page in enumerate(render_pages(lines, dpi=200)):
            text = pytesseract.image_to_string(degrade(page, NOISE[level], random.Random(i + 10)), lang="tha")
            for line in text.splitlines():
                m = LINE.match(line)
                if not m or m.group(1) not in printed:
                    continue
                truth = printed[m.group(1)]
                for token in m.group(2).split():
                    doubled = DOUBLED.search(token)
                    if doubled:
                        marks[unicodedata.name(doubled.group(1))] += 1
                        kind = "SARA AM (ำ)" if truth in WITH_SARA_AM else "SARA AA (า)"
                        found[(level, kind, normalize_ocr_text(token) == truth)] += 1
    table = ["| noise | the print had | doubled tone marks read | normalised to the printed word |",
             "|---|---|---:|---:|"]
    for level in ("light", "medium", "heavy"):
        for kind in ("SARA AM (ำ)", "SARA AA (า)"):
            n = found[(level, kind, True)] + found[(level, kind, False)]
            table.append(f"| {level} | {kind} | {n} | {found[(level, kind, True)]} |")
    am = sum(v for (_, kind, _), v in found.items() if kind.startswith("SARA AM"))
    aa = sum(v for (_, kind, _), v in found.items() if kind.startswith("SARA AA"))
    body = (
        f"{dt.date.today().isoformat()}; Tesseract `tha`, Laksaman at 200 dpi, the accuracy benchmark's noise "
        f"models; {len(WITH_SARA_AM)} words with a tone mark before SARA AM and {len(WITH_SARA_AA)} before SARA "
        f"AA, each printed twice on its own numbered line, three times per noise level.\n"
        "Command: `.venv/bin/python bench/tone_marks.py`.\n\n" + "\n".join(table) + "\n\n"
        f"Every token with a tone mark written twice before SARA AA: {am} where the print had SARA AM, {aa} where "
        f"it had SARA AA; the mark doubled: {', '.join(f'{name} {n}' for name, n in sorted(marks.items()))}. "
        "pipeline/normalize.py therefore reads a doubled MAI THO before SARA AA in OCR output as MAI THO + SARA AM; the "
        "last column counts the tokens that then equal the printed word (the rest have other misreadings too)."
    )
    print(body)
    update_section("Doubled tone marks before SARA AA (the normalisation repair)", body)


if __name__ == "__main__":
    main()
