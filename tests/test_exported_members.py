"""The public API is what `__all__` says, sorted (httpx's drift guard)."""

from __future__ import annotations

import saidwhat


def test_all_is_sorted_and_exported() -> None:
    public = sorted(name for name in dir(saidwhat) if not name.startswith("_") or name == "__version__")
    modules = {"cli", "core", "deadline", "document", "errors", "eval", "extract", "ingest", "isodate"}
    modules |= {"lexicon", "model", "pipeline", "render", "types", "store", "tagger", "web"}
    assert saidwhat.__all__ == sorted(saidwhat.__all__)
    assert set(public) - modules == set(saidwhat.__all__)
