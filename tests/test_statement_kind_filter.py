"""The stored statements filtered by their kind (speech, writing, thought): `Corpus.quotes`,
`quote_counts`, `query`, `export` and `/api/quotes` leave beliefs and stances out when asked, on
a store of two short articles written for this test."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from saidwhat import Corpus
from saidwhat.cli import app
from saidwhat.core import analyze_document
from saidwhat.document import load_document
from saidwhat.store.writer import Analyzed, QuoteStore
from saidwhat.web import create_app

TEXTS = (
    "The harbour master said that the quay would close in May. "
    "Residents believe that the ferry will run in winter.\n",
    "Councillor Dana Pell wrote in a letter that the fares were too high. "
    "The ferry union opposes the new timetable for the winter.\n",
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kinds") / "corpus.duckdb"
    outcomes = [
        Analyzed(
            origin=f"t{n}.txt",
            item_hash=hashlib.sha256(text.encode()).hexdigest(),
            article=analyze_document(load_document(text, name=f"t{n}.txt")),
        )
        for n, text in enumerate(TEXTS)
    ]
    with QuoteStore(path) as store:
        store.add_batch(store.start_run(["kinds"]), outcomes)
        store.rebuild_index()
    return path


def test_the_store_keeps_every_kind(db: Path) -> None:
    with Corpus(db) as corpus:
        kinds = sorted(hit.quote.kind or "" for hit in corpus.quotes(limit=None))
    assert kinds == ["speech", "thought", "thought", "writing"]


def test_corpus_filters_by_statement_kind(db: Path) -> None:
    with Corpus(db) as corpus:
        words = corpus.quotes(statement_kind=["speech", "writing"], limit=None)
        thoughts = corpus.quotes(statement_kind=["thought"], limit=None)
        counted = corpus.quote_counts(statement_kind=["speech", "writing"])
        frame = corpus.quotes_df(statement_kind=["thought"], limit=None)
    assert sorted(hit.quote.kind or "" for hit in words) == ["speech", "writing"]
    assert {hit.quote.kind for hit in thoughts} == {"thought"} and len(thoughts) == 2
    assert counted.statements == 2
    assert set(frame["kind"]) == {"thought"}


def test_query_and_export_take_statement_kind(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["query", "--db", str(db), "--statement-kind", "speech,writing", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(row["quote"]["kind"] for row in json.loads(result.stdout)) == ["speech", "writing"]
    out = tmp_path / "thoughts.csv"
    result = runner.invoke(app, ["export", str(out), "--db", str(db), "--statement-kind", "thought"])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        assert [row["kind"] for row in csv.DictReader(handle)] == ["thought", "thought"]
    bad = runner.invoke(app, ["query", "--db", str(db), "--statement-kind", "belief"])
    assert bad.exit_code == 2 and "belief" in bad.output and "Traceback" not in bad.output


def test_the_api_filters_by_statement_kind(db: Path) -> None:
    with TestClient(create_app(db)) as client:
        words = client.get(
            "/api/quotes", params=[("statement_kind", "speech"), ("statement_kind", "writing")]
        )
        every = client.get("/api/quotes")
        bad = client.get("/api/quotes", params={"statement_kind": "belief"})
    assert words.status_code == 200 and every.status_code == 200
    assert sorted(row["quote"]["kind"] for row in words.json()["items"]) == ["speech", "writing"]
    assert len(every.json()["items"]) == 4
    assert bad.status_code == 422
