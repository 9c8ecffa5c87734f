"""Statements as a careful reader lists them (issue 16), on short texts written for these tests:
headlines, one row per statement, words against acts, non-responses, contents that end where
their clause ends, titles of works and scare quotes, quotes continued over paragraphs."""

from __future__ import annotations

import pytest
from spacy.language import Language

from saidwhat import analyze
from saidwhat.document import headline
from saidwhat.extract.context import DocContext
from saidwhat.extract.passes import Found, close_contents
from saidwhat.extract.statement import Statement
from saidwhat.types import Quote


def _rows(text: str) -> list[tuple[str, str, str | None]]:
    return [(q.type, q.text, q.speaker.mention if q.speaker else None) for q in analyze(text).quotes]


# --- 1. headlines and captions ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (  # a caption line above the headline, then a video line and a source line
            "A ferry leaves the old quay at Portlow on Tuesday, March 12, 2024.\n"
            "Harbour council votes to close the old quay\n"
            "02:15 - Source: Portlow Gazette\n\n"
            "The council voted to close the quay on Monday.",
            "Harbour council votes to close the old quay",
        ),
        (  # a headline ending in quote marks
            "Okafor: Ferry fares rise a 'disgrace'\n\nLena Okafor said the new fares were a disgrace.",
            "Okafor: Ferry fares rise a 'disgrace'",
        ),
    ],
)
def test_the_title_is_found_after_a_caption_and_with_quote_marks(text: str, title: str) -> None:
    assert headline(text) == title
    assert analyze(text).article.title == title


def test_a_statement_in_the_headline_is_marked_and_keeps_its_speaker() -> None:
    text = (
        "Okafor: Ferry fares rise a 'disgrace'\n\n"
        "Councillor Lena Okafor said on Monday that the new ferry fares were a disgrace to the town."
    )
    quotes = analyze(text).quotes
    in_title = [q for q in quotes if q.in_title]
    assert in_title and all(q.speaker is not None and q.speaker.mention == "Okafor" for q in in_title)
    body = [q for q in quotes if not q.in_title]
    assert [q.text for q in body] == ["that the new ferry fares were a disgrace to the town"]


@pytest.mark.parametrize(
    "topic", ["Heatwave: Portlow Council Shuts Schools Early", "Omicron: Portlow opens two clinics"]
)
def test_a_topic_before_a_colon_is_no_speaker(topic: str) -> None:
    text = f"{topic}\n\nThe town acted on Monday, a council spokeswoman said."
    assert [speaker for _, _, speaker in _rows(text)] == ["a council spokeswoman"]


def test_statements_in_the_title_are_not_counted_again() -> None:
    from rich.console import Console

    from saidwhat.render.table import render_table

    text = "Okafor: Ferry fares rise a 'disgrace'\n\nLena Okafor said the new fares were a disgrace.\n"
    console = Console(record=True, width=120)
    render_table(analyze(text), console)
    assert "1 statement (+" in console.export_text()


def _one(text: str) -> Quote:
    [quote] = analyze(text).quotes
    return quote


# --- 2. one statement, one row ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Reyes called for “an end to the delays at the quay” on Monday.",
        "Reyes warned of “a long winter for the harbour”.",
        "The council will close the quay, which Reyes called “a disgrace”.",
    ],
)
def test_a_quoted_span_is_one_statement_not_a_mixed_and_an_indirect_one(text: str) -> None:
    spans = [(q.start, q.end) for q in analyze(text).quotes]
    assert len(spans) == len(set(spans))
    assert any(q.type == "mixed" and q.speaker is not None for q in analyze(text).quotes)


# --- 3. contents end where the reported clause ends -------------------------------------------


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (  # a mixed quote closing the content: its closing mark is the content's
            "The mayor said the plan was “dead in the water,” adding that the council would vote again.",
            "the plan was “dead in the water,”",
        ),
        (
            "Reyes criticised the plans for ferry quotas and “the tough talk on fares”.",
            "the plans for ferry quotas and “the tough talk on fares”",
        ),
    ],
)
def test_a_content_ends_where_its_clause_and_its_quote_marks_end(text: str, content: str) -> None:
    assert content in [q.text for q in analyze(text).quotes if q.type == "indirect"]


def test_a_content_never_ends_on_a_dangling_and(nlp: Language) -> None:
    """A content cut before the next statement loses the "and" it stopped on; one cut inside a
    coordinated noun phrase takes in the rest of it."""
    text = (
        "Reyes said the quay was unsafe, and fishermen said the pier was worse. "
        "Okafor praised the crew and the staff."
    )
    ctx = DocContext.of(nlp(text))
    first = Statement("indirect", text.index("the quay"), text.index("fishermen") - 1, "verb_cue")
    second = Statement("indirect", text.index("the crew"), text.index(" the staff"), "verb_cue")
    close_contents(Found(direct=[], reported=[first, second]), ctx)
    assert text[first.start : first.end] == "the quay was unsafe"
    assert text[second.start : second.end] == "the crew and the staff"


# --- 3. non-responses are no statements -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "A spokesman for the ferry company did not respond to a request for comment on Monday.",
        "The harbour board didn't immediately reply to questions about the new fares.",
        "Her lawyer would not comment on the ferry contract.",
        "The council failed to respond to repeated requests for comment.",
        "The mayor's office declined to comment. Her lawyer could not be reached for comment.",
    ],
)
def test_a_non_response_is_no_statement(text: str) -> None:
    assert _rows(text) == []


# --- 4. titles of works, names and scare quotes -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Reyes said her favourite book is “A Long Way to the Quay” and she rereads it every year.",
        "Her favourite film is “The Harbour at Dawn”, which she watches every winter.",
        "The mayor joined a group called “Friends of the Old Quay” last spring, Reyes said.",
        "The so-called “harbour experts” were wrong about the quay, Reyes said.",
    ],
)
def test_a_title_or_scare_quote_in_quote_marks_is_no_quote(text: str) -> None:
    assert [row for row in _rows(text) if row[0] != "indirect"] == []


def test_a_lower_case_phrase_after_called_stays_a_quote() -> None:
    text = "The board backed the plan, which Reyes called “a betrayal of the town” on Monday."
    assert ("mixed", "a betrayal of the town", "Reyes") in _rows(text)


# --- quotes continued over paragraphs ---------------------------------------------------------


@pytest.mark.parametrize(
    "after",
    ["“And I said, ‘I want both.’” Council members laughed.", "“And I said I want both.” The room laughed."],
)
def test_a_quote_continued_in_the_next_paragraph_keeps_its_speaker(after: str) -> None:
    text = f"“We asked the board for two new cranes,” Reyes told the council on Monday.\n\n{after}"
    rows = _rows(text)
    assert [speaker for _, _, speaker in rows] == ["Reyes", "Reyes"]


# --- 3. a noun-phrase object is content only when it stands for words ------------------------


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The Harbour Front group claimed responsibility for the attack on the quay.", None),
        ("Okafor thanked her supporters at the pier on Monday.", None),
        ("The mayor called for a ban on fireworks by the harbour.", "a ban on fireworks by the harbour"),
        ("Reyes denied the allegations on Monday.", "the allegations"),
        ("Reyes claimed that the quay was safe.", "that the quay was safe"),
    ],
)
def test_a_noun_phrase_object_is_words_only_when_it_stands_for_words(text: str, content: str | None) -> None:
    assert [words for _, words, _ in _rows(text)] == ([content] if content else [])
