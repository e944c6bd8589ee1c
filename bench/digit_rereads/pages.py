"""Phase 1: reproduce a bench draw's scanned pages (bench/accuracy.py's own functions) and
OCR each page the way the pipeline's first page reading does (rasterise at 300 dpi,
preprocess, Tesseract tha+eng --psm 3, txt+tsv).  Saves, per page, the cleaned image the
page reading saw, its TSV, and the printed lines of that page, under
$DIGIT_REREADS/cache/ (default /tmp/digit_rereads)<draw>/<noise>/.

Run: nice -n 19 .venv/bin/python bench/digit_rereads/pages.py SEED FONT BREAKS LEVELS COPIES
e.g. ... pages.py 9191 Laksaman spaces light,medium,heavy 1
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parents[2]
for p in (ROOT, ROOT / "samples", ROOT / "bench"):
    sys.path.insert(0, str(p))

from accuracy import SEED, archive_files  # noqa: E402
from generate import TITLE, form_lines, invent_report, write_archive  # noqa: E402
from render import FONT, layout_pages  # noqa: E402

from pipeline.ocr_settings import OcrSettings  # noqa: E402
from pipeline.preprocess import preprocess_page  # noqa: E402
from pipeline.raster import rasterise  # noqa: E402
from pipeline.tesseract import Tesseract  # noqa: E402

N_REPORTS, K_MAX = 4, 8
LEVELS = ("light", "medium", "heavy")
OUT = Path(os.environ.get("DIGIT_REREADS", "/tmp/digit_rereads")) / "cache"


def main() -> None:
    seed, font_name, breaks = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    want_levels = sys.argv[4].split(",")
    copies = int(sys.argv[5])
    font = FONT.with_stem(font_name)
    settings = OcrSettings()
    tess = Tesseract(settings.lang, engine="cli")
    rng = random.Random(seed)
    invented = {noise: [invent_report(rng) for _ in range(N_REPORTS)] for noise in LEVELS}  # as accuracy.main
    draw = f"{seed}_{font_name}_{breaks}"
    for i, noise in enumerate(LEVELS):
        if noise not in want_levels:
            continue
        scan_seed = (100 if seed == SEED else seed) + i
        folder = OUT / draw / noise
        folder.mkdir(parents=True, exist_ok=True)
        reports = invented[noise]
        files = archive_files(N_REPORTS, K_MAX, noise)[: N_REPORTS * copies]  # copies c0.. (a prefix: same rng stream)
        manifest = write_archive(folder / "pdf", reports, files, seed=scan_seed, font=font, breaks=breaks)
        for spec, entry in zip(files, manifest.files):
          pdf = folder / "pdf" / entry["files"][0]
          for held in entry["copies"]:  # a binder holds two reports' copies
            report = reports[held["report"]]
            printed = layout_pages(form_lines(report), dpi=200, font=font, breaks=breaks)
            for k in range(held["pages"]):
                page = held["first_page"] + k
                stem = f"{Path(spec.name).stem}_p{page}"
                if (folder / f"{stem}.json").exists():
                    continue
                started = time.perf_counter()
                image, _ = rasterise(pdf, page, settings.dpi, None, settings.renderer)
                cleaned, angle = preprocess_page(image, settings.preprocess)
                out = tess.read(cleaned, ("txt", "tsv"), settings.psm)
                cleaned.save(folder / f"{stem}.png")
                (folder / f"{stem}.tsv").write_text(out["tsv"], "utf-8")
                meta = {"draw": draw, "noise": noise, "file": spec.name, "page": page, "report": held["report"],
                        "printed": printed[k], "header": TITLE, "font": str(font), "breaks": breaks,
                        "size": cleaned.size, "angle": angle, "ocr_seconds": time.perf_counter() - started}
                (folder / f"{stem}.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
                print(f"{draw} {noise} {stem}: {meta['ocr_seconds']:.1f} s", flush=True)


if __name__ == "__main__":
    main()
