"""pipeline/cross_checks.py: a document's values against its other parts."""

from dataclasses import replace

from conftest import BOUNDS, project
from pipeline.cross_checks import (
    check_budget, check_name_mentions, check_phones, check_progress_order, check_project_dates, check_report_dated, check_report_numbers,
    check_report_order, check_report_window,
    check_reports, check_tiny_amounts, check_total,
    name_mentions, report_window,
)
from pipeline.corrections import HUMAN
from pipeline.model import Candidate, ReconciledReport, Resolved
from pipeline.vote import TIE_CONFIDENCE


def test_the_report_window_runs_from_before_the_start_to_a_year_after_the_end():
    assert report_window(project("2020-10-01", "2021-09-29"), BOUNDS) == ("2020-07-31", "2022-09-30")
    assert report_window({}, BOUNDS) is None
    assert report_window(project("2020-10-01", "2021-09-29"), None) is None


def _spent(value, *candidates, review=False):
    cands = tuple(Candidate(v, w, ()) for v, w in candidates)
    return Resolved("spent_baht", value, 0.667, "majority", review, cands)


def _reports(*figures):
    return [ReconciledReport(n, {} if f is None else {"spent_baht": f}, 3) for n, f in enumerate(figures, start=1)]


def test_the_total_the_reports_add_up_to_beats_a_majority_misread():
    reports = _reports(_spent(0, (0, 3.0)), _spent(310000, (310000, 3.0)))
    got, checked = check_total(_spent(210000, (210000, 2.0), (310000, 1.0)), reports, "spent_baht")
    assert (got.value, got.rule, got.voted, got.needs_review) == (310000, "sum", 210000, False)
    assert checked == tuple(reports)


def test_a_total_no_copy_reads_as_the_sum_is_flagged_not_changed():
    got, _ = check_total(_spent(210000, (210000, 3.0)), _reports(_spent(310000, (310000, 3.0))), "spent_baht")
    assert (got.value, got.needs_review) == (210000, True)
    assert got.warnings == ("the progress reports' spent figures add up to 310,000",)


def test_figures_that_do_not_add_up_to_the_total_are_flagged_with_it():
    """Every copy read 165,000 for report 5's 765,000 and the total right: which of the
    two was misread the check cannot tell, so both need review, the reports' zeros not."""
    reports = _reports(_spent(0, (0, 3.0)), _spent(0, (0, 3.0)), _spent(165000, (165000, 3.0)))
    total, checked = check_total(_spent(765000, (765000, 3.0)), reports, "spent_baht")
    assert (total.value, total.needs_review) == (765000, True)
    assert [r.fields["spent_baht"].needs_review for r in checked] == [False, False, True]
    figure = checked[2].fields["spent_baht"]
    assert figure.value == 165000 and figure.confidence <= TIE_CONFIDENCE
    assert figure.warnings == ("the progress reports' spent figures add up to 165,000 and end at 165,000: neither "
                               "is the total spent (765,000)",)
    nothing = _reports(_spent(0, (0, 3.0)), _spent(0, (0, 3.0)))
    _, checked = check_total(_spent(50000, (50000, 3.0)), nothing, "spent_baht")
    assert all(r.fields["spent_baht"].needs_review for r in checked)
    running = _reports(_spent(100000, (100000, 3.0)), _spent(250000, (250000, 3.0)))  # each form is possible
    _, checked = check_total(_spent(260000, (260000, 3.0)), running, "spent_baht")
    assert all(r.fields["spent_baht"].needs_review for r in checked)


def test_with_a_figure_missing_a_total_below_a_figure_read_is_flagged_with_it():
    """Reports 1 and 2 lost their figures, so the sum is unknown; but no figure, summed or
    running, can exceed the total: 220,000 read for a total report 4 reads as 320,000."""
    reports = [ReconciledReport(1, {}, 2), ReconciledReport(2, {}, 2),
               *(ReconciledReport(n, {"spent_baht": f}, 2) for n, f in ((3, _spent(0, (0, 2.0))),
                                                                         (4, _spent(320000, (320000, 2.0)))))]
    total, checked = check_total(_spent(220000, (220000, 1.0)), reports, "spent_baht")
    assert (total.value, total.needs_review, total.confidence <= TIE_CONFIDENCE) == (220000, True, True)
    assert [r.fields.get("spent_baht") and r.fields["spent_baht"].needs_review for r in checked] == [None, None, False, True]
    assert checked[3].fields["spent_baht"].value == 320000
    fits, checked = check_total(_spent(320000, (320000, 1.0)), reports, "spent_baht")
    assert not fits.needs_review and checked == tuple(reports)


def test_figures_are_not_flagged_by_a_total_no_copy_read_or_when_a_person_set_them():
    reports = _reports(_spent(0, (0, 3.0)), _spent(165000, (165000, 3.0)))
    unread = Resolved("spent_baht", None, 0.0, "majority", True, ())
    assert check_total(unread, reports, "spent_baht")[1] == tuple(reports)
    by_hand = replace(_spent(165000, (165000, 3.0)), rule=HUMAN, confidence=1.0)
    _, checked = check_total(_spent(765000, (765000, 3.0)), _reports(_spent(0, (0, 3.0)), by_hand), "spent_baht")
    assert checked[1].fields["spent_baht"] == by_hand


def test_a_total_is_not_overturned_by_figures_themselves_in_doubt():
    doubtful = _spent(18000, (18000, 1.0), (180000, 1.0), review=True)
    got, checked = check_total(_spent(180000, (180000, 2.0), (18000, 1.0)), _reports(_spent(0, (0, 3.0)), doubtful),
                               "spent_baht")
    assert (got.value, got.rule, got.needs_review) == (180000, "majority", True)
    assert [r.fields["spent_baht"].needs_review for r in checked] == [False, True]


def test_a_total_a_person_set_is_neither_changed_nor_flagged_but_the_figures_that_miss_it_are():
    human = replace(_spent(210000, (210000, 2.0), (310000, 1.0)), rule="human", confidence=1.0)
    total, checked = check_total(human, _reports(_spent(310000, (310000, 3.0))), "spent_baht")
    assert total is human
    assert checked[0].fields["spent_baht"].needs_review and checked[0].fields["spent_baht"].value == 310000


def test_a_total_printed_as_the_last_running_figure_or_with_satang_agrees():
    running = _reports(_spent(100000, (100000, 3.0)), _spent(250000, (250000, 3.0)))
    assert check_total(_spent(250000, (250000, 3.0)), running, "spent_baht")[0].needs_review is False
    satang = _reports(_spent(100.1, (100.1, 3.0)), _spent(200.2, (200.2, 3.0)))
    assert check_total(_spent(300.3, (300.3, 3.0)), satang, "spent_baht")[0].needs_review is False


def test_a_total_is_not_summed_when_a_report_lacks_its_figure_or_is_missing():
    """The sum is unknown, so no copy's reading of the total wins as the sum; a total
    the figures read do not exceed is left alone, one they exceed is flagged, not changed."""
    doc = _spent(310000, (310000, 2.0), (210000, 1.0))
    assert check_total(doc, _reports(_spent(110000, (110000, 3.0)), None), "spent_baht")[0] is doc
    assert check_total(doc, [], "spent_baht")[0] is doc
    gap = [ReconciledReport(1, {"spent_baht": _spent(0, (0, 3.0))}, 3),
           ReconciledReport(3, {"spent_baht": _spent(210000, (210000, 3.0))}, 3)]
    assert check_total(doc, gap, "spent_baht")[0] is doc
    below = _spent(210000, (210000, 2.0), (310000, 1.0))
    got = check_total(below, _reports(_spent(310000, (310000, 3.0)), None), "spent_baht")[0]
    assert (got.value, got.rule, got.needs_review) == (210000, "majority", True)


WINDOW = ("2020-08-01", "2022-03-31")


def _value(field, value, confidence=0.9):
    return Resolved(field, value, confidence, "single", False, (Candidate(value, 0.9, ("a#1",)),))


def _dated(*dates, numbers=None):
    """Reports numbered `numbers` (1..n by default), each with a date, a figure and a status."""
    numbers = numbers or range(1, len(dates) + 1)
    return [ReconciledReport(n, {"report_date": _value("report_date", d), "progress_pct": _value("progress_pct", 10.0),
                                 "plan_status": _value("plan_status", "เป็นไปตามแผน")}, 1)
            for n, d in zip(numbers, dates)]


def _flagged(reports):
    """(report_no, field) of every value that needs review."""
    return [(rep.report_no, f) for rep in reports for f, res in rep.fields.items() if res.needs_review]


def _undated(reports, *numbers):
    return [replace(rep, fields={f: r for f, r in rep.fields.items() if f != "report_date"})
            if rep.report_no in numbers else rep for rep in reports]


def test_a_report_no_copy_dated_beyond_the_dated_ones_needs_review_one_between_them_does_not():
    phantom = check_report_dated(_undated(_dated(*["2020-11-25"] * 5), 4, 5), "report_date")
    assert sorted(_flagged(phantom)) == [(4, "plan_status"), (4, "progress_pct"), (5, "plan_status"), (5, "progress_pct")]
    assert "no copy read report 4's dated line" in phantom[3].fields["progress_pct"].warnings[0]
    lost_line = _undated(_dated(*["2020-11-25"] * 3), 2)
    assert check_report_dated(lost_line, "report_date") == tuple(lost_line)
    assert len(_flagged(check_report_dated(_undated(_dated("2020-11-25"), 1), "report_date"))) == 2


def test_a_date_every_copy_reads_outside_the_project_needs_review():
    got = check_report_window(_dated("2020-12-06", "2023-01-18", "2021-02-17"), WINDOW, "report_date")
    assert _flagged(got) == [(2, "report_date")]
    flagged = got[1].fields["report_date"]
    assert (flagged.value, flagged.confidence) == ("2023-01-18", TIE_CONFIDENCE)
    assert flagged.warnings == ("outside the project's dates (2020-08-01 to 2022-03-31)",)


def test_dates_inside_the_window_or_with_no_window_or_unreadable_are_not_flagged():
    inside = _dated("2020-08-01", "2021-02-17", "2022-03-31")
    assert check_report_window(inside, WINDOW, "report_date") == tuple(inside)
    assert _flagged(check_report_window(_dated("2023-01-18"), None, "report_date")) == []
    assert _flagged(check_report_window(_dated(None, "18/01/2566"), WINDOW, "report_date")) == []


def test_a_date_later_than_the_next_report_flags_only_the_report_that_breaks_the_order():
    got = check_report_order(_dated("2020-11-25", "2020-12-06", "2023-01-18", "2021-02-17", "2021-03-29"),
                             "report_date")
    assert _flagged(got) == [(3, "report_date")]
    assert got[2].fields["report_date"].warnings == (
        "later than report 4's date (2021-02-17), though reports are numbered in the order they are filed",)
    assert got[2].fields["report_date"].confidence == TIE_CONFIDENCE
    early = check_report_order(_dated("2020-11-25", "2019-12-06", "2021-01-18"), "report_date")
    assert _flagged(early) == [(2, "report_date")]
    assert early[1].fields["report_date"].warnings[0].startswith("earlier than report 1's date (2020-11-25)")


def test_a_date_a_person_set_is_never_the_one_blamed_for_a_break_in_the_order():
    reports = _dated("2021-01-01", "2021-03-09", "2021-02-03", "2021-02-04")
    reports[1] = replace(reports[1], fields={**reports[1].fields, "report_date": replace(
        reports[1].fields["report_date"], rule="human", confidence=1.0)})
    got = check_report_order(reports, "report_date")
    assert _flagged(got) == [(3, "report_date")]
    assert got[2].fields["report_date"].warnings[0].startswith("earlier than report 2's date (2021-03-09)")


def test_a_break_at_an_end_flags_the_end_report_and_one_either_date_could_cause_flags_both():
    at_the_start = check_report_order(_dated("2021-03-01", "2020-12-06", "2021-01-18"), "report_date")
    assert _flagged(at_the_start) == [(1, "report_date")]
    at_the_end = check_report_order(_dated("2020-12-06", "2021-01-18", "2020-11-01"), "report_date")
    assert _flagged(at_the_end) == [(3, "report_date")]
    two = check_report_order(_dated("2021-03-01", "2020-12-06"), "report_date")
    assert _flagged(two) == [(1, "report_date"), (2, "report_date")]
    either = check_report_order(_dated("2021-01-01", "2021-03-01", "2021-02-01", "2021-04-01"), "report_date")
    assert _flagged(either) == [(2, "report_date"), (3, "report_date")]


def test_no_window_is_drawn_from_a_start_after_the_end():
    assert report_window(project("2021-10-01", "2019-09-30"), BOUNDS) is None


def test_a_project_that_ends_before_it_starts_has_both_dates_doubted_unless_a_person_set_one():
    """Every copy read 2566 for 2565 in the end date: each date alone is a fine date, the
    two together cannot both be right."""
    got = check_project_dates(project("2022-10-01", "2022-09-30"), BOUNDS)
    assert [(f.needs_review, f.confidence) for f in got.values()] == [(True, TIE_CONFIDENCE)] * 2
    assert got["end_date"].warnings == ("the project ends (2022-09-30) before it starts (2022-10-01): "
                                        "one of the two dates was misread",)
    fields = project("2023-05-01", "2022-09-30")
    fields["start_date"] = replace(fields["start_date"], rule="human")
    got = check_project_dates(fields, BOUNDS)
    assert not got["start_date"].needs_review and got["end_date"].needs_review
    for fine in (project("2022-10-01", "2022-10-01"), project("2022-10-01", ""), {}):
        assert check_project_dates(fine, BOUNDS) == fine
    assert check_project_dates(project("2022-10-01", "2022-09-30"), None) == project("2022-10-01", "2022-09-30")


def test_a_figure_misread_too_large_does_not_make_right_ones_tiny():
    reports = _reports(_spent(50000), _spent(120000), _spent(3250002564))
    assert check_tiny_amounts(reports, _spent(170000), "spent_baht") == tuple(reports)
    assert check_tiny_amounts(_reports(_spent(7500)), _spent(80_000_000), "spent_baht") == tuple(_reports(_spent(7500)))


def test_dates_in_order_or_missing_are_not_flagged():
    in_order = _dated("2020-11-25", "2020-11-25", "2021-01-18", None, "2021-03-29")
    assert check_report_order(in_order, "report_date") == tuple(in_order)
    assert check_report_order([], "report_date") == ()


def test_the_dates_of_reports_with_no_date_between_them_are_compared():
    got = check_report_order(_dated("2020-11-25", None, "2023-01-18", "2021-02-17", "2021-03-29"), "report_date")
    assert _flagged(got) == [(3, "report_date")]


def test_every_value_of_the_report_after_a_jump_in_numbers_needs_review():
    got = check_report_numbers(_dated("2020-11-25", "2020-12-25", "2021-01-25", "2021-02-25", numbers=(1, 2, 3, 6)))
    assert _flagged(got) == [(6, "report_date"), (6, "progress_pct"), (6, "plan_status")]
    assert {res.warnings for res in got[3].fields.values()} == {
        ("report numbers jump from 3 to 6: a misread number or a report no copy has",)}
    assert {res.confidence for res in got[3].fields.values()} == {TIE_CONFIDENCE}
    late_start = check_report_numbers(_dated("2020-12-25", "2021-01-25", numbers=(2, 3)))
    assert _flagged(late_start) == [(2, "report_date"), (2, "progress_pct"), (2, "plan_status")]
    assert late_start[0].fields["report_date"].warnings[0].startswith("report numbers start at 2:")


def test_reports_numbered_one_to_n_are_not_flagged():
    reports = _dated("2020-11-25", "2020-12-25", "2021-01-25")
    assert check_report_numbers(reports) == tuple(reports)
    assert check_report_numbers([]) == ()


def test_a_value_already_less_sure_than_a_tie_keeps_its_confidence_and_gains_the_warning():
    reports = _dated("2023-01-18")
    low = replace(reports[0].fields["report_date"], confidence=0.3, needs_review=True, warnings=("earlier",))
    got = check_reports([replace(reports[0], fields={**reports[0].fields, "report_date": low})], WINDOW,
                        "report_date")[0].fields["report_date"]
    assert got.confidence == 0.3
    assert got.warnings == ("earlier", "outside the project's dates (2020-08-01 to 2022-03-31)")


def test_a_spent_figure_a_ten_thousandth_of_the_documents_amounts_needs_review():
    reports = _reports(_spent(0), _spent(0), _spent(9), _spent(325000))
    got = check_tiny_amounts(reports, _spent(325000), "spent_baht")
    assert [rep.fields["spent_baht"].needs_review for rep in got] == [False, False, True, False]
    assert "a figure OCR cut short?" in got[2].fields["spent_baht"].warnings[0]
    alone = check_tiny_amounts(_reports(_spent(1), None, _spent(775000)), None, "spent_baht")  # no total read
    assert alone[0].fields["spent_baht"].needs_review


def test_zero_and_ordinary_amounts_are_not_doubted():
    reports = _reports(_spent(0), _spent(50000), _spent(120000))
    assert check_tiny_amounts(reports, _spent(170000), "spent_baht") == tuple(reports)
    assert check_tiny_amounts(_reports(_spent(40)), None, "spent_baht") == tuple(_reports(_spent(40)))  # alone: no scale


TITLES = ("นางสาว", "น.ส.", "นาย", "นาง")


def test_a_text_that_spells_a_person_otherwise_is_a_mention_to_review():
    said = "ติดตามและประเมินผลการดำเนินงานร่วมกับ นายยูโซ๊ะ เหี้ยมโท้ ผู้ประสานงาน"
    assert name_mentions("นายยูโช๊ะ เหี้ยมโท้", said, TITLES) == ["นายยูโซ๊ะ เหี้ยมโท้"]
    assert name_mentions("นายยูโช๊ะ เหี้ยมโท้", "ร่วมกับ ยูโช๊ะ เหี้ยมโท", TITLES) == ["ยูโช๊ะ เหี้ยมโท"]


def test_the_same_name_another_title_or_the_commas_around_it_are_no_other_spelling():
    for said in ("ร่วมกับ นายยูโช๊ะ เหี้ยมโท้, ผู้ประสานงาน", 'ร่วมกับ "ยูโช๊ะ เหี้ยมโท้" แล้ว',
                 "ร่วมกับ นางยูโช๊ะ เหี้ยมโท้ ผู้ประสานงาน"):
        assert name_mentions("นายยูโช๊ะ เหี้ยมโท้", said, TITLES) == [], said


def test_another_person_and_a_name_of_one_part_are_not_looked_for():
    assert name_mentions("นายยูโช๊ะ เหี้ยมโท้", "ร่วมกับ นายสนุก แสนสุข", TITLES) == []
    assert name_mentions("นายยูโช๊ะ เหี้ยมโท้", "ร่วมกับ นายสมชาย เหี้ยมโท้", TITLES) == []  # another given name
    assert name_mentions("นายยูโช๊ะ", "ร่วมกับ นายยูโซ๊ะ เหี้ยมโท้", TITLES) == []


def test_a_name_with_a_word_glued_to_it_or_numbered_is_no_other_spelling():
    for said in ("นายสมชาย ใจดีจะ ดำเนินการ", "นายสมชาย ใจดี๑", "นายสมชาย ใจดี2", "นายสมชาย ใจดีฯ",
                 "ผู้เข้าร่วม 1.สมชาย ใจดี", "อ.สมชาย ใจดี", "สมชาย ทุก วัน"):
        assert name_mentions("นายสมชาย ใจดี", said, TITLES) == [], said
    assert name_mentions("นาย สมชาย  ใจดี", "ร่วมกับ นายสมชัย ใจดี", TITLES) == ["นายสมชัย ใจดี"]


def test_another_person_of_the_record_is_no_other_spelling_and_a_repeat_is_told_once():
    fields = {"responsible_name": _text("responsible_name", "นายสมชาย ใจดี"),
              "coordinator_name": _text("coordinator_name", "นายสมชัย ใจดี"),
              "objectives": _text("objectives", "ร่วมกับ นายสมชาย ใจดี และ นายสมชัย ใจดี")}
    people, texts = ["responsible_name", "coordinator_name"], ["objectives"]
    assert check_name_mentions(fields, (), people, texts, TITLES)[0] == fields
    fields["objectives"] = _text("objectives", "นายสมชัย ใจดี และ นายสมชัย ใจดี")
    got = check_name_mentions({k: v for k, v in fields.items() if k != "responsible_name"}, (),
                              people, texts, TITLES)[0]
    assert got == {k: v for k, v in fields.items() if k != "responsible_name"}
    got = check_name_mentions({"coordinator_name": fields["responsible_name"], "objectives": fields["objectives"]}, (),
                              ["coordinator_name"], texts, TITLES)[0]
    assert len(got["objectives"].warnings) == len(got["coordinator_name"].warnings) == 1


def _text(field, value, rule="majority"):
    return Resolved(field, value, 0.9, rule, False, (Candidate(value, 3.0, ()),))


def test_a_person_and_the_narrative_that_names_them_otherwise_both_need_review():
    fields = {"coordinator_name": _text("coordinator_name", "นายยูโช๊ะ เหี้ยมโท้"),
              "principle": _text("principle", "กรุงเทพมหานครมีนโยบาย")}
    reports = (ReconciledReport(1, {"narrative": _text("narrative", "อยู่ระหว่างขั้นตอนขออนุมัติโครงการ")}, 3),
               ReconciledReport(2, {"narrative": _text("narrative", "ร่วมกับ นายยูโซ๊ะ เหี้ยมโท้ ผู้ประสานงาน")}, 3))
    got_fields, got_reports = check_name_mentions(fields, reports, ["coordinator_name"], ["principle", "narrative"],
                                                  TITLES)
    person, said = got_fields["coordinator_name"], got_reports[1].fields["narrative"]
    assert person.needs_review and said.needs_review and person.confidence <= TIE_CONFIDENCE
    assert person.warnings == said.warnings == (
        "the record spells one person two ways: 'นายยูโช๊ะ เหี้ยมโท้' in coordinator_name, "
        "'นายยูโซ๊ะ เหี้ยมโท้' in narrative of report 2",)
    assert got_fields["principle"] == fields["principle"] and got_reports[0] == reports[0]
    assert (person.value, said.value) == ("นายยูโช๊ะ เหี้ยมโท้", "ร่วมกับ นายยูโซ๊ะ เหี้ยมโท้ ผู้ประสานงาน")


def test_a_name_a_person_set_is_not_doubted_but_the_text_that_spells_it_otherwise_is():
    fields = {"coordinator_name": _text("coordinator_name", "นายยูโซ๊ะ เหี้ยมโท้", rule=HUMAN)}
    reports = (ReconciledReport(1, {"narrative": _text("narrative", "ร่วมกับ นายยูโช๊ะ เหี้ยมโท้")}, 3),)
    got_fields, got_reports = check_name_mentions(fields, reports, ["coordinator_name"], ["narrative"], TITLES)
    assert got_fields["coordinator_name"] == fields["coordinator_name"]
    assert got_reports[0].fields["narrative"].needs_review


def test_a_record_that_spells_each_person_one_way_is_left_as_it_is():
    fields = {"coordinator_name": _text("coordinator_name", "นายยูโช๊ะ เหี้ยมโท้")}
    reports = (ReconciledReport(1, {"narrative": _text("narrative", "ร่วมกับ นายยูโช๊ะ เหี้ยมโท้")}, 3),)
    assert check_name_mentions(fields, reports, ["coordinator_name"], ["narrative"], TITLES) == (fields, reports)


def _money(field, value, rule="majority"):
    return Resolved(field, value, 0.667, rule, False, (Candidate(value, 2.0, ()),))


def test_a_total_spent_above_the_budget_flags_both():
    fields = {"budget_baht": _money("budget_baht", 40000), "spent_baht": _money("spent_baht", 765000)}
    reports = _reports(_money("spent_baht", 0), _money("spent_baht", 765000))
    got_fields, got_reports = check_budget(fields, reports, "budget_baht", "spent_baht", "spent_baht")
    assert got_fields["budget_baht"].needs_review and got_fields["spent_baht"].needs_review
    assert got_fields["budget_baht"].warnings == (
        "more is said to be spent than the budget (40,000): one of the two was misread",)
    assert not got_reports[0].fields["spent_baht"].needs_review and got_reports[1].fields["spent_baht"].needs_review
    assert (got_fields["budget_baht"].value, got_fields["spent_baht"].value) == (40000, 765000)


def test_a_report_that_spends_more_than_the_budget_flags_it_and_the_budget():
    fields = {"budget_baht": _money("budget_baht", 40000)}
    got_fields, got_reports = check_budget(fields, _reports(_money("spent_baht", 84000)), "budget_baht", None,
                                           "spent_baht")
    assert got_fields["budget_baht"].needs_review and got_reports[0].fields["spent_baht"].needs_review


def test_spending_within_the_budget_or_no_budget_checks_nothing():
    fields = {"budget_baht": _money("budget_baht", 840000), "spent_baht": _money("spent_baht", 840000)}
    reports = tuple(_reports(_money("spent_baht", 840000)))
    assert check_budget(fields, reports, "budget_baht", "spent_baht", "spent_baht") == (fields, reports)
    assert check_budget({"spent_baht": fields["spent_baht"]}, reports, "budget_baht", "spent_baht",
                        "spent_baht") == ({"spent_baht": fields["spent_baht"]}, reports)


def test_a_progress_figure_above_the_next_reports_flags_the_one_that_breaks_the_order():
    """Progress is the work done so far: in 5, 10, 95, 30, 40 report 3 is out of line;
    in 5, 75, 70, 100 either of the two could be (75 misread for 65, or 70 for 80), and
    equal neighbours (25, 25) are in order."""
    def progress(*pcts):
        return [ReconciledReport(n, {"progress_pct": Resolved("progress_pct", p, 0.9, "single", False, ())}, 1)
                for n, p in enumerate(pcts, start=1)]

    got = check_progress_order(progress(5, 10, 95, 30, 40), "progress_pct")
    assert _flagged(got) == [(3, "progress_pct")]
    assert got[2].fields["progress_pct"].warnings == (
        "more than report 4's progress (30%), though progress is the work done so far and does not go down",)
    assert got[2].fields["progress_pct"].confidence == TIE_CONFIDENCE
    assert _flagged(check_progress_order(progress(5, 10, 25, 25, 60, 70, 100), "progress_pct")) == []
    both = check_progress_order(progress(5, 75, 70, 100), "progress_pct")
    assert _flagged(both) == [(2, "progress_pct"), (3, "progress_pct")]


def test_a_text_that_names_a_person_as_their_doubted_field_does_needs_review_with_it():
    doubtful = replace(_text("coordinator_name", "นายบูรฉัตร มโนหวัน"), needs_review=True, confidence=0.5)
    said = "ติดตามและประเมินผลการดำเนินงานร่วมกับ นายบูรฉัตร มโนหวัน ผู้ประสานงาน"
    reports = (ReconciledReport(1, {"narrative": _text("narrative", "อยู่ระหว่างขั้นตอนขออนุมัติโครงการฯ")}, 3),
               ReconciledReport(2, {"narrative": _text("narrative", said)}, 3))
    fields, checked = check_name_mentions({"coordinator_name": doubtful}, reports, ["coordinator_name"], ["narrative"],
                                          TITLES)
    assert fields["coordinator_name"] == doubtful and checked[0] == reports[0]
    narrative = checked[1].fields["narrative"]
    assert (narrative.value, narrative.needs_review) == (said, True) and narrative.confidence <= TIE_CONFIDENCE
    assert narrative.warnings == ("it names 'นายบูรฉัตร มโนหวัน' as coordinator_name reads it, which needs review",)
    sure = {"coordinator_name": _text("coordinator_name", "นายบูรฉัตร มโนหวัน")}
    assert check_name_mentions(sure, reports, ["coordinator_name"], ["narrative"], TITLES) == (sure, reports)
    set_by_hand = {"coordinator_name": replace(doubtful, rule=HUMAN)}
    assert check_name_mentions(set_by_hand, reports, ["coordinator_name"], ["narrative"], TITLES)[1] == reports


def test_a_name_whose_copies_differ_in_the_title_alone_leaves_the_texts_that_name_it_be():
    title_only = Resolved("coordinator_name", "นางบูรฉัตร มโนหวัน", 0.5, "majority", True,
                          (Candidate("นางบูรฉัตร มโนหวัน", 2.0, ()), Candidate("นางสาวบูรฉัตร มโนหวัน", 1.0, ())))
    reports = (ReconciledReport(1, {"narrative": _text("narrative", "ร่วมกับ นางบูรฉัตร มโนหวัน ผู้ประสานงาน")}, 3),)
    assert check_name_mentions({"coordinator_name": title_only}, reports, ["coordinator_name"], ["narrative"],
                               TITLES)[1] == reports
    name_too = replace(title_only, candidates=(*title_only.candidates, Candidate("นางบุรฉัตร มโนหวัน", 1.0, ())))
    checked = check_name_mentions({"coordinator_name": name_too}, reports, ["coordinator_name"], ["narrative"], TITLES)[1]
    assert checked[0].fields["narrative"].needs_review


def test_the_one_figure_without_which_the_figures_add_up_to_the_total_is_flagged_with_it_alone():
    """One copy read "90" for report 2's "0": the figures no running total (they go down),
    their sum is 90 over the total, which the rest add up to. A total misread so that it
    matches all figures but one ("100,000" for 300,000) is as likely: both are flagged."""
    reports = _reports(*(_spent(v, (v, 1.0)) for v in (0, 90, 0, 0, 585000)))
    total, checked = check_total(_spent(585000, (585000, 1.0)), reports, "spent_baht")
    assert total.needs_review and total.warnings == (
        "the progress reports' spent figures add up to 585,090; without report 2's, to this total",)
    assert [r.fields["spent_baht"].needs_review for r in checked] == [False, True, False, False, False]
    assert checked[1].fields["spent_baht"].warnings == (
        "without it the progress reports' spent figures add up to the total spent (585,000)",)
    by_hand = replace(_spent(90, (90, 1.0)), rule=HUMAN, confidence=1.0)
    figures = _reports(_spent(0, (0, 1.0)), by_hand, _spent(0, (0, 1.0)), _spent(585000, (585000, 1.0)))
    total, checked = check_total(_spent(585000, (585000, 1.0)), figures, "spent_baht")
    assert total.needs_review and checked[1].fields["spent_baht"] == by_hand


def test_figures_that_go_down_are_no_running_total_so_their_last_is_no_total():
    reports = _reports(*(_spent(v, (v, 3.0)) for v in (30000, 20000, 0, 100000)))
    total, checked = check_total(_spent(100000, (100000, 3.0)), reports, "spent_baht")
    assert total.needs_review and [r.fields["spent_baht"].needs_review for r in checked] == [True, True, False, True]
    assert checked[0].fields["spent_baht"].warnings == (
        "the progress reports' spent figures add up to 150,000, not to the total spent (100,000)",)
    one_over = _reports(*(_spent(v, (v, 3.0)) for v in (50000, 0, 100000)))
    total, checked = check_total(_spent(100000, (100000, 3.0)), one_over, "spent_baht")
    assert total.needs_review and [r.fields["spent_baht"].needs_review for r in checked] == [True, False, False]


def _phone(field, value, rule="single"):
    return Resolved(field, value, 0.9, rule, False, (Candidate(value, 1.0, ("w",)),))


def test_a_phone_too_short_to_dial_or_an_extension_a_digit_off_the_others_is_flagged():
    phones = ["responsible_phone", "coordinator_phone"]
    cut = check_phones({"responsible_phone": _phone("responsible_phone", "6825"),
                        "coordinator_phone": _phone("coordinator_phone", "7")}, phones)
    assert cut["coordinator_phone"].needs_review and cut["coordinator_phone"].confidence <= TIE_CONFIDENCE
    assert not cut["responsible_phone"].needs_review
    extra = check_phones({"responsible_phone": _phone("responsible_phone", "6825"),
                          "coordinator_phone": _phone("coordinator_phone", "93368")}, phones)
    assert all(extra[f].needs_review for f in phones)  # which one OCR got wrong, no check can tell
    assert "digit" in extra["coordinator_phone"].warnings[0]
    for fine in (("6825", "9338"), ("6825", "0812345678"), ("022241234", "0812345678")):
        got = check_phones({f: _phone(f, v) for f, v in zip(phones, fine)}, phones)
        assert not any(got[f].needs_review for f in phones), fine
    doubted_one = check_phones({"responsible_phone": replace(_phone("responsible_phone", "78742"), needs_review=True),
                                "coordinator_phone": _phone("coordinator_phone", "2134", rule="unanimous")}, phones)
    assert doubted_one["responsible_phone"].warnings and not doubted_one["coordinator_phone"].needs_review
    human = check_phones({"responsible_phone": _phone("responsible_phone", "6825"),
                          "coordinator_phone": _phone("coordinator_phone", "7", rule=HUMAN)}, phones)
    assert not human["coordinator_phone"].needs_review
