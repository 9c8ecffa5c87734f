"""The ingest process only writes: it loads neither spaCy nor the extraction rules, so that the
workers' model load, not the writer's imports, sets the start-up of `saidwhat ingest`."""

from __future__ import annotations

import subprocess
import sys

PROBE = (
    "import sys, saidwhat.cli.ingest, saidwhat.ingest.run, saidwhat.ingest.workers, saidwhat.store.migrate; "
    "print(sorted(n for n in sys.modules if n.split('.')[0] == 'spacy' or n == 'saidwhat.extract.cues'))"
)


def test_the_writer_side_of_an_ingest_imports_no_spacy() -> None:
    # A child process: pytest's own process has imported half the package by now.
    found = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


def test_a_worker_imports_no_duckdb() -> None:
    """The other way round: a worker analyses and prepares (store/prepare.py) without DuckDB,
    0.1-0.2 s of every worker's start."""
    probe = (
        "import sys, saidwhat.ingest.workers, saidwhat.store.prepare, saidwhat.store.outcomes; "
        "print(sorted(n for n in sys.modules if n.split('.')[0] in ('duckdb', '_duckdb', 'pyarrow')))"
    )
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"
