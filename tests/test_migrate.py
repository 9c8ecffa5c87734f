"""A store of schema version 1 (its DDL kept in tests/fixtures/schema_v1.sql, its rows as the
version-1 writer wrote them) is migrated in place on first opening, keeping a backup: nothing is
lost, and the queries answer as on a store written by this version."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

import saidwhat
from invented import invented_article
from saidwhat import Corpus
from saidwhat.cli import app
from saidwhat.store.connection import SCHEMA_VERSION
from saidwhat.store.writer import Analyzed, QuoteStore

V1_DDL = Path(__file__).parent / "fixtures" / "schema_v1.sql"
MONTH_TEXT = (
    "Harbour tax row goes on\n\n"
    "The harbour master of Kelby, Edwin Farrow, said in November 2003 that the harbour tax would rise. "
    "Residents of Kelby have complained ever since about the cost of mooring a boat in the bay."
)
HEADLINE_TEXT = (
    'Farrow: "The harbour tax must rise"\n\n'
    "The harbour master of Kelby, Edwin Farrow, said on Monday that the tax on moorings would rise. "
    '"The harbour tax must rise," he told the council.'
)


def _v2_store(path: Path) -> None:
    with QuoteStore(path) as store:
        run = store.start_run(["invented"])
        outcomes = [
            Analyzed(
                f"news/{n}.txt",
                f"item{n}",
                saidwhat.analyze(invented_article(n), published=dt.date(2024, 3, n + 1)),
            )
            for n in range(6)
        ]
        for name, text in (("month", MONTH_TEXT), ("headline", HEADLINE_TEXT)):
            outcomes.append(
                Analyzed(f"news/{name}.txt", name, saidwhat.analyze(text, published=dt.date(2024, 3, 9)))
            )
        store.add_batch(run, outcomes)
        store.rebuild_index()


def _v1_copy(v2: Path, v1: Path) -> None:
    """The store the version-1 writer would have written: its tables, and a statement's `date` the
    first day of its period ("November 2003" → 2003-11-01), as version 1 dated months."""
    con = duckdb.connect(str(v1))
    con.execute(V1_DDL.read_text(encoding="utf-8"))
    con.execute(f"ATTACH '{v2}' AS v2 (READ_ONLY)")
    for table in ("articles", "mentions", "aliases", "people", "runs", "ingest_log"):
        con.execute(f"INSERT INTO {table} SELECT * FROM v2.{table}")
    columns = [
        name
        for (name,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'quotes' "
            "AND table_catalog = current_database() ORDER BY ordinal_position"
        ).fetchall()
    ]
    chosen = ", ".join("coalesce(date, date_from) AS date" if c == "date" else f'"{c}"' for c in columns)
    con.execute(f"INSERT INTO quotes SELECT {chosen} FROM v2.quotes")
    meta = [("schema_version", "1"), ("data_generation", "1"), ("index_generation", "-1")]
    con.executemany("INSERT INTO meta VALUES (?, ?)", meta)
    con.close()


def _rows(path: Path, table: str, columns: str = "*") -> list[tuple[Any, ...]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(f"SELECT {columns} FROM {table} ORDER BY ALL").fetchall()


def _answers(corpus: Corpus) -> dict[str, Any]:
    def quotes(**filters: Any) -> list[tuple[Any, ...]]:
        hits = corpus.quotes(limit=None, **filters)
        return [
            (
                h.quote.text,
                h.person,
                h.quote.date,
                h.quote.date_from,
                h.quote.date_to,
                h.quote.date_precision,
                h.quote.in_title,
                h.quote.kind,
            )
            for h in hits
        ]

    return {
        "all": quotes(),
        "speaker": quotes(speaker="Quinlan"),
        "words": quotes(contains="listening"),
        "since": quotes(since=dt.date(2024, 3, 3)),
        "until": quotes(until=dt.date(2003, 11, 15)),
        "people": corpus.people(limit=None),
        "articles": corpus.articles(limit=None),
        "span": corpus.span(),
    }


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("migrate")
    v2, v1 = folder / "v2.duckdb", folder / "v1.duckdb"
    _v2_store(v2)
    _v1_copy(v2, v1)
    return v2, v1


def test_a_v1_store_is_migrated_on_opening_keeps_a_backup_and_answers_the_same(
    stores: tuple[Path, Path],
) -> None:
    v2, v1 = stores
    before = {table: _rows(v1, table) for table in ("articles", "mentions", "people", "aliases", "quotes")}
    with Corpus(v2) as corpus:
        expected = _answers(corpus)
    with Corpus(v1) as corpus:  # opening it migrates it
        assert _answers(corpus) == expected
        assert corpus.quotes(until=dt.date(2003, 11, 15))[0].quote.date_precision == "month"
        assert sum(hit.quote.in_title for hit in corpus.quotes(limit=None)) == 1  # the headline's
    assert _rows(v1, "meta", "value") != _rows(v1.with_name("v1.duckdb.v1.bak"), "meta", "value")
    backup = v1.with_name("v1.duckdb.v1.bak")
    assert {table: _rows(backup, table) for table in before} == before  # the store as it was
    for table in ("articles", "mentions", "people", "aliases"):
        assert _rows(v1, table) == before[table]
    # Every version-1 value is kept: a month's first day moved from `date` to `date_from`.
    old = _rows(backup, "quotes", "qid, text, date, date_text, date_source, confidence")
    new = _rows(v1, "quotes", "qid, text, coalesce(date, date_from), date_text, date_source, confidence")
    assert old == new


def test_saidwhat_migrate_reports_and_a_second_run_does_nothing(
    tmp_path: Path, stores: tuple[Path, Path]
) -> None:
    v2, _ = stores
    v1 = tmp_path / "old.duckdb"
    _v1_copy(v2, v1)
    runner = CliRunner()
    done = runner.invoke(app, ["migrate", "--db", str(v1)])
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert report == {
        "store": str(v1),
        "schema_version": SCHEMA_VERSION,
        "migrated": True,
        "from_version": 1,
        "backup": f"{v1}.v1.bak",
    }
    again = runner.invoke(app, ["migrate", "--db", str(v1)])
    assert json.loads(again.stdout)["migrated"] is False
    missing = runner.invoke(app, ["migrate", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2 and "no such store" in missing.output


KINDS_TEXT = (
    "Bridge to close\n\n"
    "The mayor of Kelby, Ada Brill, wrote in the town newsletter that the old bridge would close in May. "
    "Her deputy, Tom Orme, said the council had no choice. "
    '"We will build a better one," Ms Brill told reporters.'
)


def test_a_version_6_store_gets_the_kind_each_statements_cue_gives(tmp_path: Path) -> None:
    db = tmp_path / "v6.duckdb"
    with QuoteStore(db) as store:
        store.add_batch(
            store.start_run(["invented"]), [Analyzed("kinds.txt", "kinds", saidwhat.analyze(KINDS_TEXT))]
        )
    with Corpus(db) as corpus:
        expected = sorted((h.quote.text, h.quote.kind) for h in corpus.quotes(limit=None))
    assert {kind for _, kind in expected} == {"speech", "writing"}
    with duckdb.connect(str(db)) as con:  # version 6 kept no kinds
        con.execute("UPDATE quotes SET kind = NULL")
        con.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")
    with Corpus(db) as corpus:  # opening it migrates it
        assert sorted((h.quote.text, h.quote.kind) for h in corpus.quotes(limit=None)) == expected
