"""Browsing the corpus (issue 17, item 4) through FastAPI's TestClient: the people list filtered and
sorted, a search's total, its facets and their links, the matched words marked (and escaped), the
downloads of every list page, the analyze form's title and date, an article's date and source."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conftest import FILLER_SOURCE


def api_count(client: TestClient, **params: Any) -> int:
    """How many statements /api/quotes finds, page by page: what the page's total must say."""
    count, page = 0, 1
    while True:
        body = client.get("/api/quotes", params={**params, "page": page}).json()
        count += len(body["items"])
        if not body["has_more"]:
            return count
        page += 1


def total(html: str) -> int:
    found = re.search(
        r'<p class="total" role="status"><strong>([\d,]+)</strong> statements?, [\d,]+ dated</p>', html
    )
    assert found, "the page shows no total"
    return int(found.group(1).replace(",", ""))


def people_ids(html: str) -> list[str]:
    return [
        unescape(ident).replace("%7C", "|") for ident in re.findall(r'<td><a href="/people/([^"]+)">', html)
    ]


def facet_links(html: str) -> dict[str, list[tuple[str, str, int]]]:
    """Facet heading → (value, link, count) of each value that narrows the search."""
    facets = html[html.index('<nav class="facets"') :]
    found: dict[str, list[tuple[str, str, int]]] = {}
    for heading, body in re.findall(r"<h3>(.*?)</h3>\s*<ul>(.*?)</ul>", facets, re.S):
        found[heading] = [
            (unescape(value), unescape(href), int(count.replace(",", "")))
            for href, value, count in re.findall(
                r'<li><a href="([^"]+)">([^<]+)</a> <span class="count">([\d,]+)</span></li>', body
            )
        ]
    return found


def test_people_are_filtered_by_any_of_their_names(client: TestClient) -> None:
    assert people_ids(client.get("/people", params={"q": "varga"}).text) == ["varga|ines"]
    assert people_ids(client.get("/people", params={"q": "  INES "}).text) == ["varga|ines"]
    everyone = people_ids(client.get("/people").text)
    assert len(everyone) == 4
    nobody = client.get("/people", params={"q": "nobody atall"}).text
    assert people_ids(nobody) == [] and "No one named like" in nobody
    assert 'value="varga"' in client.get("/people", params={"q": "varga"}).text  # the box keeps it


def test_people_sort_by_statements_name_or_last_date(client: TestClient) -> None:
    people = client.get("/api/people").json()["items"]
    by_quotes = people_ids(client.get("/people").text)
    assert by_quotes == [person["id"] for person in sorted(people, key=lambda p: (-p["quotes"], p["id"]))]
    assert people_ids(client.get("/people", params={"sort": "name"}).text) == sorted(by_quotes)
    last = {person["id"]: person["last"] for person in people}
    by_last = people_ids(client.get("/people", params={"sort": "last"}).text)
    assert [last[ident] for ident in by_last] == sorted(last.values(), reverse=True)
    assert by_last != by_quotes and sorted(by_quotes) != by_quotes  # the fixture tells them apart
    html = client.get("/people", params={"q": "a", "sort": "name"}).text
    assert 'href="/people?q=a"' in html and 'aria-sort="ascending"' in html  # headings sort, keep q
    assert client.get("/people", params={"sort": "shoe size"}).status_code == 422


@pytest.mark.parametrize(
    "params", [{}, {"speaker": "Varga"}, {"q": "harbour"}, {"type": "indirect"}, {"speaker": "Nobody Atall"}]
)
def test_a_search_shows_its_total(client: TestClient, params: dict[str, str]) -> None:
    html = client.get("/search", params=params).text
    assert total(html) == api_count(client, **params)
    assert total(client.get("/search", params={**params, "page": 2}).text) == total(html)


def test_the_total_is_not_the_page(client: TestClient) -> None:
    assert total(client.get("/search", params={"speaker": "Varga"}).text) == 30  # two pages of hits


def test_facets_count_and_link_to_the_narrowed_search(client: TestClient) -> None:
    html = client.get("/search", params={"q": "harbour"}).text
    facets = facet_links(html)
    assert set(facets) == {"Type", "Speaker", "Source", "Year"}
    for heading, values in facets.items():
        assert sum(count for _, _, count in values) <= total(html), heading
        for value, href, count in values:
            assert "q=harbour" in href, href  # the search is kept
            narrowed = client.get(href).text
            assert total(narrowed) == count, (heading, value)
            assert re.search(rf'<span aria-current="true">{re.escape(value)}</span>', narrowed)
    assert FILLER_SOURCE in [value for value, _, _ in facets["Source"]]
    assert [value for value, _, _ in facets["Year"]] == ["2024"]


def test_a_facet_filter_narrows_the_hits_and_can_be_removed(client: TestClient) -> None:
    html = client.get("/search", params={"source": "Island Gazette"}).text
    articles = set(re.findall(r'href="(/articles/[0-9a-f]{64})#', html))
    assert articles and all("Island Gazette" in client.get(path).text for path in articles)
    assert 'href="/search" aria-label="any source"' in html
    assert 'type="hidden" name="source" value="Island Gazette"' in html  # a new search keeps it
    kinds = client.get("/search", params={"kind": "group"}).text
    assert total(kinds) == 5 and "no speaker found" not in kinds
    for bad in ({"kind": "dragon"}, {"year": "24"}):
        assert client.get("/search", params=bad).status_code == 422


def test_the_matched_words_are_marked(client: TestClient) -> None:
    html = client.get("/search", params={"q": "repaired storms"}).text
    hits = re.findall(r'<blockquote class="hit-text[^"]*">(.*?)</blockquote>', html, re.S)
    assert hits
    for hit in hits:
        assert re.findall(r'<mark class="match">(\w+)</mark>', hit) == ["repaired", "storms"]
    stemmed = client.get("/search", params={"q": "repairs"}).text  # the index's stems: repairs ~ repaired
    assert '<mark class="match">repaired</mark>' in stemmed
    assert '<mark class="match">' not in client.get("/search", params={"speaker": "Varga"}).text


def test_marked_text_stays_escaped(client: TestClient) -> None:
    html = client.get("/search", params={"q": "script pwned"}).text
    assert '&lt;<mark class="match">script</mark>&gt;' in html
    body = html.split("</head>")[1]
    assert "window.__<mark" in body and "<script>" not in body and "<img" not in body
    from saidwhat.web.searching import marked

    pieces = marked("<b>Ferry</b> fares", {"ferri"}, {"b": {"b"}, "Ferry": {"ferri"}, "fares": {"fare"}})
    assert pieces == [("<b>", False), ("Ferry", True), ("</b> fares", False)]


def test_every_list_page_links_its_downloads(client: TestClient) -> None:
    html = unescape(client.get("/search", params={"speaker": "Varga", "q": "harbour", "page": 2}).text)
    assert 'href="/search.csv?speaker=Varga&q=harbour"' in html
    assert 'href="/search.json?speaker=Varga&q=harbour"' in html
    people = unescape(client.get("/people", params={"q": "var", "sort": "name"}).text)
    assert 'href="/people.csv?q=var&sort=name"' in people and 'href="/people.json?q=var&sort=name"' in people


@pytest.mark.parametrize(
    "params", [{"speaker": "Varga"}, {"q": "harbour", "type": "direct"}, {"year": "2024"}]
)
def test_a_search_downloads_as_csv_and_json_with_every_row(
    client: TestClient, params: dict[str, str]
) -> None:
    expected = total(client.get("/search", params=params).text)
    response = client.get("/search.csv", params=params)
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == expected and {"qid", "article_hash", "person", "text", "date", "source"} <= set(
        rows[0]
    )
    items = client.get("/search.json", params=params).json()
    assert [item["text"] for item in items] == [row["text"] for row in rows]
    assert all(isinstance(item["qid"], str) for item in items if abs(int(item["qid"])) >= 2**53)
    if "q" not in params:  # newest first, as the page
        assert [row["date"] for row in rows] == sorted((row["date"] for row in rows), reverse=True)


def test_the_people_list_downloads_too(client: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/people.csv", params={"q": "varga"}).text)))
    assert [row["id"] for row in rows] == ["varga|ines"] and json.loads(rows[0]["names"])
    everyone = client.get("/people.json", params={"sort": "name"}).json()
    assert [person["id"] for person in everyone] == sorted(person["id"] for person in everyone)
    assert len(everyone) == 4


def test_downloads_stream_in_batches_and_refuse_what_is_wrong(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from saidwhat.store import browse

    monkeypatch.setattr(browse, "BATCH_ROWS", 7)
    with client.stream("GET", "/search.csv") as response:
        chunks = [chunk for chunk in response.iter_text() if chunk]
    assert len(chunks) >= 47 // 7  # a header, then a batch a chunk: never all rows at once
    assert client.get("/search.csv", params={"since": "yesterday"}).status_code == 422
    bad_json = client.get("/search.json", params={"type": "shouted"})
    assert bad_json.status_code == 422 and "shouted" in bad_json.json()["detail"]
    assert client.get("/search.xml").status_code == 404


def test_analyze_takes_a_title_and_a_publication_date(client: TestClient) -> None:
    text = "“The lighthouse will reopen next week,” harbour master Colm Reddy said on Monday.\n"
    html = client.post(
        "/analyze", data={"text": text, "title": "Lighthouse <reopens>", "published": "2024-03-14"}
    ).text
    assert '<h1 id="article-h">Lighthouse &lt;reopens&gt;</h1>' in html
    assert '<time datetime="2024-03-14">2024-03-14</time>' in html
    assert "2024-03-11" in html  # "on Monday" read from the date given
    undated = client.post("/analyze", data={"text": text}).text
    assert "no date" in undated and "2024-03-11" not in undated
    bad = client.post("/analyze", data={"text": text, "title": "Kept", "published": "14/03/2024"})
    assert bad.status_code == 422 and "is not a date" in bad.text
    assert 'value="Kept"' in bad.text and "lighthouse will reopen" in bad.text  # the form comes back filled


def test_an_article_page_shows_its_date_and_source(client: TestClient, xss_id: str) -> None:
    found = client.get("/search", params={"q": "loud clear"}).text
    article = client.get(re.findall(r'href="(/articles/[0-9a-f]{64})#', found)[0]).text
    meta = re.search(r'<p class="meta">(.*?)</p>', article, re.S)
    assert meta and '<time datetime="2024-03-04">2024-03-04</time>' in meta.group(1)
    assert "Island Gazette" in meta.group(1)
    unnamed = re.search(r'<p class="meta">(.*?)</p>', client.get(f"/articles/{xss_id}").text, re.S)
    assert unnamed and "from harbour-site.txt" in unnamed.group(1)  # no source named: where it came from


@pytest.mark.parametrize(
    "narrowing",
    [{"kind": "person"}, {"source": FILLER_SOURCE}, {"year": 2024, "contains": "harbour"}, {"kind": "group"}],
)
def test_a_narrowed_search_is_the_plain_one_filtered(store_path: Any, narrowing: dict[str, Any]) -> None:
    """The facet filters keep the plain search's rows and order, and the summary counts them."""
    from saidwhat.store.browse import Browser, Search

    with Browser(store_path) as corpus:
        plain = corpus.search(Search(contains=narrowing.get("contains")), limit=1000)
        sources = {item.hash: item.source for item in corpus.articles(limit=None)}
        kept = [
            hit
            for hit in plain
            if narrowing.get("kind") in (None, hit.quote.speaker and hit.quote.speaker.kind)
            and narrowing.get("source") in (None, sources[hit.article_hash])
            and narrowing.get("year") in (None, hit.quote.date and hit.quote.date.year)
        ]
        search = Search(**narrowing)
        assert kept and corpus.search(search, limit=1000) == kept
        assert corpus.search(search, limit=3, offset=2) == kept[2:5]
        assert corpus.summary(search).total == len(kept)


def test_the_api_takes_the_facet_filters_of_the_page(client: TestClient) -> None:
    for params in (
        {"kind": "group"},
        {"source": "Island Gazette", "type": "direct"},
        {"year": "2024", "q": "harbour"},
    ):
        assert api_count(client, **params) == total(client.get("/search", params=params).text) > 0
    items = client.get("/api/quotes", params={"kind": "group"}).json()["items"]
    assert {item["quote"]["speaker"]["kind"] for item in items} == {"group"}
    assert api_count(client, year="2023") == 0
    assert client.get("/api/quotes", params={"kind": "dragon"}).status_code == 422


def test_the_api_filters_and_sorts_people_as_the_page(client: TestClient) -> None:
    for params in ({"q": "varga"}, {"sort": "name"}, {"sort": "last", "q": "a"}):
        items = client.get("/api/people", params=params).json()["items"]
        assert [item["id"] for item in items] == people_ids(client.get("/people", params=params).text)
    assert client.get("/api/people", params={"sort": "age"}).status_code == 422
