"""The HTML pages but search (searching.py): home, article, people, person, analyze. Server-rendered,
no build step."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import UploadFile

from ..deadline import DocumentTimeout, deadline
from ..errors import SaidwhatError
from ..render.common import UNATTRIBUTED
from ..render.html import article_view
from ..store.browse import Search
from ..store.search import PeopleOrder
from ..types import Article
from .charts import timeline_svg
from .deps import (
    MAX_PAGE,
    MAX_TEXT_PARAM,
    MAX_UPLOAD_BYTES,
    PAGE_SIZE,
    CorpusDep,
    iso_date,
    person_href,
    render,
)
from .security import ENVELOPE_BYTES
from .worker import SerialWorker

router = APIRouter(include_in_schema=False)
ALONGSIDE = 10
PageParam = Annotated[int, Query(ge=1, le=MAX_PAGE)]
TextParam = Annotated[str, Query(max_length=MAX_TEXT_PARAM)]
SortParam = Annotated[PeopleOrder, Query()]
PEOPLE_SORTS = {"quotes": "statements", "name": "name", "last": "last statement"}
ANALYZE_FIELDS = ("text", "title", "published")
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


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(article_id: str, corpus: CorpusDep) -> HTMLResponse:
    stored = corpus.article(article_id)
    if stored is None:
        raise HTTPException(404, "No article with this id in the store.")
    return _article_page(stored.analysis, stored.person_ids, stored=True, origin=stored.origin)


@router.get("/people", response_class=HTMLResponse)
def people(
    corpus: CorpusDep, q: TextParam = "", sort: SortParam = "quotes", page: PageParam = 1
) -> HTMLResponse:
    """People whose names hold `q`, by statements, name or latest statement."""
    match = q.strip()
    rows = corpus.people_page(
        match=match or None, order=sort, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE
    )
    return render(
        "people.html.j2",
        people=rows[:PAGE_SIZE],
        form={"q": match, "sort": "" if sort == "quotes" else sort},
        sorts=PEOPLE_SORTS,
        page=page,
        has_more=len(rows) > PAGE_SIZE,
        first_rank=(page - 1) * PAGE_SIZE + 1,
        nav="people",
    )


@router.get("/people/{person_id}", response_class=HTMLResponse)
def person(person_id: str, corpus: CorpusDep, page: PageParam = 1, repeats: bool = False) -> HTMLResponse:
    summary = corpus.person(person_id)
    if summary is None:
        raise HTTPException(404, "No person with this id in the store.")
    listed = Search(person=person_id, collapse=not repeats)  # one row a provenance group, unless asked
    hits = corpus.search(listed, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    counted = corpus.summary(Search(person=person_id))
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
        repeats=repeats,
        statements=counted.total,
        groups=counted.groups,
        page=page,
        has_more=len(hits) > PAGE_SIZE,
        nav="people",
    )


@router.get("/analyze", response_class=HTMLResponse)
def analyze_form() -> HTMLResponse:
    return _analyze_form(200, None, {})


@router.post("/analyze", response_class=HTMLResponse)
async def analyze(request: Request) -> HTMLResponse:
    """Analyse pasted text or an uploaded page, with the title and date given, without storing it."""
    # Parts may be as large as the whole body may be (BodyLimit): the size check below answers 413.
    form = await request.form(max_files=1, max_fields=6, max_part_size=MAX_UPLOAD_BYTES + ENVELOPE_BYTES)
    upload = form.get("file")
    fields = {name: _text(form.get(name)) for name in ANALYZE_FIELDS}
    data: str | bytes = ""
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
    elif isinstance(pasted := form.get("text"), str):
        data = fields["text"] = pasted
    size = len(data.encode() if isinstance(data, str) else data)
    if size > MAX_UPLOAD_BYTES:
        raise HTTPException(413)
    if not (data.strip() if isinstance(data, str) else data):
        return _analyze_form(422, "Paste the text of an article or choose an HTML or text file.", fields)
    published = iso_date(fields["published"]) if fields["published"] else None
    if fields["published"] and published is None:
        bad = f"Published: {fields['published']!r} is not a date; use YYYY-MM-DD, e.g. 2024-03-14."
        return _analyze_form(422, bad, fields)
    try:
        result = await _ANALYSES.run(lambda: _analyze(data, published, fields["title"] or None))
    except SaidwhatError as exc:
        return _analyze_form(422, str(exc), fields)
    except DocumentTimeout:
        stopped = f"The analysis took longer than {ANALYZE_SECONDS:g} seconds and was stopped."
        return _analyze_form(422, stopped, fields)
    return _article_page(result, {}, stored=False)


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _analyze(data: str | bytes, published: dt.date | None, title: str | None) -> Article:
    from ..core import analyze  # spaCy loads on the first analysis, not when the server starts

    with deadline(ANALYZE_SECONDS):
        return analyze(data, published=published, title=title)


def _analyze_form(status: int, error: str | None, fields: dict[str, str]) -> HTMLResponse:
    """The form, with what was sent (but a file) when it comes back with an error."""
    values = {name: fields.get(name, "") for name in ANALYZE_FIELDS}
    return render(
        "analyze.html.j2", status, error=error, form=values, max_bytes=MAX_UPLOAD_BYTES, nav="analyze"
    )


def _article_page(
    analysis: Article, person_ids: dict[str, str], *, stored: bool, origin: str | None = None
) -> HTMLResponse:
    """`origin` (the file or URL it was ingested from) stands in for a source the page did not name."""
    view = article_view(analysis)
    return render(
        "article.html.j2",
        view=view,
        meta=analysis.article,
        origin=origin,
        original=next((link for _, link in view.details if link), None),
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
        if mentioned.id not in speaking and mentioned.named:  # not the unnamed "I" / "you" of a text
            entries.append(SideEntry(mentioned.name, 0, note="mentioned"))  # may have no page: never quoted
    return entries
