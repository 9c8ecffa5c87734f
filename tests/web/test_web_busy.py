"""Analyses run one at a time on a thread of their own behind a bounded queue (issue 13, item 3):
pages never wait on them, and a full queue answers 503 with Retry-After at once. A held analysis
(the real one, behind a gate the test opens) stands for a slow paste."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

import saidwhat.core
from saidwhat.web import create_app
from saidwhat.web.pages import ANALYSES_WAITING
from saidwhat.web.worker import Busy

HOLD_SECONDS = 5.0  # the held analysis waits at most this long for its gate, so no test can hang
PAGE_SECONDS = 1.0  # a generous bound: pages answer in milliseconds when nothing blocks them
TEXT = "“The ferry will run again in June,” harbour master Colm Reddy said on Monday.\n"
PAGES = ["/", "/people", "/people/varga%7Cines", "/search?speaker=Reddy&q=ferry&page=2"]


@dataclass
class Held:
    """Analyses posted from threads; the first one to start waits until `gate` opens."""

    client: TestClient
    started: threading.Event = field(default_factory=threading.Event)
    gate: threading.Event = field(default_factory=threading.Event)
    posts: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(64))

    def post(self, count: int) -> list[Future[httpx.Response]]:
        return [self.posts.submit(self.client.post, "/analyze", data={"text": TEXT}) for _ in range(count)]

    def post_running(self) -> Future[httpx.Response]:
        """One analysis, returned once it runs (and holds the pipeline)."""
        (running,) = self.post(1)
        assert self.started.wait(HOLD_SECONDS), "the first analysis never started"
        return running


@pytest.fixture
def held(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> Iterator[Held]:
    real = saidwhat.core.analyze
    state = Held(client)

    def hold(data: str | bytes, **options: object) -> object:
        if not state.started.is_set():
            state.started.set()
            state.gate.wait(HOLD_SECONDS)
        return real(data, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(saidwhat.core, "analyze", hold)
    yield state
    state.gate.set()
    state.posts.shutdown(wait=True)  # every analysis answered before the next test


def page_seconds(client: TestClient, url: str) -> float:
    start = time.perf_counter()
    assert client.get(url).status_code == 200
    return time.perf_counter() - start


def test_pages_answer_at_once_while_analyses_are_queued(held: Held) -> None:
    held.post_running()
    queued = held.post(45)  # the tester's burst: more than the server's thread pool has threads
    time.sleep(0.5)  # let them all reach the server
    seconds = {url: page_seconds(held.client, url) for url in PAGES}
    assert not held.gate.is_set()  # measured while the first analysis still ran
    assert max(seconds.values()) < PAGE_SECONDS, seconds
    held.gate.set()
    statuses = {future.result(timeout=30).status_code for future in queued}
    assert statuses <= {200, 503}


def test_a_full_queue_answers_503_with_retry_after_at_once(held: Held) -> None:
    running = held.post_running()
    posted = held.post(ANALYSES_WAITING + 2)  # two more than may wait, whichever arrive last
    first = []
    for future in as_completed(posted, timeout=HOLD_SECONDS / 2):
        first.append(future.result())
        if len(first) == 2:
            break
    for response in first:
        assert response.status_code == 503
        assert response.headers["retry-after"].isdigit()
        assert "busy" in response.text and "retry in a moment" in response.text
    assert not held.gate.is_set() and not running.done()
    held.gate.set()
    statuses = sorted(future.result(timeout=30).status_code for future in [running, *posted])
    assert statuses == [200] * (ANALYSES_WAITING + 1) + [503] * 2


def test_a_busy_json_route_answers_json(store_path: Path) -> None:
    app = create_app(store_path)

    async def busy() -> None:
        raise Busy

    app.add_api_route("/api/busy", busy)
    with TestClient(app) as client:
        response = client.get("/api/busy")
    assert response.status_code == 503 and response.headers["retry-after"].isdigit()
    assert "retry in a moment" in response.json()["detail"]
