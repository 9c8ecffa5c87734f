"""What every rule of one document consults, computed once: the text, the sentences, the
quotes and the lexicon.

spaCy's `Doc.text` joins every token on each access and `Token.sent` walks the document on
each call; rules that asked them per statement made long texts quadratic, so they are read
once here and handed to every rule module.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..document import title_span
from ..lexicon import Lexicon, load_lexicon
from .quotemarks import QuoteSpan, find_quotes

# How far back a pronoun or "it"/"they" looks for what it refers to: the current sentence and
# this many before it. Centering's window; one policy for every look-back of the rules.
LOOKBACK_SENTENCES = 6


class QuoteMap:
    """Which quote (if any) each token lies in, counting the quote marks themselves."""

    def __init__(self, doc: Doc, quotes: Sequence[QuoteSpan]) -> None:
        self.quotes = list(quotes)
        self._index: dict[int, int] = {}
        for qi, quote in enumerate(self.quotes):
            span = doc.char_span(quote.outer_start, quote.outer_end, alignment_mode="expand")
            if span is not None:
                for token in span:
                    self._index[token.i] = qi

    def of(self, token: Token) -> int | None:
        return self._index.get(token.i)

    def inside(self, token: Token) -> bool:
        return token.i in self._index


@dataclass(slots=True)
class DocContext:
    """One parsed document as the rules see it."""

    doc: Doc
    text: str
    quotes: QuoteMap
    lexicon: Lexicon
    beliefs: bool = True  # also report beliefs and stances ("X believes that …")
    title: tuple[int, int] = (0, 0)  # the headline's characters (`document.title_span`); none: (0, 0)
    _starts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, doc: Doc, lexicon: Lexicon | None = None, *, beliefs: bool = True) -> DocContext:
        text = doc.text
        return cls(
            doc=doc,
            text=text,
            quotes=QuoteMap(doc, find_quotes(text)),
            lexicon=lexicon or load_lexicon(),
            beliefs=beliefs,
            title=title_span(text) or (0, 0),
            _starts=[sent.start for sent in doc.sents] if len(doc) else [],
        )

    def in_title(self, offset: int) -> bool:
        """Whether the character at `offset` is in the headline."""
        return self.title[0] <= offset < self.title[1]

    def sentence_index(self, token: Token) -> int:
        return bisect.bisect_right(self._starts, token.i) - 1

    def sentence(self, token: Token) -> Span:
        """The sentence of `token`."""
        n = self.sentence_index(token)
        end = self._starts[n + 1] if n + 1 < len(self._starts) else len(self.doc)
        return self.doc[self._starts[n] : end]

    def lookback_start(self, token: Token) -> int:
        """The first token a look-back from `token` may reach (see `LOOKBACK_SENTENCES`)."""
        return self._starts[max(self.sentence_index(token) - LOOKBACK_SENTENCES, 0)]
