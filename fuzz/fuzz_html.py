"""Fuzz the HTML entry point: the input inside a page's body, and as a page of its own
(trafilatura's extraction, the metadata, the date fallback), through the whole analysis.

    make fuzz FUZZ_SECONDS=120        # or: python fuzz/fuzz_html.py CORPUS_DIR -max_total_time=60
"""

from __future__ import annotations

import atheris
from _harness import check, main

with atheris.instrument_imports(include=["trafilatura", "htmldate"]):
    import htmldate  # noqa: F401  (instrumented for coverage)
    import trafilatura  # noqa: F401

HEAD = "<!DOCTYPE html><html><head><title>Fuzz</title></head><body><article>"
TAIL = "</article></body></html>"


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    markup = provider.ConsumeUnicodeNoSurrogates(len(data))
    check(HEAD + markup + TAIL)
    check(data if data.lstrip().startswith(b"<") else b"<html>" + data)


if __name__ == "__main__":
    main(test_one_input)
