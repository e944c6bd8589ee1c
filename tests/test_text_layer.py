"""A PDF's own text layer: ignored by default (every page OCR'd, and -v says so), taken
page by page with text_layer="use", and never taken when it is garbled.

The born-digital PDFs are typeset from the seed's first copy by Chromium (real text in
an embedded Thai font with a ToUnicode map), page by page as samples/render.py prints
the committed scan samples/scans/seed/seed_copy1.pdf; pages are cut and joined with
poppler's pdfseparate and pdfunite.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "samples"))
from born_digital import chromium, print_pdf  # noqa: E402
from render import layout_pages, seed_copies  # noqa: E402

from pipeline.api import reconcile  # noqa: E402
from pipeline.cli import main  # noqa: E402
from pipeline.errors import ExitCode, InputError, UsageError  # noqa: E402
from pipeline.model import Page  # noqa: E402
from pipeline.ocr import OcrStats  # noqa: E402
from pipeline.options import Options  # noqa: E402
from pipeline.run import iter_pages  # noqa: E402
from pipeline.text_layer import problem, read_text_layer, text_lines  # noqa: E402

SCAN = ROOT / "samples" / "scans" / "seed" / "seed_copy1.pdf"
IGNORED = "has a text layer; OCR'd anyway (--text-layer use takes it)"


@pytest.fixture(scope="module")
def printed() -> list[str]:
    """The lines the seed's first copy prints, page after page (as the scan shows them)."""
    return [line for page in layout_pages(seed_copies()[0]) for line in page]


@pytest.fixture(scope="module")
def born_digital(tmp_path_factory, printed) -> Path:
    if chromium() is None:
        pytest.skip("Chromium not found (apt-get install chromium; `make setup` installs it), "
                    "so no born-digital PDF can be typeset")
    return print_pdf(seed_copies()[0], tmp_path_factory.mktemp("born") / "seed_copy1_digital.pdf")


def poppler(*argv: str | Path) -> None:
    subprocess.run([str(a) for a in argv], check=True, capture_output=True, timeout=60)


def page_of(pdf: Path, page: int, out: Path) -> Path:
    """Cut page `page` of `pdf` out as the one-page PDF `out`."""
    poppler("pdfseparate", "-f", page, "-l", page, pdf, out)
    return out


def ocr_read(page: Page) -> bool:
    """True when every line of the page came from OCR (a line box, a confidence below 1)."""
    return bool(page.lines) and all(ln.where.box is not None and ln.confidence < 1.0 for ln in page.lines)


def layer_read(page: Page) -> bool:
    """True when every line came from a text layer (no box, confidence 1.0)."""
    return bool(page.lines) and all(ln.where.box is None and ln.confidence == 1.0 for ln in page.lines)


def test_text_layer_is_ignored_by_default_like_a_scan_and_verbose_says_so(born_digital, tmp_path, caplog,
                                                                          seed_scan_cache):
    caplog.set_level(logging.INFO, logger="pipeline")
    digital = page_of(born_digital, 1, tmp_path / "digital_p1.pdf")
    scan = page_of(SCAN, 1, tmp_path / "scan_p1.pdf")
    stats = OcrStats()
    pages = list(iter_pages([digital, scan], Options(cache=seed_scan_cache), stats))
    assert [(p.source, p.page) for p in pages] == [(str(digital), 1), (str(scan), 1)]
    assert all(ocr_read(p) for p in pages)
    assert stats.pages == 2
    said = [r.getMessage() for r in caplog.records if IGNORED in r.getMessage()]
    assert said == [f"{digital} {IGNORED}"]  # the scan has no text layer to mention


def test_used_text_layer_gives_the_text_runs_tables_without_tesseract(born_digital, printed, tmp_path,
                                                                      monkeypatch, _stand_ins):
    text = tmp_path / "seed_copy1.txt"
    text.write_text("\n".join(printed) + "\n", encoding="utf-8")
    expected = reconcile(text, report=False, use_cache=False)
    monkeypatch.setenv("PATH", f"{_stand_ins}{os.pathsep}{os.environ['PATH']}")  # a Tesseract that fails
    got = reconcile(born_digital, report=False, use_cache=False, text_layer="use")
    assert got.ocr.pages == 0 and got.failures.empty and got.exit_code == ExitCode.OK
    assert len(expected.progress_reports) == 10
    pd.testing.assert_frame_equal(got.documents.drop(columns="sources"), expected.documents.drop(columns="sources"))
    pd.testing.assert_frame_equal(got.progress_reports, expected.progress_reports)
    assert (got.documents["sources"] == str(born_digital)).all()


def test_text_layer_pages_know_their_file_page_and_line(born_digital, printed):
    pages = list(iter_pages([born_digital], Options(text_layer="use")))
    assert [p.page for p in pages] == list(range(1, len(layout_pages(seed_copies()[0])) + 1))
    assert all(layer_read(p) and p.source == str(born_digital) for p in pages)
    for page in pages:
        numbers = [ln.where.line for ln in page.lines]
        assert numbers == sorted(set(numbers)) and all(ln.where.page == page.page for ln in page.lines)
    assert [ln.text for p in pages for ln in p.lines] == [t for t in printed if t.strip()]


def test_a_mixed_pdf_is_read_page_by_page(born_digital, tmp_path, caplog, seed_scan_cache):
    caplog.set_level(logging.INFO, logger="pipeline")
    mixed = tmp_path / "mixed.pdf"
    poppler("pdfunite", page_of(born_digital, 1, tmp_path / "d1.pdf"), page_of(SCAN, 2, tmp_path / "s2.pdf"), mixed)
    pages = list(iter_pages([mixed], Options(text_layer="use", cache=seed_scan_cache)))
    assert [(type(p), p.page) for p in pages] == [(Page, 1), (Page, 2)]
    assert layer_read(pages[0]) and ocr_read(pages[1])
    assert pages[0].lines == read_text_layer(mixed).page(1).lines
    assert any(f"{mixed}: page(s) 2 have no text layer; OCR'd" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("chunk", [1, 32])
def test_text_and_ocr_files_come_out_in_input_order(born_digital, tmp_path_factory, monkeypatch, chunk,
                                                    seed_scan_cache):
    folder = tmp_path_factory.getbasetemp() / "order"
    folder.mkdir(exist_ok=True)
    files = [page_of(born_digital, 1, folder / "a.pdf"), page_of(SCAN, 1, folder / "b.pdf"),
             page_of(born_digital, 2, folder / "c.pdf")]
    monkeypatch.setattr("pipeline.text_layer.CHUNK_FILES", chunk)
    pages = list(iter_pages(files, Options(text_layer="use", cache=seed_scan_cache)))
    assert [p.source for p in pages] == [str(f) for f in files]
    assert [layer_read(pages[0]), ocr_read(pages[1]), layer_read(pages[2])] == [True, True, True]


def test_a_garbled_text_layer_is_ocrd_with_a_message(born_digital, tmp_path, seed_scan_cache):
    data = page_of(born_digital, 1, tmp_path / "p1.pdf").read_bytes()
    assert data.count(b"/ToUnicode") == 1
    broken = tmp_path / "no_unicode_map.pdf"
    broken.write_bytes(data.replace(b"/ToUnicode", b"/ToUnicodX"))  # same length: the xref offsets hold
    result = reconcile(broken, report=False, cache=seed_scan_cache, text_layer="use")
    assert result.ocr.pages == 1
    rows = result.failures[result.failures["stage"] == "text-layer"]
    assert len(rows) == 1 and rows["page"].iloc[0] == 1
    message = rows["error"].iloc[0]
    assert message.startswith(f"{broken}: the text layer of page(s) 1 is not used (page 1: garbled")
    assert "fonts without a Unicode map: " in message and "Laksaman" in message and "OCR'd" in message
    assert message in result.warnings
    assert result.exit_code == ExitCode.OK  # the page was read, by OCR


def test_the_layer_tesseract_puts_under_a_scan_is_not_taken_for_born_digital_text(tmp_path):
    """The scan is the top third of the first page (its headings and the project's name):
    Thai enough for the layer, a third of a page for Tesseract to read, twice."""
    poppler("pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-H", "600", "-png", "-singlefile", SCAN, tmp_path / "scan")
    subprocess.run(["tesseract", tmp_path / "scan.png", tmp_path / "searchable", "-l", "tha", "pdf"],
                   check=True, capture_output=True, timeout=120)
    searchable = tmp_path / "searchable.pdf"
    items = list(iter_pages([searchable], Options(text_layer="use", cache=tmp_path / "cache.sqlite")))
    assert [type(i) for i in items] == [InputError, Page]
    assert items[0].stage == "text-layer" and items[0].page == 1
    assert "spelt out with spaces between letters" in str(items[0]) and "GlyphLessFont" in str(items[0])
    assert ocr_read(items[1])


def test_a_pdf_without_text_layer_goes_to_ocr_as_before(tmp_path, seed_scan_cache):
    scan = page_of(SCAN, 1, tmp_path / "scan_p1.pdf")
    layer = read_text_layer(scan)
    assert layer is not None and not layer.complete and layer.pages[0].blank and layer.page(1) is None
    pages = list(iter_pages([scan], Options(text_layer="use", cache=seed_scan_cache)))
    assert len(pages) == 1 and ocr_read(pages[0])


def test_a_damaged_pdf_is_left_to_ocr_which_names_the_damage(tmp_path):
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.4\n" + b"\0" * 200)
    items = list(iter_pages([damaged], Options(text_layer="use", use_cache=False)))
    assert len(items) == 1 and isinstance(items[0], InputError) and items[0].stage == "ocr"


def test_what_a_usable_text_layer_is():
    thai = "ความก้าวหน้าของงานฯ = 5.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 0 บาท"
    assert problem(thai) == ""
    assert problem("Progress report 2021, budget 90,000 baht").startswith("it holds no Thai text")
    assert problem("ÂÒ§Ò¹ÊÓ¹Ñ¡§Ò¹à¢µ " + thai[:10]).startswith("garbled")  # Windows-874 bytes read as Latin-1
    assert problem(thai + "\ufffd" * 10).startswith("garbled")
    assert problem(thai + "\uf70a" * 10).startswith("garbled")  # private-use glyphs of a font with no map


def test_a_space_before_a_following_vowel_is_the_extractors_not_the_texts():
    lines = text_lines("หน่วยงาน : ฝ่ ายการศึกษา\n\nน้ ำประปา ข ้าวสาร ครั้งที่ 2\n", "a.pdf", 3)
    assert [ln.text for ln in lines] == ["หน่วยงาน : ฝ่ายการศึกษา", "น้ำประปา ข้าวสาร ครั้งที่ 2"]
    assert [(ln.where.page, ln.where.line) for ln in lines] == [(3, 1), (3, 3)]


def test_the_option_takes_ignore_or_use():
    assert Options().text_layer == "ignore"
    assert Options(text_layer="use").text_layer == "use"
    with pytest.raises(UsageError, match="--text-layer must be ignore or use, not 'yes'"):
        Options(text_layer="yes")


def test_the_command_line_takes_the_option(born_digital, tmp_path, capsys):
    assert main([str(born_digital), "--out", str(tmp_path / "out"), "--text-layer", "use", "--no-cache"]) == 0
    assert len(pd.read_csv(tmp_path / "out" / "progress_reports.csv")) == 10
    assert "OCR:" not in capsys.readouterr().err  # no page was OCR'd
    with pytest.raises(SystemExit) as stop:
        main([str(born_digital), "--out", str(tmp_path / "o2"), "--text-layer", "maybe"])
    assert stop.value.code == ExitCode.BAD_USAGE
    assert "--text-layer: invalid choice: 'maybe'" in capsys.readouterr().err
