"""The full-text index kept in the store's tables (store/fulltext.py): it scores as DuckDB's fts
extension did, batch by batch equals all at once, is current after a kill, and an index of the
extension (schema 3) is migrated to it."""

from __future__ import annotations

import datetime as dt
import random
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pytest

import saidwhat
from invented import invented_article
from saidwhat import Corpus
from saidwhat.store import fulltext
from saidwhat.store.connection import SCHEMA_VERSION
from saidwhat.store.health import check_store
from saidwhat.store.search import bm25_hits
from saidwhat.store.writer import Analyzed, QuoteStore

# saidwhat's search before this index: the query's words by the extension's tokenizer, stop words
# out, stemmed; scored as `match_bm25` scores those words.
_THEIR_WORDS = """SELECT token FROM (SELECT unnest(fts_main_quotes.tokenize($q)) AS token)
    WHERE token <> '' AND token NOT IN (SELECT sw FROM fts_main_quotes.stopwords)"""
# Words of my own, with what the extension's tokenizer treats specially: accents, curly quotes,
# digits and ASCII punctuation between words, non-ASCII spaces, stop words, repeats, Porter suffixes.
WORDS = [
    "harbour", "harbours", "harboured", "ferry", "ferries", "fares", "fare", "rising", "rises", "council",
    "councillors", "café", "déjà", "naïve", "“wall”", "it’s", "don't", "x_y", "42nd", "re-open",
    "the", "a", "of", "and", "hello", "Ωmega", "İstanbul", "straße", "ﬁne", "a\u00a0b", "tax", "taxes",
    "bridge", "bridges", "connection", "connected", "generalization", "MOORING", "moorings", "2024",
]  # fmt: skip


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [
        rng.choice(["", " ", "\t"]).join(rng.choice(WORDS) for _ in range(rng.randrange(0, 14)))
        + rng.choice(".!?")
        for _ in range(count)
    ]


def _our_scores(con: duckdb.DuckDBPyConnection, query: str) -> dict[int, float]:
    sql = f"WITH {bm25_hits()} SELECT qid, score FROM hits"
    return dict(con.execute(sql, {"terms": fulltext.query_terms(query)}).fetchall())


def _index(con: duckdb.DuckDBPyConnection, texts: list[str], batches: int) -> None:
    ddl = resources.files("saidwhat.store").joinpath("schema.sql").read_text("utf-8")
    con.execute(ddl)
    rows = list(enumerate(texts, start=1))
    step = max(len(rows) // batches, 1)
    for start in range(0, len(rows), step):
        batch = rows[start : start + step]
        con.execute(
            'INSERT INTO quotes (qid, article_hash, id, type, text, start, "end", speaker_keys, confidence) '
            "SELECT unnest($q), 'a', 'q', 'direct', unnest($t), 0, 0, [], 1.0",
            {"q": [q for q, _ in batch], "t": [t for _, t in batch]},
        )
        fulltext.index_statements(con, batch)


def test_scores_equal_the_fts_extensions_bm25() -> None:
    extension = pytest.importorskip("duckdb_extension_fts")
    path = resources.files(extension) / "extensions" / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    if not path.is_file():
        pytest.skip("no fts extension for this duckdb")
    texts = _texts(400, seed=3)
    con = duckdb.connect()
    _index(con, texts, batches=7)
    con.execute(f"LOAD '{path}'")
    con.execute("PRAGMA create_fts_index('quotes', 'qid', 'text', stemmer = 'porter', stopwords = 'english')")
    queries = [*WORDS, "harbour fares", "ferries rising", "café wall", "connected bridges tax", "the of"]
    compared = 0
    for query in queries:
        words = [word for (word,) in con.execute(_THEIR_WORDS, {"q": query}).fetchall()]
        stems = con.execute(
            "SELECT DISTINCT stem(unnest($w), 'porter') ORDER BY ALL", {"w": words}
        ).fetchall()
        assert fulltext.query_terms(query) == [stem for (stem,) in stems], query
        if not words:
            continue
        theirs = dict(
            con.execute(
                "SELECT qid, score FROM (SELECT qid, fts_main_quotes.match_bm25(qid, $q, conjunctive := 1) "
                "AS score FROM quotes) WHERE score IS NOT NULL",
                {"q": " ".join(words)},
            ).fetchall()
        )
        ours = _our_scores(con, query)
        assert ours.keys() == theirs.keys(), query
        assert all(abs(ours[qid] - theirs[qid]) < 1e-9 for qid in ours), query
        compared += len(ours)
    assert compared > 500


def test_batches_equal_one_index_and_a_rewrite_in_term_order_changes_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = _texts(300, seed=5)
    whole, batched, merged = duckdb.connect(), duckdb.connect(), duckdb.connect()
    _index(whole, texts, batches=1)
    _index(batched, texts, batches=30)
    monkeypatch.setattr(fulltext, "MIN_TAIL", 0)  # rewrite whenever the tail passes a quarter
    _index(merged, texts, batches=30)
    assert merged.execute("SELECT sorted_rows FROM fts_stats").fetchone() != (0,)
    for query in ("harbour", "ferries fares", "councillors tax", "déjà naïve", "bridge"):
        expected = _our_scores(whole, query)
        assert expected
        for con in (batched, merged):
            found = _our_scores(con, query)
            assert found.keys() == expected.keys()
            assert all(abs(found[q] - expected[q]) < 1e-9 for q in found), query


def test_the_tokenizer_cuts_as_the_extension_did() -> None:
    assert fulltext.tokens("Café “déjà” it’s x_y DON'T 42nd a\u00a0b\tİstanbul") == [
        "cafe", "“deja”", "it’s", "x", "y", "don", "t", "nd", "a\u00a0b", "istanbul",
    ]  # fmt: skip
    assert fulltext.terms("The harbour fares are rising, the harbours' fares!") == [
        "harbour", "fare", "rise", "harbour", "fare",
    ]  # fmt: skip


def _analyzed(n: int) -> Analyzed:
    return Analyzed(
        f"news/{n}.txt", f"item{n}", saidwhat.analyze(invented_article(n), published=dt.date(2024, 3, 1))
    )


def test_the_index_is_current_after_every_batch_with_no_rebuild(tmp_path: Path) -> None:
    """What a kill after a commit leaves: batches written, no end-of-run step. A search finds them
    from a read-only opening (which could not rebuild an index) and `check` finds the store healthy."""
    db = tmp_path / "corpus.duckdb"
    with QuoteStore(db) as store:
        run = store.start_run(["invented"])
        store.add_batch(run, [_analyzed(0), _analyzed(1)])
        store.add_batch(run, [_analyzed(2)])
    health = check_store(db)
    assert health.healthy and health.index_current
    with Corpus(db) as corpus:
        corpus._rebuilds_index = False  # a stale index would now be an error, not a rebuild
        every = corpus.quotes(limit=None)
        word = max(fulltext.terms(every[-1].quote.text), key=len)
        hits = corpus.quotes(contains=word, limit=None)
    assert hits and all(word in fulltext.terms(hit.quote.text) for hit in hits)
    assert {h.quote.text for h in every if word in fulltext.terms(h.quote.text)} == {
        h.quote.text for h in hits
    }


def _answers(corpus: Corpus) -> dict[str, Any]:
    texts = [hit.quote.text for hit in corpus.quotes(limit=None)]
    words = sorted({term for text in texts for term in fulltext.terms(text)})
    return {
        word: [(hit.quote.text, round(hit.score or 0, 9)) for hit in corpus.quotes(contains=word, limit=None)]
        for word in words
    }


def test_a_store_of_the_version_before_is_migrated_to_the_stores_own_index(tmp_path: Path) -> None:
    db = tmp_path / "corpus.duckdb"
    with QuoteStore(db) as store:
        run = store.start_run(["invented"])
        store.add_batch(run, [_analyzed(n) for n in range(4)])
    with Corpus(db) as corpus:
        expected = _answers(corpus)
    assert any(expected.values())
    with duckdb.connect(str(db)) as con:  # the store as version 4 wrote it: no index tables of its own
        for table in ("fts_terms", "fts_postings", "fts_stats"):
            con.execute(f"DROP TABLE {table}")
        con.execute("CREATE TABLE quote_postings (termid INTEGER, qid BIGINT, tf INTEGER, len INTEGER)")
        con.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    with Corpus(db) as corpus:  # opening it migrates it
        assert _answers(corpus) == expected
    with duckdb.connect(str(db), read_only=True) as con:
        version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        tables = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert version == (str(SCHEMA_VERSION),) and "quote_postings" not in tables
    assert (tmp_path / "corpus.duckdb.v4.bak").is_file()
