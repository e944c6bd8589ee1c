"""The public API: reconcile() arguments and Options."""

from __future__ import annotations

import re

import pytest

from pipeline.api import Options, reconcile
from pipeline.errors import UsageError
from pipeline.ingest import text_lines
from pipeline.segment import split_witnesses

from conftest import SEED


def test_keyword_arguments_override_the_given_options():
    options = Options(keep_tables=True)
    result = reconcile([SEED], options=options, keep_tables=False)
    assert result.n_documents == 1
    assert result.reconciled == [] and result.documents.empty
    assert options.keep_tables is True  # the caller's options are not changed


def test_usage_error_is_exported_and_an_unknown_keyword_is_one_naming_it_and_the_valid_ones():
    import pipeline.api

    assert "UsageError" in pipeline.api.__all__ and pipeline.api.UsageError is UsageError
    for given in ({}, {"options": Options()}):
        with pytest.raises(UsageError, match=r"'job'.*settings are .*\bjobs\b.*\buse_lm\b"):
            reconcile(SEED, job=2, **given)


def test_a_keyword_argument_with_options_is_still_checked():
    with pytest.raises(UsageError, match="template not found"):
        reconcile([SEED], options=Options(), template="no-such-template")



def test_a_capped_review_page_keeps_the_reports_that_most_need_review(template, seed_text, tmp_path, monkeypatch):
    import pipeline.run as orchestration

    second_copy_starts = split_witnesses(text_lines(seed_text, "s"), template)[1].start.line - 1
    first_copy = "".join(seed_text.splitlines(keepends=True)[:second_copy_starts])
    lone = tmp_path / "lone_copy.txt"  # one copy of another report: every text value read once, to review
    lone.write_text(first_copy.replace("50210000-3491", "70990000-1234"), encoding="utf-8")
    monkeypatch.setattr(orchestration, "BATCH_DOCUMENTS", 1)
    monkeypatch.setattr(orchestration, "REVIEW_DOCUMENTS", 1)
    result = reconcile([SEED, lone], tmp_path / "out", keep_tables=True)
    to_review = result.variants.groupby("doc_id")["needs_review"].sum()
    assert list(result.documents["doc_id"]) == ["50210000-3491", "70990000-1234"]  # the calmer report comes first
    assert to_review["70990000-1234"] > to_review["50210000-3491"]
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert re.findall(r'<section class="doc" id="doc-\d+-([^"]+)"', page) == ["70990000-1234"]


@pytest.mark.parametrize("as_given", [str, lambda p: p])
def test_a_single_file_or_folder_is_one_input_not_a_list_of_characters(as_given):
    result = reconcile(as_given(SEED.parent))
    assert result.n_inputs == 1 and result.n_documents == 1 and len(result.failures) == 0


def test_the_tables_returned_are_those_read_back_from_the_csv_files_types_included(tmp_path):
    import pandas as pd

    from pipeline.load import read_tables

    bad = tmp_path / "bad.txt"
    bad.write_text("no report here", encoding="utf-8")
    result = reconcile([SEED.parent, bad], out=tmp_path / "o")
    read = read_tables(tmp_path / "o")
    assert str(result.documents["start_date"].dtype).startswith("datetime64")
    assert len(result.failures) == 1
    for name in ("documents", "progress_reports", "variants", "failures"):
        pd.testing.assert_frame_equal(getattr(result, name), read[name])


@pytest.mark.parametrize("inputs, settings, message", [
    ("x.txt", {"jobs": "2"}, "--jobs must be a whole number, not '2'"),
    ("x.txt", {"jobs": 2.5}, "--jobs must be a whole number, not 2.5"),
    ("x.txt", {"dpi": "high"}, "--dpi must be a whole number, not 'high'"),
    ("x.txt", {"page_timeout": "x"}, "--page-timeout must be a number, not 'x'"),
    (42, {}, "reconcile() reads a file or folder, or a list of them, not 42"),
])
def test_settings_of_the_wrong_type_are_usage_errors_not_type_errors(inputs, settings, message):
    with pytest.raises(UsageError) as caught:
        reconcile(inputs, **settings)
    assert message in str(caught.value)


def test_numbers_of_numpys_kinds_are_settings_as_good_as_pythons():
    import numpy as np

    options = Options(jobs=np.int64(2), dpi=np.int64(300), page_timeout=np.float32(60))
    assert options.workers == 2
