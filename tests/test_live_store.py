"""The live store in one process: an ingest handed to a server's writer builds the store a direct
ingest builds; the batches travel intact; a second ingest, a wrong token, a stale or foreign
sidecar are each handled as the design says (docs/corpus-store.md#live-store). The same with
real `serve` and `ingest` processes is in test_live_serve.py."""

from __future__ import annotations

import dataclasses
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from invented import invented_article
from saidwhat.cli import app
from saidwhat.core import analyze_document
from saidwhat.document import load_document
from saidwhat.errors import StoreError
from saidwhat.ingest.run import ingest
from saidwhat.ingest.sources import expand
from saidwhat.ingest.workers import InlineBackend
from saidwhat.store import live, wire
from saidwhat.store.live import Announcement, Handoff, LiveStore, find_server, open_writer, sidecar
from saidwhat.store.writer import Analyzed, Failed, Outcome, QuoteStore, Repeated
from storeutil import contents


def texts(folder: Path, numbers: range) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in numbers:
        (folder / f"{number:03d}.txt").write_text(invented_article(number), encoding="utf-8")
    return folder


def test_outcomes_cross_the_wire_unchanged(nlp: Language) -> None:
    article = analyze_document(load_document(invented_article(3), name="x.txt"))
    outcomes: list[Outcome] = [
        Analyzed("fold\udc80er/x.txt", "ab" * 32, article),  # a file name that is not valid Unicode
        Failed("y.txt", None, "text does not look like English"),
        Repeated("z.txt", "cd" * 32),
    ]
    for outcome in outcomes:
        line = json.dumps(wire.encode_outcome(outcome))
        assert wire.decode_outcome(json.loads(line)) == outcome
    assert article.quotes, "the invented article should have statements to carry"


def test_an_ingest_handed_to_the_server_builds_the_store_of_a_direct_one(
    nlp: Language, tmp_path: Path
) -> None:
    first, second = texts(tmp_path / "first", range(3)), texts(tmp_path / "second", range(3, 9))
    (second / "bad.txt").write_text("Der Rat hat die Abstimmung verschoben, sagte sie. " * 10)
    direct, live = tmp_path / "direct.duckdb", tmp_path / "live.duckdb"
    for db in (direct, live):
        with QuoteStore(db) as store:
            ingest(expand([str(first)]), store=store, backend=InlineBackend())
    with QuoteStore(direct) as store:
        expected = ingest(expand([str(second)]), store=store, backend=InlineBackend(), batch_size=2)
    changes: list[bool] = []
    with QuoteStore(live) as store, Handoff(store, url="http://127.0.0.1:1/", on_change=changes.append):
        writer = open_writer(live)
        assert isinstance(writer, LiveStore)
        with writer:
            summary = ingest(expand([str(second)]), store=writer, backend=InlineBackend(), batch_size=2)
    assert (summary.ingested, summary.failed, summary.quotes) == (expected.ingested, 1, expected.quotes)
    assert summary.failures == expected.failures
    assert len(changes) >= 3 and changes[-1] is True  # a change a batch; settled at the end
    assert not sidecar(live).exists()
    assert contents(live) == contents(direct)
    with QuoteStore(live) as store:  # the index was rebuilt by the server
        assert store.stats().quotes == len(contents(direct)["quotes"])


def test_a_second_ingest_is_refused_while_one_hands_off(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    with QuoteStore(db) as store, Handoff(store, url="http://127.0.0.1:1/", on_change=lambda _: None):
        served = find_server(db)
        assert served is not None and served.pid == os.getpid()
        assert stat.S_IMODE(sidecar(db).stat().st_mode) == 0o600
        with open_writer(db):
            with pytest.raises(StoreError, match=r"another ingest \(pid \d+\) is writing"):
                open_writer(db)
            result = CliRunner().invoke(
                app, ["ingest", str(texts(tmp_path / "t", range(1))), "--db", str(db)]
            )
            assert result.exit_code == 2, result.output
            assert result.stderr.count("error: ") == 1 and "another ingest" in result.stderr
            assert "Traceback" not in result.output
        with open_writer(db) as again:  # the first has finished: the next is let in
            assert again.stats().articles == 0


def test_a_wrong_token_and_another_store_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    with QuoteStore(db) as store, Handoff(store, url="http://127.0.0.1:1/", on_change=lambda _: None):
        served = find_server(db)
        assert served is not None
        forged = Announcement(served.pid, served.port, "not-the-token", served.url)
        sidecar(db).write_text(json.dumps(dataclasses.asdict(forged)))
        with pytest.raises(StoreError, match="token does not match"):
            open_writer(db)
        copy = tmp_path / "copy.duckdb"  # a store copied with its sidecar: not the server's store
        copy.touch()
        sidecar(copy).write_text(json.dumps(dataclasses.asdict(served)))
        with pytest.raises(StoreError, match="this server holds"):
            open_writer(copy)


def test_a_sidecar_of_a_dead_server_is_ignored(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    sidecar(db).write_text(json.dumps({"pid": int(gone.stdout), "port": 9, "token": "t", "url": "x"}))
    assert find_server(db) is None
    with open_writer(db) as writer:
        assert isinstance(writer, QuoteStore)


def test_a_server_stopping_mid_ingest_is_one_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    store = QuoteStore(db)
    handoff = Handoff(store, url="http://127.0.0.1:1/", on_change=lambda _: None).__enter__()
    writer = open_writer(db)
    assert isinstance(writer, LiveStore)
    stopper = threading.Thread(target=handoff.close)
    stopper.start()
    stopper.join(timeout=60)
    with pytest.raises(StoreError, match=r"stopping|stopped answering"):
        writer.seen_items()
    writer.close()
    store.close()


def test_an_ingest_interrupted_mid_batch_writes_nothing_of_it_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "store.duckdb"
    with QuoteStore(db) as store, Handoff(store, url="http://127.0.0.1:1/", on_change=lambda _: None):
        writer = open_writer(db)
        assert isinstance(writer, LiveStore)
        run = writer.start_run(["x"])

        def interrupted(stream: wire.Stream, message: dict[str, object]) -> None:
            stream.write(b'{"op":"add_batch","run":1,"outcomes":[{"kind":"fail')  # Ctrl-C mid-line
            stream.flush()
            raise KeyboardInterrupt

        monkeypatch.setattr(live, "send_message", interrupted)
        with pytest.raises(KeyboardInterrupt):
            writer.add_batch(run, [Failed("y.txt", "ab" * 32, "some reason")])
        monkeypatch.undo()
        with pytest.raises(StoreError, match="interrupted while handing a batch"):
            writer.add_batch(run, [Failed("y.txt", "ab" * 32, "some reason")])
        writer.close()
        assert store.seen_items() == set()
