"""A time limit for a block of Python code: `deadline(seconds)` raises `DocumentTimeout` in it.

Ingest workers give each document its `--timeout`, `saidwhat serve` each pasted article its
seconds; both need it without the worker backends, so it lives here and imports no Dask.
The limit is a SIGALRM timer on the main thread (pool workers run tasks there; so does the
inline backend), or, on a thread that cannot take signals (a Dask worker's task thread, a
web server's thread pool), an exception set asynchronously into that thread. Both interrupt
Python code only: a single C call (a regex, lxml parsing a page) runs to its end.
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import threading
from collections.abc import Iterator

TIMEOUT_REPEAT = 1.0  # seconds between further timeout signals, should a library swallow one


class DocumentTimeout(BaseException):
    """A document's time is up. A BaseException, so that a library's `except Exception`
    around its own work cannot swallow it."""


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise `DocumentTimeout` in this thread once `seconds` have passed, and every second
    after until the block ends; None or 0 sets no limit."""
    if not seconds:
        yield
    elif threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds):
            yield
    else:
        with _async_timeout(seconds):
            yield


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """SIGALRM after `seconds`, then every `TIMEOUT_REPEAT`; a signal that lands once the block
    is done (racing its end) only cancels the timer, so none ever escapes the block."""
    done = threading.Event()

    def on_alarm(signum: int, frame: object) -> None:
        if not done.is_set():
            raise DocumentTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, TIMEOUT_REPEAT)
    try:
        yield
        done.set()
    finally:
        done.set()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _async_timeout(seconds: float) -> Iterator[None]:
    """For threads other than the main one, where signal handlers never run: a watchdog thread
    sets `DocumentTimeout` as the target's pending exception. Under `guard`, so that none is left
    pending once the block is over."""
    target = ctypes.c_ulong(threading.get_ident())
    over = threading.Event()
    guard = threading.Lock()

    def watch() -> None:
        delay = seconds
        while not over.wait(delay):
            with guard:
                if over.is_set():
                    return
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(DocumentTimeout))
            delay = TIMEOUT_REPEAT

    watchdog = threading.Thread(target=watch, name="saidwhat-timeout", daemon=True)
    watchdog.start()
    try:
        yield
    finally:
        with guard:
            over.set()
            ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)  # clear one set but not raised
        watchdog.join()
