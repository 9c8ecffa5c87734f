"""A statement dated to a year or a month keeps that precision through every interface: the
analysis JSON and CSV, the standalone HTML page, the store and `query --format json|csv`, the
web API's person timeline and the article page. `date` is a day only at day precision; "2003"
is never written as 2003-01-01."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from spacy.language import Language
from typer.testing import CliRunner

import saidwhat
from saidwhat.cli import app
from saidwhat.render.html import render_html
from saidwhat.store.writer import Analyzed, QuoteStore
from saidwhat.web import create_app

PUBLISHED = dt.date(2024, 3, 9)
TEXTS = {
    "year": "Edwin Farrow said in 2003 that the harbour tax would rise.",
    "month": "Edwin Farrow said in November 2003 that the ferry fares would rise.",
    "day": "Edwin Farrow said on Tuesday that the night ferry would run again.",
}
# the statement's words, and its date, date_from, date_to and precision
EXPECTED = {
    "harbour tax": (None, "2003-01-01", "2003-12-31", "year"),
    "ferry fares": (None, "2003-11-01", "2003-11-30", "month"),
    "night ferry": ("2024-03-05", "2024-03-05", "2024-03-05", "day"),
}


def _dates(rows: list[tuple[str, object, object, object, object]]) -> dict[str, tuple[object, ...]]:
    """The rows' dates keyed by the words of `EXPECTED` their text holds ("" read as None)."""
    found: dict[str, tuple[object, ...]] = {}
    for text, *dates in rows:
        words = next(w for w in EXPECTED if w in text)
        found[words] = tuple(None if value in ("", None) else str(value) for value in dates)
    return found


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Path:
    path = tmp_path_factory.mktemp("precision") / "precision.duckdb"
    with QuoteStore(path) as store:
        outcomes = [
            Analyzed(f"{name}.txt", name, saidwhat.analyze(text, published=PUBLISHED))
            for name, text in TEXTS.items()
        ]
        store.add_batch(store.start_run(["precision"]), outcomes)
        store.rebuild_index()
    return path


def test_the_analysis_json_gives_a_day_only_at_day_precision() -> None:
    rows = []
    for text in TEXTS.values():
        dumped = saidwhat.analyze(text, published=PUBLISHED).model_dump(mode="json")
        rows += [
            (q["text"], q["date"], q["date_from"], q["date_to"], q["date_precision"])
            for q in dumped["quotes"]
        ]
    assert _dates(rows) == EXPECTED


def test_the_analysis_csv_keeps_the_interval(tmp_path: Path, nlp: Language) -> None:
    path = tmp_path / "month.txt"
    path.write_text(TEXTS["month"], encoding="utf-8")
    result = CliRunner().invoke(
        app, ["analyze", str(path), "--published", PUBLISHED.isoformat(), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    rows = [
        (r["text"], r["date"], r["date_from"], r["date_to"], r["date_precision"])
        for r in csv.DictReader(io.StringIO(result.stdout))
    ]
    assert _dates(rows) == {"ferry fares": EXPECTED["ferry fares"]}


def test_the_html_page_shows_a_month_as_a_month() -> None:
    page = render_html(saidwhat.analyze(TEXTS["month"], published=PUBLISHED))
    assert "date: 2003-11 " in page and "2003-11-01" not in page


@pytest.mark.parametrize("form", ["json", "csv"])
def test_the_store_and_query_keep_the_precision(db: Path, form: str) -> None:
    result = CliRunner().invoke(app, ["query", "--db", str(db), "--format", form])
    assert result.exit_code == 0, result.output
    if form == "json":
        quotes = [row["quote"] for row in json.loads(result.stdout)]
    else:
        quotes = list(csv.DictReader(io.StringIO(result.stdout)))
    rows = [(q["text"], q["date"], q["date_from"], q["date_to"], q["date_precision"]) for q in quotes]
    assert _dates(rows) == EXPECTED


def test_the_web_timeline_and_article_page_keep_the_precision(db: Path) -> None:
    with TestClient(create_app(db)) as client:
        person = client.get("/api/people").json()["items"][0]["id"]
        weeks = client.get(f"/api/people/{person}").json()["weeks"]
        pages = [
            client.get(f"/articles/{a['hash']}").text for a in client.get("/api/articles").json()["items"]
        ]
    # only the day is a whole statement in its week; the month and the year are spread over theirs
    assert [(w["week"], w["quotes"]) for w in weeks if w["quotes"]] == [("2024-03-04", 1)]
    november = [w["spread"] for w in weeks if "2003-10-27" <= w["week"] <= "2003-11-24"]
    assert november == pytest.approx([0.2 + 1 / 52] * 5, abs=0.01)
    assert all(w["spread"] < 0.1 for w in weeks if w["week"] < "2003-10-27")
    # the article page's statement tip says the month or the year, not its first day
    assert any(", 2003-11</span>" in page for page in pages) and any(
        ", 2003</span>" in page for page in pages
    )
    assert not any("2003-11-01" in page or "2003-01-01" in page for page in pages)


def test_a_persons_first_and_last_statement_keep_the_precision(db: Path) -> None:
    """Farrow's first statement is dated only "2003": the people list, the person page and the
    `people` table say 2003, never 2003-01-01; the last, a day, is that day."""
    with saidwhat.Corpus(db) as corpus:
        (farrow,) = corpus.people()
    assert (farrow.first, farrow.first_precision) == (dt.date(2003, 1, 1), "year")
    assert (farrow.last, farrow.last_precision) == (dt.date(2024, 3, 5), "day")
    with TestClient(create_app(db)) as client:
        pages = [client.get("/people").text, client.get(f"/people/{farrow.id}").text]
    table = CliRunner().invoke(app, ["people", "--db", str(db), "--format", "table"], terminal_width=200)
    for shown in (*pages, table.stdout):
        assert "2003" in shown and "2003-01-01" not in shown and "2024-03-05" in shown
