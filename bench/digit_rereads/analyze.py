"""Phase 2: for every digit word of every cached page (pages.py), find the printed token it
reads (by position: each printed line's token boxes predicted from the font, fitted to
the page by an affine map estimated from words read exactly), then re-read the word's
box cropped from the page image with other models (tesserocr, the same Tesseract 5.3.0
as the program) and write one row per token to $DIGIT_REREADS/tokens.csv.

Run: nice -n 19 .venv/bin/python bench/digit_rereads/analyze.py [DRAW ...]
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
import numpy as np  # noqa: E402
import regex  # noqa: E402
from PIL import Image, ImageFont, ImageOps  # noqa: E402
from tesserocr import PSM, PyTessBaseAPI  # noqa: E402

CACHE = Path(os.environ.get("DIGIT_REREADS", "/tmp/digit_rereads")) / "cache"
OUT = Path(os.environ.get("DIGIT_REREADS", "/tmp/digit_rereads")) / "tokens.csv"
DIGITISH = regex.compile(r"^[0-9,./:\-]*[0-9][0-9,./:\-]*$")
PRINTED = regex.compile(r"\d[\d,./:\-]*\d|\d")
PUNCT = ",./:-"
WL = "0123456789,.-/:"
PAD = 8
VPAD = int(os.environ.get("VPAD", "4"))
GAP = int(os.environ.get("GAP", "12"))  # px at 300 dpi: wider than a gap inside a number, narrower than a space
WIDEN = os.environ.get("WIDEN", "1") == "1"
BORDER = 16
DPI, POINT = 200, 16

# name: (lang, psm, whitelist?, upscale)
VARIANTS = {
    "eng7": ("eng", PSM.SINGLE_LINE, True, 1),
    "eng8": ("eng", PSM.SINGLE_WORD, True, 1),
    "eng7x2": ("eng", PSM.SINGLE_LINE, True, 2),
    "eng8x2": ("eng", PSM.SINGLE_WORD, True, 2),
    "eng8x2_nowl": ("eng", PSM.SINGLE_WORD, False, 2),
    "tha7": ("tha", PSM.SINGLE_LINE, True, 1),
    "tha8": ("tha", PSM.SINGLE_WORD, True, 1),
    "tha8x2": ("tha", PSM.SINGLE_WORD, True, 2),
    "tha7_nowl": ("tha", PSM.SINGLE_LINE, False, 1),
    "tha8_nowl": ("tha", PSM.SINGLE_WORD, False, 1),
}


def strip(text: str) -> str:
    return "".join(text.split()).strip(PUNCT)


def tsv_words(tsv: str) -> list[dict]:
    rows = list(csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r for r in rows if r["level"] == "5" and r.get("text", "").strip()]


def printed_tokens(meta: dict) -> list[dict]:
    """Every digit token printed on the page with its predicted box at 200 dpi (render.py's layout)."""
    face = ImageFont.truetype(meta["font"], int(POINT / 72 * DPI))
    step = int(face.size * 1.5)
    out = []
    for i, line in enumerate(meta["printed"]):
        y = DPI + i * step
        for m in PRINTED.finditer(line):
            x0 = int(0.8 * DPI) + face.getlength(line[: m.start()])
            l, t, r, b = face.getbbox(m.group(), anchor="la")
            out.append({"text": m.group(), "line": i, "start": m.start(), "printed_line": line,
                        "cx": x0 + (l + r) / 2, "cy": y + (t + b) / 2, "w": r - l})
    return out


def fit(pairs: list[tuple[tuple[float, float], tuple[float, float]]]) -> np.ndarray:
    """Affine map (3x2) from predicted centres to observed ones; a plain 1.5 scale when too few pairs."""
    if len(pairs) < 4:
        return np.array([[1.5, 0], [0, 1.5], [0, 0]])
    a = np.array([[px, py, 1] for (px, py), _ in pairs])
    b = np.array([o for _, o in pairs])
    m, *_ = np.linalg.lstsq(a, b, rcond=None)
    return m


def match(words: list[dict], tokens: list[dict]) -> list[tuple[dict, dict | None, float]]:
    obs = [(w, int(w["left"]) + int(w["width"]) / 2, int(w["top"]) + int(w["height"]) / 2) for w in words]
    m = np.array([[1.5, 0], [0, 1.5], [0, 0]])
    for radius in (150, 60):  # two rounds: coarse, then refit on the better pairs
        pairs = []
        for w, ox, oy in obs:
            best = None
            for t in tokens:
                if t["text"] != strip(w["text"]):
                    continue
                px, py = np.array([t["cx"], t["cy"], 1]) @ m
                d = ((px - ox) ** 2 + (py - oy) ** 2) ** 0.5
                if d < radius and (best is None or d < best[0]):
                    best = (d, t)
            if best:
                pairs.append(((best[1]["cx"], best[1]["cy"]), (ox, oy)))
        m = fit(pairs)
    out = []
    for w, ox, oy in obs:
        best = None
        for t in tokens:
            px, py = np.array([t["cx"], t["cy"], 1]) @ m
            d = ((px - ox) ** 2 + (2 * (py - oy)) ** 2) ** 0.5  # lines are 99 px apart: weigh y more
            if best is None or d < best[0]:
                best = (d, t)
        out.append((w, best[1] if best and best[0] < 60 else None, best[0] if best else -1))
    return out


def ink_span(page: Image.Image, w: dict) -> tuple[int, int, int, int]:
    """The word's box widened left and right to where its ink ends (Tesseract's `tha`
    word boxes often stop inside the last digit): columns of the box's rows are followed
    while ink resumes within GAP of the box height."""
    l, t = int(w["left"]), int(w["top"])
    r, b = l + int(w["width"]), t + int(w["height"])
    band = np.asarray(page.crop((0, t, page.width, b))) < 128
    ink = band.any(axis=0)
    gap = GAP
    while r < page.width and ink[r:r + gap].any():
        r += 1
    while l > 0 and ink[max(0, l - gap):l].any():
        l -= 1
    return l, t, r, b


def crop(page: Image.Image, w: dict, scale: int) -> Image.Image:
    l, t, r, b = ink_span(page, w) if WIDEN else (int(w["left"]), int(w["top"]), int(w["left"]) + int(w["width"]),
                                                   int(w["top"]) + int(w["height"]))
    box = (max(0, l - PAD), max(0, t - VPAD), min(page.width, r + PAD), min(page.height, b + VPAD))
    im = page.crop(box)
    if scale != 1:
        im = im.resize((im.width * scale, im.height * scale), Image.Resampling.LANCZOS)
    return ImageOps.expand(im, BORDER * scale, fill=255)


def main() -> None:
    draws = sys.argv[1:] or sorted(p.name for p in CACHE.iterdir())
    apis = {}
    for name, (lang, psm, wl, _) in VARIANTS.items():
        api = PyTessBaseAPI(lang=lang, psm=psm)
        if wl:
            api.SetVariable("tessedit_char_whitelist", WL)
        apis[name] = api
    timing = {name: [0.0, 0] for name in VARIANTS}
    rows = []
    for draw in draws:
        for meta_path in sorted((CACHE / draw).glob("*/*.json")):
            meta = json.loads(meta_path.read_text("utf-8"))
            page = Image.open(meta_path.with_suffix(".png")).convert("L")
            words = [w for w in tsv_words(meta_path.with_suffix(".tsv").read_text("utf-8"))
                     if DIGITISH.match("".join(w["text"].split()))]
            tokens = printed_tokens(meta)
            for w, tok, dist in match(words, tokens):
                row = {"draw": draw, "noise": meta["noise"], "file": meta["file"], "page": meta["page"],
                       "left": w["left"], "top": w["top"], "width": w["width"], "height": w["height"],
                       "truth": tok["text"] if tok else "", "report": meta["report"],
                       "line": tok["line"] if tok else "", "start": tok["start"] if tok else "", "printed_line": tok["printed_line"] if tok else "",
                       "dist": round(dist, 1), "tha": strip(w["text"]), "tha_raw": w["text"], "tha_conf": w["conf"]}
                for name, (_, _, _, scale) in VARIANTS.items():
                    im = crop(page, w, scale)
                    started = time.perf_counter()
                    apis[name].SetImage(im)
                    text = apis[name].GetUTF8Text()
                    conf = apis[name].MeanTextConf()
                    timing[name][0] += time.perf_counter() - started
                    timing[name][1] += 1
                    row[name] = strip(text)
                    row[name + "_conf"] = conf
                rows.append(row)
        print(f"{draw}: {len(rows)} tokens so far", flush=True)
    with OUT.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    for name, (secs, n) in timing.items():
        print(f"{name}: {n} reads, {1000 * secs / max(n, 1):.0f} ms per read (tesserocr, in process)")


if __name__ == "__main__":
    main()
