"""A page's number words read again one by one (as pipeline/number_rereads.py does) or
stacked on one sheet and read in one recognition (tha, psm 6, digits only), on the pages
pages.py cached and the tokens analyze.py wrote: time per word and what each doubts.

Run: nice -n 19 .venv/bin/python bench/digit_rereads/stacked.py
"""
import glob
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import pandas as pd  # noqa: E402
from PIL import Image  # noqa: E402
from tesserocr import PSM, RIL, PyTessBaseAPI  # noqa: E402

from pipeline.number_rereads import DIGITS, _bare, _crop, ink_span, look_alikes, number_words  # noqa: E402
from pipeline.strips import stack  # noqa: E402

OUT = Path(os.environ.get("DIGIT_REREADS", "/tmp/digit_rereads"))


def stacked_reads(api: PyTessBaseAPI, crops: list[Image.Image]) -> list[str]:
    """Return each crop's text as read from one sheet of them all."""
    sheet, tops = stack(crops)
    api.SetImage(sheet)
    api.Recognize()
    got = [""] * len(crops)
    it = api.GetIterator()
    while True:
        if not it.Empty(RIL.TEXTLINE):
            _, top, _, bottom = it.BoundingBox(RIL.TEXTLINE)
            middle = (top + bottom) / 2
            at = next((i for i, (t, c) in enumerate(zip(tops, crops)) if t <= middle <= t + c.height), None)
            if at is not None:
                got[at] += _bare(it.GetUTF8Text(RIL.TEXTLINE))
        if not it.Next(RIL.TEXTLINE):
            break
    return got


def main() -> None:
    tok = pd.read_csv(OUT / "tokens.csv", dtype=str, keep_default_na=False)
    key = tok.draw + "|" + tok.noise + "|" + tok.file.str.replace(".pdf", "") + "|" + tok.page + "|" + tok.left \
        + "|" + tok.top
    truth = dict(zip(key, tok.truth))
    block = PyTessBaseAPI(lang="tha", psm=PSM.SINGLE_BLOCK)
    word = PyTessBaseAPI(lang="tha", psm=PSM.SINGLE_WORD)
    for api in (block, word):
        api.SetVariable("tessedit_char_whitelist", DIGITS)
    rows, seconds = [], {"one by one": 0.0, "stacked": 0.0}
    for png in sorted(glob.glob(str(OUT / "cache" / "*" / "*" / "*.png"))):
        draw, noise, stem = png.split("/")[-3], png.split("/")[-2], Path(png).stem
        page = Image.open(png).convert("L")
        words = number_words(Path(png).with_suffix(".tsv").read_text("utf-8"))
        if not words:
            continue
        crops = [_crop(page, ink_span(page, box)) for _, box in words]
        started = time.perf_counter()
        singles = []
        for crop in crops:
            word.SetImage(crop)
            singles.append(_bare(word.GetUTF8Text()))
        seconds["one by one"] += time.perf_counter() - started
        started = time.perf_counter()
        together = stacked_reads(block, crops)
        seconds["stacked"] += time.perf_counter() - started
        file, number = stem.rsplit("_p", 1)
        for (text, box), single, stacked in zip(words, singles, together):
            rows.append(dict(truth=truth.get(f"{draw}|{noise}|{file}|{number}|{box[0]}|{box[1]}", ""), read=text,
                             single=single, stacked=stacked))
    d = pd.DataFrame(rows)
    print(f"{len(d)} number words; " + ", ".join(f"{k}: {1000 * v / len(d):.1f} ms a word" for k, v in seconds.items()))
    d = d[d.truth != ""]
    misread = d.apply(lambda r: look_alikes(r.read, r.truth), axis=1)
    right = d.read == d.truth
    for column in ("single", "stacked"):
        doubt = d.apply(lambda r: look_alikes(r.read, r[column]), axis=1)
        print(f"{column}: look-alike misreads doubted {(doubt & misread).sum()} of {misread.sum()}, "
              f"right words doubted {(doubt & right).sum()} of {right.sum()}")


if __name__ == "__main__":
    main()
