"""Fetching URLs for `saidwhat ingest`: a few requests at a time, one per host, with timeouts.

Each URL becomes a `RawItem` (the page, its final URL and date) or an `Unreadable` with the
reason, in list order, so that a dead link is one failed item and never stops a run.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import threading
from collections import defaultdict, deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from urllib.parse import urlsplit

import httpx

from .._version import __version__
from ..document import DEFAULT_MAX_BYTES, size_text
from .sources import RawItem, Unreadable, content_hash

FETCH_TIMEOUT = httpx.Timeout(20.0, connect=10.0)
FETCH_CONCURRENCY = 8  # requests in flight in all
FETCH_PER_HOST = 1  # requests in flight to one host: be polite
USER_AGENT = f"saidwhat/{__version__} (news statement extraction; research)"


def fetch_all(urls: Sequence[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawItem | Unreadable]:
    """Fetch URLs a few at a time, one per host, and yield them in list order."""
    if not urls:
        return
    host_locks: defaultdict[str, threading.Semaphore] = defaultdict(
        lambda: threading.Semaphore(FETCH_PER_HOST)
    )
    guard = threading.Lock()

    def fetch(client: httpx.Client, url: str) -> RawItem | Unreadable:
        with guard:
            lock = host_locks[urlsplit(url).netloc]
        with lock:
            return fetch_one(client, url, max_bytes=max_bytes)

    headers = {"User-Agent": USER_AGENT}
    with (
        httpx.Client(timeout=FETCH_TIMEOUT, follow_redirects=True, headers=headers) as client,
        ThreadPoolExecutor(FETCH_CONCURRENCY, thread_name_prefix="saidwhat-fetch") as pool,
    ):
        pending: deque[Future[RawItem | Unreadable]] = deque()
        queue = iter(urls)
        for url in queue:
            pending.append(pool.submit(fetch, client, url))
            if len(pending) >= 2 * FETCH_CONCURRENCY:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def fetch_one(client: httpx.Client, url: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawItem | Unreadable:
    """GET one page; anything but a 2xx HTML or text answer within the limits is `Unreadable`."""
    try:
        with client.stream("GET", url) as response:
            if not response.is_success:
                return Unreadable(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
            content_type = response.headers.get("Content-Type", "text/html").lower()
            if not content_type.startswith(("text/html", "text/plain", "application/xhtml")):
                return Unreadable(url, f"not an HTML or text page ({content_type.split(';')[0]})")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    return Unreadable(
                        url, f"page larger than the limit of {size_text(max_bytes)} (--max-bytes)"
                    )
            date = response.headers.get("Date")
    except httpx.TimeoutException:
        return Unreadable(url, "timed out")
    except httpx.HTTPError as exc:
        return Unreadable(url, f"fetch failed ({type(exc).__name__}: {exc})")
    data = bytes(body)
    fetched = _http_date(date) or dt.datetime.now(dt.UTC).date()
    return RawItem(
        origin=url, data=data, item_hash=content_hash(data), url=str(response.url), fetched=fetched
    )


def _http_date(value: str | None) -> dt.date | None:
    try:
        return email.utils.parsedate_to_datetime(value).date() if value else None
    except (TypeError, ValueError):
        return None
