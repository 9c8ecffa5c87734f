"""One thread of its own for work that must run one at a time in a process (the spaCy pipeline
of `/analyze`), behind a bounded queue.

Not the server's thread pool: a job waiting there for a lock holds one of the threads the pages
need, so a burst of analyses once stalled every page behind the slowest paste. Here a job waits in
the queue, its request awaits it on the event loop, and a job over the bound is refused at once.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")


class Busy(Exception):
    """The queue is full: the caller should retry in a moment."""


class SerialWorker:
    """Runs jobs one after another on one daemon thread, started with the first job; at most
    `waiting` jobs wait behind the running one. A job whose request was cancelled before it
    started is skipped."""

    def __init__(self, name: str, *, waiting: int) -> None:
        self._name = name
        self._jobs: queue.Queue[tuple[Callable[[], Any], Future[Any]]] = queue.Queue(maxsize=waiting)
        self._thread: threading.Thread | None = None
        self._starting = threading.Lock()

    async def run(self, job: Callable[[], T]) -> T:
        """`job()`'s result once the jobs before it are done; raises `Busy` at once, without
        waiting, when the queue is full."""
        done: Future[T] = Future()
        try:
            self._jobs.put_nowait((job, done))
        except queue.Full:
            raise Busy from None
        self._start()
        return await asyncio.wrap_future(done)

    def _start(self) -> None:
        with self._starting:
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, name=self._name, daemon=True)
                self._thread.start()

    def _serve(self) -> None:
        while True:
            job, done = self._jobs.get()
            if not done.set_running_or_notify_cancel():
                continue
            try:
                result = job()
            except BaseException as exc:  # DocumentTimeout is one: the request answers it
                done.set_exception(exc)
            else:
                done.set_result(result)
