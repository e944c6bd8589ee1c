"""The rule pipeline/number_rereads.py builds, judged on the tokens analyze.py wrote: a
number word that holds a 1, 7, 5 or 9 read again alone (tha, one word, digits only, at
the page's size or twice it); where that differs from the page's reading by look-alike
digits alone (1/7, 5/9) it is a doubt, `agreed` where a reading as one line (tha, psm 7,
digits only) reads the same.

Run: .venv/bin/python bench/digit_rereads/agreement.py [$DIGIT_REREADS/tokens.csv]
"""
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from pipeline.number_rereads import look_alikes, slashes_put_back  # noqa: E402

d = pd.read_csv(sys.argv[1] if len(sys.argv) > 1 else "/tmp/digit_rereads/tokens.csv", dtype=str, keep_default_na=False)
d = d[(d.truth != "") & d.tha.str.contains("[1579]")]
print("| words | look-alike misreads | second reading | misreads doubted | right words doubted "
      "| doubts agreed: misreads | doubts agreed: right words |")
print("|---|---:|---|---:|---:|---:|---:|")
for least in (1, 4):
    x = d[d.truth.str.len() >= least]
    misread = x.apply(lambda r: look_alikes(r.tha, r.truth), axis=1)
    right = x.tha == x.truth
    for second, mend in (("tha8", False), ("tha8", True), ("tha8x2", False)):
        again = x.apply(lambda r: slashes_put_back(r.tha, r[second]) if mend else r[second], axis=1)
        doubt = pd.Series([look_alikes(read, a) for read, a in zip(x.tha, again)], index=x.index)
        agreed = doubt & (again == x.tha7) & (again == x[second])  # a mended reading is never agreed
        size = ("twice the size" if second.endswith("x2") else "the page's size") + \
            (", a date's slashes read as 7s put back (as built)" if mend else "")
        print(f"| {least}+ characters, {len(x):,} | {misread.sum()} | one word, {size} | {(doubt & misread).sum()} "
              f"| {(doubt & right).sum()} of {right.sum():,} | {(agreed & misread).sum()} | {(agreed & right).sum()} |")
