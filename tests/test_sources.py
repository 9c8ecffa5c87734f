"""Ingest sources without NLP: directories, WARC, JSONL, URL lists over a local server."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from invented import invented_article, invented_page
from saidwhat.errors import InputError
from saidwhat.ingest.fetch import FetchPolicy
from saidwhat.ingest.sources import (
    RawItem,
    Source,
    Unreadable,
    content_hash,
    count_items,
    expand,
    iter_items,
    name_date,
)


def write_warc(path: Path, records: list[tuple[str, str, bytes, str]]) -> None:
    """(url, status line, payload, content type) → one gzipped response record each."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, status, payload, content_type in records:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(payload),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-03-05T10:00:00Z"},
            )
            writer.write_record(record)


LOCAL = FetchPolicy(allow_private_addresses=True)  # the test server is on 127.0.0.1


def items(sources: list[Source]) -> list[RawItem | Unreadable]:
    return list(iter_items(sources, fetch=LOCAL))


def test_directory_lists_documents_in_name_order_and_ignores_other_files(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(invented_article(1), encoding="utf-8")
    (tmp_path / "a.html").write_text(invented_page(2, "2024-03-01"), encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.html.gz").write_bytes(gzip.compress(invented_page(3, "2024-03-02").encode()))
    (tmp_path / "README.md").write_text("# notes", encoding="utf-8")
    (tmp_path / "truth.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("secret", encoding="utf-8")
    sources = expand([str(tmp_path)])
    assert [Path(s.location).name for s in sources] == ["a.html", "b.txt", "c.html.gz"]
    assert {s.kind for s in sources} == {"file"}
    found = items(sources)
    assert all(isinstance(item, RawItem) for item in found)
    gz = found[2]
    assert isinstance(gz, RawItem)
    # gzipped files travel and hash as their content: the same page in a WARC is the same item
    assert gz.data == invented_page(3, "2024-03-02").encode()
    assert gz.item_hash == content_hash(gz.data)
    assert count_items(sources) == 3


def test_a_missing_path_is_refused_before_anything_runs(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.txt: no such file or directory"):
        expand([str(tmp_path / "nope.txt")])


def test_warc_yields_html_responses_with_url_and_date(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    page = invented_page(4, "2024-03-01").encode()
    write_warc(
        path,
        [
            ("https://news.example/a", "200 OK", page, "text/html; charset=utf-8"),
            ("https://news.example/missing", "404 Not Found", b"<html>gone</html>", "text/html"),
            ("https://news.example/logo.png", "200 OK", b"\x89PNG", "image/png"),
            ("https://news.example/b", "200 OK", invented_page(5, "2024-03-02").encode(), "text/html"),
        ],
    )
    sources = expand([str(path)])
    assert sources == [Source("warc", str(path))]
    assert count_items(sources) == 2
    first, second = items(sources)
    assert isinstance(first, RawItem) and isinstance(second, RawItem)
    assert (first.url, first.fetched, first.data) == ("https://news.example/a", dt.date(2024, 3, 5), page)
    assert first.origin.startswith(f"{path}@")
    assert second.url == "https://news.example/b"


def test_a_damaged_warc_keeps_the_records_before_the_damage(tmp_path: Path) -> None:
    path = tmp_path / "broken.warc.gz"
    page = invented_page(4, "2024-03-01").encode()
    write_warc(path, [("https://news.example/a", "200 OK", page, "text/html")])
    path.write_bytes(path.read_bytes() + b"this is not a WARC record\r\n" * 4)
    first, last = items(expand([str(path)]))
    assert isinstance(first, RawItem) and first.data == page
    assert isinstance(last, Unreadable) and last.origin == str(path)
    assert "damaged or unreadable WARC" in last.reason


def test_jsonl_records_with_metadata_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    lines = [
        json.dumps({"text": invented_article(6), "url": "https://x.example/6", "published": "2024-03-04"}),
        "",
        "{not json",
        json.dumps({"html": invented_page(7, "2024-03-01"), "title": "Seven"}),
        json.dumps({"body": "no text field"}),
        json.dumps({"text": "x", "published": "last week"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sources = expand([str(path)])
    assert sources == [Source("jsonl", str(path))]
    assert count_items(sources) == 5
    found = items(sources)
    assert [type(item).__name__ for item in found] == [
        "RawItem",
        "Unreadable",
        "RawItem",
        "Unreadable",
        "Unreadable",
    ]
    first, bad_json, second, no_text, bad_date = found
    assert isinstance(first, RawItem) and isinstance(second, RawItem)
    assert (first.url, first.published, first.origin) == (
        "https://x.example/6",
        dt.date(2024, 3, 4),
        f"{path}:1",
    )
    assert second.title == "Seven" and second.data.startswith("<!DOCTYPE html>")
    assert isinstance(bad_json, Unreadable) and bad_json.origin == f"{path}:3"
    assert isinstance(no_text, Unreadable) and "no 'text' or 'html'" in no_text.reason
    assert isinstance(bad_date, Unreadable) and "'last week' is not a date" in bad_date.reason


def test_url_list_is_fetched_in_order_with_failures_as_reasons(
    tmp_path: Path, web_root: tuple[str, Path]
) -> None:
    base, root = web_root
    (root / "one.html").write_text(invented_page(8, "2024-03-01"), encoding="utf-8")
    (root / "two.html").write_text(invented_page(9, "2024-03-02"), encoding="utf-8")
    (root / "report.pdf").write_bytes(b"%PDF-1.4")
    urls = [f"{base}/one.html", f"{base}/missing.html", f"{base}/report.pdf", f"{base}/two.html"]
    listing = tmp_path / "pages.txt"  # a .txt of URLs is a URL list, not an article
    listing.write_text("# today's pages\n" + "\n".join(urls) + "\n", encoding="utf-8")
    sources = expand([str(listing)])
    assert sources == [Source("urls", str(listing))]
    assert count_items(sources) == 4
    one, missing, pdf, two = items(sources)
    assert isinstance(one, RawItem) and isinstance(two, RawItem)
    assert one.url == urls[0] and one.data == (root / "one.html").read_bytes()
    assert one.fetched is not None
    assert isinstance(missing, Unreadable) and missing.reason.startswith("HTTP 404")
    assert isinstance(pdf, Unreadable) and "not an HTML or text page (application/pdf)" in pdf.reason
    assert two.origin == urls[3]
    # a rerun does not fetch what the store already has
    assert [item.origin for item in iter_items(sources, done_urls={urls[0], urls[3]}, fetch=LOCAL)] == urls[
        1:3
    ]
    assert count_items(sources, done_urls={urls[0], urls[3]}) == 2


def test_an_unreachable_url_is_a_reason_not_a_crash() -> None:
    (item,) = items(expand(["http://127.0.0.1:9/article.html"]))  # the discard port: nothing listens
    assert isinstance(item, Unreadable)
    assert item.reason.startswith("fetch failed (ConnectError")


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("news/2016-10-12_mayor-speaks.txt", dt.date(2016, 10, 12)),
        ("news/20161012-mayor.html", dt.date(2016, 10, 12)),
        ("archive/2016_10_12/story.txt", dt.date(2016, 10, 12)),
        ("archive/2016-10-12/2017-01-05_story.txt", dt.date(2017, 1, 5)),  # the file's own first
        ("news/story-1234567890123.txt", None),  # digits of an id, not a date
        ("news/2016-02-30_story.txt", None),  # no such day
        ("news/story.txt", None),
    ],
)
def test_a_date_in_the_file_or_folder_name(location: str, expected: dt.date | None) -> None:
    assert name_date(location) == expected


def test_items_are_dated_by_their_name_else_by_the_run(tmp_path: Path) -> None:
    (tmp_path / "2024-02-10_harbour.txt").write_text(invented_article(1), encoding="utf-8")
    (tmp_path / "harbour.txt").write_text(invented_article(2), encoding="utf-8")
    items = list(iter_items(expand([str(tmp_path)], published=dt.date(2024, 3, 1))))
    assert all(isinstance(item, RawItem) for item in items)
    assert [(Path(i.origin).name, i.dated) for i in items if isinstance(i, RawItem)] == [
        ("2024-02-10_harbour.txt", dt.date(2024, 2, 10)),
        ("harbour.txt", dt.date(2024, 3, 1)),
    ]
    alone = list(iter_items(expand([str(tmp_path / "harbour.txt")])))
    assert [i.dated for i in alone if isinstance(i, RawItem)] == [None]
