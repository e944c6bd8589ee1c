"""The one-call pandas loader reads the tables back with phones and codes as text."""

from pathlib import Path

import pandas as pd

from pipeline.api import reconcile
from pipeline.load import dtypes, read_documents, read_tables

SEED = Path(__file__).resolve().parent.parent / "samples" / "text" / "000_d000cb5bc4147d98.txt"


def test_a_phone_with_a_leading_zero_and_the_project_code_stay_text(tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("โทร 6628", "โทร 0812346628")
    seed = tmp_path / "seed.txt"
    seed.write_text(text, encoding="utf-8")
    reconcile([seed], out=tmp_path / "out", report=False)
    guessed = pd.read_csv(tmp_path / "out" / "documents.csv")
    assert guessed.loc[0, "responsible_phone"] == 812346628  # what README's plain read_csv gives
    docs = read_documents(tmp_path / "out")
    assert docs.loc[0, "responsible_phone"] == "0812346628" and docs.loc[0, "project_code"] == "50210000-3491"
    assert docs["fiscal_year_be"].dtype == "Int64" and docs["needs_review"].dtype == "boolean"
    assert docs.loc[0, "start_date"] == pd.Timestamp("2020-10-01")
    tables = read_tables(tmp_path / "out")
    assert set(tables) == {"documents", "progress_reports", "variants", "failures"}
    reports = tables["progress_reports"]
    assert list(reports["report_no"]) == list(range(1, 11)) and reports["spent_baht"].dtype == "Float64"
    plain = pd.read_csv(tmp_path / "out" / "documents.csv", dtype=dtypes("documents"))
    assert plain.loc[0, "responsible_phone"] == "0812346628"


def test_the_spreadsheet_guard_is_taken_back(tmp_path):
    from pipeline.export import tables as make_tables
    from pipeline.export import write_outputs
    from pipeline.model import Failure

    write_outputs(make_tables([], [Failure("=cmd.txt", None, "ingest", "=bad")]), tmp_path)
    assert "'=bad" in (tmp_path / "failures.csv").read_text(encoding="utf-8-sig")
    failures = read_tables(tmp_path)["failures"]
    assert failures.loc[0, "error"] == "=bad" and failures.loc[0, "source"] == "=cmd.txt"


def test_a_folder_without_its_datapackage_is_read_with_the_built_in_templates_types(tmp_path):
    reconcile([SEED], out=tmp_path / "out", report=False, use_lm=False)
    with_package = read_tables(tmp_path / "out")
    (tmp_path / "out" / "datapackage.json").unlink()
    without = read_tables(tmp_path / "out")
    for table, frame in with_package.items():
        assert dict(frame.dtypes) == dict(without[table].dtypes), table
    assert without["documents"]["budget_baht"].dtype == "Float64"
    assert without["progress_reports"]["report_date"].dtype.kind == "M"
