"""Bad inputs, one test each: every one is a failures.csv row a person can act on (or, for
odd but usable reports, a flagged record), never a traceback, and the batch goes on.

Scanned cases use tiny pages and share one OCR cache; text cases use the seed's copies.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image, ImageDraw, ImageFont

from bad_files import bomb_pdf, bomb_png, encrypted_pdf
from pipeline.api import reconcile
from pipeline.errors import InputError
from pipeline.ingest import decode_text
from pipeline.scans import MAX_PAGE_PIXELS, inspect_scan

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "text" / "000_d000cb5bc4147d98.txt"
SCAN = ROOT / "samples" / "scans" / "invented" / "report_b_copy2_p1.jpg"
SEED_PDF = ROOT / "samples" / "scans" / "seed" / "seed_copy1.pdf"
FONT = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")
CODE = "50210000-3491"
HEADING = "1. ชื่อโครงการและหน่วยงานที่รับผิดชอบโครงการ"


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("ocr") / "cache.sqlite"


def seed_copies() -> list[list[str]]:
    """The seed's four copies as lists of lines, each from its first heading on."""
    lines = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    starts = [i for i, ln in enumerate(lines) if HEADING in ln]
    return [lines[a:b] for a, b in zip(starts, [*starts[1:], len(lines)])]


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(lines), encoding="utf-8")
    return path


def only_failure(result, source: Path):
    failures = result.failures[result.failures["stage"] != "resolution"]  # a coarse scan: warned, not failed
    assert list(failures["source"]) == [str(source)], result.failures.to_dict("records")
    return failures.iloc[0]


# --- whole files that cannot be read ---------------------------------------------------

def test_zero_byte_files_say_they_are_empty(tmp_path):
    for name in ("empty.txt", "empty.pdf", "empty.jpg"):
        (tmp_path / name).write_bytes(b"")
        result = reconcile([SEED, tmp_path / name], use_cache=False)
        row = only_failure(result, tmp_path / name)
        assert "empty (0 bytes)" in row["error"] and len(result.documents) == 1


def test_truncated_pdf_says_it_was_cut_short(tmp_path):
    bad = tmp_path / "cut.pdf"
    bad.write_bytes(SEED_PDF.read_bytes()[:120_000])
    with pytest.raises(InputError, match="truncated.*copy it again"):
        inspect_scan(bad, 300)


def test_encrypted_pdf_asks_for_a_copy_without_the_password(tmp_path):
    pdf = encrypted_pdf(tmp_path / "locked.pdf")
    ok = subprocess.run(["pdfinfo", "-upw", "secret", str(pdf)], capture_output=True, text=True)
    assert ok.returncode == 0 and "Encrypted:" in ok.stdout and "yes" in ok.stdout  # a real encrypted PDF
    with pytest.raises(InputError, match="password-protected.*without the password") as err:
        inspect_scan(pdf, 300)
    assert err.value.source == str(pdf) and err.value.stage == "ocr"


def test_non_pdf_renamed_pdf_is_named_for_what_it_is(tmp_path):
    fake = tmp_path / "photo.pdf"
    shutil.copy(SCAN, fake)
    with pytest.raises(InputError, match=r"not a PDF .* holds a JPEG image; rename it to photo\.jpg"):
        inspect_scan(fake, 300)
    text = tmp_path / "notes.png"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable image"):
        inspect_scan(text, 300)


def test_decompression_bombs_are_refused_before_decoding(tmp_path):
    png = bomb_png(tmp_path / "bomb.png")
    assert png.stat().st_size < 200
    started = time.perf_counter()
    with pytest.raises(InputError, match="10,000,000,000 pixels.*refused before decoding"):
        inspect_scan(png, 300)
    pdf = bomb_pdf(tmp_path / "poster.pdf")
    n, bad = inspect_scan(pdf, 300)
    assert n == 1 and "60,000 x 60,000 pixels" in bad[1] and f"{MAX_PAGE_PIXELS:,}" in bad[1]
    assert time.perf_counter() - started < 5
    result = reconcile([SEED, png, pdf], use_cache=False)
    assert sorted(result.failures["source"]) == sorted([str(png), str(pdf)])
    assert list(result.failures.sort_values("source")["page"].astype(object)) == [pd.NA, 1]
    assert len(result.documents) == 1


# --- pages with nothing to read -----------------------------------------------------

def blank_png(path: Path) -> Path:
    Image.new("L", (1240, 1754), 255).save(path, dpi=(150, 150))
    return path


def english_png(path: Path) -> Path:
    im = Image.new("L", (1240, 600), 255)
    draw = ImageDraw.Draw(im)
    font = ImageFont.truetype(str(FONT), 40)
    for i, line in enumerate(["Quarterly progress report", "Project budget and spending",
                              "Prepared by the district office"]):
        draw.text((100, 100 + 90 * i), line, font=font, fill=0)
    im.save(path, dpi=(150, 150))
    return path


def test_blank_page_says_no_text_was_found(tmp_path, cache):
    page = blank_png(tmp_path / "blank.png")
    result = reconcile([SEED, page], cache=cache, jobs=1)
    row = only_failure(result, page)
    assert row["stage"] == "segment" and "no text found" in row["error"] and "blank" in row["error"]


def test_english_page_says_it_holds_no_thai(tmp_path, cache):
    page = english_png(tmp_path / "english.png")
    result = reconcile([SEED, page], cache=cache, jobs=1)
    row = only_failure(result, page)
    assert "no Thai text found" in row["error"] and "--lang" in row["error"]


# --- text encodings ----------------------------------------------------------------

def test_windows_874_text_reads_like_the_utf8_original(tmp_path):
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(SEED.read_text(encoding="utf-8").encode("cp874"))
    a = reconcile([SEED])
    b = reconcile([legacy])
    assert len(b.failures) == 0
    assert a.documents.drop(columns="sources").equals(b.documents.drop(columns="sources"))


def test_utf16_text_without_a_byte_order_mark_reads_like_the_utf8_original(tmp_path):
    bare = tmp_path / "utf16le.txt"
    bare.write_bytes(SEED.read_text(encoding="utf-8").encode("utf-16-le"))
    a, b = reconcile([SEED]), reconcile([bare])
    assert len(b.failures) == 0
    assert a.documents.drop(columns="sources").equals(b.documents.drop(columns="sources"))


def test_bytes_that_are_neither_utf8_nor_thai_are_a_clear_failure(tmp_path):
    latin1 = "Rapport d'avancement du projet: résumé, échéancier, coût prévu".encode("latin-1")
    with pytest.raises(InputError, match="not Thai text either.*save it as UTF-8"):
        decode_text(latin1, "french.txt")
    with pytest.raises(InputError, match="binary file, or damaged"):
        decode_text(b"\x00\x81\xfe\xff" * 20, "blob.txt")
    bad = tmp_path / "french.txt"
    bad.write_bytes(latin1)
    result = reconcile([SEED, bad])
    assert "save it as UTF-8" in only_failure(result, bad)["error"]


# --- odd but usable reports --------------------------------------------------------

def test_report_missing_whole_sections_keeps_what_it_has(tmp_path):
    first = seed_copies()[0]
    cut = [i for i, ln in enumerate(first) if "1.3 หลักการและเหตุผล" in ln][0]
    progress = [i for i, ln in enumerate(first) if "2. รายงานความก้าวหน้า" in ln][0]
    short = write(tmp_path / "short.txt", first[:cut] + first[progress:])
    full = write(tmp_path / "full.txt", seed_copies()[1])
    result = reconcile([short, full])
    assert len(result.failures) == 0 and len(result.documents) == 1
    doc = result.documents.iloc[0]
    assert doc["project_code"] == CODE and doc["n_witnesses"] == 2
    principle = result.variants.query("field == 'principle'").iloc[0]
    assert principle["rule"] == "single" and principle["needs_review"]  # only the full copy had it
    alone = reconcile([short])
    assert pd.isna(alone.documents.iloc[0]["principle"]) and alone.documents.iloc[0]["needs_review"]


def test_copies_with_conflicting_project_codes(tmp_path):
    one, two = seed_copies()[:2]
    far = write(tmp_path / "far.txt", [ln.replace(CODE, "50219999-7777") for ln in two])
    result = reconcile([write(tmp_path / "one.txt", one), far])
    assert sorted(result.documents["doc_id"]) == ["50210000-3491", "50219999-7777"]
    assert result.documents["needs_review"].all() and (result.documents["n_witnesses"] == 1).all()
    near = write(tmp_path / "near.txt", [ln.replace(CODE, "50210000-3497") for ln in two])
    result = reconcile([tmp_path / "one.txt", near])
    assert len(result.documents) == 1 and result.documents.iloc[0]["n_witnesses"] == 2
    code = result.variants.query("field == 'project_code'").iloc[0]
    assert code["confidence"] == 0.5 and code["needs_review"] and "50210000-3497" in code["votes"]


def test_a_report_with_one_witness_only_is_single_and_flagged(tmp_path):
    result = reconcile([write(tmp_path / "alone.txt", seed_copies()[0])])
    assert len(result.failures) == 0 and result.documents.iloc[0]["n_witnesses"] == 1
    assert set(result.variants["rule"]) == {"single"} and result.documents.iloc[0]["needs_review"]
    v = result.variants.set_index("field")
    # text nothing could check is for review; an agency every part of which is a listed entry
    # no other entry is a slip away from is vouched for by the list
    assert v.loc[["project_name", "responsible_name", "coordinator_name"], "needs_review"].all()
    assert not v.loc["agency", "needs_review"] and v.loc["agency", "confidence"] == 0.8


def test_forty_copies_of_one_report(tmp_path):
    for i in range(10):  # each file its own (a line apart), so none is a duplicate
        (tmp_path / f"copy{i:02d}.txt").write_text(SEED.read_text(encoding="utf-8") + f"\nแฟ้ม {i}\n", encoding="utf-8")
    result = reconcile([tmp_path])
    assert len(result.failures) == 0 and len(result.documents) == 1
    assert result.documents.iloc[0]["n_witnesses"] == 40 and result.documents.iloc[0]["project_code"] == CODE


# --- names, hangs, and a mixed folder through the command line ------------------------

def run_cli(*args, env=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=timeout)


def test_file_names_with_spaces_quotes_and_thai_letters(tmp_path):
    good = tmp_path / 'รายงาน "ฉบับที่ 1" it\'s, copy.txt'
    shutil.copy(SEED, good)
    bad = tmp_path / "บันทึก 'ว่าง' \"x\".txt"
    bad.write_bytes(b"")
    p = run_cli(good, bad, "--out", tmp_path / "out dir", "--quiet")
    assert p.returncode == 2 and "Traceback" not in p.stderr
    docs = pd.read_csv(tmp_path / "out dir" / "documents.csv")
    assert docs.loc[0, "sources"] == str(good)
    failures = pd.read_csv(tmp_path / "out dir" / "failures.csv")
    assert list(failures["source"]) == [str(bad)]
    variants = pd.read_csv(tmp_path / "out dir" / "variants.csv")
    assert 'รายงาน \\"ฉบับที่ 1\\" it\'s, copy.txt#1' in variants.loc[0, "votes"]  # JSON-escaped witness id


def test_a_page_where_tesseract_hangs_is_skipped_after_the_page_timeout(tmp_path):
    real = shutil.which("tesseract")
    fake = tmp_path / "bin" / "tesseract"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\ncase "$*" in *--version*|*--list-langs*) exec {real} "$@";; esac\nexec sleep 60\n')
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}", "THAI_OCR_ENGINE": "cli"}
    page = blank_png(tmp_path / "stuck.png")
    started = time.perf_counter()
    p = run_cli(SEED, page, "--out", tmp_path / "o", "--no-cache", "--page-timeout", "1", "--quiet", env=env, timeout=60)
    assert time.perf_counter() - started < 30
    assert p.returncode == 2 and "Traceback" not in p.stderr, p.stderr
    failures = pd.read_csv(tmp_path / "o" / "failures.csv")
    assert list(failures["source"]) == [str(page)] and failures.loc[0, "page"] == 1
    assert "took longer than 1 s (--page-timeout)" in failures.loc[0, "error"]
    assert len(pd.read_csv(tmp_path / "o" / "documents.csv")) == 1
    left = subprocess.run(["pgrep", "-f", "sleep 60"], capture_output=True, text=True).stdout.split()
    assert not [pid for pid in left if f"{fake.parent}" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")]


def test_mixed_folder_full_output_for_the_good_one_row_per_bad_file(tmp_path, cache):
    folder = tmp_path / "archive"
    folder.mkdir()
    shutil.copy(SEED, folder / 'รายงาน "ฉบับ" หนึ่ง.txt')
    (folder / "ฉบับ cp874.txt").write_bytes(SEED.read_text(encoding="utf-8").encode("cp874"))
    shutil.copy(SCAN, folder / "สแกน แผ่น 1.jpg")
    shutil.copy(SCAN, folder / "สแกน แผ่น 1 (สำเนา).jpg")  # the same scan uploaded twice
    (folder / "utf16 no bom.txt").write_bytes("".join(seed_copies()[0]).encode("utf-16-le"))
    bad = {
        "สแกน แผ่น 1 (สำเนา).jpg": "byte for byte the same file as",
        "empty.txt": "empty (0 bytes)",
        "empty.pdf": "empty (0 bytes)",
        "cut.pdf": "truncated",
        "locked.pdf": "password-protected",
        "photo.pdf": "holds a JPEG image",
        "bomb.png": "refused before decoding",
        "poster.pdf": "refused before decoding",
        "blank.png": "no text found",
        "english.png": "no Thai text found",
        "french.txt": "not Thai text either",
        "blob.txt": "binary file",
        'รายงาน "ฉบับ" หนึ่ง.txt': "holds the same text as",  # the Windows-874 file comes first
    }
    (folder / "empty.txt").write_bytes(b"")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "cut.pdf").write_bytes(SEED_PDF.read_bytes()[:120_000])
    encrypted_pdf(folder / "locked.pdf")
    shutil.copy(SCAN, folder / "photo.pdf")
    bomb_png(folder / "bomb.png")
    bomb_pdf(folder / "poster.pdf")
    blank_png(folder / "blank.png")
    english_png(folder / "english.png")
    (folder / "french.txt").write_bytes("Rapport d'avancement: résumé, échéancier".encode("latin-1"))
    (folder / "blob.txt").write_bytes(b"\x00\x81\xfe\xff" * 50)

    p = run_cli(folder, "--out", tmp_path / "out", "--cache", cache, "--jobs", "2")
    assert p.returncode == 2, p.stderr
    assert "Traceback" not in p.stderr
    failures = pd.read_csv(tmp_path / "out" / "failures.csv")
    low = failures["stage"] == "resolution"  # scanned under 200 dpi: warned, not failed
    assert sorted(Path(s).name for s in failures[low]["source"]) == ["blank.png", "english.png"]  # 150 dpi
    failures = failures[~low]
    assert sorted(failures["source"]) == sorted(str(folder / name) for name in bad)  # one row each
    for row in failures.itertuples():
        assert bad[Path(row.source).name] in row.error, row.error
    docs = pd.read_csv(tmp_path / "out" / "documents.csv", dtype={"project_code": str})
    seed = docs[docs["project_code"] == CODE].iloc[0]
    assert seed["n_witnesses"] == 5  # the Windows-874 file holds the same text: counted once
    assert (docs["sources"].str.contains("สแกน แผ่น 1.jpg")).any()
    assert not docs["sources"].str.contains("สำเนา").any()
    assert "utf16 no bom.txt" in seed["sources"]
    assert len(docs) == 2


# --- the same copy twice ---------------------------------------------------------------

def written_tables(inputs, out: Path) -> dict[str, bytes]:
    reconcile(inputs, out=out, report=False, use_cache=False)
    return {name: (out / f"{name}.csv").read_bytes() for name in ("documents", "progress_reports")}


def test_a_file_copied_under_another_name_counts_once(tmp_path):
    one, two = seed_copies()[:2]
    archive = tmp_path / "archive"
    archive.mkdir()
    write(archive / "copy_a.txt", one)
    write(archive / "copy_b.txt", two)
    without = written_tables([archive], tmp_path / "without")
    shutil.copy(archive / "copy_a.txt", archive / "copy_a (1).txt")
    result = reconcile([archive])
    assert written_tables([archive], tmp_path / "with") == without
    row = only_failure(result, archive / "copy_a (1).txt")
    assert row["stage"] == "duplicate" and f"same file as {archive / 'copy_a.txt'}" in row["error"]
    assert any("copy_a (1).txt" in w and "counted once" in w for w in result.warnings)
    assert result.documents.iloc[0]["n_witnesses"] == 2


def test_one_file_named_by_relative_and_absolute_path_is_read_once(tmp_path):
    relative = SEED.relative_to(ROOT)
    p = run_cli(relative, SEED, "--out", tmp_path / "o", "--no-report")
    assert p.returncode == 2 and "Traceback" not in p.stderr, p.stderr
    assert "named twice; read once" in p.stderr and "warning:" in p.stderr and "failed:" not in p.stderr
    docs = pd.read_csv(tmp_path / "o" / "documents.csv")
    assert docs.loc[0, "n_witnesses"] == 4 and docs.loc[0, "sources"] == str(relative)
    failures = pd.read_csv(tmp_path / "o" / "failures.csv")
    assert list(failures["stage"]) == ["duplicate"] and list(failures["source"]) == [str(SEED)]


def test_a_folder_and_a_file_in_it_named_alike_are_read_once_with_a_warning(tmp_path):
    folder = SEED.parent.relative_to(ROOT)
    p = run_cli(folder, folder / SEED.name, "--out", tmp_path / "o", "--no-report")
    assert p.returncode == 2 and "named twice; read once" in p.stderr and "warning:" in p.stderr, p.stderr
    failures = pd.read_csv(tmp_path / "o" / "failures.csv")
    assert list(failures["stage"]) == ["duplicate"] and list(failures["source"]) == [str(folder / SEED.name)]
    assert pd.read_csv(tmp_path / "o" / "documents.csv").loc[0, "n_witnesses"] == 4


def test_text_files_with_the_same_text_in_other_bytes_count_once(tmp_path):
    (tmp_path / "utf16.txt").write_bytes(SEED.read_text(encoding="utf-8").encode("utf-16"))
    shutil.copy(SEED, tmp_path / "seed.txt")
    result = reconcile([tmp_path])
    row = only_failure(result, tmp_path / "utf16.txt")
    assert row["stage"] == "duplicate" and f"holds the same text as {tmp_path / 'seed.txt'}" in row["error"]
    assert result.documents.iloc[0]["n_witnesses"] == 4
