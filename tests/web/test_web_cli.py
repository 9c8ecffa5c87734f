"""`saidwhat serve`: a bad store is one error line and exit 2, before anything listens."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from saidwhat.cli import app
from saidwhat.web import create_app

runner = CliRunner()


def test_serve_without_a_store_is_one_error_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "missing.duckdb")])
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and "no such store" in result.output
    assert "Traceback" not in result.output and result.output.count("\n") == 1


def test_serve_refuses_a_file_that_is_not_a_store(tmp_path: Path) -> None:
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database at all" * 100)
    result = runner.invoke(app, ["serve", "--db", str(junk)])
    assert result.exit_code == 2 and result.output.startswith("error: ")


def test_serve_refuses_a_store_whose_index_is_stale(tmp_path: Path, store_path: Path) -> None:
    stale = tmp_path / "stale.duckdb"
    shutil.copy(store_path, stale)
    with duckdb.connect(str(stale)) as con:
        con.execute("UPDATE meta SET value = '99' WHERE key = 'data_generation'")
    result = runner.invoke(app, ["serve", "--db", str(stale), "--workers", "2"])  # read-only processes
    assert result.exit_code == 2 and "full-text index is older" in result.output


def test_a_live_server_rebuilds_a_stale_index(tmp_path: Path, store_path: Path) -> None:
    """`serve` of one process holds the store for writing: it cures what an interrupted ingest left."""
    stale = tmp_path / "stale.duckdb"
    shutil.copy(store_path, stale)
    with duckdb.connect(str(stale)) as con:
        con.execute("UPDATE meta SET value = '99' WHERE key = 'data_generation'")
    create_app(stale, live_url="http://127.0.0.1:8000/")
    with duckdb.connect(str(stale), read_only=True) as con:
        generations = dict(con.execute("SELECT key, value FROM meta").fetchall())
    assert generations["index_generation"] == generations["data_generation"] == "99"


def test_serve_rejects_a_bad_port(store_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(store_path), "--port", "0"])
    assert result.exit_code == 2
