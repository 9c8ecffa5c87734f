"""Speech the rules used to miss or cut (issue 16, item 6), on texts written for these tests:
a headline label the model tags as a common noun, "say" with a misread object or gerund, a
question read as an adverbial clause, a date phrase before the content, a connective before
"according to", a noun that names a statement, an impersonal passive."""

from __future__ import annotations

import pytest

from saidwhat import analyze


def _rows(text: str) -> list[tuple[str, str | None, str | None]]:
    return [
        (q.text, q.speaker.mention if q.speaker else None, q.cue.text if q.cue else None)
        for q in analyze(text).quotes
    ]


def test_a_headline_label_read_as_a_noun_is_the_speaker_named_in_the_body() -> None:
    text = (
        "Sanders: Ferry Fares Story Has Moved On\n\n"
        "Councillor Mabel Sanders says the story of the ferry fares has moved on."
    )
    rows = _rows(text)
    assert ("Ferry Fares Story Has Moved On", "Sanders", ":") in rows


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (  # the parser reads the reported clause's subject as the object of "says"
            "Senator Jane Doe says the movement that is sweeping the county appeals to the worst "
            "instincts of its voters.",
            "the movement that is sweeping the county appeals to the worst instincts of its voters",
        ),
        (  # ... and a gerund subject as the complement of "said"
            "He said draining it could put thousands of people to work in the harbour towns.",
            "draining it could put thousands of people to work in the harbour towns",
        ),
        (  # a question read as an adverbial clause
            "Okafor asked residents if they planned to attend the meeting.",
            "if they planned to attend the meeting",
        ),
        (  # a date phrase before the clause dates the saying
            "Doe said on Friday he met the harbour master earlier this week.",
            "he met the harbour master earlier this week",
        ),
    ],
)
def test_the_content_is_the_reported_clause(text: str, content: str) -> None:
    assert content in [row[0] for row in _rows(text)]


def test_a_second_cue_after_but_is_its_own_statement() -> None:
    rows = _rows("Doe said the ferry would run in May, but the council said it would not.")
    assert [(r[0], r[1]) for r in rows] == [
        ("the ferry would run in May", "Doe"),
        ("it would not", "the council"),
    ]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (  # a connective before the clause is the writer's
            "Even so, in March the council raised $5 million, according to its accounts.",
            "in March the council raised $5 million",
        ),
        (  # an opening that says when is part of what was reported
            "In March, the council raised $5 million, according to its accounts.",
            "In March, the council raised $5 million",
        ),
    ],
)
def test_according_to_leaves_out_a_connective(text: str, content: str) -> None:
    assert [row[0] for row in _rows(text)] == [content]


@pytest.mark.parametrize(
    ("text", "content", "owner"),
    [
        ("Doe's claim that the quay is safe was rejected by the board.", "that the quay is safe", "Doe"),
        (
            "Residents remembered Okafor's promise to keep the ferry running all winter.",
            "to keep the ferry running all winter",
            "Okafor",
        ),
        (
            "The board rejected Lena Okafor's call for a ban on cars in the harbour district.",
            "a ban on cars in the harbour district",
            "Lena Okafor",
        ),
    ],
)
def test_a_noun_that_names_a_statement_is_its_owners(text: str, content: str, owner: str) -> None:
    quotes = {q.text: q for q in analyze(text).quotes}
    assert content in quotes
    speaker = quotes[content].speaker
    assert speaker is not None and speaker.mention is not None and speaker.mention.startswith(owner)


def test_a_statement_noun_without_an_owner_is_a_topic() -> None:
    assert _rows("The claim that the quay is safe was rejected by the board.") == []


@pytest.mark.parametrize(
    "text",
    [
        "It was said that the quay would close in May.",
        "It has been reported that the board will sell the ferry.",
    ],
)
def test_an_impersonal_passive_is_a_statement_with_no_speaker(text: str) -> None:
    (quote,) = analyze(text).quotes
    assert quote.text.startswith("that the") and quote.speaker is None and quote.kind == "speech"


def test_an_impersonal_passive_of_a_decision_is_no_statement() -> None:
    assert _rows("It was decided that the quay would close in May.") == []


def test_a_clause_after_but_is_no_part_of_the_question() -> None:
    text = "The Gazette asked whether the mayor backed the plan, but the council refused to answer."
    assert [row[0] for row in _rows(text)] == ["whether the mayor backed the plan"]


def test_a_dateline_opens_the_story_not_the_statement() -> None:
    text = (
        "PORTLOW (Gazette) — Young voters are turning to Councillor Lena Okafor, a new poll shows, "
        "the council said."
    )
    assert [row[0] for row in _rows(text)] == [
        "Young voters are turning to Councillor Lena Okafor, a new poll shows"
    ]


def test_dashes_and_hyphens_inside_the_content_are_no_dateline() -> None:
    assert [row[0] for row in _rows("Doe said the harbour — and the quay — would close.")] == [
        "the harbour — and the quay — would close"
    ]
    text = "Okafor said Mabel Hart-Smith and her son had been travelling together on the ferry."
    assert [row[0] for row in _rows(text)] == [
        "Mabel Hart-Smith and her son had been travelling together on the ferry"
    ]
