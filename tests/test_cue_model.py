"""The learned cue finder (`extract/cue_model.py`): a verb no cue or belief list takes becomes a
thought when its frame says it attributes a position; beliefs off turn it off, the refusals stay
no statements, and the committed weights are readable numbers. Texts written for these
tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from saidwhat import load_pipeline
from saidwhat.core import analyze_document
from saidwhat.document import Document
from saidwhat.extract.context import DocContext
from saidwhat.extract.cue_model import CueModel, load_cue_model, verb_features
from saidwhat.extract.reported import ReportedSpeech
from saidwhat.lexicon import load_lexicon

ASSAILED = "The union leader assailed the plan to close the depot."


def _statements(text: str, *, beliefs: bool = True) -> list[tuple[str, str | None, str | None, str | None]]:
    article = analyze_document(Document(text=text, name="t"), load_pipeline(beliefs=beliefs))
    return [
        (q.text, q.kind, q.cue.text if q.cue else None, q.speaker.mention if q.speaker else None)
        for q in article.quotes
    ]


def test_an_unlisted_stance_verb_is_a_thought() -> None:
    lexicon = load_lexicon()
    assert "assail" not in lexicon.belief_cues | lexicon.speech_cues | lexicon.object_cues
    assert _statements(ASSAILED) == [
        ("the plan to close the depot", "thought", "assailed", "The union leader")
    ]


def test_beliefs_off_turns_the_learned_cues_off() -> None:
    assert _statements(ASSAILED, beliefs=False) == []


def test_a_refusal_is_never_asked_about(nlp: Language) -> None:
    with nlp.select_pipes(disable=["saidwhat_quotes"]):
        doc = nlp("The harbour master declined to comment on the new toll.")
    finder = ReportedSpeech(DocContext.of(doc))
    declined = next(t for t in doc if t.lower_ == "declined")
    assert finder.learnable(declined) is None
    assert _statements(doc.text) == []


def test_the_frame_is_read_from_the_verb_and_its_holder(nlp: Language) -> None:
    with nlp.select_pipes(disable=["saidwhat_quotes"]):
        doc = nlp("Senator Ada Brenn argued that the bridge would never pay for itself.")
    verb = next(t for t in doc if t.lower_ == "argued")
    holder = next(t for t in doc if t.lower_ == "brenn")
    features = verb_features(verb, holder, load_lexicon())
    assert {"lemma=argue", "child=ccomp", "clause_that", "clause_subject", "clause_modal"} <= set(features)
    assert "subject_pos=PROPN" in features


def test_the_model_is_a_sum_over_named_features() -> None:
    model = CueModel({"clause_that": 2.0, "subject_personal": 1.0}, -1.0, 0.5)
    assert model.probability(["clause_that", "subject_personal"]) == pytest.approx(1 / (1 + 2.718281828**-2))
    assert model.probability(["unknown"]) == pytest.approx(1 / (1 + 2.718281828))


def test_the_committed_weights_are_a_trained_model() -> None:
    load_cue_model.cache_clear()
    model = load_cue_model()
    assert 0.0 < model.threshold < 1.0
    assert len(model.weights) > 100


def test_a_day_after_on_is_not_whom_the_infinitive_is_asked_of() -> None:
    # "called on Congress to act" takes in Congress; "urged on Friday to delay" is dated, not asked
    [(content, _kind, cue, speaker)] = _statements("Councillor Bea Lund urged on Friday to delay the vote.")
    assert (content, cue, speaker) == ("to delay the vote", "urged", "Councillor Bea Lund")
