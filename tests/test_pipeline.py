"""The spaCy components through the public path: nlp.add_pipe on the user's own pipeline."""

from __future__ import annotations

import datetime as dt

import spacy

from saidwhat.core import MODEL_NAME

TEXT = "The plan is ready, Mayor Ana Silva said on Tuesday.\n\n“We start now,” she said.\n"


def test_components_in_a_users_pipeline() -> None:
    nlp = spacy.load(MODEL_NAME)
    nlp.add_pipe("saidwhat_paragraphs", before="parser")
    nlp.add_pipe("saidwhat_quotes")
    doc = nlp.make_doc(TEXT)
    doc._.published = dt.date(2024, 3, 14)
    doc = nlp(doc)
    assert [q.text for q in doc._.quotes] == ["The plan is ready", "We start now"]
    assert {q.speaker.name for q in doc._.quotes if q.speaker} == {"Ana Silva"}
    assert doc._.quotes[0].date == dt.date(2024, 3, 12)
    assert [p.name for p in doc._.people] == ["Ana Silva"]


def test_paragraph_breaks_start_sentences() -> None:
    nlp = spacy.load(MODEL_NAME)
    nlp.add_pipe("saidwhat_paragraphs", before="parser")
    doc = nlp("A headline without a stop\n\nThe body starts here.")
    starts = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert starts == ["A headline without a stop", "The body starts here."]
