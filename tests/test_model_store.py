import os
import pickle

import pytest

from pipeline import model_store
from pipeline.correct import Corrector

ENTRIES = ["สำนักงานเขตภาษีเจริญ", "ฝ่ายการศึกษา"]


@pytest.fixture(autouse=True)
def _a_process_that_holds_no_model(monkeypatch):
    """Each test starts as a new process does, with no model in memory."""
    monkeypatch.setattr(model_store, "_in_process", {})


def test_a_process_takes_the_model_it_holds_and_stores_it_where_a_later_run_asks(tmp_path, monkeypatch):
    first = model_store.load_corrector(ENTRIES, None)

    def no_build(_entries):
        raise AssertionError("the model this process holds should have been taken")

    monkeypatch.setattr(model_store, "build_corrector", no_build)
    assert model_store.load_corrector(list(reversed(ENTRIES)), None) is first
    assert model_store.load_corrector(ENTRIES, tmp_path) is first
    (stored,) = tmp_path.glob("language-model-*.pickle")
    assert isinstance(pickle.loads(stored.read_bytes()), Corrector)
    os.utime(stored, (1, 1))
    assert model_store.load_corrector(ENTRIES, tmp_path) is first and stored.stat().st_mtime > 1  # marked as used
    for n in range(model_store.IN_PROCESS):  # others used since: no longer held
        monkeypatch.setattr(model_store, "build_corrector", lambda entries: Corrector.__new__(Corrector))
        model_store.load_corrector([f"คำ{n}"], None)
    monkeypatch.setattr(model_store, "build_corrector", no_build)
    assert model_store.load_corrector(ENTRIES, tmp_path) is not first  # read back from the folder


def test_a_stored_model_is_read_back_instead_of_built(tmp_path, monkeypatch):
    first = model_store.load_corrector(ENTRIES, tmp_path)
    (stored,) = tmp_path.glob("language-model-*.pickle")

    def no_build(_entries):
        raise AssertionError("the stored model should have been read")

    monkeypatch.setattr(model_store, "build_corrector", no_build)
    again = model_store.load_corrector(list(reversed(ENTRIES)), tmp_path)
    assert isinstance(again, Corrector) and stored.exists()
    ranked = [(c.text, c.score) for c in first.rank(["ฝ่าย", "ฝาย"], [("ฝาย", 1.0)])]
    assert [(c.text, c.score) for c in again.rank(["ฝ่าย", "ฝาย"], [("ฝาย", 1.0)])] == ranked


def test_storing_a_model_keeps_only_the_most_recently_used_few(tmp_path):
    old = [tmp_path / f"language-model-{n:024d}.pickle" for n in range(5)]
    for age, path in enumerate(old):
        path.write_bytes(b"x")
        os.utime(path, (1_000_000 + age, 1_000_000 + age))
    other = tmp_path / "ocr-cache.sqlite"
    other.write_bytes(b"kept")
    model_store.load_corrector(ENTRIES, tmp_path)
    new = tmp_path / f"language-model-{model_store.model_key(ENTRIES)}.pickle"
    kept = sorted(tmp_path.glob("language-model-*.pickle"))
    assert model_store.KEEP_MODELS == 3
    assert kept == sorted([new, old[4], old[3]]) and other.exists()
    os.utime(new, (1, 1))
    model_store.load_corrector(ENTRIES, tmp_path)  # read back: marked as used, so kept longest
    assert new.stat().st_mtime > old[4].stat().st_mtime


def test_other_entries_or_another_channel_make_another_key(tmp_path):
    channel = tmp_path / "channel.tsv"
    channel.write_bytes(model_store.DATA_FILE.read_bytes() + b"\n")
    key = model_store.model_key(ENTRIES)
    assert model_store.model_key(ENTRIES[:1]) != key
    assert model_store.model_key(ENTRIES, channel) != key
    assert model_store.model_key(ENTRIES + ENTRIES[:1]) == key


def test_a_damaged_store_is_built_again_and_replaced(tmp_path):
    path = tmp_path / f"language-model-{model_store.model_key(ENTRIES)}.pickle"
    path.write_bytes(b"not a pickle")
    assert isinstance(model_store.load_corrector(ENTRIES, tmp_path), Corrector)
    assert isinstance(pickle.loads(path.read_bytes()), Corrector)


def test_a_folder_that_cannot_be_written_costs_only_the_saving(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    assert isinstance(model_store.load_corrector(ENTRIES, blocked), Corrector)
    assert list(tmp_path.iterdir()) == [blocked]


def test_without_a_cache_folder_the_model_is_built_and_nothing_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert isinstance(model_store.load_corrector(ENTRIES, None), Corrector)
    assert list(tmp_path.iterdir()) == []


def test_the_key_covers_the_code_of_every_module_the_models_code_imports():
    """A stored model is built by the code of MODEL_CODE and of what it imports (the Thai
    character ranges, say); a change there must make another key. The dictionary's part
    is its entries, which are in the key."""
    import ast
    from pathlib import Path

    folder = Path(model_store.__file__).parent
    imported = {node.module.split(".")[0] + ".py" for name in model_store.MODEL_CODE
                for node in ast.walk(ast.parse((folder / name).read_text(encoding="utf-8")))
                if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module}
    assert imported - {"dictionary.py"} <= set(model_store.MODEL_CODE)
