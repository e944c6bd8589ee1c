from pipeline.extract import extract, read_labelled, read_progress, read_statuses
from pipeline.progress_rows import read_section2
from pipeline.ingest import text_lines
from pipeline.segment import split_witnesses


def L(text):
    return list(text_lines(text, "t.txt"))


def section(template, sid):
    return template.section(sid)


def test_two_labelled_fields_on_one_line(template):
    got = read_labelled(L("รหัสโครงการ... : 50210000-3491 ปีงบประมาณ พ.ศ. : 2564"), section(template, "identity").fields)
    assert got["project_code"][0] == "50210000-3491"
    assert got["fiscal_year_be"][0] == "2564"


def test_longer_label_wins_over_its_prefix_even_when_damaged(template):
    got = read_labelled(
        L("ประเด็นยุทธศาสตร์ : ก\nประเด็นยุทธศา ย่อย : ข"), section(template, "strategy").fields
    )
    assert got["strategy_issue"][0] == "ก"
    assert got["strategy_sub_issue"][0] == "ข"


def test_a_label_ocr_read_with_a_mark_more_is_still_anchored_at_its_colon(template):
    """A tone mark from the line above read into a label ("รหัสโค่รงการ") pushes its end
    past the span the label aligns to; the colon after it still anchors it, and the
    label's last letter is not taken into the value."""
    got = read_labelled(L("ชื่อโครงการ/กิจกรรม : โครงการอาหารกลางวันปลอดภัย\n. 2” :' รหัสโค่รงการ :79355878:6508"),
                        section(template, "identity").fields)
    assert got["project_name"][0] == "โครงการอาหารกลางวันปลอดภัย"
    assert got["project_code"][0] == "79355878:6508"
    got = read_labelled(L("ชื่อโค่รงการ/กิจกรรม : โครงการอาหารกลางวันปลอดภัย"), section(template, "identity").fields)
    assert got["project_name"][0] == "โครงการอาหารกลางวันปลอดภัย"


def test_a_label_whose_marks_ocr_dropped_misread_or_moved_is_found_with_them_folded(template):
    """A monospaced print's labels lose and move their marks ("ชอิผรูบัผดิชอบ" for
    "ชื่อผู้รับผิดชอบ"); folded away in label and line alike, the letters find the label,
    so the person's line is not read into the agency above it."""
    got = read_labelled(L("หนวัยงานทรี่บัผดิชอบ : สำนักงานเขตห้วยขวาง / ฝ่ายการศึกษา /\nฝ่ายการศึกษา\n"
                          "ชอิผรูบัผดิชอบ : น.ส.กฤตธชั ลายภาษา โทร 2975"), section(template, "agency").fields)
    assert got["agency"][0] == "สำนักงานเขตห้วยขวาง / ฝ่ายการศึกษา / ฝ่ายการศึกษา"
    assert got["responsible"][0] == "น.ส.กฤตธชั ลายภาษา โทร 2975"


def test_label_words_inside_a_value_are_not_labels(template):
    got = read_labelled(
        L("ตัวชี้วัด... : ร้อยละของโครงการที่ดำเนินการสำเร็จตามเป้าหมาย"), section(template, "strategy").fields
    )
    assert "strategy_goal" not in got
    assert got["indicator"][0].endswith("ตามเป้าหมาย")


def test_unlabelled_line_continues_the_previous_value(template):
    got = read_labelled(L("ชื่อโครงการ/กิจกรรม : โครงการพัฒนา\nคุณภาพเครือข่ายโรงเรียน"), section(template, "identity").fields)
    assert got["project_name"][0] == "โครงการพัฒนา คุณภาพเครือข่ายโรงเรียน"


def test_a_value_printed_below_its_label_and_opening_with_the_labels_words_is_its_value(template):
    """A long project name set on the line below its label: "โครงการ..." is the end of the
    label "ชื่อโครงการ" too, but a label ended its line with nothing after it and no colon
    follows; a label printed again with its colon is still a label printed again."""
    fields = section(template, "identity").fields
    got = read_labelled(L("ชื่อโครงการ/กิจกรรม :\nโครงการปรับปรุงทางเท้าและระบบระบายน้ำ\nรหัสโครงการ : 81171874-5966"), fields)
    assert got["project_name"][0].strip() == "โครงการปรับปรุงทางเท้าและระบบระบายน้ำ"
    assert got["project_code"][0] == "81171874-5966"
    again = read_labelled(L("ชื่อโครงการ/กิจกรรม : โครงการหนึ่ง\nชื่อโครงการ : โครงการสอง"), fields)
    assert again["project_name"][0] == "โครงการหนึ่ง"


def test_glued_status_cells_read_as_plan_and_target(template):
    got = read_statuses("เป็นไปตามแผนแต่ควรติดตามเป็นปกติตามเป้าหมาย", template.progress)
    assert [(k, e) for k, e, _ in got] == [("plan", "เป็นไปตามแผนแต่ควรติดตาม"), ("target", "เป็นไปตามเป้าหมาย")]


def test_damaged_status_reads_as_the_long_entry_not_its_prefix(template):
    got = read_statuses("เป็นไปตามแผนแต่ควรถัด", template.progress)
    assert [(k, e) for k, e, _ in got] == [("plan", "เป็นไปตามแผนแต่ควรติดตาม")]
    assert read_statuses("ไม่รู้", template.progress) == []


def test_figures_are_keyed_by_marker_not_row_label(template):
    text = (
        "รายงานครั้งที่4\t<p>:: 25/12/2563 : ประชุม</p> <p>:: ความก้าวหน้าของงานฯ = 25.00 % "
        "งบประมาณที่เบิกใช้ (ครั้งที่ 3) = 0 บาท : เป็นไปตามแผน : เป็นไปตามเป้าหมาย</p>"
    )
    figures, narratives = read_progress(L(text), template.progress, "w", 1.0)
    assert [(f.report_no, f.progress_pct.value, f.spent_baht.value) for f in figures] == [(3, 25, 0)]
    assert figures[0].plan_status.value == "เป็นไปตามแผน"
    assert figures[0].target_status.value == "เป็นไปตามเป้าหมาย"
    assert [(n.date.value, n.text.value, n.paired_report) for n in narratives] == [("2020-12-25", "ประชุม", 3)]


def test_a_status_cell_before_a_row_label_ocr_misread_reads_as_its_status(template):
    """A monospaced face read "รายงานครั้งที่" as "รายงานครจงั้ทวี่" at the start of every
    row: the row is seen (one letter off), and its label is no part of the target status
    cell that ends the row before it."""
    lines = ("รายงานครั้งที่ :: 24/10/2566 : อยู่ระหว่างขั้นตอนขออนุมัติโครงการฯ\n"
             ":: ความก้าวหน้าของงานฯ = 40.00 % : งบประมาณที่เบิกใช้\n"
             "(ครั้งที่ 1) = 0 บาท : เป็นไปตามแผน : เป็นไปตามเป้าหมาย\n"
             "รายงานครจงั้ทวี่ :: 25/11/2566 : ประชุมคณะทำงาน\n"
             ":: ความก้าวหน้าของงานฯ = 75.00 % : งบประมาณที่เบิกใช้\n"
             "(ครั้งที่ 2) = 0 บาท : เป็นไปตามแผน : เป็นไปตามเป้าหมาย\n")
    figures, narratives = read_progress(L(lines), template.progress, "w", 1.0)
    assert [(f.report_no, f.target_status.value) for f in figures] == [(1, "เป็นไปตามเป้าหมาย"),
                                                                       (2, "เป็นไปตามเป้าหมาย")]
    assert [n.text.value for n in narratives] == ["อยู่ระหว่างขั้นตอนขออนุมัติโครงการฯ", "ประชุมคณะทำงาน"]
    from pipeline.model import Line, Where
    from pipeline.progress_rows import _without_row_label
    from pipeline.progress_rows import row_starts
    for narrative in ("รายงานครบถ้วนแล้วทุกรายการ", "รายงานครูประจำชั้นทุกคน"):  # words alike open a narrative line
        assert _without_row_label(Line(narrative, Where("t", 1, 1)), template.progress.row_label) == narrative
        assert row_starts(L(lines + narrative + "\n"), template.progress) == row_starts(L(lines), template.progress)
    assert len(row_starts(L(lines), template.progress)) == 2


def test_a_marker_whose_space_ocr_lost_is_read(template):
    """A monospaced print read with the space before the marker's number lost and a
    vowel and tone mark in the other order ("(ครงั้ที4)"): the letters of "ครั้งที่" never
    take the number's digits."""
    rows = "".join(f":: ความก้าวหน้าของงานฯ = {p}.00 % : งบประมาณที่เบิกใช้ (ครงั้ที{m}) = {a} บาท : เป็นไปตามแผน\n"
                   for p, m, a in ((35, 1, "0"), (60, 2, "0"), (100, 12, "90,000")))
    figures, _ = read_progress(L(rows), template.progress, "w", 1.0)
    assert [(f.report_no, f.progress_pct.value, f.spent_baht.value) for f in figures] == [
        (1, 35, 0), (2, 60, 0), (12, 100, 90000)]


def test_a_figure_split_over_lines_and_a_page_break_reads_whole(template):
    text = (
        ":: 29/03/2564 : จัดนิทรรศการ\n:: ความก้าวหน้าของงานฯ = 60.00 %\n"
        ": งบประมาณที่เบิกใช้ (ครั้งที่ 6) = 0 บาท\n: เป็นไปตามแผน\n"
    )
    figures, narratives = read_progress(L(text), template.progress, "w", 1.0)
    assert [(f.report_no, f.progress_pct.value) for f in figures] == [(6, 60)]
    assert narratives[0].paired_report == 6


def test_a_narrative_not_followed_by_a_figure_is_unpaired(template):
    text = ":: 24/04/2564 : ก : เป็นไปตามเป้าหมาย\n:: 28/05/2564 : ข :: ความก้าวหน้าของงานฯ = 70.00 : งบประมาณที่เบิกใช้ (ครั้งที่ 7) = 0 บาท"
    _, narratives = read_progress(L(text), template.progress, "w", 1.0)
    assert [(n.date.value, n.text.value, n.paired_report) for n in narratives] == [
        ("2021-04-24", "ก", None), ("2021-05-28", "ข", 7),
    ]


def test_a_marker_broken_by_ocr_is_repaired_from_its_neighbours(template):
    rows = "".join(
        f":: ความก้าวหน้าของงานฯ = {p}.00 % งบประมาณที่เบิกใช้ (ครั้งที่ {m}) = 0 บาท\n"
        for p, m in ((5, 1), (10, 8), (25, 3), (60, 6), (70, 1), (80, 9))
    )
    figures, _ = read_progress(L(rows), template.progress, "w", 1.0)
    assert [(f.report_no, f.progress_pct.value) for f in figures] == [(1, 5), (2, 10), (3, 25), (6, 60), (7, 70), (9, 80)]
    lines = rows.splitlines()
    paired = "\n".join([lines[3], ":: 24/04/2564 : ก", *lines[4:]])
    _, narratives = read_progress(L(paired), template.progress, "w", 1.0)
    assert narratives[0].paired_report == 7  # paired with the repaired marker, not the misread 1


def test_a_marker_read_as_0_is_no_report_0_but_a_broken_marker(template):
    rows = "".join(
        f":: ความก้าวหน้าของงานฯ = {p}.00 % งบประมาณที่เบิกใช้ (ครั้งที่ {m}) = 0 บาท\n"
        for p, m in ((5, 0), (10, 2), (25, 3))
    )
    figures, _ = read_progress(L(rows), template.progress, "w", 1.0)
    assert [(f.report_no, f.progress_pct.value) for f in figures] == [(1, 5), (2, 10), (3, 25)]


def _figure_rows(pairs):
    return "".join(f":: 24/04/2564 : ก\n:: ความก้าวหน้าของงานฯ = {p}.00 % งบประมาณที่เบิกใช้ (ครั้งที่ {m} = 0 บาท\n"
                   for p, m in pairs)


def test_markers_whose_closing_parenthesis_every_row_read_as_a_digit_count_from_1(template):
    # Printed in Garuda, heavy noise: "(ครั้งที่ 3)" read as "(ครั้งที่ 33" in row after row;
    # as read, 11, 22, 33, 44 made the longest run and the last row became report 45.
    figures, narratives = read_progress(L(_figure_rows(((5, 11), (15, 22), (70, 33), (80, 44), (100, 5)))),
                                        template.progress, "w", 1.0)
    assert [(f.report_no, f.progress_pct.value) for f in figures] == [(1, 5), (2, 15), (3, 70), (4, 80), (5, 100)]
    assert [n.paired_report for n in narratives] == [1, 2, 3, 4, 5]
    figures, _ = read_progress(L(_figure_rows(((5, 1), (15, 2), (70, 31), (80, 4)))), template.progress, "w", 1.0)
    assert [f.report_no for f in figures] == [1, 2, 3, 4]
    figures, _ = read_progress(L(_figure_rows(((5, 1), (15, 22), (70, 33), (80, 4), (100, 5)))), template.progress,
                               "w", 1.0)
    assert [f.report_no for f in figures] == [1, 2, 3, 4, 5]  # the 4 between misread neighbours is no 34


def test_a_two_digit_marker_no_parenthesis_could_have_made_is_repaired_as_before(template):
    figures, _ = read_progress(L(_figure_rows(((5, 1), (10, "ฯ"), (20, "ฯ"), (40, 28), (50, 5)))), template.progress,
                               "w", 1.0)
    assert [f.report_no for f in figures] == [1, 2, 3, 4, 5]


def test_two_digit_markers_that_count_on_are_report_numbers(template):
    pairs = [(5 * m, m) for m in range(8, 14)]
    figures, _ = read_progress(L(_figure_rows(pairs)), template.progress, "w", 1.0)
    assert [f.report_no for f in figures] == [8, 9, 10, 11, 12, 13]
    figures, _ = read_progress(L(_figure_rows([(10, 10), (20, 11), (30, 12)])), template.progress, "w", 1.0)
    assert [f.report_no for f in figures] == [10, 11, 12]  # a copy whose first rows are on a page it lacks


def test_ocr_damage_seen_on_real_scans_is_tolerated(template):
    # Lost closing parenthesis, doubled parentheses, a date whose colons OCR lost
    # right after a status cell.
    text = (
        ":: 25/11/2563 : ก\n:: ความก้าวหน้าของงานฯ = 10.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 2 = 0 uM:\n"
        "เป็นไปตามแผน : เป็นไปตามเป้าหมาย\nรายงานครั้งที่4 ;\n25/12/2563 : ข\n"
        ": ความก้าวหน้าของงานฯ = 25.00 % งบประมาณที่เบิกใช้ ( (ครั้งที่ 3)) = 0 บาท"
    )
    figures, narratives = read_progress(L(text), template.progress, "w", 1.0)
    assert [(f.report_no, f.progress_pct.value, f.spent_baht.value) for f in figures] == [(2, 10, 0), (3, 25, 0)]
    assert [(n.date.value, n.paired_report) for n in narratives] == [("2020-11-25", 2), ("2020-12-25", 3)]


def test_extract_reads_every_document_field_of_a_seed_copy(template, seed_text):
    w = split_witnesses(text_lines(seed_text, "seed.txt"), template)[3]
    rec = extract(w, template)
    assert rec.fields["responsible_name"].value == "น.ส.ณัฐพิมล สิริภักตร์กุล"  # this copy's own error
    assert rec.fields["coordinator_phone"].value == "1512"
    assert rec.fields["strategy_sub_issue"].value == "การปฏิบัติงานประจำของหน่วยงาน"
    assert rec.fields["target_quality"].value.startswith("1. เครือข่ายโรงเรียน")
    assert {f.report_no for f in rec.figures} == {1, 2, 3, 4, 10}
    assert len(rec.narratives) == 10


def test_a_figure_whose_label_ocr_split_or_latinised_still_counts(template):
    # A space inside the label, the word "ครั้งที่" read as Latin letters, a marker read
    # as letters with the "=" lost: each row's percentage is kept, the marker inferred.
    rows = (
        ":: ความก้าวหน้าของงานฯ = 10.00 % งบประมาณ ที่เบิกใช้ (ครั้งที่ 1) = 0 บาท\n"
        ":: ความก้าวหน้าของงานฯ = 25.00 % งบประมาณทีเบิกใช้ (Asan 2) = 0 บาท\n"
        ":: ความก้าวหน้าของงานฯ = 40.00 % งบประมาณที่เบิกใช้ (ครั้งที่ Le บาท\n"
        ":: ความก้าวหน้าของงานฯ = 90.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 4) 1 บาท\n"
    )
    figures, _ = read_progress(L(rows), template.progress, "w", 1.0)
    got = [(f.report_no, f.progress_pct.value, None if f.spent_baht is None else f.spent_baht.value) for f in figures]
    assert got == [(1, 10, 0), (2, 25, 0), (3, 40, None), (4, 90, None)]  # no "=": the amount is not guessed
    spaced = ":: ความก้าวหน้าของงานฯ = 100.00 % : งบประมาณที่เบิกใช้ (ครั้งที่ 5) =\n545 000 บาท : เป็นไปตามแผน"
    figures, _ = read_progress(L(spaced), template.progress, "w", 1.0)
    assert [(f.report_no, f.spent_baht.value) for f in figures] == [(5, 545000)]


def test_a_figure_whose_marker_word_ocr_read_twice_still_counts(template):
    """An italic print's "ครั้งที่" read with its "ที่" again ("(ครั้งทิ ที่ 2)"): the number
    after it is the marker; junk read where a marker was is no "ที่" and stays unreadable."""
    rows = (
        ":: ความก้าวหน้าของงานฯ = 10.00 % งบประมาณที่เบิกใช้ (ครั้งที่ Ll} 2\n. บาท : เป็นไปตามแผน\n"
        ":: ความก้าวหน้าของงานฯ = 25.00 % งบประมาณที่เบิกใช้ (ครั้งทิ ที่ 2) = 0 บาท\n"
        ":: ความก้าวหน้าของงานฯ = 40.00 % งบประมาณที่เบิกใช้ (asa ที่ 3) = 765,000 บาท\n"
    )
    figures, _ = read_progress(L(rows), template.progress, "w", 1.0)
    got = [(f.report_no, f.progress_pct.value, None if f.spent_baht is None else f.spent_baht.value) for f in figures]
    assert got == [(1, 10, None), (2, 25, 0), (3, 40, 765000)]


def test_a_figure_with_neither_marker_nor_amount_read_keeps_its_percentage(template):
    rows = ":: ความก้าวหน้าของงานฯ = 10.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 0 บาท\n" \
           ":: ความก้าวหน้าของงานฯ = 25.00 % งบประมาณที่เบิกใช้ (ครั้งที่ ) บาท\n"
    figures, _ = read_progress(L(rows), template.progress, "w", 1.0)
    assert [(f.report_no, f.progress_pct.value) for f in figures] == [(1, 10), (2, 25)]


def test_a_figure_whose_amount_was_printed_but_not_read_says_so_and_where(template):
    rows = ":: ความก้าวหน้าของงานฯ = 10.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 1) = บาท\n" \
           ":: ความก้าวหน้าของงานฯ = 25.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 2) = 0 บาท\n"
    figures, _ = read_progress(L(rows), template.progress, "w", 1.0)
    assert [(f.report_no, f.spent_baht, [name for name, _ in f.unread]) for f in figures][0] == (1, None, ["spent_baht"])
    assert figures[0].unread[0][1].line == 1 and figures[1].unread == ()


def test_an_amount_takes_no_digits_that_are_not_its_own(template):
    """A space read for a thousands comma joins groups only before "บาท"; digits after an
    amount that could be its lost part leave it unread (noted), never short."""
    def amount(row):
        figures, _ = read_progress(L(f":: ความก้าวหน้าของงานฯ = 50.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 3) = {row}"),
                                   template.progress, "w", 1.0)
        return figures[0].spent_baht.value if figures[0].spent_baht else None

    assert amount("545 000 บาท") == 545000 and amount("355.000 บาท") == 355000
    assert amount("180,000\n200 คน") == 180000
    assert amount("545 00 บาท") is None and amount("1 500 00") is None
    assert amount("0 25/12/2563 : ประชุม") == 0  # a date whose colons OCR lost
    assert amount("= 135,000 บาท") == 135000 and amount("= บาท") is None  # "=" read twice


def test_a_figure_after_a_percentage_without_its_sign_is_kept(template):
    rows = ":: ความก้าวหน้าของงานฯ = 10.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 0 บาท\n" \
           ":: ความก้าวหน้าของงานฯ = 25.00 งบประมาณที่เบิกใช้ (ครั้งที่ ) บาท : เป็นไปตามแผน\n"
    figures, _ = read_progress(L(rows), template.progress, "w", 1.0)
    assert [(f.report_no, f.progress_pct.value) for f in figures] == [(1, 10), (2, 25)]
    assert figures[0].plan_status is None and figures[1].plan_status.value == "เป็นไปตามแผน"


def test_budget_wording_in_a_narrative_is_no_figure(template):
    for text in (":: 25/12/2563 : ใช้งบประมาณ ครั้งที่ 2 ของปี ตามแผน\n",
                 ":: 25/12/2563 : เบิกงบประมาณ (ครั้งที่ 2) รวม 500 บาท\n",
                 ":: 25/12/2563 : เบิกงบประมาณ-ครั้งที่ 2 รวม 500 บาท\n"):
        figures, narratives = read_progress(L(text), template.progress, "w", 1.0)
        assert figures == [] and narratives[0].text.value == text.split(" : ")[1].strip()


def boxed(text: str) -> list:
    """Lines of `text` as OCR gives them: line n's box is 100 pixels tall, n * 100 down."""
    from pipeline.model import Line, Where

    return [Line(ln.text, Where(ln.where.source, ln.where.page, ln.where.line, (50 + i, 100 * i, 900 - i, 100 * i + 60)))
            for i, ln in enumerate(L(text))]


def test_a_wrapped_value_is_placed_on_all_of_its_lines(template):
    got = read_labelled(boxed("ชื่อโครงการ/กิจกรรม : โครงการพัฒนา\nคุณภาพเครือข่ายโรงเรียน\nรหัสโครงการ... : 50210000-3491"),
                        section(template, "identity").fields)
    assert got["project_name"][1].box == (50, 0, 900, 160)
    assert got["project_code"][1].box == (52, 200, 898, 260)


def test_progress_readings_are_placed_on_the_lines_they_were_read_from(template):
    text = (":: 29/03/2564 : จัดนิทรรศการ\nที่โรงเรียน\n:: ความก้าวหน้าของงานฯ = 60.00 %\n"
            ": งบประมาณที่เบิกใช้ (ครั้งที่ 6) = 0 บาท\n: เป็นไปตามแผน\n")
    figures, narratives = read_progress(boxed(text), template.progress, "w", 1.0)
    assert narratives[0].date.where.box == (50, 0, 900, 60)
    assert narratives[0].text.where.box == (50, 0, 900, 160)
    assert figures[0].progress_pct.where.box == (52, 200, 898, 260)
    assert figures[0].spent_baht.where.box == (53, 300, 897, 360)
    assert figures[0].plan_status.where.box == (54, 400, 896, 460)


def test_a_figure_or_status_with_one_letter_lost_or_misread_is_still_read(template):
    text = (":: 26/10/2563 : อยู่ระหว่างขั้นตอน :: ความก้าวหน้าของงานฯ = 5.00 % "
            ": บประมาณที่เบิกใช้ (ครั้ที่ 1) = 0 บาท : เบ็นไปตามแผน : ป็นไปตามเป้าหมาย")
    (fig,), _ = read_progress(L(text), template.progress, "w", 1.0)
    assert (fig.report_no, fig.progress_pct.value, fig.spent_baht.value) == (1, 5, 0)
    assert (fig.plan_status.value, fig.target_status.value) == ("เป็นไปตามแผน", "เป็นไปตามเป้าหมาย")


def test_a_labelled_value_wrapped_inside_a_phrase_is_joined_without_a_space(template):
    """The project name runs to the margin after its label and goes on on the next line;
    a value that stops short of the margin keeps its space."""
    from pipeline.model import Line, Where
    from pipeline.wraps import printed_copy

    def at(text: str, n: int, right: int) -> Line:
        return Line(text, Where("scan.pdf", 1, n, (200, 100 * n, right, 100 * n + 60)))

    full = at("สำนักงานเขตได้จัดโครงการ เพื่อยกระดับคุณภาพ", 9, 2300)
    lines = [at("ชื่อโครงการ/กิจกรรม : โครงการพัฒนาคุณภาพเครือข่ายโรงเรียนในสังกัดกรุงเทพ", 1, 2295),
             at("มหานคร", 2, 600), full]
    got = read_labelled(lines[:2], section(template, "identity").fields, printed_copy(lines))
    assert got["project_name"][0] == "โครงการพัฒนาคุณภาพเครือข่ายโรงเรียนในสังกัดกรุงเทพมหานคร"
    lines[0] = at("ชื่อโครงการ/กิจกรรม : โครงการพัฒนาคุณภาพเครือข่าย", 1, 1500)
    got = read_labelled(lines[:2], section(template, "identity").fields, printed_copy(lines))
    assert got["project_name"][0] == "โครงการพัฒนาคุณภาพเครือข่าย มหานคร"


def test_section_2_lines_join_as_the_copys_print_shows_its_text_going_on(template):
    """A narrative's line that runs on past the margin goes on in the next without a
    space; one that stops short keeps it; without the copy's print (text already read)
    every line joins with a space."""
    from pipeline.model import Line, Where
    from pipeline.wraps import printed_copy

    def at(text: str, n: int, right: int) -> Line:
        return Line(text, Where("scan.pdf", 2, n, (200, 100 * n, right, 100 * n + 60)))

    lines = [at(":: 25/12/2563 : ดำเนินการประชุมวางแผน", 1, 1000),
             at("การจัดกิจกรรมร่วมกับโรงเรียนในสังกัดกรุงเทพ", 2, 2295), at("มหานคร", 3, 600),
             at("สำนักงานเขตได้จัดโครงการ เพื่อยกระดับคุณภาพ", 4, 2300)]
    _, narratives, _ = read_section2(lines[:3], template.progress, "w", 1.0, printed_copy(lines))
    assert narratives[0].text.value == "ดำเนินการประชุมวางแผน การจัดกิจกรรมร่วมกับโรงเรียนในสังกัดกรุงเทพมหานคร"
    _, narratives, _ = read_section2(lines[:3], template.progress, "w", 1.0)
    assert narratives[0].text.value == "ดำเนินการประชุมวางแผน การจัดกิจกรรมร่วมกับโรงเรียนในสังกัดกรุงเทพ มหานคร"


def test_a_section_2_line_is_measured_with_its_row_label_though_the_label_is_cut(template):
    """The row label "รายงานครั้งที่2" takes room on the printed line: a line that
    ends seven characters short of the margin left room for "ร่วมกับ" and a space, so
    its narrative ended there, whatever the copy sets elsewhere; three short, it did not."""
    from pipeline.model import Line, Where
    from pipeline.wraps import _room, printed_copy

    def at(text: str, n: int, right: int) -> Line:
        return Line(text, Where("scan.pdf", 2, n, (200, 100 * n, right, 100 * n + 60)))

    first = "รายงานครั้งที่2 :: 01/12/2565 : ดำเนินการประชุมวางแผนการจัดกิจกรรม"
    room = _room(first)
    for short, joined in ((7, False), (3, True)):
        right = round((room * 2300 + short * 200) / (room + short))  # `short` characters of this line's width
        lines = [at(first, 1, right), at("ร่วมกับ โรงเรียนวัดปากบ่อ", 2, 1100),
                 at("สำนักงานเขตได้จัดโครงการ เพื่อยกระดับคุณภาพ", 3, 2300), at("ดำเนินการจัดกิจกรรมร่วมกับชุมชน", 4, 1500),
                 at("สำนักงานเขตได้จัดโครงการ เพื่อยกระดับคุณภาพ", 5, 2300)]
        _, narratives, _ = read_section2(lines[:2], template.progress, "w", 1.0, printed_copy(lines))
        space = "" if joined else " "
        assert narratives[0].text.value == f"ดำเนินการประชุมวางแผนการจัดกิจกรรม{space}ร่วมกับ โรงเรียนวัดปากบ่อ"


def test_numbers_counted_on_past_a_lost_row_are_marked_counted(template):
    """Printed in a face Tesseract reads badly: the markers after report 3 are broken,
    and the fourth row's figure was lost, so counting on from 3 gives report 5's figure
    number 4. A dated row without its figure shows a row was lost: the numbers counted
    on past it are marked; where every dated row kept its figure, counting lost none."""
    pairs = ((30, "ฯ"), (40, "ฯ"), (45, 3), (80, "ฯ"), (100, "ฯ"))
    lost = _figure_rows(pairs[:3]) + ":: 11/02/2566 : ข\n" + _figure_rows(pairs[3:])
    figures, narratives = read_progress(L(lost), template.progress, "w", 1.0)
    assert [(f.report_no, f.progress_pct.value, f.counted) for f in figures] == [
        (1, 30, False), (2, 40, False), (3, 45, False), (4, 80, True), (5, 100, True)]
    figures, _ = read_progress(L(_figure_rows(pairs)), template.progress, "w", 1.0)
    assert not any(f.counted for f in figures)
    # Between read numbers 1 and 4 one broken marker has room for 2 or 3: not pinned.
    figures, _ = read_progress(L(":: 01/01/2564 : ก\n" + _figure_rows([(10, 1), (20, "ฯ"), (40, 4)])),
                               template.progress, "w", 1.0)
    assert [(f.report_no, f.counted) for f in figures] == [(1, False), (2, True), (4, False)]
    figures, _ = read_progress(L(":: 01/01/2564 : ก\n" + _figure_rows([(10, 1), (20, "ฯ"), (30, 3)])),
                               template.progress, "w", 1.0)
    assert not any(f.counted for f in figures)  # 2 is pinned between 1 and 3


def test_a_page_no_field_took_is_named_but_a_headings_second_line_is_not(template):
    """A covering memo filed inside a copy lands in the section its page follows; none of
    its lines holds a label, so no field takes them. The page is named, with its text,
    rather than dropped unseen; a line before a section's first label on a page that
    holds the labels (a heading's second line) is the form's own print."""
    from pipeline.model import Line, Where, Witness

    def line(text, page, n):
        return Line(text, Where("a.pdf", page, n))

    memo = ["บันทึกข้อความ", "ส่วนราชการ สำนักงานเขต ฝ่ายปกครอง", "เรื่อง ขอส่งรายงานความก้าวหน้าโครงการ",
            "เรียน ผู้อำนวยการเขต"]
    strategy = [line(t, 2, i) for i, t in enumerate(memo, 1)]
    strategy += [line("(ยุทธศาสตร์-ประเด็นยุทธศาสตร์-กลยุทธ์ตามแผนฯ /ตัวชี้วัด)", 3, 1),
                 line("ประเด็นยุทธศาสตร์ : การปฏิบัติงานประจำของหน่วยงาน", 3, 2),
                 line("ตัวชี้วัด : ร้อยละของโครงการที่ดำเนินการสำเร็จตามเป้าหมาย", 3, 3)]
    rec = extract(Witness("a.pdf#1", "a.pdf", Where("a.pdf", 2, 1), {"strategy": tuple(strategy)}), template)
    assert rec.fields["strategy_issue"].value == "การปฏิบัติงานประจำของหน่วยงาน"
    assert [(w.page, m.split(" (")[0]) for w, m in rec.unread] == [(2, "page read into no field of the form")]
    assert "บันทึกข้อความ ส่วนราชการ" in rec.unread[0][1]
    alone = extract(Witness("a.pdf#1", "a.pdf", Where("a.pdf", 3, 1), {"strategy": tuple(strategy[4:])}), template)
    assert alone.unread == ()


def test_section_2_text_from_another_file_does_not_run_into_the_copys_last_status(template):
    """A copy's last page, then a covering letter filed first in the next file (no heading:
    it goes on with the copy): the last row's statuses are read, and the letter's text is
    named where it lies, in its own file."""
    from pipeline.model import Line, Where

    rows = [":: 29/03/2564 : จัดนิทรรศการ", ":: ความก้าวหน้าของงานฯ = 60.00 %",
            ": งบประมาณที่เบิกใช้ (ครั้งที่ 6) = 0 บาท : เป็นไปตามแผน : เป็นไปตามเป้าหมาย"]
    lines = [Line(t, Where("a.pdf", 2, i)) for i, t in enumerate(rows, 1)]
    lines += [Line(t, Where("b.pdf", 1, i)) for i, t in enumerate(["บันทึกข้อความ", "เรียน ผู้อำนวยการเขต"], 1)]
    figures, _, unread = read_section2(lines, template.progress, "w", 1.0)
    assert figures[0].target_status.value == "เป็นไปตามเป้าหมาย"
    assert [(w.source, w.page) for w, _ in unread] == [("b.pdf", 1)]


def test_a_row_whose_label_runs_into_its_date_keeps_the_date_s_day(template):
    """OCR lost the "::" between a row's label and its date: the label's number ends
    before the day, and the row's date and narrative are read."""
    text = ("รายงานครั้งที่3 23/12/2563 :\nดำเนินการประชุมวางแผนการจัดกิจกรรม\n"
            ":: ความก้าวหน้าของงานฯ = 55.00 % : งบประมาณที่เบิกใช้ (ครั้งที่ 3) = 0 บาท\n"
            "รายงานครั้งที่ 4 :: 20/01/2564 : จัดกิจกรรม\n")
    figures, narratives = read_progress(L(text), template.progress, "w", 1.0)
    assert [(n.date.value, n.text.value, n.paired_report) for n in narratives] == [
        ("2020-12-23", "ดำเนินการประชุมวางแผนการจัดกิจกรรม", 3), ("2021-01-20", "จัดกิจกรรม", None)]


def test_a_row_date_whose_two_slashes_ocr_read_as_sevens_is_read(template):
    """A slanted print's slashes read as 7s ("3171272563" for 31/12/2563): the date and
    its row's narrative are read (document.doubt_repaired_dates flags the date)."""
    text = ("รายงานครั้งที่3 :: 3171272563 :\nติดตามและประเมินผลการดำเนินงาน\n"
            ":: ความก้าวหน้าของงานฯ = 85.00 % : งบประมาณที่เบิกใช้ (ครั้งที่ 3) = 0 บาท\n")
    _, narratives = read_progress(L(text), template.progress, "w", 1.0)
    assert [(n.date.value, n.text.value, n.paired_report) for n in narratives] == [
        ("2020-12-31", "ติดตามและประเมินผลการดำเนินงาน", 3)]


def test_a_row_whose_date_ocr_garbled_keeps_its_narrative_under_the_figure_after_it(template):
    """The date of row 2 is garbled ("504/12725652"): its narrative is still read, with
    no date, paired with the figure that follows it; a row whose date is garbled and
    that no figure follows keeps its text among what no reading used."""
    text = ("รายงานครั้งที่1 :: 22/10/2562 : อยู่ระหว่างขั้นตอนขออนุมัติโครงการฯ\n"
            ":: ความก้าวหน้าของงานฯ = 20.00 % : งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 0 บาท : เป็นไปตามแผน\n"
            "รายงานครั้งที่2 504/12725652 :\nติดตามและประเมินผลการดำเนินงานร่วมกับ นายเกษมชัย เจริญวงษ์\n"
            ":: ความก้าวหน้าของงานฯ = 40.00 % : งบประมาณที่เบิกใช้ (ครั้งที่ 2) = 0 บาท : เป็นไปตามแผน\n"
            "รายงานครั้งที่3 รยออ1บ2503 :\nดำเนินการเบิกจ่ายงบประมาณเรียบร้อยแล้ว\n")
    _, narratives, unread = read_section2(L(text), template.progress, "w", 1.0)
    assert [(n.date.value, n.text.value, n.paired_report) for n in narratives] == [
        ("2019-10-22", "อยู่ระหว่างขั้นตอนขออนุมัติโครงการฯ", 1),
        (None, "ติดตามและประเมินผลการดำเนินงานร่วมกับ นายเกษมชัย เจริญวงษ์", 2)]
    assert any("ดำเนินการเบิกจ่ายงบประมาณเรียบร้อยแล้ว" in message for _, message in unread)


def test_a_dated_row_whose_date_match_begins_before_its_line_is_not_read_again_undated(template):
    """A speck between a row's label and its date ("รายงานครั้งที่3 5 23/12/2566 :"): the
    date's match takes the space that ended the line before, and the row is read once,
    dated, with its narrative."""
    text = ("รายงานครั้งที่2 : : 24/11/2566 : ดำเนินการจัดกิจกรรม\n"
            ":: ความก้าวหน้าของงานฯ = 50.00 % : งบประมาณที่เบิกใช้ (ครั้งที่ 2) = 0 บาท : เป็นไปตามเป้าหมาย\n"
            "รายงานครั้งที่3 5 23/12/2566 :\nดำเนินการประชุมวางแผน\n"
            ":: ความก้าวหน้าของงานฯ = 55.00 % : งบประมาณที่เบิกใช้ (ครั้งที่ 3) = 0 บาท\n")
    _, narratives = read_progress(L(text), template.progress, "w", 1.0)
    assert [(n.date.value, n.text.value, n.paired_report) for n in narratives] == [
        ("2023-11-24", "ดำเนินการจัดกิจกรรม", 2), ("2023-12-23", "ดำเนินการประชุมวางแผน", 3)]


def test_a_garbled_date_with_no_colon_after_it_ends_at_its_year(template):
    """A row's date garbled with its colon lost, run into the narrative
    ("1ป0ฒ2561อยู่ระหว่าง..."): the narrative starts after the year."""
    for row in ("รายงานครั้งที่1 1ป0ฒ2561อยู่ระหว่างการจัดซื้อจัดจ้าง", "รายงานครั้งที่1 :: 1ป0ฒ2561อยู่ระหว่างการจัดซื้อจัดจ้าง"):
        text = row + "\n:: ความก้าวหน้าของงานฯ = 20.00 % : งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 0 บาท\n"
        _, narratives = read_progress(L(text), template.progress, "w", 1.0)
        assert [(n.date.value, n.text.value, n.paired_report) for n in narratives] == [
            (None, "อยู่ระหว่างการจัดซื้อจัดจ้าง", 1)], row


def test_a_cells_colons_read_as_a_digit_or_a_sign_at_the_start_of_its_line_are_no_text(template):
    """A face that reads a cell's "::" as "2" or "=" at the start of the figure's line
    ("2 ความก้าวหน้าของงานฯ", every copy alike): the narrative before it ends with its
    own words, not with the speck; a number the narrative prints at the end of its own
    line stays."""
    text = ("รายงานครั้งที่1 :: 29/10/2565 : อยู่ระหว่างขั้นตอนขออนุมัติโครงการฯ\n"
            "= ความก้าวหน้าของงานฯ = 20.00 % : งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 0 บาท : เป็นไปตามแผน\n"
            "รายงานครั้งที่2 : 29/11/2565 :\nดำเนินการจัดกิจกรรมครั้งที่ 2 มีผู้เข้าร่วม 53 คน เรียบร้อยแล้ว\n"
            "22 ความก้าวหน้าของงานฯ = 30.00 % : งบประมาณที่เบิกใช้ (ครั้งที่ 2) = 0 บาท : เป็นไปตามแผน\n"
            "รายงานครั้งที่3 :: 28/12/2565 : ดำเนินการจัดกิจกรรมครั้งที่\n2\n"
            ":: ความก้าวหน้าของงานฯ = 35.00 % : งบประมาณที่เบิกใช้ (ครั้งที่ 3) = 0 บาท\n")
    _, narratives, _ = read_section2(L(text), template.progress, "w", 1.0)
    assert [(n.text.value, n.paired_report) for n in narratives] == [
        ("อยู่ระหว่างขั้นตอนขออนุมัติโครงการฯ", 1),
        ("ดำเนินการจัดกิจกรรมครั้งที่ 2 มีผู้เข้าร่วม 53 คน เรียบร้อยแล้ว", 2),
        ("ดำเนินการจัดกิจกรรมครั้งที่ 2", 3)]
