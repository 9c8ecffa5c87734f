"""Attributions whose cue is no verb (extract/stances.py): a stance adjective after a copula and
a stance noun of its owner, with PolNeAR's spans; on short texts written for these tests."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from saidwhat import load_pipeline
from saidwhat.core import analyze_document
from saidwhat.document import Document
from saidwhat.errors import LexiconError
from saidwhat.lexicon import load_lexicon
from saidwhat.types import Quote


def _quotes(text: str, *, beliefs: bool = True) -> list[Quote]:
    article = analyze_document(Document(text=text, name="t"), load_pipeline(beliefs=beliefs))
    return article.quotes


def _one(text: str, content: str) -> Quote:
    found = [q for q in _quotes(text) if q.text == content]
    assert found, [q.text for q in _quotes(text)]
    return found[0]


@pytest.mark.parametrize(
    ("text", "content", "source", "cue"),
    [
        (
            "Councillor Maren Holt has been critical of the ferry timetable for months.",
            "the ferry timetable for months",
            "Councillor Maren Holt",
            "has been critical of",
        ),
        (
            "The harbour board was concerned that the new quay would open late.",
            "that the new quay would open late",
            "The harbour board",
            "was concerned",
        ),
        (
            "Residents of the island were quick to condemn the new toll on the bridge.",
            "the new toll on the bridge",
            "Residents of the island",
            "were quick to condemn",
        ),
        (
            "His endorsement of the toll plan cost Tomas Brandt his seat on the board.",
            "the toll plan",
            "His",
            "endorsement of",
        ),
        (
            "The union welcomed Ingrid Sola's pledge to keep the night ferry running.",
            "to keep the night ferry running",
            "Ingrid Sola's",
            "pledge",
        ),
        (  # a pronoun owner of a verb's object: the verb's subject holds it, the cue starts at the verb
            "Councillor Maren Holt stepped up her attacks on the toll plan.",
            "the toll plan",
            "Councillor Maren Holt",
            "stepped up her attacks on",
        ),
    ],
)
def test_stance_frames(text: str, content: str, source: str, cue: str) -> None:
    quote = _one(text, content)
    assert quote.speaker is not None and quote.speaker.mention == source
    assert quote.cue is not None and quote.cue.text == cue


@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        (  # the clause under the adjective
            "Headline\n\nThe ferry union is concerned hundreds of workers may lose their jobs.",
            "hundreds of workers may lose their jobs",
            "is concerned",
        ),
        (
            "Headline\n\nThe harbour board was aware the quay would open late.",
            "the quay would open late",
            "was aware",
        ),
        (  # a participle the model reads as a passive verb, "was" its auxiliary
            "Headline\n\nThe mayor was convinced the bridge would open in May.",
            "the bridge would open in May",
            "was convinced",
        ),
        (  # ... with the holder hung on the copula
            "Headline\n\nCouncillor Doe is worried the council will close the pier.",
            "the council will close the pier",
            "is worried",
        ),
    ],
)
def test_a_stance_adjective_reports_its_clause_without_that(text: str, content: str, cue: str) -> None:
    quote = _one(text, content)
    assert quote.cue is not None and quote.cue.text == cue
    assert quote.kind == "thought"


@pytest.mark.parametrize(
    "text",
    [
        "Headline\n\nThe ferry union is certain hundreds of workers may lose their jobs.",  # not listed
        "Headline\n\nAs far as the ferry union is concerned, the fares are too high.",
    ],
)
def test_a_clause_without_that_needs_a_listed_adjective_that_governs_it(text: str) -> None:
    assert not [q for q in _quotes(text) if q.kind == "thought"]


def test_stances_are_thoughts_unless_the_noun_names_words() -> None:
    assert _one("Councillor Maren Holt was critical of the ferry timetable.", "the ferry timetable").kind == (
        "thought"
    )
    claim = _one("The union disputed Ingrid Sola's claim that the ferry was safe.", "that the ferry was safe")
    assert claim.kind == "speech"


@pytest.mark.parametrize(
    "text",
    [
        # no holder: an impersonal "it", a first person outside quote marks
        "It is critical of the board to wait until the spring.",
        "We are critical of the bridge toll and its timetable.",
        # a word the lexicon does not list in that frame
        "Councillor Maren Holt was tired of the ferry timetable.",
        "The old ferry was reluctant to start on cold mornings.",
        # inside quote marks: the quote's
        "“Councillor Holt is critical of the timetable,” the ferry operator said.",
    ],
)
def test_no_stance(text: str) -> None:
    assert not [q for q in _quotes(text) if q.kind == "thought"]


def test_beliefs_off_turns_stances_off() -> None:
    text = "Councillor Maren Holt has been critical of the ferry timetable for months."
    assert any(q.kind == "thought" for q in _quotes(text))
    assert not _quotes(text, beliefs=False)


def test_a_stance_inside_reported_speech_is_the_speakers_words() -> None:
    text = "The ferry operator said that Councillor Maren Holt was critical of the timetable."
    quotes = _quotes(text)
    assert [q.text for q in quotes] == ["that Councillor Maren Holt was critical of the timetable"]


def test_lexicon_pairs_are_a_word_and_its_complement(tmp_path: Path) -> None:
    text = resources.files("saidwhat").joinpath("data/lexicon.toml").read_text("utf-8")
    bad = tmp_path / "lexicon.toml"
    bad.write_text(text.replace('"critical of"', '"critical"'), encoding="utf-8")
    with pytest.raises(LexiconError, match="critical"):
        load_lexicon(bad)
