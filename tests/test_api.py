"""The public API: reconcile() arguments and Options."""

from __future__ import annotations

import pytest

from pipeline.api import Options, reconcile
from pipeline.errors import UsageError

from conftest import SEED


def test_keyword_arguments_override_the_given_options():
    options = Options(keep_tables=True)
    result = reconcile([SEED], options=options, keep_tables=False)
    assert result.n_documents == 1
    assert result.reconciled == [] and result.documents.empty
    assert options.keep_tables is True  # the caller's options are not changed


def test_a_keyword_argument_with_options_is_still_checked():
    with pytest.raises(UsageError, match="template not found"):
        reconcile([SEED], options=Options(), template="no-such-template")
