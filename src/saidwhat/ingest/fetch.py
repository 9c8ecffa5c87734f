"""Fetching URLs for `saidwhat ingest`, politely and safely.

Politely: at most FETCH_CONCURRENCY requests in flight and one per host; a URL waiting for its
host's turn holds no slot, so a slow host delays only its own URLs. Safely: a fetch is bounded in
bytes (`--max-bytes`), in time (`--timeout` in all, and at least MIN_RATE once RATE_GRACE seconds
of the body have passed, so a peer dripping bytes fails early), and in where it may go: only
http and https, and unless private addresses are allowed, only public addresses. Redirects are
followed here, hop by hop, so that every hop is checked: its host is resolved once, every
address checked, and the connection made to a checked address, leaving DNS rebinding no second
lookup to answer differently.

The requests run on an asyncio loop in a thread of their own, so that a deadline cancels even a
read in progress. Each URL becomes a `RawItem` or an `Unreadable` with the reason, in list order.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import email.utils
import ipaddress
import socket
import threading
from collections import defaultdict, deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass

import httpx

from .._version import __version__
from ..document import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, size_text
from .sources import RawItem, Unreadable, content_hash

FETCH_TIMEOUT = httpx.Timeout(20.0, connect=10.0)  # each connect and read; the whole fetch: --timeout
FETCH_CONCURRENCY = 8  # requests in flight in all
FETCH_PER_HOST = 1  # requests in flight to one host: be polite
LOOKAHEAD = 2 * FETCH_CONCURRENCY  # URLs started ahead of the one yielded: bounds the pages held
MAX_REDIRECTS = 20
MIN_RATE = 1024  # bytes a second a body must average once RATE_GRACE seconds have passed
RATE_GRACE = 5.0
USER_AGENT = f"saidwhat/{__version__} (news statement extraction; research)"
_SCHEMES = ("http", "https")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # IPv6 addresses that a NAT64 gateway maps to IPv4

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """What fetching one URL may take and reach: `timeout` seconds in all (None: no total limit;
    the rate and per-read limits remain), and private addresses only when allowed."""

    timeout: float | None = DEFAULT_TIMEOUT
    allow_private_addresses: bool = False


class _Failed(Exception):
    """A URL that cannot be fetched; the message is the reason."""


def fetch_all(
    urls: Sequence[str], *, max_bytes: int = DEFAULT_MAX_BYTES, policy: FetchPolicy | None = None
) -> Iterator[RawItem | Unreadable]:
    """Fetch URLs concurrently and yield them in list order, at most LOOKAHEAD ahead of the caller."""
    if not urls:
        return
    fetcher = _Fetcher(policy or FetchPolicy(), max_bytes)
    with _running_loop() as loop:
        pending: deque[Future[RawItem | Unreadable]] = deque()
        try:
            for url in urls:
                pending.append(asyncio.run_coroutine_threadsafe(fetcher.fetch(url), loop))
                if len(pending) >= LOOKAHEAD:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:  # the caller stopped early, or Ctrl-C: cancel what is in flight
            asyncio.run_coroutine_threadsafe(fetcher.close(), loop).result()


@contextlib.contextmanager
def _running_loop() -> Iterator[asyncio.AbstractEventLoop]:
    """An event loop running in a thread of its own while the context lasts."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="saidwhat-fetch", daemon=True)
    thread.start()
    try:
        yield loop
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()


class _Fetcher:
    """The client and the slots of one `fetch_all`; its coroutines run on the fetch loop."""

    def __init__(self, policy: FetchPolicy, max_bytes: int) -> None:
        self.policy, self.max_bytes = policy, max_bytes
        # A checked request names the address, not the host, so the pool would match connections
        # by address: keeping none alive stops one host's TLS connection serving another host.
        keepalive = FETCH_CONCURRENCY if policy.allow_private_addresses else 0
        self.client = httpx.AsyncClient(
            timeout=FETCH_TIMEOUT,
            headers={"User-Agent": USER_AGENT},
            limits=httpx.Limits(max_keepalive_connections=keepalive),
        )
        self.slots = asyncio.Semaphore(FETCH_CONCURRENCY)
        self.hosts: defaultdict[bytes, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(FETCH_PER_HOST)
        )

    async def fetch(self, url: str) -> RawItem | Unreadable:
        """One URL: its host's turn first, then a slot, so that waiting for a busy host holds none;
        the deadline starts with the request."""
        try:
            target = httpx.URL(url)
        except httpx.InvalidURL as exc:
            return Unreadable(url, f"not a valid URL ({exc})")
        async with self.hosts[target.netloc], self.slots:
            try:
                async with asyncio.timeout(self.policy.timeout):
                    return await self._follow(url, target)
            except TimeoutError:
                return Unreadable(url, f"timed out after {self.policy.timeout:g} s (--timeout)")

    async def close(self) -> None:
        tasks = asyncio.all_tasks() - {asyncio.current_task()}
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.client.aclose()

    async def _follow(self, origin: str, url: httpx.URL) -> RawItem | Unreadable:
        """GET `url`, following redirects hop by hop, each checked before it is connected to."""
        try:
            for hop in range(MAX_REDIRECTS + 1):
                response = await self._send(url, await self._addresses(url, redirect=hop > 0))
                try:
                    if not response.has_redirect_location:
                        return await self._page(origin, url, response)
                    url = url.join(response.headers["Location"])
                finally:
                    await response.aclose()
        except _Failed as exc:
            return Unreadable(origin, str(exc))
        except httpx.TimeoutException:
            return Unreadable(origin, "timed out")
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            return Unreadable(origin, f"fetch failed ({type(exc).__name__}: {exc})")
        return Unreadable(origin, f"fetch failed (more than {MAX_REDIRECTS} redirects)")

    async def _addresses(self, url: httpx.URL, *, redirect: bool) -> Sequence[str | None]:
        """The addresses `url` may be connected at, all checked; [None] (connect by name) when
        private addresses are allowed. A forbidden scheme or address is `_Failed`."""
        hop = f"redirect to {url}" if redirect else str(url)
        if url.scheme not in _SCHEMES:
            raise _Failed(f"refused: {hop} is not an http or https URL")
        if self.policy.allow_private_addresses:
            return [None]
        host = url.raw_host.decode("ascii")
        try:
            found = await asyncio.get_running_loop().getaddrinfo(host, url.port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise httpx.ConnectError(f"cannot resolve {host} ({exc.strerror})") from exc
        addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
        for address in addresses:
            if kind := address_kind(ipaddress.ip_address(address)):
                named = address if address == host else f"{host} resolves to {address}, which"
                raise _Failed(
                    f"refused: {hop}: {named} is {kind} address (--allow-private-addresses permits it)"
                )
        return addresses

    async def _send(self, url: httpx.URL, addresses: Sequence[str | None]) -> httpx.Response:
        """A streamed response from the first of `addresses` that accepts the connection."""
        *others, last = addresses
        for address in others:
            with contextlib.suppress(httpx.ConnectError):
                return await self.client.send(self._request(url, address), stream=True)
        return await self.client.send(self._request(url, last), stream=True)

    def _request(self, url: httpx.URL, address: str | None) -> httpx.Request:
        """GET `url` at `address`: the host goes in the Host header and TLS's server name, where
        the certificate is checked against it."""
        if address is None:
            return self.client.build_request("GET", url)
        return self.client.build_request(
            "GET",
            url.copy_with(host=address),
            headers={"Host": url.netloc.decode("ascii")},
            extensions={"sni_hostname": url.raw_host.decode("ascii")},
        )

    async def _page(self, origin: str, url: httpx.URL, response: httpx.Response) -> RawItem | Unreadable:
        """A 2xx HTML or text answer within the limits; anything else is `Unreadable`."""
        if not response.is_success:
            return Unreadable(origin, f"HTTP {response.status_code} {response.reason_phrase}".strip())
        content_type = response.headers.get("Content-Type", "text/html").lower()
        if not content_type.startswith(("text/html", "text/plain", "application/xhtml")):
            return Unreadable(origin, f"not an HTML or text page ({content_type.split(';')[0]})")
        data = await self._body(response)
        fetched = _http_date(response.headers.get("Date")) or dt.datetime.now(dt.UTC).date()
        return RawItem(origin=origin, data=data, item_hash=content_hash(data), url=str(url), fetched=fetched)

    async def _body(self, response: httpx.Response) -> bytes:
        """The body, read while it stays under `max_bytes` and, once RATE_GRACE seconds have
        passed, averages MIN_RATE: each read waits only until the rate would fall below it."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        body = bytearray()
        chunks = response.aiter_bytes()
        while True:
            try:
                async with asyncio.timeout_at(started + max(RATE_GRACE, len(body) / MIN_RATE)):
                    chunk = await anext(chunks, None)
            except TimeoutError:
                seconds = loop.time() - started
                raise _Failed(
                    f"too slow: {len(body):,} bytes in {seconds:.1f} s (less than {MIN_RATE:,} bytes/s)"
                ) from None
            if chunk is None:
                return bytes(body)
            body += chunk
            if len(body) > self.max_bytes:
                raise _Failed(f"page larger than the limit of {size_text(self.max_bytes)} (--max-bytes)")


def address_kind(address: Address) -> str | None:
    """'a loopback', 'a private'… for an address saidwhat does not fetch by default, None for a
    public one; an IPv6 address that carries an IPv4 one (mapped, 6to4, NAT64) is that address."""
    if isinstance(address, ipaddress.IPv6Address):
        if address in _NAT64:
            address = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        else:
            address = address.ipv4_mapped or address.sixtofour or address
    for kind, matches in (
        ("a loopback", address.is_loopback),
        ("a link-local", address.is_link_local),
        ("a private", address.is_private),
        ("a multicast", address.is_multicast),
        ("a non-public", not address.is_global),
    ):
        if matches:
            return kind
    return None


def _http_date(value: str | None) -> dt.date | None:
    try:
        return email.utils.parsedate_to_datetime(value).date() if value else None
    except (TypeError, ValueError):
        return None
