"""Integration: invented reports printed as noisy scans (samples/generate.py), OCR'd by the
real Tesseract and scored against their truth (samples/truth/invented.json).

Two reports, three copies each, at light to heavy noise: one binder PDF holds a copy of
each, one copy (a TIFF) lost its last page, one copy is a JPEG per page.
"""

import pytest
from invented_sample import INVENTED, TRUTH
from score import structured_checks

from pipeline.api import reconcile


@pytest.fixture(scope="module")
def result(invented_cache):
    return reconcile([INVENTED], cache=invented_cache, jobs=2)


def test_every_copy_is_found_across_files_binders_and_lost_pages(result):
    assert result.ocr.pages == 11 and result.ocr.failed == 0
    # Every page is a 200 dpi scan, fine enough to pass without a warning (the images are
    # upscaled to 300 dpi first). The one figure whose "ครั้งที่" OCR read as Latin letters
    # ("(ASIN 2)") is read, its number from the letters' digit, so nothing of section 2 is
    # left out.
    assert result.failures.empty and not result.warnings and int(result.exit_code) == 0
    assert sorted(result.documents["project_code"]) == sorted(t["project_code"] for t in TRUTH)
    assert list(result.documents["n_witnesses"]) == [3, 3]
    binder = result.documents["sources"].str.contains("binder_a_b.pdf")
    assert binder.all()
    b = result.documents.set_index("project_code").loc["84765312-6961", "sources"]
    assert "report_b_copy2_p1.jpg" in b and "report_b_copy2_p2.jpg" in b  # one copy over two files


def test_structured_fields_match_the_truth(result):
    checks = structured_checks(TRUTH, result.documents, result.progress_reports)
    wrong = [c for c in checks if not c.ok]
    # Report A's project name ends in น้ำ, which Tesseract reads "น้้า" in some copies
    # and "นำ" in others; before the doubled tone mark was read as SARA AM
    # (pipeline/normalize.py) every copy came out wrong and this was the one miss.
    assert [(c.field, c.got) for c in wrong] == []
    assert len(checks) == 74
    name = result.documents.set_index("project_code").loc["46125503-6960", "project_name"]
    assert name == "โครงการปรับปรุงทางเท้าและระบบระบายน้ำ"


def test_values_won_by_the_dictionary_rule_are_flagged_for_review(result):
    chosen = result.variants[result.variants["rule"] == "dictionary"]
    assert chosen["needs_review"].all()


def test_every_dispute_names_the_values_own_characters(result):
    """outputs.md's contract: value[at:at + len(chosen)] == chosen, also where the language
    model changed the text before a stretch the vote decided (the principle of
    84765312-6961: "ต่อเนือง" read back as "ต่อเนื่อง" moved the later stretch one letter)."""
    import json

    checked = 0
    for value, votes in zip(result.variants["value"], result.variants["votes"]):
        text = "" if not isinstance(value, str) else value
        for d in json.loads(votes)["disputes"]:
            assert text[d["at"]:d["at"] + len(d["chosen"])] == d["chosen"], (text, d)
            if d["rule"] != "lm":  # no later step changed these stretches: each is still what the vote chose
                assert d["chosen"] in [o["text"] for o in d["options"]], (text, d)
            checked += 1
    assert checked > 20
