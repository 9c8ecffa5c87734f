"""After each batch the writer recomputes the role holders of the pools the batch touched only
(store/roles.py): what it stores is what a recomputation from every stored row gives, when a
batch brings only a role-noun statement, and when it only changes who a holder's name is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from saidwhat.store import roles
from saidwhat.store.writer import Analyzed, QuoteStore
from saidwhat.types import Article, ArticleMeta, Person, Quote, Speaker


def _article(n: int, people: list[Person], quotes: list[Quote]) -> Analyzed:
    meta = ArticleMeta(
        text=f"Invented article {n}.",
        source="wire",
        url=f"https://wire.example/{n}",
        published=dt.date(2024, 3, n),
    )
    return Analyzed(f"item{n}.txt", f"hash{n}", Article(article=meta, people=people, quotes=quotes))


def _holder(n: int, name: str, role: list[str]) -> Analyzed:
    person = Person(id="p1", name=name, titles=[], mentions=[(0, len(name))], roles=role)
    return _article(n, [person], [])


def _role_noun(n: int) -> Analyzed:
    speaker = Speaker(kind="group", name="the prime minister", mention="the prime minister", start=0, end=18)
    said = Quote(
        id="q1",
        type="direct",
        text="We will rebuild the harbour wall.",
        start=20,
        end=53,
        speaker=speaker,
        confidence=0.9,
    )
    return _article(n, [], [said])


def _speakers(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    return con.execute("SELECT qid, person_id, evidence FROM role_speakers ORDER BY ALL").fetchall()


def test_the_holders_of_touched_pools_are_those_of_a_whole_recomputation(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    batches = [
        [_holder(n, "P. Varga", ["prime minister"]) for n in (1, 2, 3)],  # the evidence: varga|p
        [_role_noun(4)],  # no people: only its own pool tells the writer to resolve it
        [_holder(5, "Petra Varga", [])],  # no role: varga|p now means Petra Varga, the holder changes
    ]
    found = []
    with QuoteStore(db) as store:
        run = store.start_run(["invented"])
        for batch in batches:
            store.add_batch(run, batch)
            found.append(_speakers(store._con))
    assert [[row[1] for row in rows] for rows in found] == [[], ["varga|p"], ["varga|petra"]]
    with duckdb.connect(str(db)) as con:
        roles.resolve_stored(con)
        assert _speakers(con) == found[-1]
