"""Bringing a store written by an earlier saidwhat up to this schema version, in place.

A store is never refused for being old, and nothing stored is lost: the file is first copied
beside itself (`corpus.duckdb` → `corpus.duckdb.v1.bak`), then every step from its version to
`SCHEMA_VERSION` runs, each in a transaction of its own that records the version it reaches. A
step is the SQL that turns version n into n + 1, registered in `STEPS` under n; a schema change
adds its step here and bumps SCHEMA_VERSION.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..document import title_span
from ..errors import StoreError
from ..lexicon import load_lexicon
from . import fulltext, roles
from .provenance import group_stored

Step = Callable[[duckdb.DuckDBPyConnection], None]
_CHUNK = 10_000  # articles read at a time by a step that needs their text


def _v1_to_v2(con: duckdb.DuckDBPyConnection) -> None:
    """Statement dates become intervals. Version 1 wrote one day, the first of the period for a
    month or a year ("in November 2003" → 2003-11-01); the words it was read from tell which, so
    such a row becomes that month or year and keeps the day only as `date_from`."""
    for column, kind in (("date_from", "DATE"), ("date_to", "DATE"), ("date_precision", "VARCHAR")):
        con.execute(f"ALTER TABLE quotes ADD COLUMN {column} {kind}")
    year_only = r"^\W*(1[89]|20)\d\d\W*$"  # "2010": no day, no month
    month_year = (
        r"^\W*(January|February|March|April|May|June|July|August|September|October|November|December)"
        r",?\s+(1[89]|20)\d\d\W*$"
    )
    con.execute(
        f"""UPDATE quotes SET
            date_precision = CASE
                WHEN regexp_matches(coalesce(date_text, ''), '{month_year}') THEN 'month'
                WHEN regexp_matches(coalesce(date_text, ''), '{year_only}') THEN 'year'
                ELSE 'day' END
        WHERE date IS NOT NULL"""
    )
    con.execute(
        """UPDATE quotes SET
            date_from = CASE date_precision
                WHEN 'year' THEN date_trunc('year', date) WHEN 'month' THEN date_trunc('month', date)
                ELSE date END,
            date_to = CASE date_precision
                WHEN 'year' THEN (date_trunc('year', date) + INTERVAL 1 YEAR - INTERVAL 1 DAY)::DATE
                WHEN 'month' THEN last_day(date) ELSE date END,
            date = CASE WHEN date_precision = 'day' THEN date END
        WHERE date IS NOT NULL"""
    )


def _v2_to_v3(con: duckdb.DuckDBPyConnection) -> None:
    """Provenance: the tables of statement groups and their fingerprints (as in schema.sql, kept
    here as version 3 defined them), then every stored statement grouped as ingest would have."""
    con.execute("CREATE TABLE quote_groups (qid BIGINT PRIMARY KEY, grp BIGINT NOT NULL)")
    con.execute("CREATE INDEX quote_groups_by_group ON quote_groups (grp)")
    con.execute("CREATE TABLE quote_fingerprints (fingerprint BIGINT NOT NULL, qid BIGINT NOT NULL)")
    con.execute("CREATE INDEX quote_fingerprints_by_print ON quote_fingerprints (fingerprint)")
    group_stored(con)


def _v3_to_v4(con: duckdb.DuckDBPyConnection) -> None:
    """`in_title` is stored. Version 3 dropped it, but the stored text still holds the title
    where analysis found it, so each article's title span is found again, as analysis does."""
    con.execute("ALTER TABLE quotes ADD COLUMN in_title BOOLEAN DEFAULT false")
    con.execute("CREATE TEMP TABLE title_spans (hash VARCHAR, first INTEGER, last INTEGER)")
    after = ""  # read in chunks by hash: a big store's texts need not fit in memory
    while chunk := con.execute(
        "SELECT hash, text FROM articles WHERE hash > ? ORDER BY hash LIMIT ?", [after, _CHUNK]
    ).fetchall():
        after = chunk[-1][0]
        spans = [(h, *span) for h, text in chunk if (span := title_span(text)) is not None]
        if spans:
            columns = [list(column) for column in zip(*spans, strict=True)]
            con.execute("INSERT INTO title_spans SELECT unnest(?), unnest(?), unnest(?)", columns)
    con.execute(
        """UPDATE quotes SET in_title = true FROM title_spans AS t
        WHERE quotes.article_hash = t.hash AND t.first <= quotes.start AND quotes."end" <= t.last"""
    )
    con.execute("DROP TABLE title_spans")


def _v4_to_v5(con: duckdb.DuckDBPyConnection) -> None:
    """Full-text search from the store's own tables (as in schema.sql, kept here as version 5
    defined them), updated by every batch, instead of the fts extension's index rebuilt after
    every ingest; that index and its term-ordered copy go, and every stored statement is indexed."""
    con.execute("DROP SCHEMA IF EXISTS fts_main_quotes CASCADE")
    con.execute("DROP TABLE IF EXISTS quote_postings")
    for table, columns in (
        ("fts_terms", "term VARCHAR PRIMARY KEY, termid INTEGER NOT NULL, df INTEGER NOT NULL"),
        (
            "fts_postings",
            "termid INTEGER NOT NULL, qid BIGINT NOT NULL, tf INTEGER NOT NULL, len INTEGER NOT NULL",
        ),
        ("fts_stats", "docs BIGINT NOT NULL, total_len BIGINT NOT NULL, sorted_rows BIGINT NOT NULL"),
    ):
        con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({columns})")
    con.execute("INSERT INTO fts_stats SELECT 0, 0, 0 WHERE NOT EXISTS (FROM fts_stats)")
    fulltext.rebuild(con)
    con.execute(
        "UPDATE meta SET value = (SELECT value FROM meta WHERE key = 'data_generation') "
        "WHERE key = 'index_generation'"
    )


def _v5_to_v6(con: duckdb.DuckDBPyConnection) -> None:
    """Role holders: the tables of role evidence, role-noun statements and their holders (as in
    schema.sql, kept here as version 6 defined them), filled from the stored people's titles and
    the group speakers' words. Every row follows from those, so rows already there (a store a
    later step was taken back from) are rebuilt, not kept twice."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS role_evidence (article_hash VARCHAR NOT NULL, person VARCHAR NOT NULL, "
        "role VARCHAR NOT NULL, name_key VARCHAR NOT NULL, PRIMARY KEY (article_hash, person, role))"
    )
    con.execute(
        "CREATE TABLE IF NOT EXISTS role_mentions (qid BIGINT PRIMARY KEY, article_hash VARCHAR NOT NULL, "
        "role VARCHAR NOT NULL)"
    )
    con.execute(
        "CREATE TABLE IF NOT EXISTS role_speakers (qid BIGINT PRIMARY KEY, role VARCHAR NOT NULL, "
        "person_id VARCHAR NOT NULL, articles INTEGER NOT NULL, first DATE, last DATE, "
        "evidence VARCHAR NOT NULL)"
    )
    for table in ("role_evidence", "role_mentions", "role_speakers"):
        con.execute(f"DELETE FROM {table}")
    roles.backfill(con)


def _v6_to_v7(con: duckdb.DuckDBPyConnection) -> None:
    """Statement kinds (speech, writing, thought) are stored. Version 6 kept each cue's lemma and
    words, which decide the kind as analysis does (Lexicon.cue_kind); what it did not keep
    is a written occasion ("said in a letter"), so such a statement of an older store is speech."""
    con.execute("ALTER TABLE quotes ADD COLUMN IF NOT EXISTS kind VARCHAR")  # a store taken back keeps it
    lexicon = load_lexicon()
    cues = con.execute(
        "SELECT DISTINCT cue_lemma, lower(split_part(cue_text, ' ', 1)) FROM quotes "
        "WHERE cue_lemma IS NOT NULL"
    ).fetchall()
    kinds = [
        (lemma, word, lexicon.cue_kind(lemma, word, punct=not any(c.isalnum() for c in lemma)))
        for lemma, word in cues
    ]
    con.execute("CREATE TEMP TABLE cue_kinds (lemma VARCHAR, word VARCHAR, kind VARCHAR)")
    if kinds:
        con.executemany("INSERT INTO cue_kinds VALUES (?, ?, ?)", kinds)
    con.execute(
        """UPDATE quotes SET kind = k.kind FROM cue_kinds AS k
        WHERE quotes.cue_lemma = k.lemma AND lower(split_part(quotes.cue_text, ' ', 1)) = k.word"""
    )
    con.execute("UPDATE quotes SET kind = 'speech' WHERE cue_lemma IS NULL")
    con.execute("DROP TABLE cue_kinds")


STEPS: dict[int, Step] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
    5: _v5_to_v6,
    6: _v6_to_v7,
}


@dataclass(frozen=True, slots=True)
class Migration:
    """What migrating a store did: from which version to which, and where the backup is."""

    store: Path
    from_version: int
    to_version: int
    backup: Path | None


def backup_path(path: Path, version: int) -> Path:
    """A free name beside `path` for its copy at `version`: corpus.duckdb.v1.bak, .v1.bak.2, …"""
    candidate = path.with_name(f"{path.name}.v{version}.bak")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.v{version}.bak.{number}")
        number += 1
    return candidate


def migrate(con: duckdb.DuckDBPyConnection, path: Path, found: int, target: int) -> Migration:
    """Migrate the store `con` has open for writing from version `found` to `target`, after
    copying the file to a backup. Each step commits with the version it reaches (DuckDB cannot
    commit two ALTERs of one table in one transaction), so an error or a kill leaves the store
    whole at the last version reached, which the next opening migrates on from."""
    missing = [version for version in range(found, target) if version not in STEPS]
    if missing:
        raise StoreError(f"{path}: no migration from store schema version {missing[0]}")
    con.execute("CHECKPOINT")  # the whole store in the file, none of it in the WAL, before copying
    backup = backup_path(path, found)
    try:
        shutil.copy2(path, backup)
    except OSError as exc:
        raise StoreError(f"{path}: cannot keep a backup before migrating ({exc.strerror or exc})") from exc
    for version in range(found, target):
        con.execute("BEGIN")
        try:
            STEPS[version](con)
            con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(version + 1)])
            con.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(duckdb.TransactionException):  # a failed COMMIT ended it already
                con.execute("ROLLBACK")
            raise
    con.execute("CHECKPOINT")
    return Migration(path, found, target, backup)
