"""Downloads of what a list page shows, datasette-style: the page's path with `.csv` or `.json` and
the same parameters, every row (not one page), streamed in batches so memory stays flat.

The query runs before the response starts, so a bad store is an error page, not a cut-off file;
the reader's cursor is closed when the last batch is sent (or the client goes away).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import StreamingResponse

from ..store.browse import Browser, Rows
from ..store.search import PeopleOrder
from .deps import MAX_TEXT_PARAM, reader
from .searching import SearchFormDep

router = APIRouter(include_in_schema=False)
JS_SAFE_INTEGER = 2**53  # beyond it a JSON number loses digits in JavaScript (and in spreadsheets)
_FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
_CSV_FILE = {"content-disposition": 'attachment; filename="saidwhat-{name}.csv"'}


@router.get("/search.{format}")
def search_file(request: Request, format: str, form: SearchFormDep) -> StreamingResponse:
    """Every statement of `/search` with these parameters, as the flat rows of `saidwhat export`."""
    if form.errors:
        raise HTTPException(422, " ".join(form.errors))
    return _download(request, format, "search", lambda corpus: corpus.search_rows(form.search))


@router.get("/people.{format}")
def people_file(
    request: Request,
    format: str,
    q: Annotated[str, Query(max_length=MAX_TEXT_PARAM)] = "",
    sort: PeopleOrder = "quotes",
) -> StreamingResponse:
    """Every person of `/people` with these parameters."""
    match = q.strip() or None
    return _download(request, format, "people", lambda corpus: corpus.people_rows(match=match, order=sort))


def _download(
    request: Request, format: str, name: str, fetch: Callable[[Browser], Rows]
) -> StreamingResponse:
    if format not in _FORMATS:
        raise HTTPException(404, f"No download as {format!r}: use .csv or .json.")
    with ExitStack() as stack:  # a failed query closes the cursor at once; else the last batch does
        rows = fetch(stack.enter_context(reader(request)))
        cursor = stack.pop_all()
    encode = _csv if format == "csv" else _json

    def body() -> Iterator[str]:
        with cursor:
            yield from encode(rows)

    headers = {key: value.format(name=name) for key, value in _CSV_FILE.items()} if format == "csv" else {}
    return StreamingResponse(body(), media_type=_FORMATS[format], headers=headers)


def _csv(rows: Rows) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(rows.columns)
    for batch in rows.batches:
        writer.writerows([_cell(value) for value in row] for row in batch)
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


def _json(rows: Rows) -> Iterator[str]:
    first = True
    yield "["
    for batch in rows.batches:
        items = [json.dumps(dict(zip(rows.columns, map(_json_value, row), strict=True))) for row in batch]
        yield ("" if first else ",") + "\n" + ",\n".join(items)
        first = False
    yield "\n]\n"


def _cell(value: Any) -> Any:
    """A CSV cell: lists as JSON, dates in ISO form, nothing for a missing value."""
    if isinstance(value, list):
        return json.dumps(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else value


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= JS_SAFE_INTEGER:
        return str(value)
    return value
