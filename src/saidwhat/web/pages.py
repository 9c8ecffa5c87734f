"""The HTML pages: home, search, article, people, person, analyze. Server-rendered, no build step.

Form values arrive as strings (an empty date box sends `since=`), so the search page reads
them itself and shows what is wrong beside the form, with status 422, instead of a bare error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, get_args

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import UploadFile

from ..deadline import DocumentTimeout, deadline
from ..errors import SaidwhatError
from ..render.common import UNATTRIBUTED
from ..render.html import article_view
from ..store.records import StoredQuote
from ..types import Article, QuoteType
from .charts import timeline_svg
from .deps import (
    MAX_PAGE,
    MAX_TEXT_PARAM,
    MAX_UPLOAD_BYTES,
    PAGE_SIZE,
    CorpusDep,
    count_quotes,
    iso_date,
    person_href,
    render,
    search_quotes,
)
from .security import ENVELOPE_BYTES
from .worker import SerialWorker

router = APIRouter(include_in_schema=False)
QUOTE_TYPES: tuple[str, ...] = get_args(QuoteType)
ALONGSIDE = 10
PageParam = Annotated[int, Query(ge=1, le=MAX_PAGE)]
TextParam = Annotated[str, Query(max_length=MAX_TEXT_PARAM)]
ANALYZE_SECONDS = 30.0  # a pathological paste must not hold the pipeline for minutes
ANALYSES_WAITING = 4  # behind the running one; more are refused (503) rather than kept waiting
# One spaCy pipeline a process: one analysis at a time, on a thread of its own, never the pages'.
_ANALYSES = SerialWorker("saidwhat-analyze", waiting=ANALYSES_WAITING)


@dataclass(frozen=True, slots=True)
class SideEntry:
    """A line of the article's people list: a speaker (colour, statements) or a person only mentioned."""

    name: str
    count: int
    colour: int | None = None
    href: str | None = None
    note: str = ""


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    return render("home.html.j2", overview=request.app.state.overview, nav="home")


@router.get("/search", response_class=HTMLResponse)
async def search(
    request: Request,
    speaker: TextParam = "",
    q: TextParam = "",
    since: TextParam = "",
    until: TextParam = "",
    type: TextParam = "",
    page: PageParam = 1,
) -> HTMLResponse:
    form = {"speaker": speaker.strip(), "q": q.strip(), "since": since, "until": until, "type": type}
    errors: list[str] = []
    since_date = _date("From", since, errors)
    until_date = _date("To", until, errors)
    if type and type not in QUOTE_TYPES:
        errors.append(f"Type: {type!r} is not one of {', '.join(QUOTE_TYPES)}.")
    hits: list[StoredQuote] = []
    counts = None
    if not errors:
        filters: dict[str, Any] = {
            "speaker": form["speaker"] or None,
            "contains": form["q"] or None,
            "since": since_date,
            "until": until_date,
            "type": type if type in QUOTE_TYPES else None,  # checked above
        }
        hits = await search_quotes(request, **filters, page=page)
        counts = await count_quotes(request, **filters)
    return render(
        "search.html.j2",
        422 if errors else 200,
        form=form,
        errors=errors,
        hits=hits[:PAGE_SIZE],
        counts=counts,
        page=page,
        has_more=len(hits) > PAGE_SIZE,
        quote_types=QUOTE_TYPES,
        searched=any(form.values()),
        nav="search",
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(article_id: str, corpus: CorpusDep) -> HTMLResponse:
    stored = corpus.article(article_id)
    if stored is None:
        raise HTTPException(404, "No article with this id in the store.")
    return _article_page(stored.analysis, stored.person_ids, stored=True)


@router.get("/people", response_class=HTMLResponse)
def people(corpus: CorpusDep, page: PageParam = 1) -> HTMLResponse:
    rows = corpus.people(limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    return render(
        "people.html.j2",
        people=rows[:PAGE_SIZE],
        page=page,
        has_more=len(rows) > PAGE_SIZE,
        first_rank=(page - 1) * PAGE_SIZE + 1,
        nav="people",
    )


@router.get("/people/{person_id}", response_class=HTMLResponse)
def person(person_id: str, corpus: CorpusDep, page: PageParam = 1) -> HTMLResponse:
    summary = corpus.person(person_id)
    if summary is None:
        raise HTTPException(404, "No person with this id in the store.")
    hits = corpus.quotes(person=person_id, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    weeks, undated = corpus.quotes_per_week(person_id), corpus.undated_count(person_id)
    return render(
        "person.html.j2",
        person=summary,
        other_names=[name for name in summary.names if name != summary.name],
        chart=timeline_svg(weeks, label=f"Statements by {summary.name} per week", undated=undated),
        dated=summary.quotes - undated,
        undated=undated,
        alongside=corpus.quoted_alongside(person_id, limit=ALONGSIDE),
        hits=hits[:PAGE_SIZE],
        page=page,
        has_more=len(hits) > PAGE_SIZE,
        nav="people",
    )


@router.get("/analyze", response_class=HTMLResponse)
def analyze_form() -> HTMLResponse:
    return render("analyze.html.j2", error=None, text="", max_bytes=MAX_UPLOAD_BYTES, nav="analyze")


@router.post("/analyze", response_class=HTMLResponse)
async def analyze(request: Request) -> HTMLResponse:
    """Analyse pasted text or an uploaded page without storing it."""
    # Parts may be as large as the whole body may be (BodyLimit): the size check below answers 413.
    form = await request.form(max_files=1, max_fields=4, max_part_size=MAX_UPLOAD_BYTES + ENVELOPE_BYTES)
    upload, pasted = form.get("file"), form.get("text")
    data: str | bytes = ""
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
    elif isinstance(pasted, str):
        data = pasted
    size = len(data.encode() if isinstance(data, str) else data)
    if size > MAX_UPLOAD_BYTES:
        raise HTTPException(413)
    text = pasted if isinstance(pasted, str) else ""
    if not (data.strip() if isinstance(data, str) else data):
        return _analyze_error("Paste the text of an article or choose an HTML or text file.", text)
    try:
        result = await _ANALYSES.run(lambda: _analyze(data))
    except SaidwhatError as exc:
        return _analyze_error(str(exc), text)
    except DocumentTimeout:
        stopped = f"The analysis took longer than {ANALYZE_SECONDS:g} seconds and was stopped."
        return _analyze_error(stopped, text)
    return _article_page(result, {}, stored=False)


def _analyze(data: str | bytes) -> Article:
    from ..core import analyze  # spaCy loads on the first analysis, not when the server starts

    with deadline(ANALYZE_SECONDS):
        return analyze(data)


def _analyze_error(message: str, text: str) -> HTMLResponse:
    return render("analyze.html.j2", 422, error=message, text=text, max_bytes=MAX_UPLOAD_BYTES, nav="analyze")


def _article_page(analysis: Article, person_ids: dict[str, str], *, stored: bool) -> HTMLResponse:
    view = article_view(analysis)
    return render(
        "article.html.j2",
        view=view,
        quotes=analysis.quotes,
        side=_side_list(analysis, view.legend, person_ids),
        stored=stored,
        nav="analyze" if not stored else "",
    )


def _side_list(analysis: Article, legend: list[Any], person_ids: dict[str, str]) -> list[SideEntry]:
    """Speakers in legend order (their colour, statements, page), then the people only mentioned."""
    entries: list[SideEntry] = []
    speaking: set[str] = set()
    for entry in legend:
        kind, _, ident = entry.key.partition(":")
        href = person_href(person_ids[ident]) if kind == "person" and ident in person_ids else None
        note = "" if kind in ("person", UNATTRIBUTED) else kind
        speaking.add(ident if kind == "person" else "")
        entries.append(SideEntry(entry.name, entry.count, entry.colour, href, note))
    for mentioned in analysis.people:
        if mentioned.id not in speaking:
            entries.append(SideEntry(mentioned.name, 0, note="mentioned"))  # may have no page: never quoted
    return entries


def _date(label: str, value: str, errors: list[str]) -> dt.date | None:
    if not value:
        return None
    found = iso_date(value)
    if found is None:
        errors.append(f"{label}: {value!r} is not a date; use YYYY-MM-DD, e.g. 2024-03-14.")
    return found
