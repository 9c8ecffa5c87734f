"""The trained attribution tagger: decoding on hand-made tags, and the packaged model end to end."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc
from thinc.api import Config

from saidwhat.core import MODEL_NAME
from saidwhat.tagger import (
    LABELS,
    MODEL_DIR,
    PredictedAttribution,
    attributions_to_quotes,
    bio_spans,
    link_attributions,
    viterbi_tags,
    weights_installed,
)
from saidwhat.tagger.component import DEFAULT_MODEL_CONFIG
from saidwhat.tagger.decode import TagSpan
from saidwhat.tagger.train import CONFIG
from saidwhat.tagger.training_data import gold_tags

TEXT = (
    "Council leader Ana Silva said the harbour plan would go ahead in May.\n\n"
    "“We have listened to everyone,” she told reporters. Critics believe the cost is too high.\n"
)

HAND_TEXT = "“The plan works,” she said, “and it is cheap.”"  # one sentence, parsed by hand
WORDS = ["“", "The", "plan", "works", ",", "”", "she", "said", ",", "“", "and", "it", "is", "cheap", ".", "”"]
HEADS = [3, 2, 3, 7, 3, 3, 7, 7, 7, 12, 12, 12, 7, 12, 7, 7]
DEPS = ["punct", "det", "nsubj", "ccomp", "punct", "punct", "nsubj", "ROOT"]
DEPS += ["punct", "punct", "cc", "nsubj", "ccomp", "acomp", "punct", "punct"]
TAGS = ["B-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT", "B-SOURCE", "B-CUE"]
TAGS += ["O", "B-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT"]


def _hand_doc() -> Doc:
    spaces, end = [], 0
    for word in WORDS:
        end = HAND_TEXT.index(word, end) + len(word)
        spaces.append(HAND_TEXT[end : end + 1] == " ")
    return Doc(spacy.blank("en").vocab, words=WORDS, spaces=spaces, heads=HEADS, deps=DEPS)


def _text_of(doc: Doc, span: tuple[int, int] | None) -> str | None:
    return None if span is None else doc.text[span[0] : span[1]]


def test_bio_spans_tolerate_a_stray_inside_tag() -> None:
    tags = ["O", "I-CUE", "I-CUE", "B-CONTENT", "I-CONTENT", "I-SOURCE", "O"]
    assert bio_spans(tags) == [TagSpan("CUE", 1, 3), TagSpan("CONTENT", 3, 5), TagSpan("SOURCE", 5, 6)]


def test_viterbi_never_starts_a_span_inside() -> None:
    probs = np.full((3, len(LABELS)), 0.01)
    probs[0, LABELS.index("I-CUE")] = 0.6  # most probable alone, but invalid at the start
    probs[0, LABELS.index("B-CUE")] = 0.3
    probs[1, LABELS.index("I-CUE")] = 0.9
    probs[2, LABELS.index("O")] = 0.9
    assert viterbi_tags(probs) == ["B-CUE", "I-CUE", "O"]


def test_split_quote_is_one_attribution_with_two_fragments() -> None:
    doc = _hand_doc()
    (attribution,) = link_attributions(doc, TAGS)
    assert _text_of(doc, attribution.source) == "she"
    assert _text_of(doc, attribution.cue) == "said"
    assert [doc.text[s:e] for s, e in attribution.content] == ["“The plan works,”", "“and it is cheap.”"]
    (quote,) = attributions_to_quotes(doc, [attribution])
    assert (quote.start, quote.end) == (attribution.content[0][0], attribution.content[-1][1])
    assert quote.speaker is not None and quote.speaker.mention == "she"
    assert quote.cue is not None and quote.cue.text == "said"


def test_cue_without_content_is_kept_and_content_without_cue_has_none() -> None:
    doc = _hand_doc()
    tags = ["O"] * len(doc)
    tags[7] = "B-CUE"
    tags[10:14] = ["B-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT"]
    tags[3] = "B-CUE"
    attributions = link_attributions(doc, tags)
    by_cue = {_text_of(doc, a.cue): a for a in attributions}
    # "is" (12) attaches to "said" (7): the parse links that content to "said", not "works"
    assert [doc.text[s:e] for s, e in by_cue["said"].content] == ["and it is cheap"]
    assert by_cue["works"].content == []


def test_gold_tags_mark_fragments_and_prefer_cues() -> None:
    doc = _hand_doc()
    from saidwhat.eval import GoldAttribution

    text = doc.text
    first = text.index("“The")
    second = text.index("“and")
    gold = GoldAttribution(
        content=[(first, text.index("she") - 1), (second, len(text))],
        cue=[(text.index("said"), text.index("said") + 4)],
        source=[(text.index("she"), text.index("she") + 3)],
    )
    assert gold_tags(doc, [gold]) == TAGS


def test_training_config_matches_the_factory_default() -> None:
    trained = Config().from_disk(CONFIG, interpolate=False)["components"]["attribution_tagger"]["model"]
    assert dict(trained) == dict(Config().from_str(DEFAULT_MODEL_CONFIG)["model"])


@pytest.fixture(scope="module")
def tagged() -> Doc:
    if not weights_installed():
        pytest.skip(f"no trained attribution tagger in {MODEL_DIR} (run `make train`)")
    nlp = spacy.load(MODEL_NAME)
    nlp.add_pipe("saidwhat_attribution_tagger")
    return nlp(TEXT)


def test_packaged_tagger_runs_on_a_short_text(tagged: Doc) -> None:
    assert len(tagged._.attribution_tags) == len(tagged)
    attributions = tagged._.attributions
    assert attributions and all(isinstance(a, PredictedAttribution) for a in attributions)
    for attribution in attributions:
        spans = [s for s in (attribution.source, attribution.cue, *attribution.content) if s is not None]
        assert all(0 <= start < end <= len(TEXT) for start, end in spans)
        assert 0.0 <= attribution.confidence <= 1.0


def test_packaged_tagger_finds_the_plain_reported_speech(tagged: Doc) -> None:
    cues = {_text_of(tagged, a.cue) for a in tagged._.attributions}
    assert "said" in cues
    quotes = attributions_to_quotes(tagged)
    assert any("harbour plan" in q.text for q in quotes)
    assert all(q.text == TEXT[q.start : q.end] for q in quotes)


def test_packaged_weights_are_small() -> None:
    files = [p for p in Path(MODEL_DIR).glob("*") if p.is_file()]
    if not files:
        pytest.skip("no trained attribution tagger")
    assert sum(p.stat().st_size for p in files) < 50_000_000


def test_rules_with_tagger_keep_every_rule_statement_and_valid_offsets() -> None:
    """The tagger adds to the rules' statements and changes none of them."""
    from saidwhat.core import analyze_document, load_pipeline
    from saidwhat.document import Document

    if not weights_installed():
        pytest.skip("no trained weights")
    text = (
        "The mayor said the bridge would reopen in May.\n\n"
        "Critics are questioning the cost of the repairs, which doubled in a year.\n"
    )
    rules = analyze_document(Document(text=text, name="t"), load_pipeline())
    both = analyze_document(Document(text=text, name="t"), load_pipeline(tagger=True))
    assert rules.quotes
    kept = [(q.start, q.end, q.text) for q in rules.quotes]
    assert [(q.start, q.end, q.text) for q in both.quotes if (q.start, q.end, q.text) in kept] == kept
    for quote in both.quotes:
        assert text[quote.start : quote.end] == quote.text
