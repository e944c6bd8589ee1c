import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import normalize_text

THAI = st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B)
TEXT = st.text(st.one_of(THAI, st.sampled_from(" \t\u00a0\u200b0123456789ABC.:/-()")), max_size=60)


def test_sara_am_is_kept_whole_never_decomposed():
    assert normalize_text("ทำ") == "ทำ"
    assert "\u0e4d" not in normalize_text("ปานขำ")
    # NFKC would have produced NIKHAHIT + SARA AA; we must not.
    assert unicodedata.normalize("NFKC", "ำ") != "ำ"


def test_tesseract_style_nikhahit_sara_aa_becomes_sara_am():
    assert normalize_text("ทํางาน") == "ทำงาน"


def test_a_mai_tho_tesseract_doubled_before_sara_aa_is_the_nikhahit_of_sara_am():
    """Tesseract reads น้ำ as "น้้า"; dropping the copy would leave the real word น้า."""
    from pipeline.normalize import normalize_ocr_text

    assert normalize_ocr_text("ระบายน\u0e49\u0e49\u0e32") == "ระบายน้ำ"
    assert normalize_ocr_text("ซ\u0e49\u200b\u0e49\u0e32") == "ซ้ำ"
    assert normalize_ocr_text("หน้า น้า ข้าว ๒๕๖๔") == "หน้า น้า ข้าว 2564"
    assert normalize_ocr_text("ค\u0e48\u0e48\u0e32") == "ค่า"  # only MAI THO was ever seen doubled so


def test_sara_am_tesseract_read_as_sara_aa_then_nikhahit_is_sara_am():
    """TlwgMono-Bold's SARA AM comes out of Tesseract as SARA AA + NIKHAHIT, an order
    Thai never writes; a NIKHAHIT over a letter (Pali "สํ") and SARA AA alone stay."""
    from pipeline.normalize import normalize_ocr_text

    assert normalize_ocr_text("ด\u0e32\u0e4dเนินการ") == "ดำเนินการ"
    assert normalize_ocr_text("น\u0e49\u0e32\u0e4d") == "น้ำ"
    assert normalize_ocr_text("น\u0e49\u0e49\u0e32\u0e4d") == "น้ำ"  # a MAI THO doubled too: the pair first
    assert normalize_ocr_text("ส\u0e4dกฤต มาก") == "ส\u0e4dกฤต มาก"


def test_a_doubled_mark_a_person_typed_is_dropped_not_repaired():
    assert normalize_text("ค\u0e48\u0e48\u0e32ใช้จ่าย หน\u0e49\u0e49\u0e32") == "ค่าใช้จ่าย หน้า"


def test_double_sara_e_becomes_sara_ae():
    assert normalize_text("เเม่") == "แม่"


def test_thai_digits_become_arabic():
    assert normalize_text("๒๕๖๓") == "2563"
    assert normalize_text("๕๐๒๑๐๐๐๐-๓๔๙๑") == "50210000-3491"


def test_whitespace_zero_width_and_nbsp_collapse():
    assert normalize_text("  ชื่อ\u00a0\u00a0โครงการ\u200b \t ก ") == "ชื่อ โครงการ ก"


def test_tone_mark_order_is_canonical():
    # Tone mark typed before the upper vowel: the same word once normalised.
    assert normalize_text("ที่") == normalize_text("ท" + "\u0e48" + "\u0e35")


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_normalisation_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_result_is_nfc_with_single_spaces(text):
    out = normalize_text(text)
    assert unicodedata.is_normalized("NFC", out)
    assert "  " not in out and out == out.strip()


def test_folding_marks_makes_the_forms_wording_match_what_ocr_dropped():
    from pipeline.normalize import fold_marks, fold_with_map

    assert fold_marks("รายงานครั้งที่") == fold_marks("รายงานครงท") == "รายงานครงท"
    assert fold_marks("ความก้าวหน้า") == fold_marks("ความกาวหนา")
    assert fold_marks("งบประมาณ") == fold_marks("งบประมาณ") and fold_marks("ทำ") == "ทา"
    text = "(ครั้งที่ 7) = 0"
    flat, keep = fold_with_map(text)
    start = flat.index("ครงท")
    assert flat == fold_marks(text) and len(keep) == len(flat) + 1 and keep[-1] == len(text)
    assert text[keep[start]:keep[start + 4]] == "ครั้งที่" and text[keep[start + 4]:keep[len(flat)]] == " 7) = 0"


@settings(max_examples=200)
@given(st.text(alphabet=st.sampled_from("กขคงรนมา ่้๊๋ัิีึืุูำ็์ํ()=:1\U0001f600")))
def test_fold_with_map_folds_as_fold_marks_and_maps_each_character_back(text):
    from pipeline.normalize import fold_marks, fold_with_map

    flat, keep = fold_with_map(text)
    assert flat == fold_marks(text) and keep[-1] == len(text) and keep == sorted(set(keep))
    assert all(fold_marks(text[keep[i]:keep[i + 1]]) == flat[i] for i in range(len(flat)))
    assert fold_marks(text[:keep[0]]) == ""  # only marks before the first folded character


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from("ab().:-|*;{}_'\" \n\tก่ำ1\u0e31ๆ฿“")))
def test_trim_leaves_what_one_pass_of_start_or_end_pattern_leaves(text):
    import regex

    from pipeline.normalize import trim

    for before, after in (("[^\\w(]+", "[^\\w)]+"), ("[\\s.:*|;{}_'\"]+", "[\\s*|;{}_'\"]+")):
        once = regex.sub(f"^{before}|{after}$", "", text)
        assert trim(text, regex.compile(before), regex.compile(f"(?r){after}")) == once
