"""What a store's reader returns: statements, people and articles, as frozen pydantic models."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal, TypedDict

from pydantic import BaseModel, ConfigDict, Field

from ..types import Article, DatePrecision, Quote, QuoteType, StatementKind


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CorpusStats(_Record):
    """What a store holds."""

    articles: int
    quotes: int
    people: int
    runs: int


class FirstSeen(_Record):
    """The earliest stored article holding a statement of a group."""

    article_hash: str
    published: dt.date | None = None
    url: str | None = None
    source: str | None = Field(None, description="The site or publisher, from the page's metadata.")


class Provenance(_Record):
    """One statement across articles: the same words of the same speaker (store/provenance.py)."""

    group: str = Field(description="The group's id: the same for every statement of the same words.")
    occurrences: int = Field(description="Stored articles holding a statement of the group.")
    first_seen: FirstSeen = Field(description="The earliest by publication date (ties: first ingested).")


class FoundStatement(_Record):
    """A group whose words match what `saidwhat find` was asked (store/find.py)."""

    match: Literal["exact", "near", "words"] = Field(
        description="exact: the words unbroken in the statement; near: a near copy; words: most of them."
    )
    similarity: float = Field(description="How alike the words are, 0 to 1.")
    text: str = Field(description="The best-matching statement's words.")
    speaker: str | None = Field(None, description="Its speaker as the article names them.")
    provenance: Provenance


class StoredQuote(_Record):
    """One stored statement, with its article and the person it is attributed to across articles."""

    article_hash: str
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    origin: str
    person_id: str | None = Field(None, description="Identity across articles, when a person spoke.")
    person: str | None = Field(None, description="That person's name, e.g. 'Jane Doe' for 'Ms Doe'.")
    score: float | None = Field(None, description="BM25 relevance, when searched with `contains`.")
    quote: Quote
    provenance: Provenance | None = Field(None, description="The statement's group across articles.")


class RoleHolding(_Record):
    """A role a person was referred to by as a speaker ("the prime minister said"), and why."""

    role: str = Field(description="Canonical role, with its country if the text gave one: 'prime minister'.")
    statements: int = Field(description="Statements whose speaker is this role noun, resolved to the person.")
    learned: int = Field(
        description="Of them, those whose article names no holder: resolved by the corpus's role evidence."
    )
    evidence: str | None = Field(None, description="The corpus evidence of the learned ones, if any.")


class SpeakerSummary(_Record):
    """A person who made statements, with every name the articles used for them."""

    id: str
    name: str
    names: list[str]
    quotes: int
    articles: int
    first: dt.date | None = None
    last: dt.date | None = None
    first_precision: DatePrecision | None = Field(
        None, description="The precision of the first statement's date: 'year' means only its year is known."
    )
    last_precision: DatePrecision | None = Field(None, description="The same for the last statement.")
    roles: list[RoleHolding] = Field([], description="Roles the person was referred to by as a speaker.")


class StoredArticle(_Record):
    """One stored article as `saidwhat analyze` gave it, with the corpus identity of its people."""

    hash: str = Field(description="SHA-256 of the text: the article's id in the store.")
    origin: str
    fetched: dt.date | None = None
    analysis: Article
    person_ids: dict[str, str] = Field(
        description="The article's person ids (p1, …) → their person across articles, where one is known."
    )


class ArticleSummary(_Record):
    """An article in a list: what tells it apart, and how many statements it holds."""

    hash: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None
    quotes: int


class WeekCount(_Record):
    week: dt.date = Field(description="The Monday of the week.")
    quotes: int = Field(description="Statements made in the week, known to the day or the week.")
    spread: float = Field(
        0.0, description="Shares of the statements known only to a month, quarter or year that fall in it."
    )


class QuoteCounts(_Record):
    """How many statements a search matches, and how many of those have a date."""

    statements: int
    dated: int


class CoSpeaker(_Record):
    """A person quoted in the same articles as another one."""

    id: str
    name: str
    articles: int = Field(description="Articles quoting both.")


class CorpusSpan(_Record):
    """The publication dates of the first and last stored article."""

    first: dt.date | None = None
    last: dt.date | None = None


class FacetCount(_Record):
    """One value of a facet of a search and how many of its statements have it."""

    value: str
    count: int


class SearchSummary(_Record):
    """How many statements a search finds, and their counts by type, speaker kind, source and year."""

    total: int
    dated: int = Field(description="How many of them have a date (of any precision).")
    groups: int = Field(0, description="How many provenance groups they are: repeats left out.")
    facets: dict[str, list[FacetCount]] = Field(
        description="Facet name (type, kind, source, year) → its values, most statements first."
    )


class QuoteFilters(TypedDict, total=False):
    """The keyword arguments of `Corpus.quotes` and `Corpus.quotes_df`."""

    speaker: str | None
    contains: str | None
    since: dt.date | None
    until: dt.date | None
    type: QuoteType | None
    statement_kind: Sequence[StatementKind] | None
    limit: int | None
