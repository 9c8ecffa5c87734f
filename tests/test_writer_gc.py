"""The cycle collector stays out of a batch (store/writer.py): its ~100,000 containers are freed by
reference counts, and traversing them as they survive cost 0.05-0.15 ms of the writer's 0.6 a
document; it is on again afterwards."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from saidwhat.store.writer import QuoteStore
from test_writer_equivalence import invented_outcomes


def test_no_cycle_collection_runs_while_a_batch_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcomes = invented_outcomes(count=120)
    collections: list[int] = []
    during: list[int] = []
    write = QuoteStore._write

    def counted(self: QuoteStore, *args: Any) -> Any:
        before = len(collections)
        try:
            return write(self, *args)
        finally:
            during.append(len(collections) - before)

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    monkeypatch.setattr(QuoteStore, "_write", counted)
    with QuoteStore(tmp_path / "store.duckdb") as store:
        run = store.start_run(["invented"])
        gc.callbacks.append(seen)
        try:
            store.add_batch(run, outcomes)
        finally:
            gc.callbacks.remove(seen)
    assert during == [0] and gc.isenabled()
