"""The ingest run: one writer in this process, feeding workers and committing what they return.

The writer reads the sources in order, skips what the store already holds, hands new items to a
backend (see workers.py) in chunks and commits the outcomes `batch_size` documents at a time, or
what has come once `COMMIT_SECONDS` have passed if fewer did (a slow run still commits every few
seconds, a fast one in batches whose writer CPU a document is a third of 64's: docs/benchmarks.md),
with their ingest-log rows, in input order whatever finished first. The order is what makes the
store of `--workers 2` or of Dask the same as that of `--workers 1`, and a run resumed after a
crash the same as one that never stopped.
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ..document import Limits
from ..errors import WorkerError
from ..store.writer import DEFAULT_BATCH_SIZE, BatchCounts, Failed, Outcome, Repeated
from .fetch import FetchPolicy
from .sources import RawItem, Source, Unreadable, count_items, iter_items
from .workers import Backend, ChunkResult, worker_died

CHUNK_SIZE = 4  # documents per task: fewer round trips, yet work for every worker until the end
COMMIT_SECONDS = 10.0  # the longest a result waits for its commit: what a crash costs, a live reader waits
LISTED_FAILURES = 10  # failed items the summary names; the ingest log has them all


class BatchStore(Protocol):
    """Where the writer commits: the store itself (`QuoteStore`), or the server that holds it open
    (`store.live.LiveStore`), which writes each batch with `QuoteStore.add_batch` on its side."""

    def seen_items(self) -> set[str]: ...

    def seen_urls(self) -> set[str]: ...

    def start_run(self, sources: Sequence[str]) -> int: ...

    def add_batch(self, run: int, outcomes: Sequence[Outcome]) -> BatchCounts: ...

    def rebuild_index(self) -> None: ...


@dataclass(slots=True)
class IngestSummary:
    """The counts of a run so far; `skipped` are items already in the store, `duplicates` those
    whose content (raw, or the analysed text) came before."""

    total: int = 0
    ingested: int = 0
    skipped: int = 0
    duplicates: int = 0
    failed: int = 0
    quotes: int = 0
    committed: int = 0  # items whose outcome is in the store
    processed: int = 0  # items analysed (or found unreadable) in this run: docs/s counts these
    repeated: int = 0  # items whose content came earlier in this run: logged as duplicates
    reasons: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason) of the first few
    peak_rss: dict[str, int] = field(default_factory=dict)
    worker_cpu: float = 0.0  # seconds the workers spent analysing
    started: float = field(default_factory=time.perf_counter)
    finished: float | None = None  # when the last result came in
    interrupted: bool = False

    @property
    def done(self) -> int:
        return self.skipped + self.repeated + self.processed

    @property
    def docs_per_second(self) -> float:
        end = self.finished if self.finished is not None else time.perf_counter()
        return self.processed / max(end - self.started, 1e-9)

    def add(self, counts: BatchCounts, items: int) -> None:
        self.ingested += counts.ingested
        self.duplicates += counts.duplicates
        self.failed += counts.failed
        self.quotes += counts.quotes
        self.committed += items
        self.reasons.update(reason_kind(failure.reason) for failure in counts.failures)
        room = LISTED_FAILURES - len(self.failures)
        self.failures.extend((failure.origin, failure.reason) for failure in counts.failures[: max(room, 0)])


def reason_kind(reason: str) -> str:
    """A failure reason without its particulars, for the summary: 'text does not look like English'."""
    return reason.split(":", 1)[0].split(" (", 1)[0].strip()


def ingest(
    sources: Sequence[Source],
    *,
    store: BatchStore,
    backend: Backend,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_progress: Callable[[IngestSummary], None] | None = None,
    on_commit: Callable[[IngestSummary], None] | None = None,
    limits: Limits | None = None,
    allow_private_addresses: bool = False,
) -> IngestSummary:
    """Analyse every new item of `sources` on `backend` and commit the results to `store`.

    Ctrl-C stops the run after committing the results already received; the summary says
    `interrupted`. Each batch indexes its own statements for full-text search; the index is
    checked at the end (store/fulltext.py: a no-op unless rows came around the writer). An item over the
    limits, or failing in any way, is logged as failed with its reason and the run goes on. A URL
    gets `limits.timeout` to be fetched too, and private addresses only if allowed (fetch.py).
    """
    limits = limits or Limits()
    fetch = FetchPolicy(limits.timeout, allow_private_addresses)
    writer = _Writer(
        store, sources, batch_size, on_progress, on_commit, max_bytes=limits.max_bytes, fetch=fetch
    )
    try:
        backend.wait_ready()  # the workers loaded the model while the writer opened the run
        writer.summary.started = time.perf_counter()  # docs/s and the ETA count analysis alone
        for result in backend.map(writer.chunks(), limits):
            writer.receive(result)
    except KeyboardInterrupt:
        writer.summary.interrupted = True
    except BaseException as exc:
        with contextlib.suppress(Exception):
            writer.commit()  # the results received are complete: keep them, even when a worker died
        if worker_died(exc):
            raise WorkerError(
                f"a worker process died ({exc}); {writer.summary.committed} items are stored, rerun to resume"
            ) from exc
        raise
    writer.commit()
    writer.summary.finished = time.perf_counter()
    store.rebuild_index()
    return writer.summary


class _Writer:
    """The one writer: feeds new items to the workers, commits their outcomes in input order.

    An item already in the store is skipped. An item repeating one of this run is logged as a
    duplicate, but only after the outcome of the item it repeats: a rerun skips every logged
    hash, so logging the repeat first and crashing would lose the original.
    """

    def __init__(
        self,
        store: BatchStore,
        sources: Sequence[Source],
        batch_size: int,
        on_progress: Callable[[IngestSummary], None] | None,
        on_commit: Callable[[IngestSummary], None] | None,
        *,
        max_bytes: int,
        fetch: FetchPolicy,
    ) -> None:
        self.store, self.sources, self.batch_size, self.max_bytes = store, sources, batch_size, max_bytes
        self.fetch = fetch
        self.on_progress, self.on_commit = on_progress, on_commit
        self.known = store.seen_items()
        self.done_urls = store.seen_urls()
        self.summary = IngestSummary(total=count_items(sources, done_urls=self.done_urls))
        self.run = store.start_run([source.location for source in sources])
        self.pending: list[Outcome] = []
        self.waiting: dict[str, list[Repeated]] = {}  # hash of an item in a worker → its repeats
        self.received: set[str] = set()
        # Once every item is sent, each result is committed as it comes: the writer would idle
        # while the last chunks are analysed, then commit a whole batch after them.
        self.all_sent = False
        self.committed_at = time.monotonic()

    def chunks(self) -> Iterator[list[RawItem]]:
        chunk: list[RawItem] = []
        for item in iter_items(
            self.sources, done_urls=self.done_urls, max_bytes=self.max_bytes, fetch=self.fetch
        ):
            if item.item_hash in self.known:
                self.summary.skipped += 1
            elif isinstance(item, Unreadable):
                self.pending.append(Failed(item.origin, item.item_hash, item.reason))
                self.summary.processed += 1
            elif item.item_hash in self.waiting or item.item_hash in self.received:
                repeat = Repeated(item.origin, item.item_hash)
                if item.item_hash in self.waiting:
                    self.waiting[item.item_hash].append(repeat)
                else:  # the outcome of its original is already pending or stored
                    self.pending.append(repeat)
                self.summary.repeated += 1
            else:
                self.waiting[item.item_hash] = []
                chunk.append(item)
                if len(chunk) == CHUNK_SIZE:
                    yield chunk
                    chunk = []
                continue
            self._progress()
        if chunk:
            yield chunk
        self.all_sent = True

    def receive(self, result: ChunkResult) -> None:
        self.summary.peak_rss[result.worker] = result.peak_rss
        self.summary.worker_cpu += result.cpu_seconds
        self.summary.processed += len(result.outcomes)
        for outcome in result.outcomes:
            item_hash = outcome.item_hash or ""
            self.pending.append(outcome)
            self.pending.extend(self.waiting.pop(item_hash, []))
            self.received.add(item_hash)
        self._progress()
        due = time.monotonic() - self.committed_at >= COMMIT_SECONDS
        if len(self.pending) >= self.batch_size or self.all_sent or due:
            self.commit()

    def commit(self) -> None:
        if self.pending:
            self.summary.add(self.store.add_batch(self.run, self.pending), len(self.pending))
            self.pending.clear()
            self.committed_at = time.monotonic()
            if self.on_commit is not None:
                self.on_commit(self.summary)

    def _progress(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.summary)
