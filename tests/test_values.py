import regex

from pipeline.values import (
    clean_agency,
    parse_be_year,
    parse_date,
    parse_money,
    parse_percent,
    parse_person,
    parse_project_code,
    split_person,
)

TITLES = ("นางสาว", "น.ส.", "นาง", "นาย")
PHONE = regex.compile(r"โทร\S{0,5}")


def test_project_code_plain_and_repaired():
    assert parse_project_code("50210000-3491") == "50210000-3491"
    assert parse_project_code("5O21OOOO - 349l") == "50210000-3491"
    assert parse_project_code("502100003491") == "50210000-3491"
    assert parse_project_code("5021 0000 - 3491") == "50210000-3491"
    assert parse_project_code("5021000-3491") is None
    assert parse_project_code(":79355878:6508") == "79355878-6508"  # a dash printed too dark reads as a colon
    assert parse_project_code("รหัสโครงการ : 3972767105066") == "39727671-5066"  # ... or, on thin paper, as a digit


def test_be_year():
    assert parse_be_year("ปีงบประมาณ พ.ศ. : 2564") == 2564
    assert parse_be_year("2021") is None


def test_dates_in_every_printed_form_become_iso_ce():
    assert parse_date("2020-10-01 00:00:00") == "2020-10-01"
    assert parse_date("26/10/2563") == "2020-10-26"
    assert parse_date("4 มกราคม 2564") == "2021-01-04"
    assert parse_date("4 ม.ค. 2564") == "2021-01-04"
    assert parse_date("31/02/2564") is None
    assert parse_date("ไม่มีวันที่") is None


def test_a_table_cells_date_whose_slash_ocr_lost_or_read_as_a_seven_is_read():
    from pipeline.values import cell_date_repaired, parse_cell_date

    assert parse_cell_date("15/022565") == parse_cell_date("15 / 02 2565") == "2022-02-15"
    assert parse_cell_date("26 / 10/2563") == "2020-10-26"
    assert parse_cell_date("1/12564") is None  # a one-digit month: which digits are the year is unknown
    assert parse_cell_date("15/0225651") is None and parse_cell_date("15/021234") is None
    assert parse_cell_date("07701/2565") == parse_cell_date("07/0172565") == "2022-01-07"  # a slash read as a 7
    assert parse_cell_date("3171272563") == "2020-12-31"  # both slashes read as 7s
    assert parse_cell_date("3171372563") is None  # no month 13
    assert parse_cell_date("77701/2565") is None  # no day 77: no slash to put back
    assert cell_date_repaired("07701/2565") and cell_date_repaired("15/022565") and cell_date_repaired("3171272563")
    assert not cell_date_repaired("26 / 10/2563") and not cell_date_repaired("77701/2565")


def test_money_with_separators_and_suffixes():
    assert parse_money("270,000 บาท") == 270000
    assert parse_money("90,000.- บาท") == 90000
    assert parse_money("= 355.000 บาท") == 355000 and parse_money("1.250.000") == 1250000
    assert parse_money("12.50 บาท") == 12.5
    assert parse_money("545 000 บาท") == 545000  # the thousands comma read as a space
    assert parse_money("330, 000 บาท") == 330000 and parse_money(": 1, 250, 000 บาท") == 1250000  # a space after it
    assert parse_money("330, 000") == 330000 and parse_money("180, 200 คน") == 180
    assert parse_money("2563, 100 บาท") == 2563  # four digits before a comma are no thousands group
    assert parse_money("1 500 000") == 1500000 and parse_money("180,000 200 คน") == 180000
    assert parse_money("1,234.50 บาท") == 1234.5
    assert parse_money("บาท") is None


def test_percent_range_and_decimal_comma():
    assert parse_percent("25.00 %") == 25
    assert parse_percent("12,5") == 12.5
    assert parse_percent("180") is None


def test_person_name_title_and_phone():
    assert parse_person("น.ส.ณัฐพิมล สิริภักดิ์กุล โทร 6628", TITLES, PHONE) == ("น.ส.ณัฐพิมล สิริภักดิ์กุล", "6628")
    assert parse_person("นาย วรวิทย์  เทียงธรรม โทร. 1512", TITLES, PHONE) == ("นายวรวิทย์ เทียงธรรม", "1512")
    assert parse_person("นางสาวกานดา ใจดี", TITLES, PHONE) == ("นางสาวกานดา ใจดี", None)


def test_split_person_gives_title_given_space_family():
    assert split_person("นายวรวิทย์ เทียงธรรม", TITLES) == ["นาย", "วรวิทย์", " ", "เทียงธรรม"]


def test_agency_spacing_is_canonical():
    assert clean_agency("สำนักงานเขตภาษีเจริญ/ฝ่ายการศึกษา /  ฝ่ายการศึกษา") == (
        "สำนักงานเขตภาษีเจริญ / ฝ่ายการศึกษา / ฝ่ายการศึกษา"
    )



def test_the_tail_after_an_agency_part_is_the_shortest_that_leaves_an_entry():
    from pipeline.values import is_specks, part_speck

    entries = {"สำนักงานเขตดุสิต", "ฝ่ายโยธา", "ฝ่ายโยธา 2"}.__contains__
    assert part_speck("ฝ่ายโยธา,", entries) == ("ฝ่ายโยธา", ",")
    assert part_speck("ฝ่ายโยธา 7", entries) == ("ฝ่ายโยธา", " 7")
    assert part_speck("ฝ่ายโยธา | Rs", entries) == ("ฝ่ายโยธา", " | Rs")
    assert part_speck("ฝ่ายโยธา 2,", entries) == ("ฝ่ายโยธา 2", ",")
    for part in ("ฝ่ายโยธา 2", "ฝ่ายโยธี 7", "ฝ่ายโยธา ก", "ฝ่ายโยธา 2564", "ฝ่ายโยธา7"):
        assert part_speck(part, entries) is None, part
    assert is_specks(" ,;|") and not is_specks(" 7") and not is_specks("ก")


def test_specks_after_the_last_word_are_no_text_even_when_read_as_letters():
    from pipeline.values import without_loose_specks

    assert without_loose_specks("เรียบร้อยแล้ว —") == "เรียบร้อยแล้ว"
    # After a table's rule, letters OCR made of the smudge: Latin or a Thai letter with a dot.
    assert without_loose_specks("เรียบร้อยแล้ว | oe") == without_loose_specks("เรียบร้อยแล้ว | | ย.") == "เรียบร้อยแล้ว"
    assert without_loose_specks("เรียบร้อยแล้ว ก | a") == "เรียบร้อยแล้ว"  # a lone letter left alone at the end
    for text in ("ดำเนินการครั้งที่ 2", "แล้ว | สรุปผล", "ฯลฯ"):
        assert without_loose_specks(text) == text


def test_a_lone_thai_letter_or_mark_glued_to_specks_after_the_last_word_is_a_speck():
    from pipeline.values import without_loose_specks

    for text, kept in (("เรียบร้อยแล้ว :ะ", "เรียบร้อยแล้ว"), ("อนุมัติโครงการฯ .:ะ", "อนุมัติโครงการฯ"),
                       ("จำนวน 125,000 บาท ย,", "จำนวน 125,000 บาท"), ("เรียบร้อยแล้ว , ะ", "เรียบร้อยแล้ว"),
                       ("เวลา 10.00 น. :", "เวลา 10.00 น."), ("โรงเรียนวัดหัวลำโพง-", "โรงเรียนวัดหัวลำโพง")):
        assert without_loose_specks(text) == kept, text
    # A consonant with a full stop is an abbreviation ("10.00 น.": o'clock), a letter between
    # quotes and a word of two letters or more are words, ฯ and ๆ alone are words, and an
    # amount in words stands between dashes.
    for text in ("เวลา 10.00 น.", "ปี พ.ศ.", "ภาคเรียนที่ 1 ก.", "แล้ว ฯ", "ทำ ๆ", "ในชุมชน ยก", "500.-", "ครั้งที่ 2-3",
                 'แบ่งเป็นกลุ่ม "ก" และกลุ่ม "ข"', "เรียกว่า 'ก'", "จำนวน 500 บาท -ห้าร้อยบาทถ้วน-",
                 "จำนวน 500 บาท -ห้าร้อย บาทถ้วน-"):
        assert without_loose_specks(text) == text, text


def test_a_lone_letter_where_another_copy_reads_a_mark_that_ends_the_word_is_that_mark():
    """A print that breaks lines between words may carry ฯ or ๆ alone onto the next line,
    where OCR reads it as a letter; without_loose_specks drops that letter as a speck."""
    from pipeline.values import without_loose_specks, word_marks_read_as_letters

    def mended(*read: str) -> list[str]:
        return word_marks_read_as_letters(read, [without_loose_specks(t) for t in read])

    assert mended("ขออนุมัติโครงการฯ", "ขออนุมัติโครงการ ง", "ขออนุมัติโครงการ ด") == ["ขออนุมัติโครงการฯ"] * 3
    assert mended("ทำเป็นระยะๆ", "ทำเป็นระยะ จ") == ["ทำเป็นระยะๆ"] * 2
    assert mended("ดำเนินการต่าง ง", "ดำเนินการต่าง ๆ") == ["ดำเนินการต่าง ๆ"] * 2  # set apart as that copy sets it
    assert mended("ขออนุมัติโครงการฯ", "ขออนุมัติโครงการ ง |")[1] == "ขออนุมัติโครงการฯ"  # specks after the letter
    # No copy reads the mark, the phrase before it reads otherwise (a word that ends alike
    # is another word), a copy read the phrase with nothing after it, the letter stands in
    # the text, or copies read both marks: nothing says which glyph.
    assert mended("ขออนุมัติโครงการ ง", "ขออนุมัติโครงการ ด") == ["ขออนุมัติโครงการ"] * 2
    assert mended("ขออนุมัติโครงการฯ", "ขออนุมัติโครงกา ง") == ["ขออนุมัติโครงการฯ", "ขออนุมัติโครงกา"]
    assert mended("ขออนุมัติโครงการ ง", "ขออนุมัติโครงการ", "ปรับปรุงโครงการฯ")[0] == "ขออนุมัติโครงการ"
    assert mended("ขออนุมัติโครงการ ง", "ปรับปรุงโครงการฯ")[0] == "ขออนุมัติโครงการ"
    assert mended("ขออนุมัติโครงการ ง", "ขออนุมัติโครงการฯ", "ขออนุมัติโครงการ")[0] == "ขออนุมัติโครงการ"
    assert mended("ขออนุมัติโครงการฯ", "ขออนุมัติโครงการ ง แล้ว")[1] == "ขออนุมัติโครงการ ง แล้ว"
    assert mended("ทำโครงการฯ", "ทำโครงการๆ", "ทำโครงการ ง")[2] == "ทำโครงการ"


def test_an_amount_of_baht_whose_thousands_ocr_set_off_by_a_full_stop_is_written_with_commas():
    from pipeline.values import clean_text_value

    assert clean_text_value("จำนวน 305.000 บาท") == "จำนวน 305,000 บาท"
    assert clean_text_value("จำนวน 1.250.000 บาท") == "จำนวน 1,250,000 บาท"
    assert clean_text_value("จำนวน 1.250.50 บาท") == "จำนวน 1,250.50 บาท"
    assert clean_text_value("จำนวน 305.000.- บาท") == "จำนวน 305,000.- บาท"
    for kept in ("จำนวน 1,250.50 บาท", "งบ 2.5 บาท", "ระยะ 1.500 กม.", "ข้อ 1.100 คน", "ราคา 0.500 บาท",
                 "ข้อ 2.1.100 บาท"):
        assert clean_text_value(kept) == kept


def test_a_run_of_specks_after_a_name_is_cleaned_in_linear_time():
    """Junk tokens after a name are matched whole, one way each: a line of table rules
    read after a name with text behind them takes no time to reject."""
    import time

    from pipeline.template import load_template
    from pipeline.values import without_name_debris

    titles = load_template().person_titles
    started = time.process_time()
    for tail in (" |" * 2000 + " abc", " -" * 2000 + " Abc"):
        assert without_name_debris("นายสมชาย ใจดี" + tail, titles).endswith(tail[-3:])
    assert without_name_debris("นายสมชาย ใจดี" + " |" * 2000, titles) == "นายสมชาย ใจดี"
    assert time.process_time() - started < 5  # exponential backtracking takes minutes at 30 specks


def test_a_word_of_specks_between_a_given_and_a_family_name_is_no_part_of_the_name():
    from pipeline.template import load_template
    from pipeline.values import without_name_debris

    titles = load_template().person_titles
    assert without_name_debris("นายรักชาติ ' ไชยพันธุ์", titles) == "นายรักชาติ ไชยพันธุ์"
    assert without_name_debris("นายรักชาติ | , ไชยพันธุ์", titles) == "นายรักชาติ ไชยพันธุ์"
    assert without_name_debris("นายจักรกฤษ์ [ ฮวดศิริ", titles) == "นายจักรกฤษ์ ฮวดศิริ"  # a bracket with no partner
    assert without_name_debris("นายสมชาย ใจดี ( ผอ.เขต", titles) == "นายสมชาย ใจดี ( ผอ.เขต"  # a note, its ")" lost
    for kept in ("นายก. ไก่ ใจดี", "นางสาวสมศรี ณ อยุธยา", "Mr. John Smith", "นายสมชาย ใจดี / นางสมศรี ใจดี",
                 "นายสมชาย ใจดี & นางสมศรี ใจดี", "นายสมชาย ใจดี ( ผอ.เขต )"):
        assert without_name_debris(kept, titles) == kept


def test_a_tail_of_short_latin_and_digit_words_after_the_last_thai_word_is_junk():
    from pipeline.values import junk_tail

    assert junk_tail("เรียบร้อยแล้ว 2” 27 ad «a y") == " 2” 27 ad «a y"
    assert junk_tail("เรียบร้อยแล้ว y ม7 ad «a 24") == " y ม7 ad «a 24"  # a Thai letter glued to a digit
    assert junk_tail("เรียบร้อยแล้ว , a") == " , a"
    assert junk_tail("เรียบร้อยแล้ว 27 a «a 27") == " 27 a «a 27"  # "a" after a figure may be amperes; "«a" is no unit
    for kept in ("ค่าฝุ่น PM 2.5", "ผ่านระบบ e-GP", "โครงการ Smart City", "ผู้เข้าร่วม 200 คน", "ค่า pH 7",
                 "เรียบร้อยแล้ว F", "แล้ว py ม7 al a เท", "ad a y",
                 # units after a figure, a shape's sides, and words a report prints
                 "ขนาด 6 x 120 ม.", "ระยะ 2.5 km.", "ค่า 0.2 - 0.5 ppm", "ความเร็ว 30 km / h", "ขนาด 120 sq m",
                 "หลอด LED 36 w", "กล้อง cctv 4 ch", "ผล 80 % ok", "ไฟล์ 1 ( pdf )", "ชั้น ป.1 - ป.6 (k)"):
        assert junk_tail(kept) == "", kept


def test_a_letter_after_a_word_that_takes_one_as_its_label_is_no_speck():
    from pipeline.values import without_loose_specks

    assert without_loose_specks("ได้รับอนุญาตระดับ ค") == "ได้รับอนุญาตระดับ ค"
    assert without_loose_specks("ได้รับอนุญาตระดับ ค |") == "ได้รับอนุญาตระดับ ค"
    assert without_loose_specks("ดำเนินการเรียบร้อยแล้ว ก | a") == "ดำเนินการเรียบร้อยแล้ว"
