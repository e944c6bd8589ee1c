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
