"""What makes new searches fast must not change what they find, and `serve --workers` must start
the processes it says: searches give the same rows as the one-statement query with every join, with
the people held in memory or not; the option reaches uvicorn; a worker builds its app from the
environment."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from saidwhat.cli import app as cli_app
from saidwhat.store.reader import Corpus
from saidwhat.store.records import QuoteFilters, StoredQuote
from saidwhat.web import app as web

SEARCHES: list[dict[str, Any]] = [
    {},
    {"offset": 20},
    {"speaker": "Varga"},
    {"speaker": "Ines Varga", "offset": 20},
    {"speaker": "Wren"},
    {"speaker": "officials"},
    {"speaker": "Nobody Atall"},
    {"contains": "harbour"},
    {"contains": "harbour wall", "offset": 5},
    {"contains": "storms", "speaker": "Varga"},
    {"contains": "ferry fares"},
    {"contains": "the"},  # stopwords only
    {"type": "direct"},
    {"type": "indirect", "since": dt.date(2024, 1, 1)},
    {"since": dt.date(2024, 1, 10), "until": dt.date(2024, 2, 10)},
    {"contains": "repaired", "since": dt.date(2024, 1, 1), "until": dt.date(2024, 3, 1), "type": "direct"},
]


def _reference(corpus: Corpus, search: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The rows as one statement joining articles, aliases and people gives them (the old query)."""
    filters = QuoteFilters(
        speaker=search.get("speaker"),
        contains=search.get("contains"),
        since=search.get("since"),
        until=search.get("until"),
        type=search.get("type"),
    )
    cursor = corpus._select_quotes(filters, 21, offset=search.get("offset", 0), persons=True)
    names = [column[0] for column in cursor.description or ()]
    return [
        (row["article_hash"], row["id"], row["person_id"], row["person"], row["score"], row["title"])
        for row in (dict(zip(names, values, strict=True)) for values in cursor.fetchall())
    ]


def _seen(hits: list[StoredQuote]) -> list[tuple[Any, ...]]:
    return [(h.article_hash, h.quote.id, h.person_id, h.person, h.score, h.title) for h in hits]


@pytest.mark.parametrize("held", [False, True], ids=["people-by-sql", "people-held"])
def test_searches_find_what_the_full_join_finds(store_path: Path, held: bool) -> None:
    with Corpus(store_path, threads=1 if held else None) as corpus:
        if held:
            corpus.hold_people()
        found_any = False
        for search in SEARCHES:
            expected = _reference(corpus, search)
            hits = corpus.quotes(limit=21, **search)
            assert _seen(hits) == expected, search
            assert _seen(corpus.cursor().quotes(limit=21, **search)) == expected, search
            found_any |= any(person for *_, person, _, _ in expected)
        assert found_any  # the fixture store links speakers to people: the lookup is exercised


def test_held_people_give_the_same_speaker_keys(store_path: Path) -> None:
    with Corpus(store_path) as by_sql, Corpus(store_path) as held:
        held.hold_people()
        for name in ("Varga", "Ines Varga", "I. Varga", "Ms Varga", "Wren", "officials", "Doe", ""):
            assert held.speaker_keys(name) == by_sql.speaker_keys(name), name


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    """uvicorn.run's calls, instead of serving; the variables `serve` sets are undone afterwards."""
    import uvicorn

    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: calls.append((args, kwargs)))
    monkeypatch.setenv(web.DB_VARIABLE, "unset")
    monkeypatch.setenv(web.HOSTS_VARIABLE, "unset")
    return calls


def test_serve_workers_starts_processes_from_the_factory(
    store_path: Path, runs: list[tuple[tuple[Any, ...], dict[str, Any]]]
) -> None:
    import os

    result = CliRunner().invoke(
        cli_app, ["serve", "--db", str(store_path), "--port", "8765", "--workers", "3"]
    )
    assert result.exit_code == 0, result.output
    ((target,), options) = runs[0]
    assert target == "saidwhat.web.app:from_environment"
    assert options["factory"] is True and options["workers"] == 3 and options["port"] == 8765
    assert os.environ[web.DB_VARIABLE] == str(store_path.resolve())
    assert "127.0.0.1" in os.environ[web.HOSTS_VARIABLE].split(",")
    assert "3 processes" in result.output


@pytest.fixture
def own_store(store_path: Path, tmp_path: Path) -> Path:
    """A copy of the web store: one live `serve` opens it for writing, which this process cannot do
    while the session's read-only app has the original open."""
    copy = tmp_path / "corpus.duckdb"
    shutil.copy(store_path, copy)
    return copy


def test_serve_one_worker_serves_the_app_in_process(
    own_store: Path, runs: list[tuple[tuple[Any, ...], dict[str, Any]]]
) -> None:
    result = CliRunner().invoke(
        cli_app, ["serve", "--db", str(own_store), "--port", "8765", "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    ((target,), options) = runs[0]
    assert not isinstance(target, str) and "workers" not in options


def test_serve_defaults_to_one_live_process(
    own_store: Path, runs: list[tuple[tuple[Any, ...], dict[str, Any]]]
) -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(own_store), "--port", "8765"])
    assert result.exit_code == 0, result.output
    assert "workers" not in runs[0][1] and "1 process;" in result.output
    assert f"serving {own_store} live" in result.output


def test_serve_read_only_shares_the_store_with_readers(
    store_path: Path, runs: list[tuple[tuple[Any, ...], dict[str, Any]]]
) -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(store_path), "--port", "8765", "--read-only"])
    assert result.exit_code == 0, result.output
    assert f"serving {store_path} read-only" in result.output


def test_serve_refuses_zero_workers(store_path: Path) -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(store_path), "--workers", "0"])
    assert result.exit_code == 2


def test_a_worker_builds_its_app_from_the_environment(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(web.DB_VARIABLE, str(store_path))
    monkeypatch.setenv(web.HOSTS_VARIABLE, "127.0.0.1,localhost")
    with TestClient(web.from_environment(), base_url="http://localhost") as client:
        assert client.get("/api/quotes", params={"speaker": "Varga"}).json()["items"]
        assert client.get("/", headers={"host": "evil.example"}).status_code == 400


def test_concurrent_requests_for_one_search_share_one_computation() -> None:
    import asyncio

    from saidwhat.web.cache import SingleFlight

    calls = 0

    async def slow() -> int:
        nonlocal calls
        calls += 1
        mine = calls
        await asyncio.sleep(0.01)
        return mine

    async def burst() -> list[int]:
        flight = SingleFlight[int]()
        shared = [flight.run("key", slow) for _ in range(5)]
        return await asyncio.gather(*shared, flight.run("other", slow))

    assert asyncio.run(burst()) == [1, 1, 1, 1, 1, 2]
