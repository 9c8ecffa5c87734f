"""The faster lemmatizer and attribute ruler give the model's own annotations, token by token."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler

from saidwhat.core import MODEL_NAME
from saidwhat.document import load_document
from saidwhat.pipeline import CachedLemmatizer, TagMapRuler

TEXTS = [
    "The councillors said on Tuesday that the harbour walls were being rebuilt faster than planned.",
    '"We have nothing to hide," she told reporters, adding that anyone could read the minutes.',
    "Those who'd voted against it didn't comment. The mayor's spokesman, though, was sharper: "
    '"It\'s a better plan than theirs, and everybody knows it."',
    "Running, ran, runs; the geese were happier than the mice, but worse off.",
    # words the ruler's own patterns name: "that" and "as" in their roles, "'s", "ca n't", spaces
    "I wo n't say that it 's so ; whether or not , as  it were , a man 's gotta do what he 's gotta do .\n\n"
    "That is all that I know , and that was that . Yes , sir ! Such a day ; so be it .",
]


def test_same_annotations_as_the_model() -> None:
    model, fast = spacy.load(MODEL_NAME), spacy.load(MODEL_NAME)
    TagMapRuler.adopt(fast)
    CachedLemmatizer.adopt(fast)
    assert isinstance(fast.get_pipe("attribute_ruler"), TagMapRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), CachedLemmatizer)
    for _ in range(2):  # the second round reads the caches
        for expected, got in zip(model.pipe(TEXTS), fast.pipe(TEXTS), strict=True):
            assert [(t.pos_, str(t.morph), t.lemma_) for t in got] == [
                (t.pos_, str(t.morph), t.lemma_) for t in expected
            ]


def _same_matches(texts: list[str]) -> None:
    """TagMapRuler's matches are the model's ruler's, its tag-map patterns aside (those are an
    array lookup), in the same order: the order decides which rule's attributes win."""
    model, fast = spacy.load(MODEL_NAME), spacy.load(MODEL_NAME)
    TagMapRuler.adopt(fast)
    ruler = fast.get_pipe("attribute_ruler")
    assert isinstance(ruler, TagMapRuler)
    before = _names_before(model, "attribute_ruler")
    with model.select_pipes(enable=before):
        docs = list(model.pipe(texts))
    original = model.get_pipe("attribute_ruler")
    tag_map = len(ruler._tag_map)
    for doc in docs:
        expected = [match for match in AttributeRuler.match(original, doc) if match[0] >= tag_map]
        assert ruler.match(doc) == expected, doc.text[:60]


def _names_before(nlp: Language, name: str) -> list[str]:
    names = [pipe for pipe, _ in nlp.pipeline]
    return names[: names.index(name)]


def test_word_rules_match_as_the_model_matcher() -> None:
    _same_matches(TEXTS)


def test_word_rules_match_as_the_model_matcher_on_news(shared: Path) -> None:
    paths = sorted((shared / "corpora" / "bbc-news").glob("*/*.txt"))[::50]
    _same_matches([load_document(path.read_bytes(), name=str(path)).text for path in paths])
