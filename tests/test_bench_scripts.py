"""Every benchmark script still imports: the bench is run by hand, far from the tests, so
a module moved or renamed in the package would otherwise break it unnoticed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"

_IMPORT_EACH = """
import importlib, json, sys, traceback
sys.path.insert(0, {bench!r})
failed = {{}}
for name in {names!r}:
    try:
        importlib.import_module(name)
    except BaseException:
        failed[name] = traceback.format_exc(limit=-1)
print(json.dumps(failed))
"""


def test_every_bench_script_imports_without_running():
    names = sorted(p.stem for p in BENCH.glob("*.py"))
    assert "accuracy" in names and "learn_channel" in names
    code = _IMPORT_EACH.format(bench=str(BENCH), names=names)
    p = subprocess.run([sys.executable, "-c", code], cwd=BENCH.parent, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout) == {}


def test_copy_correlation_counts_misreadings_copies_share_against_those_they_do_not():
    sys.path.insert(0, str(BENCH))
    from learn_copy_correlation import correlation, misread_places

    assert misread_places("abcd", "abxd") == [False, False, True, False]
    assert misread_places("abcd", "abd") == [False, False, True, False]
    assert misread_places("abcd", "abXcd") == [False, False, True, False]
    printed = "กขคงจฉชซฌญ" * 10
    shared = [[printed, printed.replace("ค", "ต"), printed.replace("ค", "ต")]]
    apart = [[printed, printed.replace("ค", "ต"), printed.replace("ช", "ซ")]]
    assert correlation(shared)["copy_correlation"] == 1.0
    assert correlation(apart)["copy_correlation"] < 0
    mixed = correlation(shared + apart + [[printed, printed, None]])
    assert 0 < mixed["copy_correlation"] < 1 and mixed["characters"] == 2 * 2 * len(printed)


def test_a_section_written_again_keeps_its_notes_and_leaves_the_others_alone(tmp_path):
    sys.path.insert(0, str(BENCH))
    from results import NOTES, update_section

    path = tmp_path / "RESULTS.md"
    path.write_text(f"# Benchmark results\n\n## Speed\n\nold figures\n\n{NOTES}\nwhy they moved\n\n## Memory\n\n2 GB\n",
                    encoding="utf-8")
    update_section("Speed", "new figures", path)
    update_section("Accuracy", "99%", path)
    text = path.read_text(encoding="utf-8")
    assert "old figures" not in text
    assert text.index("new figures") < text.index(NOTES) < text.index("why they moved") < text.index("## Memory")
    assert text.rstrip().endswith("## Accuracy\n\n99%") and "2 GB" in text
    update_section("Memory", "1 GB", path)
    assert "2 GB" not in path.read_text(encoding="utf-8") and "why they moved" in path.read_text(encoding="utf-8")
