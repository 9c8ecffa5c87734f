"""Role nouns (issue 14): which person of an article holds a role, and whom "the prime minister",
"the premier" or "the Tory leader" means; the role vocabulary is data. Texts written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

import saidwhat
from saidwhat.errors import LexiconError
from saidwhat.lexicon import load_lexicon
from saidwhat.types import Article


def speakers(article: Article) -> list[tuple[str, str]]:
    return [(q.speaker.kind, q.speaker.name) for q in article.quotes if q.speaker is not None]


def roles(article: Article) -> dict[str, list[str]]:
    return {p.name: p.roles for p in article.people}


@pytest.mark.parametrize(
    ("words", "role"),
    [
        ("the Premier", "prime minister"),
        ("Prime Minister", "prime minister"),
        ("Tory leader", "conservative leader"),
        ("leader of the Conservatives", "conservative leader"),
        ("Chancellor of the Exchequer", "chancellor"),
        ("shadow chancellor", "shadow chancellor"),
        ("former prime minister", None),
        ("spokesman", None),
    ],
)
def test_the_role_table_gives_one_name_to_synonyms(words: str, role: str | None) -> None:
    assert load_lexicon().role_of(words) == role


def test_a_phrase_given_to_two_roles_is_refused(tmp_path: Path) -> None:
    source = (Path(saidwhat.__file__).parent / "data" / "lexicon.toml").read_text("utf-8")
    bad = tmp_path / "lexicon.toml"
    bad.write_text(source.replace('"chancellor" = [', '"chancellor" = ["premier", '), "utf-8")
    with pytest.raises(LexiconError, match="premier"):
        load_lexicon(bad)


@pytest.mark.parametrize(
    "text",
    [
        "Prime Minister Jane Doe visited the port. The prime minister said the ferry would run by May.",
        "The prime minister, Jane Doe, visited the port. The premier said the ferry would run by May.",
        "Jane Doe, the prime minister, visited the port. The prime minister said the ferry would run by May.",
    ],
)
def test_a_role_noun_is_the_person_the_article_says_holds_it(text: str) -> None:
    article = saidwhat.analyze(text)
    assert roles(article) == {"Jane Doe": ["prime minister"]}
    assert speakers(article) == [("person", "Jane Doe")]
    doe = article.people[0]
    assert any(article.article.text[s:e] in ("minister", "premier") for s, e in doe.mentions)


def test_a_party_word_and_a_title_name_the_party_leader() -> None:
    text = (
        "Tory leader Sam Vell opened the campaign in Derby. "
        '"We will win," the Conservative leader said.\n\n'
        "The leader of the Conservatives said the polls were wrong."
    )
    article = saidwhat.analyze(text)
    assert roles(article) == {"Sam Vell": ["conservative leader"]}
    assert speakers(article) == [("person", "Sam Vell"), ("person", "Sam Vell")]


def test_a_country_qualifies_a_role_and_a_role_of_another_country_is_no_one() -> None:
    text = (
        "Russian President Ivan Petrov met Maria Lenz in Vienna. "
        "The Russian president said trade would grow. The French president said it would not."
    )
    article = saidwhat.analyze(text)
    assert roles(article)["Ivan Petrov"] == ["russian president"]
    assert speakers(article)[0] == ("person", "Ivan Petrov")
    assert speakers(article)[1][0] == "group"


def test_a_secretary_of_state_for_a_department_holds_its_role() -> None:
    text = (
        "The Secretary of State for Culture, Lena Moss, opened the library in Hull on Monday. "
        "The culture secretary said every town deserved one."
    )
    article = saidwhat.analyze(text)
    assert speakers(article) == [("person", "Lena Moss")]


def test_a_former_holder_or_an_unknown_modifier_is_not_the_holder() -> None:
    text = "Former prime minister Jo Kay spoke in Hull. The prime minister said the plan was sound."
    article = saidwhat.analyze(text)
    assert speakers(article) == [("group", "prime minister")]


def test_of_two_holders_the_one_named_last_is_meant() -> None:
    text = (
        "Defendant Tom Hale sat beside defendant Ann Bray in court on Monday. "
        "Ann Bray wept. The defendant said she had been misled."
    )
    article = saidwhat.analyze(text)
    assert speakers(article) == [("person", "Ann Bray")]


def test_a_role_noun_never_becomes_a_person_of_its_own() -> None:
    article = saidwhat.analyze("The Prime Minister said the ferry would run by May. The Chancellor agreed.")
    assert article.people == []
    assert speakers(article)[0] == ("group", "Prime Minister")


@pytest.mark.parametrize(
    ("text", "holder"),
    [
        # the country of "of Russia" in an apposition's role, the adjective in the role noun
        (
            "President Anna Holm of Norway spoke by telephone on Monday with Dmitri Sokolov, the "
            "president of Russia. Afterwards she said her Russian counterpart had promised to "
            "reopen the border.",
            "Dmitri Sokolov",
        ),
        # "of France" after the name, though the model tags no place; a counterpart of another title
        (
            "Prime Minister Karl Brandt met Emile Laurent of France and Russian President Dmitri "
            "Sokolov in Vienna. Brandt said later that his French counterpart had offered help.",
            "Emile Laurent",
        ),
        (
            "Chancellor Karl Brandt met President Emile Laurent of France and Dmitri Sokolov of "
            "Russia on Friday. Brandt said his Russian counterpart had been frank.",
            "Dmitri Sokolov",
        ),
    ],
)
def test_a_counterpart_of_a_country_is_the_person_of_that_country(text: str, holder: str) -> None:
    article = saidwhat.analyze(text)
    counterpart = text.index("counterpart")
    owners = [p.name for p in article.people if any(s <= counterpart < e for s, e in p.mentions)]
    assert owners == [holder]


def test_a_role_of_a_country_adjective_is_held_by_the_person_of_that_country() -> None:
    article = saidwhat.analyze(
        "Chancellor Karl Brandt met Dmitri Sokolov, the president of Russia, on Friday. The "
        "Russian president said the talks had been frank."
    )
    assert speakers(article) == [("person", "Dmitri Sokolov")]


def test_countries_are_data() -> None:
    lexicon = load_lexicon()
    assert lexicon.country_of("Russian") == lexicon.country_of("Russia") == "russia"
    assert lexicon.country_of("the Netherlands") == lexicon.country_of("Dutch")
    assert lexicon.country_of("Narnia") == "narnia"  # an unknown word stands for itself
