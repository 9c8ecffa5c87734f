"""A batch handed to the live store's server travels in parts of at most `HANDOFF_DOCUMENTS`
(store/live.py), so that a message stays within the wire's limit whatever `--batch-size`; every
part is committed and the counts add up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from saidwhat.store import live
from saidwhat.store.live import Handoff, LiveStore, open_writer
from saidwhat.store.writer import Failed, Outcome, QuoteStore


def test_a_batch_travels_in_parts_and_is_all_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(live, "HANDOFF_DOCUMENTS", 2)
    db = tmp_path / "live.duckdb"
    outcomes: list[Outcome] = [Failed(f"item{n}.txt", f"{n:064x}", "invented") for n in range(5)]
    sent: list[int] = []
    with QuoteStore(db) as store, Handoff(store, url="http://127.0.0.1:1/", on_change=lambda _: None):
        writer = open_writer(db)
        assert isinstance(writer, LiveStore)
        with writer:
            call = writer._call

            def counted(method: str, **params: Any) -> Any:
                if method == "add_batch":
                    sent.append(len(params["outcomes"]))
                return call(method, **params)

            monkeypatch.setattr(writer, "_call", counted)
            counts = writer.add_batch(writer.start_run(["invented"]), outcomes)
    assert sent == [2, 2, 1] and counts.failed == 5
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM ingest_log WHERE status = 'failed'").fetchone() == (5,)
