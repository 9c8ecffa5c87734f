"""Shared by the fuzz targets: load the model once, and what counts as a crash.

Anything but a result or an `InputError` (the documented refusal of bad input) is a crash:
atheris then stops and writes the input under build/fuzz/ for a regression test.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["saidwhat"]):
    import saidwhat
    from saidwhat.core import analyze_document
    from saidwhat.document import load_document
    from saidwhat.errors import InputError

NLP = saidwhat.load_pipeline()


def check(data: bytes | str) -> None:
    """Load and analyse; every statement's text must be its slice of the article text."""
    try:
        document = load_document(data, name="<fuzz>")
    except InputError:
        return
    article = analyze_document(document, NLP)
    text = article.article.text
    for quote in article.quotes:
        if text[quote.start : quote.end] != quote.text:
            raise AssertionError(f"{quote.id}: text is not article.text[{quote.start}:{quote.end}]")


def main(test_one_input: object) -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
