"""The README's path for a new user, with the installed `saidwhat` command: analyze a folder of
HTML pages into JSON files, ingest it, query it, export it (filtered, CSV with ids as text) and
open the parquet export in pandas. The pages are invented for this test."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

SAIDWHAT = Path(sys.executable).with_name("saidwhat")  # .venv/bin/saidwhat, as the README says

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="{date}"></head><body><article><h1>{title}</h1>
{paragraphs}</article></body></html>"""
PAGES = {
    "library.html": (
        "Library hours extended",
        "2025-05-06",
        [
            "The town library will open on Sundays from June, council leader Harriet Voss said on Monday.",
            "“Families asked for it and the budget allows it,” Ms Voss told the Northvale Courier.",
            "Head librarian Omar Chaudhry said volunteers would help staff the extra hours.",
        ],
    ),
    "bridge.html": (
        "Bridge repairs to start",
        "2025-05-20",
        [
            "Repairs on the old river bridge will begin next month, Harriet Voss said on Tuesday.",
            "“We cannot wait for another winter,” she said at a public meeting.",
            "Engineer Petra Lindqvist said the work would take about ten weeks.",
        ],
    ),
    "market.html": (
        "Market moves to the square",
        "2025-06-03",
        [
            "The weekly market will move to the town square, organiser Felix Amadi said on Monday.",
            "“Traders want more room and shoppers want shade,” Mr Amadi said.",
        ],
    ),
}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SAIDWHAT), *args], cwd=cwd, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pages/ written, analysed into out/ and ingested into corpus.duckdb, as the README does it."""
    if not SAIDWHAT.exists():
        pytest.skip(f"{SAIDWHAT} is not installed (make install)")
    root = tmp_path_factory.mktemp("new-user")
    (root / "pages").mkdir()
    for name, (title, date, paragraphs) in PAGES.items():
        body = "\n".join(f"<p>{text}</p>" for text in paragraphs)
        page = PAGE.format(title=title, date=date, paragraphs=body)
        (root / "pages" / name).write_text(page, encoding="utf-8")
    pages = sorted(str(path.relative_to(root)) for path in (root / "pages").glob("*.html"))
    analysed = run("analyze", *pages, "--output-dir", "out", cwd=root)
    assert analysed.returncode == 0, analysed.stderr
    assert "Analysed 3 of 3 files" in analysed.stderr
    ingested = run("ingest", "pages", "--db", "corpus.duckdb", "--workers", "1", cwd=root)
    assert ingested.returncode == 0, ingested.stderr
    return root


def test_a_folder_of_pages_becomes_json_files(workdir: Path) -> None:
    assert sorted(path.name for path in (workdir / "out").iterdir()) == [
        "bridge.json",
        "library.json",
        "market.json",
    ]
    library = json.loads((workdir / "out" / "library.json").read_text(encoding="utf-8"))
    assert library["article"]["title"] == "Library hours extended"
    assert library["article"]["published"] == "2025-05-06"
    speakers = {q["speaker"]["name"] for q in library["quotes"] if q["speaker"]}
    assert speakers >= {"Harriet Voss", "Omar Chaudhry"}


def test_query_finds_a_speaker_across_the_pages(workdir: Path) -> None:
    result = run("query", "--db", "corpus.duckdb", "--speaker", "Voss", "--format", "json", cwd=workdir)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {row["title"] for row in rows} == {"Library hours extended", "Bridge repairs to start"}
    assert {row["person"] for row in rows} == {"Harriet Voss"}


def test_query_returns_all_rows_or_pages_with_offset(workdir: Path) -> None:
    def texts(*args: str) -> list[str]:
        result = run("query", "--db", "corpus.duckdb", "--format", "json", *args, cwd=workdir)
        assert result.returncode == 0, result.stderr
        return [row["quote"]["text"] for row in json.loads(result.stdout)]

    every = texts("--all")
    with duckdb.connect(str(workdir / "corpus.duckdb"), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM quotes").fetchone()
    assert row is not None and len(every) == row[0] > 6
    assert texts("--limit", "3") + texts("--limit", "3", "--offset", "3") == every[:6]


def test_parquet_export_opens_in_pandas(workdir: Path) -> None:
    result = run("export", "quotes.parquet", "--db", "corpus.duckdb", cwd=workdir)
    assert result.returncode == 0, result.stderr
    frame = pd.read_parquet(workdir / "quotes.parquet")
    assert {"qid", "text", "person", "title", "speaker_name", "date"} <= set(frame.columns)
    assert set(frame["title"]) == {title for title, _, _ in PAGES.values()}


def test_export_takes_querys_filters(workdir: Path) -> None:
    filters = ["--speaker", "Voss", "--since", "2025-05-15"]
    query = run("query", "--db", "corpus.duckdb", "--all", "--format", "json", *filters, cwd=workdir)
    export = run("export", "voss.jsonl", "--db", "corpus.duckdb", *filters, cwd=workdir)
    assert query.returncode == export.returncode == 0, export.stderr
    lines = (workdir / "voss.jsonl").read_text(encoding="utf-8").splitlines()
    exported = sorted(json.loads(line)["text"] for line in lines)
    assert exported == sorted(row["quote"]["text"] for row in json.loads(query.stdout))
    assert exported and all(json.loads(line)["date"] >= "2025-05-15" for line in lines)
    assert f"wrote {len(lines)} statements" in export.stderr
    typed = run("export", "direct.csv", "--db", "corpus.duckdb", "--type", "direct", cwd=workdir)
    assert typed.returncode == 0, typed.stderr
    with (workdir / "direct.csv").open(encoding="utf-8", newline="") as handle:
        assert {row["type"] for row in csv.DictReader(handle)} == {"direct"}


def test_ids_beyond_2_to_the_53_are_quoted_text_in_csv(workdir: Path) -> None:
    with duckdb.connect(str(workdir / "corpus.duckdb"), read_only=True) as con:
        stored = {str(qid) for (qid,) in con.execute("SELECT qid FROM quotes").fetchall()}
    assert any(abs(int(qid)) > 2**53 for qid in stored)
    exported = run("export", "quotes.csv", "--db", "corpus.duckdb", cwd=workdir)
    listed = run("query", "--db", "corpus.duckdb", "--all", "--format", "csv", cwd=workdir)
    assert exported.returncode == listed.returncode == 0, exported.stderr + listed.stderr
    for text in ((workdir / "quotes.csv").read_text(encoding="utf-8"), listed.stdout):
        rows = list(csv.reader(io.StringIO(text)))
        column = rows[0].index("qid")
        assert {row[column] for row in rows[1:]} == stored
        raw_lines = text.splitlines()[1:]
        assert all(f'"{row[column]}"' in line for row, line in zip(rows[1:], raw_lines, strict=True))
