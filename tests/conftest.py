"""Shared fixtures: the template, the dictionaries and the seed sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.dictionary import Dictionary, load_dictionaries
from pipeline.template import Template, load_template

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "text" / "000_d000cb5bc4147d98.txt"


@pytest.fixture(scope="session")
def template() -> Template:
    return load_template()


@pytest.fixture(scope="session")
def dictionary() -> Dictionary:
    return load_dictionaries()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
