"""Messy archives: on an archive of invented reports with one kind of mess at a time, how
many values come out right, wrong but flagged (needs_review), and wrong unflagged, the
worst kind. Each mess is what real boxes hold: pages swapped, a stack scanned back to
front, a copy that lost its first page before other copies, another report's page filed
inside a copy, a page upside down, a copy scanned at 150 dpi, a file given twice, thin
paper showing the page behind, a stamp over the text, a copy scanned short or
off-centre, punch holes, faded toner, pages photographed as JPEG files, two pages to a
sheet, a 1-bit TIFF, an earlier printing of a report, a copy in another typeface.

The archive is printed and scanned once (samples/generate.py); every variant reuses its
page images, so OCR reads each distinct page once (the cache is shared by the runs).
With --before REF the same variants run through the command line of that commit too (a
temporary git worktree), side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))

import pandas as pd  # noqa: E402
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps  # noqa: E402
from generate import CopySpec, Manifest, ReportTruth, copy_pages, invent_report  # noqa: E402
from render import FONT, render_pages  # noqa: E402
from results import update_section  # noqa: E402
from score import free_text_items, structured_checks  # noqa: E402

from pipeline.load import read_tables  # noqa: E402
from pipeline.raster import A4_WIDTH_INCHES  # noqa: E402

SEED = 4242
REPORTS, COPIES = 3, 2  # two copies of each report, two pages each
Pages = list[Image.Image]
Files = dict[str, Pages]


def invented() -> list[ReportTruth]:
    """Return the archive's reports, as invented (the same every call)."""
    rng = random.Random(SEED)
    return [invent_report(rng) for _ in range(REPORTS)]


def printed(tmp: Path) -> tuple[list[dict], list[list[Pages]]]:
    """Return the reports' truth and each report's copies, each copy its page images."""
    reports = invented()
    scan_rng = random.Random(SEED + 1)
    copies = [[copy_pages(r, CopySpec(i, "medium"), scan_rng, 200) for _ in range(COPIES)]
              for i, r in enumerate(reports)]
    return json.loads(Manifest(reports).to_json())["reports"], copies


def clean(copies: list[list[Pages]]) -> Files:
    return {f"r{r}_c{c}.pdf": list(pages) for r, held in enumerate(copies) for c, pages in enumerate(held)}


def swapped(copies: list[list[Pages]]) -> Files:
    files = clean(copies)
    files["r0_c0.pdf"] = files["r0_c0.pdf"][::-1]
    return files


def reversed_stack(copies: list[list[Pages]]) -> Files:
    return {"stack.pdf": [p for pages in clean(copies).values() for p in pages][::-1]}


def lost_first_page(copies: list[list[Pages]]) -> Files:
    """Report 0's second copy lost its first page; its later page comes before the other
    reports' copies in one binder."""
    files = {"r0_c0.pdf": copies[0][0]}
    files["binder.pdf"] = [copies[0][1][1], *(p for r in (1, 2) for c in range(COPIES) for p in copies[r][c])]
    return files


def stray_page(copies: list[list[Pages]]) -> Files:
    """Report 1's second copy's later page filed inside report 0's first copy; that copy
    of report 1 keeps only its first page."""
    files = clean(copies)
    files["r0_c0.pdf"] = [copies[0][0][0], copies[1][1][1], copies[0][0][1]]
    files["r1_c1.pdf"] = [copies[1][1][0]]
    return files


def upside_down(copies: list[list[Pages]]) -> Files:
    files = clean(copies)
    files["r2_c1.pdf"] = [files["r2_c1.pdf"][0].rotate(180), *files["r2_c1.pdf"][1:]]
    return files


def low_resolution(copies: list[list[Pages]]) -> Files:
    files = clean(copies)
    files["r1_c0.pdf"] = [p.resize((p.width * 3 // 4, p.height * 3 // 4), Image.LANCZOS)
                          for p in files["r1_c0.pdf"]]
    return files


def given_twice(copies: list[list[Pages]]) -> Files:
    files = clean(copies)
    files["r0_c0 (copy).pdf"] = files["r0_c0.pdf"]
    return files


def turned_quarter(copies: list[list[Pages]]) -> Files:
    files = clean(copies)
    files["r1_c1.pdf"] = [files["r1_c1.pdf"][0], files["r1_c1.pdf"][1].rotate(90, expand=True)]
    return files


def skewed(copies: list[list[Pages]]) -> Files:
    """Report 0's first copy fed into the scanner at a slant (3 degrees, beyond the
    printing's own small tilt)."""
    files = clean(copies)
    files["r0_c0.pdf"] = [p.rotate(3, resample=Image.BICUBIC, fillcolor=255) for p in files["r0_c0.pdf"]]
    return files


def fax_resolution(copies: list[list[Pages]]) -> Files:
    files = clean(copies)
    files["r2_c0.pdf"] = [p.resize((p.width // 2, p.height // 2), Image.LANCZOS) for p in files["r2_c0.pdf"]]
    return files


def blank_backs(copies: list[list[Pages]]) -> Files:
    """A copy scanned on both sides: a blank back (faint speckle) after each page."""
    files = clean(copies)
    back = Image.effect_noise(files["r1_c0.pdf"][0].size, 6).point(lambda v: 255 if v < 250 else 200)
    files["r1_c0.pdf"] = [q for p in files["r1_c0.pdf"] for q in (p, back)]
    return files


def cover_sheet(copies: list[list[Pages]]) -> Files:
    """A covering memo (another kind of paper, in Thai) filed before a copy, in its file."""
    files = clean(copies)
    memo = render_pages(MEMO, dpi=files["r2_c1.pdf"][0].width * 100 // 827)[0]
    files["r2_c1.pdf"] = [memo, *files["r2_c1.pdf"]]
    return files


def memo_inside(copies: list[list[Pages]]) -> Files:
    """A memo filed between a copy's two pages."""
    files = clean(copies)
    memo = render_pages(MEMO, dpi=files["r0_c1.pdf"][0].width * 100 // 827)[0]
    files["r0_c1.pdf"] = [files["r0_c1.pdf"][0], memo, files["r0_c1.pdf"][1]]
    return files


def page_fed_twice(copies: list[list[Pages]]) -> Files:
    """A copy's first page scanned twice in a row (the feeder took it back)."""
    files = clean(copies)
    files["r2_c0.pdf"] = [files["r2_c0.pdf"][0], *files["r2_c0.pdf"]]
    return files


def one_copy(copies: list[list[Pages]]) -> Files:
    files = clean(copies)
    del files["r0_c1.pdf"]
    return files


def one_copy_at_fax_resolution(copies: list[list[Pages]]) -> Files:
    files = fax_resolution(copies)
    del files["r2_c1.pdf"]
    return files


def interleaved(copies: list[list[Pages]]) -> Files:
    """Two copies of a report scanned together, their pages collated: first pages, then
    later pages."""
    files = clean(copies)
    first, second = files.pop("r1_c0.pdf"), files.pop("r1_c1.pdf")
    files["r1_both.pdf"] = [first[0], second[0], first[1], second[1]]
    return files


def lost_last_page(copies: list[list[Pages]]) -> Files:
    files = clean(copies)
    files["r1_c1.pdf"] = files["r1_c1.pdf"][:1]
    return files


def uneven_light(copies: list[list[Pages]]) -> Files:
    """A copy photographed rather than scanned: light falling off across the page."""
    files = clean(copies)
    shade = Image.linear_gradient("L").rotate(90).resize(files["r0_c1.pdf"][0].size).point(lambda v: 255 - v // 3)
    files["r0_c1.pdf"] = [ImageChops.multiply(p.convert("L"), shade) for p in files["r0_c1.pdf"]]
    return files


def bleed_through(copies: list[list[Pages]]) -> Files:
    """Thin paper: each page of a copy shows the page behind it faintly, mirrored."""
    files = clean(copies)
    behind = files["r2_c0.pdf"][::-1]
    files["r1_c0.pdf"] = [
        ImageChops.darker(p.convert("L"), ImageOps.mirror(b.convert("L").resize(p.size)).point(lambda v: 255 - (255 - v) * 3 // 10))
        for p, b in zip(files["r1_c0.pdf"], behind)]
    return files


def stamped(copies: list[list[Pages]]) -> Files:
    """A received stamp (a box with Thai text and a date, at a slant) pressed over the
    text of a copy's first page."""
    files = clean(copies)
    page = files["r0_c1.pdf"][0].convert("L").copy()
    w, h = page.size
    text = render_pages(["สำนักงานเขต", "รับที่ 1234", "วันที่ 5 ม.ค. 2565"], dpi=w * 100 // 827)[0].convert("L")
    stamp = ImageOps.expand(text.crop(ImageOps.invert(text).getbbox()), border=12, fill=255)
    ImageDraw.Draw(stamp).rectangle([2, 2, stamp.width - 3, stamp.height - 3], outline=0, width=4)
    stamp = stamp.rotate(8, expand=True, fillcolor=255).point(lambda v: 255 - (255 - v) * 6 // 10)
    at = (w // 2, h // 4)
    page.paste(ImageChops.darker(page.crop((*at, at[0] + stamp.width, at[1] + stamp.height)), stamp), at)
    files["r0_c1.pdf"] = [page, *files["r0_c1.pdf"][1:]]
    return files


def cropped_bottom(copies: list[list[Pages]]) -> Files:
    """A copy scanned short: the bottom fifth of each page cut off."""
    files = clean(copies)
    files["r1_c1.pdf"] = [p.crop((0, 0, p.width, p.height * 4 // 5)) for p in files["r1_c1.pdf"]]
    return files


def punched(copies: list[list[Pages]]) -> Files:
    """Punch holes and a dark binding shadow down the left edge of a copy's pages."""
    files = clean(copies)
    out = []
    for p in files["r2_c1.pdf"]:
        p = p.convert("L").copy()
        draw, (w, h), r = ImageDraw.Draw(p), p.size, p.width // 45
        draw.rectangle([0, 0, w // 40, h], fill=40)
        for y in (h // 3, 2 * h // 3):
            draw.ellipse([w // 30, y - r, w // 30 + 2 * r, y + r], fill=0)
        out.append(p)
    files["r2_c1.pdf"] = out
    return files


def shifted(copies: list[list[Pages]]) -> Files:
    """A copy laid off-centre on the glass: the print shifted down and right, its right
    and bottom edges cut off."""
    files = clean(copies)
    files["r0_c0.pdf"] = [on_sheet(p, p.convert("L"), (p.width // 12, p.height // 14)) for p in files["r0_c0.pdf"]]
    return files


def on_sheet(page: Image.Image, image: Image.Image, at: tuple[int, int]) -> Image.Image:
    """Return a blank sheet the size of `page` with `image` laid on it at `at` (its
    edges cut off where it runs over)."""
    sheet = Image.new("L", page.size, 255)
    sheet.paste(image, at)
    return sheet


def faded(copies: list[list[Pages]]) -> Files:
    """A copy printed as the toner ran out: grey text of low contrast."""
    files = clean(copies)
    files["r1_c0.pdf"] = [p.convert("L").point(lambda v: 150 + v * 105 // 255) for p in files["r1_c0.pdf"]]
    return files


def photographed_pages(copies: list[list[Pages]]) -> Files:
    """A copy photographed page by page, each page a JPEG file of its own (soft focus,
    strong compression)."""
    files = clean(copies)
    for i, p in enumerate(files.pop("r2_c0.pdf"), start=1):
        files[f"r2_c0_p{i}.jpg"] = [p.convert("L").filter(ImageFilter.GaussianBlur(0.8))]
    return files


def yellowed(copies: list[list[Pages]]) -> Files:
    """An old copy on yellowed paper, scanned in colour."""
    files = clean(copies)
    files["r0_c1.pdf"] = [Image.merge("RGB", [p.convert("L").point(lambda v, k=k: v * k // 255) for k in (235, 215, 160)])
                          for p in files["r0_c1.pdf"]]
    return files


def two_up(copies: list[list[Pages]]) -> Files:
    """A copy photocopied two pages to a sheet: its pages side by side on one landscape image."""
    files = clean(copies)
    left, right = (p.convert("L") for p in files["r1_c0.pdf"])
    sheet = Image.new("L", (left.width + right.width, max(left.height, right.height)), 255)
    sheet.paste(left, (0, 0))
    sheet.paste(right, (left.width, 0))
    files["r1_c0.pdf"] = [sheet]
    return files


def one_bit_tiff(copies: list[list[Pages]]) -> Files:
    """A copy scanned black and white (1 bit) into one multi-page TIFF file (Group 4)."""
    files = clean(copies)
    files["r0_c1.tif"] = [p.convert("L").point(lambda v: 255 if v > 150 else 0).convert("1")
                          for p in files.pop("r0_c1.pdf")]
    return files


def earlier_printing(copies: list[list[Pages]]) -> Files:
    """An earlier printing of a report, made when only its first two progress reports
    were in, filed as a third copy: the truth is the later printing."""
    files = clean(copies)
    report = invented()[0]
    early = replace(report, reports=report.reports[:2], spent_baht=sum(r.spent_baht for r in report.reports[:2]))
    files["r0_early.pdf"] = copy_pages(early, CopySpec(0, "medium"), random.Random(SEED + 2), 200)
    return files


def other_typeface(copies: list[list[Pages]]) -> Files:
    """A copy printed from another computer, in another typeface (Garuda)."""
    files = clean(copies)
    files["r1_c1.pdf"] = copy_pages(invented()[1], CopySpec(1, "medium"), random.Random(SEED + 3), 200,
                                    font=FONT.with_stem("Garuda"))
    return files


def cropped_right(copies: list[list[Pages]]) -> Files:
    """A copy scanned narrow: the right tenth of each page cut off, with the ends of the
    longest lines."""
    files = clean(copies)
    files["r2_c1.pdf"] = [p.crop((0, 0, p.width * 9 // 10, p.height)) for p in files["r2_c1.pdf"]]
    return files


def heavy_toner(copies: list[list[Pages]]) -> Files:
    """A copy printed too dark: strokes spread and the loops of letters and digits fill in."""
    files = clean(copies)
    files["r0_c0.pdf"] = [p.convert("L").filter(ImageFilter.MinFilter(3)).point(lambda v: 255 if v > 220 else v * 7 // 10)
                          for p in files["r0_c0.pdf"]]
    return files


def steep_skew(copies: list[list[Pages]]) -> Files:
    """A copy fed in badly askew (7 degrees)."""
    files = clean(copies)
    files["r1_c0.pdf"] = [p.rotate(-7, resample=Image.BICUBIC, fillcolor=255) for p in files["r1_c0.pdf"]]
    return files


def fit_to_page(copies: list[list[Pages]]) -> Files:
    """A copy printed "fit to page": the whole print shrunk to 80% and centred on the sheet."""
    files = clean(copies)
    small = [p.convert("L").resize((p.width * 4 // 5, p.height * 4 // 5), Image.LANCZOS) for p in files["r2_c0.pdf"]]
    files["r2_c0.pdf"] = [on_sheet(p, s, ((p.width - s.width) // 2, (p.height - s.height) // 2))
                          for p, s in zip(files["r2_c0.pdf"], small)]
    return files


def note_over_text(copies: list[list[Pages]]) -> Files:
    """A sticky note left on a copy's pages when it was scanned: a pale square hides the
    right part of some lines."""
    files = clean(copies)
    out = []
    for p in files["r0_c1.pdf"]:
        p = p.convert("L").copy()
        w, h = p.size
        ImageDraw.Draw(p).rectangle([w * 6 // 10, h * 3 // 10, w * 6 // 10 + w // 4, h * 3 // 10 + w // 4], fill=235)
        out.append(p)
    files["r0_c1.pdf"] = out
    return files


def out_of_focus(copies: list[list[Pages]]) -> Files:
    """A copy photographed out of focus."""
    files = clean(copies)
    files["r1_c1.pdf"] = [p.convert("L").filter(ImageFilter.GaussianBlur(1.6)) for p in files["r1_c1.pdf"]]
    return files


def only_copy(make: Callable[[list[list[Pages]]], Files], dropped: str) -> Callable[[list[list[Pages]]], Files]:
    """Return the mess `make` with the file `dropped` left out: the messed copy is its
    report's only one, and no other copy can outvote what the mess did to it."""
    def alone(copies: list[list[Pages]]) -> Files:
        files = make(copies)
        del files[dropped]
        return files
    return alone


MEMO = ["บันทึกข้อความ", "ส่วนราชการ สำนักงานเขต ฝ่ายปกครอง", "เรื่อง ขอส่งรายงานความก้าวหน้าโครงการ",
        "เรียน ผู้อำนวยการเขต", "ตามที่ได้รับมอบหมายให้รายงานผลการดำเนินงาน จึงขอส่งรายงานมาเพื่อโปรดทราบ",
        "จึงเรียนมาเพื่อโปรดทราบ"]


VARIANTS: dict[str, tuple[str, Callable[[list[list[Pages]]], Files]]] = {
    "clean": ("each copy a file", clean),
    "swapped": ("a copy's two pages swapped", swapped),
    "reversed": ("every copy in one file scanned back to front", reversed_stack),
    "lost_first": ("a copy's first page lost, its later page before other copies in a binder", lost_first_page),
    "stray": ("another report's later page filed inside a copy", stray_page),
    "upside_down": ("a page upside down", upside_down),
    "low_dpi": ("a copy scanned at 150 dpi", low_resolution),
    "twice": ("a file given twice", given_twice),
    "quarter_turn": ("a page turned a quarter", turned_quarter),
    "skewed": ("a copy fed in at a slant (3 degrees)", skewed),
    "fax_dpi": ("a copy scanned at 100 dpi", fax_resolution),
    "blank_backs": ("a copy scanned both sides, blank backs between its pages", blank_backs),
    "cover": ("a covering memo before a copy, in its file", cover_sheet),
    "memo_inside": ("a memo filed between a copy's pages", memo_inside),
    "fed_twice": ("a copy's first page scanned twice in a row", page_fed_twice),
    "one_copy": ("a report with one copy only", one_copy),
    "one_copy_fax": ("a report with one copy only, scanned at 100 dpi", one_copy_at_fax_resolution),
    "interleaved": ("two copies of a report collated in one file (first pages, then later pages)", interleaved),
    "lost_last": ("a copy's last page lost", lost_last_page),
    "uneven_light": ("a copy photographed, light falling off across the page", uneven_light),
    "bleed_through": ("thin paper: each page of a copy shows the page behind it, mirrored", bleed_through),
    "stamped": ("a received stamp pressed over a page's text", stamped),
    "cropped": ("a copy scanned short, the bottom fifth of each page cut off", cropped_bottom),
    "punched": ("punch holes and a binding shadow down a copy's left edge", punched),
    "shifted": ("a copy off-centre on the glass, shifted down and right", shifted),
    "faded": ("a copy printed as the toner ran out (grey text)", faded),
    "jpeg_pages": ("a copy photographed page by page, each page a JPEG file", photographed_pages),
    "yellowed": ("an old copy on yellowed paper, scanned in colour", yellowed),
    "two_up": ("a copy photocopied two pages to a sheet", two_up),
    "one_bit_tiff": ("a copy scanned black and white into one multi-page TIFF", one_bit_tiff),
    "earlier_printing": ("an earlier printing (two progress reports in) filed as a third copy", earlier_printing),
    "other_typeface": ("a copy printed in another typeface", other_typeface),
    "cropped_right": ("a copy scanned narrow, the right tenth of each page cut off", cropped_right),
    "heavy_toner": ("a copy printed too dark, strokes spread", heavy_toner),
    "steep_skew": ("a copy fed in badly askew (7 degrees)", steep_skew),
    "fit_to_page": ("a copy printed shrunk to fit the page (80%)", fit_to_page),
    "note_over_text": ("a sticky note hiding part of a copy's lines", note_over_text),
    "out_of_focus": ("a copy photographed out of focus", out_of_focus),
    "one_copy_dark": ("a report's one copy printed too dark", only_copy(heavy_toner, "r0_c1.pdf")),
    "one_copy_note": ("a report's one copy with a sticky note hiding part of its lines",
                      only_copy(note_over_text, "r0_c0.pdf")),
    "one_copy_blurred": ("a report's one copy photographed out of focus", only_copy(out_of_focus, "r1_c0.pdf")),
    "one_copy_narrow": ("a report's one copy scanned narrow, its right tenth cut off",
                        only_copy(cropped_right, "r2_c0.pdf")),
    "one_copy_stamped": ("a report's one copy with a stamp over its text", only_copy(stamped, "r0_c0.pdf")),
    "one_copy_thin": ("a report's one copy on thin paper, the page behind showing", only_copy(bleed_through, "r1_c1.pdf")),
    "one_copy_askew": ("a report's one copy fed in badly askew", only_copy(steep_skew, "r1_c1.pdf")),
    "one_copy_faded": ("a report's one copy printed as the toner ran out", only_copy(faded, "r1_c1.pdf")),
    "one_copy_two_up": ("a report's one copy photocopied two pages to a sheet", only_copy(two_up, "r1_c1.pdf")),
    "one_copy_off_centre": ("a report's one copy off-centre on the glass", only_copy(shifted, "r0_c1.pdf")),
}


def write(folder: Path, files: Files) -> None:
    """Write each file: a PDF or a TIFF of its pages, or a JPEG of its one page."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, pages in files.items():
        first, *rest = [p.copy() for p in pages]
        dpi = round(first.width / A4_WIDTH_INCHES)  # 200, or 150 for the copy scaled down
        if name.endswith(".jpg"):
            first.save(folder / name, quality=35, dpi=(dpi, dpi))
        elif name.endswith(".tif"):
            first.save(folder / name, save_all=True, append_images=rest, compression="group4", dpi=(dpi, dpi))
        else:
            first.save(folder / name, save_all=True, append_images=rest, resolution=dpi, quality=50)


@dataclass
class Tally:
    """Values of a run against the truth: right, wrong but flagged, wrong and unflagged."""

    right: int = 0
    flagged: int = 0
    silent: int = 0

    def row(self) -> str:
        silent = f"**{self.silent}**" if self.silent else "0"
        return f"{self.right} of {self.right + self.flagged + self.silent} | {self.flagged} | {silent}"


def tally(out: Path, truth: list[dict]) -> Tally:
    """Score the tables in `out`: every structured value and free text the truth knows (a
    value missing counts as wrong and unflagged), and each record of a report the truth
    does not know (a copy split off its report, its code misread) as one wrong value,
    flagged when any of its values is."""
    tables = read_tables(out)
    docs, reports, variants = tables["documents"], tables["progress_reports"], tables["variants"]
    flags = {(str(r.doc_id), r.field, None if pd.isna(r.report_no) else int(r.report_no)): bool(r.needs_review)
             for r in variants.itertuples()}
    doc_of = {str(code): str(doc) for code, doc in zip(docs["project_code"], docs["doc_id"])}
    t = Tally()
    checks = [(c.project_code, c.field, c.report_no, c.ok) for c in structured_checks(truth, docs, reports)]
    checks += [(code, field, no, " ".join(want.split()) == " ".join(str(got).split()))
               for code, field, no, want, got in free_text_items(truth, docs, reports)]
    rows_flagged = {(doc, no) for (doc, _, no), flagged in flags.items() if flagged and no is not None}
    known = {str(r["project_code"]) for r in truth}
    for code, doc in doc_of.items():  # a record of no report: a copy split off its own (its code misread)
        if code not in known:
            checks.append((code, "project_code", None, False))
    for code, field, no, ok in checks:
        doc, no = doc_of.get(str(code), ""), None if no is None else int(no)
        if ok:
            t.right += 1
        elif flags.get((doc, field, no), False) or (doc, field, no) not in flags and (doc, no) in rows_flagged \
                or str(code) not in known and any(f for (d, _, _), f in flags.items() if d == doc):
            t.flagged += 1  # a progress row (or record) the truth lacks counts as flagged when its values are
        else:
            t.silent += 1
    return t


def run(tree: Path, folder: Path, out: Path, cache: Path) -> None:
    """Run the command line of `tree` on `folder` (exit status 2, some input unused, is a result)."""
    cmd = [sys.executable, "-m", "pipeline", str(folder), "--out", str(out), "--cache", str(cache), "--jobs", "2",
           "--no-report", "--quiet"]
    done = subprocess.run(cmd, cwd=tree, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(tree)})
    if done.returncode not in (0, 2):
        raise SystemExit(f"{tree}: {folder.name}: exit {done.returncode}: {done.stderr[-2000:]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", help="a commit whose command line runs the same variants, side by side")
    ap.add_argument("--no-write", action="store_true", help="print the table; leave bench/RESULTS.md alone")
    ap.add_argument("--only", nargs="+", choices=VARIANTS, metavar="MESS",
                    help=f"run these messes alone (implies --no-write): {', '.join(VARIANTS)}")
    args = ap.parse_args()
    chosen = {name: VARIANTS[name] for name in args.only} if args.only else VARIANTS
    trees = {"this tree": ROOT}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if args.before:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tmp / "before"), args.before],
                           check=True, capture_output=True)
            trees = {f"`{args.before}`": tmp / "before", **trees}
        try:
            truth, copies = printed(tmp)
            rows = []
            for name, (what, make) in chosen.items():
                write(tmp / name, make(copies))
                cells = []
                for label, tree in trees.items():
                    out = tmp / f"out-{name}-{len(cells)}"
                    run(tree, tmp / name, out, tmp / "ocr.sqlite")
                    cells.append(tally(out, truth).row())
                    print(f"{name} ({label}): {cells[-1]}", file=sys.stderr)
                rows.append(f"| {what} | " + " | ".join(cells) + " |")
        finally:
            if args.before:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tmp / "before")],
                               capture_output=True)
    head = " | ".join(f"{label}: right | wrong, flagged | wrong, unflagged" for label in trees)
    table = "\n".join([f"| mess | {head} |", "|---|" + "---:|" * 3 * len(trees), *rows])
    body = (f"{REPORTS} invented reports (seed {SEED}), {COPIES} copies each, two pages a copy, scanned at 200 dpi "
            "with medium noise; every value the truth knows (structured and free text, exact match). A value wrong "
            "and unflagged is the worst kind.\nCommand: `.venv/bin/python bench/messy.py"
            f"{' --before ' + args.before if args.before else ''}`.\n\n{table}\n")
    print(body)
    if not (args.no_write or args.only):
        update_section("Messy archives", body)


if __name__ == "__main__":
    main()
