"""The corpus store end to end, on invented news from every kind of source: `saidwhat ingest`,
resuming after SIGKILL, Dask against one worker, and `query`, `people`, `export` on the result.

Ingests run as subprocesses (as users run them); one reference store serves the query tests.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import json
import os
import signal
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from invented import invented_article, invented_page
from saidwhat import Corpus
from saidwhat.cli import app
from saidwhat.ingest.run import ingest
from saidwhat.ingest.sources import expand
from saidwhat.ingest.workers import DaskBackend, ProcessBackend
from saidwhat.store.writer import QuoteStore
from storeutil import contents, saidwhat

GERMAN = (
    "Der Stadtrat hat am Mittwoch die Abstimmung über die neuen Fährpreise verschoben, nachdem "
    "zahlreiche Bürger bei der öffentlichen Anhörung ihren Unmut geäußert hatten. Die Vorsitzende "
    "sagte, man werde zunächst einen neuen Bericht über die Ticketpreise prüfen und dann innerhalb "
    "von zwei Wochen erneut beraten.\n"
)
TEXTS = range(14)  # texts/00.txt … 13.txt
JSONL = range(14, 18)  # news.jsonl, published 2024-03-01 … 04
WARC = range(18, 20)  # crawl.warc.gz, pages dated 2024-03-05 and 06
URLS = range(20, 22)  # pages.urls, pages dated 2024-03-07 and 08
ARTICLES = len(TEXTS) + len(JSONL) + len(WARC) + len(URLS)
MARA = {n for n in range(ARTICLES) if n % 5 in (0, 2)}  # articles quoting Mara Quinlan (conftest)
TOMAS = {n for n in range(ARTICLES) if n % 5 == 4}
LOCAL = ("--allow-private-addresses",)  # the pages are served on 127.0.0.1


def build_corpus(root: Path, web: tuple[str, Path]) -> list[str]:
    """Every kind of source, with one bad text, one bad JSON line, one dead link and two duplicates."""
    base, served = web
    texts = root / "texts"
    texts.mkdir(parents=True)
    for n in TEXTS:
        (texts / f"{n:02d}.txt").write_text(invented_article(n), encoding="utf-8")
    (texts / "bad.txt").write_text(GERMAN, encoding="utf-8")
    (texts / "bom-copy.txt").write_bytes(codecs.BOM_UTF8 + invented_article(1).encode())  # same text
    (texts / "copy-of-03.txt").write_bytes((texts / "03.txt").read_bytes())  # same bytes
    (texts / "README.md").write_text("Invented articles for saidwhat's tests.\n", encoding="utf-8")
    lines = [
        json.dumps(
            {
                "text": invented_article(n),
                "url": f"https://gazette.example/{n}",
                "title": f"Story {n}",
                "published": f"2024-03-{n - 13:02d}",
            }
        )
        for n in JSONL
    ]
    (root / "news.jsonl").write_text("\n".join([*lines, "{broken"]) + "\n", encoding="utf-8")
    with (root / "crawl.warc.gz").open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in WARC:
            page = invented_page(n, f"2024-03-{n - 13:02d}").encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://gazette.example/{n}",
                "response",
                payload=io.BytesIO(page),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-03-20T00:00:00Z"},
            )
            writer.write_record(record)
    for n in URLS:
        (served / f"{n}.html").write_text(invented_page(n, f"2024-03-{n - 13:02d}"), encoding="utf-8")
    urls = [f"{base}/{n}.html" for n in URLS] + [f"{base}/gone.html"]
    (root / "pages.urls").write_text("\n".join(urls) + "\n", encoding="utf-8")
    return [str(texts), str(root / "news.jsonl"), str(root / "crawl.warc.gz"), str(root / "pages.urls")]


@pytest.fixture(scope="module")
def corpus_sources(tmp_path_factory: pytest.TempPathFactory, web_root: tuple[str, Path]) -> list[str]:
    return build_corpus(tmp_path_factory.mktemp("corpus"), web_root)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, corpus_sources: list[str]) -> tuple[Path, str]:
    """The store of an uninterrupted `saidwhat ingest --workers 1`, and what the command printed."""
    db = tmp_path_factory.mktemp("reference") / "corpus.duckdb"
    done = subprocess.run(
        saidwhat("ingest", *corpus_sources, "--db", str(db), "--workers", "1", "--batch-size", "3", *LOCAL),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return db, done.stdout


def test_ingest_reports_what_it_did_and_why_items_failed(reference: tuple[Path, str]) -> None:
    db, printed = reference
    assert f"ingested {ARTICLES} articles" in printed
    assert "skipped 0 already in the store, 2 duplicates; failed 3." in printed
    assert "text does not look like English" in printed
    assert "not a JSON object" in printed
    assert "HTTP 404" in printed
    with Corpus(db) as corpus:
        stats = corpus.stats()
    assert stats.articles == ARTICLES
    log = contents(db)["log"]
    assert Counter(status for _, status, _ in log) == {"ingested": ARTICLES, "duplicate": 2, "failed": 3}
    duplicates = sorted(Path(origin).name for origin, status, _ in log if status == "duplicate")
    assert duplicates == ["bom-copy.txt", "copy-of-03.txt"]


def test_a_rerun_adds_nothing(reference: tuple[Path, str], corpus_sources: list[str], tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    db.write_bytes(reference[0].read_bytes())
    before = contents(db)
    done = subprocess.run(
        saidwhat("ingest", *corpus_sources, "--db", str(db), "--workers", "1", *LOCAL),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "ingested 0 articles" in done.stdout
    after = contents(db)
    assert {name: rows for name, rows in after.items() if name != "log"} == {
        name: rows for name, rows in before.items() if name != "log"
    }


def test_sigkill_mid_run_then_rerun_gives_the_uninterrupted_store(
    reference: tuple[Path, str], corpus_sources: list[str], tmp_path: Path
) -> None:
    db = tmp_path / "killed.duckdb"
    command = saidwhat(
        "ingest", *corpus_sources, "--db", str(db), "--workers", "1", "--batch-size", "2", *LOCAL
    )
    process = subprocess.Popen(
        command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, start_new_session=True
    )
    assert process.stderr is not None
    printed: list[str] = []
    try:
        for line in process.stderr:  # one line per commit when stderr is not a terminal
            printed.append(line)
            if line.startswith("committed"):
                break
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the writer and its worker, mid-run
        process.wait(timeout=60)
    assert printed and printed[-1].startswith("committed"), "".join(printed)
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM articles").fetchone()
    assert row is not None and 0 < row[0] < ARTICLES, "the kill should land mid-run"
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert rerun.returncode == 0, rerun.stderr
    resumed, clean = contents(db), contents(reference[0])
    assert len(resumed["articles"]) == len(clean["articles"]) == ARTICLES
    assert len(resumed["quotes"]) == len(clean["quotes"])
    assert {name: rows for name, rows in resumed.items() if name != "log"} == {
        name: rows for name, rows in clean.items() if name != "log"
    }


def test_dask_local_cluster_builds_the_same_store_as_one_worker(
    reference: tuple[Path, str], corpus_sources: list[str], tmp_path: Path
) -> None:
    db = tmp_path / "dask.duckdb"
    backend = DaskBackend("local", workers=2)
    try:
        with QuoteStore(db) as store:
            summary = ingest(
                expand(corpus_sources),
                store=store,
                backend=backend,
                batch_size=5,
                allow_private_addresses=True,
            )
    finally:
        backend.close()
    assert (summary.ingested, summary.failed, summary.duplicates) == (ARTICLES, 3, 2)
    assert len(summary.peak_rss) == 2
    assert contents(db) == contents(reference[0])


def test_two_local_workers_build_the_same_store(
    reference: tuple[Path, str], corpus_sources: list[str], tmp_path: Path
) -> None:
    db = tmp_path / "two.duckdb"
    backend = ProcessBackend(2)
    try:
        with QuoteStore(db) as store:
            ingest(
                expand(corpus_sources),
                store=store,
                backend=backend,
                batch_size=4,
                allow_private_addresses=True,
            )
    finally:
        backend.close()
    assert contents(db) == contents(reference[0])


# --- queries on the reference store -------------------------------------------------------------


def origins_number(origin: str) -> int:
    """The article number behind an origin: texts/07.txt, news.jsonl:2, a URL …/20.html."""
    name = origin.rsplit("/", 1)[-1]
    if name.startswith("news.jsonl:"):
        return JSONL[int(name.split(":")[1]) - 1]
    if "@" in name:
        return -1  # a WARC record: resolved through its URL by the caller
    return int(name.split(".")[0])


def number_of(hit: Any) -> int:
    return int(hit.url.rsplit("/", 1)[-1].split(".")[0]) if hit.url else origins_number(hit.origin)


def test_a_speaker_matches_every_name_of_the_person(reference: tuple[Path, str]) -> None:
    with Corpus(reference[0]) as corpus:
        mara = corpus.quotes(speaker="Mara Quinlan", limit=None)
        assert {hit.person for hit in mara} == {"Mara Quinlan"}
        assert {number_of(hit) for hit in mara} == MARA
        # "Ms Quinlan" is the same person (in the article already); "Governor Quinlan" means any Quinlan
        speakers = [hit.quote.speaker for hit in mara if hit.quote.speaker]
        assert {speaker.name for speaker in speakers} == {"Mara Quinlan"}
        assert "Ms Quinlan" in {speaker.mention for speaker in speakers}
        assert corpus.quotes(speaker="Ms Quinlan", limit=None) == mara
        every_quinlan = corpus.quotes(speaker="Governor Quinlan", limit=None)
        assert {number_of(hit) for hit in every_quinlan} == MARA | TOMAS
        assert {hit.person for hit in every_quinlan} == {"Mara Quinlan", "Tomas Quinlan"}
        officials = corpus.quotes(speaker="officials", limit=None)
        assert len(officials) == ARTICLES and all(hit.person is None for hit in officials)
        assert corpus.quotes(speaker="Nobody Known") == []


def test_contains_is_ranked_full_text_search(reference: tuple[Path, str]) -> None:
    with Corpus(reference[0]) as corpus:
        hits = corpus.quotes(contains="ferry fares", limit=None)
        assert hits and all("ferry fares" in hit.quote.text for hit in hits)
        scores = [hit.score for hit in hits]
        assert all(score is not None and score > 0 for score in scores)
        assert scores == sorted(scores, reverse=True)  # type: ignore[type-var]
        stemmed = corpus.quotes(contains="listens", limit=None)  # 'listening' by the Porter stemmer
        assert len(stemmed) == ARTICLES and all("listening" in hit.quote.text for hit in stemmed)
        assert corpus.quotes(contains="ferry bridge") == []  # every word must occur
        both = corpus.quotes(contains="listening", speaker="Lydia Marsh", type="direct", limit=None)
        assert {number_of(hit) for hit in both} == {n for n in range(ARTICLES) if n % 5 == 3}


def test_dates_types_and_limits(reference: tuple[Path, str]) -> None:
    with Corpus(reference[0]) as corpus:
        march = corpus.quotes(since=dt.date(2024, 3, 3), until=dt.date(2024, 3, 6), type="direct", limit=None)
        assert march and all(hit.quote.type == "direct" for hit in march)
        assert all(dt.date(2024, 3, 3) <= hit.quote.date <= dt.date(2024, 3, 6) for hit in march)  # type: ignore[operator]
        newest = corpus.quotes(limit=3)
        dates = [hit.quote.date for hit in corpus.quotes(limit=None) if hit.quote.date]
        assert len(newest) == 3 and newest[0].quote.date == max(dates) == dt.date(2024, 3, 8)
        frame = corpus.quotes_df(type="indirect", limit=None)
        assert set(frame["type"]) == {"indirect"} and "speaker_name" in frame.columns


def test_people_are_ranked_with_first_and_last_dates(reference: tuple[Path, str]) -> None:
    with Corpus(reference[0]) as corpus:
        people = corpus.people(limit=None)
    top = people[0]
    assert (top.name, top.articles) == ("Mara Quinlan", len(MARA))
    assert list(top.names) == ["Mara Quinlan"]  # "Ms Quinlan" joins her full name in each article
    assert top.first is not None and top.last is not None and top.first < top.last
    assert [p.quotes for p in people] == sorted((p.quotes for p in people), reverse=True)
    tomas = next(p for p in people if p.name == "Tomas Quinlan")
    assert tomas.articles == len(TOMAS)


# --- the CLI ------------------------------------------------------------------------------------


def test_query_people_and_export_commands(reference: tuple[Path, str], tmp_path: Path) -> None:
    db = str(reference[0])
    runner = CliRunner()
    result = runner.invoke(
        app, ["query", "--db", db, "--speaker", "Lydia Marsh", "--format", "json", "--limit", "2"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 2 and rows[0]["person"] == "Lydia Marsh" and rows[0]["quote"]["text"]
    result = runner.invoke(app, ["query", "--db", db, "--contains", "sea wall", "--format", "csv"])
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert table and all("sea wall" in row["text"] for row in table) and float(table[0]["score"]) > 0
    result = runner.invoke(app, ["query", "--db", db, "--type", "mixed", "--format", "table"])
    assert result.exit_code == 0 and "No statements found." in result.stdout
    result = runner.invoke(app, ["people", "--db", db, "--format", "table", "--limit", "3"])
    assert result.exit_code == 0 and "Mara Quinlan" in result.stdout
    for fmt in ("parquet", "csv", "jsonl"):
        out = tmp_path / f"quotes.{fmt}"
        result = runner.invoke(app, ["export", "--db", db, str(out)])
        assert result.exit_code == 0, result.output
        reader = {"parquet": "read_parquet", "csv": "read_csv", "jsonl": "read_json"}[fmt]
        with duckdb.connect() as con:
            count = con.execute(
                f"SELECT count(*), count(DISTINCT person) FROM {reader}(?)", [str(out)]
            ).fetchone()
        with Corpus(reference[0]) as corpus:
            assert count is not None and count[0] == corpus.stats().quotes and count[1] >= 4


def test_query_refuses_bad_options_in_one_line(reference: tuple[Path, str], tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["query", "--db", str(reference[0]), "--since", "March"])
    assert result.exit_code == 2 and result.stderr.startswith("error: --since: 'March' is not a date")
    result = runner.invoke(app, ["query", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "no such store" in result.stderr
    result = runner.invoke(app, ["export", "--db", str(reference[0]), str(tmp_path / "out.xlsx")])
    assert result.exit_code == 2 and "give --format parquet, csv or jsonl" in result.stderr
    result = runner.invoke(app, ["ingest", str(tmp_path / "missing"), "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 2 and "no such file or directory" in result.stderr


def test_ingest_published_dates_the_items_without_a_date_of_their_own(tmp_path: Path) -> None:
    """The page's own date first, then the file name's, then --published: never inferred over them."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "2024-02-10_harbour.txt").write_text(invented_article(1), encoding="utf-8")
    (folder / "harbour.txt").write_text(invented_article(2), encoding="utf-8")
    db = tmp_path / "dated.duckdb"
    command = saidwhat("ingest", str(folder), "--db", str(db), "--workers", "1", "--published", "2024-03-01")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT origin, published, published_inferred FROM articles ORDER BY origin"
        ).fetchall()
    assert [(Path(origin).name, published, inferred) for origin, published, inferred in rows] == [
        ("2024-02-10_harbour.txt", dt.date(2024, 2, 10), False),
        ("harbour.txt", dt.date(2024, 3, 1), False),
    ]
    bad = subprocess.run(
        saidwhat("ingest", str(folder), "--db", str(db), "--published", "March"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and "--published: 'March' is not a date" in bad.stderr
