"""pipeline/crops.py: which readings get a picture of their print, cut how, cached how."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from pipeline.crops import (
    CROP_DPI, MAX_CROP_HEIGHT, PAD, PageCrops, clip_box, crop_key, crop_page, make_crops, png, wanted,
)
from pipeline.model import Candidate, ReconciledDocument, ReconciledReport, Resolved, Where

DPI = 300


def resolved(field: str, where_by_witness: dict[str, Where], disagree: bool, review: bool = False) -> Resolved:
    wids = tuple(where_by_witness)
    cands = ((Candidate("a", 1.0, wids[:1]), Candidate("b", 1.0, wids[1:])) if disagree
             else (Candidate("a", float(len(wids)), wids),))
    return Resolved(field, "a", 0.5 if review else 1.0, "weighted", review, cands,
                    read_at=tuple(where_by_witness.items()))


@pytest.fixture()
def scan(tmp_path):
    """A one-page PDF scanned at DPI with two black bars: (bar 1, bar 2) boxes at DPI."""
    page = Image.new("L", (int(8.27 * DPI), int(11.69 * DPI)), 255)
    draw = ImageDraw.Draw(page)
    bars = ((300, 400, 1500, 460), (300, 1000, 900, 1060))
    for bar in bars:
        draw.rectangle(bar, fill=0)
    path = tmp_path / "scan.pdf"
    page.save(path, resolution=DPI)
    return path, bars


def open_png(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def uri_image(uri: str) -> Image.Image:
    assert uri.startswith("data:image/png;base64,")
    return open_png(base64.b64decode(uri.split(",", 1)[1]))


def test_clip_box_scales_pads_clips_and_caps_the_height():
    assert clip_box((300, 400, 600, 460), 0.5, (2000, 3000)) == (150 - PAD, 200 - PAD, 300 + PAD, 230 + PAD)
    assert clip_box((0, 0, 10, 10), 1.0, (5, 5)) == (0, 0, 5, 5)
    tall = clip_box((0, 0, 100, 5000), 1.0, (200, 6000))
    assert tall[3] - tall[1] == MAX_CROP_HEIGHT
    assert clip_box((900, 900, 990, 990), 1.0, (100, 100)) is None


def test_png_keeps_four_greys_and_is_small():
    grey = Image.fromarray(np.tile(np.arange(256, dtype=np.uint8), (40, 4)))
    data = png(grey)
    im = open_png(data)
    assert data.startswith(b"\x89PNG") and im.size == grey.size
    assert len(set(np.asarray(im.convert("L")).ravel().tolist())) == 4
    assert len(data) < len(grey.tobytes()) / 10


def test_only_readings_with_a_box_in_disputed_or_doubtful_rows_are_wanted():
    boxed = {"a.pdf#1": Where("a.pdf", 1, 3, (1, 2, 3, 4)), "b.pdf#1": Where("b.pdf", 2, 5, (5, 6, 7, 8))}
    mixed = {"a.pdf#1": Where("a.pdf", 1, 4, (1, 9, 3, 12)), "t.txt#1": Where("t.txt", 1, 4)}
    doc = ReconciledDocument(
        "D", {"agreed": resolved("agreed", boxed, disagree=False),
              "doubt": resolved("doubt", boxed, disagree=False, review=True),
              "split": resolved("split", mixed, disagree=True)},
        (ReconciledReport(2, {"progress_pct": resolved("progress_pct", boxed, disagree=True)}, 2),),
        ("a.pdf#1", "b.pdf#1", "t.txt#1"), ("a.pdf", "b.pdf", "t.txt"))
    keys = [key for key, _ in wanted([doc])]
    assert keys == [("a.pdf#1", "doubt", None), ("b.pdf#1", "doubt", None), ("a.pdf#1", "split", None),
                    ("a.pdf#1", "progress_pct", 2), ("b.pdf#1", "progress_pct", 2)]


def test_crop_page_cuts_each_box_from_a_pdf_at_the_crop_dpi(scan):
    path, bars = scan
    black, white = bars[0], (300, 600, 1500, 660)
    first, blank = crop_page(PageCrops("scan.pdf", 1, str(path), DPI, (black, white)))
    scale = CROP_DPI / DPI
    im = open_png(first).convert("L")
    assert abs(im.width - ((black[2] - black[0]) * scale + 2 * PAD)) <= 2
    assert abs(im.height - ((black[3] - black[1]) * scale + 2 * PAD)) <= 2
    inner = np.asarray(im)[PAD + 2:-PAD - 2, PAD + 2:-PAD - 2]
    assert inner.max() < 90, "the bar's crop is not black: the box missed the ink"
    assert np.asarray(open_png(blank).convert("L")).min() > 170, "a blank stretch of paper came out inked"


@pytest.mark.parametrize("scan_dpi, stated", [(200, True), (400, True), (300, False)])
def test_an_image_scan_is_cropped_at_its_own_resolution_to_the_crop_dpi(tmp_path, scan_dpi, stated):
    """Boxes of an image are in its pixels; the crop shows the bar, at CROP_DPI whatever
    the file's resolution (its stated dpi, else the run's), padded by PAD at CROP_DPI."""
    page = Image.new("L", (scan_dpi * 5, scan_dpi * 4), 255)
    bar = (scan_dpi // 2, scan_dpi // 2, scan_dpi * 3, scan_dpi * 3 // 4)
    ImageDraw.Draw(page).rectangle(bar, fill=0)
    path = tmp_path / "scan.tif"
    page.save(path, **({"dpi": (scan_dpi, scan_dpi)} if stated else {}))
    box = (bar[0], bar[1], bar[2] + 1, bar[3] + 1)
    (data,) = crop_page(PageCrops("scan.tif", 1, str(path), DPI, (box,)))
    im = open_png(data).convert("L")
    shrink = CROP_DPI / scan_dpi
    assert abs(im.width - ((box[2] - box[0]) * shrink + 2 * PAD)) <= 2
    assert abs(im.height - ((box[3] - box[1]) * shrink + 2 * PAD)) <= 2
    assert np.asarray(im)[PAD + 2:-PAD - 2, PAD + 2:-PAD - 2].max() < 90
    assert np.asarray(im)[:PAD - 2].min() > 170, "the padding above the bar is not paper"


def _doc_over(path, bars) -> ReconciledDocument:
    source = str(path)
    wheres = [{f"{source}#{n}": Where(source, 1, 1, bar), f"other#{n}": Where("other.txt", 1, 1)}
              for n, bar in enumerate(bars, start=1)]
    fields = {f"f{n}": resolved(f"f{n}", w, disagree=True) for n, w in enumerate(wheres, start=1)}
    return ReconciledDocument("D", fields, (), tuple(k for w in wheres for k in w), (source,))


def test_make_crops_caches_what_it_cut_and_a_rerun_rasterises_nothing(scan, tmp_path):
    path, bars = scan
    doc = _doc_over(path, bars)
    cache = tmp_path / "cache.sqlite"
    first = make_crops([doc], DPI, None, cache)
    assert first.pages_rasterised == 1 and first.warnings == []
    assert set(first.uris) == {(f"{path}#1", "f1", None), (f"{path}#2", "f2", None)}
    bar = uri_image(first.uris[(f"{path}#1", "f1", None)])
    assert np.asarray(bar.convert("L"))[PAD + 3:-PAD - 3, PAD + 3:-PAD - 3].max() < 90
    again = make_crops([doc], DPI, None, cache)
    assert again.pages_rasterised == 0 and again.uris == first.uris


def test_a_file_changed_between_runs_is_cropped_anew(scan, tmp_path):
    path, bars = scan
    cache = tmp_path / "cache.sqlite"
    make_crops([_doc_over(path, bars)], DPI, None, cache)
    Image.new("L", (int(8.27 * DPI), int(11.69 * DPI)), 255).save(path, resolution=DPI)
    again = make_crops([_doc_over(path, bars)], DPI, None, cache)
    assert again.pages_rasterised == 1
    assert np.asarray(uri_image(again.uris[(f"{path}#1", "f1", None)]).convert("L")).min() > 170, \
        "the crop came from the cache of the file's old bytes"


def test_a_file_changed_since_ocr_read_it_is_not_cropped(scan, tmp_path):
    from pipeline.cache import file_digest

    path, bars = scan
    read = {str(path): file_digest(path)}
    assert make_crops([_doc_over(path, bars)], DPI, None, None, read_digests=read).uris
    Image.new("L", (100, 100), 255).save(path, resolution=DPI)
    changed = make_crops([_doc_over(path, bars)], DPI, None, None, read_digests=read)
    assert changed.uris == {} and "changed after it was read" in changed.warnings[0]


def test_crops_go_to_the_first_reports_and_stop_at_the_byte_budget(scan, tmp_path):
    path, bars = scan
    other = tmp_path / "other.pdf"
    copy = Image.new("L", (int(8.27 * DPI), int(11.69 * DPI)), 255)
    for bar in bars:
        ImageDraw.Draw(copy).rectangle(bar, fill=0)
    copy.putpixel((5, 5), 0)  # other bytes, so not the same crops by content
    copy.save(other, resolution=DPI)
    first, second = _doc_over(other, bars), _doc_over(path, bars)
    capped = make_crops([first, second], DPI, None, None, max_pages=1)
    assert {k[0] for k in capped.uris} == {f"{other}#1", f"{other}#2"} and capped.pages_skipped == 1
    assert "every run cuts the same first ones" in capped.warnings[0]
    whole = make_crops([first, second], DPI, None, None)
    one = len(base64.b64decode(whole.uris[(f"{other}#1", "f1", None)].split(",", 1)[1]))
    budget = make_crops([first, second], DPI, None, None, max_bytes=one)
    assert list(budget.uris) == [(f"{other}#1", "f1", None)]
    assert "3 crops of the scan left off" in budget.warnings[0]


def test_the_page_budget_stops_rasterising_and_says_so(scan, tmp_path):
    path, bars = scan
    result = make_crops([_doc_over(path, bars)], DPI, None, None, max_pages=0)
    assert result.uris == {} and result.pages_skipped == 1
    assert "--crop-pages" in result.warnings[0]


def test_a_scan_gone_since_it_was_read_costs_its_crops_with_a_warning(scan, tmp_path):
    path, bars = scan
    doc = _doc_over(path, bars)
    path.unlink()
    result = make_crops([doc], DPI, None, tmp_path / "cache.sqlite")
    assert result.uris == {}
    assert len(result.warnings) == 1 and str(path) in result.warnings[0] and "moved or removed" in result.warnings[0]


def test_a_damaged_scan_costs_its_crops_with_a_warning(scan, tmp_path):
    path, bars = scan
    doc = _doc_over(path, bars)
    path.write_bytes(b"%PDF-1.4\nnot a pdf any more\n")
    result = make_crops([doc], DPI, None, None)
    assert result.uris == {} and result.pages_rasterised == 0
    assert f"{path} page 1: no crops" in result.warnings[0]


def test_crop_key_depends_on_file_page_box_and_dpi():
    base = crop_key("d", 1, (1, 2, 3, 4), 300)
    assert len({base, crop_key("e", 1, (1, 2, 3, 4), 300), crop_key("d", 2, (1, 2, 3, 4), 300),
                crop_key("d", 1, (1, 2, 3, 5), 300), crop_key("d", 1, (1, 2, 3, 4), 200)}) == 5


def test_a_failure_while_cropping_costs_the_crops_not_the_run(tmp_path, monkeypatch):
    import sqlite3

    from pipeline.api import reconcile
    from pipeline.crop_store import CropStore

    def disk_full(self, crops):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(CropStore, "put", disk_full)
    scan = Path(__file__).resolve().parent.parent / "samples" / "scans" / "invented" / "report_b_copy2_p1.jpg"
    result = reconcile([scan], tmp_path / "out", cache=tmp_path / "cache.sqlite", jobs=1)
    assert result.crops.uris == {} and len(result.documents) == 1
    assert any("no crops of the scans (OperationalError: database or disk is full)" in w for w in result.warnings)
    assert {p.name for p in (tmp_path / "out").iterdir()} >= {"documents.csv", "variants.csv", "report.html"}


def test_the_crop_store_keeps_its_own_table_beside_the_page_cache(tmp_path):
    from pipeline.cache import PageCache
    from pipeline.crop_store import CropStore

    path = tmp_path / "cache.sqlite"
    pages = PageCache(path)
    pages.put("page", [("ก", 0.9, None)])
    store = CropStore(path)
    crops = {f"crop:{i}": bytes([i % 256]) * 3 for i in range(1200)}  # more keys than one query binds
    store.put(crops)
    assert store.get([*crops, "crop:absent"]) == crops
    assert pages.get("page") == [("ก", 0.9, None)]
    store.close()
    pages.close()
