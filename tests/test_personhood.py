"""Names that are no person's: parties and their members, organisations, works, words glued
to a lost space, a lone word that only speaks; and the role or body before a full name, which
is no part of it. Short texts written for these tests."""

from __future__ import annotations

from collections import Counter

import pytest

import saidwhat
from saidwhat.extract.context import DocContext
from saidwhat.extract.person import PersonRecord
from saidwhat.extract.personhood import is_person
from saidwhat.types import Article


def names(article: Article) -> list[str]:
    return [p.name for p in article.people if p.named]


def speakers(article: Article) -> list[tuple[str, str]]:
    return [(q.speaker.kind, q.speaker.name) for q in article.quotes if q.speaker]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('"We will win," the Lib Dems said.', id="a-party"),
        pytest.param('Labour said the plan was working. "We will win," Labour said.', id="a-party-alone"),
        pytest.param('"It was rushed," MPs said. MPs said they were angry.', id="members-as-a-body"),
        pytest.param('"We will win," the Morgan Halleys said.', id="a-plural-after-the"),
    ],
)
def test_a_body_that_speaks_is_a_group_not_a_person(text: str) -> None:
    article = saidwhat.analyze(text)
    assert names(article) == []
    assert speakers(article) and all(kind == "group" for kind, _ in speakers(article))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Morgan Halley said its profits rose by a fifth.", id="its"),
        pytest.param("The Morgan Halley boss said sales fell. Morgan Halley said cuts were due.", id="boss"),
        pytest.param("Shares in Morgan Halley fell. Morgan Halley said it would recover.", id="shares-in"),
        pytest.param(
            "Morgan Halley said rates would rise. Jo Ord, an economist at Morgan Halley, agreed.",
            id="a-role-at-it",
        ),
        pytest.param("Morgan Halley, the oil firm, said output would fall.", id="said-to-be-a-firm"),
        pytest.param("Halvorsen Petroleum said profits rose by a fifth.", id="a-company-word"),
        pytest.param(
            "Morgan Halley said drilling near its site went well. Morgan Halley's share price rose.",
            id="its-share-price",
        ),
    ],
)
def test_an_organisation_is_no_person_even_with_a_first_name(text: str) -> None:
    article = saidwhat.analyze(text)
    assert names(article) in ([], ["Jo Ord"])
    assert ("group", "Halvorsen Petroleum" if "Petroleum" in text else "Morgan Halley") in speakers(article)


def test_a_word_glued_to_a_function_word_is_no_name() -> None:
    article = saidwhat.analyze(
        "Mr Penhallow spoke about the central purpose ofNew Labour on Tuesday. "
        "He said the party would win the next election."
    )
    assert names(article) == ["Mr Penhallow"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        pytest.param("Solicitor Gareth Pellow said the ruling was wrong.", "Gareth Pellow", id="a-role"),
        pytest.param(
            "Members of Tellwyn voted to strike. Tellwyn Dave Prenton said the strike would go ahead.",
            "Dave Prenton",
            id="a-body-named-elsewhere",
        ),
        pytest.param("Farmer Geoff Brooks said the field was flooded.", "Geoff Brooks", id="a-role-word"),
        pytest.param("Fellow Lib Dem Norman Bracken said it was wrong.", "Norman Bracken", id="fellow"),
    ],
)
def test_a_word_before_a_full_name_is_no_part_of_it(text: str, name: str) -> None:
    assert names(saidwhat.analyze(text)) == [name]


def test_a_lone_speaking_word_needs_more_to_be_a_person() -> None:
    # "Brackwell said" alone says nothing of a person; a pronoun that refers back does.
    assert names(saidwhat.analyze('"The deal will close in May," Brackwell said.')) == []
    article = saidwhat.analyze('Burton explained from a podium. "I love cats," he said.')
    assert names(article) == ["Burton"]


def test_a_work_is_no_person() -> None:
    article = saidwhat.analyze("Critics said the Harwood Symphony was too long. Alan Brisk said so.")
    assert names(article) == ["Alan Brisk"]


@pytest.mark.parametrize(
    "text",
    [
        'Budget airline Brackwell said fares would fall. "We are cheap," Brackwell said.',
        "Exchange operator Brackwell said the bid was final.",
    ],
)
def test_a_description_before_a_name_is_no_title(text: str) -> None:
    # "airline", "operator" say what the thing is; only a title or a person noun says "person"
    assert names(saidwhat.analyze(text)) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        pytest.param(
            '"It will help," said Paul Hoffner of the Lisbon Forum, a Brussels-based citizen action group.',
            "Paul Hoffner",
            id="an-apposition-of-the-organisation-after-the-name",
        ),
        pytest.param(
            "But William Carr of the Campaign for Clean Air urged the council to keep pressing its case.",
            "William Carr",
            id="its-of-a-noun-between",
        ),
        pytest.param(
            'Scottish Finance Minister, Tom Dalby MSP, said: "We will spend more."',
            "Tom Dalby MSP",
            id="a-title-is-no-name",
        ),
    ],
)
def test_a_person_beside_an_organisation_stays_the_one_person(text: str, name: str) -> None:
    assert names(saidwhat.analyze(text)) == [name]


def test_a_things_name_takes_no_pronoun() -> None:
    # "the Marcus Plan" has a first name before a thing's last word: a plan, which "he" is not.
    text = (
        "I met Alphonse Reyes at dinner. When I argued that the Marcus Plan was devised to help "
        "the ports, whereas the city did not suffer, he replied that this was a weak answer."
    )
    article = saidwhat.analyze(text)
    named = {p.name: [text[s:e] for s, e in p.mentions] for p in article.people if p.named}
    assert named == {"Alphonse Reyes": ["Alphonse Reyes", "he"]}


def test_a_plural_thing_after_a_persons_name_is_no_body() -> None:
    # "the Daniel Okonkwo Papers" are his papers, not a family called Okonkwo ("the Okonkwos").
    nlp = saidwhat.load_pipeline()
    with nlp.select_pipes(disable=["saidwhat_quotes"]):
        doc = nlp("Historians read the Daniel Okonkwo Papers last year.")
    person = PersonRecord(["Daniel", "Okonkwo"], pronouns=Counter({"male": 3}))
    assert is_person(DocContext.of(doc), person, [doc[3], doc[4]])
