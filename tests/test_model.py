"""pipeline/model.py: where a reading was found, and how it travels."""

import pickle

from pipeline.model import Candidate, Dispute, Mapped, Option, Resolved, SetAside, Where, span


def test_a_box_is_provenance_not_identity():
    boxed = Where("a.pdf", 2, 7, (10, 20, 300, 60))
    assert boxed == Where("a.pdf", 2, 7) and hash(boxed) == hash(Where("a.pdf", 2, 7))
    assert sorted([Where("a.pdf", 2, 9, (0, 0, 1, 1)), boxed]) == [boxed, Where("a.pdf", 2, 9)]
    assert pickle.loads(pickle.dumps(boxed)).box == (10, 20, 300, 60)


def test_span_holds_the_lines_of_the_first_page_only():
    first = Where("a.pdf", 2, 7, (10, 20, 300, 60))
    nxt = Where("a.pdf", 2, 8, (5, 70, 280, 110))
    over = Where("a.pdf", 3, 1, (0, 0, 2000, 3000))
    assert span([first, nxt, over]).box == (5, 20, 300, 110)
    assert span([first]) is first
    assert span([Where("t.txt", 1, 1), Where("t.txt", 1, 2)]).box is None


def test_a_resolved_value_with_its_evidence_survives_pickling():
    res = Resolved(
        "narrative", "ก ข", 0.6, "mapping", True, (Candidate("ก ข", 2.0, ("a", "b")),),
        disputes=(Dispute(2, "ข", "lm", (Option("ข", 1.5, ("a",), -3.2, 0.9), Option("ฃ", posterior=0.1))),),
        set_aside=(SetAside("2030-01-01", "c", "outside"),), mapped=(Mapped("ค", "ข", 2),), voted="ก ค",
        read_at=(("a", Where("a.pdf", 1, 3, (1, 2, 3, 4))),),
    )
    back = pickle.loads(pickle.dumps(res))
    assert back == res and back.read_at == res.read_at
    assert isinstance(back.disputes[0].options[1], Option) and back.set_aside[0].reason == "outside"
