"""Web safety: headers on every response, escaped article text, a read-only store, loopback hosts."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient
from hostile import PWNED

from saidwhat.web import create_app
from saidwhat.web.deps import get_corpus
from saidwhat.web.security import CONTENT_SECURITY_POLICY

URLS = [
    "/",
    "/search?q=ferry",
    "/people",
    "/analyze",
    "/static/style.css",
    "/static/app.js",
    "/openapi.json",
    "/api/quotes",
    "/no/such/page",
    "/api/articles/none",
    "/api/quotes?page=0",
    "/search?since=bad",
    "/search?q=harbour&kind=person",
    "/people?q=var&sort=name",
    "/search.csv?speaker=Wren",
    "/people.json",
    "/docs/swagger-ui.css",
]


@pytest.mark.parametrize("url", URLS)
def test_every_response_carries_the_security_headers(client: TestClient, url: str) -> None:
    headers = client.get(url).headers
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_413_and_405_carry_them_too(client: TestClient) -> None:
    response = client.post("/analyze", content=b"x", headers={"content-length": str(10**9)})
    assert response.status_code == 413 and response.headers["content-security-policy"]
    response = client.delete("/api/quotes")
    assert response.status_code == 405 and response.headers["x-content-type-options"] == "nosniff"


def test_pages_have_no_inline_script_or_style(client: TestClient, xss_id: str) -> None:
    for url in (
        "/",
        "/search?speaker=Wren",
        "/search?q=script+pwned",
        f"/articles/{xss_id}",
        "/people?q=wren",
        "/people/wren%7Ctobias",
        "/analyze",
    ):
        html = client.get(url).text
        assert html.count("<script") == 1 and '<script src="/static/app.js" defer></script>' in html
        assert "<style" not in html and " style=" not in html


def test_article_text_title_and_quotes_are_escaped(client: TestClient, xss_id: str) -> None:
    pages = [
        client.get(f"/articles/{xss_id}").text,
        client.get("/search", params={"speaker": "Wren"}).text,
        client.get("/").text,
        client.get("/people/wren%7Ctobias").text,
    ]
    for html in pages:
        assert f"<script>{PWNED}" not in html and "<img src=x" not in html and 'onerror="' not in html
    article = pages[0]
    assert f"&lt;script&gt;{PWNED}&lt;/script&gt;" in article
    assert "&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;" in article
    assert "<title>Harbour &lt;script&gt;" in article
    assert 'href="javascript:' not in article  # a non-http URL is shown as text, never linked


def test_the_api_serves_markup_as_json_data(client: TestClient, xss_id: str) -> None:
    response = client.get(f"/api/articles/{xss_id}")
    assert response.headers["content-type"] == "application/json"
    assert PWNED in response.json()["analysis"]["article"]["text"]


def test_the_store_is_read_only_through_the_app(client: TestClient) -> None:
    request = type("Request", (), {"app": client.app})()
    readers = get_corpus(request)  # type: ignore[arg-type]
    corpus = next(readers)
    try:
        with pytest.raises(duckdb.Error, match="read-only"):
            corpus._con.execute("DELETE FROM quotes")
        with pytest.raises(duckdb.Error, match="read-only"):
            client.app.state.corpus._con.execute("CREATE TABLE intruder (x INTEGER)")  # type: ignore[attr-defined]
    finally:
        readers.close()
    assert client.get("/api/overview").json()["quotes"] == 47


def test_loopback_servers_refuse_foreign_host_headers(store_path: Path) -> None:
    app = create_app(store_path, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1") as local:
        assert local.get("/").status_code == 200
        assert local.get("/", headers={"host": "attacker.example"}).status_code == 400
