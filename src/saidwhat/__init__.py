"""saidwhat: who said what, to whom, when and where, in news text.

The names below are loaded on first use (PEP 562): `import saidwhat` or a command that never
analyses (`saidwhat query`, the writer of `saidwhat ingest`) does not pay spaCy's import.
"""

import importlib as _importlib
import logging as _logging
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from ._version import __version__

if _TYPE_CHECKING:
    from .core import analyze, load_pipeline
    from .errors import InputError, ModelError, SaidwhatError, StoreError, WorkerError
    from .store.reader import Corpus
    from .types import Addressee, Article, ArticleMeta, Cue, Person, Quote, Speaker, TimeExpression

__all__ = [
    "Addressee",
    "Article",
    "ArticleMeta",
    "Corpus",
    "Cue",
    "InputError",
    "ModelError",
    "Person",
    "Quote",
    "SaidwhatError",
    "Speaker",
    "StoreError",
    "TimeExpression",
    "WorkerError",
    "__version__",
    "analyze",
    "load_pipeline",
]

_HOMES = {
    **dict.fromkeys(("analyze", "load_pipeline"), ".core"),
    "Corpus": ".store.reader",
    **dict.fromkeys(("InputError", "ModelError", "SaidwhatError", "StoreError", "WorkerError"), ".errors"),
    **dict.fromkeys(("Addressee", "Article", "ArticleMeta", "Cue", "Person"), ".types"),
    **dict.fromkeys(("Quote", "Speaker", "TimeExpression"), ".types"),
}


def __getattr__(name: str) -> _Any:
    """Import a public name's module when the name is first read."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


_logging.getLogger(__name__).addHandler(_logging.NullHandler())
