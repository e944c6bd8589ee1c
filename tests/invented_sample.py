"""The invented sample scans (samples/scans/invented) and their truth, shared by the
integration tests that OCR them; samples/ goes on sys.path for its scoring module."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "samples"))
from score import load_truth  # noqa: E402

INVENTED = ROOT / "samples" / "scans" / "invented"
TRUTH = load_truth(ROOT / "samples" / "truth" / "invented.json")
