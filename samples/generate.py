"""Invent BMA progress reports with known truth and print them as noisy scanned copies.

The seed is one real report; tests and benchmarks need many, with the truth known. This
module invents reports on the seed's form (invented names, codes, figures and districts),
prints each copy with samples/render.py and degrades it the way scanners and photocopiers
do: a small rotation, blur, speckle and JPEG loss, at several strengths.

Run as a script to regenerate the committed samples (deterministic):
    .venv/bin/python samples/generate.py
which writes samples/scans/invented/ (two reports, three copies each: one binder PDF
holding a copy of each report, one copy missing its last page, PDF, TIFF and JPEG pages)
and samples/truth/invented.json.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render import FONT, ROOT, render_pages  # noqa: E402

TITLE = "แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ"
BE_OFFSET = 543
PLAN_OK, PLAN_WATCH = "เป็นไปตามแผน", "เป็นไปตามแผนแต่ควรติดตาม"
TARGET_OK = "เป็นไปตามเป้าหมาย"
DIVISIONS = ("การศึกษา", "โยธา", "สิ่งแวดล้อมและสุขาภิบาล", "พัฒนาชุมชนและสวัสดิการสังคม",
             "รักษาความสะอาดและสวนสาธารณะ")
DISTRICTS = ("บางรัก", "ปทุมวัน", "ดุสิต", "ห้วยขวาง", "บางกะปิ", "ลาดกระบัง", "ธนบุรี",
             "คลองสาน", "บางเขน", "ดินแดง", "จตุจักร", "บางซื่อ", "สาทร", "พระโขนง")
SCHOOLS = ("โรงเรียนวัดดอนเมือง", "โรงเรียนวัดมหาพฤฒาราม", "โรงเรียนวัดสระเกศ", "โรงเรียนวัดหัวลำโพง",
           "โรงเรียนวัดบางบัว", "โรงเรียนวัดปากบ่อ", "โรงเรียนวัดทองสุทธาราม", "โรงเรียนวัดราชนัดดา")
TOPICS = (
    ("โครงการส่งเสริมการอ่านในโรงเรียน", "การอ่านออกเขียนได้ของนักเรียน"),
    ("โครงการพัฒนาทักษะครูด้านดิจิทัล", "ทักษะการใช้เทคโนโลยีของครู"),
    ("โครงการอาหารกลางวันปลอดภัย", "คุณภาพอาหารกลางวันของนักเรียน"),
    ("โครงการคัดแยกขยะในชุมชน", "การคัดแยกขยะของชุมชน"),
    ("โครงการปรับปรุงทางเท้าและระบบระบายน้ำ", "ทางเท้าและระบบระบายน้ำในพื้นที่"),
    ("โครงการส่งเสริมสุขภาพผู้สูงอายุ", "สุขภาพของผู้สูงอายุในชุมชน"),
)
NARRATIVES = (
    "อยู่ระหว่างขั้นตอนขออนุมัติโครงการฯ",
    "โครงการได้รับอนุมัติแล้ว และดำเนินการจัดสรรงบประมาณให้ {school} จำนวน {amount:,} บาท",
    "ดำเนินการประชุมวางแผนการจัดกิจกรรมร่วมกับ {school} เรียบร้อยแล้ว",
    "อยู่ระหว่างการจัดซื้อจัดจ้าง และเตรียมการจัดกิจกรรมที่ {school}",
    "ดำเนินการจัดกิจกรรมครั้งที่ {n} มีผู้เข้าร่วม {people} คน เรียบร้อยแล้ว",
    "ติดตามและประเมินผลการดำเนินงานร่วมกับ {person} ผู้ประสานงาน",
    "ดำเนินการเบิกจ่ายงบประมาณเรียบร้อยแล้ว และสรุปผลการดำเนินโครงการ",
)


@dataclass(frozen=True)
class ProgressTruth:
    """One progress report's true values, as progress_reports.csv should hold them."""

    report_no: int
    report_date: str
    progress_pct: float
    spent_baht: int
    plan_status: str
    target_status: str
    narrative: str


@dataclass(frozen=True)
class ReportTruth:
    """An invented report's true values (documents.csv columns; samples/score.py compares
    them) and its free text."""

    project_code: str
    project_name: str
    fiscal_year_be: int
    start_date: str
    end_date: str
    budget_baht: int
    spent_baht: int
    agency: str
    responsible_name: str
    responsible_phone: str
    coordinator_name: str
    coordinator_phone: str
    principle: tuple[str, ...]
    objectives: tuple[str, ...]
    reports: tuple[ProgressTruth, ...]


@dataclass(frozen=True)
class Noise:
    """How badly a copy was scanned: each number 0 leaves that defect out."""

    name: str
    rotate_deg: float
    blur_radius: float
    speckle: float
    jpeg_quality: int


NOISE = {
    "clean": Noise("clean", 0.0, 0.0, 0.0, 0),
    "light": Noise("light", 0.4, 0.4, 0.0005, 75),
    "medium": Noise("medium", 0.9, 0.7, 0.0015, 45),
    "heavy": Noise("heavy", 1.6, 1.0, 0.003, 25),
}


@functools.lru_cache(maxsize=None)
def _short_names(file: str) -> list[str]:
    entries = [ln.split(":", 1)[-1].strip() for ln in (ROOT / "pipeline" / "dictionaries" / file).read_text("utf-8").splitlines()
               if ln.strip() and not ln.startswith("#")]
    return [e for e in entries if 3 <= len(e) <= 9 and " " not in e]


def _pick_names(rng: random.Random, file: str, n: int) -> list[str]:
    return rng.sample(_short_names(file), n)


def _be(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year + BE_OFFSET}"


def invent_report(rng: random.Random) -> ReportTruth:
    """Return a plausible invented report: every name, code and figure drawn from `rng`."""
    given = _pick_names(rng, "given_names.txt", 2)
    family = _pick_names(rng, "family_names.txt", 2)
    district = rng.choice(DISTRICTS)
    division = rng.choice(DIVISIONS)
    name, aim = rng.choice(TOPICS)
    fy = rng.randint(2562, 2567)
    start = date(fy - BE_OFFSET - 1, 10, 1)
    end = date(fy - BE_OFFSET, 9, rng.choice((29, 30)))
    budget = rng.randrange(50_000, 900_000, 10_000)
    spent = budget - rng.randrange(0, budget // 3, 5_000)
    n_reports = rng.randint(4, 6)
    pcts = sorted(rng.sample(range(5, 96, 5), n_reports - 1)) + [100]
    school = rng.choice(SCHOOLS)
    responsible = f"{rng.choice(('นาย', 'นาง', 'น.ส.'))}{given[0]} {family[0]}"
    coordinator = f"{rng.choice(('นาย', 'นางสาว'))}{given[1]} {family[1]}"
    reports = []
    when = start + timedelta(days=rng.randint(20, 30))
    for k, pct in enumerate(pcts, start=1):
        template = NARRATIVES[0] if k == 1 else NARRATIVES[-1] if k == n_reports else rng.choice(NARRATIVES[1:-1])
        narrative = template.format(school=school, amount=budget // 2, n=k - 1, people=rng.randint(30, 200),
                                    person=coordinator)
        reports.append(ProgressTruth(
            report_no=k, report_date=when.isoformat(), progress_pct=float(pct),
            spent_baht=spent if k == n_reports else 0,
            plan_status=PLAN_WATCH if rng.random() < 0.2 else PLAN_OK, target_status=TARGET_OK,
            narrative=narrative,
        ))
        when += timedelta(days=rng.randint(28, 45))
    return ReportTruth(
        project_code=f"{rng.randrange(10**7, 10**8)}-{rng.randrange(1000, 10000)}",
        project_name=name, fiscal_year_be=fy, start_date=start.isoformat(), end_date=end.isoformat(),
        budget_baht=budget, spent_baht=spent,
        agency=f"สำนักงานเขต{district} / ฝ่าย{division} / ฝ่าย{division}",
        responsible_name=responsible, responsible_phone=str(rng.randint(1000, 9999)),
        coordinator_name=coordinator, coordinator_phone=str(rng.randint(1000, 9999)),
        principle=(
            f"กรุงเทพมหานครมีนโยบายพัฒนา{aim}ให้มีคุณภาพอย่างต่อเนื่อง",
            f"สำนักงานเขต{district} จึงได้จัด{name} เพื่อยกระดับ{aim}",
        ),
        objectives=(f"1. เพื่อพัฒนา{aim}", f"2. เพื่อส่งเสริมการมีส่วนร่วมของ{school}"),
        reports=tuple(reports),
    )


def form_lines(report: ReportTruth) -> list[str]:
    """Return the report printed on the seed's form, one line per item (the title is the page header)."""
    lines = [
        "1. ชื่อโครงการและหน่วยงานที่รับผิดชอบโครงการ",
        "1.1 รหัสโครงการและชื่อโครงการ",
        f"ชื่อโครงการ/กิจกรรม : {report.project_name}",
        f"รหัสโครงการ : {report.project_code}",
        f"ปีงบประมาณ พ.ศ. : {report.fiscal_year_be}",
        f"เริ่มต้นโครงการ : {report.start_date} 00:00:00",
        f"งบประมาณที่ได้รับ : {report.budget_baht:,} บาท",
        f"สิ้นสุดโครงการ : {report.end_date} 00:00:00",
        f"งบประมาณที่ใช้ไป : {report.spent_baht:,} บาท",
        "1.2 หน่วยงานที่รับผิดชอบ",
        f"หน่วยงานที่รับผิดชอบ : {report.agency}",
        f"ชื่อผู้รับผิดชอบ : {report.responsible_name} โทร {report.responsible_phone}",
        f"ผู้ประสานงาน สยป : {report.coordinator_name} โทร {report.coordinator_phone}",
        "1.3 หลักการและเหตุผล",
        *report.principle,
        "1.4 วัตถุประสงค์ของโครงการ",
        *report.objectives,
        "1.5 เป้าหมายของโครงการ",
        "ด้านปริมาณ",
        "โรงเรียนและชุมชนในพื้นที่เข้าร่วมโครงการ ไม่น้อยกว่าร้อยละ 80",
        "ด้านคุณภาพ",
        "ผู้เข้าร่วมโครงการมีความพึงพอใจในระดับดี",
        "1.6 สนับสนุนแผนพัฒนา กทม. ระยะ 20 ปี (ยุทธศาสตร์-ประเด็นยุทธศาสตร์-กลยุทธ์ตามแผนฯ /ตัวชี้วัด)",
        "ประเด็นยุทธศาสตร์ : การปฏิบัติงานประจำของหน่วยงาน",
        "ตัวชี้วัด : ร้อยละของโครงการที่ดำเนินการสำเร็จตามเป้าหมาย",
        "2. รายงานความก้าวหน้าของโครงการและการใช้จ่ายงบประมาณ",
    ]
    for r in report.reports:
        when = date.fromisoformat(r.report_date)
        statuses = f"{r.plan_status} : {r.target_status}"
        lines += [
            f"รายงานครั้งที่{r.report_no} :: {_be(when)} : {r.narrative}",
            f":: ความก้าวหน้าของงานฯ = {r.progress_pct:.2f} % : งบประมาณที่เบิกใช้ (ครั้งที่ {r.report_no}) "
            f"= {r.spent_baht:,} บาท : {statuses}",
        ]
    return lines


def degrade(page: Image.Image, noise: Noise, rng: random.Random) -> Image.Image:
    """Return a greyscale page as a scanner with `noise`'s defects would have captured it."""
    out = page.convert("L")
    if noise.rotate_deg:
        angle = rng.choice((-1, 1)) * rng.uniform(noise.rotate_deg / 2, noise.rotate_deg)
        out = out.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    if noise.blur_radius:
        out = out.filter(ImageFilter.GaussianBlur(noise.blur_radius))
    if noise.speckle:
        pixels = np.asarray(out).copy()
        hits = np.random.default_rng(rng.getrandbits(32)).random(pixels.shape)
        pixels[hits < noise.speckle / 2] = 0
        pixels[hits > 1 - noise.speckle / 2] = 255
        out = Image.fromarray(pixels)
    if noise.jpeg_quality:
        buf = io.BytesIO()
        out.save(buf, "JPEG", quality=noise.jpeg_quality)
        out = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    return out


@dataclass
class CopySpec:
    """One printed copy to produce: which report, how noisy, and whether its last page is lost."""

    report: int
    noise: str
    drop_last_page: bool = False


@dataclass
class FileSpec:
    """One output file and the copies it holds, in order (several copies make a binder)."""

    name: str
    copies: list[CopySpec]
    bilevel: bool = False


@dataclass
class Manifest:
    """What was written: the reports' truth and where each copy's pages went."""

    reports: list[ReportTruth]
    files: list[dict] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps({"reports": [asdict(r) for r in self.reports], "files": self.files},
                          ensure_ascii=False, indent=1)


def copy_pages(report: ReportTruth, spec: CopySpec, rng: random.Random, dpi: int,
               font: Path = FONT, breaks: str = "spaces") -> list[Image.Image]:
    """Return one copy's degraded pages, printed in `font` with lines broken as `breaks`
    says (render.fit_line; its last page left out when the spec says so)."""
    pages = render_pages(form_lines(report), dpi=dpi, header=TITLE, font=font, breaks=breaks)
    if spec.drop_last_page and len(pages) > 1:
        pages = pages[:-1]
    return [degrade(p, NOISE[spec.noise], rng) for p in pages]


PDF_DATE = time.gmtime(0)  # a PDF's creation date, fixed so that regenerated files are the committed ones


def save_file(pages: Sequence[Image.Image], path: Path, dpi: int, bilevel: bool) -> list[Path]:
    """Write pages by the path's type: one PDF or multi-page TIFF, or one JPEG per page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if bilevel:
        pages = [p.point(lambda v: 255 if v > 150 else 0).convert("1") for p in pages]
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        extra = {} if bilevel else {"quality": 50}
        pages[0].save(path, save_all=True, append_images=list(pages[1:]), resolution=dpi,
                      creationDate=PDF_DATE, modDate=PDF_DATE, **extra)
        return [path]
    if suffix in (".tif", ".tiff"):
        pages[0].save(path, save_all=True, append_images=list(pages[1:]), dpi=(dpi, dpi),
                      compression="group4" if bilevel else "tiff_lzw")
        return [path]
    written = []
    for k, page in enumerate(pages, start=1):
        target = path.parent / f"{path.stem}_p{k}{path.suffix}"
        page.save(target, quality=60, dpi=(dpi, dpi))
        written.append(target)
    return written


def write_archive(out: Path, reports: Sequence[ReportTruth], files: Sequence[FileSpec],
                  seed: int = 0, dpi: int = 200, font: Path = FONT, breaks: str = "spaces") -> Manifest:
    """Print every file's copies into `out` in the typeface `font`, lines broken as
    `breaks` says (render.fit_line), and return the manifest of what is where."""
    rng = random.Random(seed)
    manifest = Manifest(list(reports))
    for spec in files:
        pages, held = [], []
        for copy in spec.copies:
            new = copy_pages(reports[copy.report], copy, rng, dpi, font, breaks)
            held.append({"report": copy.report, "project_code": reports[copy.report].project_code,
                         "noise": copy.noise, "first_page": len(pages) + 1, "pages": len(new),
                         "last_page_missing": copy.drop_last_page})
            pages += new
        written = save_file(pages, out / spec.name, dpi, spec.bilevel)
        manifest.files.append({"files": [str(p.relative_to(out)) for p in written], "copies": held})
    return manifest


SAMPLE_FILES = (
    FileSpec("report_a_copy1.pdf", [CopySpec(0, "light")], bilevel=True),
    FileSpec("report_a_copy2.tif", [CopySpec(0, "medium", drop_last_page=True)], bilevel=True),
    FileSpec("report_b_copy1.pdf", [CopySpec(1, "medium")]),
    FileSpec("report_b_copy2.jpg", [CopySpec(1, "light")]),
    FileSpec("binder_a_b.pdf", [CopySpec(0, "heavy"), CopySpec(1, "heavy")], bilevel=True),
)


def main() -> None:
    """Regenerate samples/scans/invented/ and samples/truth/invented.json."""
    argparse.ArgumentParser(description="Regenerate samples/scans/invented/ and samples/truth/invented.json "
                            "(deterministic: the committed files, byte for byte).").parse_args()
    rng = random.Random(20261124)
    reports = [invent_report(rng), invent_report(rng)]
    out = ROOT / "samples" / "scans" / "invented"
    for old in out.glob("*"):
        old.unlink()
    manifest = write_archive(out, reports, SAMPLE_FILES, seed=7)
    truth = ROOT / "samples" / "truth" / "invented.json"
    truth.parent.mkdir(parents=True, exist_ok=True)
    truth.write_text(manifest.to_json() + "\n", encoding="utf-8")
    total = sum(p.stat().st_size for p in out.iterdir())
    print(f"{len(list(out.iterdir()))} files, {total // 1024} KiB in {out.relative_to(ROOT)}; truth in {truth.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
