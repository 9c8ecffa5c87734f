"""What every route shares: the reader of the request, the page size, dates, and the templates.

The app holds one DuckDB connection for its lifetime; each request gets a cursor of it (a
DuckDB connection must not be used by two threads at once, and sync routes run in a thread
pool), closed when the request ends. Cached results are keyed by the app's data generation,
which a write of a live store advances (app.py), so none outlives the data it was read from.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import threading
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from typing import Annotated, Any, TypeVar, cast
from urllib.parse import quote, urlencode

import jinja2
from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from ..isodate import parse_date
from ..render.common import date_label, day_label
from ..store.browse import Browser, Search
from ..store.records import SearchSummary, StoredQuote
from .cache import LRUCache, SingleFlight

T = TypeVar("T")
PAGE_SIZE = 20
SEARCH_CACHE_SIZE = 1024  # pages of results (~60 KB each at most) and summaries: tens of MB
MAX_PAGE = 1000  # deep pages cost a scan of everything before them: nobody reads page 1,001
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_TEXT_PARAM = 200  # a search box, not a document
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CURSOR_LOCK = threading.Lock()
# Searches that miss the cache run at most this many at once in a process: each runs on one DuckDB
# thread (see app.py), so one a core keeps the cores busy, while forty at once (the thread pool)
# would only slow each other and the cache hits.
_QUERY_SLOTS = threading.BoundedSemaphore(max(os.cpu_count() or 1, 1))


@contextmanager
def open_cursor(shared: Browser) -> Iterator[Browser]:
    """A reader on a fresh cursor of the app's connection, closed on exit."""
    with _CURSOR_LOCK:  # the parent connection hands out cursors one at a time
        cursor = shared.cursor()
    try:
        yield cursor
    finally:
        cursor.close()


def reader(request: Request) -> contextlib.AbstractContextManager[Browser]:
    """A reader for one request: a cursor of the app's connection."""
    return open_cursor(request.app.state.corpus)


def iso_date(value: str) -> dt.date | None:
    """A date parameter of a page or the API, None if it is not one: YYYY-MM-DD only, so both agree.
    `parse_date` alone also takes Python's other ISO forms (20240101, 2024-W01-1)."""
    return parse_date(value) if _ISO_DATE.fullmatch(value) else None


def get_corpus(request: Request) -> Iterator[Browser]:
    """The dependency: a reader for this request only (sync routes run in a thread pool)."""
    with reader(request) as corpus:
        yield corpus


CorpusDep = Annotated[Browser, Depends(get_corpus)]


async def cached_query(request: Request, key: Hashable, compute: Callable[[Browser], T]) -> T:
    """`compute` on a reader, from the app's cache when it was asked before (see web/cache.py). A hit
    is answered on the event loop; only a miss takes a worker thread and a cursor, as thread
    hand-offs under load cost more than the lookup itself. Keys start with what they compute."""
    cache: LRUCache[Any] = request.app.state.search_cache
    key = (request.app.state.generation, key)
    found = cache.peek(key)
    if found is not None:
        return cast(T, found)

    def run() -> T:
        with _QUERY_SLOTS, reader(request) as corpus:
            return compute(corpus)

    running: SingleFlight[Any] = request.app.state.searches_running
    return cast(T, await running.run(key, lambda: run_in_threadpool(cache.get, key, run)))


async def search_quotes(request: Request, search: Search, page: int) -> list[StoredQuote]:
    """One page of the search plus one row, to tell whether a next page exists."""
    offset = (page - 1) * PAGE_SIZE

    def run(corpus: Browser) -> list[StoredQuote]:
        return corpus.search(search, limit=PAGE_SIZE + 1, offset=offset)

    return await cached_query(request, ("page", search, page), run)


async def search_summary(request: Request, search: Search) -> SearchSummary:
    """The search's total and facets: one scan of its rows, the same for each of its pages."""
    return await cached_query(request, ("summary", search), lambda corpus: corpus.summary(search))


def person_href(person_id: str) -> str:
    """A person's page: ids are name keys such as 'doe|jane', so every character is escaped."""
    return f"/people/{quote(person_id, safe='')}"


def article_href(article_hash: str, quote_id: str | None = None) -> str:
    anchor = f"#q-{quote(quote_id, safe='')}" if quote_id else ""
    return f"/articles/{quote(article_hash, safe='')}{anchor}"


def query_href(path: str, params: Mapping[str, Any], **changes: Any) -> str:
    """`path` with the query string of `params` updated by `changes`; empty values are left out."""
    merged = {**params, **changes}
    kept = {k: v for k, v in merged.items() if v not in (None, "") and not (k == "page" and v == 1)}
    return f"{path}?{urlencode(kept)}" if kept else path


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(  # the article's marks are the standalone page's: "render/…"
            [
                jinja2.PackageLoader("saidwhat.web", "templates"),
                jinja2.PrefixLoader({"render": jinja2.PackageLoader("saidwhat.render", "templates")}),
            ]
        ),
        autoescape=True,  # every value is escaped: article text is untrusted markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        person_href=person_href,
        article_href=article_href,
        query_href=query_href,
        date_label=date_label,
        day_label=day_label,
    )
    return env


def too_large_message() -> str:
    return f"The upload is larger than {MAX_UPLOAD_BYTES // 2**20} MB, the most saidwhat analyses at once."


def render(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(environment().get_template(name).render(**context), status_code=status_code)
