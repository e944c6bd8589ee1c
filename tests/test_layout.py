from pipeline.layout import cells


def test_markdown_bold_and_escaped_stars_are_removed_from_a_title():
    assert cells("**\\*\\* แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ \\*\\***") == [
        "แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ"
    ]


def test_markdown_heading_marks_are_removed():
    assert cells("### 1.4 วัตถุประสงค์ของโครงการ") == ["1.4 วัตถุประสงค์ของโครงการ"]


def test_tab_row_gives_one_cell_per_column_and_drops_empty_cells():
    assert cells("รหัสโครงการ... : 50210000-3491\tปีงบประมาณ พ.ศ. : 2564\t") == [
        "รหัสโครงการ... : 50210000-3491",
        "ปีงบประมาณ พ.ศ. : 2564",
    ]


def test_p_cells_are_split_and_tags_removed():
    row = "รายงานครั้งที่5\t<p>:: ความก้าวหน้า = 25.00 %</p> <p>:: 26/02/2564 : เครือข่าย</p>"
    assert cells(row) == ["รายงานครั้งที่5", ":: ความก้าวหน้า = 25.00 %", ":: 26/02/2564 : เครือข่าย"]


def test_escaped_placeholder_stars_inside_a_value_survive_as_text():
    out = cells("ประเด็นยุทธศาสตร์ : \\*\\*\\*\\* การปฏิบัติงาน \\*\\*\\*\\*")
    assert out == ["ประเด็นยุทธศาสตร์ : **** การปฏิบัติงาน"]


def test_html_entities_are_unescaped():
    assert cells("ก &amp; ข") == ["ก & ข"]


def test_blank_and_star_only_lines_give_no_cells():
    assert cells("   ") == [] and cells("\\*\\*\\*") == []
