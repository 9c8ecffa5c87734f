"""A small LRU of search results. While the app holds the store open read-only no process can
write it (DuckDB allows one writer or readers), so a result never goes stale: searches repeat
(popular names, the first page of a topic) and a hit costs no query at all."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
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
