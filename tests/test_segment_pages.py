"""Pages bound out of order or a page of another report inside a copy: built from the
seed's first copy cut into pages, the rest of the seed as the other copies."""

from __future__ import annotations

import pytest

from pipeline.copies import read_witnesses
from pipeline.run import reconcile_records
from pipeline.export import tables
from pipeline.ingest import text_lines
from pipeline.model import Page
from pipeline.segment import iter_witnesses
from seed_truth import check_record

CODE = "50210000-3491"
HEADING = "1. ชื่อโครงการและหน่วยงานที่รับผิดชอบโครงการ"


@pytest.fixture(scope="module")
def copies(seed_text) -> list[str]:
    lines = seed_text.splitlines(keepends=True)
    starts = [i for i, ln in enumerate(lines) if HEADING in ln]
    return ["".join(lines[a:b]) for a, b in zip(starts, [*starts[1:], len(lines)])]


def cut(text: str, *markers: str) -> list[str]:
    """The text cut before the first line holding each marker (after the one before)."""
    lines = text.splitlines(keepends=True)
    cuts, at = [0], 0
    for marker in markers:
        at = next(i for i in range(at + 1, len(lines)) if marker in lines[i])
        cuts.append(at)
    return ["".join(lines[a:b]) for a, b in zip(cuts, [*cuts[1:], len(lines)])]


def first_copy_pages(copies) -> list[str]:
    """Copy 1 as four pages: 1.1-1.3 (its text cut mid-way), the rest of 1.3 to 2. and
    rows 1-4, rows 5-8, rows 9-10."""
    return cut(copies[0], "ด้วยกระบวนการของระบบ", "รายงานครั้งที่5", "รายงานครั้งที่9")


def run(pages: list[tuple[str, str]], template, dictionary):
    """Reconcile pages given as (file, text), numbered within each file as given."""
    count: dict[str, int] = {}
    stream = []
    for source, text in pages:
        count[source] = count.get(source, 0) + 1
        stream.append(Page(source, count[source], text_lines(text, source, count[source])))
    records, failures = read_witnesses(stream, template)
    frames = tables(reconcile_records(records, template, dictionary), failures)
    return frames, failures


def test_the_cut_pages_in_print_order_give_the_record(copies, template, dictionary):
    pages = first_copy_pages(copies)
    frames, failures = run([("a.pdf", p) for p in pages] + [("b.txt", "".join(copies[1:]))], template, dictionary)
    check_record(frames["documents"], frames["progress_reports"], 4)
    assert failures == []


def test_a_stray_first_page_of_another_report_does_not_swallow_the_pages_after_it(copies, template, dictionary):
    p1, p2, p3, p4 = first_copy_pages(copies)
    other = cut(copies[1].replace(CODE, "50219999-7777").replace("โครงการพัฒนาคุณภาพเครือข่ายโรงเรียน",
                                                                   "โครงการอบรมครูภาษาอังกฤษ"), "1.3 หลักการ")[0]
    pages = [("a.pdf", p) for p in (p1, p2, other, p3, p4)] + [("b.txt", "".join(copies[1:]))]
    frames, failures = run(pages, template, dictionary)
    docs = frames["documents"].set_index("doc_id")
    assert docs.loc["50219999-7777", "n_witnesses"] == 1
    seed = frames["documents"][frames["documents"]["doc_id"] == CODE]
    check_record(seed, frames["progress_reports"][frames["progress_reports"]["doc_id"] == CODE], 4)
    notes = [f for f in failures if f.stage == "order"]
    assert any("a.pdf page 3 holds the start of another report" in f.error and "goes on at a.pdf page 4" in f.error
               for f in notes), notes
    assert [(f.source, f.page) for f in notes] == [("a.pdf", 3)], notes  # one row, naming the stray page itself


def test_a_first_page_bound_after_the_second_is_put_back_in_front(copies, template, dictionary):
    p1, p2, p3, p4 = first_copy_pages(copies)
    frames, failures = run([("a.pdf", p) for p in (p2, p1, p3, p4)] + [("b.txt", "".join(copies[1:]))],
                           template, dictionary)
    check_record(frames["documents"], frames["progress_reports"], 4)
    principle = frames["documents"].loc[0, "principle"]
    assert "ด้วยกระบวนการของระบบ" in principle  # the lines above page 2's first heading are part of 1.3
    assert [f.error for f in failures if f.stage == "order"] == [
        "a.pdf page 2 holds the start of the copy that a.pdf page 1, bound before it, goes on with: read in the "
        "form's section order"]


def test_section_2_pages_bound_out_of_order_are_read_in_date_order(copies, template, dictionary):
    p1, p2, p3, p4 = first_copy_pages(copies)
    frames, failures = run([("a.pdf", p) for p in (p1, p2, p4, p3)] + [("b.txt", "".join(copies[1:]))],
                           template, dictionary)
    check_record(frames["documents"], frames["progress_reports"], 4)
    assert [f.error for f in failures if f.stage == "order"] == [
        "section 2 pages of a.pdf read in the order of their report dates: p2, p3, p4 -> p2, p4, p3"]


def test_a_copy_split_over_files_names_each_page_with_its_file_when_its_pages_are_reordered(copies, template,
                                                                                            dictionary):
    p1, p2, p3, p4 = first_copy_pages(copies)
    frames, failures = run([("a.pdf", p1), ("a.pdf", p2), ("c.pdf", p4), ("c.pdf", p3)]
                           + [("b.txt", "".join(copies[1:]))], template, dictionary)
    check_record(frames["documents"], frames["progress_reports"], 4)
    assert [f.error for f in failures if f.stage == "order"] == [
        "section 2 pages of a.pdf and c.pdf read in the order of their report dates: "
        "a.pdf p2, c.pdf p1, c.pdf p2 -> a.pdf p2, c.pdf p2, c.pdf p1"]


def test_a_copy_that_lost_its_first_page_is_not_joined_to_the_next_copys(copies, template, dictionary):
    _, p2, p3, p4 = first_copy_pages(copies)
    frames, failures = run([("a.pdf", p) for p in (p2, p3, p4)] + [("b.txt", "".join(copies[1:]))],
                           template, dictionary)
    assert frames["documents"].loc[0, "n_witnesses"] == 3  # b.txt's copies only
    assert [f.stage for f in failures] == ["group"] and "a.pdf" in failures[0].source


def test_a_report_whose_section_2_heading_was_lost_keeps_its_own_rows(copies, template, dictionary):
    """A report starting on a page after a copy in section 2, whose next page begins its own
    rows over again (markers from 1) without a readable heading, is no stray page: the
    rows are its own, not more of the copy before."""
    other_code, other_name = "50219999-7777", "โครงการอบรมครูภาษาอังกฤษ"
    other = copies[1].replace(CODE, other_code).replace("โครงการพัฒนาคุณภาพเครือข่ายโรงเรียน", other_name)
    front, rows = cut(other, "2. รายงานความก้าวหน้า")
    rows_without_heading = "".join(rows.splitlines(keepends=True)[1:])
    pages = [("a.pdf", p) for p in (*cut(copies[0], "2. รายงานความก้าวหน้า"), front, rows_without_heading)]
    frames, failures = run(pages + [("b.txt", "".join(copies[2:]))], template, dictionary)
    reports = frames["progress_reports"]
    assert list(reports.loc[reports["doc_id"] == CODE, "report_no"]) == list(range(1, 11))
    alone, _ = run([("c.txt", other)], template, dictionary)
    assert list(reports.loc[reports["doc_id"] == other_code, "report_no"]) == \
        list(alone["progress_reports"]["report_no"])
    assert [f.error for f in failures if f.stage == "order"] == [
        "a.pdf:p4:L2: section-2 rows after section strategy with no '2. รายงานความก้าวหน้าของโครงการและการใช้จ่าย"
        "งบประมาณ' heading read: read as section 2"]


def test_a_section_2_heading_whose_full_stop_ocr_read_as_a_colon_is_a_heading(template):
    from pipeline.segment import HeadingMatcher

    m = HeadingMatcher(template)
    assert m.section("2: รายงานุความก้าวหน้าของโครงการและการูใช้จ่ายงบประมาณ").id == "progress"
    assert m.section("2. ผลการดำเนินงาน : ร้อยละ 80") is None


def test_a_stray_page_is_found_though_ocr_misread_a_marker_of_the_copy_it_interrupts(copies, template, dictionary):
    p1, p2, p3, p4 = first_copy_pages(copies)
    misread = p2.replace("(ครั้งที่ 3)", "(ครั้งที่ 8)")
    assert misread != p2
    other = cut(copies[1].replace(CODE, "50219999-7777").replace("โครงการพัฒนาคุณภาพเครือข่ายโรงเรียน",
                                                                   "โครงการอบรมครูภาษาอังกฤษ"), "1.3 หลักการ")[0]
    frames, failures = run([("a.pdf", p) for p in (p1, misread, other, p3, p4)]
                           + [("b.txt", "".join(copies[1:]))], template, dictionary)
    assert frames["documents"].set_index("doc_id").loc["50219999-7777", "n_witnesses"] == 1
    assert any("a.pdf page 3 holds the start of another report" in f.error for f in failures)


def test_a_lost_heading_before_a_figure_split_over_two_lines_is_no_crash(copies, template, dictionary):
    other = copies[1].replace(CODE, "50219999-7777")
    front, rows = cut(other, "2. รายงานความก้าวหน้า")
    split = "งบประมาณที่เบิกใช้\n(ครั้งที่ 1) = 0 บาท\n"
    frames, failures = run([("a.pdf", front), ("a.pdf", split)], template, dictionary)
    assert list(frames["documents"]["doc_id"]) == ["50219999-7777"]


@pytest.mark.parametrize("n_copies", [2, 3])
def test_copies_printed_uncollated_come_page_by_page_and_each_is_read_whole(copies, template, dictionary, n_copies):
    """A printer asked for several copies uncollated gives every copy's page 1, then
    every copy's page 2, ...: scanned as one stack, each page goes on with a copy it
    follows (a heading that goes back, or section-2 rows that go back in time, would
    otherwise start a copy of its own or repeat rows)."""
    pages = first_copy_pages(copies)
    stack = [("stack.pdf", page) for page in pages for _ in range(n_copies)]
    frames, failures = run(stack + [("b.txt", "".join(copies[1:]))], template, dictionary)
    check_record(frames["documents"], frames["progress_reports"], n_copies + 3)
    assert {f.stage for f in failures} == {"order"}
    assert all("the pages of copies printed uncollated come in turn" in f.error for f in failures)
    assert len(failures) == (n_copies - 1) * (len(pages) - 1)  # every page after the first round but the first copy's


def witnesses(pages: list[str], template) -> list[tuple[str, list[int], tuple[str, ...]]]:
    """(id, pages, notes) of each copy found in `pages`, all of one file, in the order given."""
    stream = [Page("a.pdf", n, text_lines(text, "a.pdf", n)) for n, text in enumerate(pages, start=1)]
    return [(w.id, sorted({ln.where.page for lines in w.sections.values() for ln in lines}), w.notes)
            for w in iter_witnesses((ln for page in stream for ln in page.lines), template)]


def test_a_copy_left_unfinished_waits_without_taking_the_pages_of_copies_after_it(copies, template):
    """A copy's first page alone, a whole copy, then a copy whose first page is bound
    after its second: the unfinished copy stops waiting once the next copy took two
    pages running (no copies come in turn), so the late first page is still put back in
    front; ids count copies in the order they start."""
    p1, p2, p3, p4 = cut(copies[0], "1.4 วัตถุประสงค์", "รายงานครั้งที่5", "รายงานครั้งที่9")
    found = witnesses([p1, p1, p2, p3, p4, p2, p1, p3, p4], template)
    assert [(wid, pages) for wid, pages, _ in found] == [
        ("a.pdf#1", [1]), ("a.pdf#2", [2, 3, 4, 5]), ("a.pdf#3", [6, 7, 8, 9])]
    assert [len(notes) for _, _, notes in found] == [0, 0, 1] and "bound before it" in found[2][2][0].message


def test_a_copy_that_waited_keeps_its_number_in_the_order_copies_start(copies, template):
    """The first page alone of one copy, a copy of two pages, then a whole copy: the
    waiting copy is #1, though the second was done first."""
    p1, p2, p3, p4 = cut(copies[0], "1.4 วัตถุประสงค์", "รายงานครั้งที่5", "รายงานครั้งที่9")
    found = witnesses([p1, p1, p2 + p3 + p4, p1, p2, p3, p4], template)
    assert [(wid, pages) for wid, pages, _ in found] == [("a.pdf#1", [1]), ("a.pdf#2", [2, 3]), ("a.pdf#3", [4, 5, 6, 7])]


def test_the_lines_above_a_waiting_copys_first_heading_go_to_the_copy_before_it(copies, template):
    """A page that begins with a note and then section 1.4 starts a copy in mid-form; it
    waits when a whole copy begins after it, and the note still goes on with the copy
    before it."""
    p1, p14, p2, p3, p4 = cut(copies[0], "1.4 วัตถุประสงค์", "2. รายงานความก้าวหน้า", "รายงานครั้งที่5",
                              "รายงานครั้งที่9")
    note = "หมายเหตุ ข้อความท้ายหน้าของสำเนาก่อน\n"
    stream = [Page("a.pdf", n, text_lines(text, "a.pdf", n)) for n, text in
              enumerate([p1, p14 + p2, p3, p4, note + p14, p1 + p14, p2, p3, p4], start=1)]
    found = list(iter_witnesses((ln for page in stream for ln in page.lines), template))
    holding = [w.id for w in found if any("หมายเหตุ" in ln.text for lines in w.sections.values() for ln in lines)]
    assert holding == ["a.pdf#1"]


def test_a_page_goes_on_with_a_waiting_copy_only_when_that_copy_is_of_the_same_report(copies, template, dictionary):
    """Another report's first page alone, then a copy of the seed with its page 2 given
    twice: the second page 2 cannot go on with the seed's copy, and would follow the
    waiting copy's section 1.3, but that copy prints another code and other dates."""
    other = cut(copies[1].replace(CODE, "50219999-7777").replace("2563", "2559"), "1.3 หลักการ")[0]
    p1, p2, p3, p4 = first_copy_pages(copies)
    frames, failures = run([("a.pdf", other), *(("b.pdf", p) for p in (p1, p2, p2, p3, p4))], template, dictionary)
    assert not any("uncollated" in f.error for f in failures)
    docs = frames["documents"].set_index("doc_id")
    assert docs.loc["50219999-7777", "n_witnesses"] == 1
    assert not isinstance(docs.loc["50219999-7777", "strategy_issue"], str)


def test_lines_held_above_a_copys_first_heading_reach_the_copy_before_even_when_a_stray_interrupted_it(
        copies, template):
    """A copy begun in mid-form with a note above its first heading, then two pages of
    another copy (the first read as a stray inside it): the note still goes on with the
    copy before, before that copy is given."""
    p1, p14, p2, p3, p4 = cut(copies[0], "1.4 วัตถุประสงค์", "2. รายงานความก้าวหน้า", "รายงานครั้งที่5",
                              "รายงานครั้งที่9")
    v1, v2 = cut(copies[1], "2. เพื่อให้เครือข่าย")
    note = "หมายเหตุ ข้อความท้ายหน้าของสำเนาก่อน\n"
    stream = [Page("a.pdf", n, text_lines(text, "a.pdf", n)) for n, text in
              enumerate([copies[0], note + p14 + p2, v1, v2, copies[2]], start=1)]
    found = list(iter_witnesses((ln for page in stream for ln in page.lines), template))
    holding = [w.id for w in found if any("หมายเหตุ" in ln.text for lines in w.sections.values() for ln in lines)]
    assert holding == ["a.pdf#1"]


def test_a_copy_scanned_into_two_files_goes_on_in_the_second_before_another_reports_copy(copies, template,
                                                                                          dictionary):
    """The commonest split scan: the second file holds the rest of the copy the first ended
    with, then a copy of another report, whose first page ends just where that rest
    begins (as any copy's first page does). The rest is the first copy's, the other
    report's copy is its own pages: a file's first page is no first page bound late."""
    other_code, other_name = "50219999-7777", "โครงการอบรมครูภาษาอังกฤษ"
    other = copies[0].replace(CODE, other_code).replace("โครงการพัฒนาคุณภาพเครือข่ายโรงเรียน", other_name)
    a1, a2, _, _ = first_copy_pages(copies)  # the copy's last pages are missing: rows 1-4 only
    b_pages = first_copy_pages([other])
    alone, _ = run([("b.pdf", p) for p in b_pages], template, dictionary)
    frames, failures = run([("a.pdf", a1), ("b.pdf", a2), *(("b.pdf", p) for p in b_pages),
                            ("c.txt", "".join(copies[1:]))], template, dictionary)
    docs = frames["documents"].set_index("doc_id")
    assert docs.loc[CODE, "n_witnesses"] == 4 and docs.loc[other_code, "n_witnesses"] == 1
    reports = frames["progress_reports"]
    assert reports[reports["doc_id"] == other_code].reset_index(drop=True).equals(alone["progress_reports"])
    check_record(frames["documents"][frames["documents"]["doc_id"] == CODE], reports[reports["doc_id"] == CODE], 4)
    assert not [f for f in failures if f.stage in ("order", "group")]


def _named_pages(pages: list[tuple[str, str, str]], template) -> list[list[str]]:
    """Segment pages given as (file, name, text), numbered within each file as given;
    return each witness's pages by name, in the order its lines were read (a page whose
    lines above its first heading went to the copy before it counts there too)."""
    count: dict[str, int] = {}
    names, lines = {}, []
    for source, name, text in pages:
        count[source] = count.get(source, 0) + 1
        names[(source, count[source])] = name
        lines += text_lines(text, source, count[source])
    out = []
    for w in iter_witnesses(lines, template):
        seen: list[str] = []
        for section in w.sections.values():
            for ln in section:
                if names[(ln.where.source, ln.where.page)] not in seen:
                    seen.append(names[(ln.where.source, ln.where.page)])
        out.append(seen)
    return out


def _reports(copies, n: int) -> list[tuple[str, str]]:
    """`n` reports, each a copy of the seed with its own code and name, cut into two
    pages: the first page (sections 1.1 to mid 1.3) and the rest."""
    out = []
    for i in range(n):
        text = copies[0].replace(CODE, f"5021999{i}-777{i}").replace("โครงการพัฒนาคุณภาพเครือข่ายโรงเรียน",
                                                                  f"โครงการอบรมครูที่ {i}")
        first, rest = cut(text, "ด้วยกระบวนการของระบบ")
        out.append((first, rest))
    return out


def test_later_pages_that_may_be_another_copys_are_marked_and_their_values_need_review(copies, template,
                                                                                      dictionary):
    """A later page whose first page is lost, then copies of other reports (O2 A1 A2 B1
    B2), reads page for page as a stack scanned back to front: the pages are put as a
    stack's would be, and each later page put behind a first page that is followed by
    what may be its own later page is marked, with a note; values read only there need
    review, never pass as sure."""
    (o1, o2), (a1, a2), (b1, b2) = _reports(copies, 3)
    pages = [("x.pdf", n, t) for n, t in (("O2", o2), ("A1", a1), ("A2", a2), ("B1", b1), ("B2", b2))]
    assert _named_pages(pages, template) == [["A1", "O2"], ["B1", "A2", "B2"], ["B2"]]  # B2's top lines go before
    count: dict[str, int] = {}
    stream = []
    for source, _, text in pages:
        count[source] = count.get(source, 0) + 1
        stream.append(Page(source, count[source], text_lines(text, source, count[source])))
    witnesses = list(iter_witnesses([ln for page in stream for ln in page.lines], template))
    assert [w.guessed_pages for w in witnesses] == [(("x.pdf", 1),), (("x.pdf", 3),), ()]
    assert any("x.pdf page 1, put behind x.pdf page 2" in n.message for n in witnesses[0].notes), witnesses[0].notes
    records, failures = read_witnesses(stream, template)
    frames = tables(reconcile_records(records, template, dictionary), failures)
    reports = frames["progress_reports"]
    assert len(reports) and reports["needs_review"].all()
    assert not frames["documents"]["project_code"].isna().any()


@pytest.mark.parametrize("layout", ["one file", "a page a file", "two files", "covers"])
def test_a_stack_scanned_back_to_front_gives_each_copy_its_first_page(copies, template, layout):
    """Every copy of a stack scanned back to front comes later page first, and the stack
    ends on a first page: in one file, in one image a page, in a binder split over two
    files, and between a cover and a back cover."""
    (x1, x2), (y1, y2), (z1, z2) = _reports(copies, 3)
    names, texts = ["Z2", "Z1", "Y2", "Y1", "X2", "X1"], [z2, z1, y2, y1, x2, x1]
    files = {"one file": ["a.pdf"] * 6, "a page a file": [f"p{i}.png" for i in range(6)],
             "two files": ["a.pdf"] * 3 + ["b.pdf"] * 3, "covers": ["a.pdf"] * 6}[layout]
    pages = list(zip(files, names, texts))
    if layout == "covers":
        cover = "สำนักงานเขตภาษีเจริญ\nแฟ้มรายงานโครงการ ปีงบประมาณ 2564\n"
        pages = [("a.pdf", "back", cover), *pages, ("a.pdf", "front", cover)]
    got = [[n for n in w if n not in ("back", "front")] for w in _named_pages(pages, template)]
    assert [w for w in got if w] == [["Z1", "Z2"], ["Y1", "Y2"], ["X1", "X2"]], got


def test_a_first_page_bound_late_before_a_page_with_no_heading_is_put_in_front(copies, template):
    """Section 2's heading at the foot of the later page: the page after holds rows only."""
    p1, p2, p3, p4 = cut(copies[0], "ด้วยกระบวนการของระบบ", "รายงานครั้งที่1", "รายงานครั้งที่5")
    got = _named_pages([("a.pdf", n, t) for n, t in (("p2", p2), ("p1", p1), ("p3", p3), ("p4", p4))], template)
    assert got == [["p1", "p2", "p3", "p4"]], got


def test_a_late_first_page_before_other_copies_is_not_marked_and_marks_are_noted_once(copies, template):
    """A2 A1 B1 B2: A1's own later page cannot follow it (B1 starts the form): no mark. In
    a reversed stack of three copies each pairing is marked once, its note at the page."""
    (a1, a2), (b1, b2), (c1, c2) = _reports(copies, 3)

    def witnesses(texts):
        lines = []
        for n, text in enumerate(texts, start=1):
            lines += text_lines(text, "a.pdf", n)
        return list(iter_witnesses(lines, template))

    late = witnesses([a2, a1, b1, b2])
    assert [w.guessed_pages for w in late] == [(), ()] and not any("another copy" in n.message
                                                                    for w in late for n in w.notes)
    stack = witnesses([c2, c1, b2, b1, a2, a1])
    marks = [[n for n in w.notes if "may be another copy" in n.message] for w in stack]
    assert [len(m) for m in marks] == [1, 1, 1], marks  # the last pairing too: the run reads both ways
    assert [m[0].where.page for m in marks] == [1, 3, 5]



def test_rows_that_start_over_on_a_headingless_page_are_another_copys_not_more_of_the_copy_before(
        copies, template, dictionary):
    """Another report's section-2 page whose first page was lost (or a copy photocopied two
    pages to a sheet, read as one page without headings) comes after a copy in section 2:
    its rows start from report 1 again, so they begin a copy of their own, which nothing
    names, instead of going on as this copy's reports 11, 12, ... on the same days."""
    other = copies[1].replace("/2563", "/2565").replace("/2564", "/2566")
    _, rows = cut(other, "2. รายงานความก้าวหน้า")
    rows_without_heading = "".join(rows.splitlines(keepends=True)[1:])
    pages = [("a.pdf", p) for p in first_copy_pages(copies)] + [("b.pdf", rows_without_heading)]
    next_copy = [("c.pdf", p) for p in cut(copies[2], "2. รายงานความก้าวหน้า")]  # its first page ends before section 2
    frames, failures = run(pages + next_copy + [("d.txt", copies[3])], template, dictionary)
    reports = frames["progress_reports"]
    assert list(reports.loc[reports["doc_id"] == CODE, "report_no"]) == list(range(1, 11))
    assert frames["documents"].loc[0, "n_witnesses"] == 3  # a.pdf's, c.pdf's (both its pages) and d.txt's
    assert not any("b.pdf" in str(v) for v in frames["variants"]["votes"])
    assert [f.stage for f in failures if "b.pdf" in f.source] == ["order", "group"]
    assert [f.stage for f in failures if "c.pdf" in f.source] == []
    assert "start over from report 1" in next(f.error for f in failures if f.stage == "order")


def test_a_section_2_page_of_the_copy_bound_before_its_first_rows_is_still_its_own(copies, template, dictionary):
    """Rows from report 1 after a page of the copy's later rows are its own first rows
    bound late (the copy had no report 1 yet), not another copy's."""
    p1, p2, p3, p4 = first_copy_pages(copies)
    front, rows_1_to_4 = cut(p2, "รายงานครั้งที่1")
    pages = [("a.pdf", p) for p in (p1, front, p3, rows_1_to_4, p4)]
    frames, failures = run(pages + [("c.txt", "".join(copies[1:]))], template, dictionary)
    reports = frames["progress_reports"]
    assert list(reports.loc[reports["doc_id"] == CODE, "report_no"]) == list(range(1, 11))
    assert not [f for f in failures if f.stage == "group"]
