"""Fetching from hostile peers (issue 13): a dripping server, a slow host, redirects inward.

Only loopback is ever connected to: `loopback_only` refuses any other address whatever the code
under test tries, and records where it connected. Every test is bounded in time: the servers
stop dripping or stalling after a few seconds, so even a fetcher without limits ends.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from typer.testing import CliRunner

from invented import invented_page
from saidwhat.cli import app
from saidwhat.ingest import fetch, workers
from saidwhat.ingest.fetch import FetchPolicy, fetch_all
from saidwhat.ingest.sources import RawItem, Unreadable

PAGE = b"<html><head><title>Ferry fares</title></head><body><p>The vote is delayed.</p></body></html>"
DRIP_SECONDS = 6.0  # how long /drip drips before sending the rest: the bound for an unlimited fetcher
DRIP_INTERVAL = 0.25  # seconds between dripped bytes
SLOW_SECONDS = 1.0  # how long /slow thinks before answering
LOCAL = FetchPolicy(allow_private_addresses=True)


class _Handler(BaseHTTPRequestHandler):
    """/page answers at once, /slow after SLOW_SECONDS, /drip a byte at a time, /to?u=URL redirects."""

    server: _Server

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/to":
            self.send_response(302)
            self.send_header("Location", parse_qs(urlsplit(self.path).query)["u"][0])
            self.end_headers()
        elif path in ("/page", "/slow", "/drip", "/article"):
            body = invented_page(20, "2024-03-07").encode() if path == "/article" else PAGE
            time.sleep(SLOW_SECONDS if path == "/slow" else 0)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if path == "/drip":
                body = self._drip(body)
            self.wfile.write(body)
        else:
            self.send_error(404)
        self.server.served.append((path, self.headers.get("Host", ""), time.monotonic()))

    def _drip(self, body: bytes) -> bytes:
        """Drip the first bytes of `body` for DRIP_SECONDS; the rest is sent at once."""
        stop = time.monotonic() + DRIP_SECONDS
        while time.monotonic() < stop and len(body) > 1:
            self.wfile.write(body[:1])
            self.wfile.flush()
            body = body[1:]
            time.sleep(DRIP_INTERVAL)
        return body

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not test output."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a handler still dripping to a client that gave up is not waited for

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.served: list[tuple[str, str, float]] = []  # (path, Host header, when it was answered)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up mid-drip is what these tests do."""


@pytest.fixture
def hosts() -> Iterator[tuple[_Server, _Server]]:
    """Two hosts (two ports of 127.0.0.1), each serving in threads of its own."""
    servers = (_Server(), _Server())
    for server in servers:
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield servers
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The addresses connected to; connecting anywhere but loopback fails as a refused connection."""
    connected: list[str] = []
    connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> None:
        host = str(address[0])
        if not ipaddress.ip_address(host).is_loopback:
            raise ConnectionRefusedError(f"the tests connect to loopback only, not {host}")
        connected.append(host)
        connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    return connected


def fake_dns(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> None:
    """Resolve each name of `answers` to its next address (the last one thereafter)."""
    resolve = socket.getaddrinfo

    def fake(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in answers:
            return resolve(host, port, *args, **kwargs)
        address = answers[host].pop(0) if len(answers[host]) > 1 else answers[host][0]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 80))]

    monkeypatch.setattr(socket, "getaddrinfo", fake)


def public_test_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """Count 127.0.0.1, where the test servers are, as a public address; no other."""
    kind = fetch.address_kind
    monkeypatch.setattr(
        fetch, "address_kind", lambda address: None if str(address) == "127.0.0.1" else kind(address)
    )


def timed(urls: list[str], policy: FetchPolicy) -> tuple[list[RawItem | Unreadable], float]:
    started = time.monotonic()
    return list(fetch_all(urls, policy=policy)), time.monotonic() - started


def test_a_dripping_peer_fails_its_url_at_the_timeout_and_the_run_goes_on(
    hosts: tuple[_Server, _Server],
) -> None:
    """Bound: 3.5 s (the timeout 1.5 s); a fetcher without a total deadline takes DRIP_SECONDS."""
    base = hosts[0].base
    (dripped, page), seconds = timed([f"{base}/drip", f"{base}/page"], FetchPolicy(1.5, True))
    assert isinstance(dripped, Unreadable) and dripped.reason == "timed out after 1.5 s (--timeout)"
    assert isinstance(page, RawItem) and page.data == PAGE
    assert seconds < 3.5


def test_a_dripping_body_is_too_slow_before_the_timeout(
    hosts: tuple[_Server, _Server], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bound: 2.5 s (a grace of 0.5 s at 4 bytes/s, under MIN_RATE); the timeout is 30 s."""
    monkeypatch.setattr(fetch, "RATE_GRACE", 0.5, raising=False)
    (dripped,), seconds = timed([f"{hosts[0].base}/drip"], FetchPolicy(30, True))
    assert isinstance(dripped, Unreadable) and dripped.reason.startswith("too slow: ")
    assert " bytes in " in dripped.reason
    assert seconds < 2.5


def test_a_slow_host_delays_only_its_own_urls(
    hosts: tuple[_Server, _Server], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bound: 3.5 s (the slow host's two answers one after the other). Two slots in all, so that
    the slow host's second URL, waiting its turn, would take the fast host's slot if waiting held one."""
    monkeypatch.setattr(fetch, "FETCH_CONCURRENCY", 2)
    slow, fast = hosts
    urls = [f"{slow.base}/slow", f"{slow.base}/slow", f"{fast.base}/page", f"{fast.base}/page"]
    results, seconds = timed(urls, LOCAL)
    assert [item.origin for item in results] == urls and all(isinstance(item, RawItem) for item in results)
    assert len(fast.served) == 2 and len(slow.served) == 2
    assert max(when for *_, when in fast.served) < min(when for *_, when in slow.served)
    assert seconds < 3.5


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.2:{port}/page",
        "http://10.0.0.1/page",
        "http://[::1]:{port}/page",
        "http://169.254.169.254/latest/meta-data/",
        "http://inward.test/page",  # a name that resolves to 10.0.0.1
        "file:///etc/passwd",
        "ftp://127.0.0.1:{port}/page",
    ],
)
def test_a_redirect_inward_or_to_another_scheme_is_refused_before_connecting(
    target: str, hosts: tuple[_Server, _Server], monkeypatch: pytest.MonkeyPatch, loopback_only: list[str]
) -> None:
    """Bound: 2 s. The test server counts as public here, so that only the redirect is at issue."""
    public_test_server(monkeypatch)
    fake_dns(monkeypatch, {"inward.test": ["10.0.0.1"]})
    server = hosts[0]
    target = target.format(port=server.server_address[1])
    (item,), seconds = timed([f"{server.base}/to?u={target}"], FetchPolicy())
    assert isinstance(item, Unreadable)
    assert item.reason.startswith("refused: redirect to "), item.reason
    assert [path for path, *_ in server.served] == ["/to"]  # nothing fetched after the redirect
    assert set(loopback_only) == {"127.0.0.1"}  # nor connected to
    assert seconds < 2


def test_the_url_given_is_checked_too(hosts: tuple[_Server, _Server], loopback_only: list[str]) -> None:
    """Bound: 2 s."""
    server = hosts[0]
    (local, other_scheme), seconds = timed([f"{server.base}/page", "file:///etc/passwd"], FetchPolicy())
    assert isinstance(local, Unreadable) and isinstance(other_scheme, Unreadable)
    assert local.reason.endswith("127.0.0.1 is a loopback address (--allow-private-addresses permits it)")
    assert other_scheme.reason == "refused: file:/etc/passwd is not an http or https URL"
    assert server.served == [] and loopback_only == []
    assert seconds < 2


def test_a_name_is_checked_and_connected_at_the_address_checked(
    hosts: tuple[_Server, _Server], monkeypatch: pytest.MonkeyPatch, loopback_only: list[str]
) -> None:
    """Bound: 2 s. `rebind.test` answers a second lookup with 10.0.0.1 (DNS rebinding): there is none."""
    public_test_server(monkeypatch)
    fake_dns(monkeypatch, {"inward.test": ["10.0.0.1"], "rebind.test": ["127.0.0.1", "10.0.0.1"]})
    server = hosts[0]
    port = server.server_address[1]
    (inward, rebound), seconds = timed(
        [f"http://inward.test:{port}/page", f"http://rebind.test:{port}/page"], FetchPolicy()
    )
    assert isinstance(inward, Unreadable)
    assert inward.reason.endswith(
        "inward.test resolves to 10.0.0.1, which is a private address (--allow-private-addresses permits it)"
    )
    assert isinstance(rebound, RawItem) and rebound.data == PAGE
    assert rebound.url == f"http://rebind.test:{port}/page"
    assert server.served[0][:2] == ("/page", f"rebind.test:{port}") and loopback_only == ["127.0.0.1"]
    assert seconds < 2


def test_allow_private_addresses_lets_ingest_follow_a_local_redirect(
    hosts: tuple[_Server, _Server], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, nlp: object
) -> None:
    """Bound: 10 s for two in-process ingests (the model is loaded once per session by `nlp`)."""
    monkeypatch.setattr(workers, "ProcessBackend", lambda _: workers.InlineBackend())
    first, second = hosts
    url = f"{first.base}/to?u={second.base}/article"
    runner = CliRunner()
    helped = runner.invoke(app, ["ingest", "--help"], env={"COLUMNS": "200"})
    assert "--allow-private-addresses" in helped.output
    started = time.monotonic()
    refused = runner.invoke(app, ["ingest", url, "--db", str(tmp_path / "refused.duckdb")])
    assert refused.exit_code == 0, refused.output
    assert "failed 1." in refused.output and "refused" in refused.output
    assert first.served == []
    allowed = runner.invoke(
        app, ["ingest", url, "--db", str(tmp_path / "allowed.duckdb"), "--allow-private-addresses"]
    )
    assert allowed.exit_code == 0, allowed.output
    assert "ingested 1 articles" in allowed.output
    assert [path for path, *_ in first.served + second.served] == ["/to", "/article"]
    assert time.monotonic() - started < 10
