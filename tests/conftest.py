"""Shared fixtures: one loaded pipeline per session, and the path of ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

import saidwhat

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return saidwhat.load_pipeline()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    return SHARED
