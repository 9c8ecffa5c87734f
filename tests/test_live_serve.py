"""The reader stays up during an ingest: real `serve` and `ingest` processes on one store, on
127.0.0.1. Every request made while the ingest runs is answered, and the new articles are on the
pages and in the full-text search when it ends; a server killed mid-ingest costs the ingest one
clear error line, and the store it leaves is resumed into the store of a run that never stopped."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

from invented import invented_article
from saidwhat.ingest.run import ingest
from saidwhat.ingest.sources import expand
from saidwhat.ingest.workers import InlineBackend
from saidwhat.store.live import find_server, sidecar
from saidwhat.store.writer import QuoteStore
from storeutil import DISTINCT_LOG_ROWS, contents, saidwhat

NEW_WORD = "marrowgate"  # in every new article, in none of the first ones
STARTUP_SECONDS = 180  # a loaded machine shared by many: generous, the usual start takes seconds
RUN_SECONDS = 600


def news(folder: Path, numbers: range, *, marked: bool) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in numbers:
        text = invented_article(number)
        if marked:
            text += f"\n“The {NEW_WORD} inquiry will report in spring,” Mr Farrow said.\n"
        (folder / f"{number:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@contextlib.contextmanager
def serving(db: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`saidwhat serve` of `db` until it answers and has announced itself; stopped on exit."""
    port = free_port()
    server = subprocess.Popen(
        saidwhat("serve", "--db", str(db), "--port", str(port)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while find_server(db) is None or not _answers(base):
            assert server.poll() is None, server.communicate()[1]
            assert time.monotonic() < deadline, "serve did not start"
            time.sleep(0.2)
        yield server, base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.communicate(timeout=60)


def _answers(base: str) -> bool:
    try:
        return get(f"{base}/api/overview")[0] == 200
    except OSError:
        return False


def overview(base: str) -> dict[str, int]:
    status, body = get(f"{base}/api/overview")
    assert status == 200
    return dict(json.loads(body))


@pytest.fixture
def first_store(nlp: Language, tmp_path: Path) -> Path:
    db = tmp_path / "live.duckdb"
    with QuoteStore(db) as store:
        first = news(tmp_path / "first", range(3), marked=False)
        ingest(expand([str(first)]), store=store, backend=InlineBackend())
    return db


def test_serve_answers_every_request_during_an_ingest_and_shows_its_articles(
    first_store: Path, tmp_path: Path
) -> None:
    new = news(tmp_path / "new", range(10, 18), marked=True)
    command = saidwhat("ingest", str(new), "--db", str(first_store), "--workers", "1", "--batch-size", "1")
    with serving(first_store) as (server, base):
        before = overview(base)["articles"]
        pages = ["/", "/api/overview", f"/search?q={NEW_WORD}", f"/api/quotes?q={NEW_WORD}", "/people"]
        statuses: list[tuple[str, int]] = []
        counts: list[int] = []
        run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + RUN_SECONDS
        while run.poll() is None:
            assert time.monotonic() < deadline, "the ingest did not finish"
            page = pages[len(statuses) % len(pages)]
            statuses.append((page, get(base + page)[0]))
            # the count after every page, not only on /api/overview's turn: the ingest's commits
            # can all land within one round of the five pages on a busy machine
            counts.append(overview(base)["articles"])
            time.sleep(0.05)
        _, err = run.communicate()
        assert run.returncode == 0, err
        assert "held by `saidwhat serve`" in err and "Traceback" not in err
        assert [s for s in statuses if s[1] != 200] == [], "a request failed during the ingest"
        assert len(statuses) >= 10, "too few requests landed during the ingest to tell"
        assert counts == sorted(counts) and counts[-1] > before, "articles did not show while ingesting"
        assert overview(base)["articles"] == before + 8
        found = json.loads(get(f"{base}/api/quotes?q={NEW_WORD}")[1])["items"]
        assert len(found) == 8 and all(NEW_WORD in item["quote"]["text"] for item in found)
        assert NEW_WORD in get(f"{base}/search?q={NEW_WORD}")[1].decode()
        assert server.poll() is None
    assert not sidecar(first_store).exists(), "the server did not withdraw its sidecar"
    checked = saidwhat("check", "--db", str(first_store))
    check = subprocess.run(checked, capture_output=True, text=True, timeout=RUN_SECONDS, check=False)
    assert check.returncode == 0, check.stderr


def test_a_server_killed_mid_ingest_leaves_a_store_the_rerun_completes(
    first_store: Path, tmp_path: Path, nlp: Language
) -> None:
    new = news(tmp_path / "new", range(20, 28), marked=True)
    clean = tmp_path / "clean.duckdb"
    with QuoteStore(clean) as store:
        for folder in (tmp_path / "first", new):
            ingest(expand([str(folder)]), store=store, backend=InlineBackend(), batch_size=1)
    command = saidwhat("ingest", str(new), "--db", str(first_store), "--workers", "1", "--batch-size", "1")
    with serving(first_store) as (server, _):
        run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        assert run.stderr is not None
        for line in run.stderr:  # one line a commit when stderr is not a terminal
            if line.startswith("committed"):
                break
        os.killpg(server.pid, signal.SIGKILL)
        err = run.stderr.read()
        assert run.wait(timeout=RUN_SECONDS) == 2, err
    lines = err.strip().splitlines()
    assert lines[-1].startswith("error: ") and "stopped answering" in lines[-1], err
    assert "Traceback" not in err
    assert sidecar(first_store).exists() and find_server(first_store) is None  # stale: ignored
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=RUN_SECONDS, check=False)
    assert rerun.returncode == 0, rerun.stderr
    log = DISTINCT_LOG_ROWS
    assert contents(first_store, log=log) == contents(clean, log=log)
