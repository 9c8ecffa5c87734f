"""Helpers of the store tests: run the CLI in a child process, read a store's contents."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import duckdb

# The ingest log keeps one row per attempt; a test that reruns after a kill compares
# what was logged, not how often.
LOG_ROWS = "SELECT origin, status, reason FROM ingest_log ORDER BY origin, status"
DISTINCT_LOG_ROWS = "SELECT DISTINCT origin, status, reason FROM ingest_log ORDER BY origin"


def saidwhat(*args: str) -> list[str]:
    """The command line of `saidwhat ARGS` in this interpreter, for subprocess."""
    return [sys.executable, "-c", "from saidwhat.cli import main; main()", *args]


def contents(db: Path, *, log: str = LOG_ROWS) -> dict[str, list[tuple[Any, ...]]]:
    """Everything a store holds but timestamps and run numbers, in a fixed order."""
    queries = {
        "articles": "SELECT * EXCLUDE (fetched) FROM articles ORDER BY hash",
        "mentions": "SELECT * FROM mentions ORDER BY article_hash, person",
        "quotes": "SELECT * FROM quotes ORDER BY qid",
        "people": "SELECT * FROM people ORDER BY id",
        "aliases": "SELECT * FROM aliases ORDER BY name_key",
        "log": log,
    }
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: con.execute(sql).fetchall() for name, sql in queries.items()}
