"""Crash safety: an ingest SIGKILLed at random points, three times over, then rerun,
builds the store of a run that never stopped; the store is readable after every kill; a second
ingest (or a reader) on a store in use is refused with one clear line, and changes nothing.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import time
from pathlib import Path
from typing import IO

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from invented import invented_article
from saidwhat import Corpus
from saidwhat.cli import app
from saidwhat.errors import StoreError
from saidwhat.ingest.run import ingest
from saidwhat.ingest.sources import expand
from saidwhat.ingest.workers import InlineBackend
from saidwhat.store.writer import QuoteStore
from storeutil import DISTINCT_LOG_ROWS, contents, saidwhat

ARTICLES = Path(__file__).parent / "articles"
INVENTED = 24
SEED = 7
KILLS = 3


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 items: invented news, the hand-written test articles, and one text that is not English."""
    root = tmp_path_factory.mktemp("crash") / "texts"
    root.mkdir()
    for n in range(INVENTED):
        (root / f"{n:02d}.txt").write_text(invented_article(100 + n), encoding="utf-8")
    for path in sorted(ARTICLES.glob("*.txt")):
        (root / path.name).write_bytes(path.read_bytes())
    (root / "zz-german.txt").write_text("Der Rat hat die Abstimmung verschoben, sagte sie. " * 10)
    return root


@pytest.fixture(scope="module")
def clean(corpus: Path, nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store of one uninterrupted run (in this process: the store does not depend on where
    the analysis ran, as tests/test_corpus.py shows)."""
    db = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    with QuoteStore(db) as store:
        ingest(expand([str(corpus)]), store=store, backend=InlineBackend(), batch_size=2)
    return db


def start(command: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, start_new_session=True
    )


def wait_for_commits(stream: IO[str], commits: int) -> None:
    """Read the run's progress lines (one per commit when stderr is not a terminal)."""
    seen = 0
    for line in stream:
        seen += line.startswith("committed")
        if seen >= commits:
            return


def kill(process: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # the writer and its worker
    process.wait(timeout=60)


def assert_readable(db: Path) -> int:
    """Articles in the store: it opens, checks and answers after any kill (or does not exist yet)."""
    try:
        with Corpus(db) as corpus:
            return corpus.stats().articles
    except StoreError as exc:
        assert "no such store" in str(exc) or "without saidwhat's tables" in str(exc), exc
        return 0


def assert_refused_while_in_use(db: Path, corpus: Path) -> None:
    """A second ingest and a reader get one `error:` line and exit code 2, not a traceback."""
    runner = CliRunner()
    for command in (["ingest", str(corpus), "--workers", "1"], ["query"]):
        result = runner.invoke(app, [*command, "--db", str(db)])
        assert result.exit_code == 2, (command, result.stderr, result.exception)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
        assert f"{db}: in use by another process" in lines[0]
        assert "Traceback" not in result.stderr


def test_killed_three_times_then_rerun_gives_the_clean_store(
    corpus: Path, clean: Path, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    db = tmp_path / "killed.duckdb"
    command = saidwhat("ingest", str(corpus), "--db", str(db), "--workers", "1", "--batch-size", "2")
    stored = [0]
    for kill_number in range(KILLS):
        process = start(command)
        assert process.stderr is not None
        try:
            if kill_number == 0:  # anywhere from start-up (creating the store) to the first commits
                time.sleep(rng.uniform(0.5, 6.0))
            else:  # mid-run: after some commits, at a random moment of the next batch
                wait_for_commits(process.stderr, rng.randint(1, 3))
                if kill_number == 1:
                    assert_refused_while_in_use(db, corpus)
                time.sleep(rng.uniform(0.0, 0.3))
        finally:
            kill(process)
        stored.append(assert_readable(db))
    assert stored[-1] > 0, f"no kill landed after a commit: {stored}"
    assert stored == sorted(stored), "a kill lost committed work"
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert rerun.returncode == 0, rerun.stderr
    resumed, reference = contents(db, log=DISTINCT_LOG_ROWS), contents(clean, log=DISTINCT_LOG_ROWS)
    assert len(resumed["articles"]) == len(reference["articles"]) == INVENTED + 5
    assert resumed == reference
