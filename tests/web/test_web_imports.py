"""`saidwhat serve` loads the web reader, not the ingest machinery: no Dask in its process."""

from __future__ import annotations

import subprocess
import sys

PROBE = (
    "import sys, saidwhat.web.app; "
    "print(sorted({name.split('.')[0] for name in sys.modules} & {'dask', 'distributed'}))"
)


def test_the_web_app_imports_neither_dask_nor_distributed() -> None:
    # A child process: pytest's own process has imported half the package by now.
    found = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"
