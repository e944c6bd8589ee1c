import functools
import re
from pathlib import Path

import pytest

from pipeline.dictionary import load_dictionaries
from pipeline.errors import UsageError


def test_shipped_dictionaries_have_names_districts_and_form_words(dictionary):
    assert dictionary.is_known("วรวิทย์", ("person",))
    assert dictionary.is_known("ภาษีเจริญ", ("place",))
    assert dictionary.is_known("สำนักงานเขตภาษีเจริญ", ("agency",))
    assert dictionary.is_known("เป็นไปตามแผนแต่ควรติดตาม", ("word",))
    assert dictionary.is_known("แขวงบางหว้า", ("place",)) and dictionary.is_known("คูหาสวรรค์", ("place",))
    assert dictionary.is_known("วัดอ่างแก้ว", ("place",)) and dictionary.is_known("โรงเรียนวัดนิมมานรดี", ("school",))
    assert dictionary.is_known("สำนักการระบายน้ำ", ("agency",))


def test_fifty_districts_and_their_180_subdistricts():
    from pipeline.dictionary import DEFAULT_DIR

    def entries(name):
        return [ln for ln in (DEFAULT_DIR / name).read_text(encoding="utf-8").splitlines() if ln.startswith("place:")]

    assert len(entries("bangkok_districts.txt")) == 50
    assert len([e for e in entries("bangkok_subdistricts.txt") if e.startswith("place:แขวง")]) == 180


def test_every_shipped_file_names_its_source_and_licence():
    from pipeline.dictionary import DEFAULT_DIR

    for path in DEFAULT_DIR.glob("*.txt"):
        head = path.read_text(encoding="utf-8")[:600]
        assert "Source:" in head and "Licence:" in head, path.name


@functools.lru_cache(maxsize=1)
def _public_sources() -> tuple[set[str], set[str], str]:
    """pythainlp's names, its Wikipedia titles, and the form template's text."""
    from pythainlp.corpus import thai_family_names, thai_female_names, thai_male_names, thai_wikipedia_titles

    from pipeline.template import TEMPLATE_DIR

    names = {*thai_family_names(), *thai_female_names(), *thai_male_names()}
    return names, set(thai_wikipedia_titles()), (TEMPLATE_DIR / "bma_progress_report.toml").read_text(encoding="utf-8")


def _traceable(header: str, kind: str, entry: str, places: set[str]) -> bool:
    """True when `entry` of a shipped file can be found in the public source its header
    names: pythainlp's names corpora, its Wikipedia titles, the form template; or, for
    the BMA's own lists, has the shape the header declares (a district office of a
    district of the file, a department or a division)."""
    names, titles, template = _public_sources()
    if "thai-names-corpus" in header:
        return entry in names
    if "bma_progress_report.toml" in header:
        return entry in template
    bare = entry.removeprefix("แขวง").removeprefix("เขต")
    if "Wikipedia titles" in header and (entry in titles or bare in titles or f"เขต{bare}" in titles
                                         or f"แขวง{bare}" in titles or f"({bare})" in header):
        return True
    bma = "BMA" in header or "Bangkok Metropolitan Administration" in header
    declared = tuple(re.findall(r"([\u0e01-\u0e4e]+)\.\.\.", header))
    if bma and kind == "agency" and entry.startswith("สำนักงานเขต") and "สำนักงานเขต" in declared:
        return entry.removeprefix("สำนักงานเขต") in places
    if bma and kind == "agency":
        return entry.startswith(tuple(d for d in declared if d != "สำนักงานเขต"))
    return bma and kind == "place" and (f"เขต{entry}" in titles or entry in titles)


def test_every_shipped_entry_is_traceable_to_the_source_its_file_names():
    """No entry exists only because a sample reads it so: each is in the public source its
    file's header names (see _traceable); one that is not fails here by name."""
    from pipeline.dictionary import DEFAULT_DIR

    for path in sorted(DEFAULT_DIR.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        header = "\n".join(ln for ln in lines if ln.startswith("#"))
        entries = [ln.partition(":")[::2] if ":" in ln else ("word", ln) for ln in lines if ln and not ln.startswith("#")]
        places = {e for k, e in entries if k == "place"}
        untraced = [e for k, e in entries if not _traceable(header, k, e, places)]
        assert untraced == [], f"{path.name}: no source for {untraced[:5]}"


def test_user_file_types_mappings_and_comments(tmp_path):
    f = tmp_path / "mine.txt"
    f.write_text("# my list\nschool:โรงเรียนวัดอ่างแก้ว\nปานข้า -> ปานขำ\nคำธรรมดา  # trailing note\n", encoding="utf-8")
    d = load_dictionaries([f], use_default=False)
    assert d.is_known("โรงเรียนวัดอ่างแก้ว", ("school",))
    assert d.is_known("คำธรรมดา", ("word",))
    assert d.mappings == {"ปานข้า": "ปานขำ"}


def test_a_folder_stands_for_its_txt_files(tmp_path):
    (tmp_path / "a.txt").write_text("place:บางแค\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("place:ไม่อ่าน\n", encoding="utf-8")
    d = load_dictionaries([tmp_path], use_default=False)
    assert d.entries["place"] == {"บางแค"}


def test_bad_dictionary_input_is_a_usage_error_naming_file_and_line(tmp_path):
    with pytest.raises(UsageError, match="no such file"):
        load_dictionaries([tmp_path / "missing.txt"], use_default=False)
    bad = tmp_path / "bad.txt"
    bad.write_text("ok\n -> ปานขำ\n", encoding="utf-8")
    with pytest.raises(UsageError, match="line 2"):
        load_dictionaries([bad], use_default=False)
    bad.write_text("ok\nก -> ข -> ค\n", encoding="utf-8")  # else "ข -> ค" would be written into every text
    with pytest.raises(UsageError, match="line 2: a mapping needs 'WRONG -> RIGHT', one arrow"):
        load_dictionaries([bad], use_default=False)


def test_a_dictionary_saved_in_another_encoding_is_named_with_its_line(tmp_path):
    f = tmp_path / "tis620.txt"
    f.write_bytes("ok\nperson:สมชาย\n".encode("cp874"))
    with pytest.raises(UsageError, match=r"tis620.txt, line 2: not UTF-8 text \(byte 0xca\); save the file as UTF-8"):
        load_dictionaries([f], use_default=False)
    f.write_bytes(b"\xef\xbb\xbf" + "ok\nperson:สมชาย\n".encode("cp874"))  # after a byte order mark
    with pytest.raises(UsageError, match=r"tis620.txt, line 2: not UTF-8 text \(byte 0xca\)"):
        load_dictionaries([f], use_default=False)


def test_a_word_mapped_twice_or_a_one_letter_mapping_is_a_warning_naming_the_lines(tmp_path):
    f = tmp_path / "mine.txt"
    f.write_text("ปานข้า -> ปานขำ\nปานข้า -> ปานขี\nก -> ข\n", encoding="utf-8")
    d = load_dictionaries([f], use_default=False)
    assert d.mappings == {"ปานข้า": "ปานขี", "ก": "ข"}
    assert any("line 2: 'ปานข้า' was mapped to 'ปานขำ' on line 1; this line's 'ปานขี' is used" in w for w in d.warnings)
    assert any("line 3: the mapping 'ก' -> 'ข' changes that one character" in w for w in d.warnings)


def test_known_share_counts_thai_characters_in_dictionary_words(dictionary):
    assert dictionary.known_share("เครือข่ายโรงเรียน") == 1.0
    assert dictionary.known_share("ฟฟฟฟฟ") < 0.5
    assert dictionary.known_share("12345") == 0.0


def test_tokens_keep_spaces_and_know_our_names(dictionary):
    toks = dictionary.tokens("นายวรวิทย์ เทียงธรรม")
    assert " " in toks and "".join(toks) == "นายวรวิทย์ เทียงธรรม"


def test_parses_are_cached_by_content_and_an_edit_is_read_again(tmp_path, monkeypatch):
    import pipeline.dictionary as dictionary_module

    monkeypatch.setattr(dictionary_module, "PARSE_CACHE", tmp_path / "cache")
    user = tmp_path / "mine.txt"
    user.write_text("person:วรวิทย์\nปานข้า -> ปานขำ\n", encoding="utf-8")
    first = load_dictionaries([user], use_default=False)
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1
    again = load_dictionaries([user], use_default=False)
    assert again.entries == first.entries and again.mappings == first.mappings == {"ปานข้า": "ปานขำ"}
    user.write_text("person:วรวิฒิ\n", encoding="utf-8")
    edited = load_dictionaries([user], use_default=False)
    assert edited.is_known("วรวิฒิ", ("person",)) and not edited.is_known("วรวิทย์")


def test_a_line_with_an_unknown_type_prefix_is_a_warning_naming_file_and_line(tmp_path, monkeypatch):
    import pipeline.dictionary as dictionary_module
    from pipeline.api import reconcile

    from conftest import SEED

    monkeypatch.setattr(dictionary_module, "PARSE_CACHE", tmp_path / "cache")
    user = tmp_path / "mine.txt"
    user.write_text("person:วรวิทย์\nfoo:bar\nเวลา 10:30\n", encoding="utf-8")
    for _ in range(2):  # parsed, then read from the parse cache
        warnings = load_dictionaries([user], use_default=False).warnings
        assert len(warnings) == 1 and f"dictionary {user}, line 2: unknown type 'foo'" in warnings[0]
        assert "person, family" in warnings[0]
    result = reconcile(SEED, dictionaries=[user])
    assert any(f"{user}, line 2" in w for w in result.warnings)


def test_an_unwritable_parse_cache_is_skipped(tmp_path, monkeypatch):
    import pipeline.dictionary as dictionary_module

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(dictionary_module, "PARSE_CACHE", blocker / "cache")
    user = tmp_path / "mine.txt"
    user.write_text("place:ภาษีเจริญ\n", encoding="utf-8")
    assert load_dictionaries([user], use_default=False).is_known("ภาษีเจริญ", ("place",))


def _mapping(tmp_path, text):
    f = tmp_path / "map.txt"
    f.write_text(text, encoding="utf-8")
    return load_dictionaries([f], use_default=False)


def test_a_mapping_replaces_the_whole_misreading_inside_free_text(tmp_path):
    d = _mapping(tmp_path, "ปานข้า -> ปานขำ\n")
    source = "โรงเรียนวัดอ่างแก้ว (จีบ ปานข้า) และ ปานข้า"
    text, applied = d.apply_mappings(source)
    assert text == "โรงเรียนวัดอ่างแก้ว (จีบ ปานขำ) และ ปานขำ"
    first = source.index("ปานข้า")
    assert [(m.wrong, m.right, m.at) for m in applied] == [
        ("ปานข้า", "ปานขำ", first), ("ปานข้า", "ปานขำ", source.index("ปานข้า", first + 1))]


def test_a_mapping_never_splits_a_thai_cluster_and_prefers_the_longest_match(tmp_path):
    d = _mapping(tmp_path, "ระบายน้ -> ระบายน้ำ\nน้า -> น้ำ\nระบายน้า -> ระบายน้ำ\n")
    assert d.apply_mappings("ระบายน้ำ")[0] == "ระบายน้ำ"
    assert _mapping(tmp_path, "ดิน -> ดีน\n").apply_mappings("เดิน ดิน")[0] == "เดิน ดีน"
    text, applied = d.apply_mappings("ระบบระบายน้า")
    assert text == "ระบบระบายน้ำ" and [m.wrong for m in applied] == ["ระบายน้า"]


def test_no_mapping_no_change(dictionary):
    assert dictionary.apply_mappings("จีบ ปานข้า") == ("จีบ ปานข้า", ())


def test_phrase_by_phrase_tokens_match_newmm_within_each_phrase(dictionary, seed_text):
    from pythainlp.tokenize import word_tokenize

    for line in [ln for ln in seed_text.splitlines() if ln.strip()][:400]:
        line = " ".join(line.split())
        tokens = dictionary.tokens(line)
        assert "".join(tokens) == line
        phrases = [t for t in line.split(" ")]
        words = [t for t in tokens if t != " "]
        expected = [w for p in phrases for w in word_tokenize(p, custom_dict=dictionary.trie, engine="newmm")]
        assert words == expected, line


def test_the_sorted_word_index_finds_the_same_prefixes_as_pythainlps_trie(dictionary, seed_text):
    from pythainlp.util import Trie

    from pipeline.dictionary import SortedWords

    words = sorted(dictionary.all_words)[::7]
    trie, index = Trie(words), SortedWords(words)
    text = " ".join(seed_text.split())[:3000]
    for start in range(len(text)):
        assert index.prefixes(text, start) == trie.prefixes(text, start)
    assert words[5] in index and "ไม่มีคำนี้แน่นอน" not in index and len(index) == len(set(words))


def test_ocr_skeleton_folds_what_the_learned_channel_says_ocr_confuses():
    from pipeline.dictionary import ocr_skeleton

    assert ocr_skeleton("อันทัวม") == ocr_skeleton("อ้นท้วม")  # MAI HAN-AKAT read for MAI THO
    assert ocr_skeleton("ซุมชน") == ocr_skeleton("ชุมชน")  # SO SO read for CHO CHANG
    assert ocr_skeleton("ดาเนิน") == ocr_skeleton("ดำเนิน")  # SARA AM read as SARA AA
    assert ocr_skeleton("สมศักดิ์") == ocr_skeleton("สมศกดิ")  # marks dropped
    assert ocr_skeleton("สมชาย") != ocr_skeleton("สมหมาย")
    assert ocr_skeleton("กำ") == ocr_skeleton("กา")  # SARA AM read as SARA AA, learned
    assert ocr_skeleton("กำ") != ocr_skeleton("กม")


def test_a_name_misread_in_its_marks_is_near_its_entry_though_far_by_edits(dictionary):
    from rapidfuzz import fuzz

    assert fuzz.ratio("อันทัวม", "อ้นท้วม") < 85  # what the edit distance alone misses
    assert dictionary.near_entry("อันทัวม", ("person", "family")) == "อ้นท้วม"
    assert dictionary.near_entry("อ้นท้วม", ("person", "family")) is None  # an entry is no near miss
    assert dictionary.near_entry("ซอฟต์แวร์", ("person", "family")) is None


def test_missing_bundled_dictionaries_stop_the_run_instead_of_changing_results(tmp_path):
    import os
    import subprocess
    import sys

    seed = Path(__file__).resolve().parent.parent / "samples" / "text" / "000_d000cb5bc4147d98.txt"
    env = {**os.environ, "THAI_OCR_DICTIONARIES": str(tmp_path)}
    p = subprocess.run([sys.executable, "-m", "pipeline", str(seed), "--out", str(tmp_path / "o")],
                       capture_output=True, text=True, env=env)
    assert p.returncode == 3 and "bundled dictionaries are missing" in p.stderr and "Traceback" not in p.stderr


def test_a_file_named_twice_is_read_once_and_an_empty_folder_is_a_warning(tmp_path):
    f = tmp_path / "mine.txt"
    f.write_text("persn:สมชาย\n", encoding="utf-8")
    d = load_dictionaries([f, f, tmp_path], use_default=False)
    assert len(d.warnings) == 1 and d.files == [str(f)]
    empty = tmp_path / "none"
    empty.mkdir()
    assert load_dictionaries([empty], use_default=False).warnings == [f"dictionary {empty}: the folder holds no .txt file"]
