"""Summarise /tmp/digit_rereads/tokens.csv (or argv[1]): per reader, right / wrong, and for each
re-read, on tha's misreads: re-read right; on tha's right readings: re-read disagrees."""
import sys
import pandas as pd

d = pd.read_csv(sys.argv[1] if len(sys.argv) > 1 else "/tmp/digit_rereads/tokens.csv", dtype=str, keep_default_na=False)
d = d[d.truth != ""]
V = [c for c in d.columns if c.startswith(("eng", "tha")) and not c.endswith("conf") and c != "tha_raw"]
digits = lambda s: "".join(ch for ch in s if ch.isdigit())  # noqa: E731


def table(sub: pd.DataFrame, title: str) -> None:
    wrong = sub[sub.tha != sub.truth]
    right = sub[sub.tha == sub.truth]
    print(f"\n## {title}: {len(sub)} tokens; tha+eng page reading wrong on {len(wrong)}")
    print(f"{'reader':14} {'right':>9} | {'on tha-wrong: right':>19} {'differs':>8} | {'on tha-right: differs':>21} {'digits differ':>13}")
    for v in V:
        ok = (sub[v] == sub.truth).sum()
        print(f"{v:14} {ok:4}/{len(sub):<4} | {(wrong[v] == wrong.truth).sum():>13}/{len(wrong):<5} {(wrong[v] != wrong.tha).sum():>8} | "
              f"{(right[v] != right.tha).sum():>15}/{len(right):<5} {(right[v].map(digits) != right.tha.map(digits)).sum():>13}")


table(d, "all digit tokens")
table(d[d.truth.str.len() >= 4], "tokens of 4+ characters (dates, amounts, codes, years, percentages)")
for noise in ("light", "medium", "heavy"):
    sub = d[(d.noise == noise) & (d.truth.str.len() >= 4)]
    if len(sub):
        table(sub, f"{noise}, 4+ characters")
cols = ["draw", "noise", "file", "page", "truth", "tha", "tha_conf"] + [v for v in V if v != "tha"]
print("\n## tha's misreads")
print(d[d.tha != d.truth][cols].to_string())
