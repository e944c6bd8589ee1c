"""The seed report's true values (the core issue's "done when"), shared by integration tests."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

DATES = ["2020-10-26", "2020-11-25", "2020-12-25", "2021-01-25", "2021-02-26",
         "2021-03-29", "2021-04-24", "2021-05-28", "2021-06-26", "2021-08-20"]
PROGRESS = [5, 10, 25, 25, 30, 60, 70, 80, 80, 100]
SPENT = [0] * 9 + [180000]
EXPECTED_DOCUMENT = {
    "project_code": "50210000-3491",
    "fiscal_year_be": 2564,
    "start_date": "2020-10-01",
    "end_date": "2021-09-29",
    "budget_baht": 270000,
    "spent_baht": 180000,
    "responsible_name": "น.ส.ณัฐพิมล สิริภักดิ์กุล",
    "responsible_phone": "6628",
    "coordinator_name": "นายวรวิทย์ เทียงธรรม",
    "coordinator_phone": "1512",
    "agency": "สำนักงานเขตภาษีเจริญ / ฝ่ายการศึกษา / ฝ่ายการศึกษา",
    "project_name": "โครงการพัฒนาคุณภาพเครือข่ายโรงเรียน",
}


def iso(values: Iterable[object]) -> list[object]:
    """Return the values with each date (pd.Timestamp, as the API and read_tables give
    dates) as its ISO text, the form the truth is written in."""
    return [v.date().isoformat() if isinstance(v, pd.Timestamp) else v for v in values]


def check_record(
    documents: pd.DataFrame, reports: pd.DataFrame, n_witnesses: int, skip: tuple[str, ...] = ()
) -> None:
    """Assert the seed's canonical record (the issue's "done when" values), but `skip`."""
    assert len(documents) == 1
    doc = documents.iloc[0]
    for field, want in EXPECTED_DOCUMENT.items():
        if field not in skip:
            assert iso([doc[field]])[0] == want, field
    assert doc["n_witnesses"] == n_witnesses
    assert list(reports["report_no"]) == list(range(1, 11))
    if "report_date" not in skip:
        assert iso(reports["report_date"]) == DATES
    assert list(reports["progress_pct"]) == PROGRESS
    assert list(reports["spent_baht"]) == SPENT
