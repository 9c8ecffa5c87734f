"""saidwhat's components behave as spaCy users expect: results survive `n_process`, `DocBin`
and `to_bytes`, and statements, speakers and cues are `Span`s in `doc.spans`."""

from __future__ import annotations

import datetime as dt

import spacy
from spacy.tokens import Doc, DocBin

import saidwhat

TEXT = (
    "The ferry will run again in May, harbour master Tomas Reyes said on Monday.\n\n"
    "“We have found the fault,” he told reporters.\n"
)


def _analysed() -> Doc:
    nlp = saidwhat.load_pipeline()
    doc = nlp.make_doc(TEXT)
    doc._.published = "2025-03-12"
    return nlp(doc)


def _results(doc: Doc) -> tuple[object, ...]:
    return doc._.quotes, doc._.people, doc._.times, doc._.published, doc._.published_inferred


def test_statements_speakers_and_cues_are_linked_spans() -> None:
    doc = _analysed()
    statements = doc.spans["saidwhat_statements"]
    assert [(s.text, s.label_, s.id_) for s in statements] == [
        ("The ferry will run again in May", "indirect", "q1"),
        ("We have found the fault", "direct", "q2"),
    ]
    assert [s._.speaker.text for s in statements] == ["harbour master Tomas Reyes", "he"]
    assert {s._.speaker.kb_id_ for s in statements} == {doc._.quotes[0].speaker.person}
    assert [s._.speaker.label_ for s in statements] == ["person", "person"]
    assert [(s._.cue.text, s._.cue.label_) for s in statements] == [("said", "say"), ("told", "tell")]
    assert [s._.quote for s in statements] == doc._.quotes
    assert [s.text for s in doc.spans["saidwhat_cues"]] == ["said", "told"]


def test_to_bytes_round_trips_results_and_spans() -> None:
    doc = _analysed()
    again = Doc(doc.vocab).from_bytes(doc.to_bytes())
    assert _results(again) == _results(doc)
    assert again._.published == dt.date(2025, 3, 12)
    assert [(s.text, s.id_, s._.speaker.text) for s in again.spans["saidwhat_statements"]] == [
        (s.text, s.id_, s._.speaker.text) for s in doc.spans["saidwhat_statements"]
    ]


def test_docbin_with_user_data_round_trips_into_a_fresh_vocab() -> None:
    doc = _analysed()
    data = DocBin(docs=[doc], store_user_data=True).to_bytes()
    [again] = DocBin().from_bytes(data).get_docs(spacy.blank("en").vocab)
    assert _results(again) == _results(doc)
    assert [s._.cue.text for s in again.spans["saidwhat_statements"]] == ["said", "told"]


def test_pipe_with_two_processes_gives_what_one_gives() -> None:
    nlp = saidwhat.load_pipeline()
    texts = [TEXT, TEXT.replace("Tomas Reyes", "Lena Park").replace(" he ", " she ")]
    alone = [_results(doc) for doc in nlp.pipe(texts)]
    parallel = list(nlp.pipe(texts, n_process=2))
    assert [_results(doc) for doc in parallel] == alone
    assert [s._.speaker.text for s in parallel[1].spans["saidwhat_statements"]] == [
        "harbour master Lena Park",
        "she",
    ]
