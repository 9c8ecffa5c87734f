"""Predicted attributions as saidwhat `Quote`s, so the project's scorer and output apply."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from ..types import Cue, Quote, QuoteType, Speaker
from .decode import PredictedAttribution

QUOTE_MARKS = frozenset('“”"«»„')


def attributions_to_quotes(
    doc: Doc, attributions: Sequence[PredictedAttribution] | None = None
) -> list[Quote]:
    """One `Quote` per attribution with content, in text order (`q1`, `q2`, …).

    A discontinuous content becomes one quote from its first to its last fragment (the cue
    between them included), as a `Quote` has a single span; the speaker is `unresolved`,
    named by its mention. Attributions without content (a cue alone) are left out.
    """
    text = doc.text
    items = [a for a in (doc._.attributions if attributions is None else attributions) if a.content]
    quotes = []
    for n, attribution in enumerate(sorted(items, key=lambda a: a.content[0]), start=1):
        start, end = attribution.content[0][0], attribution.content[-1][1]
        speaker = cue = None
        if attribution.source is not None:
            s, e = attribution.source
            speaker = Speaker(kind="unresolved", name=text[s:e], mention=text[s:e], start=s, end=e)
        if attribution.cue is not None:
            s, e = attribution.cue
            cue = Cue(text=text[s:e], lemma=_lemma(doc, s, e), start=s, end=e)
        quotes.append(
            Quote(
                id=f"q{n}",
                type=_quote_type(text, start, end),
                text=text[start:end],
                start=start,
                end=end,
                speaker=speaker,
                cue=cue,
                confidence=attribution.confidence,
            )
        )
    return quotes


def _lemma(doc: Doc, start: int, end: int) -> str:
    span = doc.char_span(start, end, alignment_mode="expand")
    words = [t.lemma_.lower() or t.lower_ for t in span] if span is not None else []
    return " ".join(words) or doc.text[start:end].lower()


def _quote_type(text: str, start: int, end: int) -> QuoteType:
    inner = text[start:end].strip()
    if inner[:1] in QUOTE_MARKS and inner[-1:] in QUOTE_MARKS | {".", ",", "?", "!"}:
        return "direct"
    return "mixed" if any(char in QUOTE_MARKS for char in inner) else "indirect"
