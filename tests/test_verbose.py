"""--verbose logs the run's decisions (copy boundaries, groups, batches) to stderr; without
it, the pipeline logs nothing."""

from __future__ import annotations

import logging

from conftest import SEED

from pipeline.cli import main


def test_verbose_says_where_each_copy_starts_which_copies_make_a_report_and_each_batch(tmp_path, capsys):
    assert main([str(SEED), "--out", str(tmp_path), "--no-report", "--quiet", "--verbose"]) == 0
    err = capsys.readouterr().err.splitlines()
    boundaries = [ln for ln in err if ln.startswith("pipeline.segment:") and "a new copy starts" in ln]
    assert len(boundaries) == 3 and all(":L" in ln for ln in boundaries)  # four copies, three boundaries
    copies = [ln for ln in err if ln.startswith("pipeline.segment: copy ")]
    assert len(copies) == 4
    assert any(ln.startswith("pipeline.group: report 50210000-3491: 4 copies:") for ln in err)
    assert "pipeline.run: reconciling reports 1 to 1 of 1" in err
    with_text = sum(1 for ln in SEED.read_text(encoding="utf-8-sig").splitlines() if ln.strip())
    read = next(ln for ln in err if ln.startswith(f"pipeline.run: {SEED}: text, "))
    assert read.startswith(f"pipeline.run: {SEED}: text, {with_text} lines with text, read as ")
    assert not any(": section " in ln for ln in err)  # section headings only with -vv
    assert logging.getLogger("pipeline").handlers == []  # the CLI removes its handler


def test_vv_adds_each_section_heading(tmp_path, capsys):
    assert main([str(SEED), "--out", str(tmp_path), "--no-report", "--quiet", "-vv"]) == 0
    err = capsys.readouterr().err
    assert "pipeline.segment: " in err and ": section 1.2 (agency)" in err


def test_without_verbose_nothing_is_logged(tmp_path, capsys):
    assert main([str(SEED), "--out", str(tmp_path), "--no-report", "--quiet"]) == 0
    assert capsys.readouterr().err == ""
