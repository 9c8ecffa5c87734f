"""The messages between an ingest and the server that holds its store (live.py): one JSON object a
line, each way, over a loopback socket.

JSON rather than pickle: a message is decoded by the server, and a pickle would run whatever its
sender put in it. Outcomes travel as the typed records they are (an `Article` as its JSON, checked
again by pydantic on arrival), and lone surrogates (a file name that is not valid Unicode) survive,
since `json` writes them as escapes.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Protocol

from ..errors import StoreError
from ..types import Article
from .writer import Analyzed, BatchCounts, Failed, Outcome, Repeated

HELLO_LIMIT = 4096  # bytes of the first line, read before the sender has shown its token
MESSAGE_LIMIT = 1 << 30  # 64 documents (live.HANDOFF_DOCUMENTS) at the 1,000,000-character cap: ~200 MB


class Stream(Protocol):
    """A buffered socket stream (`socket.makefile`, a request handler's files)."""

    def readline(self, size: int | None = -1, /) -> bytes: ...

    def write(self, data: bytes, /) -> int: ...

    def flush(self) -> None: ...


class WireError(StoreError):
    """A message that is cut short, too long or not one of ours."""


def send(stream: Stream, message: dict[str, Any]) -> None:
    stream.write(json.dumps(message, separators=(",", ":")).encode("ascii") + b"\n")
    stream.flush()


def receive(stream: Stream, limit: int = MESSAGE_LIMIT) -> dict[str, Any] | None:
    """The next message, or None when the other side closed the connection between messages."""
    line = stream.readline(limit + 1)
    if not line:
        return None
    if not line.endswith(b"\n"):
        raise WireError("a message cut short or over the size limit")
    try:
        message = json.loads(line)
    except ValueError as exc:
        raise WireError(f"a message that is not JSON ({exc})") from exc
    if not isinstance(message, dict):
        raise WireError("a message that is not a JSON object")
    return message


def encode_outcome(outcome: Outcome) -> dict[str, Any]:
    if isinstance(outcome, Analyzed):
        fetched = outcome.fetched.isoformat() if outcome.fetched else None
        article = outcome.article.model_dump(mode="json")
        return {
            "kind": "analyzed",
            "origin": outcome.origin,
            "item_hash": outcome.item_hash,
            "article": article,
            "fetched": fetched,
        }
    if isinstance(outcome, Failed):
        return {
            "kind": "failed",
            "origin": outcome.origin,
            "item_hash": outcome.item_hash,
            "reason": outcome.reason,
        }
    return {"kind": "repeated", "origin": outcome.origin, "item_hash": outcome.item_hash}


def decode_outcome(data: dict[str, Any]) -> Outcome:
    kind, origin, item_hash = data["kind"], str(data["origin"]), data["item_hash"]
    if kind == "analyzed":
        fetched = dt.date.fromisoformat(data["fetched"]) if data["fetched"] else None
        return Analyzed(origin, str(item_hash), Article.model_validate(data["article"]), fetched)
    if kind == "failed":
        return Failed(origin, None if item_hash is None else str(item_hash), str(data["reason"]))
    if kind == "repeated":
        return Repeated(origin, str(item_hash))
    raise WireError(f"an outcome of unknown kind {kind!r}")


def encode_counts(counts: BatchCounts) -> dict[str, Any]:
    return {
        "ingested": counts.ingested,
        "duplicates": counts.duplicates,
        "failed": counts.failed,
        "quotes": counts.quotes,
        "failures": [encode_outcome(failure) for failure in counts.failures],
    }


def decode_counts(data: dict[str, Any]) -> BatchCounts:
    failures = [decode_outcome(failure) for failure in data["failures"]]
    return BatchCounts(
        ingested=int(data["ingested"]),
        duplicates=int(data["duplicates"]),
        failed=int(data["failed"]),
        quotes=int(data["quotes"]),
        failures=[failure for failure in failures if isinstance(failure, Failed)],
    )
