from pipeline.model import Reading, Where
from pipeline.ordinals import classifiers, opens_with_number, ordinal_head

W = Where("t", 1, 1)


def test_the_classifiers_come_from_the_shipped_tagger():
    assert {"ครั้ง", "ฉบับ", "ชั้น"} <= classifiers()
    assert "กิจกรรม" not in classifiers() and "ที่" not in classifiers()


def test_an_ordinal_head_is_a_classifier_and_the_mark_read_as_one_word_or_two():
    assert ordinal_head(("ดำเนินการ", "จัด", "กิจกรรม", "ครั้ง", "ที่")) == "ครั้งที่"
    assert ordinal_head(("ประชุม", "ครั้งที่")) == "ครั้งที่"
    assert ordinal_head(("จัด", "กิจกรรม", "ที่")) is None  # "at": a place follows
    assert ordinal_head(()) is None
    assert opens_with_number("2") and opens_with_number("๒") and not opens_with_number("มี")


def test_an_ordinal_every_copy_read_without_its_number_needs_review(template, dictionary):
    """A typewriter face's thin digit after "ครั้งที่" lost in every copy: the text reads
    well word by word and the copies agree, but an ordinal's head with no number lost it."""
    from pipeline.document import FieldVoter

    voter = FieldVoter(template, dictionary, True)
    lost = "ดำเนินการจัดกิจกรรมครั้งที่ มีผู้เข้าร่วม 69 คน เรียบร้อยแล้ว"
    res = voter.vote("narrative", [Reading("narrative", lost, lost, w, W, 0.9) for w in "abc"])
    assert res.needs_review and any("no number follows 'ครั้งที่'" in w for w in res.warnings)
    read = lost.replace("ครั้งที่ ", "ครั้งที่ 1 ")
    res = voter.vote("narrative", [Reading("narrative", read, read, w, W, 0.9) for w in "abc"])
    assert not res.needs_review
    place = "เตรียมการจัดกิจกรรมที่ โรงเรียนวัดดอนเมือง"
    res = voter.vote("narrative", [Reading("narrative", place, place, w, W, 0.9) for w in "abc"])
    assert not res.needs_review
