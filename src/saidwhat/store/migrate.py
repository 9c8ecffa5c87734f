"""Bringing a store written by an earlier saidwhat up to this schema version, in place.

A store is never refused for being old, and nothing stored is lost: the file is first copied
beside itself (`corpus.duckdb` → `corpus.duckdb.v1.bak`), then every step from its version to
`SCHEMA_VERSION` runs in one transaction. A step is the SQL that turns version n into n + 1,
registered in `STEPS` under n; a schema change adds its step here and bumps SCHEMA_VERSION.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..errors import StoreError
from . import roles
from .provenance import group_stored

Step = Callable[[duckdb.DuckDBPyConnection], None]


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
    """Role holders: the tables of role evidence, role-noun statements and their holders (as in
    schema.sql, kept here as version 4 defined them), filled from the stored people's titles and
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


STEPS: dict[int, Step] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4}


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
    copying the file to a backup; on any error the transaction is rolled back and the store is
    as it was."""
    missing = [version for version in range(found, target) if version not in STEPS]
    if missing:
        raise StoreError(f"{path}: no migration from store schema version {missing[0]}")
    con.execute("CHECKPOINT")  # the whole store in the file, none of it in the WAL, before copying
    backup = backup_path(path, found)
    try:
        shutil.copy2(path, backup)
    except OSError as exc:
        raise StoreError(f"{path}: cannot keep a backup before migrating ({exc.strerror or exc})") from exc
    con.execute("BEGIN")
    try:
        for version in range(found, target):
            STEPS[version](con)
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(target)])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("CHECKPOINT")
    return Migration(path, found, target, backup)
