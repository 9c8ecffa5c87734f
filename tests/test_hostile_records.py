"""Hostile records: a string that is not valid Unicode (a lone surrogate, as JSON's "\\udc80" or an
undecodable byte of a file name gives) costs its own item, with its reason, never the batch, the
source or the run; a rerun gets past it. DuckDB cannot store such a string at all."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import trafilatura
from spacy.language import Language

import saidwhat
from invented import invented_article, invented_page
from saidwhat import document
from saidwhat.core import analyze_document
from saidwhat.errors import InputError
from saidwhat.ingest import sources
from saidwhat.ingest.run import IngestSummary, ingest
from saidwhat.ingest.sources import expand
from saidwhat.ingest.workers import InlineBackend
from saidwhat.store.writer import Analyzed, QuoteStore
from storeutil import contents

BAD = "bad \udc80"  # what json.loads makes of "bad \\udc80"
GOOD_LINES = 15


def run(db: Path, *arguments: str) -> IngestSummary:
    with QuoteStore(db) as store:
        return ingest(expand(list(arguments)), store=store, backend=InlineBackend(), batch_size=64)


def record(number: int) -> dict[str, str]:
    return {
        "text": invented_article(number),
        "url": f"https://news.example/{number}",
        "title": f"Story {number}",
    }


def test_lone_surrogates_in_jsonl_cost_their_lines_only(nlp: Language, tmp_path: Path) -> None:
    lines = [record(number) for number in range(GOOD_LINES)]
    lines.insert(3, {**record(90), "title": BAD})
    lines.insert(7, {**record(91), "url": f"https://news.example/{BAD}"})
    lines.insert(11, {**record(92), "text": invented_article(92) + BAD})
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    db = tmp_path / "store.duckdb"

    first = run(db, str(feed))

    assert (first.ingested, first.failed, first.total, first.committed) == (GOOD_LINES, 3, 18, 18)
    assert first.failures == [
        (f"{feed}:4", "title is not valid Unicode (lone surrogate U+DC80 at character 4)"),
        (f"{feed}:8", "url is not valid Unicode (lone surrogate U+DC80 at character 25)"),
        (
            f"{feed}:12",
            f"text is not valid Unicode (lone surrogate U+DC80 at character {len(invented_article(92)) + 4})",
        ),
    ]
    stored = contents(db)
    assert len(stored["articles"]) == GOOD_LINES
    rerun = run(db, str(feed))
    assert (rerun.ingested, rerun.failed, rerun.skipped) == (0, 0, 18)
    assert contents(db) == stored


def test_a_file_name_that_is_not_unicode_is_one_failed_item(nlp: Language, tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "good.txt").write_text(invented_article(1), encoding="utf-8")
    bad = Path(os.fsdecode(os.fsencode(folder) + b"/bad\xff.txt"))  # '\udcff': surrogateescape
    bad.write_text(invented_article(2), encoding="utf-8")
    db = tmp_path / "store.duckdb"

    summary = run(db, str(folder))

    assert (summary.ingested, summary.failed) == (1, 1)
    shown = str(bad).replace("\udcff", "\\udcff")
    assert summary.failures == [
        (
            shown,
            f"the file name is not valid Unicode (lone surrogate U+DCFF at character {len(str(bad)) - 5})",
        )
    ]
    assert run(db, str(folder)).ingested == 0


def test_a_warc_target_uri_that_is_not_unicode_is_one_failed_item(
    nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """warcio decodes a header that is not UTF-8 as Latin-1, so no WARC on disk gives a lone
    surrogate today; the check stands between the reader and the store all the same."""
    records = [
        (f"crawl.warc@{offset}", url, None, invented_page(offset, "2024-03-01").encode())
        for offset, url in ((0, "https://news.example/a"), (1, f"https://news.example/{BAD}"), (2, None))
    ]
    monkeypatch.setattr(sources, "_warc_records", lambda path, read: iter(records))
    warc = tmp_path / "crawl.warc"
    warc.write_bytes(b"")

    summary = run(tmp_path / "store.duckdb", str(warc))

    assert (summary.ingested, summary.failed) == (2, 1)
    assert summary.failures == [
        ("crawl.warc@1", "WARC-Target-URI is not valid Unicode (lone surrogate U+DC80 at character 25)")
    ]


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"text_or_html": invented_article(3) + BAD}, "text"),
        ({"text_or_html": invented_page(3, "2024-03-01").replace("</h1>", f"{BAD}</h1>")}, "text"),
        ({"text_or_html": invented_article(3), "title": BAD}, "title"),
        ({"text_or_html": invented_article(3), "url": BAD}, "url"),
    ],
)
def test_the_python_api_refuses_a_str_that_is_not_unicode(
    nlp: Language, arguments: dict[str, str], field: str
) -> None:
    with pytest.raises(
        InputError, match=rf"^<input>: {field} is not valid Unicode \(lone surrogate U\+DC80 at "
    ):
        saidwhat.analyze(**arguments)  # type: ignore[arg-type]


def test_html_metadata_that_is_not_unicode_is_dropped_not_the_article(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Markup gives no lone surrogate through lxml (a character reference to one becomes U+FFFD),
    but page metadata is a guess: one that cannot be stored is left out, the article kept."""
    extract = trafilatura.bare_extraction  # looked up on the module by document.py at each page

    def hostile(*args: object, **kwargs: object) -> object:
        page = extract(*args, **kwargs)  # type: ignore[arg-type]
        page.author, page.sitename = BAD, BAD  # type: ignore[union-attr]
        return page

    monkeypatch.setattr(trafilatura, "bare_extraction", hostile)
    loaded = document.load_document(invented_page(4, "2024-03-01").encode(), name="page.html")
    assert (loaded.author, loaded.source, loaded.title) == (
        None,
        None,
        "Ravensholm plan to cut the bus service goes ahead",
    )


def test_a_row_duckdb_refuses_costs_its_item_not_the_batch(nlp: Language, tmp_path: Path) -> None:
    """Whatever slips past the checks at input: the batch is written again item by item."""
    articles = [
        analyze_document(document.load_document(invented_article(n), name=f"{n}.txt"), nlp) for n in range(3)
    ]
    poisoned = articles[1].model_copy(
        update={"article": articles[1].article.model_copy(update={"title": BAD})}
    )
    outcomes = [
        Analyzed(f"{n}.txt", f"hash-{n}", article)
        for n, article in enumerate([articles[0], poisoned, articles[2]])
    ]
    db = tmp_path / "store.duckdb"
    with QuoteStore(db) as store:
        counts = store.add_batch(store.start_run(["test"]), outcomes)
        assert (counts.ingested, counts.failed) == (2, 1)
        assert counts.failures[0].origin == "1.txt"
        assert counts.failures[0].reason.startswith("cannot be stored (")
        assert store.seen_items() == {"hash-0", "hash-1", "hash-2"}  # a rerun gets past it
        assert store.stats().articles == 2
        store.rebuild_index()
