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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Self, Unpack

import duckdb

from ..errors import StoreError
from ..types import QuoteType, StatementKind
from . import identity, roles, search
from .connection import StoreConnection, connect, guarded, index_is_current, stale_index, store_errors
from .find import find_statements
from .identity import speaker_hash
from .provenance import provenance_of
from .records import (
    ArticleSummary,
    CorpusSpan,
    CoSpeaker,
    FoundStatement,
    QuoteCounts,
    QuoteFilters,
    SpeakerSummary,
    StoredArticle,
    StoredQuote,
    WeekCount,
)
from .search import PERSON_FILTER, TIMELINE, UNPLACED, quote_search, stored_article, stored_quote
from .writer import QuoteStore

if TYPE_CHECKING:  # DuckDB imports pandas itself when a DataFrame is asked for
    import pandas as pd

ExportFormat = Literal["parquet", "csv", "jsonl"]
_EXPORT_OPTIONS = {
    "parquet": "FORMAT parquet, COMPRESSION zstd",
    "csv": "FORMAT csv, HEADER, FORCE_QUOTE (qid)",
    "jsonl": "FORMAT json",  # newline-delimited
}
DEFAULT_LIMIT = 20


@dataclass(frozen=True, slots=True)
class _PeopleIndex:
    """Every alias with its person, by surname (speaker search) and by name key (a hit's person)."""

    by_surname: dict[str, list[tuple[str, str, str | None]]]
    by_key: dict[str, tuple[str, str]]

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> _PeopleIndex:
        rows = con.execute(
            "SELECT pe.surname, al.name_key, al.person_id, pe.gender, pe.name "
            "FROM aliases AS al JOIN people AS pe ON pe.id = al.person_id"
        ).fetchall()
        by_surname: dict[str, list[tuple[str, str, str | None]]] = {}
        for surname, key, person_id, gender, _ in rows:
            by_surname.setdefault(surname, []).append((key, person_id, gender))
        return cls(by_surname, {key: (person_id, name) for _, key, person_id, _, name in rows})


class Corpus(StoreConnection):
    """A corpus store opened for reading: the Python side of `saidwhat query`, `people` and `export`."""

    _rebuilds_index = True
    _index_current = False  # once seen current, it stays so: no writer can open a store being read
    _people: _PeopleIndex | None = None

    def __init__(self, path: str | Path, *, threads: int | None = None, read_only: bool = True) -> None:
        """`threads` caps DuckDB's threads for one query: a server running many small queries at once
        does better with one each (a second thread costs more to coordinate than it saves).
        `read_only=False` reads beside a `QuoteStore` of this process (a live `serve`, store/live.py)."""
        super().__init__(path, read_only=read_only)
        if threads is not None:
            with store_errors(self.path, self._action):
                self._con.execute(f"SET threads = {int(threads)}")

    @guarded
    def cursor(self) -> Self:
        """A reader on a new cursor of this connection, for one thread: a DuckDB connection must not be
        used by two threads at once, its cursors may. It never rebuilds a stale index, since that
        needs write access the shared connection does not have (`StoreError` instead)."""
        reader = object.__new__(type(self))
        reader.path = self.path
        reader._con = self._con.cursor()
        reader._rebuilds_index = False
        reader._index_current = self._index_current
        reader._people = self._people
        return reader

    @guarded
    def hold_people(self) -> None:
        """Read every name key's person into memory, for a long-lived reader (`saidwhat serve`): a
        speaker search then needs no aliases query and no join. Sound because nothing can write the
        store while it is open read-only; cursors made after this share the lookup."""
        self._people = _PeopleIndex.load(self._con)

    @guarded
    def index_is_current(self) -> bool:
        """False after an ingest was killed before rebuilding the full-text index."""
        self._index_current = self._index_current or index_is_current(self._con)
        return self._index_current

    @guarded
    def quotes(
        self,
        *,
        speaker: str | None = None,
        contains: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        type: QuoteType | None = None,
        limit: int | None = DEFAULT_LIMIT,
        person: str | None = None,
        offset: int = 0,
        statement_kind: Sequence[StatementKind] | None = None,
    ) -> list[StoredQuote]:
        """Statements matching every filter given: best BM25 match first with `contains`, else newest.

        `person` is a person id (`SpeakerSummary.id`): exactly that person, where `speaker` is a name
        that may mean several; `offset` skips that many rows, for paging; `statement_kind` keeps
        those kinds only (("speech", "writing"): beliefs and stances left out).
        """
        filters = _filters(speaker, contains, since, until, type, statement_kind)
        cursor = self._select_quotes(filters, limit, person=person, offset=offset, persons=False)
        return self._hits(cursor)

    def _hits(self, cursor: duckdb.DuckDBPyConnection) -> list[StoredQuote]:
        """The rows of a search made with `persons=False` as statements, their persons looked up."""
        names = [column[0] for column in cursor.description or ()]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        persons = self._persons({key for row in rows if (key := row["speaker_key"]) is not None})
        groups = provenance_of(self._con, [row["qid"] for row in rows])
        for row in rows:
            row["person_id"], row["person"] = persons.get(row["speaker_key"], (None, None))
        return [stored_quote(row, groups.get(row["qid"])) for row in rows]

    @guarded
    def find(
        self, text: str, *, speaker: str | None = None, limit: int = DEFAULT_LIMIT
    ) -> list[FoundStatement]:
        """Who said these words, and where first (`saidwhat find`, store/find.py)."""
        self._ensure_index()
        keys = self.speaker_keys(speaker) if speaker is not None else []
        return find_statements(self._con, text, speaker=speaker, speaker_keys=keys, limit=limit)

    @guarded
    def quotes_df(
        self,
        *,
        speaker: str | None = None,
        contains: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        type: QuoteType | None = None,
        limit: int | None = DEFAULT_LIMIT,
        offset: int = 0,
        statement_kind: Sequence[StatementKind] | None = None,
    ) -> pd.DataFrame:
        """`quotes` as a DataFrame: one flat row a statement (speaker_*, cue_*, addressee_* columns)."""
        filters = _filters(speaker, contains, since, until, type, statement_kind)
        return self._select_quotes(filters, limit, offset=offset).df()

    @guarded
    def people(self, *, limit: int | None = DEFAULT_LIMIT, offset: int = 0) -> list[SpeakerSummary]:
        """People ranked by how many statements they made, with the dates of the first and last."""
        cursor = self._select_people(limit, offset=offset)
        names = [column[0] for column in cursor.description or ()]
        return roles.with_roles(
            self._con, [SpeakerSummary(**dict(zip(names, r, strict=True))) for r in cursor.fetchall()]
        )

    @guarded
    def person(self, person_id: str) -> SpeakerSummary | None:
        """One person by id, or None; a person who never spoke has no summary either."""
        cursor = self._select_people(1, person=person_id)
        names = [column[0] for column in cursor.description or ()]
        row = cursor.fetchone()
        return (
            roles.with_roles(self._con, [SpeakerSummary(**dict(zip(names, row, strict=True)))])[0]
            if row
            else None
        )

    @guarded
    def quotes_per_week(self, person_id: str) -> list[WeekCount]:
        """The person's dated statements by week (Monday first), oldest first, each at its precision:
        one known to the day or week counts in its week, one of a month, quarter or year is spread
        over its weeks (a share in each), never a spike on its first day. Statements without a
        date, known only as "some time before" or to the decade are left out (`undated_count`)."""
        rows = self._con.execute(
            TIMELINE,
            self._person_params(person_id),
        ).fetchall()
        return [WeekCount(week=week, quotes=quotes, spread=spread) for week, quotes, spread in rows]

    @guarded
    def undated_count(self, person_id: str) -> int:
        """The person's statements no timeline can place: undated, "some time before", a decade."""
        row = self._con.execute(
            UNPLACED,
            self._person_params(person_id),
        ).fetchone()
        return int(row[0]) if row else 0

    @guarded
    def quote_counts(self, **filters: Unpack[QuoteFilters]) -> QuoteCounts:
        """How many statements match the filters of `quotes` (its `limit` aside), and how many of
        them are dated ("381, 18 dated")."""
        filters.pop("limit", None)
        cursor = self._select_quotes(filters, None, persons=False, count=True)
        row = cursor.fetchone()
        return QuoteCounts(statements=row[0], dated=row[1]) if row else QuoteCounts(statements=0, dated=0)

    @guarded
    def quoted_alongside(self, person_id: str, *, limit: int = DEFAULT_LIMIT) -> list[CoSpeaker]:
        """Other people who speak in the articles where this person speaks, most shared articles first."""
        rows = self._con.execute(
            f"""WITH theirs AS (SELECT DISTINCT q.article_hash FROM quotes AS q WHERE {PERSON_FILTER}),
            spoken AS (
                SELECT q.article_hash, unnest(q.speaker_keys) AS name_key
                FROM quotes AS q SEMI JOIN theirs USING (article_hash)
            )
            SELECT al.person_id, pe.name, count(DISTINCT s.article_hash) AS articles
            FROM spoken AS s JOIN aliases AS al USING (name_key) JOIN people AS pe ON pe.id = al.person_id
            WHERE al.person_id <> $person
            GROUP BY al.person_id, pe.name ORDER BY articles DESC, al.person_id LIMIT $limit""",
            self._person_params(person_id) | {"person": person_id, "limit": limit},
        ).fetchall()
        return [CoSpeaker(id=pid, name=name, articles=articles) for pid, name, articles in rows]

    @guarded
    def articles(self, *, limit: int | None = DEFAULT_LIMIT, offset: int = 0) -> list[ArticleSummary]:
        """Articles newest first (undated last), with their number of statements."""
        rows = self._con.execute(
            """WITH page AS (
                SELECT hash, title, url, source, published FROM articles
                ORDER BY published DESC NULLS LAST, hash LIMIT $limit OFFSET $offset
            )
            SELECT p.*, (SELECT count(*) FROM quotes AS q WHERE q.article_hash = p.hash) AS quotes
            FROM page AS p ORDER BY published DESC NULLS LAST, hash""",
            {"limit": limit, "offset": offset},
        )
        names = [column[0] for column in rows.description or ()]
        return [ArticleSummary(**dict(zip(names, row, strict=True))) for row in rows.fetchall()]

    @guarded
    def article(self, article_hash: str) -> StoredArticle | None:
        """One article by its hash with its people and statements, as `saidwhat analyze` gave them."""
        return stored_article(self._con, article_hash)

    @guarded
    def span(self) -> CorpusSpan:
        """The first and last publication date of the stored articles: given or read from metadata, never
        one guessed from the text (`published_inferred`)."""
        row = self._con.execute(
            "SELECT min(published), max(published) FROM articles WHERE NOT published_inferred"
        ).fetchone()
        return CorpusSpan(first=row[0], last=row[1]) if row else CorpusSpan()

    def _persons(self, keys: set[str]) -> dict[str, tuple[str, str]]:
        """Name key → (person id, person name) for the keys given: from memory when held."""
        if self._people is not None:
            return {key: found for key in keys if (found := self._people.by_key.get(key)) is not None}
        if not keys:
            return {}
        rows = self._con.execute(
            "SELECT al.name_key, al.person_id, pe.name FROM aliases AS al JOIN people AS pe "
            "ON pe.id = al.person_id WHERE al.name_key IN (SELECT unnest($keys))",
            {"keys": sorted(keys)},
        ).fetchall()
        return {key: (person_id, name) for key, person_id, name in rows}

    def _person_params(self, person_id: str) -> dict[str, Any]:
        keys = [
            key
            for (key,) in self._con.execute(
                "SELECT name_key FROM aliases WHERE person_id = $person ORDER BY name_key",
                {"person": person_id},
            ).fetchall()
        ]
        return {
            "person_keys": keys,
            "person_ids": [speaker_hash(key=k) for k in keys],
            "person_id": person_id,
        }

    @guarded
    def people_df(self, *, limit: int | None = DEFAULT_LIMIT) -> pd.DataFrame:
        return self._select_people(limit).df()

    def _select_people(
        self,
        limit: int | None,
        *,
        offset: int = 0,
        person: str | None = None,
        match: str | None = None,
        order: search.PeopleOrder = "quotes",
    ) -> duckdb.DuckDBPyConnection:
        """`match`: only the people one of whose names holds it (any case or accents)."""
        params = {"limit": limit, "offset": offset, "person": person} | ({"match": match} if match else {})
        sql = search.people_sql(matching=bool(match), order=order)
        return self._con.execute(sql, params)

    @guarded
    def export(
        self,
        out: str | Path,
        *,
        format: ExportFormat,
        speaker: str | None = None,
        contains: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        type: QuoteType | None = None,
        limit: int | None = None,
        statement_kind: Sequence[StatementKind] | None = None,
    ) -> int:
        """Write the stored statements matching the filters (those of `quotes`; none: every one) with
        their article and person to `out`, oldest first; returns the row count. In CSV, `qid` is a
        quoted string: its 19 digits are more than a spreadsheet's numbers hold."""
        filters = _filters(speaker, contains, since, until, type, statement_kind)
        sql, params = self._quote_sql(filters, limit)
        rows = f"SELECT * EXCLUDE (score) FROM ({sql}) ORDER BY date, article_hash, start"
        if format == "csv":
            rows = f"SELECT * REPLACE (CAST(qid AS VARCHAR) AS qid) FROM ({rows})"
        target = str(out).replace("'", "''")
        with store_errors(self.path, f"cannot export to {out}"):  # DuckDB's reason names the file at fault
            self._con.execute(f"COPY ({rows}) TO '{target}' ({_EXPORT_OPTIONS[format]})", params)
            row = self._con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()
        return int(row[0]) if row else 0

    @guarded
    def speaker_keys(self, name: str) -> list[str]:
        """The name keys of every person a speaker query can mean: 'Doe' → all the Does' names."""
        key = identity.name_key(name)
        if key is None:
            return []
        rows: list[tuple[str, str, str | None]]
        if self._people is not None:
            rows = self._people.by_surname.get(key.surname, [])
        else:
            rows = self._con.execute(
                "SELECT al.name_key, al.person_id, pe.gender FROM aliases AS al JOIN people AS pe "
                "ON pe.id = al.person_id WHERE pe.surname = $surname",
                {"surname": key.surname},
            ).fetchall()
        return identity.fitting_keys(key, rows)

    def _select_quotes(
        self,
        filters: QuoteFilters,
        limit: int | None,
        *,
        person: str | None = None,
        offset: int = 0,
        persons: bool = True,
        count: bool = False,
    ) -> duckdb.DuckDBPyConnection:
        """The ranked page of statements (see `quote_search`); with `persons=False` the person
        columns are left to `_persons`; with `count`, only how many and how many dated."""
        sql, params = self._quote_sql(filters, limit, person=person, offset=offset, persons=persons)
        if count:
            sql = f"SELECT count(*), count(date_to) FROM ({sql}) AS found"
        return self._con.execute(sql, params)

    def _quote_sql(
        self,
        filters: QuoteFilters,
        limit: int | None,
        *,
        person: str | None = None,
        offset: int = 0,
        persons: bool = True,
        where: Sequence[str] = (),
    ) -> tuple[str, dict[str, Any]]:
        """The SQL and parameters `_select_quotes` runs: store/browse.py filters and counts on it."""
        speaker, contains = filters.get("speaker"), filters.get("contains")
        keys = self.speaker_keys(speaker) if speaker is not None else []
        if contains is not None:
            self._ensure_index()
        return quote_search(
            speaker=speaker,
            speaker_keys=keys,
            person=self._person_params(person) if person is not None else None,
            contains=contains,
            since=filters.get("since"),
            until=filters.get("until"),
            type=filters.get("type"),
            statement_kind=filters.get("statement_kind"),
            limit=limit,
            offset=offset,
            persons=persons,
            where=where,
        )

    def _ensure_index(self) -> None:
        """An ingest that was killed left the full-text index behind its data: rebuild it now."""
        if self.index_is_current():
            return
        if not self._rebuilds_index:
            raise StoreError(stale_index(self.path))
        self._con.close()
        try:
            with QuoteStore(self.path) as store:
                store.rebuild_index()
        finally:
            self._con = connect(self.path, read_only=True)


def _filters(
    speaker: str | None,
    contains: str | None,
    since: dt.date | None,
    until: dt.date | None,
    type: QuoteType | None,
    statement_kind: Sequence[StatementKind] | None,
) -> QuoteFilters:
    """The filters of `quotes`, `quotes_df` and `export` as one record (their limits aside)."""
    return QuoteFilters(
        speaker=speaker, contains=contains, since=since, until=until, type=type, statement_kind=statement_kind
    )
