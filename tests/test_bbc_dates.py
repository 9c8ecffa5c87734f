"""The BBC politics folder carries no dates: nothing in it may be dated outside the years its
own text supports (tests/yearspan.py) — no obituary's birth date, no anniversary's day as the
date of an article or a statement. Skips when ../shared is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.core import analyze_documents
from saidwhat.document import Document
from yearspan import outside_years


def test_bbc_politics_dates_stay_within_their_texts_years(shared: Path) -> None:
    folder = shared / "corpora" / "bbc-news" / "politics"
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        pytest.skip(f"{folder} is absent")
    documents = [Document(text=p.read_bytes().decode("utf-8", "replace"), name=p.name) for p in paths]
    outside = {
        path.name: found
        for path, article in zip(paths, analyze_documents(documents), strict=True)
        if (found := outside_years(article)).article or found.quotes
    }
    assert outside == {}
