"""The FastAPI app of `saidwhat serve`: a web reader over one corpus store, read-only or live.

`create_app` checks the store at once (so `serve` can refuse a bad one with one error
line before listening); the lifespan then holds the store open for the app's life.

Live (`live_url`, what `serve` does with one process): the app holds the store's one read-write
connection, and an ingest of the store hands it its batches to write (store/live.py), while
every request reads on a cursor (DuckDB's MVCC: a query sees the commits made before it began).
After each batch the search cache moves to a new generation, so new articles show at once; the
home page's figures follow at most every `OVERVIEW_SECONDS`, and when the ingest ends. The HTTP
interface never writes either way.

Read-only (`serve --workers N`, and the default of `create_app`): N processes each open the store
read-only (DuckDB allows several reading processes, but then no writer), so the home page's
figures are computed once and every name's person is held in memory (`Corpus.hold_people`);
uvicorn starts the processes from an import string, so they build their app with
`from_environment`, from the variables `serve` sets.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import ClientDisconnect
from starlette.types import Scope

from .._version import __version__
from ..errors import StoreError
from ..store.browse import Browser
from ..store.live import Handoff
from ..store.records import ArticleSummary, CorpusSpan, CorpusStats, SpeakerSummary
from ..store.writer import QuoteStore
from . import api, docs, downloads, pages, searching
from .cache import LRUCache, SingleFlight
from .deps import MAX_UPLOAD_BYTES, SEARCH_CACHE_SIZE, open_cursor, render, too_large_message
from .security import ENVELOPE_BYTES, BodyLimit, SecurityHeaders
from .worker import Busy

HOME_ROWS = 10
DB_VARIABLE = "SAIDWHAT_SERVE_DB"  # how `serve --workers` tells its worker processes what to serve
HOSTS_VARIABLE = "SAIDWHAT_SERVE_HOSTS"  # the allowed Host headers, comma-separated; unset: any
BUSY_RETRY_SECONDS = 5  # the Retry-After of a 503 from a full analysis queue
OVERVIEW_SECONDS = 10.0  # during an ingest, the home page's figures are recomputed at most this often
_STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
_REASONS = {
    404: "Not found",
    405: "Method not allowed",
    413: "Upload too large",
    422: "Invalid request",
    503: "Store unavailable",
}
# The server's own log, in its format: where an unhandled exception's traceback would have gone.
_log = logging.getLogger("uvicorn.error")


@dataclass(frozen=True, slots=True)
class Overview:
    """The home page's figures: fixed in a read-only app, recomputed after writes in a live one."""

    stats: CorpusStats
    span: CorpusSpan
    people: list[SpeakerSummary]
    articles: list[ArticleSummary]
    computed: float  # time.monotonic() when

    @classmethod
    def of(cls, corpus: Browser) -> Overview:
        return cls(
            stats=corpus.stats(),
            span=corpus.span(),
            people=corpus.people(limit=HOME_ROWS),
            articles=corpus.articles(limit=HOME_ROWS),
            computed=time.monotonic(),
        )


def create_app(
    db: str | Path, *, allowed_hosts: Sequence[str] | None = None, live_url: str | None = None
) -> FastAPI:
    """The app over the store at `db`; raises `StoreError` for a missing, foreign or busy store.

    Read-only unless `live_url` (the address the app is served at, which the store's sidecar
    announces) is given: a live app rebuilds a full-text index that is behind its data,
    where a read-only one refuses the store. `allowed_hosts` (Host header values) guards a
    loopback server against DNS rebinding.
    """
    path = Path(db)
    with contextlib.ExitStack() as stack:  # fail now, not inside the server's start-up
        _open(stack, path, live=live_url is not None)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with contextlib.ExitStack() as stack:
            corpus, store = _open(stack, path, live=live_url is not None)
            if store is None:
                corpus.hold_people()  # sound only while no one writes: a live app looks people up
            app.state.corpus = corpus
            app.state.generation = 0  # of the data: the search cache's keys start with it
            app.state.search_cache = LRUCache[Any](SEARCH_CACHE_SIZE)
            app.state.searches_running = SingleFlight[Any]()
            app.state.overview = Overview.of(corpus)
            if store is not None and live_url is not None:
                on_change = functools.partial(_changed, app)
                stack.enter_context(Handoff(store, url=live_url, on_change=on_change))
            yield

    app = FastAPI(
        title="saidwhat",
        version=__version__,
        summary="Who said what, to whom, when: a read-only reader over a saidwhat corpus store.",
        lifespan=lifespan,
        docs_url=None,  # FastAPI's pages load Swagger UI from a CDN: web/docs.py serves it from a package
        redoc_url=None,
    )
    app.state.db = path
    app.include_router(api.router)
    app.include_router(downloads.router)
    app.include_router(searching.router)
    app.include_router(pages.router)
    app.include_router(docs.router)
    app.add_api_route("/static/{name}", _static, methods=["GET"], include_in_schema=False)
    app.add_api_route("/favicon.ico", _no_icon, methods=["GET"], include_in_schema=False)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(Busy, _busy)
    app.add_exception_handler(ClientDisconnect, _client_gone)
    app.add_middleware(BodyLimit, limit=MAX_UPLOAD_BYTES + ENVELOPE_BYTES, too_large=_too_large)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(SecurityHeaders)
    return app


def _open(stack: contextlib.ExitStack, path: Path, *, live: bool) -> tuple[Browser, QuoteStore | None]:
    """The app's reader, and in a live app the writer beside it (one DuckDB instance, opened for
    writing); a stale full-text index is rebuilt by a live app, refused by a read-only one."""
    # One DuckDB thread a query: the server runs queries side by side, one a core, and a second
    # thread per query costs more CPU to coordinate than it saves on queries of milliseconds.
    store = stack.enter_context(QuoteStore(path)) if live else None
    corpus = stack.enter_context(Browser(path, threads=1, read_only=not live))
    if not corpus.index_is_current():  # checked once: its cursors then skip the check on every search
        if store is None:
            raise StoreError(
                f"{path}: the full-text index is older than the data; "
                f"run `saidwhat query --contains WORD --db {path}` once to rebuild it, then serve"
            )
        store.rebuild_index()
        corpus.index_is_current()
    return corpus, store


def _changed(app: FastAPI, settled: bool) -> None:
    """After a write of the live store (in the hand-off's thread): searches run afresh, and the
    home page's figures follow when the ingest has settled or they are `OVERVIEW_SECONDS` old."""
    app.state.generation += 1
    if settled or time.monotonic() - app.state.overview.computed >= OVERVIEW_SECONDS:
        with open_cursor(app.state.corpus) as corpus:
            app.state.overview = Overview.of(corpus)


def from_environment() -> FastAPI:
    """The app of one `serve --workers` process, configured by the variables `serve` set."""
    hosts = os.environ.get(HOSTS_VARIABLE)
    return create_app(os.environ[DB_VARIABLE], allowed_hosts=hosts.split(",") if hosts else None)


def _static_files() -> dict[str, bytes]:
    """The stylesheet and script, read once: a request's path never reaches the filesystem."""
    folder = resources.files("saidwhat.web") / "static"
    return {
        item.name: item.read_bytes() for item in folder.iterdir() if Path(item.name).suffix in _STATIC_TYPES
    }


_STATIC = _static_files()


def _static(name: str) -> Response:
    body = _STATIC.get(name)
    if body is None:
        raise HTTPException(404, f"no static file {name!r}")
    kind = _STATIC_TYPES[Path(name).suffix]
    return Response(body, media_type=kind, headers={"cache-control": "public, max-age=3600"})


def _no_icon() -> Response:
    """Browsers ask for one; answering 204 keeps their consoles (and the browser tests) quiet."""
    return Response(status_code=204)


def _wants_json(path: str) -> bool:
    return path.endswith(".json") or path.startswith("/api/") or path == "/api"


def _error(path: str, status: int, message: str, reason: str | None = None) -> Response:
    if _wants_json(path):
        return JSONResponse({"detail": message}, status_code=status)
    reason = reason or _REASONS.get(status, "Error")
    return render("error.html.j2", status, status=status, reason=reason, message=message)


def _too_large(scope: Scope) -> Response:
    return _error(scope["path"], 413, too_large_message())


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 413:
        return _error(request.url.path, 413, too_large_message())
    detail = exc.detail if isinstance(exc.detail, str) else _REASONS.get(exc.status_code, "Error")
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"Nothing at {request.url.path}."
    response = _error(request.url.path, exc.status_code, detail)
    response.headers.update(exc.headers or {})
    return response


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if _wants_json(request.url.path):
        return await request_validation_exception_handler(request, exc)
    problems = "; ".join(
        f"{'.'.join(str(part) for part in error['loc'][1:])}: {error['msg']}" for error in exc.errors()
    )
    return _error(request.url.path, 422, problems or "invalid request")


async def _store_error(request: Request, exc: Exception) -> Response:
    return _error(request.url.path, 503, str(exc))


async def _busy(request: Request, exc: Exception) -> Response:
    message = "saidwhat is busy with other analyses: retry in a moment."
    response = _error(request.url.path, 503, message, reason="Busy")
    response.headers["retry-after"] = str(BUSY_RETRY_SECONDS)
    return response


async def _client_gone(request: Request, exc: Exception) -> Response:
    """One line, no traceback: aborted uploads are routine, and no one is left to read an answer."""
    _log.warning("client disconnected during upload to %s", request.url.path)
    return Response(status_code=400)
