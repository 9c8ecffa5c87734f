"""The exceptions saidwhat raises.

    SaidwhatError            base: catch this to handle any saidwhat failure
    ├── InputError           the input cannot be read or holds no English article text
    ├── ModelError           the spaCy model is missing or cannot be loaded
    ├── StoreError           the corpus store cannot be opened, is of an unknown version, busy or damaged
    ├── LexiconError         a word-list file misses a list, repeats a word or has a phrase in a word list
    └── WorkerError          ingest workers cannot be started or reached, or died

Messages name the bad item and what was expected, so the CLI can print them as
one line and exit with code 2::

    try:
        article = saidwhat.analyze(text)
    except saidwhat.SaidwhatError as exc:
        print(f"error: {exc}")
"""

from __future__ import annotations


class SaidwhatError(Exception):
    """Base class of every error saidwhat raises on purpose."""


class InputError(SaidwhatError):
    """The input is empty, binary, unreadable, not English, or has no article text."""


class ModelError(SaidwhatError):
    """The spaCy model could not be loaded."""


class StoreError(SaidwhatError):
    """The corpus store is missing, not a saidwhat store, of an unknown schema version, locked or
    damaged; every DuckDB error of a store reaches the caller as one (`store.connection.store_errors`)."""


class WorkerError(SaidwhatError):
    """Ingest workers could not be started (Dask scheduler unreachable) or died mid-run."""


class LexiconError(SaidwhatError):
    """A lexicon file that is missing a list, repeats a word or puts a phrase in a word list."""
