"""Options are checked once, when they are made, for the API and the command line alike."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.errors import UsageError
from pipeline.options import Options


@pytest.mark.parametrize("bad, message", [
    ({"jobs": 0}, "--jobs must be at least 1"),
    ({"dpi": 10}, "--dpi must be at least 50"),
    ({"page_timeout": -1}, "--page-timeout must be 0"),
    ({"crop_pages": -1}, "--crop-pages must be 0"),
    ({"executor": "spark"}, "unknown executor 'spark'"),
    ({"executor": "local", "scheduler": "tcp://127.0.0.1:8786"}, "--scheduler sends the work to a Dask cluster"),
    ({"preprocess": "deskew,sharpen"}, "unknown preprocessing step 'sharpen'"),
    ({"preprocess": ("sharpen",)}, "unknown preprocessing step 'sharpen'"),
])
def test_a_bad_value_is_a_usage_error_naming_the_option(bad, message):
    with pytest.raises(UsageError, match=message):
        Options(**bad)


def test_replacing_a_field_checks_it_again():
    with pytest.raises(UsageError, match="--jobs"):
        replace(Options(), jobs=-2)


def test_values_are_normalised_once():
    assert Options(preprocess="deskew, despeckle").preprocess == ("deskew", "despeckle")
    assert Options(preprocess="none").preprocess == Options(preprocess=()).preprocess == ()
    assert Options(dictionaries="mine.txt").dictionaries == ("mine.txt",)
    assert Options().executor == "local"
    assert Options(scheduler="tcp://127.0.0.1:8786").executor == "dask"
