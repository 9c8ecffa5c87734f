"""The JSON API: models, pagination, filters, 404 and 422 (never a 500)."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from saidwhat import Article


def test_overview_counts_the_store(client: TestClient) -> None:
    assert client.get("/api/overview").json() == {
        "articles": 16,
        "quotes": 47,
        "people": 4,
        "first_published": "2024-01-01",
        "last_published": "2024-04-12",
    }


def test_articles_are_paged_newest_first(client: TestClient) -> None:
    first = client.get("/api/articles").json()
    second = client.get("/api/articles", params={"page": 2}).json()
    assert (first["has_more"], second["has_more"]) == (False, False) or first["has_more"]
    days = [item["published"] for item in first["items"] + second["items"]]
    assert days == sorted(days, reverse=True) and len(days) == 16


def test_an_article_round_trips_as_the_analyze_schema(client: TestClient, xss_id: str) -> None:
    body = client.get(f"/api/articles/{xss_id}").json()
    analysis = Article.model_validate(body["analysis"])
    assert body["hash"] == xss_id
    assert "<script>window.__pwned=1</script>" in analysis.article.text  # stored as written; escaped on pages
    wren = next(person.id for person in analysis.people if person.name == "Tobias Wren")
    assert body["person_ids"][wren] == "wren|tobias"
    for statement in analysis.quotes:
        assert analysis.article.text[statement.start : statement.end] == statement.text


def test_quotes_filter_and_page(client: TestClient) -> None:
    first = client.get("/api/quotes", params={"speaker": "Varga"}).json()
    second = client.get("/api/quotes", params={"speaker": "Varga", "page": 2}).json()
    assert first["has_more"] and not second["has_more"]
    assert len(first["items"]) + len(second["items"]) == 30
    assert first["total"] == second["total"] == 30  # the count of all pages, on every page
    dated = sum(
        item["quote"]["date_from"] is not None or item["quote"]["date_to"] is not None
        for item in first["items"] + second["items"]
    )
    assert first["dated"] == dated
    ids = [(item["article_hash"], item["quote"]["id"]) for item in first["items"] + second["items"]]
    assert len(set(ids)) == 30
    assert {item["person"] for item in first["items"]} == {"Ines Varga"}
    mixed = client.get("/api/quotes", params={"type": "mixed"}).json()["items"]
    assert mixed and {item["quote"]["type"] for item in mixed} == {"mixed"}
    march = client.get("/api/quotes", params={"since": "2024-03-01", "until": "2024-03-31"}).json()["items"]
    assert march and all("2024-03-01" <= item["quote"]["date"] <= "2024-03-31" for item in march)


def test_words_are_ranked_by_relevance(client: TestClient) -> None:
    items = client.get("/api/quotes", params={"q": "winter timetable"}).json()["items"]
    scores = [item["score"] for item in items]
    assert items and scores == sorted(scores, reverse=True)
    assert client.get("/api/quotes", params={"q": "zeppelin"}).json()["items"] == []


def test_people_and_a_person(client: TestClient) -> None:
    people = client.get("/api/people").json()["items"]
    assert [person["name"] for person in people][:2] == ["Ines Varga", "Petra Lindqvist"]
    varga = client.get("/api/people/" + quote("varga|ines", safe="")).json()
    assert varga["person"]["quotes"] == 30 and varga["has_more"]
    assert sum(week["quotes"] for week in varga["weeks"]) == 30
    assert {other["name"] for other in varga["alongside"]} == {"Petra Lindqvist", "Colm Reddy"}
    dates = [item["quote"]["date"] for item in varga["items"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    "url", ["/api/articles/0123", "/api/people/nobody%7Cnever", "/api/people/%00", "/api/nothing"]
)
def test_unknown_ids_are_404_json(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert isinstance(response.json()["detail"], str)


@pytest.mark.parametrize(
    "params",
    [
        {"page": 0},
        {"page": "two"},
        {"page": 10**6},
        {"since": "2024-13-01"},
        {"until": "yesterday"},
        {"type": "shouted"},
        {"q": "x" * 201},
    ],
)
def test_bad_parameters_are_422(client: TestClient, params: dict[str, object]) -> None:
    response = client.get("/api/quotes", params=params)
    assert response.status_code == 422
    assert response.json()["detail"]


@pytest.mark.parametrize("text", ["\x00", "'; DROP TABLE quotes; --", "a AND b OR", "🙂", "*", "\\", '"'])
def test_odd_search_text_is_never_an_error(client: TestClient, text: str) -> None:
    for params in ({"q": text}, {"speaker": text}):
        assert client.get("/api/quotes", params=params).status_code == 200
        assert client.get("/search", params=params).status_code == 200


def test_the_openapi_schema_documents_the_api_only(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert set(schema["paths"]) == {
        "/api/overview",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/quotes",
        "/api/find",
        "/api/people",
        "/api/people/{person_id}",
    }
    assert "404" in schema["paths"]["/api/articles/{article_id}"]["get"]["responses"]


def test_the_api_docs_are_served_from_the_package_within_the_csp(client: TestClient) -> None:
    """/docs is Swagger UI from the swagger-ui-bundle-v2 package: no CDN, no inline script."""
    from saidwhat.web.security import CONTENT_SECURITY_POLICY, DOCS_CONTENT_SECURITY_POLICY

    page = client.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page.text, re.S)
    assert scripts and all(
        re.search(r'src="/(docs|static)/', attrs) and not body.strip() for attrs, body in scripts
    )
    assert not re.search(r'(src|href)="(https?:)?//', page.text)  # nothing from another host
    policy = page.headers["content-security-policy"]
    assert (
        policy == DOCS_CONTENT_SECURITY_POLICY and "unsafe" not in policy and "script-src 'self';" in policy
    )
    assert "connect-src 'self'" not in CONTENT_SECURITY_POLICY  # loosened on /docs only
    bundle = client.get("/docs/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and "SwaggerUIBundle" in bundle.text
    assert bundle.headers["content-type"].startswith("text/javascript")
    assert client.get("/docs/swagger-ui.css").headers["content-type"].startswith("text/css")
    assert client.get("/static/docs.js").status_code == 200
    assert client.get("/docs/..%2Fswagger-ui.js").status_code == 404
