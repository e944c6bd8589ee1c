"""The bench's printer (samples/render.py): lines broken at spaces only, or at any word
boundary as a word processor sets Thai (`bench/accuracy.py --breaks words`)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "samples"))
from render import FONT, _font, fit_line  # noqa: E402

TEXT = "กรุงเทพมหานครมีนโยบายพัฒนาทางเท้าและระบบระบายน้ำในพื้นที่ให้มีคุณภาพอย่างต่อเนื่อง สำนักงานเขตคลองสาน จึงได้จัดโครงการ"


def test_breaking_at_words_breaks_between_words_inside_a_phrase_even_on_a_line_with_a_space():
    face = _font(200, 16, FONT)
    pieces = fit_line(TEXT, face, face.getlength(TEXT) / 3, "words")
    assert all(face.getlength(p) <= face.getlength(TEXT) / 3 for p in pieces)
    assert "".join(pieces) == TEXT  # no break fell on a space here: nothing lost, nothing added
    assert pieces[1].endswith("อย่าง") and pieces[2].startswith("ต่อเนื่อง ")  # a line with a space wraps inside a phrase
    assert not any(p != p.strip() for p in pieces)


def test_breaking_at_spaces_breaks_an_overlong_phrase_between_clusters_and_others_at_spaces():
    face = _font(200, 16, FONT)
    pieces = fit_line(TEXT, face, face.getlength(TEXT) / 3)
    assert pieces[1].endswith("ต่อเ") and pieces[2] == "นื่อง สำนักงานเขตคลองสาน"
    assert pieces[3] == "จึงได้จัดโครงการ"


def test_a_break_on_a_space_leaves_the_space_out():
    face = _font(200, 16, FONT)
    text = "ดำเนินการเรียบร้อยแล้ว และสรุปผลการดำเนินโครงการ"
    pieces = fit_line(text, face, face.getlength("ดำเนินการเรียบร้อยแล้ว") + 1, "words")
    assert pieces[0] == "ดำเนินการเรียบร้อยแล้ว" and pieces[1].startswith("และ")
