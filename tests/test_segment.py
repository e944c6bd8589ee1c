from pipeline.ingest import text_lines
from pipeline.segment import HeadingMatcher, split_number, split_witnesses


def lines(text: str, source: str = "s.txt"):
    return text_lines(text, source)


def test_split_number():
    assert split_number("1.6 สนับสนุน") == ("1.6", "สนับสนุน")
    assert split_number("1. ชื่อโครงการ") == ("1", "ชื่อโครงการ")
    assert split_number("1,6 สนับสนุน") == ("1.6", "สนับสนุน")
    assert split_number("หลักการ") == (None, "หลักการ")


def test_headings_with_ocr_errors_are_recognised(template):
    m = HeadingMatcher(template)
    damaged = "1.6 สันนิษฐานแผนพัฒนา กทม. ระยะ 20 ปี (ยุทธศาสตร์-ประเด็นยุทธศาสตร์-กลยุทธ์ตามแผนฯ /ตัวชี้วัด)"
    assert m.section(damaged).id == "strategy"
    assert m.section("1.5 เป้าหมายของโครงการ..").id == "targets"
    assert m.section("หลักการและเหตุผล").id == "principle"


def test_content_lines_are_not_headings(template):
    m = HeadingMatcher(template)
    assert m.section("หน่วยงานที่รับผิดชอบ. : สำนักงานเขตภาษีเจริญ") is None
    assert m.section("3. ครูดีเด่นมีคุณภาพตามเกณฑ์ที่กำหนด") is None
    assert m.section("1. เพื่อพัฒนาคุณภาพโรงเรียนในสังกัดสำนักงานเขตภาษีเจริญ") is None


def test_title_is_a_page_header(template):
    m = HeadingMatcher(template)
    assert m.is_title("แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ")
    assert m.is_title("แบบแสดงรายงานความก้าวหนัาและข้อมูลเกี่ยวกับโครงการ")
    assert not m.is_title("1.3 หลักการและเหตุผล")


COPY = """แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ
1. ชื่อโครงการและหน่วยงานที่รับผิดชอบโครงการ
1.1 รหัสโครงการและชื่อโครงการ
รหัสโครงการ : 50210000-3491
1.3 หลักการและเหตุผล
บรรทัดแรก
แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ
บรรทัดที่สอง
2. รายงานความก้าวหน้าของโครงการและการใช้จ่ายงบประมาณ
รายงานครั้งที่1 :: 26/10/2563 : ข้อความ
"""


def test_repeated_page_title_does_not_start_a_copy_and_is_dropped(template):
    ws = split_witnesses(lines(COPY), template)
    assert len(ws) == 1
    assert [ln.text for ln in ws[0].sections["principle"]] == ["บรรทัดแรก", "บรรทัดที่สอง"]


def test_going_back_to_an_earlier_section_starts_a_new_copy(template):
    ws = split_witnesses(lines(COPY + COPY.replace("1. ชื่อโครงการและหน่วยงานที่รับผิดชอบโครงการ\n", "")), template)
    assert [w.id for w in ws] == ["s.txt#1", "s.txt#2"]
    assert ws[1].start.line == 12  # the 1.1 heading of the copy whose "1." line was lost


def test_seed_holds_four_copies_with_every_section(template, seed_text):
    ws = split_witnesses(lines(seed_text, "seed.txt"), template)
    assert len(ws) == 4
    wanted = {"identity", "agency", "principle", "objectives", "targets", "strategy", "progress"}
    for w in ws:
        assert wanted <= set(w.sections)


def test_lines_before_the_first_heading_belong_to_no_copy(template):
    ws = split_witnesses(lines("ปก\nหน้าปก\n" + COPY), template)
    assert len(ws) == 1
    assert all("ปก" not in ln.text for sec in ws[0].sections.values() for ln in sec)


def test_two_files_with_the_same_name_give_distinct_witness_ids(template, seed_text):
    from pipeline.ingest import text_lines

    lines = [*text_lines(seed_text, "box1/scan.txt"), *text_lines(seed_text, "box2/scan.txt")]
    ids = [w.id for w in split_witnesses(lines, template)]
    assert len(ids) == len(set(ids)) == 8
    assert ids[:4] == [f"scan.txt#{n}" for n in range(1, 5)]
    assert ids[4:] == [f"box2/scan.txt#{n}" for n in range(1, 5)]
