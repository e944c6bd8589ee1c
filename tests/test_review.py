"""The review page (pipeline/review.py) built from hand-made reconciled documents."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from pipeline.model import (
    Candidate, Dispute, Failure, Option, Reading, ReconciledDocument, ReconciledReport, Resolved, SetAside, Where,
    Witness, WitnessRecord,
)
from pipeline.crops import data_uri, png
from pipeline.review import (
    Segment, diff_segments, disputed_segments, elide, failures_from_frame, render_review, review_order, write_review,
)

W = ("scan.pdf#1", "scan.pdf#2", "scan.pdf#3")
CHOSEN_TEXT = "เครือข่ายโรงเรียนที่ 55 ดำเนินการจัดนิทรรศการ"
ODD_TEXT = "เครื่องข่ายโรงเรียนที่ 55 ดำเนินการจัดนิทรรศการ"


def res(field: str, value, *readings: tuple[object, tuple[str, ...]], confidence: float = 1.0,
        rule: str = "unanimous", review: bool = False, **extra) -> Resolved:
    return Resolved(field, value, confidence, rule, review,
                    tuple(Candidate(v, float(len(ws)), ws) for v, ws in readings), **extra)


def seed_like() -> ReconciledDocument:
    """A report read by three copies: a unanimous code, an agency two copies misread, a
    narrative one copy misspells, a date one copy misread and a field copy 3 lacks."""
    fields = {
        "project_code": res("project_code", "50210000-3491", ("50210000-3491", W)),
        "project_name": res("project_name", "โครงการ <script>alert(1)</script>",
                            ("โครงการ <script>alert(1)</script>", W)),
        "agency": res("agency", "สำนักงานเขตดุสิต", ("สำนักงานเขตดูสิต", W[:2]), ("สำนักงานเขตดุสิต", W[2:]),
                      confidence=0.4, rule="dictionary", review=True),
        "responsible_phone": res("responsible_phone", "6628", ("6628", W[:2])),
    }
    narrative = res(
        "narrative", CHOSEN_TEXT, (CHOSEN_TEXT, W[:2]), (ODD_TEXT, W[2:]), confidence=0.67, rule="majority",
        disputes=(Dispute(0, "เครือข่าย", "majority",
                          (Option("เครือข่าย", 2.0, W[:2]), Option("เครื่องข่าย", 1.0, W[2:]))),),
    )
    date = res("report_date", "2021-01-25", ("2021-01-25", W[:2]), confidence=1.0, review=True,
               set_aside=(SetAside("2023-01-25", W[2], "outside the project's dates"),))
    report = ReconciledReport(4, {"report_date": date, "narrative": narrative}, 3)
    return ReconciledDocument("50210000-3491", fields, (report,), W, ("scan.pdf",))


def calm() -> ReconciledDocument:
    fields = {"project_name": res("project_name", "โครงการสงบ", ("โครงการสงบ", ("calm.txt#1", "calm.txt#2")))}
    return ReconciledDocument("calm-1", fields, (), ("calm.txt#1", "calm.txt#2"), ("calm.txt",))


def row(html: str, field: str, report_no: int | None = None) -> str:
    """Return the <tr> of one field in the page."""
    report = f' data-report="{report_no}"' if report_no is not None else ""
    m = re.search(rf'<tr class="[^"]*" data-field="{field}"{report}>.*?</tr>', html, re.S)
    assert m, f"no row for {field}"
    return m.group(0)


@pytest.fixture(scope="module")
def page() -> str:
    return render_review([calm(), seed_like()], [Failure("bad.pdf", 3, "ocr", "page 3 of bad.pdf: <unreadable>")])


def test_page_is_self_contained_thai_html(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="th">' in page and '<meta charset="utf-8">' in page
    assert '"Noto Sans Thai"' in page and "Laksaman" in page
    assert not re.search(r'(src|href)="(https?:)?//', page) and "<link" not in page


def test_values_are_escaped(page: str) -> None:
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    assert "page 3 of bad.pdf: &lt;unreadable&gt;" in page


def test_every_witness_has_a_column(page: str) -> None:
    for wid in W + ("calm.txt#1", "calm.txt#2"):
        assert f'<th class="wit" title="{wid}">' in page
    assert row(page, "project_code").count('<td class="wit">50210000-3491</td>') == 3


def test_disagreement_and_review_rows_are_highlighted(page: str) -> None:
    assert row(page, "project_code").startswith('<tr class=""')
    assert row(page, "agency").startswith('<tr class="disagree review"')
    assert row(page, "narrative", 4).startswith('<tr class="disagree"')
    assert row(page, "report_date", 4).startswith('<tr class="disagree review"')


def test_free_text_marks_the_differing_word(page: str) -> None:
    narrative = row(page, "narrative", 4)
    assert re.search(r"<mark title=\"chosen: เครือข่าย\">เครื่องข่าย</mark>โรงเรียน", narrative)
    assert narrative.count("<mark title=") == 1
    assert '<mark class="disputed" title="majority: เครือข่าย (2); เครื่องข่าย (1)">เครือข่าย</mark>' in narrative


def test_missing_reading_is_an_empty_dimmed_cell(page: str) -> None:
    assert re.search(r'<td class="wit missing" title="[^"]*"></td>', row(page, "responsible_phone"))


def test_set_aside_reading_is_struck_through_with_its_reason(page: str) -> None:
    assert "<del title=\"set aside: outside the project&#39;s dates\">2023-01-25</del>" in row(page, "report_date", 4)


def test_index_counts_values_needing_review_most_first(page: str) -> None:
    index = re.search(r'<table class="index sortable">.*?</table>', page, re.S).group(0)
    rows = re.findall(r'<tr data-review="(\d+)">\s*<td><a href="#([^"]+)">([^<]+)</a>', index)
    assert [(n, doc) for n, _, doc in rows] == [("2", "50210000-3491"), ("0", "calm-1")]
    for _, anchor, _ in rows:
        assert f'id="{anchor}"' in page
    assert '<td class="num" data-sort="0.4">0.40</td>' in index


def test_failures_table(page: str) -> None:
    table = re.search(r'<section id="failures">.*?</section>', page, re.S).group(0)
    assert "<td>bad.pdf</td><td>3</td><td>ocr</td>" in table
    assert '<section id="failures">' not in render_review([calm()], [])


def test_notes_about_used_pages_are_listed_apart_from_failures() -> None:
    from pipeline.model import NOTE_STAGES
    from pipeline.text_layer import STAGE as TEXT_LAYER

    assert TEXT_LAYER in NOTE_STAGES
    html = render_review([calm()], [Failure("bad.pdf", 3, "ocr", "unreadable"),
                                    Failure("low.png", 1, "resolution", "about 200 dpi; upscaled")])
    failures = re.search(r'<section id="failures">.*?</section>', html, re.S).group(0)
    notes = re.search(r'<section id="notes">.*?</section>', html, re.S).group(0)
    assert "bad.pdf" in failures and "low.png" not in failures
    assert "low.png" in notes and "bad.pdf" not in notes
    assert '<section id="notes">' not in render_review([calm()], [Failure("bad.pdf", 3, "ocr", "x")])


def test_failures_from_frame_keeps_missing_pages() -> None:
    frame = pd.DataFrame({"source": ["a.pdf", "b.txt"], "page": pd.array([2, None], dtype="Int64"),
                          "stage": ["ocr", "segment"], "error": ["x", "y"]})
    assert failures_from_frame(frame) == [Failure("a.pdf", 2, "ocr", "x"), Failure("b.txt", None, "segment", "y")]


def test_records_add_where_each_copy_starts_and_the_raw_text() -> None:
    doc = calm()
    where = Where("calm.txt", 1, 7)
    records = {
        wid: WitnessRecord(Witness(wid, "calm.txt", where, {}),
                           {"project_name": Reading("project_name", "โครงการสงบ", "ชื่อโครงการ: โครงการสงบ", wid, where)}, (), ())
        for wid in doc.witnesses
    }
    html = render_review([doc], [], records)
    assert "<small>from calm.txt:p1:L7, weight 1.00</small>" in html
    assert 'title="calm.txt:p1:L7: ชื่อโครงการ: โครงการสงบ"' in html


def test_crops_show_under_their_reading() -> None:
    uri = data_uri(png(Image.new("L", (200, 60), 255)))
    crops = {("calm.txt#1", "project_name", None): uri, ("calm.txt#2", "project_name", None): "crops/a.png"}
    html = render_review([calm()], [], crops=crops)
    assert (f'<button type="button" class="crop" title="the print this reading was read from: click to enlarge" '
            f'data-caption="calm.txt#1 · project_name · read: โครงการสงบ"><img src="{uri}"') in html
    assert '<a class="crop" href="crops/a.png"><img src="crops/a.png"' in html
    assert html.count('class="crop"') == 2
    with pytest.raises(ValueError):
        render_review([calm()], [], crops={("calm.txt#1", "project_name", None): "javascript:alert(1)"})


def test_every_image_has_a_source() -> None:
    crop = data_uri(png(Image.new("L", (40, 10), 255)))
    html = render_review([seed_like()], [], crops={(W[0], "agency", None): crop})
    images = re.findall(r"<img\b[^>]*>", html)
    assert images and all(re.search(r'\ssrc="[^"]+"', img) for img in images), images


def test_each_reading_says_where_it_was_read() -> None:
    doc = calm()
    where = Where("scan.pdf", 3, 12, (1, 2, 3, 4))
    name = doc.fields["project_name"]
    doc.fields["project_name"] = replace(name, read_at=((doc.witnesses[0], where),))
    html = render_review([doc], [])
    assert 'title="scan.pdf:p3:L12"' in html


def test_diff_by_characters_and_gaps() -> None:
    assert diff_segments("50210000-3481", "50210000-3491", words=False) == [
        Segment("50210000-34"), Segment("8", "diff", "chosen: 9"), Segment("1")]
    gap = diff_segments("นายวรวิทย์", "นายวรวิทย์ เทียงธรรม", words=True)
    assert gap[-1].kind == "gap" and "เทียงธรรม" in gap[-1].title


def test_disputes_with_wrong_offsets_are_skipped() -> None:
    assert disputed_segments("abc def", [Dispute(2, "def", "majority", ())]) == [Segment("abc def")]


def test_long_unchanged_text_is_elided_in_compact_view() -> None:
    long = "ก" * 400
    kinds = [s.kind for s in elide([Segment(long), Segment("x", "diff")])]
    assert kinds == ["same", "hidden", "same", "diff"]
    assert "".join(s.text for s in elide([Segment(long)])) == long
    assert '<span class="elided">' in render_review([ReconciledDocument(
        "d", {"principle": res("principle", long + "ข", (long + "ข", W[:2]), (long + "ค", W[2:]), rule="majority")},
        (), W, ("s",))], [])


def test_write_review_is_atomic(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.html"
    html = render_review([seed_like()], [])
    assert write_review(html, target) == target
    assert target.read_text(encoding="utf-8") == html
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]


def test_reports_are_listed_and_cropped_most_doubtful_first() -> None:
    doubtful = seed_like()
    assert [d.doc_id for d in review_order([calm(), doubtful])] == [doubtful.doc_id, "calm-1"]
    html = render_review([calm(), doubtful], [])
    assert html.index(f'<h2>{doubtful.doc_id}') < html.index("<h2>calm-1")


def test_why_a_value_needs_review_is_said_under_it() -> None:
    doc = seed_like()
    lost = Resolved("spent_baht", None, 0.0, "missing", True, (),
                    warnings=("no copy of the 3 read this field", "the reports' figures add up to <180,000>"))
    html = render_review([replace(doc, fields={**doc.fields, "spent_baht": lost})], [])
    assert ('<td class="chosen"><ul class="why"><li>no copy of the 3 read this field</li>'
            "<li>the reports&#39; figures add up to &lt;180,000&gt;</li></ul></td>") in row(html, "spent_baht")
    assert '<ul class="why">' not in row(html, "project_code")


def test_the_print_of_a_cell_printed_but_read_as_nothing_shows_in_its_empty_cell() -> None:
    doc = seed_like()
    unread = Resolved("spent_baht", None, 0.0, "unread", True, (), warnings=("printed but read as no value",),
                      read_at=((W[0], Where("scan.pdf", 2, 5, (1, 2, 3, 4))),))
    uri = data_uri(png(Image.new("L", (200, 60), 255)))
    html = render_review([replace(doc, fields={**doc.fields, "spent_baht": unread})], [],
                         crops={(W[0], "spent_baht", None): uri})
    cells = re.findall(r'<td class="wit missing"[^>]*>.*?</td>', row(html, "spent_baht"), re.S)
    assert len(cells) == 3 and f'<img src="{uri}"' in cells[0] and "<img" not in cells[1] + cells[2]
    assert 'data-caption="scan.pdf#1 · spent_baht · scan.pdf:p2:L5 · read as nothing"' in cells[0]
