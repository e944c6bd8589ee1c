"""Numbers printed in Thai digits: what Tesseract's Thai models can read of them, and what
the pipeline makes of a report archive printed so.

1. The digits each installed Thai model's LSTM character set holds (`combine_tessdata -u`).
2. Per typeface (`--fonts`): a clean 300 dpi print of ๐๑๒๓๔๕๖๗๘๙ read with `tha`.
3. Per typeface: an archive of invented reports (samples/generate.py) printed with every
   digit as a Thai digit, two copies each (light and medium noise, 200 dpi), reconciled
   by this tree (and by `--before REV`); every number value of the truth (project code,
   fiscal year, dates, amounts, phones; each report's date, progress and amount spent)
   scored: wrong, wrong and not flagged needs_review, flagged. Documents are matched to
   the truth by their people's names (the project code is a number too).
Prints the figures and, unless --print-only, writes them to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
from pythainlp.util import arabic_digit_to_thai_digit
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))
sys.path.insert(0, str(ROOT / "bench"))

from generate import NOISE, ReportTruth, degrade, form_lines, invent_report, save_file  # noqa: E402
from ocr_speed import checkout  # noqa: E402
from render import FONT, render_pages  # noqa: E402
from results import update_section  # noqa: E402

from pipeline.tesseract import Tesseract, tessdata  # noqa: E402

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
DOCUMENT_NUMBERS = ("project_code", "fiscal_year_be", "start_date", "end_date", "budget_baht", "spent_baht",
                    "responsible_phone", "coordinator_phone")
REPORT_NUMBERS = ("report_date", "progress_pct", "spent_baht")


def model_digits(tmp: Path) -> list[str]:
    """Return a line per installed Thai model: the Thai digits its LSTM character set holds."""
    folder, _ = tessdata()
    out = []
    for model in ("tha", "Thai"):
        data = Path(folder) / f"{model}.traineddata"
        if not data.exists():
            continue
        subprocess.run(["combine_tessdata", "-u", str(data), str(tmp / f"{model}.")], capture_output=True, check=True)
        chars = {line.split(" ", 1)[0] for line in (tmp / f"{model}.lstm-unicharset").read_text().splitlines()}
        held = "".join(d for d in THAI_DIGITS if d in chars)
        missing = "".join(d for d in THAI_DIGITS if d not in chars)
        out.append(f"- `{model}.traineddata`: holds {' '.join(held)}; lacks **{' '.join(missing) or 'none'}**")
    return out


def clean_print(font: Path) -> str:
    """Return how `tha` reads ๐๑๒๓๔๕๖๗๘๙ printed clean at 300 dpi in `font`, and how many
    of the ten digits it read in their places (aligned: a digit read as two shifts none)."""
    page = render_pages([f"เลข {THAI_DIGITS}"], dpi=300, font=font)[0]
    text = Tesseract("tha").read(page, ("txt",), 6)["txt"]
    read = next((line.split(" ", 1)[-1] for line in text.splitlines() if line.strip()), "")
    right = sum(op.src_end - op.src_start for op in Levenshtein.opcodes(THAI_DIGITS, read) if op.tag == "equal")
    return f"| {font.stem} | {read} | {right} of 10 |"


def print_archive(folder: Path, font: Path, reports: list[ReportTruth], rng: random.Random) -> None:
    """Print each report twice (light and medium noise) in Thai digits into `folder`."""
    for i, report in enumerate(reports):
        printed = render_pages([arabic_digit_to_thai_digit(line) for line in form_lines(report)], dpi=200, font=font)
        for noise in ("light", "medium"):
            save_file([degrade(p, NOISE[noise], rng) for p in printed], folder / f"r{i}_{noise}.pdf", 200, bilevel=True)


def score(variants: pd.DataFrame, reports: list[ReportTruth]) -> tuple[int, int, int, int]:
    """Return (number values scored, wrong, wrong and not flagged, flagged)."""
    n = wrong = silent = flagged = 0
    for _, rows in variants.groupby("doc_id"):
        own = {r.field: r.value for r in rows.itertuples() if pd.isna(r.report_no)}
        truth = next((t for t in reports if t.responsible_name == own.get("responsible_name")
                      or t.coordinator_name == own.get("coordinator_name")), None)
        if truth is None:
            continue
        for r in rows.itertuples():
            if pd.isna(r.report_no):
                want = getattr(truth, r.field) if r.field in DOCUMENT_NUMBERS else None
            else:
                report = next((p for p in truth.reports if p.report_no == int(r.report_no)), None)
                want = getattr(report, r.field) if report is not None and r.field in REPORT_NUMBERS else None
            if want is None:
                continue
            ok = str(r.value) == str(want) or _number(r.value) is not None and _number(r.value) == _number(want)
            n, wrong, silent, flagged = n + 1, wrong + (not ok), silent + (not ok and not r.needs_review), \
                flagged + bool(r.needs_review)
    return n, wrong, silent, flagged


def _number(value) -> float | None:
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        return None


def reconcile(tree: Path, inputs: Path, out: Path) -> pd.DataFrame:
    """Return variants.csv of the pipeline in `tree` run on `inputs` (no cache)."""
    subprocess.run([sys.executable, "-m", "pipeline", str(inputs), "--out", str(out), "--no-cache", "--no-report",
                    "--quiet", "--jobs", "2"], cwd=tree, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
                   capture_output=True)
    return pd.read_csv(out / "variants.csv")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fonts", default="Laksaman,Garuda", help="typefaces (fonts-thai-tlwg), comma-separated")
    ap.add_argument("--reports", type=int, default=4)
    ap.add_argument("--seed", type=int, default=63)
    ap.add_argument("--before", metavar="REV", help="also reconcile with the pipeline at this git revision")
    ap.add_argument("--print-only", action="store_true")
    args = ap.parse_args()
    fonts = [FONT.with_stem(f) for f in args.fonts.split(",")]
    with tempfile.TemporaryDirectory(prefix="thai-digits-") as tmpdir:
        tmp = Path(tmpdir)
        trees = {"this tree": ROOT}
        if args.before:
            trees = {f"before ({args.before})": checkout(args.before, tmp / "before"), **trees}
        rows = ["| typeface | pipeline | number values | wrong | wrong and not flagged | flagged |",
                "|---|---|---:|---:|---:|---:|"]
        for font in fonts:
            rng = random.Random(args.seed)
            reports = [invent_report(rng) for _ in range(args.reports)]
            print_archive(tmp / font.stem / "in", font, reports, rng)
            for name, tree in trees.items():
                n, wrong, silent, flagged = score(reconcile(tree, tmp / font.stem / "in", tmp / font.stem / name), reports)
                rows.append(f"| {font.stem} | {name} | {n} | {wrong} | {silent} | {flagged} |")
                print(rows[-1], file=sys.stderr)
        section = "\n".join([
            f"{dt.date.today().isoformat()}. Command: `.venv/bin/python bench/thai_digits.py {' '.join(sys.argv[1:])}`.",
            "", "The Thai digits in each installed Thai model's character set (`combine_tessdata -u`):", "",
            *model_digits(tmp), "", "๐๑๒๓๔๕๖๗๘๙ printed clean at 300 dpi, read with `tha` (`--psm 6`):", "",
            "| typeface | read | digits right |", "|---|---|---:|", *(clean_print(f) for f in fonts), "",
            f"{args.reports} invented reports per typeface printed with every digit a Thai digit, two copies each "
            "(light and medium noise, 200 dpi, bilevel PDF), reconciled (`--jobs 2`, no cache); every number value "
            "the truth has scored:", "", *rows])
    print(section)
    if not args.print_only:
        update_section("Numbers printed in Thai digits", section)


if __name__ == "__main__":
    main()
