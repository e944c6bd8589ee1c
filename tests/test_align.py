import itertools
from dataclasses import replace

from pipeline.align import backbone_index, character_consensus, key_reports, segment_alignment
from pipeline.model import Figure, Narrative, Reading, Where, Witness, WitnessRecord

W = Where("t", 1, 1)


def test_backbone_is_the_medoid_and_ignores_input_order():
    texts = ["abcd", "abcx", "abcd", "zzzz"]
    for perm in itertools.permutations(texts):
        assert perm[backbone_index(list(perm))] == "abcd"


def test_the_consensus_of_readings_each_wrong_in_another_letter_is_the_printed_text():
    misread = ["ขั้นตอนขออบุมัติโครงการฯ", "ขั้นตอนขออนุมัติโครงการ", "ขันตอนขออนุมีติโครังการา"]
    assert character_consensus(misread, [0.94, 0.93, 0.9]) == "ขั้นตอนขออนุมัติโครงการฯ"
    assert character_consensus(["abc", "xbc", "ayc", "abz"], [1, 1, 1, 1]) == "abc"
    assert character_consensus(["ab", "axb", "ab"], [1, 1, 1]) == "ab"  # one copy's insertion is outvoted
    assert character_consensus(["ab", "axb", "axb"], [1, 1, 1]) == "axb"


def test_where_the_weights_tie_the_consensus_keeps_the_backbones_letter():
    texts = ["abc", "abd", "abe"]
    assert character_consensus(texts, [1, 1, 1]) == texts[backbone_index(texts)]


def test_segments_cut_where_all_copies_agree_and_merge_unanimous_runs():
    a = ["เครือข่าย", "ทั้ง", " ", "3", " ", "เครือข่าย"]
    b = ["เครื่อง", "ข่าย", "ทั้ง", " ", "3", " ", "เครือข่าย"]
    c = ["เครือข่าย", "ทั้ง", " ", "3", " ", "เครือข่าย"]
    segs = segment_alignment([a, b, c])
    assert segs[0] == ("เครือข่าย", "เครื่องข่าย", "เครือข่าย")
    assert segs[1:] == [("ทั้ง 3 เครือข่าย",) * 3]


def test_insertions_and_deletions_become_empty_stretches():
    a = ["ก", "ข", "ค"]
    b = ["ก", "ค"]
    c = ["ก", "ข", "ค", "ง"]
    segs = segment_alignment([a, b, c])
    joined = ["".join(s[i] for s in segs) for i in range(3)]
    assert joined == ["กขค", "กค", "กขคง"]
    assert ("ข", "", "ข") in segs


def _rec(wid, figures=(), narratives=()):
    w = Witness(wid, "t", W, {})
    return WitnessRecord(w, {}, tuple(figures), tuple(narratives))


def _fig(wid, n, pct):
    r = lambda f, v: Reading(f, v, str(v), wid, W)  # noqa: E731
    return Figure(n, r("progress_pct", pct), r("spent_baht", 0), None, None)


def _nar(wid, date, text, paired):
    return Narrative(Reading("report_date", date, date, wid, W), Reading("narrative", text, text, wid, W), paired)


def test_reports_are_keyed_by_marker_and_dates_by_majority_pairing():
    # w2 prints every narrative one row early (pairs 28/05 with 7): outvoted.
    recs = [
        _rec("w1", [_fig("w1", 7, 70), _fig("w1", 8, 80)],
             [_nar("w1", "2021-04-24", "ก", 7), _nar("w1", "2021-05-28", "ข", 8)]),
        _rec("w2", [_fig("w2", 7, 70), _fig("w2", 8, 80)],
             [_nar("w2", "2021-04-24", "ก", None), _nar("w2", "2021-05-28", "ข", 7)]),
        _rec("w3", [_fig("w3", 7, 70)],
             [_nar("w3", "2021-04-24", "ก", 7), _nar("w3", "2021-05-28", "ข", 8)]),
    ]
    reports = {r.report_no: r for r in key_reports(recs)}
    assert [x.value for x in reports[8].readings["report_date"]] == ["2021-05-28"] * 3
    assert {x.value for x in reports[7].readings["narrative"]} == {"ก"}
    assert len(reports[7].readings["progress_pct"]) == 3


def test_an_unpaired_misread_date_joins_the_report_of_its_nearest_date():
    recs = [
        _rec("w1", [_fig("w1", 5, 30)], [_nar("w1", "2021-02-26", "ก", 5)]),
        _rec("w2", [], [_nar("w2", "2021-02-28", "ก", None)]),
    ]
    (rep,) = key_reports(recs)
    assert rep.report_no == 5
    assert sorted(x.value for x in rep.readings["report_date"]) == ["2021-02-26", "2021-02-28"]


def test_an_unpaired_date_fills_the_gap_in_report_numbers_by_time_order():
    recs = [
        _rec("w1", [_fig("w1", 1, 5), _fig("w1", 3, 25)],
             [_nar("w1", "2020-10-26", "ก", 1), _nar("w1", "2020-11-25", "ข", None), _nar("w1", "2020-12-25", "ค", 3)]),
    ]
    reports = {r.report_no: r for r in key_reports(recs)}
    assert reports[2].readings["narrative"][0].value == "ข"


def test_a_substituted_token_is_its_own_stretch_not_merged_with_its_neighbour():
    segs = segment_alignment([["นาย", "วรวิทย์", " ", "เทียงธรรม"], ["นาย", "วรวิฒิ", " ", "เทียงธรรม"], ["นาย", "วรวิทย์", " ", "เทียงธรรม"]])
    assert ("วรวิทย์", "วรวิฒิ", "วรวิทย์") in segs
    assert segs[0] == ("นาย",) * 3


def test_a_misread_marker_follows_its_narratives_date_into_the_right_report():
    good = [_rec(w, [_fig(w, 3, 90), _fig(w, 4, 100)],
                 [_nar(w, "2024-01-05", "ก", 3), _nar(w, "2024-02-05", "ข", 4)]) for w in ("w1", "w2")]
    misread = _rec("w3", [_fig("w3", 3, 90), _fig("w3", 6, 100)],
                   [_nar("w3", "2024-01-05", "ก", 3), _nar("w3", "2024-02-05", "ข", 6)])
    reports = {r.report_no: r for r in key_reports([*good, misread])}
    assert sorted(reports) == [3, 4]
    assert [x.witness for x in reports[4].readings["progress_pct"]] == ["w1", "w2", "w3"]


def test_a_marker_most_copies_share_is_never_moved():
    recs = [_rec(w, [_fig(w, 6, 100)], [_nar(w, "2024-02-05", "ข", 6)]) for w in ("w1", "w2")]
    recs.append(_rec("w3", [_fig("w3", 6, 100)], [_nar("w3", "2024-02-05", "ข", 4)]))
    recs.append(_rec("w4", [_fig("w4", 6, 100)], [_nar("w4", "2024-02-05", "ข", 4)]))
    recs.append(_rec("w5", [_fig("w5", 6, 100)], [_nar("w5", "2024-02-05", "ข", 4)]))
    reports = {r.report_no: r for r in key_reports(recs)}
    assert len(reports[6].readings["progress_pct"]) == 5


def test_a_tie_the_other_reports_settle_is_placed_in_turn_without_a_flag():
    # w1 pairs each narrative with the figure after it; w2 prints a figure after the next
    # report's narrative, so it pairs 28/05 with 7 and 26/06 with 8: every vote a tie,
    # each settled by the report before it (7, then 8 taken) and time order.
    recs = [
        _rec("w1", [_fig("w1", n, 10 * n) for n in (7, 8, 9)],
             [_nar("w1", "2021-04-24", "ก", 7), _nar("w1", "2021-05-28", "ข", 8), _nar("w1", "2021-06-26", "ค", 9)]),
        _rec("w2", [_fig("w2", n, 10 * n) for n in (7, 8)],
             [_nar("w2", "2021-04-24", "ก", None), _nar("w2", "2021-05-28", "ข", 7), _nar("w2", "2021-06-26", "ค", 8)]),
    ]
    reports = {r.report_no: r for r in key_reports(recs)}
    assert {n: sorted({x.value for x in reports[n].readings["report_date"]}) for n in (7, 8, 9)} == {
        7: ["2021-04-24"], 8: ["2021-05-28"], 9: ["2021-06-26"]}
    assert not any(r.warnings for r in reports.values())


def test_a_tie_with_a_misread_marker_goes_to_the_report_in_turn_not_past_a_gap():
    recs = [_rec(w, [_fig(w, n, 10 * n) for n in (1, 2, 3)],
                 [_nar(w, "2019-01-07", "ค", 3), _nar(w, "2019-02-13", "ง", {"w1": 4, "w2": 6}.get(w))])
            for w in ("w1", "w2", "w3")]
    reports = {r.report_no: r for r in key_reports(recs)}
    assert [x.value for x in reports[4].readings["report_date"]] == ["2019-02-13"] * 3
    assert 6 not in reports and not reports[4].warnings


def test_a_tie_nothing_settles_is_a_flagged_choice_that_keeps_every_date():
    # No report before it: 7 and 8 (or 1 and 2) both keep time order, and neither follows one in turn.
    for low in (7, 1):
        recs = [_rec("w1", [_fig("w1", low, 70)], [_nar("w1", "2021-04-24", "ก", low)]),
                _rec("w2", [_fig("w2", low + 1, 70)], [_nar("w2", "2021-04-24", "ก", low + 1)])]
        (report,) = key_reports(recs)
        assert report.report_no == low and len(report.readings["report_date"]) == 2
        assert any(f"report {low} or {low + 1}" in w and f"placed in {low}, the one no other date holds" in w
                   for w in report.warnings)


def test_a_tie_between_two_free_reports_with_a_gap_either_way_is_flagged():
    # Reports 3 and 6 are clear; 4 or 5 for the date between them: either leaves a gap.
    recs = [_rec(w, [_fig(w, n, 10 * n) for n in (3, 6)],
                 [_nar(w, "2021-01-05", "ก", 3), _nar(w, "2021-02-05", "ข", {"w1": 4, "w2": 5}[w]),
                  _nar(w, "2021-04-05", "ค", 6)]) for w in ("w1", "w2")]
    reports = {r.report_no: r for r in key_reports(recs)}
    assert any("report 4 or 5" in w for w in reports[4].warnings)


def test_a_date_misread_outside_the_project_holds_no_report_against_the_right_one():
    # w3 reads report 3's date with the year misread (2023 for 2021) and pairs it right;
    # w2 pairs the right date with the next report's figure.
    dates = {1: "2020-10-25", 2: "2020-12-06", 3: "2021-01-18", 4: "2021-02-17"}
    recs = []
    for w, third, paired in (("w1", "2021-01-18", 3), ("w2", "2021-01-18", 4), ("w3", "2023-01-18", 3)):
        narratives = [_nar(w, {3: third}.get(n, d), "ก", {3: paired}.get(n, n)) for n, d in dates.items()]
        recs.append(_rec(w, [_fig(w, n, 10 * n) for n in dates], narratives))
    window = ("2020-05-31", "2022-09-30")
    settled = {r.report_no: r for r in key_reports(recs, window)}
    assert sorted(x.value for x in settled[3].readings["report_date"]) == ["2021-01-18", "2021-01-18", "2023-01-18"]
    assert not any(r.warnings for r in settled.values())
    unknown = {r.report_no: r for r in key_reports(recs)}
    assert any("no choice fits the other dates" in w for w in unknown[3].warnings)


def test_a_tie_of_a_date_outside_the_project_settles_nothing():
    window = ("2020-05-31", "2022-09-30")
    recs = [_rec(w, [_fig(w, n, 10 * n) for n in (1, 2, 4)],
                 [_nar(w, "2019-01-01", "ก", {"w1": 1, "w2": 2}[w]), _nar(w, "2020-10-01", "ข", {"w1": 1, "w2": 2}[w]),
                  _nar(w, "2021-01-01", "ค", 4)]) for w in ("w1", "w2")]
    reports = {r.report_no: r for r in key_reports(recs, window)}
    assert any("2020-10-01" in w for r in reports.values() for w in r.warnings)


def test_dates_copies_paired_against_time_order_are_placed_in_time_order_and_flagged():
    """Copies that lost rows pair a later date with a marker misread ("2" for 4): by
    majority, report 2 would hold the date after report 3's. Report numbers rise with
    the dates: the pairings that keep time order place them, and the reports the copies
    disagree on are flagged, not filled with another row's text at full confidence."""
    dates = {1: "2020-10-24", 2: "2020-12-06", 3: "2021-01-05", 4: "2021-02-13", 5: "2021-03-28"}
    pairs = {"w0": {1: 1, 2: None, 3: None, 4: 2, 5: 3}, "w1": {1: 1, 2: None, 3: 3, 4: 4, 5: 5},
             "w2": {1: None, 2: 1, 3: None, 4: 2, 5: 5}}
    recs = [_rec(w, [_fig(w, n, 10 * n) for n in sorted({p for p in pair.values() if p})],
                 [_nar(w, d, f"t{n}", pair[n]) for n, d in dates.items()]) for w, pair in pairs.items()]
    reports = {r.report_no: r for r in key_reports(recs)}
    assert [reports[n].readings["narrative"][0].value for n in (3, 4, 5)] == ["t3", "t4", "t5"]
    assert {x.value for x in reports[2].readings["narrative"]} == {"t2"}
    assert reports[2].warnings and reports[4].warnings


def test_dates_every_copy_pairs_alike_stay_where_they_are_paired_though_another_date_is_split():
    """Dates 2 and 3 every copy pairs with reports 3 and 2: out of order, but a split on
    the last date is no evidence against them (the cross-checks flag the date out of
    order). A tied date the order of the others places elsewhere is flagged."""
    votes = {"2021-01-01": {1: 3}, "2021-02-01": {3: 3}, "2021-03-01": {2: 3}, "2021-04-01": {4: 2, 5: 1}}
    recs = [_rec(w, [_fig(w, n, 10 * n) for n in range(1, 6)],
                 [_nar(w, d, d, next(n for n, k in c.items() if i < sum(list(c.values())[:list(c).index(n) + 1])))
                  for d, c in votes.items()]) for i, w in enumerate(("w1", "w2", "w3"))]
    reports = {r.report_no: r for r in key_reports(recs)}
    assert [reports[n].readings["narrative"][0].value for n in (1, 2, 3, 4)] == [
        "2021-01-01", "2021-03-01", "2021-02-01", "2021-04-01"]
    from collections import Counter

    from pipeline.align import _place_voted
    split = {"2021-01-01": Counter({1: 3}), "2021-02-01": Counter({4: 2, 2: 1}), "2021-03-01": Counter({3: 3}),
             "2021-04-01": Counter({2: 2, 8: 2, 4: 1}), "2021-05-01": Counter({5: 3})}
    placed = _place_voted(split)
    assert [placed.reports[d] for d in sorted(split)] == [1, 2, 3, 4, 5]
    assert set(placed.ties) == {"2021-02-01", "2021-04-01"}


def test_a_copys_second_reading_for_one_report_is_set_aside_with_its_reason():
    recs = [_rec("w1", [_fig("w1", 8, 80)], [_nar("w1", "2021-05-28", "ข", 8), _nar("w1", "2021-05-29", "ง", 8)])]
    (rep,) = key_reports(recs)
    assert [x.value for x in rep.readings["narrative"]] == ["ข"]
    (aside,) = rep.set_aside["narrative"]
    assert aside.value == "ง" and aside.witness == "w1" and "second narrative" in aside.reason


def test_a_date_no_report_can_take_is_set_aside_in_the_nearest_report():
    # 2020-11-20 lies between reports 1 and 2, with no number free between them.
    recs = [_rec("w1", [_fig("w1", 1, 5), _fig("w1", 2, 10)],
                 [_nar("w1", "2020-10-26", "ก", 1), _nar("w1", "2020-11-25", "ข", 2), _nar("w1", "2020-11-02", "ค", None)])]
    reports = {r.report_no: r for r in key_reports(recs)}
    assert sorted(reports) == [1, 2]
    assert [a.value for a in reports[1].set_aside["report_date"]] == ["2020-11-02"]
    assert "fits no report" in reports[1].set_aside["narrative"][0].reason


def test_a_date_after_every_placed_report_is_numbered_on_as_a_flagged_guess():
    recs = [_rec("w1", [_fig("w1", 1, 5), _fig("w1", 2, 10)],
                 [_nar("w1", "2020-10-26", "ก", 1), _nar("w1", "2020-11-25", "ข", 2), _nar("w1", "2020-12-30", "ค", None)])]
    reports = {r.report_no: r for r in key_reports(recs)}
    assert reports[3].readings["narrative"][0].value == "ค"
    assert any("numbered 3 by time order, a guess" in w for w in reports[3].warnings)


def test_a_report_a_copy_skipped_between_two_it_has_is_flagged():
    recs = [_rec("w1", [_fig("w1", n, 10 * n) for n in (1, 2, 3)]),
            _rec("w2", [_fig("w2", n, 10 * n) for n in (1, 3)])]
    reports = {r.report_no: r for r in key_reports(recs)}
    assert reports[2].warnings == ["copy w2 has reports 1 and 3 but yielded no value for report 2"]
    assert not reports[1].warnings and not reports[3].warnings
    unread = Figure(2, None, None, None, None, unread=(("spent_baht", W),))  # its row printed, its amount unread
    recs[1] = _rec("w2", [_fig("w2", 1, 10), unread, _fig("w2", 3, 30)])
    reports = {r.report_no: r for r in key_reports(recs)}
    assert reports[2].warnings == ["copy w2 has reports 1 and 3 but yielded no value for report 2"]
    assert reports[2].witnesses == {"w1", "w2"} and reports[2].read_by == {"w1"}


def test_dates_of_a_copy_that_lost_every_figure_are_numbered_by_time_and_flagged():
    recs = [_rec("w1", [], [_nar("w1", "2020-11-25", "ข", None), _nar("w1", "2020-10-26", "ก", None)])]
    reports = {r.report_no: r for r in key_reports(recs)}
    assert [reports[n].readings["narrative"][0].value for n in (1, 2)] == ["ก", "ข"]
    assert all("a guess" in w for n in (1, 2) for w in reports[n].warnings)

def test_insertion_between_matched_tokens_is_a_disagreement():
    """Every token of the stretch "bc" is matched in the third copy, yet that copy has
    "X" between them: the stretch is disputed, not unanimous."""
    a, c = ["a", "b", "c", "d"], ["a", "b", "X", "c", "d"]
    assert segment_alignment([a, list(a), c]) == [("a",) * 3, ("bc", "bc", "bXc"), ("d",) * 3]


def test_every_copy_reads_back_from_its_column():
    """Joining a copy's text over the stretches gives that copy's whole text, whatever
    the tokens do (splits, insertions, deletions, substitutions)."""
    copies = [["ab", "c", " ", "de", "f"], ["a", "bc", " ", "de"], ["ab", "c", "x", " ", "d", "e", "f"], ["c", " ", "def"]]
    segs = segment_alignment(copies)
    assert ["".join(seg[i] for seg in segs) for i in range(len(copies))] == ["".join(t) for t in copies]
    assert not any(len(set(s)) == 1 and len(set(t)) == 1 for s, t in zip(segs, segs[1:]))


def test_a_report_whose_number_no_copy_read_needs_review():
    """Every copy counted on to report 5 past broken markers: a row lost on the way
    would have shifted it, so the report's values are doubted; one copy that read the
    number is enough."""
    def counted(wid, n, pct, read=False):
        return replace(_fig(wid, n, pct), counted=not read)

    recs = [_rec(w, [_fig(w, 4, 50), counted(w, 5, 80)]) for w in ("w1", "w2")]
    reports = {r.report_no: r for r in key_reports(recs)}
    assert reports[5].warnings == ["no copy read report 5's number: it was counted on from the rows before it, "
                                   "which a row lost on the way would shift"]
    assert reports[4].warnings == []
    recs.append(_rec("w3", [_fig("w3", 4, 50), _fig("w3", 5, 80)]))
    assert {r.report_no: r for r in key_reports(recs)}[5].warnings == []
