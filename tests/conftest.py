"""Shared fixtures: one loaded pipeline per session, the path of ../shared, invented news
and a local web server for the corpus-store tests."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from spacy.language import Language

import saidwhat

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return saidwhat.load_pipeline()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    return SHARED


# --- invented news for the corpus-store tests (tests/test_sources.py, tests/test_corpus.py) ----------

_SPEAKERS = (
    ("Mara Quinlan", "Governor Quinlan", "the governor of Westmarch"),
    ("Edwin Farrow", "Mr Farrow", "the harbour master"),
    ("Mara Quinlan", "Ms Quinlan", "the governor of Westmarch"),
    ("Lydia Marsh", "Ms Marsh", "the leader of the dockworkers' union"),
    ("Tomas Quinlan", "Mr Quinlan", "the coach of Westmarch Rovers"),
)
_PLANS = (
    "raise ferry fares",
    "close the old bridge",
    "rebuild the sea wall",
    "sell the harbour hotel",
    "cut the bus service",
    "open a new school",
    "move the fish market",
    "ban cars from the quay",
    "expand the airport",
    "plant trees along the river",
)
_TOWNS = ("Kelby", "Ashmouth", "Dunmore", "Pellow", "Ravensholm")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def invented_article(number: int) -> str:
    """Article `number` of an endless invented local-news series: a title, a speaker under their
    full name and a short name, two direct quotes, reported speech, and a group ('Officials')."""
    full, short, role = _SPEAKERS[number % len(_SPEAKERS)]
    plan, town = _PLANS[number % len(_PLANS)], _TOWNS[number % len(_TOWNS)]
    return (
        f"{town} plan to {plan} goes ahead\n\n"
        f"{full}, {role}, said on {_DAYS[number % len(_DAYS)]} that the plan to {plan} would go ahead "
        f"despite complaints from residents of {town}.\n\n"
        f"“We have listened carefully and we will keep listening,” {short} told reporters at the town "
        f"hall. “Nobody wants to {plan} without a good reason, and this is meeting number {number + 1}.”\n\n"
        "Officials said the final decision would be taken within two weeks, after a report on the plan "
        "had been studied by the council.\n"
    )


def invented_page(number: int, published: str) -> str:
    """The same article as a news page with navigation, a date in its metadata and a footer."""
    title, *paragraphs = [part.strip() for part in invented_article(number).split("\n\n")]
    body = "".join(f"<p>{paragraph}</p>\n" for paragraph in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>"
        f'<meta property="article:published_time" content="{published}"></head>'
        "<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>\n{body}</article><footer>Westmarch Gazette</footer></body></html>"
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Requests are not test output."""


@pytest.fixture(scope="session")
def web_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """An HTTP server on 127.0.0.1 in a thread, serving a temporary folder: (base URL, folder)."""
    root = tmp_path_factory.mktemp("web")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()
