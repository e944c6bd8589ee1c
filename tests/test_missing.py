"""Values no copy of a report read: flagged empty where the archive's forms print them."""

from test_document import _copy, _reconciled


def test_a_field_no_copy_read_is_flagged_empty_where_the_archives_forms_print_it(tmp_path, seed_text):
    """Every copy of the seed loses the total spent and the indicator (a label OCR garbled
    in each), and the coordinator's number after its label; the responsible person's
    phone is printed as a dash. Beside another report whose copies read every field, the
    lost fields are in the record, empty, rule "missing" and flagged, in the template's
    order; the dash is no phone lost. Alone, the archive shows no form that prints an
    indicator: a field no copy of any report read is one the forms leave out."""
    import re

    from pipeline.api import reconcile
    from pipeline.template import load_template

    text = re.sub(r"งบประมาณที่ใช้ไป : 180,000 บาท", "", seed_text)
    text = re.sub(r"^ตัวชี้วัด.*$", "", text, flags=re.M)
    text = text.replace(" โทร 6628", " โทร -").replace("โทร 1512", "โทร")
    (tmp_path / "lost.txt").write_text(text, encoding="utf-8")
    other = seed_text.replace("50210000-3491", "61234567-8901").replace("คุณภาพเครือข่าย", "ทักษะครูใน")
    (tmp_path / "other.txt").write_text(other, encoding="utf-8")
    docs = reconcile([tmp_path / "lost.txt", tmp_path / "other.txt"], keep_tables=True, use_cache=False,
                     report=False, use_lm=False).reconciled
    doc = next(d for d in docs if d.doc_id == "50210000-3491")
    for field in ("spent_baht", "indicator", "coordinator_phone"):
        res = doc.fields[field]
        assert (res.value, res.rule, res.needs_review, res.confidence) == (None, "missing", True, 0.0), field
    assert doc.fields["spent_baht"].warnings[0].startswith("no copy of the 4 read this field")
    assert "add up to 180,000" in doc.fields["spent_baht"].warnings[1]
    assert "a phone is printed after the name in" in doc.fields["coordinator_phone"].warnings[0]
    assert len(doc.fields["coordinator_phone"].read_at) == 4
    assert "responsible_phone" not in doc.fields and doc.fields["responsible_name"].value
    assert list(doc.fields) == [f for f in load_template().document_fields if f in doc.fields]
    assert not any(res.rule == "missing" for d in docs if d is not doc for res in d.fields.values())
    [alone] = reconcile([tmp_path / "lost.txt"], keep_tables=True, use_cache=False, report=False,
                        use_lm=False).reconciled
    assert "indicator" not in alone.fields and "spent_baht" not in alone.fields
    assert alone.fields["coordinator_phone"].rule == "missing"


def test_a_phone_is_lost_where_its_cell_shows_one_and_none_was_read(template):
    from pipeline.missing import _phone_lost

    label = template.phone_label
    assert _phone_lost("นายวรวิทย์ เทียงธรรม โทร", label)
    assert _phone_lost("นายวรวิทย์ เทียงธรรม โทธ 1512", label)  # the label garbled, its digits left
    assert not _phone_lost("นายวรวิทย์ เทียงธรรม โทร -", label)
    assert not _phone_lost("นายวรวิทย์ เทียงธรรม", label)


def test_a_persons_phone_is_missing_with_their_line_and_a_report_cell_no_copy_read_is_flagged(template, dictionary):
    from dataclasses import replace

    from pipeline.missing import missing_fields

    rows = [(1, "2020-10-26", 5.0), (2, "2020-11-25", 10.0)]
    a, b = _copy("a#1", rows), _copy("b#1", rows)
    lost = missing_fields(template, [a, b], dict.fromkeys(("start_date", "end_date")))
    assert {"responsible_name", "responsible_phone", "coordinator_phone", "project_code"} <= set(lost)
    assert "start_date" not in lost and all(r.rule == "missing" and r.needs_review for r in lost.values())

    def status_lost(copy):
        return replace(copy, figures=(replace(copy.figures[0], target_status=None), *copy.figures[1:]))

    values = _reconciled(template, dictionary, status_lost(a), status_lost(b))
    cell = values[1, "target_status"]
    assert (cell.value, cell.rule, cell.needs_review) == (None, "missing", True)
    assert cell.warnings == ("no copy of the 2 read this cell of report 1: read it from the scan",)
    assert values[2, "target_status"].value == "เป็นไปตามเป้าหมาย"
    assert (v := _reconciled(template, dictionary, status_lost(a), b)[1, "target_status"]).rule == "single" \
        and v.value == "เป็นไปตามเป้าหมาย"


def test_a_field_no_copy_read_is_shown_where_it_was_printed_between_its_neighbours(template):
    from pipeline.missing import missing_fields
    from pipeline.model import Reading, Where, Witness, WitnessRecord

    def copy(wid, boxes):
        fields = {f: Reading(f, 1, "1", wid, Where("scan.pdf", page, line, box), 1.0)
                  for f, (page, line, box) in boxes.items()}
        return WitnessRecord(Witness(wid, "scan.pdf", Where("scan.pdf", 1, 1), {}), fields, (), ())

    budget, agency = (1, 12, (100, 500, 900, 540)), (1, 15, (120, 620, 700, 700))
    wrapped = (1, 12, (100, 420, 900, 540))  # a value of three lines before the lost one
    copies = [copy("a#1", {"budget_baht": budget, "agency": agency}),
              copy("b#1", {"budget_baht": wrapped, "agency": agency}),
              copy("c#1", {"budget_baht": budget, "agency": (2, 3, (100, 80, 900, 120))})]
    lost = missing_fields(template, copies, {}, frozenset({"spent_baht"}))["spent_baht"]
    assert [(wid, str(w), w.box) for wid, w in lost.read_at] == [
        ("a#1", "scan.pdf:p1:L12", (100, 500, 900, 660)),  # budget's line, the gap, agency's first line
        ("b#1", "scan.pdf:p1:L12", (100, 460, 900, 700)),  # a line of each: the shorter box's height
        ("c#1", "scan.pdf:p1:L12", (100, 500, 900, 780))]  # agency on the next page: budget and six lines on
    first = copy("d#1", {"agency": agency})  # nothing read before it: the six lines above agency
    assert [w.box for _, w in missing_fields(template, [first], {}, frozenset({"spent_baht"}))["spent_baht"].read_at] \
        == [(120, 140, 700, 700)]
    assert missing_fields(template, [copy("e#1", {})], {}, frozenset({"spent_baht"}))["spent_baht"].read_at == ()


def test_a_row_whose_date_and_figure_no_copy_read_is_a_flagged_empty_report(tmp_path, seed_text):
    """Every copy of the seed garbles report 10's date and its figure's label: no reading
    is left of the row but its printed label, so report 10 is in the record, every cell
    empty, rule "missing", flagged, each copy's row label where to read it."""
    import re

    from pipeline.api import reconcile

    text = re.sub(r"20/08/2564", "ซ๑/0B/25b4", seed_text)
    text = text.replace("งบประมาณที่เบิกใช้ (ครั้งที่ 10) = 180,000 บาท", "ฯลฯ")
    (tmp_path / "lost_row.txt").write_text(text, encoding="utf-8")
    [doc] = reconcile([tmp_path / "lost_row.txt"], keep_tables=True, use_cache=False, report=False,
                      use_lm=False).reconciled
    assert [rep.report_no for rep in doc.reports] == list(range(1, 11))
    *read, lost = doc.reports
    assert all(rep.fields["report_date"].value for rep in read)
    assert lost.n_witnesses == 0 and set(lost.fields) >= {"report_date", "progress_pct", "spent_baht"}
    assert all((res.value, res.rule, res.needs_review) == (None, "missing", True) for res in lost.fields.values())
    assert lost.fields["report_date"].warnings[0].startswith("a copy prints 10 report rows, 9 were read")
    assert len(lost.fields["report_date"].read_at) == 4


def test_rows_are_counted_by_their_labels_at_the_start_of_a_line(template):
    from pipeline.model import Line, Where
    from pipeline.progress_rows import row_starts

    texts = ["รายงานครั้งที่1 :: 26/10/2563 : อยู่ระหว่างขั้นตอน",
             "', ” ฐายงานครั้งที่2 : 25/11/2563 : โครงการ",  # specks before it, one letter misread
             "ชาย์ง่านครั้งที่3 = 30/11/2563",  # its marks folded, one letter misread
             "'” รายงานครั้งที่4 = 04/01/2566 : ดำเนินการ",  # as printed, its colon read "="
             ", ” รายงานครั้งที่ส:0 11/027256ๆ : คำเนินการ",  # its number and date garbled
             "รายงานครั้ง ที่ 12 :: 01/02/2564 : ดำเนินการ",  # a space read inside the label
             "รายงานครั้ง ที่3 = 30/11/2563",
             "เครือข่ายส่งรายงานครั้งที่ 2 แล้ว",  # the wording inside a narrative
             "รายงานความก้าวหน้าของโครงการ",  # two letters from the label: another heading
             ":: ความก้าวหน้าของงานฯ = 25.00 %"]
    lines = [Line(t, Where("s.pdf", 2, i + 1)) for i, t in enumerate(texts)]
    assert [w.line for w in row_starts(lines, template.progress)] == [1, 2, 3, 4, 5, 6, 7]


def test_a_report_lost_between_others_fills_the_gap_and_none_is_added_where_rows_match(template, dictionary):
    """Copies that print four rows and read reports 1, 2 and 4 lost report 3; where they
    read as many reports as they print rows (or print none), nothing is added."""
    from dataclasses import replace

    from pipeline.model import Where

    rows = [(1, "2020-10-26", 5.0), (2, "2020-11-25", 10.0), (4, "2021-01-25", 30.0)]

    def printing(copy, n):
        return replace(copy, row_starts=tuple(Where("t", 2, 3 * i + 1, (100, 300 * i, 900, 300 * i + 40))
                                               for i in range(n)))

    values = _reconciled(template, dictionary, printing(_copy("a#1", rows), 4), printing(_copy("b#1", rows), 3))
    assert sorted({n for n, _ in values}) == [1, 2, 3, 4]
    lost = values[3, "report_date"]
    assert (lost.value, lost.rule, lost.needs_review) == (None, "missing", True)
    assert lost.warnings[0].startswith("a copy prints 4 report rows, 3 were read: no copy read report 3's")
    assert [(wid, w.box) for wid, w in lost.read_at] == [("a#1", (100, 600, 900, 900))]  # to the next row's label
    assert "report numbers jump from 2 to 4" in values[4, "progress_pct"].warnings[0]
    for n in (3, 0):
        assert sorted({k for k, _ in _reconciled(template, dictionary, printing(_copy("a#1", rows), n))}) == [1, 2, 4]


def test_a_figures_number_past_the_rows_its_copy_prints_is_numbered_from_its_neighbours(template):
    """A copy that prints four rows from report 1 has no report 93: OCR added a digit
    ("(ครั้งที่ 93" for 3). Its figure is numbered from its neighbours; a copy of later
    rows alone keeps its numbers."""
    from pipeline.model import Line, Where
    from pipeline.progress_rows import read_section2

    texts = ["รายงานครั้งที่1 :: 25/10/2565 : อยู่ระหว่างขั้นตอนขออนุมัติโครงการฯ",
             ":: ความก้าวหน้าของงานฯ = 30.00 % : งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 0 บาท",
             "รายงานครั้งที่2 :: 04/12/2565 : ดำเนินการจัดกิจกรรม",
             ":: ความก้าวหน้าของงานฯ = 45.00 % : งบประมาณที่เบิกใช้ (ครั้งที่ 2) = 0 บาท",
             "รายงานครั้งที่3 :: 16/01/2566 : ดำเนินการประชุม",
             ":: ความก้าวหน้าของงานฯ = 80.00 % : งบประมาณที่เบิกใช้ (ครั้งที่ 93) = 0 บาท",
             "รายงานครั้งที่4 :: 27/02/2566 : ดำเนินการเบิกจ่ายงบประมาณ",
             ":: ความก้าวหน้าของงานฯ = 100.00 % : งบประมาณที่เบิกใช้ (ครั้งที่ 4) = 320,000 บาท"]
    lines = [Line(t, Where("s.pdf", 2, i + 1)) for i, t in enumerate(texts)]
    lines[7] = Line(lines[7].text.replace("(ครั้งที่ 4)", "(ครั้งที่ ศ)"), lines[7].where)  # no number to its right
    figures, _, _ = read_section2(lines, template.progress, "w", 1.0)
    assert [(f.report_no, f.progress_pct.value, f.counted) for f in figures] == [
        (1, 30, False), (2, 45, False), (3, 80, False), (4, 100, False)]
    later = [Line(t.replace("ที่1", "ที่11").replace("ที่ 1)", "ที่ 11)").replace("ที่2", "ที่12")
                  .replace("ที่ 2)", "ที่ 12)"), w) for t, w in ((ln.text, ln.where) for ln in lines[:4])]
    figures, _, _ = read_section2(later, template.progress, "w", 1.0)  # a copy's later rows alone
    assert [(f.report_no, f.counted) for f in figures] == [(11, False), (12, False)]


def test_markers_misread_past_the_rows_of_a_copy_whose_labels_count_from_one_are_numbered_in_turn(template):
    """A face whose markers read "7" for 2, "9" for 4 and letters for the rest (its
    labels read 1 to 6 alike): numbered as read, the copy's rows would be reports 1, 7,
    8, 9, 10 and 11, each counted on from the misread one. The labels say the copy
    prints six rows from the first, so no marker can be past 7, and the rows are 1 to 6.
    A copy whose first label alone reads 1 is no such evidence."""
    from pipeline.model import Line, Where
    from pipeline.progress_rows import read_section2

    markers = ["ป|", "7", "ม", "9", "5)", "ญ"]
    texts = []
    for n, marker in enumerate(markers, 1):
        texts += [f"รายงานครั้งที่{n} :: {n + 10}/10/2565 : ดำเนินการจัดกิจกรรม",
                  f":: ความก้าวหน้าของงานฯ = {10 * n}.00 % : งบประมาณที่เบิกใช้ (ครั้งที่ {marker} = 0 บาท"]
    lines = [Line(t, Where("s.pdf", 2, i + 1)) for i, t in enumerate(texts)]
    figures, narratives, _ = read_section2(lines, template.progress, "w", 1.0)
    assert [(f.report_no, f.progress_pct.value) for f in figures] == [(n, 10 * n) for n in range(1, 7)]
    assert [n.paired_report for n in narratives] == [1, 2, 3, 4, 5, 6]
    second_unread = [Line(t.replace("รายงานครั้งที่2", "รายงานครั้งที่ ?"), w) for t, w in ((ln.text, ln.where) for ln in lines)]
    figures, _, _ = read_section2(second_unread, template.progress, "w", 1.0)
    assert [f.report_no for f in figures][:2] == [1, 7]
