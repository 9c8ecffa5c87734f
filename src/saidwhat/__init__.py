"""saidwhat: who said what, to whom, when and where, in news text."""

import logging as _logging

from . import pipeline as _pipeline  # noqa: F401  (registers the spaCy factories)
from ._version import __version__
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

_logging.getLogger(__name__).addHandler(_logging.NullHandler())
