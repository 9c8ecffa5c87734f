"""Reading a corpus store: statements by speaker, words, dates and type; speakers; export.

    with saidwhat.Corpus("corpus.duckdb") as corpus:
        for hit in corpus.quotes(speaker="Doe", contains="sanctions", since=dt.date(2021, 12, 1)):
            print(hit.person, hit.quote.date, hit.quote.text)
        frame = corpus.quotes_df(type="direct", limit=None)

A speaker matches every name of a person ("Doe" finds the quotes of "Jane Doe",
"President Doe" and "Ms Doe" of any article, see store/identity.py), or a group's
words ("officials"). `contains` is full-text search ranked by BM25 over the fts
extension's index, every word required; the store is opened read-only, so several
readers can share it (but not with a running ingest: DuckDB allows one writer or readers).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypedDict

import duckdb
from pydantic import BaseModel, ConfigDict, Field

from ..types import Addressee, Cue, Quote, QuoteType, Speaker
from . import identity
from .duckdb import CorpusStats, QuoteStore, StoreConnection, connect, index_is_current, speaker_hash, stats

if TYPE_CHECKING:  # DuckDB imports pandas itself when a DataFrame is asked for
    import pandas as pd

ExportFormat = Literal["parquet", "csv", "jsonl"]
_EXPORT_OPTIONS = {
    "parquet": "FORMAT parquet, COMPRESSION zstd",
    "csv": "FORMAT csv, HEADER",
    "jsonl": "FORMAT json",  # newline-delimited
}
DEFAULT_LIMIT = 20
BM25_K1 = 1.2  # the fts extension's defaults, so scores equal its match_bm25
BM25_B = 0.75

# Every query word (not a stopword) must occur; the score is the fts extension's BM25,
# summed over the words, computed from the term-ordered postings (store/duckdb.py).
_BM25 = f"""
words AS (
    SELECT DISTINCT stem(token, 'porter') AS term
    FROM (SELECT unnest(fts_main_quotes.tokenize($contains)) AS token)
    WHERE token <> '' AND token NOT IN (SELECT sw FROM fts_main_quotes.stopwords)
),
terms AS (SELECT d.termid, d.df FROM fts_main_quotes.dict AS d JOIN words USING (term)),
hits AS (
    SELECT p.qid,
           sum(log((s.num_docs - t.df + 0.5) / (t.df + 0.5) + 1)
               * p.tf * ({BM25_K1} + 1)
               / (p.tf + {BM25_K1} * (1 - {BM25_B} + {BM25_B} * p.len / s.avgdl))) AS score
    FROM quote_postings AS p JOIN terms AS t USING (termid), fts_main_quotes.stats AS s
    GROUP BY p.qid
    HAVING count(*) = (SELECT count(*) FROM words)
)"""
# The columns of a stored quote as `quotes_df` and `export` give them.
_COLUMNS = """
    qid, q.article_hash, a.url, a.title, a.source, a.published, a.origin, al.person_id, pe.name AS person,
    q.* EXCLUDE (qid, article_hash, speaker_key, speaker_keys, speaker_id)"""
_ARTICLE_JOINS = """
    JOIN articles AS a ON a.hash = q.article_hash
    LEFT JOIN aliases AS al ON al.name_key = q.speaker_key
    LEFT JOIN people AS pe ON pe.id = al.person_id"""


class QuoteFilters(TypedDict, total=False):
    """The keyword arguments of `Corpus.quotes` and `Corpus.quotes_df`."""

    speaker: str | None
    contains: str | None
    since: dt.date | None
    until: dt.date | None
    type: QuoteType | None
    limit: int | None


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StoredQuote(_Record):
    """One stored statement, with its article and the person it is attributed to across articles."""

    article_hash: str
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    origin: str
    person_id: str | None = Field(None, description="Identity across articles, when a person spoke.")
    person: str | None = Field(None, description="That person's name, e.g. 'Jane Doe' for 'Ms Doe'.")
    score: float | None = Field(None, description="BM25 relevance, when searched with `contains`.")
    quote: Quote


class SpeakerSummary(_Record):
    """A person who made statements, with every name the articles used for them."""

    id: str
    name: str
    names: list[str]
    quotes: int
    articles: int
    first: dt.date | None = None
    last: dt.date | None = None


class Corpus(StoreConnection):
    """A corpus store opened for reading: the Python side of `saidwhat query`, `people` and `export`."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(path, read_only=True)

    def stats(self) -> CorpusStats:
        """How many articles, statements, people and ingest runs the store holds."""
        return stats(self._con)

    def quotes(
        self,
        *,
        speaker: str | None = None,
        contains: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        type: QuoteType | None = None,
        limit: int | None = DEFAULT_LIMIT,
    ) -> list[StoredQuote]:
        """Statements matching every filter given: best BM25 match first with `contains`, else newest."""
        cursor = self._select_quotes(speaker, contains, since, until, type, limit)
        names = [column[0] for column in cursor.description or ()]
        return [_stored_quote(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]

    def quotes_df(
        self,
        *,
        speaker: str | None = None,
        contains: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        type: QuoteType | None = None,
        limit: int | None = DEFAULT_LIMIT,
    ) -> pd.DataFrame:
        """`quotes` as a DataFrame: one flat row a statement (speaker_*, cue_*, addressee_* columns)."""
        return self._select_quotes(speaker, contains, since, until, type, limit).df()

    def people(self, *, limit: int | None = DEFAULT_LIMIT) -> list[SpeakerSummary]:
        """People ranked by how many statements they made, with the dates of the first and last."""
        cursor = self._select_people(limit)
        names = [column[0] for column in cursor.description or ()]
        return [SpeakerSummary(**dict(zip(names, row, strict=True))) for row in cursor.fetchall()]

    def people_df(self, *, limit: int | None = DEFAULT_LIMIT) -> pd.DataFrame:
        return self._select_people(limit).df()

    def _select_people(self, limit: int | None) -> duckdb.DuckDBPyConnection:
        sql = r"""
            WITH spoken AS (
                SELECT unnest(speaker_keys) AS name_key, article_hash, date FROM quotes
            ),
            ranked AS (
                SELECT al.person_id AS id, count(*) AS quotes, count(DISTINCT s.article_hash) AS articles,
                       min(s.date) AS first, max(s.date) AS last
                FROM spoken AS s JOIN aliases AS al USING (name_key)
                GROUP BY al.person_id
                ORDER BY quotes DESC, id
                LIMIT $limit
            ),
            names AS (
                SELECT al.person_id AS id, list(DISTINCT name ORDER BY name) AS names
                FROM (SELECT name_key, trim(regexp_replace(name, '\s+', ' ', 'g')) AS name FROM mentions) AS m
                JOIN aliases AS al USING (name_key)
                WHERE al.person_id IN (SELECT id FROM ranked)
                GROUP BY al.person_id
            )
            SELECT r.id, pe.name, coalesce(n.names, []) AS names, r.quotes, r.articles, r.first, r.last
            FROM ranked AS r JOIN people AS pe USING (id) LEFT JOIN names AS n USING (id)
            ORDER BY r.quotes DESC, r.id
        """
        return self._con.execute(sql, {"limit": limit})

    def export(self, out: str | Path, *, format: ExportFormat) -> int:
        """Write every stored statement with its article and person to `out`; returns the row count."""
        target = str(out).replace("'", "''")
        query = f"SELECT {_COLUMNS} FROM quotes AS q {_ARTICLE_JOINS} ORDER BY date, q.article_hash, start"
        self._con.execute(f"COPY ({query}) TO '{target}' ({_EXPORT_OPTIONS[format]})")
        row = self._con.execute("SELECT count(*) FROM quotes").fetchone()
        return int(row[0]) if row else 0

    def speaker_keys(self, name: str) -> list[str]:
        """The name keys of every person a speaker query can mean: 'Doe' → all the Does' names."""
        key = identity.name_key(name)
        if key is None:
            return []
        rows = self._con.execute(
            "SELECT al.name_key, al.person_id, pe.gender FROM aliases AS al JOIN people AS pe "
            "ON pe.id = al.person_id WHERE pe.surname = $surname",
            {"surname": key.surname},
        ).fetchall()
        people = {
            person
            for _, person, gender in rows
            if _compatible(key.given, identity.NameKey.parse(person).given)
            and (key.gender is None or gender is None or key.gender == gender)
        }
        return sorted(name_key for name_key, person, _ in rows if person in people)

    def _select_quotes(
        self,
        speaker: str | None,
        contains: str | None,
        since: dt.date | None,
        until: dt.date | None,
        type: QuoteType | None,
        limit: int | None,
    ) -> duckdb.DuckDBPyConnection:
        where: list[str] = []
        params: dict[str, Any] = {"limit": limit}
        for clause, name, value in (
            ("q.date >= $since", "since", since),
            ("q.date <= $until", "until", until),
            ("q.type = $type", "type", type),
        ):
            if value is not None:
                where.append(clause)
                params[name] = value
        branches = [where]
        if speaker is not None:
            # One speaker: a semi-join on an integer column. Joint speakers ('both X and Y') have
            # no id; their keys are read only on those rows, since a list column costs a scan.
            keys = self.speaker_keys(speaker)
            params |= {"ids": [speaker_hash(key=key) for key in keys] + [speaker_hash(name=speaker)]}
            branches = [[*where, "q.speaker_id IN (SELECT unnest($ids))"]]
            if keys:
                params["keys"] = keys
                branches.append([*where, "q.speaker_id IS NULL", "list_has_any(q.speaker_keys, $keys)"])
        selected = " UNION ALL ".join(
            f"SELECT q.qid, q.date FROM quotes AS q {'WHERE ' + ' AND '.join(branch) if branch else ''}"
            for branch in branches
        )
        # Newest first; integer tie-breaks, as sorting a million rows by text costs 30 ms.
        ranked = (
            f"SELECT s.qid, NULL::DOUBLE AS score FROM ({selected}) AS s ORDER BY s.date DESC NULLS LAST, qid"
        )
        order = "q.date DESC NULLS LAST, ranked.qid"
        hits = ""
        if contains is not None:
            self._ensure_index()
            params["contains"] = contains
            hits, order = f"{_BM25},", "ranked.score DESC, ranked.qid"
            filtered = bool(where) or speaker is not None  # else no scan of quotes at all
            source = f"({selected}) AS s JOIN hits AS h USING (qid)" if filtered else "hits AS h"
            ranked = f"SELECT h.qid, h.score FROM {source} ORDER BY h.score DESC, h.qid"
        # Rank on the few columns the filters need, then read whole rows for the ones kept:
        # reading every column of a million rows to keep twenty costs hundreds of milliseconds.
        sql = f"""
            WITH {hits}
            ranked AS ({ranked} LIMIT $limit)
            SELECT {_COLUMNS}, ranked.score
            FROM ranked JOIN quotes AS q USING (qid) {_ARTICLE_JOINS}
            ORDER BY {order}
        """
        return self._con.execute(sql, params)

    def _ensure_index(self) -> None:
        """An ingest that was killed left the full-text index behind its data: rebuild it now."""
        if index_is_current(self._con):
            return
        self._con.close()
        try:
            with QuoteStore(self.path) as store:
                store.rebuild_index()
        finally:
            self._con = connect(self.path, read_only=True)


def _compatible(given: str, other: str) -> bool:
    """Given names that can mean the same person: equal, one missing, or an initial of the other."""
    if not given or not other or given == other:
        return True
    return (len(given) == 1 and other.startswith(given)) or (len(other) == 1 and given.startswith(other))


def _stored_quote(row: dict[str, Any]) -> StoredQuote:
    speaker = cue = addressee = None
    if row["speaker_kind"] is not None:
        speaker = Speaker(
            kind=row["speaker_kind"],
            person=row["speaker_person"],
            name=row["speaker_name"],
            mention=row["speaker_mention"],
            start=row["speaker_start"],
            end=row["speaker_end"],
            people=row["speaker_people"] or [],
        )
    if row["cue_text"] is not None:
        cue = Cue(text=row["cue_text"], lemma=row["cue_lemma"], start=row["cue_start"], end=row["cue_end"])
    if row["addressee_name"] is not None:
        addressee = Addressee(
            person=row["addressee_person"],
            name=row["addressee_name"],
            mention=row["addressee_mention"],
            start=row["addressee_start"],
            end=row["addressee_end"],
        )
    quote = Quote(
        id=row["id"],
        type=row["type"],
        text=row["text"],
        start=row["start"],
        end=row["end"],
        speaker=speaker,
        cue=cue,
        addressee=addressee,
        date=row["date"],
        date_text=row["date_text"],
        date_source=row["date_source"],
        place=row["place"],
        parent=row["parent"],
        confidence=row["confidence"],
    )
    fields = ("article_hash", "url", "title", "published", "origin", "person_id", "person", "score")
    return StoredQuote(**{name: row[name] for name in fields}, quote=quote)
