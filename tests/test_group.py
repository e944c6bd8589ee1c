import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pythainlp.corpus import thai_words
from rapidfuzz import fuzz, process

from pipeline.group import SAME_REPORT_MIN_SCORE, group_witnesses
from pipeline.name_match import NameIndex
from pipeline.model import Narrative, Reading, Where, Witness, WitnessRecord

W = Where("t", 1, 1)


def rec(wid, code=None, name="โครงการพัฒนาคุณภาพเครือข่ายโรงเรียน", agency="สำนักงานเขตภาษีเจริญ", dates=(), year=None,
        person=None):
    fields = {}
    for f, v in (("project_code", code), ("project_name", name), ("agency", agency), ("fiscal_year_be", year),
                 ("responsible_name", person)):
        if v:
            fields[f] = Reading(f, v, v, wid, W)
    narratives = tuple(Narrative(Reading("report_date", d, d, wid, W), Reading("narrative", "ดำเนินการ", "ดำเนินการ", wid, W),
                                 None) for d in dates)
    return WitnessRecord(Witness(wid, "t", W, {}), fields, (), narratives)


REPORT_DATES = ("2022-10-25", "2022-12-04", "2023-01-16", "2023-02-20")


def test_a_code_with_one_damaged_digit_joins_its_report():
    groups = group_witnesses([rec("a", "50210000-3491"), rec("b", "50210000-3491"), rec("c", "50210000-3497")])
    assert len(groups) == 1 and groups[0].key == "50210000-3491"


def test_one_code_in_two_fiscal_years_is_two_reports_unless_the_copies_share_report_dates():
    """A project reports anew each fiscal year under the same code: a copy of 2566 among
    three of 2567 was voted down 3:1 and its report vanished. Copies that misread the year
    still report on the report's days, and a copy that read no year goes with the copies
    whose days it shares."""
    later = ("2023-10-23", "2023-11-29", "2024-01-13")
    groups = group_witnesses([rec("a", "50210000-3491", dates=later, year=2567),
                              rec("b", "50210000-3491", dates=later, year=2567),
                              rec("c", "50210000-3491", dates=REPORT_DATES, year=2566),
                              rec("d", "50210000-3491", dates=REPORT_DATES[:2])])
    assert [[r.id for r in g.records] for g in groups] == [["c", "d"], ["a", "b"]]
    assert [g.key for g in groups] == ["50210000-3491~2566", "50210000-3491~2567"]
    misread = group_witnesses([rec("a", "50210000-3491", dates=later, year=2567),
                               rec("b", "50210000-3491", dates=later, year=2561)])
    assert len(misread) == 1
    no_code = group_witnesses([rec("a", "50210000-3491", dates=later, year=2567),
                               rec("c", "50210000-3491", dates=REPORT_DATES, year=2566),
                               rec("n", None, dates=REPORT_DATES, year=2566), rec("m", None, dates=later)])
    assert [(g.key, [r.id for r in g.records]) for g in no_code] == [
        ("50210000-3491~2566", ["c", "n"]), ("50210000-3491~2567", ["a", "m"])]  # a copy without a code: its year's
    undated = group_witnesses([rec("a", "50210000-3491", dates=later, year=2567),
                               rec("b", "50210000-3491", dates=later[:1], year=2566)])
    assert len(undated) == 1  # one date says too little to tell two reports apart


def test_a_neighbouring_project_with_a_different_name_stays_apart():
    groups = group_witnesses([
        rec("a", "50210000-3491"),
        rec("b", "50210000-3492", name="โครงการส่งเสริมการอ่านเพื่อชุมชน", agency="สำนักงานเขตบางแค"),
    ])
    assert len(groups) == 2


def test_a_code_two_edits_apart_joins_its_report_when_the_report_dates_agree():
    groups = group_witnesses([rec("a", "39727671-5066", dates=REPORT_DATES),
                              rec("b", "39727671-0506", dates=REPORT_DATES[:3])])
    assert len(groups) == 1 and len(groups[0].records) == 2


def test_a_code_two_edits_apart_stays_apart_without_the_same_report_dates():
    """Next year's report of the same project (same name, agency and person) reports on
    other days: two edits apart is not enough to call it the same report."""
    next_year = ("2023-10-24", "2023-12-05", "2024-01-15", "2024-02-21")
    assert len(group_witnesses([rec("a", "39727671-5066", dates=REPORT_DATES),
                                rec("b", "39727671-0506", dates=next_year)])) == 2
    assert len(group_witnesses([rec("a", "39727671-5066"), rec("b", "39727671-0506")])) == 2


def test_a_code_two_edits_apart_with_another_name_stays_apart_whatever_the_dates():
    groups = group_witnesses([
        rec("a", "39727671-5066", dates=REPORT_DATES),
        rec("b", "39727671-0506", name="โครงการส่งเสริมการอ่านเพื่อชุมชน", agency="สำนักงานเขตบางแค", dates=REPORT_DATES),
    ])
    assert len(groups) == 2


def test_a_copy_without_a_code_that_matches_no_report_is_a_report_of_its_own():
    groups = group_witnesses([rec("a", "50210000-3491"), rec("b", None, name="โครงการอื่นทั้งหมด", agency="สำนักงานเขตบางแค")])
    assert [[r.id for r in g.records] for g in groups] == [["a"], ["b"]] and groups[1].key.startswith("name-")


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


# The name index must choose exactly what a scan of every name chooses.

THAI_WORDS = sorted(w for w in thai_words() if 2 <= len(w) <= 8 and " " not in w)
CONFUSABLE = "ดตบปขชมนีิ่้ั"


def noisy(name, rng, rate):
    """`name` with about `rate` of its characters dropped, misread or doubled, as OCR damages text."""
    out = []
    for ch in name:
        roll = rng.random()
        if roll < rate / 3:
            continue
        out.append(rng.choice(CONFUSABLE) if roll < 2 * rate / 3 else ch * (2 if roll < rate else 1))
    return "".join(out)


def full_scan(text, names):
    """What grouping did before the index: extractOne over every group's name, in order."""
    match = process.extractOne(text, names, scorer=fuzz.ratio, score_cutoff=SAME_REPORT_MIN_SCORE) if text else None
    return (match[2], match[1]) if match else None


def join_both_ways(group_names, queries):
    """Join each query as grouping does (a name matching none becomes a group of its own),
    once by the index and once by the full scan; return both sequences of answers."""
    names = dict(group_names)
    index = NameIndex(group_names, SAME_REPORT_MIN_SCORE)
    by_index, by_scan = [], []
    for i, text in enumerate(queries):
        by_index.append(index.best(text))
        by_scan.append(full_scan(text, names))
        if by_scan[-1] is None:
            names[f"~{i}"] = text
            index.add(f"~{i}", text)
    return by_index, by_scan


@pytest.mark.parametrize("seed", range(3))
def test_the_name_index_matches_as_a_full_scan_does_on_noisy_thai_names(seed):
    rng = random.Random(seed)
    projects = ["โครงการ" + "".join(rng.choices(THAI_WORDS, k=rng.randint(1, 4))) for _ in range(300)]
    projects += rng.sample(projects, 30)  # reports of one name in several places
    groups = [(f"g{i}", noisy(p, rng, rng.choice([0, 0.03, 0.1]))) for i, p in enumerate(projects)]
    groups += [(f"s{i}", "".join(rng.choices(THAI_WORDS, k=1))[:rng.randint(1, 4)]) for i in range(20)] + [("e", "")]
    rng.shuffle(groups)
    queries = [noisy(rng.choice(projects), rng, rng.choice([0.02, 0.08, 0.15, 0.25])) for _ in range(400)]
    queries += ["".join(rng.choices(THAI_WORDS, k=rng.randint(1, 5))) for _ in range(100)] + ["", "ก"]
    by_index, by_scan = join_both_ways(groups, queries)
    assert by_index == by_scan
    assert sum(m is not None for m in by_index) > 200  # most noisy copies do find their report


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text("กขคงจ่", max_size=9), max_size=30), st.lists(st.text("กขคงจ่", max_size=9), max_size=30))
def test_the_name_index_breaks_ties_as_a_full_scan_does(group_names, queries):
    by_index, by_scan = join_both_ways([(f"g{i}", n) for i, n in enumerate(group_names)], queries)
    assert by_index == by_scan


def test_the_name_index_bounds_every_score_and_rules_out_other_reports():
    """The character-count bound is never below a name's score, and rules out most names
    of other reports, so a copy is scored against few names, not every report's."""
    rng = random.Random(7)
    projects = ["โครงการ" + "".join(rng.choices(THAI_WORDS, k=rng.randint(1, 12))) for _ in range(100)]
    copies = [noisy(p, rng, 0.01) for p in projects for _ in range(20)]
    index = NameIndex([(str(i), n) for i, n in enumerate(copies)], SAME_REPORT_MIN_SCORE)
    ruled_out = 0
    for text in projects + [noisy(p, rng, 0.1) for p in projects]:
        bounds = index.bounds(text)
        scores = [fuzz.ratio(text, name) for name in index.names]
        assert all(bound >= score for bound, score in zip(bounds, scores))
        ruled_out += sum(bounds < SAME_REPORT_MIN_SCORE) > 0.9 * len(index.names)
    assert ruled_out > 150


def test_a_tie_between_names_of_two_lengths_goes_to_the_first_added():
    text = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธ"
    longer = text + "นบปผฝพฟ"  # all 21 characters in common, 49 in all: 200 * 21 / 49
    same_length = "กขคงจฉชซฌญฎฏฐฑฒณดตมยร"  # 18 of 21 in common, 42 in all: 200 * 18 / 42, the same score
    assert fuzz.ratio(text, longer) == fuzz.ratio(text, same_length) > SAME_REPORT_MIN_SCORE
    for first, second in ((longer, same_length), (same_length, longer)):
        by_index, by_scan = join_both_ways([("a", first), ("b", second)], [text])
        assert by_index == by_scan == [("a", fuzz.ratio(text, first))]


def test_a_copy_without_a_code_joins_the_report_of_its_agency_not_the_first_of_its_name():
    name = "โครงการอาหารกลางวันปลอดภัย"
    first = rec("a", "50210000-3491", name=name, agency="สำนักงานเขตบางกะปิ / ฝ่ายการศึกษา / ฝ่ายการศึกษา")
    second = rec("b", "50210000-7777", name=name, agency="สำนักงานเขตดุสิต / ฝ่ายโยธา / ฝ่ายโยธา")
    copy = rec("c", None, name=name, agency="สำนักงานเขตดุสิต / ฝ่ายโยธา / ฝ่ายโยธา")
    groups = group_witnesses([first, second, copy])
    assert [[r.id for r in g.records] for g in groups] == [["a"], ["b", "c"]]


ELDERLY = "โครงการส่งเสริมสุขภาพผู้สูงอายุ"
BANGKAPI = "สำนักงานเขตบางกะปิ / ฝ่ายพัฒนาชุมชนและสวัสดิการสังคม / ฝ่ายพัฒนาชุมชนและสวัสดิการสังคม"


def test_a_copy_without_a_code_joins_the_report_one_of_whose_copies_it_matches():
    """Three copies of a report read its name three ways, one with its label's end before
    it and a phone after the person. Where a group was compared through one copy (of three
    readings each read once, the first in order: that one), the copy without a code
    matched another report of the same name and district better (93%, against 99% with
    its own report's other copies) and joined it."""
    person = "นางนันทฉัตร เหิมฮึก"
    own = [rec("r1", "97556415-1024", name="/กีจกรรม : " + ELDERLY, agency=BANGKAPI, person=person + " ทร 7925"),
           rec("r2", "97556415-1024", name=ELDERLY, agency=BANGKAPI.replace("เขต", "ขต"), person=person),
           rec("r3", "97556415-1024", name=ELDERLY.replace("สุข", "ุข"), agency=BANGKAPI, person=person)]
    other = [rec(f"o{i}", "47665425-8673", name=ELDERLY, agency=BANGKAPI, person="นางฐนภัทร อุดสมใจ") for i in (1, 2)]
    copy = rec("c", None, name=ELDERLY.replace("สุข", "ุข"), agency=BANGKAPI, person="นางนันทัตร เหิมฮึก")
    groups = group_witnesses([*own, *other, copy])
    assert [[r.id for r in g.records] for g in groups] == [["o1", "o2"], ["c", "r1", "r2", "r3"]]


def test_codes_one_edit_apart_join_when_any_two_copies_name_the_project_alike():
    """A code's copies are weighed copy by copy: the one copy of a code whose name ran on
    into the label after it stands for none but itself."""
    runs_on = rec("a", "50210000-3491", name="/ " + ELDERLY + " ปีงบประมาณ : 2566 วันเริ่มต้นโครงการ : 1 ตุลาคม 2565",
                  agency=BANGKAPI)
    clean = rec("b", "50210000-3491", name=ELDERLY, agency=BANGKAPI)
    damaged = rec("c", "50210000-3497", name=ELDERLY, agency=BANGKAPI)
    assert fuzz.ratio(f"{runs_on.fields['project_name'].value} | {BANGKAPI}", f"{ELDERLY} | {BANGKAPI}") < SAME_REPORT_MIN_SCORE
    groups = group_witnesses([runs_on, clean, damaged])
    assert len(groups) == 1 and len(groups[0].records) == 3


def test_a_year_read_by_a_copy_without_dates_does_not_hold_two_reports_together():
    """Two reports of one code, 2567 and 2566, each read by two copies with their days; a
    fifth copy misread the year as 2561 and read no dates. It says nothing about which
    report it is of, and must not join the two into one, where the other report's values
    would be voted down."""
    later = ("2023-10-23", "2023-11-29", "2024-01-13")
    groups = group_witnesses([rec("a", "50210000-3491", dates=later, year=2567),
                              rec("b", "50210000-3491", dates=later, year=2567),
                              rec("c", "50210000-3491", dates=REPORT_DATES, year=2566),
                              rec("d", "50210000-3491", dates=REPORT_DATES, year=2566),
                              rec("e", "50210000-3491", year=2561)])
    assert [g.key for g in groups] == ["50210000-3491~2566", "50210000-3491~2567"]
    assert sorted(len(g.records) for g in groups) == [2, 3]


def test_sister_projects_with_codes_one_edit_apart_that_report_on_other_days_stay_apart():
    """One project run in two districts under codes one digit apart, its name and person
    the same and the districts' names a few letters apart: merged, the one copy of the
    second was voted down 4:1 and its report vanished. Its own days tell it apart; a
    misread code's copy reports on its report's days, or reads too few to say."""
    person = "นางนันทฉัตร เหิมฮึก"
    later = ("2023-10-23", "2023-11-29", "2024-01-13")
    first = [rec(f"a{i}", "46360829-1751", name=ELDERLY, agency=BANGKAPI, person=person, dates=REPORT_DATES)
             for i in range(4)]
    sister = rec("b", "46360829-1752", name=ELDERLY, agency=BANGKAPI.replace("บางกะปิ", "บางพลัด"), person=person,
                 dates=later)
    assert len(group_witnesses([*first, sister])) == 2
    misread = rec("m", "46360829-1752", name=ELDERLY, agency=BANGKAPI, person=person, dates=REPORT_DATES[1:3])
    few = rec("f", "46360829-1752", name=ELDERLY, agency=BANGKAPI, person=person, dates=later[:1])
    assert [len(g.records) for g in group_witnesses([*first, misread])] == [5]
    assert [len(g.records) for g in group_witnesses([*first, few])] == [5]


def test_a_third_code_one_edit_from_two_sister_projects_does_not_chain_them():
    person = "นางนันทฉัตร เหิมฮึก"
    later = ("2023-10-23", "2023-11-29", "2024-01-13")
    first = [rec(f"a{i}", "46360829-1751", name=ELDERLY, agency=BANGKAPI, person=person, dates=REPORT_DATES)
             for i in range(3)]
    sister = [rec(f"b{i}", "46360829-1752", name=ELDERLY, agency=BANGKAPI.replace("บางกะปิ", "บางพลัด"),
                  person=person, dates=later) for i in range(2)]
    bridge = rec("m", "46360829-1753", name=ELDERLY, agency=BANGKAPI, person=person)
    groups = group_witnesses([*first, *sister, bridge])
    assert [[r.id for r in g.records] for g in groups] == [["a0", "a1", "a2", "m"], ["b0", "b1"]]


def test_copies_that_lost_the_name_do_not_join_neighbouring_projects_by_their_agency():
    """Codes one digit apart, one agency, other names: one copy of each read no name, and
    the two such copies (" | agency") are alike whatever project they are of."""
    other_name = "โครงการส่งเสริมการอ่านเพื่อชุมชน"
    a = [rec(f"a{i}", "50210000-3491") for i in range(3)] + [rec("a9", "50210000-3491", name=None)]
    b = [rec(f"b{i}", "50210000-3492", name=other_name) for i in range(3)] + [rec("b9", "50210000-3492", name=None)]
    assert [len(g.records) for g in group_witnesses([*a, *b])] == [4, 4]


def test_a_copy_without_a_code_joins_the_same_report_whatever_order_the_copies_came_in():
    lost_person = [rec("r9", "97556415-1024", name=ELDERLY, agency=BANGKAPI),
                   rec("o9", "47665425-8673", name=ELDERLY, agency=BANGKAPI)]
    copies = [*(rec(f"r{i}", "97556415-1024", name=ELDERLY, agency=BANGKAPI, person="นางนันทฉัตร เหิมฮึก")
                for i in range(3)),
              *(rec(f"o{i}", "47665425-8673", name=ELDERLY, agency=BANGKAPI, person="นางฐนภัทร อุดสมใจ")
                for i in range(3)),
              *lost_person, rec("c", None, name=ELDERLY, agency=BANGKAPI)]
    forward, backward = group_witnesses(copies), group_witnesses(copies[::-1])
    assert [[r.id for r in g.records] for g in forward] == [[r.id for r in g.records] for g in backward]


def test_copies_that_misread_the_year_alike_go_with_the_report_whose_days_each_reads():
    """One copy of each of two reports misread the year as 2561, each reading one date of
    its own report: together they read two dates, one of each, and had held the two
    reports together."""
    later = ("2023-10-23", "2023-11-29", "2024-01-13")
    code = "50210000-3491"
    groups = group_witnesses([rec("a", code, dates=later, year=2567), rec("b", code, dates=later, year=2567),
                              rec("c", code, dates=REPORT_DATES, year=2566), rec("d", code, dates=REPORT_DATES, year=2566),
                              rec("e", code, dates=later[:1], year=2561), rec("f", code, dates=REPORT_DATES[:1], year=2561)])
    assert [(g.key, [r.id for r in g.records]) for g in groups] == [
        (f"{code}~2566", ["c", "d", "f"]), (f"{code}~2567", ["a", "b", "e"])]


def test_a_code_one_edit_from_two_sister_projects_joins_the_one_it_names_and_chains_none():
    """Sister projects' codes may be two digits apart ("…1759", "…1760": never compared, two
    substitutions share no deletion key) and a misread copy one edit from both. It goes to
    the project it names best, and never holds the two together."""
    person = "นางนันทฉัตร เหิมฮึก"
    later = ("2023-10-23", "2023-11-29", "2024-01-13")
    sister_agency = BANGKAPI.replace("บางกะปิ", "บางพลัด")
    for first_code, sister_code, bridge_code in (("46360829-1759", "46360829-1760", "46360829-1750"),
                                                 ("46360829-1751", "46360829-1752", "46360829-1753")):
        first = [rec(f"a{i}", first_code, name=ELDERLY, agency=BANGKAPI, person=person, dates=REPORT_DATES)
                 for i in range(3)]
        sister = [rec(f"b{i}", sister_code, name=ELDERLY, agency=sister_agency, person=person, dates=later)
                  for i in range(2)]
        for agency, joins in ((BANGKAPI, "a0"), (sister_agency, "b0")):
            groups = group_witnesses([*first, *sister, rec("m", bridge_code, name=ELDERLY, agency=agency, person=person)])
            assert len(groups) == 2 and any("m" in ids and joins in ids for ids in ([r.id for r in g.records]
                                                                                    for g in groups))


def test_a_copy_that_lost_the_name_and_misread_a_digit_still_joins_its_report():
    person = "นางนันทฉัตร เหิมฮึก"
    copies = [rec(f"a{i}", "46360829-1751", name=ELDERLY, agency=BANGKAPI, person=person, dates=REPORT_DATES)
              for i in range(3)]
    lost = rec("x", "46360829-1757", name=None, agency=BANGKAPI, person=person, dates=REPORT_DATES)
    assert [len(g.records) for g in group_witnesses([*copies, lost])] == [4]


def test_a_year_one_copy_misread_is_no_report_though_copies_without_a_year_share_its_days():
    """Of one report, two copies read 2566 and its first two dates; one read no year and
    the last two; one misread 2568 and read one of those. The 2568 copy alone read one
    date of its year: too little to tell a report apart."""
    code = "50210000-3491"
    copies = [rec("a", code, dates=REPORT_DATES[:2], year=2566), rec("b", code, dates=REPORT_DATES[:2], year=2566),
              rec("n", code, dates=REPORT_DATES[2:]), rec("c", code, dates=REPORT_DATES[2:3], year=2568)]
    assert [len(g.records) for g in group_witnesses(copies)] == [4]


def test_neighbouring_projects_of_one_long_agency_path_stay_apart_by_their_names():
    """Two names that differ, under one long agency path and person: the whole identity
    scores 90, the names far less. Both must agree."""
    person = "นางนันทฉัตร เหิมฮึก"
    a = [rec(f"a{i}", "46360829-1751", name=ELDERLY, agency=BANGKAPI, person=person, dates=REPORT_DATES)
         for i in range(3)]
    b = [rec(f"b{i}", "46360829-1752", name="โครงการอบรมอาสาสมัคร", agency=BANGKAPI, person=person) for i in range(2)]
    assert [len(g.records) for g in group_witnesses([*a, *b])] == [3, 2]


def test_copies_that_each_read_one_date_do_not_keep_their_report_apart():
    """Two copies of one report misread its code two ways and each read one report date, the
    rest garbled: together they read two dates its other copies did not, which says
    nothing; nor do two misread codes two edits apart that share no dates."""
    person = "นางนันทฉัตร เหิมฮึก"
    good = [rec(f"a{i}", "46360829-1757", name=ELDERLY, agency=BANGKAPI, person=person, dates=REPORT_DATES[:2])
            for i in range(3)]
    x = rec("x", "46360829-1751", name=ELDERLY, agency=BANGKAPI, person=person, dates=REPORT_DATES[2:3])
    y = rec("y", "46360829-1753", name=ELDERLY, agency=BANGKAPI, person=person, dates=REPORT_DATES[3:4])
    assert [len(g.records) for g in group_witnesses([*good, x, y])] == [5]
    doubled = [rec("x", "46360829-17571", name=ELDERLY, agency=BANGKAPI, person=person),
               rec("y", "463608299-1757", name=ELDERLY, agency=BANGKAPI, person=person)]
    assert [len(g.records) for g in group_witnesses([*good, *doubled])] == [5]


def test_a_copy_that_lost_the_name_and_reads_no_date_joins_no_neighbour_by_its_agency():
    """A code whose copies read no name is compared by agency and person alone, which two
    neighbouring projects share: only the report dates can say which it is of."""
    person = "นางนันทฉัตร เหิมฮึก"
    a = [rec(f"a{i}", "46360829-1751", name="โครงการอบรมอาสาสมัครป้องกันภัยฝ่ายพลเรือน", agency=BANGKAPI,
             person=person, dates=REPORT_DATES) for i in range(3)]
    b = [rec(f"b{i}", "46360829-1752", name="โครงการปรับปรุงทางเท้าถนนลาดพร้าว", agency=BANGKAPI, person=person)
         for i in range(2)]
    lost = rec("x", "46360829-1757", name=None, agency=BANGKAPI, person=person)
    assert sorted(len(g.records) for g in group_witnesses([*a, *b, lost])) == [1, 2, 3]


def test_a_misread_code_whose_copy_shares_a_date_with_any_copy_of_the_report_joins_it():
    """Copies of one report read other parts of its dates: one two, another one, and the copy
    that misread the code two, one of them the second copy's. A shared date is enough."""
    person = "นางนันทฉัตร เหิมฮึก"
    copies = [rec("a0", "46360829-1751", name=ELDERLY, agency=BANGKAPI, person=person, dates=REPORT_DATES[:2]),
              rec("a1", "46360829-1751", name=ELDERLY, agency=BANGKAPI, person=person, dates=REPORT_DATES[2:3]),
              rec("b0", "46360829-1757", name=ELDERLY, agency=BANGKAPI, person=person, dates=REPORT_DATES[2:])]
    assert [len(g.records) for g in group_witnesses(copies)] == [3]


def test_a_phase_of_a_project_named_with_words_after_its_name_is_another_report():
    """"... ระยะที่ 2" names the second phase: the first's name lies inside it whole, but
    words after a name are no label debris (those come before it, "กิจกรรม : ...")."""
    person = "นางนันทฉัตร เหิมฮึก"
    a = [rec(f"a{i}", "46360829-1751", name=ELDERLY, agency=BANGKAPI, person=person, dates=REPORT_DATES)
         for i in range(3)]
    b = [rec(f"b{i}", "46360829-1752", name=ELDERLY + " ระยะที่ 2", agency=BANGKAPI, person=person) for i in range(2)]
    debris = rec("c", "46360829-1757", name="/กิจกรรม : " + ELDERLY, agency=BANGKAPI, person=person)
    assert [[r.id for r in g.records] for g in group_witnesses([*a, *b, debris])] == [
        ["a0", "a1", "a2", "c"], ["b0", "b1"]]
