from pipeline.mark_lines import _better, _same_line, _split_line, mark_strips
from pipeline.model import OcrLine

LINE = OcrLine("ชือผู้รับผิดชอบ : นายประภาสิริ", 0.93, (245, 1498, 1779, 1569))


def test_a_thin_line_of_junk_on_the_top_of_a_line_is_a_strip_of_its_marks():
    strip = OcrLine("a 2” 33 za aA a", 0.68, (247, 1475, 1290, 1524))
    above = OcrLine("1.2 หน่วยงานที่รับผิดชอบ", 0.95, (245, 1390, 984, 1450))
    assert mark_strips([above, strip, LINE]) == {2: [1]}
    inside = OcrLine("='", 0.45, (446, 1505, 470, 1518))  # a mark read apart inside the line's own box
    assert mark_strips([strip, inside, LINE]) == {2: [0, 1]}


def test_print_set_tight_above_a_line_is_no_strip_of_marks():
    amount = OcrLine("125,000 บาท", 0.94, (250, 1470, 600, 1510))
    word = OcrLine("บาท ;", 0.85, (250, 1470, 600, 1510))
    assert mark_strips([amount, LINE]) == {} and mark_strips([word, LINE]) == {}
    tall = OcrLine("a a", 0.6, (250, 1440, 600, 1510))  # as tall as a line: no strip of marks
    beside = OcrLine("a a", 0.6, (1900, 1480, 2100, 1510))  # beyond the line's end
    apart = OcrLine("a a", 0.6, (250, 1460, 600, 1495))  # ends above the line, nothing of it on it
    assert mark_strips([tall, LINE]) == {} and mark_strips([beside, LINE]) == {} and mark_strips([apart, LINE]) == {}


def test_a_re_read_replaces_the_line_only_when_it_reads_the_same_letters_with_its_marks():
    assert _better(LINE, LINE._replace(text="ชื่อผู้รับผิดชอบ : นายประภาสิริ", confidence=0.94))
    assert not _better(LINE, None)
    assert not _better(LINE, LINE._replace(text="ชื่อผู้รับ 2 เว ww", confidence=0.94))  # other letters
    assert not _better(LINE, LINE._replace(text="ชอผรบผดชอบ : นายประภาสร", confidence=0.94))  # marks lost
    assert not _better(LINE, LINE._replace(text="ชื่อผู้รับผิดชอบ : นายประภาสิริ", confidence=0.7))  # unsure


def test_a_re_read_with_other_signs_leaves_the_line_as_read_but_shows_the_strips_were_its_marks():
    row = OcrLine("รายงานครงท1 :: 21/10/2561 : อยู่ระหว่าง", 0.9, (240, 300, 1900, 370))
    reread = row._replace(text="รายงานครั้งที่1 2 21/1 0/2561 : อยู่ระหว่าง")
    assert _same_line(row, reread) and not _better(row, reread)
    assert not _same_line(row, row._replace(text="เรียบร้อยแล้ว 2 21/1 0/2561"))
    label = OcrLine("ตัวชีวัด : ร้อยละของโครงการที่ดำเนินการสำเร็จตามเป้าหมาย", 0.9, (240, 300, 1900, 370))
    syllables = label._replace(text="ตัวชี้วัด : ร้อย ละของโครงการที่ ดำ เนิน ก ารสำ เว็จ เท เม เป้ ศา ย")
    assert _same_line(label, syllables) and not _better(label, syllables)
    name = OcrLine("ชือผู้รับผิดชอบ : น.ส.วิดาภรณ์ อัดแสง", 0.9, (240, 300, 1900, 370))
    assert not _better(name, name._replace(text="ชื่อผู้รับผิดชอบ : น.ส.วิดาภรณ์ อัด แสง"))
    assert _better(name, name._replace(text="ชื่อผู้รับผิดชอบ : น.ส.วิดาภรณ์ อัดแสง"))


def _rows(*texts: str) -> list[dict[str, str]]:
    return [{"text": t} for t in texts]


def test_one_line_read_across_cut_outs_splits_back_at_their_rows():
    pieces = [_rows("ชื่อ", "ผู้รับ"), _rows("1.2", "หน่วยงาน")]
    assert _split_line("ชื่อ ผู้รับ   1.2 หน่วยงาน", pieces) == ["ชื่อ ผู้รับ", "1.2 หน่วยงาน"]
    assert _split_line("ชื่อ ผู้รับ 1.2 หน่วย", pieces) is None  # letters the rows do not hold


def test_cut_outs_too_wide_for_one_sheet_go_on_several():
    from pipeline.mark_lines import SHEET_WIDTH_MAX, _sheets

    assert _sheets([2000] * 3, 150) == [range(0, 3)]
    sheets = _sheets([2000] * 20, 150)
    assert [i for s in sheets for i in s] == list(range(20)) and len(sheets) == 2
    assert all(150 + sum(2150 for _ in s) <= SHEET_WIDTH_MAX for s in sheets)
    assert _sheets([], 150) == []
