"""Integration: the language model on the sample scans (real Tesseract), against their
truth: a value the copies' vote gets right is never made wrong by the model."""

import pytest
from invented_sample import INVENTED, TRUTH
from score import char_errors, free_text_pairs, structured_checks

from pipeline.api import reconcile


@pytest.fixture(scope="module")
def runs(invented_cache):
    plain = reconcile([INVENTED], cache=invented_cache, jobs=2, use_lm=False, report=False)
    return plain, reconcile([INVENTED], cache=invented_cache, jobs=2, report=False)


def test_no_value_the_vote_got_right_is_made_wrong(runs):
    plain, model = runs
    before = structured_checks(TRUTH, plain.documents, plain.progress_reports)
    after = {(c.project_code, c.field, c.report_no): c for c in structured_checks(TRUTH, model.documents,
                                                                                  model.progress_reports)}
    assert [c for c in before if c.ok and not after[(c.project_code, c.field, c.report_no)].ok] == []
    texts = zip(free_text_pairs(TRUTH, plain.documents, plain.progress_reports),
                free_text_pairs(TRUTH, model.documents, model.progress_reports))
    assert [(want, got) for (_, want, was), (_, _, got) in texts if was == want and got != want] == []


def test_the_model_leaves_no_more_character_errors_than_the_vote(runs):
    plain, model = runs
    errors = [sum(char_errors(want, got)[0] for _, want, got in free_text_pairs(TRUTH, r.documents, r.progress_reports))
              for r in (plain, model)]
    assert errors[1] <= errors[0]
