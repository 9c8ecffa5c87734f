"""What a worker hands the writer for each item: analysed, failed or repeated.

Apart from store/writer.py so that a worker imports them, and store/prepare.py, without DuckDB
(0.1-0.2 s of every worker's start); the writer re-exports them.
"""

from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import dataclass
from typing import Any

from .._version import __version__
from ..types import Article
from .prepare import Prepared


class Analyzed:
    """An item that was analysed: where it came from, the hash of its raw bytes, the result, and
    the writer's work on it done beforehand by the worker (prepare.py), if it was.

    Hand-written rather than a dataclass for one reason: unpickling an `Article` (hundreds of
    pydantic models) cost the ingest process ~0.3 ms a document, half of what the writer does
    with one, and the writer reads nothing of it when the worker prepared it (`ready`). So a
    pickled result carries its article as pickled bytes, unpickled on first use of `article`
    (the live store's hand-off, a preparation of another release, the Python API).
    """

    __slots__ = ("_article", "_pickled", "fetched", "item_hash", "origin", "prepared")

    def __init__(
        self,
        origin: str,
        item_hash: str,
        article: Article,
        fetched: dt.date | None = None,
        prepared: Prepared | None = None,
    ) -> None:
        self.origin, self.item_hash, self.fetched, self.prepared = origin, item_hash, fetched, prepared
        self._article: Article | None = article
        self._pickled: bytes | None = None

    @property
    def article(self) -> Article:
        if self._article is None:
            assert self._pickled is not None
            self._article = pickle.loads(self._pickled)
            self._pickled = None
        return self._article

    def ready(self) -> Prepared | None:
        """The preparation the writer may use as it is: of this release and of this article
        (checked here for an article at hand, by the sender before pickling otherwise)."""
        prepared = self.prepared
        if prepared is None or prepared.release != __version__:
            return None
        return prepared if self._article is None or prepared.fits(self._article) else None

    def replace(self, *, prepared: Prepared | None) -> Analyzed:
        """This result with another preparation."""
        return Analyzed(self.origin, self.item_hash, self.article, self.fetched, prepared)

    def __reduce__(self) -> tuple[Any, ...]:
        if self._article is None:
            pickled, prepared = self._pickled, self.prepared  # as it arrived, checked by its sender
        else:
            pickled = pickle.dumps(self._article, protocol=pickle.HIGHEST_PROTOCOL)
            fits = self.prepared is not None and self.prepared.fits(self._article)
            prepared = self.prepared if fits else None
        return (_arrived, (self.origin, self.item_hash, pickled, self.fetched, prepared))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Analyzed):
            return NotImplemented
        return (self.origin, self.item_hash, self.fetched, self.prepared, self.article) == (
            other.origin, other.item_hash, other.fetched, other.prepared, other.article
        )  # fmt: skip

    __hash__ = None  # type: ignore[assignment]  # as a dataclass with eq: an article is no key

    def __repr__(self) -> str:
        return f"Analyzed(origin={self.origin!r}, item_hash={self.item_hash!r}, fetched={self.fetched!r})"


def _arrived(
    origin: str, item_hash: str, pickled: bytes, fetched: dt.date | None, prepared: Prepared | None
) -> Analyzed:
    """An unpickled `Analyzed`: its article still pickled."""
    analyzed = Analyzed.__new__(Analyzed)
    analyzed.origin, analyzed.item_hash, analyzed.fetched = origin, item_hash, fetched
    analyzed.prepared = prepared
    analyzed._article, analyzed._pickled = None, pickled
    return analyzed


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
