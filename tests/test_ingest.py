from pathlib import Path

import pytest

from pipeline.errors import InputError, UsageError
from pipeline.ingest import decode_text, find_inputs, read_text_file
from pipeline.model import Line, Where

SEED = Path(__file__).resolve().parent.parent / "samples" / "text" / "000_d000cb5bc4147d98.txt"


def test_find_inputs_recurses_sorts_and_skips_other_files(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ("b/2.md", "1.txt", "b/scan.PDF", "notes.docx"):
        (tmp_path / name).write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in find_inputs([tmp_path])] == ["1.txt", "b/2.md", "b/scan.PDF"]


def test_inputs_are_read_with_their_numbers_in_numeric_order(tmp_path):
    """A scanner numbers a stack's files scan_1 ... scan_12; read as text sorts them,
    scan_10 would come between scan_1 and scan_2 and a copy's pages would be put together
    from other copies'. Numbers count in every part of the path."""
    from pipeline.ingest import unique_files

    names = [f"scan_{i}.png" for i in range(1, 13)] + ["box 2/a.txt", "box 10/a.txt", "p01.txt", "p1.txt"]
    for name in names:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(name)
    found = [p.relative_to(tmp_path).as_posix() for p in find_inputs([tmp_path])]
    assert found == ["box 2/a.txt", "box 10/a.txt", "p01.txt", "p1.txt", *(f"scan_{i}.png" for i in range(1, 13))]
    kept, _ = unique_files(find_inputs([tmp_path]))
    assert [p.relative_to(tmp_path).as_posix() for p in kept] == found


def test_missing_or_unsupported_inputs_are_usage_errors(tmp_path):
    with pytest.raises(UsageError, match="no such file"):
        find_inputs([tmp_path / "nope"])
    (tmp_path / "a.docx").write_text("x")
    with pytest.raises(UsageError, match="unsupported"):
        find_inputs([tmp_path / "a.docx"])
    with pytest.raises(UsageError, match="no input files"):
        find_inputs([tmp_path / "empty"] if (tmp_path / "empty").mkdir() is None else [])


def test_legacy_thai_encoding_is_read():
    assert decode_text("โครงการ".encode("cp874"), "x.txt") == "โครงการ"
    assert decode_text("\ufeffโครงการ".encode("utf-8"), "x.txt") == "โครงการ"


def test_undecodable_bytes_name_the_file():
    with pytest.raises(InputError, match="x.txt"):
        decode_text(b"\x80\x81\xfe", "x.txt")


def test_text_file_lines_keep_their_line_numbers(tmp_path):
    f = tmp_path / "r.md"
    f.write_text("\n**1.3 หลักการและเหตุผล**\n\nก\tข\n", encoding="utf-8")
    page = read_text_file(f)
    assert [(ln.text, ln.where.line) for ln in page.lines] == [("1.3 หลักการและเหตุผล", 2), ("ก", 4), ("ข", 4)]


def test_empty_text_file_is_an_input_error(tmp_path):
    f = tmp_path / "e.txt"
    f.write_text("\n\n")
    with pytest.raises(InputError, match="no text"):
        read_text_file(f)


def test_utf16_without_a_byte_order_mark_is_read_as_thai():
    from pipeline.ingest import decode_text

    text = "รายงานครั้งที่1 :: 26/10/2563 : อยู่ระหว่างขั้นตอนขออนุมัติโครงการฯ\n"
    for codec in ("utf-16-le", "utf-16-be"):
        assert decode_text(text.encode(codec), "x.txt") == text
    assert decode_text(b"plain ascii notes\n", "x.txt") == "plain ascii notes\n"


def test_a_scanned_page_whose_thai_letters_spell_nothing_is_left_out_with_a_note(dictionary):
    """The back of a sheet scanned duplex: Tesseract reads the print showing through as
    lines of Thai letters (about 60% of them covered by words, against 97% or more on a
    page of the form). Text inputs, and pages with too few Thai letters to judge, pass."""
    import random

    from pipeline.ingest import NO_TEXT, drop_pages_of_no_text
    from pipeline.model import Page

    rng = random.Random(3)
    junk = [" ".join("".join(rng.choice("กขคงจฉชซดตถทนบปผพฟมยรลวสหอะาิีุูเแโไ่้") for _ in range(24)) for _ in range(2))
            for _ in range(12)]
    real = SEED.read_text(encoding="utf-8").splitlines()[:40]

    def page(source, texts, n=1):
        return Page(source, n, tuple(Line(t, Where(source, n, i)) for i, t in enumerate(texts, start=1)))

    pages = [page("a.pdf", real), page("a.pdf", junk, 2), page("a.pdf", junk[:1], 3), page("a.txt", junk)]
    out = list(drop_pages_of_no_text(pages, dictionary.known_share))
    assert [type(p).__name__ for p in out] == ["Page", "InputError", "Page", "Page"]
    note = out[1]
    assert isinstance(note, InputError) and (note.source, note.page, note.stage) == ("a.pdf", 2, NO_TEXT)
    assert str(note).startswith("a.pdf page 2 reads as no text: ") and "Left out" in str(note)
