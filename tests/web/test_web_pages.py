"""The HTML pages through FastAPI's TestClient: every page, links between them, pagination,
filters, the analyse form and its upload limit."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from saidwhat.render.html import PALETTE, UNATTRIBUTED_COLOURS
from saidwhat.store.reader import Corpus
from saidwhat.store.records import WeekCount
from saidwhat.web.charts import timeline_svg, weekly_bars
from saidwhat.web.deps import MAX_UPLOAD_BYTES

VARGA = "/people/" + quote("varga|ines", safe="")


def hit_links(html: str) -> list[str]:
    return re.findall(r'href="(/articles/[0-9a-f]{64}#q-q\d+)"', html)


@pytest.mark.parametrize(
    "url", ["/", "/search", "/search?speaker=Varga&q=ferry", "/people", VARGA, "/analyze"]
)
def test_every_page_answers_with_html(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<main id="main"' in response.text and "<nav" in response.text  # landmarks


def test_home_shows_figures_people_and_latest_articles(client: TestClient) -> None:
    html = client.get("/").text
    assert re.search(r"<dt>Articles</dt><dd>16</dd>", html)
    assert "2024-01-01" in html and "2024-04-12" in html  # the span of publication dates
    assert html.index("Ines Varga") < html.index("Petra Lindqvist")  # most quoted first
    assert "School roof repairs to start in the summer" in html


def test_a_search_result_links_to_its_article_at_the_quote(client: TestClient) -> None:
    html = client.get("/search", params={"speaker": "Reddy", "q": "cut winter timetable"}).text
    links = hit_links(html)
    assert len(links) == 1
    article = client.get(links[0].split("#")[0]).text
    anchor = links[0].split("#")[1]
    mark = re.search(rf'<mark [^>]*id="{anchor}"[^>]*>(.*?)</mark>', article, re.S)
    assert mark is not None and "winter timetable" in mark.group(1)
    assert "by Colm Reddy" in mark.group(0)


def test_search_filters_by_type_and_dates(client: TestClient) -> None:
    html = client.get("/search", params={"type": "mixed"}).text
    assert 'class="badge badge-mixed"' in html and 'class="badge badge-direct"' not in html
    html = client.get("/search", params={"since": "2024-03-01", "until": "2024-03-31"}).text
    dates = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)"', html)
    assert dates and all("2024-03-01" <= day <= "2024-03-31" for day in dates)


def test_search_counts_the_statements_and_the_dated_ones(client: TestClient, store_path: Path) -> None:
    with Corpus(store_path) as corpus:
        counts = corpus.quote_counts(speaker="Varga")
    assert counts.statements > 0
    html = client.get("/search", params={"speaker": "Varga"}).text
    noun = "statement" if counts.statements == 1 else "statements"
    assert f"{counts.statements:,} {noun}, {counts.dated:,} dated" in re.sub(r"<[^>]+>", "", html)


def test_search_pages_keep_the_query_and_do_not_repeat_rows(client: TestClient) -> None:
    first = client.get("/search", params={"speaker": "Varga", "repeats": 1}).text
    assert 'rel="next" href="/search?speaker=Varga&amp;repeats=1&amp;page=2"' in first
    second = client.get("/search", params={"speaker": "Varga", "page": 2, "repeats": 1}).text
    assert 'rel="prev" href="/search?speaker=Varga&amp;repeats=1"' in second
    assert len(hit_links(first)) == 20 and hit_links(second)
    assert not set(hit_links(first)) & set(hit_links(second))


def test_a_bad_search_form_says_what_is_wrong(client: TestClient) -> None:
    response = client.get("/search", params={"since": "last week", "type": "shouted"})
    assert response.status_code == 422
    assert "is not a date" in response.text and "shouted" in response.text
    assert client.get("/search", params={"page": 0}).status_code == 422


def test_the_article_page_shows_every_quote_and_its_people(client: TestClient, xss_id: str) -> None:
    stored = client.get(f"/api/articles/{xss_id}").json()
    html = client.get(f"/articles/{xss_id}").text
    for quote_ in stored["analysis"]["quotes"]:
        assert f'id="q-{quote_["id"]}"' in html
        assert f'id="tip-{quote_["id"]}"' in html  # the description aria-describedby points to
    assert re.search(r'<mark class="q q-mixed c\d"', html) and re.search(
        r'<mark class="q q-direct c\d"', html
    )
    assert 'tabindex="0"' in html
    side = html[html.index('<aside class="side"') :]
    assert 'href="/people/wren%7Ctobias">Tobias Wren</a> <span class="count">3 statements' in side


def test_the_original_url_is_linked_only_when_it_is_http(client: TestClient, xss_id: str) -> None:
    fares = client.get("/search", params={"q": "loud clear"}).text
    article = client.get(hit_links(fares)[0].split("#")[0]).text
    assert '<a href="https://gazette.example/ferry-fares" rel="noopener noreferrer nofollow">' in article
    assert 'href="javascript:' not in client.get(f"/articles/{xss_id}").text


def test_the_person_page_has_chart_quotes_names_and_company(client: TestClient) -> None:
    html = client.get(VARGA).text
    assert "<svg" in html and 'role="img"' in html and "<rect" in html
    assert "Quoted alongside" in html and "Petra Lindqvist" in html
    assert 'rel="next"' in client.get(VARGA, params={"repeats": 1}).text  # 30 statements: two pages
    dates = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)"', html.split("Statements, newest first")[1])
    assert dates == sorted(dates, reverse=True)


def test_unknown_ids_and_paths_are_404_pages(client: TestClient) -> None:
    for url in ("/articles/0000", "/people/nobody%7Cnever", "/no/such/page", "/static/../app.py"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.headers["content-type"].startswith("text/html")


def test_static_files_come_from_memory_with_their_types(client: TestClient) -> None:
    css = client.get("/static/style.css")
    assert css.headers["content-type"].startswith("text/css")
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    for line, background in [*PALETTE, UNATTRIBUTED_COLOURS]:  # the stylesheet's copy of the palette
        assert f"--line: {line}; --bg: {background};" in css.text
    assert client.get("/static/%2e%2e%2fapp.py").status_code == 404


def test_analyze_shows_pasted_text_like_an_article_without_storing_it(client: TestClient) -> None:
    before = client.get("/api/overview").json()
    text = "“The lighthouse will reopen in May,” said harbour master Colm Reddy on Tuesday.\n"
    response = client.post("/analyze", data={"text": text})
    assert response.status_code == 200
    assert "not stored" in response.text and "by Colm Reddy" in response.text
    assert client.get("/api/overview").json() == before


def test_analyze_accepts_an_html_upload(client: TestClient) -> None:
    page = (
        "<!doctype html><html><head><title>Quay closed</title></head><body><article><h1>Quay closed</h1>"
        "<p>“The north quay is closed until the storm passes,” harbour master Colm Reddy said on Friday, "
        "adding that boats should shelter in the inner basin until further notice.</p>"
        "</article></body></html>"
    )
    response = client.post("/analyze", files={"file": ("quay.html", page.encode(), "text/html")})
    assert response.status_code == 200 and "Quay closed" in response.text and "by Colm Reddy" in response.text


def test_analyze_without_text_or_with_bad_input_says_why(client: TestClient) -> None:
    assert client.post("/analyze", data={"text": "  "}).status_code == 422
    response = client.post(
        "/analyze", files={"file": ("x.bin", b"\x00\x01\x02" * 100, "application/octet-stream")}
    )
    assert response.status_code == 422 and 'class="errors"' in response.text


def test_an_upload_over_the_limit_is_413_with_a_message(client: TestClient) -> None:
    big = b"a" * (MAX_UPLOAD_BYTES + 1)
    response = client.post("/analyze", files={"file": ("big.html", big, "text/html")})
    assert response.status_code == 413
    assert "larger than 2 MB" in response.text
    pasted = client.post("/analyze", data={"text": "word " * (MAX_UPLOAD_BYTES // 5 + 1)})
    assert pasted.status_code == 413


def test_a_streamed_body_over_the_limit_is_cut_off(client: TestClient) -> None:
    def chunks() -> object:
        for _ in range(40):
            yield b"x" * 65536  # 2.5 MiB, sent without a Content-Length

    response = client.post(
        "/analyze", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 413


def test_the_timeline_fills_empty_weeks_and_escapes_its_label() -> None:
    import datetime as dt

    weeks = [WeekCount(week=dt.date(2024, 1, 1), quotes=2), WeekCount(week=dt.date(2024, 1, 22), quotes=1)]
    bars = weekly_bars(weeks)
    assert [bar.quotes for bar in bars] == [2, 0, 0, 1]
    svg = str(timeline_svg(weeks, label="<b>Doe</b>"))
    assert svg.count("<rect") == 2 and "&lt;b&gt;Doe&lt;/b&gt;" in svg and "<b>" not in svg
    assert unescape(svg).count("week of 2024-01-22: 1 statement<") == 1
    assert str(timeline_svg([], label="x")) == ""


def test_an_analysis_over_the_time_limit_is_stopped_with_a_message(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    import saidwhat.core
    from saidwhat.web import pages

    def slow(data: str | bytes, **options: object) -> None:
        while True:  # Python code: the deadline interrupts it
            time.sleep(0.01)

    monkeypatch.setattr(pages, "ANALYZE_SECONDS", 0.2)
    monkeypatch.setattr(saidwhat.core, "analyze", slow)
    response = client.post("/analyze", data={"text": "The mayor said the harbour would reopen in May."})
    assert response.status_code == 422
    assert "longer than 0.2 seconds and was stopped" in response.text
