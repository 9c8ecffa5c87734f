"""End-to-end extraction on short articles written for these tests, against their gold
(tests/articles/gold.json): every gold statement found with its type, speaker and date,
and nothing found that the gold does not list."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import saidwhat
from saidwhat.types import Article, Quote

ARTICLES = Path(__file__).parent / "articles"
GOLD: dict[str, Any] = {
    k: v for k, v in json.loads((ARTICLES / "gold.json").read_text()).items() if k[0] != "_"
}


def _matches(quote: Quote, gold: dict[str, Any]) -> bool:
    return quote.text.startswith(gold["text"]) and quote.type == gold.get("type", quote.type)


def _analyze(name: str) -> Article:
    gold = GOLD[name]
    published = dt.date.fromisoformat(gold["published"]) if gold["published"] else None
    return saidwhat.analyze((ARTICLES / name).read_bytes(), published=published)


@pytest.fixture(scope="module")
def analyses(nlp: object) -> dict[str, Article]:
    return {name: _analyze(name) for name in GOLD}


@pytest.mark.parametrize(
    ("name", "gold"),
    [(name, s) for name, article in GOLD.items() for s in article["statements"]],
    ids=lambda v: v if isinstance(v, str) else v["text"][:30],
)
def test_gold_statement_found(analyses: dict[str, Article], name: str, gold: dict[str, Any]) -> None:
    article = analyses[name]
    found = [q for q in article.quotes if _matches(q, gold)]
    assert found, f"not found: {gold['text']!r}; have {[q.text[:40] for q in article.quotes]}"
    quote = found[0]
    assert quote.speaker is not None
    assert quote.speaker.name == gold["speaker"]
    if "mention" in gold:
        assert quote.speaker.mention == gold["mention"]
    if "people" in gold:
        names = {p.id: p.name for p in article.people}
        assert [names[i] for i in quote.speaker.people] == gold["people"]
    if "end" in gold:
        assert gold["end"] in quote.text
    if "date" in gold:
        assert str(quote.date) == gold["date"]
    if "addressee" in gold:
        assert quote.addressee is not None and quote.addressee.name == gold["addressee"]
    assert article.article.text[quote.start : quote.end] == quote.text


@pytest.mark.parametrize("name", list(GOLD))
def test_nothing_invented(analyses: dict[str, Article], name: str) -> None:
    gold = GOLD[name]
    expected = gold["statements"] + gold["allowed"]
    extra = [q.text for q in analyses[name].quotes if not any(q.text.startswith(g["text"]) for g in expected)]
    assert extra == []


@pytest.mark.parametrize("name", list(GOLD))
def test_people(analyses: dict[str, Article], name: str) -> None:
    people = {p.name: p for p in analyses[name].people}
    for person_name, facts in GOLD[name]["people"].items():
        assert person_name in people
        person = people[person_name]
        for title in facts.get("titles", []):
            assert title in person.titles
        if "gender" in facts:
            assert person.gender == facts["gender"]


def test_no_publication_date_means_no_invented_dates(analyses: dict[str, Article]) -> None:
    article = analyses["cup-final.txt"]
    assert article.article.published is None
    assert all(q.date is None for q in article.quotes)
