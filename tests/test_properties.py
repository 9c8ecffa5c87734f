"""Property tests on the whole extraction: any text returns, offsets lie inside it, each
statement's text is its slice, nested statements sit inside their parent, and the analysis
is deterministic."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from saidwhat.core import analyze_document
from saidwhat.document import Document

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


def _check(nlp: Language, text: str) -> None:
    article = analyze_document(Document(text=text, name="<hypothesis>"), nlp)
    ids = {q.id: q for q in article.quotes}
    for quote in article.quotes:
        assert 0 <= quote.start < quote.end <= len(text)
        assert text[quote.start : quote.end] == quote.text
        if quote.speaker is not None:
            assert 0 <= quote.speaker.start <= quote.speaker.end <= len(text)
        if quote.parent is not None:
            parent = ids[quote.parent]
            assert parent.start <= quote.start and quote.end <= parent.end
    for person in article.people:
        assert all(0 <= start < end <= len(text) for start, end in person.mentions)
    assert analyze_document(Document(text=text, name="<hypothesis>"), nlp) == article


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=news_like)
def test_news_like_text(nlp: Language, text: str) -> None:
    _check(nlp, text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=any_text)
def test_any_unicode_text(nlp: Language, text: str) -> None:
    _check(nlp, text)
