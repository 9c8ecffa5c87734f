"""One corpus store for the web tests, built once per session through the Python API from the
invented articles in fixtures/ (one of them carries script and onerror markup in its text, its
title, a quote and its URL; three name their source) and a run of short filler notices (their
source the harbour office), so that lists have several pages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from saidwhat.core import analyze_document
from saidwhat.document import load_document
from saidwhat.store.writer import Analyzed, QuoteStore
from saidwhat.web import create_app

FIXTURES = Path(__file__).parent / "fixtures"
XSS_ARTICLE = "harbour-site.txt"
FILLERS = 12
FILLER_SOURCE = "Harbour Office"


def filler(number: int) -> str:
    """A notice quoting the council leader twice: enough statements of hers for several pages."""
    return (
        f"Harbour notice number {number + 1}\n\n"
        f"“The harbour wall at berth {number + 1} will be repaired before the storms,” council leader "
        f"Ines Varga said on Monday. “Boats must use the north quay until then,” Varga added.\n"
    )


def documents() -> Iterator[tuple[str, str, dict[str, str | None]]]:
    meta = json.loads((FIXTURES / "articles.json").read_text("utf-8"))
    for name, info in meta.items():
        yield name, (FIXTURES / name).read_text("utf-8"), info
    for number in range(FILLERS):
        published = (dt.date(2024, 1, 1) + dt.timedelta(days=4 * number)).isoformat()
        info = {
            "title": f"Harbour notice number {number + 1}",
            "published": published,
            "url": None,
            "source": FILLER_SOURCE,
        }
        yield f"filler-{number}.txt", filler(number), info


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("web-store") / "corpus.duckdb"
    outcomes = []
    for name, text, info in documents():
        document = load_document(
            text,
            name=name,
            title=info["title"],
            url=info["url"],
            published=dt.date.fromisoformat(info["published"]) if info["published"] else None,
        )
        document = dataclasses.replace(document, source=info.get("source"))  # load_document takes none
        digest = hashlib.sha256(text.encode()).hexdigest()
        outcomes.append(Analyzed(origin=name, item_hash=digest, article=analyze_document(document)))
    with QuoteStore(db) as store:
        store.add_batch(store.start_run([str(FIXTURES)]), outcomes)
        store.rebuild_index()
    return db


@pytest.fixture(scope="session")
def app(store_path: Path) -> FastAPI:
    return create_app(store_path)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:  # runs the lifespan: the store stays open for the session
        yield test_client


@pytest.fixture(scope="session")
def xss_id(client: TestClient) -> str:
    items = client.get("/api/quotes", params={"speaker": "Wren"}).json()["items"]
    assert items, "the XSS fixture article has no statements by Tobias Wren"
    return str(items[0]["article_hash"])
