"""A small LRU of search results. While the app holds the store open read-only no process can
write it (DuckDB allows one writer or readers), so a result never goes stale: searches repeat
(popular names, the first page of a topic) and a hit costs no query at all."""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class LRUCache(Generic[T]):
    """Thread-safe: sync routes run in a thread pool. Two threads missing the same key at once both
    compute it (and the second result wins), which is cheaper than holding a lock over a query."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.hits = self.misses = 0
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def peek(self, key: Hashable) -> T | None:
        """The cached value or None, without computing: cheap enough for the event loop."""
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return self._items[key]

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]
            self.misses += 1
        value = compute()
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


class SingleFlight(Generic[T]):
    """Concurrent requests for one key share one computation. A burst of readers often asks for
    the same new search at once (a popular name); without this each would run the query and
    queue behind the others. Event-loop only: the dict needs no lock there."""

    def __init__(self) -> None:
        self._running: dict[Hashable, asyncio.Task[T]] = {}

    async def run(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> T:
        task = self._running.get(key)
        if task is None:
            task = asyncio.ensure_future(compute())
            self._running[key] = task
            task.add_done_callback(lambda _: self._running.pop(key, None))
        # shield: a client that goes away must not cancel the others' result
        return await asyncio.shield(task)
