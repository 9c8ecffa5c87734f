"""The faster lemmatizer and attribute ruler give the model's own annotations, token by token."""

from __future__ import annotations

import spacy

from saidwhat.core import MODEL_NAME
from saidwhat.pipeline import CachedLemmatizer, TagMapRuler

TEXTS = [
    "The councillors said on Tuesday that the harbour walls were being rebuilt faster than planned.",
    '"We have nothing to hide," she told reporters, adding that anyone could read the minutes.',
    "Those who'd voted against it didn't comment. The mayor's spokesman, though, was sharper: "
    '"It\'s a better plan than theirs, and everybody knows it."',
    "Running, ran, runs; the geese were happier than the mice, but worse off.",
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
