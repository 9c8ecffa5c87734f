"""The search page: its form (shared with the downloads), the total, the facets, the matched words.

Form values arrive as strings (an empty date box sends `since=`), so the form is read here and
what is wrong is shown beside it, with status 422, instead of a bare error.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Annotated, get_args

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from ..store.browse import FACET_COLUMNS, Browser, Search
from ..store.records import FacetCount, StoredQuote
from ..types import QuoteType, SpeakerKind
from .deps import (
    MAX_PAGE,
    MAX_TEXT_PARAM,
    PAGE_SIZE,
    cached_query,
    iso_date,
    render,
    search_quotes,
    search_summary,
)

router = APIRouter(include_in_schema=False)
QUOTE_TYPES: tuple[str, ...] = get_args(QuoteType)
SPEAKER_KINDS: tuple[str, ...] = get_args(SpeakerKind)
FACET_LABELS = {"type": "Type", "kind": "Speaker", "source": "Source", "year": "Year"}
FACET_VALUES = 10  # a facet lists its most frequent values: a corpus may have hundreds of sources
_YEAR = re.compile(r"[0-9]{4}")
# A word as the index's tokenizer sees one: letters only (it splits "don't" and "U.S." too).
_WORD = re.compile(r"[^\W\d_]+")
PageParam = Annotated[int, Query(ge=1, le=MAX_PAGE)]
TextParam = Annotated[str, Query(max_length=MAX_TEXT_PARAM)]


@dataclass(frozen=True, slots=True)
class SearchForm:
    """What the form sent (to show it again and build links), the search it means, what is wrong."""

    values: dict[str, str]
    search: Search
    errors: list[str] = field(default_factory=list)


def search_form(
    speaker: TextParam = "",
    q: TextParam = "",
    since: TextParam = "",
    until: TextParam = "",
    type: TextParam = "",
    kind: TextParam = "",
    source: TextParam = "",
    year: TextParam = "",
) -> SearchForm:
    """The dependency: the search page's parameters and the downloads' are the same."""
    values = {
        "speaker": speaker.strip(),
        "q": q.strip(),
        "since": since,
        "until": until,
        "type": type,
        "kind": kind,
        "source": source,
        "year": year,
    }
    errors: list[str] = []
    since_date = _date("From", since, errors)
    until_date = _date("To", until, errors)
    _choice("Type", type, QUOTE_TYPES, errors)
    _choice("Speaker kind", kind, SPEAKER_KINDS, errors)
    if year and not _YEAR.fullmatch(year):
        errors.append(f"Year: {year!r} is not a year; use four digits, e.g. 2024.")
    search = Search(
        speaker=values["speaker"] or None,
        contains=values["q"] or None,
        since=since_date,
        until=until_date,
        type=type if type in QUOTE_TYPES else None,  # type: ignore[arg-type]  # checked above
        kind=kind if kind in SPEAKER_KINDS else None,  # type: ignore[arg-type]  # checked above
        source=source or None,
        year=int(year) if _YEAR.fullmatch(year) else None,
    )
    return SearchForm(values, search, errors)


SearchFormDep = Annotated[SearchForm, Depends(search_form)]


@dataclass(frozen=True, slots=True)
class Facet:
    """A facet as the page shows it: its values (each a link to the narrowed page), the one chosen."""

    name: str
    label: str
    values: list[FacetCount]
    chosen: str


@router.get("/search", response_class=HTMLResponse)
async def search(
    request: Request, form: SearchFormDep, page: PageParam = 1, repeats: bool = False
) -> HTMLResponse:
    hits: list[StoredQuote] = []
    facets: list[Facet] = []
    total = dated = groups = 0
    marks: dict[tuple[str, str], list[tuple[str, bool]]] = {}
    listed = replace(form.search, collapse=not repeats)  # one row a provenance group, unless asked
    if not form.errors:
        hits = (await search_quotes(request, listed, page))[: PAGE_SIZE + 1]
        summary = await search_summary(request, form.search)
        total, dated, groups = summary.total, summary.dated, summary.groups
        facets = [
            Facet(name, FACET_LABELS[name], summary.facets[name][:FACET_VALUES], form.values[name])
            for name in FACET_COLUMNS
        ]
        if form.search.contains is not None:
            marks = await _marks(request, form.search.contains, hits[:PAGE_SIZE])
    values = form.values | {"repeats": "1" if repeats else ""}  # the pager and facets keep the toggle
    return render(
        "search.html.j2",
        422 if form.errors else 200,
        form=values,
        errors=form.errors,
        hits=hits[:PAGE_SIZE],
        repeats=repeats,
        total=total,
        dated=dated,
        groups=groups,
        facets=facets,
        marks=marks,
        page=page,
        has_more=len(hits) > PAGE_SIZE,
        quote_types=QUOTE_TYPES,
        searched=any(form.values.values()),
        nav="search",
    )


async def _marks(
    request: Request, contains: str, hits: list[StoredQuote]
) -> dict[tuple[str, str], list[tuple[str, bool]]]:
    """Each hit's text as (piece, matched) pairs: a word matches when one of its stems is a query
    term, as the index decides (so "repairs" is marked for "repaired"). Jinja escapes the pieces."""
    texts = {(hit.article_hash, hit.quote.id): hit.quote.text for hit in hits}
    words = sorted({word for text in texts.values() for word in _WORD.findall(text)})

    def lookup(corpus: Browser) -> tuple[set[str], dict[str, set[str]]]:
        return corpus.query_terms(contains), corpus.stems(words)

    terms, stems = await cached_query(request, ("marks", contains, tuple(words)), lookup)
    return {key: marked(text, terms, stems) for key, text in texts.items()}


def marked(text: str, terms: set[str], stems: dict[str, set[str]]) -> list[tuple[str, bool]]:
    """`text` cut into pieces, True for the words whose stems meet `terms`, False for what is between."""
    pieces: list[tuple[str, bool]] = []
    start = 0
    for word in _WORD.finditer(text):
        if stems.get(word.group(), set()) & terms:
            pieces.append((text[start : word.start()], False))
            pieces.append((word.group(), True))
            start = word.end()
    pieces.append((text[start:], False))
    return [piece for piece in pieces if piece[0]]


def _date(label: str, value: str, errors: list[str]) -> dt.date | None:
    if not value:
        return None
    found = iso_date(value)
    if found is None:
        errors.append(f"{label}: {value!r} is not a date; use YYYY-MM-DD, e.g. 2024-03-14.")
    return found


def _choice(label: str, value: str, choices: tuple[str, ...], errors: list[str]) -> None:
    if value and value not in choices:
        errors.append(f"{label}: {value!r} is not one of {', '.join(choices)}.")
