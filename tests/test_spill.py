import random
import sys
from dataclasses import replace
from pathlib import Path

from pipeline.model import DocumentGroup
from pipeline.spill import RecordSpill, grouping_view

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "samples"))


def _records(template):
    from generate import TITLE, form_lines, invent_report

    from pipeline.extract import extract
    from pipeline.ingest import text_lines
    from pipeline.segment import split_witnesses

    rng = random.Random(3)
    reports = [form_lines(invent_report(rng)) for _ in range(2)]
    text = "\n".join(ln for lines in (*reports, *reports) for ln in [TITLE, *lines])
    return [extract(w, template) for w in split_witnesses(text_lines(text, "a.txt"), template)]


def test_a_spilled_group_comes_back_whole_and_in_order(template):
    records = _records(template)
    with RecordSpill() as spill:
        views = [spill.add(r) for r in records]
        assert all(not v.figures and not v.narratives for v in views)
        assert set(views[0].fields) <= {"project_code", "project_name", "agency", "responsible_name", "fiscal_year_be"}
        back = spill.restore(DocumentGroup("k", tuple(reversed(views))))
    assert back.records == tuple(replace(r, line_texts="") for r in reversed(records))  # kept apart: see below


def test_a_copys_line_ends_and_lines_are_kept_beside_its_record_and_read_back_from_disk(template):
    """What the archive's lines show of its print's spacing is read once, from disk, for
    the whole archive (run.learn_archive): neither the view in memory nor the record a
    report's vote reads holds the copy's lines."""
    records = _records(template)
    records[1] = replace(records[1], unconfirmed_spaces=("แล้ว และ",), joined_ends=("คุณ ภาพ",))
    assert all(r.line_texts for r in records)
    with RecordSpill() as spill:
        views = [spill.add(r) for r in records]
        assert list(spill.line_texts()) == [r.line_texts for r in records]
        assert list(spill.line_ends()) == ["แล้ว และ", "คุณ ภาพ"]
        assert not any(v.line_texts or v.line_ends() for v in views)
        assert all(r.line_texts == "" for r in spill.records(views))


def test_the_grouping_view_groups_as_the_full_record_does(template):
    from pipeline.group import group_witnesses

    records = _records(template)
    full = [[r.id for r in g.records] for g in group_witnesses(records)]
    light = [[r.id for r in g.records] for g in group_witnesses([grouping_view(r) for r in records])]
    assert full == light


def test_reports_reconciled_in_batches_give_the_same_csvs(tmp_path, monkeypatch):
    from generate import TITLE, form_lines, invent_report

    from pipeline import api, run

    rng = random.Random(11)
    for n in range(3):
        lines = form_lines(invent_report(rng))
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / f"r{n}.txt").write_text("\n".join([TITLE, *lines, TITLE, *lines]), encoding="utf-8")
    api.reconcile([tmp_path / "in"], out=tmp_path / "whole", keep_tables=False)
    monkeypatch.setattr(run, "BATCH_DOCUMENTS", 1)
    monkeypatch.setattr(run, "REVIEW_DOCUMENTS", 2)
    result = api.reconcile([tmp_path / "in"], out=tmp_path / "batched", keep_tables=False)
    assert result.n_documents == 3 and len(result.documents) == 0
    for name in ("documents.csv", "progress_reports.csv", "variants.csv", "failures.csv"):
        assert (tmp_path / "whole" / name).read_bytes() == (tmp_path / "batched" / name).read_bytes()
    assert "1 more are in the CSV files" in (tmp_path / "batched" / "report.html").read_text(encoding="utf-8")


def test_a_kept_view_reads_as_the_grouping_view_and_groups_the_same(template):
    from pipeline.group import group_witnesses

    records = _records(template)
    with RecordSpill() as spill:
        kept = [spill.add(r) for r in records]
    for view, record in zip(kept, records):
        full = grouping_view(record)
        assert view.fields == full.fields and view.witness == full.witness
        assert view.witness.weight == full.witness.weight
        assert [r.weight for r in view.fields.values()] == [r.weight for r in full.fields.values()]
        assert view.witness.start.box is None and not view.unread and not view.witness.notes
    assert ([[r.id for r in g.records] for g in group_witnesses(kept)]
            == [[r.id for r in g.records] for g in group_witnesses(records)])


def test_kept_views_hold_each_text_once(template):
    records = _records(template)  # two reports, each printed twice: copies 0 and 2 read alike
    assert records[0].fields["project_name"].value is not records[2].fields["project_name"].value
    with RecordSpill() as spill:
        kept = [spill.add(r) for r in records]
    first, again = kept[0].fields["project_name"], kept[2].fields["project_name"]
    assert first.value == again.value and first.value is again.value
    assert first.raw is first.value or first.raw != first.value
    assert kept[0].witness.source is kept[1].witness.source


def test_views_of_codes_two_edits_apart_group_by_the_report_dates_the_spill_holds(template):
    """A view has no narratives; grouping reads the report dates of codes two edits
    apart from the spilled records, so the command line groups as the full records do."""
    from dataclasses import replace

    from pipeline.run import document_jobs

    records = _records(template)
    first = records[0]
    code = first.fields["project_code"]
    misread = code.value[:-4] + "0" + code.value[-4:-1]  # a digit lost at the end, one added before: two edits
    changed = replace(first, fields={**first.fields, "project_code": replace(code, value=misread, raw=misread)})
    records = [changed, *records[1:]]
    with RecordSpill() as spill:
        views = [spill.add(r) for r in records]
        by_views = [sorted(r.id for r in g.records) for g, _ in document_jobs(views, template, spill)]
        without_dates = [sorted(r.id for r in g.records) for g, _ in document_jobs(views, template)]
    assert by_views == [sorted(r.id for r in g.records) for g, _ in document_jobs(records, template)]
    assert len(by_views) == 2 and len(without_dates) == 3


def test_a_kept_view_says_what_its_copy_read_and_views_reading_alike_share_one_set(template):
    from pipeline.run import archive_fields

    records = _records(template)
    with RecordSpill() as spill:
        views = [spill.add(r) for r in records]
    assert [v.read_names() for v in views] == [r.read_names() for r in records]
    assert {"principle", "report.progress_pct", "report.narrative", "report.spent_baht"} <= views[0].read_names()
    assert "strategy_goal" not in views[0].read_names()  # the invented form leaves it out
    assert views[0].fields_read is views[2].fields_read  # the first report's two copies
    key = template.grouping.key
    assert archive_fields(views, key) == archive_fields(records, key) == records[0].read_names()
