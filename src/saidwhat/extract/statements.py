"""Placeholder while the extraction lands: returns no statements."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..types import Person, Quote, TimeExpression


@dataclass(slots=True)
class DocAnalysis:
    quotes: list[Quote] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    published: dt.date | None = None
    published_inferred: bool = False


def analyze_doc(doc: Doc, *, published: dt.date | None) -> DocAnalysis:
    return DocAnalysis(published=published)
