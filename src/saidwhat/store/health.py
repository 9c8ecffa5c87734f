"""Checking a store end to end (`saidwhat check`): it opens, its schema version is known, every
table reads whole, and the full-text index is current.

Opening checks little: DuckDB reads a block only when a query needs it, so a damaged block shows
when something reads it, maybe weeks later. Reading every column of every table, the full-text
index's tables too, is what finds it now.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
from pydantic import BaseModel, ConfigDict

from ..errors import StoreError
from .connection import SCHEMA_VERSION, connect, index_is_current, stale_index, store_errors


class StoreHealth(BaseModel):
    """What `check_store` found: the rows of each table read, and the first problem, if any."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    store: str
    healthy: bool
    schema_version: int | None = None
    tables: dict[str, int] = {}
    index_current: bool | None = None
    problem: str | None = None


def check_store(path: str | Path) -> StoreHealth:
    """Open the store read-only and read all of it; never raises for a store's problem."""
    path = Path(path)
    tables: dict[str, int] = {}
    try:
        con = connect(path, read_only=True)  # missing, foreign, another version, in use, damaged
    except StoreError as exc:
        return StoreHealth(store=str(path), healthy=False, problem=str(exc))
    try:
        for schema, table in _tables(con, path):
            name = table if schema == "main" else f"{schema}.{table}"
            with store_errors(path, f"cannot read table {name}"):
                tables[name] = _read_whole(con, schema, table)
        with store_errors(path, "cannot read"):
            current = index_is_current(con)
    except StoreError as exc:
        return StoreHealth(
            store=str(path), healthy=False, schema_version=SCHEMA_VERSION, tables=tables, problem=str(exc)
        )
    finally:
        con.close()
    return StoreHealth(
        store=str(path),
        healthy=current,
        schema_version=SCHEMA_VERSION,
        tables=tables,
        index_current=current,
        problem=None if current else stale_index(path),
    )


_TABLES = """
    SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database()
    ORDER BY schema_name <> 'main', schema_name, table_name
"""


def _tables(con: duckdb.DuckDBPyConnection, path: Path) -> list[tuple[str, str]]:
    """(schema, table) of every table: the store's own first, then the full-text index's."""
    with store_errors(path, "cannot list the tables"):
        return [(schema, table) for schema, table in con.execute(_TABLES).fetchall()]


def _read_whole(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> int:
    """The rows of a table, every value of every column read (hashed in DuckDB, never fetched)."""
    name = f'"{schema}"."{table}"'
    row = con.execute(f"SELECT count(*), max(hash(COLUMNS(*))) FROM {name}").fetchone()
    return int(row[0]) if row else 0
