"""When the ingest writer commits (ingest/run.py): every `batch_size` documents, or what has come
once `COMMIT_SECONDS` have passed since the last commit, so a large batch size never leaves a
slow run's results uncommitted for long. No analysis runs: a backend hands back failures."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pytest

from saidwhat.document import Limits
from saidwhat.ingest import run
from saidwhat.ingest.sources import RawItem, expand
from saidwhat.ingest.workers import ChunkResult
from saidwhat.store.writer import BatchCounts, Failed, Outcome


class Backend:
    """Every item comes back failed, one chunk at a time."""

    workers = 1

    def wait_ready(self) -> None:
        """Ready at once."""

    def map(self, chunks: Iterable[list[RawItem]], limits: Limits) -> Iterator[ChunkResult]:
        for chunk in chunks:
            outcomes: list[Outcome] = [Failed(item.origin, item.item_hash, "invented") for item in chunk]
            yield ChunkResult(outcomes=outcomes, worker="here", peak_rss=0, cpu_seconds=0.0)

    def close(self) -> None:
        """Nothing to stop."""


class Store:
    """Records the size of every batch it is asked to commit."""

    def __init__(self) -> None:
        self.batches: list[int] = []

    def seen_items(self) -> set[str]:
        return set()

    def seen_urls(self) -> set[str]:
        return set()

    def start_run(self, sources: Sequence[str]) -> int:
        return 1

    def add_batch(self, run: int, outcomes: Sequence[Outcome]) -> BatchCounts:
        self.batches.append(len(outcomes))
        return BatchCounts(failed=len(outcomes))

    def rebuild_index(self) -> None:
        """Nothing to index."""


def _ingest(tmp_path: Path, batch_size: int) -> list[int]:
    for n in range(20):
        (tmp_path / f"item{n:02}.txt").write_text(f"Invented item number {n}.", encoding="utf-8")
    store = Store()
    run.ingest(expand([str(tmp_path)]), store=store, backend=Backend(), batch_size=batch_size)
    return store.batches


def test_results_wait_for_a_full_batch_while_the_time_allows(tmp_path: Path) -> None:
    batches = _ingest(tmp_path, batch_size=8)
    assert sum(batches) == 20 and batches[:2] == [8, 8]


def test_what_has_come_is_committed_once_the_time_has_passed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run, "COMMIT_SECONDS", 0.0)
    batches = _ingest(tmp_path, batch_size=512)
    assert batches == [run.CHUNK_SIZE] * (20 // run.CHUNK_SIZE)
