"""Role holders learned from the corpus (issue 14, items 3 and 4): a role noun with no holder in
its own article goes to the person the store's other articles of the source name with that role
at that time; thin or conflicting evidence leaves it a group; the same whatever the ingest order;
a role noun is never a person of its own. Texts written for these tests."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import quote

import duckdb
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import saidwhat
from saidwhat import Corpus
from saidwhat.cli import app
from saidwhat.store.identity import name_key
from saidwhat.store.writer import Analyzed, QuoteStore
from saidwhat.types import Article
from saidwhat.web import create_app

PLACES = ["Hull", "Leeds", "Derby", "York", "Bath"]


def _named(n: int, name: str = "Jane Doe") -> str:
    return (
        f"Prime Minister {name} visited {PLACES[n % len(PLACES)]} on Monday.\n\n"
        f"{name.split()[-1]} said the new ferry service would start in May."
    )


UNNAMED = "Ferry plan delayed\n\nThe prime minister said the ferry plan would be delayed until June."


def _article(text: str, day: dt.date, source: str | None = "Gazette") -> Article:
    article = saidwhat.analyze(text, published=day)
    return article.model_copy(update={"article": article.article.model_copy(update={"source": source})})


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    day = dt.date(2024, 3, 4)
    found = {f"named{n}": _article(_named(n), day + dt.timedelta(days=n)) for n in range(3)}
    found["unnamed"] = _article(UNNAMED, day + dt.timedelta(days=10))
    found["other"] = _article(_named(3, "Sam Vell"), day + dt.timedelta(days=5))
    found["far"] = _article(UNNAMED.replace("June", "July"), day + dt.timedelta(days=800))
    found["elsewhere"] = _article(UNNAMED.replace("June", "August"), day, source="Courier")
    return found


def _store(path: Path, items: list[tuple[str, Article]]) -> None:
    with QuoteStore(path) as store:
        run = store.start_run(["invented"])
        for name, article in items:  # one batch an article: evidence arrives in this order
            store.add_batch(run, [Analyzed(f"news/{name}.txt", name, article)])


def _resolved(path: Path) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            "SELECT q.text, r.role, pe.name, r.articles FROM role_speakers AS r JOIN quotes AS q USING (qid) "
            "JOIN people AS pe ON pe.id = r.person_id ORDER BY ALL"
        ).fetchall()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, articles: dict[str, Article]) -> Path:
    db = tmp_path_factory.mktemp("roles") / "roles.duckdb"
    _store(db, list(articles.items()))
    with QuoteStore(db) as written:
        written.rebuild_index()
    return db


def test_a_role_noun_without_a_holder_goes_to_the_holder_the_corpus_names(
    store: Path, articles: dict[str, Article]
) -> None:
    db = store
    assert articles["unnamed"].quotes[0].speaker.kind == "group"  # type: ignore[union-attr]
    assert _resolved(db) == [
        ("the ferry plan would be delayed until June", "prime minister", "Jane Doe", 3),
    ]  # not the article two years later, nor the one of another source
    with Corpus(db) as corpus:
        doe = next(p for p in corpus.people(limit=None) if p.name == "Jane Doe")
        assert [(r.role, r.statements, r.learned) for r in doe.roles] == [("prime minister", 1, 1)]
        assert doe.roles[0].evidence is not None and "3 of 4 articles" in doe.roles[0].evidence
        assert corpus.person(doe.id) == doe
        assert all(p.name.lower() != "prime minister" for p in corpus.people(limit=None))
        # the resolved statement is hers wherever her statements are listed and counted
        resolved = "the ferry plan would be delayed until June"
        by_name = [(h.article_hash, h.quote.text) for h in corpus.quotes(speaker="Jane Doe", limit=None)]
        on_her_page = [(h.article_hash, h.quote.text) for h in corpus.quotes(person=doe.id, limit=None)]
        assert resolved in {text for _, text in by_name} and sorted(on_her_page) == sorted(by_name)
        assert doe.quotes == len(on_her_page) == len(set(by_name)) == len(by_name) == 4


def test_thin_or_conflicting_evidence_leaves_a_group(tmp_path: Path, articles: dict[str, Article]) -> None:
    thin = tmp_path / "thin.duckdb"
    _store(thin, [(n, articles[n]) for n in ("named0", "named1", "unnamed")])
    assert _resolved(thin) == []  # two articles are not enough
    conflicting = tmp_path / "conflicting.duckdb"
    more = {f"vell{n}": _article(_named(n, "Sam Vell"), dt.date(2024, 3, 6 + n)) for n in range(2)}
    _store(conflicting, [*articles.items(), *more.items()])
    assert _resolved(conflicting) == []  # Doe 3, Vell 3: nobody has twice the other's evidence


def test_the_holders_are_the_same_whatever_the_ingest_order(
    tmp_path: Path, articles: dict[str, Article]
) -> None:
    chosen = [(n, articles[n]) for n in ("named0", "named1", "named2", "unnamed", "other")]
    found = set()
    for n, order in enumerate(itertools.islice(itertools.permutations(chosen), 0, 120, 29)):
        db = tmp_path / f"order{n}.duckdb"
        _store(db, list(order))
        found.add(tuple(_resolved(db)))
    assert len(found) == 1 and found.pop()[0][2] == "Jane Doe"


def test_a_store_of_the_previous_version_gets_its_role_holders(
    tmp_path: Path, articles: dict[str, Article]
) -> None:
    db = tmp_path / "old.duckdb"
    _store(db, list(articles.items()))
    expected = _resolved(db)
    with duckdb.connect(str(db)) as con:
        for table in ("role_evidence", "role_mentions", "role_speakers"):
            con.execute(f"DROP TABLE {table}")
        con.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")  # as version 5 wrote it
    with Corpus(db) as corpus:  # opening it migrates it
        assert corpus.people(limit=None)
    assert _resolved(db) == expected
    assert db.with_name("old.duckdb.v5.bak").exists()


def test_the_person_page_the_api_and_the_cli_show_the_role_and_its_evidence(store: Path) -> None:
    with Corpus(store) as corpus:
        doe = next(p for p in corpus.people(limit=None) if p.name == "Jane Doe")
    with TestClient(create_app(store)) as client:
        page = unescape(client.get(f"/people/{quote(doe.id, safe='')}").text)
        listed = client.get("/api/people").json()["items"]
        assert "(the prime minister)" in client.get("/people").text
    assert "Also referred to as the prime minister — 1 statement" in page and "3 of 4 articles" in page
    assert next(p for p in listed if p["id"] == doe.id)["roles"][0]["role"] == "prime minister"
    result = CliRunner().invoke(app, ["people", "--db", str(store), "--format", "json"])
    assert result.exit_code == 0, result.output
    shown = next(p for p in json.loads(result.output) if p["id"] == doe.id)
    assert shown["roles"] == [json.loads(doe.roles[0].model_dump_json())]


@pytest.mark.parametrize(
    ("name", "titles", "key"),
    [
        ("Tory Lord Campbell", (), "campbell|lord"),
        ("Campbell", ("Lord",), "campbell|lord"),
        ("Baroness Amos", (), "amos|baroness"),
        ("Alastair Campbell", ("Lord",), "campbell|alastair"),
        ("Lord Chancellor", (), None),
        ("the Premier", (), None),
        ("Mr Campbell", (), "campbell||m"),
    ],
)
def test_a_peer_is_named_by_the_title_and_a_role_is_no_name(
    name: str, titles: tuple[str, ...], key: str | None
) -> None:
    found = name_key(name, titles=titles)
    assert (found.key if found else None) == key


@pytest.mark.parametrize(
    ("full", "people"),
    [
        (
            "Alastair Campbell said the campaign was going well in Leeds.",
            ["campbell|alastair", "campbell|lord"],
        ),
        ("Lord Alastair Campbell said the campaign was going well in Leeds.", ["campbell|alastair"]),
    ],
)
def test_a_peer_joins_only_a_full_name_given_the_peers_title(
    tmp_path: Path, full: str, people: list[str]
) -> None:
    texts = [full, "Tory Lord Campbell said the bill would be opposed in the Lords."]
    db = tmp_path / "peers.duckdb"
    _store(db, [(f"peer{n}", _article(t, dt.date(2024, 5, 1))) for n, t in enumerate(texts)])
    with Corpus(db) as corpus:
        assert sorted(p.id for p in corpus.people(limit=None)) == people
