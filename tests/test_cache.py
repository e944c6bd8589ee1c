from PIL import Image

from dataclasses import asdict
from pathlib import Path

from pipeline.cache import PageCache, page_key
from pipeline.ocr_settings import OcrSettings

SETTINGS = asdict(OcrSettings(tesseract="5.3.0"))


def test_key_changes_with_every_ocr_setting_and_the_pixels():
    im = Image.new("L", (20, 10), 255)
    base = page_key(im, SETTINGS)
    assert page_key(im, dict(SETTINGS)) == base
    assert set(SETTINGS) == {"lang", "dpi", "tesseract", "preprocess", "recover_numbers", "reread_garbled",
                             "reread_marks", "reread_numbers", "reread_set_apart", "reader", "psm", "renderer"}
    for change in ({"lang": "tha"}, {"dpi": 200}, {"tesseract": "5.4.0"}, {"preprocess": ("deskew", "despeckle")},
                   {"recover_numbers": False}, {"reread_garbled": False}, {"reread_marks": False}, {"reread_numbers": False}, {"reread_set_apart": False}, {"reader": 1}, {"psm": 11},
                   {"renderer": "other"}):
        assert page_key(im, {**SETTINGS, **change}) != base
    im.putpixel((3, 3), 0)
    assert page_key(im, SETTINGS) != base


def test_put_get_roundtrip_and_readonly_reader(tmp_path):
    path = tmp_path / "c.sqlite"
    cache = PageCache(path)
    assert cache.get("k") is None
    cache.put("k", [("ทำ", 0.9)])
    reader = PageCache(path, readonly=True)
    assert reader.get("k") == [("ทำ", 0.9)]
    reader.close()
    cache.close()


def test_file_alias_key_changes_with_settings_page_and_bytes(tmp_path):
    from pipeline.cache import file_digest, file_page_key

    f = tmp_path / "a.pdf"
    f.write_bytes(b"one")
    d = file_digest(f)
    base = file_page_key(d, 1, SETTINGS)
    assert file_page_key(d, 2, SETTINGS) != base
    assert file_page_key(d, 1, {**SETTINGS, "dpi": 200}) != base
    f.write_bytes(b"two")
    assert file_page_key(file_digest(f), 1, SETTINGS) != base


def test_a_cache_path_that_cannot_be_a_cache_is_one_line_and_exit_1_before_any_work(tmp_path):
    import subprocess
    import sys

    scan = Path(__file__).resolve().parent.parent / "samples" / "scans" / "invented" / "report_a_copy2.tif"
    not_sqlite = tmp_path / "notes.sqlite"
    not_sqlite.write_text("not a database", encoding="utf-8")
    for cache, message in ((tmp_path, "is a folder"), (not_sqlite, "cannot be used (file is not a database)")):
        p = subprocess.run([sys.executable, "-m", "pipeline", str(scan), "--out", str(tmp_path / "out"),
                            "--cache", str(cache)], capture_output=True, text=True)
        assert p.returncode == 1 and "Traceback" not in p.stderr, p.stderr
        assert p.stderr.strip().count("\n") == 0 and f"--cache {cache}: {message}" in p.stderr, p.stderr
        assert not (tmp_path / "out" / "documents.csv").exists()
