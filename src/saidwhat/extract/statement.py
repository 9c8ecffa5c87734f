"""A statement in token terms, the rule that found it, and what each rule's finding is worth.

`Statement` is what the finders (`direct`, `reported`) produce and the assembly passes
(`passes`) refine; `analysis` turns it into a typed `Quote` once speakers are resolved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from spacy.tokens import Span, Token

from ..types import QuoteType
from .quotemarks import QuoteSpan

Rule = Literal[
    # direct quotes, by the words beside their marks
    "cue_beside_quote",  # “…,” she said. / She said: “…”
    "frame_after_quote",  # “…” than anyone expected, Doe said.
    "dash_after_quote",  # “…” — the commissioner
    "label_before_quote",  # Doe: “…”
    "according_before_quote",  # According to the ministry, “…”
    "introduced_by_paragraph",  # … she told reporters:¶“…”
    "named_in_next_sentence",  # “…” That was how Doe put it.
    "unattributed",  # no speaker found (yet)
    # reported speech
    "verb_cue",  # X said (that) …
    "as_reported",  # As the Gazette reported, …
    "block",  # Doe writes:¶ the next paragraph
    "labelled_line",  # Doe: Plan Is a Disaster
    "parenthetical",  # The plan, officials said, is to wait
    "according_to",  # According to X, …
    "nominal_cue",  # Doe's claim that …, Doe's call for …
    "impersonal_passive",  # It was said that … (no speaker)
    "stance_adjective",  # Doe is critical of …, Doe was confident that …
    "stance_noun",  # Doe's criticism of …, her decision to …
    # assigned by the assembly passes
    "mixed_in_reported",  # a quoted fragment inside reported speech
    "continued_quote",  # “A,” she said. “B.”
    "after_speech",  # a quote after the same speaker's statement
    "unattributed_sentence",  # a whole quoted sentence with no speaker anywhere near
    "tagged",  # the trained tagger's attribution
]

# An ordinal strength of the rule that found a statement and its speaker, not a calibrated
# probability: ranked by how often each rule was right on PolNeAR train when it was written.
# A cue beside the quote marks is nearly always right; a speaker carried over from the
# previous quote is a guess. "tagged" statements take 0.6 × the tagger's own probability.
CONFIDENCE: Mapping[Rule, float] = {
    "cue_beside_quote": 0.95,
    "frame_after_quote": 0.85,
    "dash_after_quote": 0.85,
    "label_before_quote": 0.85,
    "according_before_quote": 0.85,
    "introduced_by_paragraph": 0.85,
    "named_in_next_sentence": 0.6,
    "unattributed": 0.0,
    "verb_cue": 0.8,
    "as_reported": 0.8,
    "block": 0.8,
    "labelled_line": 0.7,
    "parenthetical": 0.75,
    "according_to": 0.8,
    "nominal_cue": 0.7,
    "impersonal_passive": 0.5,
    "stance_adjective": 0.6,
    "stance_noun": 0.5,
    "mixed_in_reported": 0.8,
    "continued_quote": 0.75,
    "after_speech": 0.6,
    "unattributed_sentence": 0.3,
    "tagged": 0.6,
}


class TaggedAttribution(Protocol):
    """What the trained tagger (`saidwhat.tagger`) predicts, in character offsets."""

    @property
    def source(self) -> tuple[int, int] | None: ...
    @property
    def cue(self) -> tuple[int, int] | None: ...
    @property
    def content(self) -> Sequence[tuple[int, int]]: ...
    @property
    def confidence(self) -> float: ...


@dataclass(slots=True)
class Statement:
    """One statement in token terms; turned into a `Quote` once speakers are resolved."""

    kind: QuoteType
    start: int  # character offsets of the content
    end: int
    rule: Rule
    speaker: Token | None = None
    cue: Span | None = None
    addressee: Token | None = None
    quote: QuoteSpan | None = None  # the marks of a direct or mixed quote
    inherited_from: Statement | None = None  # a continuation takes its speaker from here
    standalone: bool = True  # a quote that is a sentence of its own, not a fragment in one
    confidence: float = field(init=False)

    def __post_init__(self) -> None:
        self.confidence = CONFIDENCE[self.rule]

    def found_by(self, rule: Rule) -> None:
        """Credit the statement (or its speaker) to `rule`, with that rule's strength."""
        self.rule, self.confidence = rule, CONFIDENCE[rule]

    @classmethod
    def reported(
        cls,
        content: Span,
        rule: Rule,
        *,
        speaker: Token | None,
        cue: Span | None,
        addressee: Token | None = None,
    ) -> Statement:
        """Reported speech whose content is the words of `content`."""
        return cls(
            "indirect",
            content.start_char,
            content.end_char,
            rule,
            speaker=speaker,
            cue=cue,
            addressee=addressee,
        )


def inside(inner: Statement, outer: Statement) -> bool:
    """Whether `inner`'s content lies within `outer`'s and is not the same range."""
    same = (outer.start, outer.end) == (inner.start, inner.end)
    return outer.start <= inner.start and inner.end <= outer.end and not same


def crosses(one: Statement, other: Statement) -> bool:
    """Overlapping, and neither inside the other."""
    return one.start < other.start < one.end < other.end or other.start < one.start < other.end < one.end
