"""A pool worker ends at the start of its interpreter's exit, without tearing down its loaded
model (0.6-0.8 s the writer waited for at the end of every ingest), yet with its output flushed."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import multiprocessing, sys
import saidwhat.ingest.workers as workers

workers.load_model = lambda: None  # the model's load is not what this is about

class Late:
    def __del__(self):
        print("torn down", flush=True)

kept = Late()
workers.init_worker(multiprocessing.get_context("spawn").Barrier(1))
print("loaded", end="")  # unflushed: the worker's exit flushes it
sys.exit(0)
"""


def test_a_worker_exits_without_tearing_its_interpreter_down() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (0, "loaded")
