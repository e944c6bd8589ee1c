"""The import rules of docs/architecture.md: a module imports only from its own group and
the groups below it, and the output side reaches the OCR side only for a page's pixels
and the cache."""

from __future__ import annotations

import ast
from pathlib import Path

PIPELINE = Path(__file__).resolve().parent.parent / "pipeline"

# Top down, as docs/architecture.md lists them; a new module must be placed here.
GROUPS = [
    {"__main__", "cli", "api", "run", "copies", "batches", "options", "load"},
    {"export", "datapackage", "review", "crops", "crop_store", "atomic"},
    {"template", "segment", "extract", "progress_rows", "values", "spill", "group", "name_match", "align", "vote", "text_vote", "stretch_vote", "ocr_junk", "stretch_checks", "spacing", "phrases", "dictionary", "document", "missing", "cross_checks", "lm", "channel", "correct", "skeleton_index", "name_judge", "model_store", "ordinals",
     "corrections", "spellings", "section2_pages", "wraps", "line_end_spacing", "row_fragments",
     "number_doubts"},
    {"ingest", "layout", "normalize", "ocr", "ocr_settings", "page_task", "reading", "scans", "raster", "tesseract",
     "tsv", "deadline", "preprocess", "recover", "reread", "mark_lines", "strips", "cache", "text_layer", "thai_script",
     "number_rereads", "set_apart"},
    {"model", "errors", "executor", "pool_worker", "dask_executor", "executor_choice", "__init__"},
]
OUTPUT_SIDE = GROUPS[1]
OCR_SIDE = {"ocr", "ocr_settings", "page_task", "reading", "scans", "raster", "tesseract", "tsv", "deadline",
            "preprocess", "recover", "reread", "mark_lines", "strips", "number_rereads", "set_apart"}
OCR_FOR_OUTPUT = {("raster", "render_page")}  # a page's pixels, for crops


def level(module: str) -> int:
    return next(i for i, group in enumerate(GROUPS) if module in group)


def imports(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    """Return (module, names) for every `from .module import names` in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.module.split(".")[0], tuple(a.name for a in node.names)) for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module]


def test_every_module_has_a_place_in_the_groups():
    modules = {p.stem for p in PIPELINE.glob("*.py")}
    placed = set().union(*GROUPS)
    assert modules - placed == set(), "place these modules in GROUPS (and docs/architecture.md)"


def test_no_module_imports_from_a_group_above_its_own():
    wrong = [(p.stem, target) for p in PIPELINE.glob("*.py") for target, _ in imports(p)
             if level(target) < level(p.stem)]
    assert wrong == []


def test_the_output_side_uses_the_ocr_side_only_for_a_pages_pixels():
    wrong = [(p.stem, target, name) for p in PIPELINE.glob("*.py") if p.stem in OUTPUT_SIDE
             for target, names in imports(p) if target in OCR_SIDE
             for name in names if (target, name) not in OCR_FOR_OUTPUT]
    assert wrong == []
