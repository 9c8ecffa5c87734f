"""Damaged and busy stores: whatever DuckDB raises reaches the user as one `error:` line naming the
store and what to do, exit code 2, never a traceback; `saidwhat check` finds damage up front."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from click.testing import Result
from spacy.language import Language
from typer.testing import CliRunner

import saidwhat
from invented import invented_article
from saidwhat.cli import app
from saidwhat.errors import StoreError
from saidwhat.ingest.run import ingest
from saidwhat.ingest.sources import expand
from saidwhat.ingest.workers import InlineBackend
from saidwhat.store.connection import SCHEMA_VERSION
from saidwhat.store.writer import QuoteStore

DAMAGED = "the store is damaged (IO Error: Corrupt database file"
RESTORE = "restore it from a backup, or re-ingest into a new file"
_HEADERS = 3 * 4096  # DuckDB's file header and its two database headers come before block 0


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("articles")
    for number in range(2):
        (folder / f"{number}.txt").write_text(invented_article(number), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def store(nlp: Language, source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny store of two articles, to copy and damage."""
    db = tmp_path_factory.mktemp("store") / "tiny.duckdb"
    with QuoteStore(db) as writer:
        ingest(expand([str(source)]), store=writer, backend=InlineBackend())
    return db


def damaged(store: Path, folder: Path, *, table: str | None) -> Path:
    """A copy of `store` with 64 bytes flipped where `table`'s first block starts (a block in the
    middle of the file), or in block 0, which holds the catalogue, when `table` is None."""
    with duckdb.connect(str(store), read_only=True) as con:
        size = con.execute("SELECT block_size FROM pragma_database_size()").fetchone()[0]  # type: ignore[index]
        block = 0
        if table is not None:
            (block,) = con.execute(  # type: ignore[misc]
                f"SELECT min(block_id) FROM pragma_storage_info('{table}') WHERE block_id >= 0"
            ).fetchone()
    copy = folder / f"damaged-{table or 'catalogue'}.duckdb"
    shutil.copyfile(store, copy)
    data = bytearray(copy.read_bytes())
    start = _HEADERS + block * size + 200  # past the block's checksum, in its first rows
    data[start : start + 64] = bytes(byte ^ 0xFF for byte in data[start : start + 64])
    copy.write_bytes(data)
    return copy


def error_line(result: Result) -> str:
    """The one `error:` line of a command that failed as it should: exit code 2, no traceback."""
    lines = result.stderr.splitlines()
    assert (result.exit_code, len(lines)) == (2, 1), (result.exit_code, result.stderr, result.exception)
    assert lines[0].startswith("error: ") and "Traceback" not in result.output, result.output
    return lines[0]


COMMANDS = [["check"], ["query"], ["query", "--contains", "fares"], ["people"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_damaged_table_is_one_error_line_naming_the_store(
    store: Path, tmp_path: Path, command: list[str]
) -> None:
    db = damaged(store, tmp_path, table="quotes")
    result = CliRunner().invoke(app, [*command, "--db", str(db), "--format", "json"])
    line = error_line(result)
    assert line.startswith(f"error: {db}: {DAMAGED}") and line.endswith(RESTORE), line


def test_ingest_into_a_damaged_store_is_one_error_line(store: Path, source: Path, tmp_path: Path) -> None:
    db = damaged(store, tmp_path, table="ingest_log")
    result = CliRunner().invoke(app, ["ingest", str(source), "--db", str(db), "--workers", "1"])
    line = error_line(result)
    assert line.startswith(f"error: {db}: {DAMAGED}") and line.endswith(RESTORE), line


@pytest.mark.parametrize("command", [*COMMANDS, ["ingest", "--workers", "1"]], ids=" ".join)
def test_a_damaged_catalogue_is_reported_as_damage_not_as_in_use(
    store: Path, source: Path, tmp_path: Path, command: list[str]
) -> None:
    """DuckDB's message names the 'block at location 12288': no lock is in it."""
    db = damaged(store, tmp_path, table=None)
    arguments = [*command, str(source)] if command[0] == "ingest" else command
    line = error_line(CliRunner().invoke(app, [*arguments, "--db", str(db)]))
    assert line.startswith(f"error: {db}: {DAMAGED}") and "in use" not in line, line


def test_the_python_api_raises_store_error_for_damage(store: Path, tmp_path: Path) -> None:
    db = damaged(store, tmp_path, table="quotes")
    with saidwhat.Corpus(db) as corpus, pytest.raises(StoreError, match=f"damaged.*{RESTORE}"):
        corpus.quotes()


@pytest.fixture
def held(store: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the store that another process holds open for writing."""
    db = tmp_path / "held.duckdb"
    shutil.copyfile(store, db)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); "
            "print('open', flush=True); time.sleep(120)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        yield db
    finally:
        holder.kill()
        holder.wait()


def test_a_store_another_process_holds_is_in_use_for_every_command(held: Path, source: Path) -> None:
    """DuckDB's IOException 'Could not set lock on file …: Conflicting lock is held in … (PID …)'."""
    for command in (["check"], ["query"], ["people"], ["ingest", str(source), "--workers", "1"]):
        result = CliRunner().invoke(app, [*command, "--db", str(held)])
        line = error_line(result)
        assert line.startswith(f"error: {held}: in use by another process"), line
        assert "(IO Error: Could not set lock on file" in line, line


def test_check_passes_a_healthy_store(store: Path) -> None:
    result = CliRunner().invoke(app, ["check", "--db", str(store), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["healthy"] is True and report["problem"] is None
    assert report["schema_version"] == SCHEMA_VERSION and report["index_current"] is True
    assert report["tables"]["articles"] == 2 and report["tables"]["quotes"] > 0
    assert report["tables"]["fts_postings"] > 0 and report["tables"]["fts_terms"] > 0
    table = CliRunner().invoke(app, ["check", "--db", str(store), "--format", "table"])
    assert table.exit_code == 0 and "full-text index: current" in table.stdout


def test_check_reports_a_stale_index(store: Path, tmp_path: Path) -> None:
    db = tmp_path / "stale.duckdb"
    shutil.copyfile(store, db)
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE meta SET value = '-1' WHERE key = 'index_generation'")
    result = CliRunner().invoke(app, ["check", "--db", str(db), "--format", "json"])
    assert error_line(result).startswith(f"error: {db}: the full-text index is older than the data")
    assert json.loads(result.stdout)["index_current"] is False
