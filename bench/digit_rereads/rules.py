"""Judge re-reads as a check on tha's digits: a re-read counts only when it has tha's
shape (same length, punctuation in the same places: digits differ at most); then it
'flags' a token where its digits differ, and 'corrects' it when its reading is the truth."""
import re
import sys
import pandas as pd

d = pd.read_csv(sys.argv[1] if len(sys.argv) > 1 else "/tmp/digit_rereads/tokens.csv", dtype=str, keep_default_na=False)
d = d[d.truth != ""]
minlen = int(sys.argv[2]) if len(sys.argv) > 2 else 4
d = d[d.truth.str.len() >= minlen]
V = [c for c in d.columns if c.startswith(("eng", "tha")) and not c.endswith("conf") and c not in ("tha_raw", "tha")]
shape = lambda s: re.sub(r"\d", "9", s)  # noqa: E731
sub_err = (d.tha != d.truth) & (d.tha.map(shape) == d.truth.map(shape))   # a digit misread, shape right
other_err = (d.tha != d.truth) & ~sub_err
right = d.tha == d.truth
print(f"tokens of {minlen}+ chars: {len(d)}; tha right {right.sum()}, digit-substitution misreads {sub_err.sum()}, "
      f"other misreads (punctuation, split, lost digits) {other_err.sum()}")
print("substitutions:", pd.Series([f"{a}->{b}" for t, r in zip(d[sub_err].truth, d[sub_err].tha)
                                   for a, b in zip(t, r) if a != b]).value_counts().to_dict())


def judge(name, reread):
    usable = reread.map(shape) == d.tha.map(shape)
    flag = usable & (reread != d.tha)
    fix = flag & (reread == d.truth)
    print(f"{name:22} usable {usable.sum():4}/{len(d)} | digit misreads: flagged {flag[sub_err].sum():2}/{sub_err.sum()}, "
          f"corrected {fix[sub_err].sum():2} | tha right: flagged {flag[right].sum():3}/{right.sum()} "
          f"({100 * flag[right].mean():.1f}%) | other misreads flagged {flag[other_err].sum()}/{other_err.sum()}")
    return flag


for v in V:
    judge(v, d[v])
# two re-reads that agree
for a, b in (("tha7", "tha8"), ("tha7", "tha8x2"), ("tha8", "tha8x2"), ("tha7", "eng8x2")):
    agree = d[a].where(d[a] == d[b], "")
    judge(f"{a}&{b} agree", agree)
if "--fa" in sys.argv:
    v = sys.argv[sys.argv.index("--fa") + 1]
    usable = d[v].map(shape) == d.tha.map(shape)
    fa = d[right & usable & (d[v] != d.tha)]
    print(fa[["draw", "noise", "file", "truth", v]].to_string())
    print(pd.Series([f"{a}->{b}" for t, r in zip(fa.truth, fa[v]) for a, b in zip(t, r) if a != b]).value_counts().to_dict())
