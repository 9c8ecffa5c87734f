"""Properties of the whole extraction on drawn text: any text returns; every offset lies inside
it and each statement's text is its slice; statements nest (a parent holds its child) or keep
apart; two runs agree. And the Python API's contract: bad input raises `InputError`, nothing else.

`make test` draws a few dozen texts a test; `make fuzz` runs the same properties with
SAIDWHAT_PROPERTY_SCALE=100 (a hundred times as many), which is how rare failures are found:
each one found becomes an `@example` here.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from saidwhat.core import analyze_document
from saidwhat.document import Document, load_document
from saidwhat.errors import InputError
from saidwhat.types import Article

WORDS = [
    "said",
    "told",
    "she",
    "he",
    "they",
    "Jane",
    "Doe",
    "Mr",
    "the",
    "mayor",
    "officials",
    "that",
    "on",
    "Tuesday",
    "according",
    "to",
    "warned",
    "both",
    "and",
    "“",
    "”",
    '"',
    "‘",
    "’",
    "'",
    "''",
    ",",
    ".",
    ":",
    "—",
    "―",
    "\n\n",
    "\n",
    "(",
    ")",
    "Biden's",
    "won’t",
    "…",
]

news_like = st.lists(st.sampled_from(WORDS), max_size=120).map(" ".join)
any_text = st.text(max_size=400)
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
SCALE = int(os.environ.get("SAIDWHAT_PROPERTY_SCALE", "1"))  # examples × SCALE
SETTINGS = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def check_invariants(text: str, article: Article) -> None:
    ids = {q.id: q for q in article.quotes}
    for quote in article.quotes:
        assert 0 <= quote.start < quote.end <= len(text)
        assert text[quote.start : quote.end] == quote.text
        for span in (quote.speaker, quote.cue, quote.addressee):
            if span is not None:
                assert 0 <= span.start <= span.end <= len(text)
        if quote.parent is not None:
            parent = ids[quote.parent]
            assert parent.start <= quote.start and quote.end <= parent.end
    for person in article.people:
        assert all(0 <= start < end <= len(text) for start, end in person.mentions)
    for time in article.times:
        assert 0 <= time.start < time.end <= len(text)
    assert crossing(article) == []


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
    assert analyze_document(Document(text=text, name="<hypothesis>"), nlp) == article


@settings(SETTINGS, max_examples=60 * SCALE)
@given(text=news_like)
def test_news_like_text(nlp: Language, text: str) -> None:
    analyse_twice(nlp, text)


@settings(SETTINGS, max_examples=40 * SCALE)
@given(text=any_text)
def test_any_unicode_text(nlp: Language, text: str) -> None:
    analyse_twice(nlp, text)


@settings(SETTINGS, max_examples=50 * SCALE)
@given(text=quote_rich)
def test_quote_rich_text(nlp: Language, text: str) -> None:
    analyse_twice(nlp, text)


@settings(SETTINGS, max_examples=20 * SCALE)
@given(text=long_unicode)
@example(text=("“Ünïcödé ‘quotes’ — 引用 «mixed» „marks“,” she said. " * 400)[:20_000])
def test_long_unicode_text(nlp: Language, text: str) -> None:
    assert len(text) <= 20_000
    analyse_twice(nlp, text)


@settings(SETTINGS, max_examples=50 * SCALE)
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
