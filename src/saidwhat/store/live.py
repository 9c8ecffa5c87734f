"""A live store: `saidwhat serve` holds the store's one read-write connection, and an ingest of the
same store hands it each analysed batch to write, so the reader stays up while news comes in.

DuckDB lets one process write a file, and while it does, no other process may even read it: the
reader and the writer have to be one process. The server announces itself beside the store in
STORE.serve.json (its pid, a loopback port and a random token; mode 0600, so only its owner can
read the token), removed when it stops; an announcement whose pid is dead (a killed server) is
ignored. An ingest that finds a live one analyses as always and sends each batch to the port
(wire.py); the server writes it with `QuoteStore.add_batch` on its own connection, so every
guarantee of a batch holds (one transaction, retried item by item, a text never stored twice),
and its readers see it at the commit (DuckDB's MVCC: a query reads the snapshot it started on).
One ingest at a time: a second is refused, as a second writer is without a server. The port is
not the public HTTP interface, which never writes; it answers only the token.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import os
import secrets
import socket
import socketserver
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Self, cast

from ..errors import SaidwhatError, StoreError
from .connection import Closing
from .records import CorpusStats
from .wire import HELLO_LIMIT, Stream, WireError, decode_counts, decode_outcome, encode_counts, encode_outcome
from .wire import receive as receive_message
from .wire import send as send_message
from .writer import BatchCounts, Outcome, QuoteStore

HANDOFF_DOCUMENTS = 64  # outcomes a hand-off message carries at most (LiveStore.add_batch)

logger = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
CONNECT_SECONDS = 10.0
HELLO_SECONDS = 10.0  # to show the token: a connection that says nothing is dropped
INDEX_SECONDS = 30.0  # during an ingest, the full-text index is rebuilt at most this often …
INDEX_SHARE = 4.0  # … and at most once in this many times its last rebuild took: ≤ 1/5 of the writer


@dataclass(frozen=True, slots=True)
class Announcement:
    """What the sidecar file tells an ingest: who holds the store, and how to reach its writer."""

    pid: int
    port: int
    token: str
    url: str  # the public reader, for the message of a command that cannot open the store


def sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".serve.json")


def find_server(path: Path) -> Announcement | None:
    """The live server announced beside the store; None if none is, or its process is gone."""
    try:
        data = json.loads(sidecar(path).read_text("utf-8"))
        found = Announcement(int(data["pid"]), int(data["port"]), str(data["token"]), str(data["url"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return found if _alive(found.pid) else None


def served_hint(path: Path) -> str | None:
    """What to do about a store a live server holds, for a command that could not open it."""
    served = find_server(path)
    if served is None:
        return None
    return (
        f"{path} is held by `saidwhat serve` (pid {served.pid}): read it there ({served.url}, JSON "
        f"under {served.url}api/), ingest into it as usual (the server writes the batches), or stop "
        "the server to open the store here"
    )


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def _announce(path: Path, announcement: Announcement) -> None:
    """Write the sidecar whole or not at all, readable by its owner only."""
    target = sidecar(path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()  # left by a killed process of the same pid
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never through a link
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(asdict(announcement), file)
    os.replace(temporary, target)


def _withdraw(path: Path, announcement: Announcement) -> None:
    """Remove the sidecar if it is still this server's."""
    with contextlib.suppress(OSError, ValueError):
        if json.loads(sidecar(path).read_text("utf-8")).get("token") == announcement.token:
            sidecar(path).unlink()


class LiveStore(Closing):
    """The writing methods of `QuoteStore` that ingest uses, carried out by the server holding the
    store. Raises `StoreError` when the server refuses (another ingest is writing) or goes away."""

    def __init__(self, path: Path, served: Announcement, connection: socket.socket) -> None:
        self.path, self.served = path, served
        self._socket = connection
        self._interrupted = False
        self._stream = connection.makefile("rwb")
        try:
            self._call("hello", token=served.token, pid=os.getpid(), store=str(path.resolve()))
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Say goodbye, so that the server has ended the session (and let the next ingest in) when
        this returns; then close the connection."""
        with contextlib.suppress(StoreError):
            self._call("bye")
        self._interrupted = True  # closed: no further call
        with contextlib.suppress(OSError):
            self._stream.close()
        self._socket.close()

    def seen_items(self) -> set[str]:
        return set(cast(list[str], self._call("seen_items")))

    def seen_urls(self) -> set[str]:
        return set(cast(list[str], self._call("seen_urls")))

    def start_run(self, sources: Sequence[str]) -> int:
        return int(self._call("start_run", sources=list(sources)))

    def add_batch(self, run: int, outcomes: Sequence[Outcome]) -> BatchCounts:
        """Handed over `HANDOFF_DOCUMENTS` at a time, each a transaction of the server's: a message
        stays within the wire's limit whatever the batch size (64 documents at the character cap
        are ~200 MB of JSON, 512 would pass MESSAGE_LIMIT)."""
        counts = BatchCounts()
        for start in range(0, len(outcomes), HANDOFF_DOCUMENTS):
            encoded = [encode_outcome(outcome) for outcome in outcomes[start : start + HANDOFF_DOCUMENTS]]
            counts.add(decode_counts(self._call("add_batch", run=run, outcomes=encoded)))
        return counts

    def rebuild_index(self) -> None:
        self._call("rebuild_index")

    def stats(self) -> CorpusStats:
        return CorpusStats.model_validate(self._call("stats"))

    def _call(self, op: str, **arguments: Any) -> Any:
        if self._interrupted:  # mid-message: the server has dropped the connection, or will
            raise StoreError(
                f"{self.path}: interrupted while handing a batch to `saidwhat serve`; "
                "rerun the ingest to resume"
            )
        try:
            send_message(self._stream, {"op": op, **arguments})
            reply = receive_message(self._stream)
        except (OSError, WireError) as exc:
            raise self._lost(str(exc)) from exc
        except BaseException:  # Ctrl-C or `kill`: the run goes on to commit what it has
            self._interrupted = True
            raise
        if reply is None:
            raise self._lost("connection closed")
        if not reply.get("ok"):
            raise StoreError(str(reply.get("error")))
        return reply.get("result")

    def _lost(self, reason: str) -> StoreError:
        return StoreError(
            f"{self.path}: `saidwhat serve` (pid {self.served.pid}), which holds the store, stopped "
            f"answering ({reason}); the batches it committed are stored: rerun the ingest to resume"
        )


def open_writer(path: Path) -> QuoteStore | LiveStore:
    """Where an ingest writes: through the live server announced beside the store, else the store."""
    served = find_server(path)
    if served is not None:
        try:
            connection = socket.create_connection((LOOPBACK, served.port), timeout=CONNECT_SECONDS)
        except OSError as exc:  # a sidecar whose pid another process now has: not a server
            logger.info("%s: no server at port %d (%s); opening the store", path, served.port, exc)
        else:
            connection.settimeout(None)  # a batch takes as long as the server's writer needs
            return LiveStore(path, served, connection)
    return QuoteStore(path)


class Handoff(Closing):
    """The server's side: a loopback listener writing the batches of one ingest at a time through
    `store`, and calling `on_change(settled)` after each write; `settled` when the ingest ended or
    the full-text index was rebuilt (a reader may then refresh what is costly to recompute)."""

    def __init__(self, store: QuoteStore, *, url: str, on_change: Callable[[bool], None]) -> None:
        self.store, self.on_change = store, on_change
        self._session = threading.Lock()  # held by the one ingest writing
        self._writing = threading.Lock()  # held while the store is written
        self._holder: int | None = None
        self._closed = self._unindexed = False
        self._indexed_at, self._index_cost = time.monotonic(), 0.0
        self._listener = _Listener((LOOPBACK, 0), _Session)
        self._listener.handoff = self
        port = int(self._listener.server_address[1])
        self.announcement = Announcement(os.getpid(), port, secrets.token_urlsafe(32), url)

    def __enter__(self) -> Self:
        threading.Thread(target=self._listener.serve_forever, name="saidwhat-handoff", daemon=True).start()
        try:
            _announce(self.store.path, self.announcement)
        except BaseException:
            self._listener.shutdown()
            self._listener.server_close()
            raise
        return self

    def close(self) -> None:
        """Stop: no new ingest, the batch in flight finished, the index brought up to date."""
        _withdraw(self.store.path, self.announcement)
        self._listener.shutdown()
        self._listener.server_close()
        with self._writing:
            self._closed = True
            if self._unindexed:
                try:
                    self._rebuild()
                except SaidwhatError as exc:  # the next opening rebuilds it
                    logger.warning("%s: %s", self.store.path, exc)

    def converse(self, connection: socket.socket, incoming: Stream, outgoing: Stream) -> None:
        """One ingest's connection: the hello with the token, then its requests until it closes."""
        connection.settimeout(HELLO_SECONDS)
        try:
            hello = receive_message(incoming, HELLO_LIMIT)
            problem = self._refusal(hello)
            if problem is None and not self._session.acquire(blocking=False):
                problem = self._busy()
            if problem is not None:
                send_message(outgoing, _error(problem))
                return
        except (OSError, WireError):
            return
        farewell = False
        try:
            self._holder = int(cast(dict[str, Any], hello).get("pid") or 0)
            send_message(outgoing, {"ok": True, "result": None})
            connection.settimeout(None)
            while (message := receive_message(incoming)) is not None:
                if message.get("op") == "bye":
                    farewell = True
                    break
                send_message(outgoing, self._serve(message))
        except (OSError, WireError) as exc:
            logger.warning("%s: an ingest's connection broke (%s)", self.store.path, exc)
        finally:
            self._session_ended()
            self._holder = None
            self._session.release()
        if farewell:  # answered once the session is over: the ingest's next run is let in
            with contextlib.suppress(OSError):
                send_message(outgoing, {"ok": True, "result": None})

    def _refusal(self, hello: dict[str, Any] | None) -> str | None:
        if hello is None or hello.get("op") != "hello":
            return "not a saidwhat ingest"
        if not hmac.compare_digest(str(hello.get("token")).encode(), self.announcement.token.encode()):
            return f"{self.store.path}: the server's token does not match"
        if hello.get("store") != str(self.store.path.resolve()):
            return f"{hello.get('store')}: this server holds {self.store.path.resolve()}"
        return None

    def _busy(self) -> str:
        other = f" (pid {self._holder})" if self._holder else ""
        return (
            f"{self.store.path}: another ingest{other} is writing to this store through `saidwhat "
            f"serve` (pid {os.getpid()}); DuckDB allows one writer: rerun when it has finished"
        )

    def _serve(self, message: dict[str, Any]) -> dict[str, Any]:
        operations: dict[str, Callable[[dict[str, Any]], Any]] = {
            "seen_items": lambda _: sorted(self.store.seen_items()),
            "seen_urls": lambda _: sorted(self.store.seen_urls()),
            "start_run": lambda request: self.store.start_run([str(s) for s in request["sources"]]),
            "add_batch": self._add_batch,
            "rebuild_index": lambda _: self._rebuild(),
            "stats": lambda _: self.store.stats().model_dump(),
        }
        operation = operations.get(str(message.get("op")))
        if operation is None:
            return _error(f"unknown request {message.get('op')!r}")
        with self._writing:
            if self._closed:
                return _error(f"{self.store.path}: `saidwhat serve` is stopping; rerun the ingest to resume")
            try:
                return {"ok": True, "result": operation(message)}
            except SaidwhatError as exc:
                return _error(str(exc))
            except (KeyError, TypeError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
                return _error(f"{self.store.path}: a malformed request ({exc})")

    def _add_batch(self, request: dict[str, Any]) -> dict[str, Any]:
        outcomes = [decode_outcome(outcome) for outcome in request["outcomes"]]
        counts = self.store.add_batch(int(request["run"]), outcomes)
        self._unindexed = True
        self._changed(settled=False)
        waited = time.monotonic() - self._indexed_at
        if waited >= max(INDEX_SECONDS, INDEX_SHARE * self._index_cost):
            self._rebuild()
        return encode_counts(counts)

    def _rebuild(self) -> None:
        started = time.monotonic()
        self.store.rebuild_index()
        self._indexed_at = time.monotonic()
        self._index_cost, self._unindexed = self._indexed_at - started, False
        self._changed(settled=True)

    def _session_ended(self) -> None:
        """After an ingest, finished or killed: its statements searchable, the reader refreshed."""
        with self._writing:
            if self._closed:
                return
            try:
                if self._unindexed:
                    self._rebuild()
            except SaidwhatError as exc:
                logger.warning("%s: %s", self.store.path, exc)
            self._changed(settled=True)

    def _changed(self, *, settled: bool) -> None:
        try:
            self.on_change(settled)
        except Exception:  # the batch is committed: a reader's refresh must not fail it
            logger.exception("%s: refreshing the reader after a write failed", self.store.path)


def _error(message: str) -> dict[str, Any]:
    return {"ok": False, "error": message}


class _Listener(socketserver.ThreadingTCPServer):
    daemon_threads = True  # a connection left open never keeps the server from stopping
    block_on_close = False
    handoff: Handoff


class _Session(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        cast(_Listener, self.server).handoff.converse(self.connection, self.rfile, self.wfile)
