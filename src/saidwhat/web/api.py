"""The JSON API under /api: the pages' data as typed models, documented at /openapi.json.

Unknown ids answer 404 with `{"detail": …}`, bad parameters 422: both are declared on
every route, so a client generated from the schema knows them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ..errors import InputError
from ..store.browse import Search
from ..store.records import (
    ArticleSummary,
    CoSpeaker,
    FoundStatement,
    SpeakerSummary,
    StoredArticle,
    StoredQuote,
    WeekCount,
)
from ..store.search import PeopleOrder
from ..types import QuoteType, SpeakerKind, StatementKind
from .deps import MAX_PAGE, MAX_TEXT_PARAM, PAGE_SIZE, CorpusDep, iso_date, search_quotes, search_summary


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ErrorOut(_Out):
    detail: str


class Overview(_Out):
    """What the store holds: the home page's figures."""

    articles: int
    quotes: int
    people: int
    first_published: dt.date | None = None
    last_published: dt.date | None = None


class _Page(_Out):
    page: int = Field(description="1 for the first page.")
    per_page: int
    has_more: bool = Field(description="Whether page + 1 has rows.")


class ArticlePage(_Page):
    items: list[ArticleSummary]


class QuotePage(_Page):
    total: int = Field(description="How many statements match, on all pages.")
    dated: int = Field(description="How many of them have a date (of any precision); the rest are undated.")
    items: list[StoredQuote]


class PeoplePage(_Page):
    items: list[SpeakerSummary]


class PersonOut(_Page):
    """A person, their statements newest first (paged), their weeks, and who is quoted alongside."""

    person: SpeakerSummary
    weeks: list[WeekCount] = Field(
        description="Dated statements a week, each at its precision (a month's spread over its weeks), "
        "empty weeks left out."
    )
    alongside: list[CoSpeaker]
    items: list[StoredQuote]
    undated: int = Field(0, description="Statements no week can hold: undated, 'some time before', a decade.")


def _iso_date(value: object) -> object:
    """Read as the pages read it (`iso_date`): pydantic would also take `0` as a Unix time."""
    if not isinstance(value, str):
        return value
    found = iso_date(value)
    if found is None:
        raise ValueError("expected a date as YYYY-MM-DD")
    return found


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "No such id in the store."}
}
PageParam = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")]

router = APIRouter(prefix="/api", tags=["api"])


def _offset(page: int) -> int:
    return (page - 1) * PAGE_SIZE


@router.get("/overview")
def overview(corpus: CorpusDep) -> Overview:
    """How many articles, statements and people the store holds, and its publication dates."""
    stats, span = corpus.stats(), corpus.span()
    return Overview(
        articles=stats.articles,
        quotes=stats.quotes,
        people=stats.people,
        first_published=span.first,
        last_published=span.last,
    )


@router.get("/articles")
def articles(corpus: CorpusDep, page: PageParam = 1) -> ArticlePage:
    """Articles, newest first."""
    rows = corpus.articles(limit=PAGE_SIZE + 1, offset=_offset(page))
    return ArticlePage(page=page, per_page=PAGE_SIZE, has_more=len(rows) > PAGE_SIZE, items=rows[:PAGE_SIZE])


@router.get("/articles/{article_id}", responses=NOT_FOUND)
def article(article_id: str, corpus: CorpusDep) -> StoredArticle:
    """One article with its people and statements (the `saidwhat analyze` JSON as `analysis`)."""
    found = corpus.article(article_id)
    if found is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return found


@router.get("/quotes")
async def quotes(
    request: Request,
    speaker: Annotated[
        str | None, Query(max_length=MAX_TEXT_PARAM, description="A person under any name, or a group.")
    ] = None,
    q: Annotated[
        str | None, Query(max_length=MAX_TEXT_PARAM, description="Words of the statement, all required.")
    ] = None,
    since: Annotated[
        IsoDate | None, Query(description="Statements whose date interval ends on or after (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        IsoDate | None, Query(description="Statements whose date interval starts on or before (YYYY-MM-DD).")
    ] = None,
    type: Annotated[QuoteType | None, Query(description="direct, mixed or indirect.")] = None,
    kind: Annotated[SpeakerKind | None, Query(description="The speaker's kind, as the search facet.")] = None,
    statement_kind: Annotated[
        list[StatementKind] | None,
        Query(description="Only statements of these kinds (repeat it: speech, writing, thought)."),
    ] = None,
    source: Annotated[
        str | None, Query(max_length=MAX_TEXT_PARAM, description="The article's source, as the search facet.")
    ] = None,
    year: Annotated[int | None, Query(ge=1, le=9999, description="The year of the statement's date.")] = None,
    page: PageParam = 1,
) -> QuotePage:
    """Statements matching every filter: most relevant first with `q`, else newest first; the
    parameters of the /search page."""
    search = Search(
        speaker=speaker or None,
        contains=q or None,
        since=since,
        until=until,
        type=type,
        statement_kind=tuple(statement_kind) if statement_kind else None,
        kind=kind,
        source=source or None,
        year=year,
    )
    rows = await search_quotes(request, search, page)
    counts = await search_summary(request, search)
    return QuotePage(
        page=page,
        per_page=PAGE_SIZE,
        has_more=len(rows) > PAGE_SIZE,
        total=counts.total,
        dated=counts.dated,
        items=rows[:PAGE_SIZE],
    )


@router.get("/people")
def people(
    corpus: CorpusDep,
    q: Annotated[
        str | None, Query(max_length=MAX_TEXT_PARAM, description="Part of any of their names, any case.")
    ] = None,
    sort: Annotated[
        PeopleOrder, Query(description="quotes (most first), name (surname first) or last (latest first).")
    ] = "quotes",
    page: PageParam = 1,
) -> PeoplePage:
    """People by number of statements (most first), name or latest statement: the /people page's list."""
    match = (q or "").strip() or None
    rows = corpus.people_page(match=match, order=sort, limit=PAGE_SIZE + 1, offset=_offset(page))
    return PeoplePage(page=page, per_page=PAGE_SIZE, has_more=len(rows) > PAGE_SIZE, items=rows[:PAGE_SIZE])


@router.get("/people/{person_id}", responses=NOT_FOUND)
def person(person_id: str, corpus: CorpusDep, page: PageParam = 1) -> PersonOut:
    """One person (ids are name keys such as `doe|jane`) and a page of their statements."""
    summary = corpus.person(person_id)
    if summary is None:
        raise HTTPException(404, f"no person with id {person_id!r}")
    rows = corpus.quotes(person=person_id, limit=PAGE_SIZE + 1, offset=_offset(page))
    return PersonOut(
        page=page,
        per_page=PAGE_SIZE,
        has_more=len(rows) > PAGE_SIZE,
        person=summary,
        weeks=corpus.quotes_per_week(person_id),
        alongside=corpus.quoted_alongside(person_id),
        items=rows[:PAGE_SIZE],
        undated=corpus.undated_count(person_id),
    )


@router.get("/find")
def find(
    corpus: CorpusDep,
    q: Annotated[str, Query(min_length=1, max_length=MAX_TEXT_PARAM, description="Words of the statement.")],
    speaker: Annotated[
        str | None, Query(max_length=MAX_TEXT_PARAM, description="Only this speaker, under any name.")
    ] = None,
) -> list[FoundStatement]:
    """Who said these words, and where first: one row a group of repeats across articles, exact and
    near-exact matches first, then the earliest first seen (`saidwhat find`)."""
    try:
        return corpus.find(q, speaker=speaker or None, limit=PAGE_SIZE)
    except InputError:
        return []  # no words in q (only punctuation or marks): nothing matches
