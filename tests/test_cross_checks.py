"""pipeline/cross_checks.py: a document's values against its other parts."""

from conftest import BOUNDS, project
from pipeline.cross_checks import check_total, report_window
from pipeline.model import Candidate, ReconciledReport, Resolved


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
    got = check_total(_spent(210000, (210000, 2.0), (310000, 1.0)), reports, "spent_baht")
    assert (got.value, got.rule, got.voted, got.needs_review) == (310000, "sum", 210000, False)


def test_a_total_no_copy_reads_as_the_sum_is_flagged_not_changed():
    got = check_total(_spent(210000, (210000, 3.0)), _reports(_spent(310000, (310000, 3.0))), "spent_baht")
    assert (got.value, got.needs_review) == (210000, True)
    assert got.warnings == ("the progress reports' spent figures add up to 310,000",)


def test_a_total_is_not_overturned_by_figures_themselves_in_doubt():
    doubtful = _spent(18000, (18000, 1.0), (180000, 1.0), review=True)
    got = check_total(_spent(180000, (180000, 2.0), (18000, 1.0)), _reports(_spent(0, (0, 3.0)), doubtful),
                      "spent_baht")
    assert (got.value, got.rule, got.needs_review) == (180000, "majority", True)


def test_a_total_printed_as_the_last_running_figure_or_with_satang_agrees():
    running = _reports(_spent(100000, (100000, 3.0)), _spent(250000, (250000, 3.0)))
    assert check_total(_spent(250000, (250000, 3.0)), running, "spent_baht").needs_review is False
    satang = _reports(_spent(100.1, (100.1, 3.0)), _spent(200.2, (200.2, 3.0)))
    assert check_total(_spent(300.3, (300.3, 3.0)), satang, "spent_baht").needs_review is False


def test_a_total_is_not_checked_when_a_report_lacks_its_figure_or_is_missing():
    doc = _spent(210000, (210000, 2.0), (310000, 1.0))
    assert check_total(doc, _reports(_spent(310000, (310000, 3.0)), None), "spent_baht") is doc
    assert check_total(doc, [], "spent_baht") is doc
    gap = [ReconciledReport(1, {"spent_baht": _spent(0, (0, 3.0))}, 3),
           ReconciledReport(3, {"spent_baht": _spent(310000, (310000, 3.0))}, 3)]
    assert check_total(doc, gap, "spent_baht") is doc
