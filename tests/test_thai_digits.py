"""A report printed in Thai digits, read by the real Tesseract: its Thai models have no
๔ ๖ ๗ ๘ ๙ (tsv.thai_digit_numbers), so every value holding a number printed so needs
review, however alike its copies read it."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from pythainlp.util import arabic_digit_to_thai_digit

from pipeline.api import reconcile

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "samples"))

NUMBER_FIELDS = ("project_code", "fiscal_year_be", "end_date", "budget_baht", "spent_baht", "responsible_phone")


@pytest.fixture(scope="module")
def thai_digit_run(tmp_path_factory):
    from generate import NOISE, degrade, form_lines, invent_report, save_file
    from render import render_pages

    tmp = tmp_path_factory.mktemp("thai_digits")
    rng = random.Random(11)
    report = invent_report(rng)
    printed = render_pages([arabic_digit_to_thai_digit(line) for line in form_lines(report)], dpi=200)
    pdfs = [save_file([degrade(p, NOISE["light"], rng) for p in printed], tmp / f"copy{i}.pdf", 200, bilevel=True)[0]
            for i in (1, 2)]
    return report, reconcile(pdfs, tmp / "out", jobs=1, use_cache=False, report=False)


def test_every_value_holding_a_number_printed_in_thai_digits_needs_review(thai_digit_run):
    _, result = thai_digit_run
    variants = result.variants[result.variants["report_no"].isna()].set_index("field")
    assert result.n_witnesses == 2 and len(result.documents) == 1
    for field in NUMBER_FIELDS:
        row = variants.loc[field]
        assert row["needs_review"], f"{field} = {row['value']!r} passed unflagged"
        assert "was read in Thai digits" in row["votes"] and "check the scan" in row["votes"]
    reports = result.variants[result.variants["report_no"].notna()]
    dated = reports[reports["field"].isin(["report_date", "progress_pct"])]
    assert len(dated) >= 10 and dated["needs_review"].all()
    documents = result.documents.iloc[0]
    assert documents["needs_review"]


def test_a_value_holding_no_number_is_not_doubted_for_the_page_s_digits(thai_digit_run):
    report, result = thai_digit_run
    row = result.variants[result.variants["report_no"].isna()].set_index("field").loc["project_name"]
    assert row["value"] == report.project_name and "Thai digits" not in row["votes"]
