"""pipeline/model.py: where a reading was found, and how it travels."""

import dataclasses
import pickle

import pytest

from pipeline import model
from pipeline.model import (Candidate, CopyNote, Dispute, Line, Mapped, Option, Reading, Resolved, SetAside, Where, Witness,
                            WitnessRecord, span)


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


def test_every_model_class_pickles_as_its_field_values():
    """A slotted dataclass's default pickling looks its fields up on every object; each
    class here pickles as (class, field values) instead, and comes back whole, fields
    that take no part in comparing included."""
    classes = [obj for obj in vars(model).values()
               if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == model.__name__]
    assert len(classes) > 15
    for cls in classes:
        assert cls.__reduce__ is not object.__reduce__, cls.__name__
    where = Where("a.pdf", 1, 3, (1, 2, 3, 4))
    witness = Witness("a.pdf#1", "a.pdf", where, {"1.1": (Line("x", where, 0.5),)}, notes=(CopyNote(where, "moved"),),
                      guessed_pages=(("a.pdf", 2),))
    record = WitnessRecord(witness, {"code": Reading("code", "A1", "A1", "a.pdf#1", where, 0.5)}, (), (),
                           unconfirmed_spaces=("ให้ โรงเรียน",), line_breaks="", possible_wraps=("กิจกรรม ร่วมกับ",))
    reduce_fn, args = record.__reduce__()
    assert reduce_fn is WitnessRecord and args[0] is witness
    back = pickle.loads(pickle.dumps(record))
    assert back == record and back.witness.weight == 0.5 and back.witness.notes == (CopyNote(where, "moved"),)
    assert back.unconfirmed_spaces == ("ให้ โรงเรียน",) and back.possible_wraps == ("กิจกรรม ร่วมกับ",)
    assert back.witness.guessed_pages == (("a.pdf", 2),) and back.witness.without_lines().guessed_pages == (("a.pdf", 2),)
    assert back.fields["code"].where.box == (1, 2, 3, 4)


def test_every_model_class_is_built_as_its_dataclass_would_be():
    """set_through_slots gives each class a faster __init__ of the same signature: fields
    in order or by name, defaults, __post_init__, and frozen afterwards."""
    classes = [obj for obj in vars(model).values()
               if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == model.__name__]
    for cls in classes:
        assert cls.__init__.__qualname__ == f"{cls.__qualname__}.__init__", cls.__name__
    where = Where("a.pdf", 1, 3)
    assert Reading("code", "A1", "A1", "w", where).weight == 1.0
    assert Reading(field="code", value=1, raw="1", witness="w", where=where, weight=0.5) == \
        Reading("code", 1, "1", "w", where, 0.5)
    assert Witness("w", "a.pdf", where, {"1": (Line("x", where, 0.25), Line("y", where, 0.75))}).weight == 0.5
    assert dataclasses.replace(where, line=4) == Where("a.pdf", 1, 4)
    with pytest.raises(dataclasses.FrozenInstanceError):
        where.line = 5  # type: ignore[misc]
