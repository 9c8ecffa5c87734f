"""Writing a store: the batches of an ingest run, each in one transaction, and the derived tables.

Each batch of results is written in one transaction with the ingest-log rows of its
items, so a crash or SIGKILL loses at most the batch in flight, and a rerun, which skips
every item already logged, redoes exactly that batch. Nothing is ever updated in place
but the derived tables (people, aliases, provenance groups, the full-text index), which are
recomputed from the stored rows; the full-text index takes each batch's statements in the
batch's transaction (fulltext.py), so it is current after a kill. A batch DuckDB refuses for its
rows is written again item by item, so that one row it cannot store costs that item (logged as
failed), not the batch.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import logging
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from .._version import __version__
from ..document import escaped
from . import fulltext, identity, provenance, roles
from .connection import (
    StoreConnection,
    connect,
    guarded,
    index_is_current,
    reason_of,
    store_error,
    store_errors,
)
from .outcomes import Analyzed as Analyzed  # re-exported: the writer's interface, as before
from .outcomes import Failed as Failed
from .outcomes import Outcome as Outcome
from .outcomes import Repeated as Repeated
from .prepare import MENTION_COLUMNS, QUOTE_COLUMNS, Prepared, prepare

logger = logging.getLogger(__name__)

_ARTICLE_COLUMNS = (
    *("hash", "url", "title", "source", "origin", "published", "published_inferred", "fetched"),
    *("author", "text"),
)
_LOG_COLUMNS = ("run", "item_hash", "origin", "status", "reason", "article_hash", "logged_at")
_SURNAME, _TEXT = MENTION_COLUMNS.index("surname"), QUOTE_COLUMNS.index("text")
_HASH, _SOURCE = _ARTICLE_COLUMNS.index("hash"), _ARTICLE_COLUMNS.index("source")

# Documents a transaction, at most: what a crash can cost, against the writer's CPU a document
# (bench/writer.py: 1.4-1.7 ms at 64, 0.55-0.7 at 512); ingest also commits after COMMIT_SECONDS.
DEFAULT_BATCH_SIZE = 512
CHECKPOINT_WAL = "256MB"  # see QuoteStore._settings


@dataclass(slots=True)
class BatchCounts:
    """What one committed batch added."""

    ingested: int = 0
    duplicates: int = 0
    failed: int = 0
    quotes: int = 0
    failures: list[Failed] = field(default_factory=list)

    def add(self, other: BatchCounts) -> None:
        self.ingested += other.ingested
        self.duplicates += other.duplicates
        self.failed += other.failed
        self.quotes += other.quotes
        self.failures.extend(other.failures)


class QuoteStore(StoreConnection):
    """Write access to a store (created if missing): what `saidwhat ingest` uses.

    DuckDB lets one process write a file at a time; readers (`Corpus`) wait until it closes.
    """

    _action = "cannot write"

    def __init__(self, path: str | Path) -> None:
        super().__init__(path, read_only=False, create=True)
        self._settings()
        self._known: provenance.KnownPrints | None = None
        self._columns: dict[str, list[str]] = {}  # each table's, in order, as asked of the store

    def _settings(self) -> None:
        """A batch is tens of statements of a millisecond: DuckDB's threads cost more CPU to
        coordinate than they save there (3.8 → 2.7 ms of writer CPU a document, bench/writer.py).
        A checkpoint rewrites the indexes it touches whole, whatever the log holds: waiting for
        `CHECKPOINT_WAL` of log, not DuckDB's 16 MB, checkpoints a 16th as often (one every ~600
        documents before), and the log a kill leaves to replay stays bounded."""
        self._con.execute("SET threads = 1")
        self._con.execute(f"SET checkpoint_threshold = '{CHECKPOINT_WAL}'")

    def _insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Insert many rows at once (see `_insert_columns`)."""
        if rows:
            self._insert_columns(table, {name: [row[name] for row in rows] for name in rows[0]})

    def _insert_rows(self, table: str, names: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """Insert rows given as tuples of the columns `names` (see `_insert_columns`)."""
        if rows:
            self._insert_columns(table, dict(zip(names, map(list, zip(*rows, strict=True)), strict=True)))

    def _insert_columns(self, table: str, columns: dict[str, list[Any]]) -> None:
        """Insert columns of values at once, as an Arrow table in the table's column order:
        `executemany` costs milliseconds a row, a pandas frame of objects tens of microseconds
        (DuckDB inspects every value), Arrow a few (`from_pylist`, slower on tuples, is avoided);
        an insert of a relation costs 0.6 ms less than one of a registered view."""
        import pyarrow as pa  # only when writing: `import saidwhat` stays light

        if table not in self._columns:
            found = self._con.execute(f"SELECT * FROM {table} LIMIT 0").description
            self._columns[table] = [column[0] for column in found]
        ordered = {name: columns[name] for name in self._columns[table]}
        self._con.from_arrow(pa.table(ordered)).insert_into(table)

    @guarded
    def seen_items(self) -> set[str]:
        """Hashes of the raw items already logged: a rerun skips them."""
        rows = self._con.execute("SELECT DISTINCT item_hash FROM ingest_log WHERE item_hash IS NOT NULL")
        return {item_hash for (item_hash,) in rows.fetchall()}

    @guarded
    def seen_urls(self) -> set[str]:
        """URLs whose page was fetched and logged: a rerun does not fetch them again."""
        rows = self._con.execute(
            "SELECT DISTINCT origin FROM ingest_log WHERE item_hash IS NOT NULL AND "
            "(origin LIKE 'http://%' OR origin LIKE 'https://%')"
        )
        return {origin for (origin,) in rows.fetchall()}

    @guarded
    def start_run(self, sources: Sequence[str]) -> int:
        """A new run of `sources` (escaped: a file name need not be valid Unicode) → its number."""
        row = self._con.execute("SELECT coalesce(max(run), 0) + 1 FROM runs").fetchone()
        run = int(row[0]) if row else 1
        named = [escaped(source) for source in sources]
        self._con.execute(
            "INSERT INTO runs VALUES (?, ?, ?, ?)", [run, dt.datetime.now(), named, __version__]
        )
        return run

    def add_batch(self, run: int, outcomes: Sequence[Outcome]) -> BatchCounts:
        """Write a batch of outcomes in one transaction; texts already stored count as duplicates.

        If DuckDB refuses the batch for its rows, each item is written in a transaction of its own,
        and an item it refuses is logged as failed with DuckDB's reason: the rest are committed,
        and a rerun skips it. An error of the file (damaged, full, locked) is a `StoreError`.
        """
        with _no_cycle_collection():
            done = self._attempt(run, outcomes)
        if isinstance(done, BatchCounts):
            return done
        logger.warning("%s: a batch was refused (%s); writing it item by item", self.path, reason_of(done))
        counts = BatchCounts()
        for outcome in outcomes:
            done = self._attempt(run, [outcome])
            if not isinstance(done, BatchCounts):
                reason = f"cannot be stored ({reason_of(done)})"
                done = self._attempt(run, [Failed(escaped(outcome.origin), outcome.item_hash, reason)])
                if not isinstance(done, BatchCounts):
                    raise store_error(self.path, done, "cannot write") from done
            counts.add(done)
        return counts

    def _attempt(self, run: int, outcomes: Sequence[Outcome]) -> BatchCounts | Exception:
        """Write `outcomes` in one transaction, or return the error of rows that cannot be stored (a
        string that is not Unicode), with the store reopened, as some DuckDB errors invalidate the
        connection; an error of the file is raised."""
        try:
            return self._write(run, outcomes)
        except (duckdb.Error, UnicodeError) as exc:
            if isinstance(exc, duckdb.IOException):  # the file, not the rows: no item would do better
                raise store_error(self.path, exc, "cannot write") from exc
            self._con.close()  # after an internal error DuckDB refuses every statement until reopened
            self._con = connect(self.path, read_only=False)
            self._settings()
            self._known = None  # read again from what the store holds
            return exc

    def _write(self, run: int, outcomes: Sequence[Outcome]) -> BatchCounts:
        counts = BatchCounts()
        prepared = {id(o): o.ready() or prepare(o.article) for o in outcomes if isinstance(o, Analyzed)}
        hashes = ",".join(f"'{p.article_hash}'" for p in prepared.values())  # hex digests (Prepared.fits)
        # a literal list is answered from the primary key's index; a semi-join on a list parameter
        # scans every stored hash (20 ms a batch at 10,000 articles against 1.6)
        stored = self._con.execute(f"SELECT hash FROM articles WHERE hash IN ({hashes})") if hashes else None
        seen = {article_hash for (article_hash,) in stored.fetchall()} if stored else set()
        now = dt.datetime.now()
        articles: list[tuple[Any, ...]] = []
        mentions: list[tuple[Any, ...]] = []
        quotes: list[tuple[Any, ...]] = []
        grouped: list[provenance.NewStatement] = []
        indexed: list[fulltext.Postings] = []
        role_rows: tuple[list[dict[str, Any]], list[dict[str, Any]]] = ([], [])  # see store/roles.py
        log: list[tuple[Any, ...]] = []
        for outcome in outcomes:
            entry = (run, outcome.item_hash, outcome.origin)
            if isinstance(outcome, Failed):
                counts.failed += 1
                counts.failures.append(outcome)
                log.append((*entry, "failed", outcome.reason, None, now))
                continue
            if isinstance(outcome, Repeated):
                counts.duplicates += 1
                log.append((*entry, "duplicate", "same content as an earlier item of the run", None, now))
                continue
            ready = prepared[id(outcome)]
            article_hash = ready.article_hash
            if article_hash in seen:
                counts.duplicates += 1
                log.append((*entry, "duplicate", "same text as a stored article", article_hash, now))
                continue
            seen.add(article_hash)
            counts.ingested += 1
            counts.quotes += len(ready.quotes)
            log.append((*entry, "ingested", None, article_hash, now))
            articles.append(_article_row(outcome, ready))
            mentions.extend(ready.mention_rows)
            quotes.extend(ready.quote_rows)
            for row, done in zip(ready.quote_rows, ready.quotes, strict=True):
                grouped.append(provenance.NewStatement(done.qid, done.tag, row[_TEXT], done.prints))
                indexed.append(done.postings)
            role_rows[0].extend(ready.role_evidence)
            role_rows[1].extend(ready.role_mentions)
        surnames = {row[_SURNAME] for row in mentions if row[_SURNAME]}
        with self._transaction():
            tables = {"articles": (_ARTICLE_COLUMNS, articles), "mentions": (MENTION_COLUMNS, mentions)}
            tables |= {"quotes": (QUOTE_COLUMNS, quotes), "ingest_log": (_LOG_COLUMNS, log)}
            for table, (names, rows) in tables.items():
                self._insert_rows(table, names, rows)
            for table, dicts in (("role_evidence", role_rows[0]), ("role_mentions", role_rows[1])):
                self._insert(table, dicts)
            provenance.group_statements(self._con, grouped, self._known_prints())
            fulltext.index_postings(self._con, indexed)
            if surnames:
                self._update_identities(surnames)
            if surnames or any(role_rows):  # a holder's identity may have changed too
                source = {row[_HASH]: row[_SOURCE] for row in articles}
                pools = {(row["role"], source[row["article_hash"]]) for rows in role_rows for row in rows}
                roles.resolve_stored(self._con, surnames, pools)
            if articles:
                self._con.execute(  # data and index move together: the index is current after a kill
                    "UPDATE meta SET value = (value::BIGINT + 1)::VARCHAR "
                    "WHERE key IN ('data_generation', 'index_generation')"
                )
        return counts

    def _known_prints(self) -> provenance.KnownPrints:
        """The stored fingerprints in memory, read once a connection (see provenance.KnownPrints)."""
        if self._known is None:
            self._known = provenance.KnownPrints(self._con)
        return self._known

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """One transaction, rolled back on any error (which the caller turns into a `StoreError`)."""
        self._con.execute("BEGIN")
        try:
            yield
            self._con.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                self._con.execute("ROLLBACK")
            raise

    def _update_identities(self, surnames: set[str]) -> None:
        """Recompute the people of every surname the batch touched (see store/identity.py), from
        each name key's mentions counted in SQL: one row a key, not one a mention."""
        touched = sorted(surnames)
        rows = self._con.execute(  # one scan: the genders' counts, and which came first (ties go to it)
            "SELECT name_key, count(DISTINCT article_hash), histogram(name), list(DISTINCT titles), "
            "histogram(gender) FILTER (gender <> ''), arg_min(gender, rowid) FILTER (gender <> '') "
            "FROM mentions WHERE surname IN (SELECT unnest(?)) GROUP BY name_key",
            [touched],
        ).fetchall()
        parse = identity.NameKey.parse
        uses = [
            identity.NameUse(
                parse(key), articles, Counter(names), _first_first(genders, first), _peer(title_lists)
            )
            for key, articles, names, title_lists, genders, first in sorted(rows, key=lambda row: row[0])
        ]
        found, linked = identity.resolve(uses)
        people = {field: [getattr(p, field) for p in found] for field in ("id", "surname", "name", "gender")}
        aliases = {
            "name_key": [a.key for a in linked],
            **{
                field: [getattr(a, field) for a in linked]
                for field in ("surname", "person_id", "articles", "evidence")
            },
        }
        self._con.execute("DELETE FROM people WHERE surname IN (SELECT unnest(?))", [touched])
        self._con.execute("DELETE FROM aliases WHERE surname IN (SELECT unnest(?))", [touched])
        if found:
            self._insert_columns("people", people)
        if linked:
            self._insert_columns("aliases", aliases)

    def rebuild_index(self) -> None:
        """Index every stored statement anew if the index is behind the data (statements written
        around `add_batch`), in one transaction; a no-op otherwise, as every batch indexes its own."""
        with store_errors(self.path, "cannot write"):
            if index_is_current(self._con):
                return
            self._con.execute("RESET threads")  # a whole store: every core helps
            with self._transaction():
                fulltext.rebuild(self._con)
                self._con.execute(
                    "UPDATE meta SET value = (SELECT value FROM meta WHERE key = 'data_generation') "
                    "WHERE key = 'index_generation'"
                )
            self._settings()


def _peer(title_lists: list[list[str]]) -> bool:
    """Whether any of a name key's title lists makes a peer ("Lord")."""
    return any(title_list and _peer_titles(tuple(title_list)) for title_list in title_lists)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """A batch makes ~100,000 tuples, lists and dicts, freed by their reference counts when it is
    done; Python's cycle collector meanwhile traverses them again and again as they survive its
    young generations: 0.05-0.15 ms of a writer's 0.6 a document (bench/writer.py). So it is off
    for the batch, as for any bulk load, and what cycles the batch left are collected after."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@functools.lru_cache(maxsize=1 << 14)
def _peer_titles(titles: tuple[str, ...]) -> bool:
    """Whether a mention's titles make a peer: asked of every name key a batch touches, of few
    distinct title lists."""
    return bool(identity.peer_titles(titles))


def _first_first(counts: dict[str, int] | None, first: str | None) -> Counter[str]:
    """A name key's gender counts in the order they were first named: the first, then the other
    (a mention is male or female, `types.Gender`), so that a tie goes to the first."""
    if not counts or len(counts) == 1:  # most keys: nothing to order
        return Counter(counts)
    ordered: Counter[str] = Counter()
    for gender in sorted(counts, key=lambda gender: gender != first):
        ordered[gender] = counts[gender]
    return ordered


def _article_row(outcome: Analyzed, ready: Prepared) -> tuple[Any, ...]:
    url, title, source, published, inferred, author, text = ready.article  # prepare.ARTICLE_FIELDS
    return (ready.article_hash, url, title, source, outcome.origin, published, inferred, outcome.fetched,
            author, text)  # fmt: skip
