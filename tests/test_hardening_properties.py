"""Property tests on extraction (issue 7), beside tests/test_properties.py: long unicode text,
quote-rich text mixing every kind of quote mark with names and cues, and the Python API's
contract that bad input raises `InputError` and nothing else.

For every text: the analysis returns; every offset lies inside the text and each statement's
`text` is its slice; two runs agree; statements either nest or do not overlap at all.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from saidwhat.core import analyze_document
from saidwhat.document import Document, load_document
from saidwhat.errors import InputError
from saidwhat.types import Article

QUOTE_MARKS = ["„", "“", "”", "‘", "’", "«", "»", "‹", "›", '"', "'", "``", "''", "「", "」"]
NAMES = ["Jane Roe", "Mr Okafor", "Ms Lind", "the mayor", "officials", "a spokeswoman", "he", "she", "they"]
CUES = ["said", "told reporters", "according to", "warned", "added", "said on Tuesday", "asked"]
WORDS = ["the", "plan", "would", "go", "ahead", "we", "will", "not", "that", "and", "it", "is", "over"]
PUNCTUATION = [",", ".", ":", ";", "—", "–", "…", "?", "!", "(", ")", "\n", "\n\n", " "]

quote_rich = st.lists(
    st.one_of(
        st.sampled_from(QUOTE_MARKS),
        st.sampled_from(NAMES),
        st.sampled_from(CUES),
        st.sampled_from(WORDS),
        st.sampled_from(PUNCTUATION),
    ),
    min_size=10,
    max_size=300,
).map(" ".join)
# Up to 20,000 characters of any unicode: a hundred chunks, so that long texts are drawn too.
long_unicode = st.lists(st.text(min_size=20, max_size=200), min_size=5, max_size=100).map("".join)
SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def check_invariants(text: str, article: Article) -> None:
    for quote in article.quotes:
        assert 0 <= quote.start < quote.end <= len(text)
        assert text[quote.start : quote.end] == quote.text
        for span in (quote.speaker, quote.cue, quote.addressee):
            if span is not None and span.start is not None and span.end is not None:
                assert 0 <= span.start <= span.end <= len(text)
    for person in article.people:
        assert all(0 <= start < end <= len(text) for start, end in person.mentions)
    for time in article.times:
        assert 0 <= time.start < time.end <= len(text)


def crossing(article: Article) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Pairs of statements that overlap without one containing the other."""
    spans = sorted((q.start, q.end) for q in article.quotes)
    found = []
    for n, (start, end) in enumerate(spans):
        for other_start, other_end in spans[n + 1 :]:
            if other_start >= end:
                break
            if other_end > end and other_start > start:  # same start: the shorter one is inside
                found.append(((start, end), (other_start, other_end)))
    return found


def analyse_twice(nlp: Language, text: str) -> None:
    article = analyze_document(Document(text=text, name="<hypothesis>"), nlp)
    check_invariants(text, article)
    assert crossing(article) == []
    assert analyze_document(Document(text=text, name="<hypothesis>"), nlp) == article


@SETTINGS
@given(text=quote_rich)
def test_quote_rich_text(nlp: Language, text: str) -> None:
    analyse_twice(nlp, text)


@settings(SETTINGS, max_examples=20)
@given(text=long_unicode)
@example(text=("“Ünïcödé ‘quotes’ — 引用 «mixed» „marks“,” she said. " * 400)[:20_000])
def test_long_unicode_text(nlp: Language, text: str) -> None:
    assert len(text) <= 20_000
    analyse_twice(nlp, text)


@SETTINGS
@given(data=st.one_of(st.binary(max_size=2000), st.text(max_size=2000), quote_rich))
def test_load_document_raises_input_error_or_returns_text(data: bytes | str) -> None:
    """The Python API's contract on any input: a `Document`, or an `InputError` saying why."""
    try:
        document = load_document(data, name="<hypothesis>")
    except InputError as exc:
        assert str(exc).startswith("<hypothesis>: ")
        return
    assert document.text.strip()


@pytest.mark.parametrize(
    "text",
    [
        "She described her victory as “truly overwhelming. I am really not used to this kind of "
        "thing,” she said on Tuesday.",
        "„ „ Jane Roe said Jane Roe said „ said Jane Roe the",
    ],
)
def test_statements_nest_or_do_not_overlap(nlp: Language, text: str) -> None:
    assert crossing(analyze_document(Document(text=text, name="<example>"), nlp)) == []
