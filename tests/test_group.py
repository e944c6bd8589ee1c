import itertools

from pipeline.group import group_witnesses
from pipeline.model import Reading, Where, Witness, WitnessRecord

W = Where("t", 1, 1)


def rec(wid, code=None, name="โครงการพัฒนาคุณภาพเครือข่ายโรงเรียน", agency="สำนักงานเขตภาษีเจริญ"):
    fields = {}
    for f, v in (("project_code", code), ("project_name", name), ("agency", agency)):
        if v:
            fields[f] = Reading(f, v, v, wid, W)
    return WitnessRecord(Witness(wid, "t", W, {}), fields, (), ())


def test_a_code_with_one_damaged_digit_joins_its_report():
    groups = group_witnesses([rec("a", "50210000-3491"), rec("b", "50210000-3491"), rec("c", "50210000-3497")])
    assert len(groups) == 1 and groups[0].key == "50210000-3491"


def test_a_neighbouring_project_with_a_different_name_stays_apart():
    groups = group_witnesses([
        rec("a", "50210000-3491"),
        rec("b", "50210000-3492", name="โครงการส่งเสริมการอ่านเพื่อชุมชน", agency="สำนักงานเขตบางแค"),
    ])
    assert len(groups) == 2


def test_a_copy_without_a_code_joins_by_project_name():
    groups = group_witnesses([rec("a", "50210000-3491"), rec("b", None, name="โครงการพัฒนาคุณภาพเครือข่ายโรงเรียน")])
    assert len(groups) == 1 and len(groups[0].records) == 2


def test_grouping_does_not_depend_on_order():
    recs = [rec("a", "50210000-3491"), rec("b", "50210000-3497"), rec("c", "11110000-0001", name="อื่น"), rec("d", None)]
    outs = {
        tuple((g.key, tuple(r.id for r in g.records)) for g in group_witnesses(list(p)))
        for p in itertools.permutations(recs)
    }
    assert len(outs) == 1
