"""What a worker hands the writer for each item: analysed, failed or repeated.

Apart from store/writer.py so that a worker imports them, and store/prepare.py, without DuckDB
(0.1-0.2 s of every worker's start); the writer re-exports them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..types import Article
from .prepare import Prepared


@dataclass(frozen=True, slots=True)
class Analyzed:
    """An item that was analysed: where it came from, the hash of its raw bytes, the result, and
    the writer's work on it done beforehand by the worker (prepare.py), if it was."""

    origin: str
    item_hash: str
    article: Article
    fetched: dt.date | None = None
    prepared: Prepared | None = None


@dataclass(frozen=True, slots=True)
class Failed:
    """An item that could not be read or analysed, and why; `item_hash` is None if never read."""

    origin: str
    item_hash: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class Repeated:
    """An item whose raw content an earlier item of the run had: not analysed, logged as a duplicate."""

    origin: str
    item_hash: str


Outcome = Analyzed | Failed | Repeated
