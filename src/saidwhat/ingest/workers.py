"""Where ingest analyses: worker processes (a local pool, or a Dask cluster) or this thread.

Each worker loads the model once and turns chunks of raw items into outcomes: the analysed
`Article`, or why the item failed, never an exception. A backend yields the results of its
chunks in submission order, whatever finished first, for the writer (run.py) to commit.

Limits (`document.Limits`): items over the byte cap are refused unread, and each document
gets `timeout` seconds to be read and analysed (`deadline.deadline`), after which it is
logged as failed and the worker goes on. The timeout interrupts Python code only, which is
why the byte cap keeps what reaches the parsers small. Dask is imported by `DaskBackend`
alone: the process pool and the Python API never load it. spaCy (`core`) is imported by the
functions that run in a worker: the writer starts its workers without paying for it.
"""

from __future__ import annotations

import atexit
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
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from importlib.machinery import ModuleSpec
from multiprocessing import get_context
from multiprocessing.synchronize import Barrier
from typing import TYPE_CHECKING, Protocol

from ..deadline import DocumentTimeout, deadline
from ..document import Limits, load_document
from ..errors import ModelError, SaidwhatError, WorkerError
from ..model import INSTALL, MODEL_NAME, model_installed
from ..store.outcomes import Analyzed, Failed, Outcome
from ..store.prepare import prepare
from ..types import Article
from .sources import RawItem

if TYPE_CHECKING:
    from distributed import Client, LocalCluster
    from spacy.language import Language

logger = logging.getLogger(__name__)

STARTUP_TIMEOUT = 600.0  # seconds for every worker to load the model
_ANALYSIS = threading.Lock()  # a Dask worker may run tasks in threads; one model, one document at a time


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """What a worker sends back for one chunk, with its own peak memory."""

    outcomes: list[Outcome]
    worker: str
    peak_rss: int  # bytes
    cpu_seconds: float  # spent on this chunk


# --- in the workers --------------------------------------------------------------------------


def init_worker(ready: Barrier) -> None:
    """Process-pool initializer: Ctrl-C is the parent's to handle; the model loads up front, and
    no worker takes work before all have loaded, so docs/s and ETA measure analysis, not start-up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    atexit.register(_exit_now)
    load_model()
    ready.wait(STARTUP_TIMEOUT)


def _exit_now() -> None:
    """A pool worker's end, at the start of its interpreter's exit: tearing down a loaded spaCy
    (every module and object freed) takes 0.6-0.8 s, which the writer waits for at the end of
    every ingest; the worker has nothing left to save once its logs and streams are flushed (its
    results went through the pool's pipe as they were made)."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(0)


def load_model() -> None:
    """Load the model now (on every Dask worker, via `Client.run`), returning nothing to send back."""
    from ..core import load_pipeline

    load_pipeline()


def analyze_chunk(items: Sequence[RawItem], limits: Limits | None = None) -> ChunkResult:
    """Analyse raw items; every failure becomes a `Failed` with its reason, never an exception."""
    from ..core import load_pipeline

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


def _analyze(item: RawItem, nlp: Language, limits: Limits) -> Outcome:
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
    # the writer's work that needs no store, done here in parallel (store/prepare.py)
    return Analyzed(item.origin, item.item_hash, article, fetched=item.fetched, prepared=prepare(article))


def _analyze_item(item: RawItem, nlp: Language, limits: Limits) -> Article:
    from ..core import analyze_document

    document = load_document(
        item.data,
        name=item.origin,
        published=item.published,
        title=item.title,
        url=item.url,
        max_bytes=limits.max_bytes,
        max_chars=limits.max_chars,
    )
    if document.published is None and (item.dated or item.fetched) is not None:
        document = dataclasses.replace(document, published=item.dated or item.fetched)
    return analyze_document(document, nlp)


# --- backends ----------------------------------------------------------------------------------


class _Pending(Protocol):
    def result(self) -> ChunkResult: ...


class Backend(Protocol):
    """Runs `analyze_chunk` on chunks somewhere and yields the results in input order."""

    def wait_ready(self) -> None: ...

    def map(self, chunks: Iterable[list[RawItem]], limits: Limits) -> Iterator[ChunkResult]: ...

    def close(self) -> None: ...


class InlineBackend:
    """Analysis in this process, on this thread: for the Python API, tests and small jobs;
    no start-up cost, and the timeout works as in a pool worker (on the main thread)."""

    workers = 1

    def wait_ready(self) -> None:
        """Nothing to wait for: the model loads with the first chunk."""

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
    """`--workers N`: N local processes, each loading the model once.

    The workers start at once and load the model while this process goes on (opening the store,
    listing the sources); `wait_ready` waits for them. When the last result is in, they are told
    to exit and do so while the writer commits the last batch.
    """

    def __init__(self, workers: int) -> None:
        if not model_installed():
            raise ModelError(f"spaCy model {MODEL_NAME!r} is not installed: {INSTALL}")
        self.workers = workers
        context = get_context("spawn")  # fork would copy the writer's DuckDB threads
        ready = context.Barrier(workers)
        self._pool = ProcessPoolExecutor(
            workers, mp_context=context, initializer=init_worker, initargs=(ready,)
        )
        # one task each starts every worker; none returns before all have loaded the model
        with _main_not_rerun():
            self._started = [self._pool.submit(os.getpid) for _ in range(workers)]
        self._processes = list(self._pool._processes.values())
        self._exiting: threading.Thread | None = None

    def wait_ready(self) -> None:
        """Return once every worker has loaded the model; `WorkerError` if one could not."""
        try:
            for started in self._started:
                started.result()
        except BrokenProcessPool as exc:
            raise WorkerError(f"the worker processes could not start ({exc})") from exc

    def map(self, chunks: Iterable[list[RawItem]], limits: Limits) -> Iterator[ChunkResult]:
        def submit(chunk: list[RawItem]) -> _Pending:
            return self._pool.submit(analyze_chunk, chunk, limits)

        yield from _ordered(submit, chunks, 2 * self.workers + 1)
        self._exiting = threading.Thread(target=self._pool.shutdown, name="saidwhat-workers-exit")
        self._exiting.start()  # idle workers exit (a second or so of teardown) beside the last commit

    def close(self) -> None:
        """Stop the workers: once their work is done, or at once if they are still loading the
        model (a store refused, Ctrl-C during start-up): nothing of theirs is lost then."""
        if self._exiting is not None:
            self._exiting.join()
            return
        if not all(started.done() for started in self._started):
            for process in self._processes:
                process.terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def _main_not_rerun() -> Iterator[None]:
    """While workers are spawned: a spawned process first re-runs its parent's `__main__` script
    (for the `saidwhat` command, the whole CLI: 0.4 s of imports a worker), unless `__main__`
    was run as a package's `__main__` module (`python -m`). Nothing a worker runs lives in
    `__main__`, so a script's `__main__` is named as one for as long as the workers start."""
    main = sys.modules["__main__"]
    if getattr(main, "__spec__", None) is not None:
        yield
        return
    main.__spec__ = ModuleSpec("saidwhat.__main__", None)
    try:
        yield
    finally:
        main.__spec__ = None


class DaskBackend:
    """`--dask local|ADDRESS`: a LocalCluster of `workers` processes, or an existing scheduler.

    Workers need saidwhat and its model installed; each loads the model once, up front.
    """

    def __init__(self, address: str, *, workers: int) -> None:
        from distributed import Client, LocalCluster  # only here: Dask is slow to import and large

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

    def wait_ready(self) -> None:
        """Nothing to wait for: every worker loaded the model in `__init__`."""

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


def worker_died(exc: BaseException) -> bool:
    """Whether `exc` says a worker process died: a broken pool, or Dask's `KilledWorker` (looked
    up only when a Dask backend has imported distributed, as no other can raise it)."""
    if isinstance(exc, BrokenProcessPool):
        return True
    if "distributed" not in sys.modules:
        return False
    from distributed import KilledWorker

    return isinstance(exc, KilledWorker)
