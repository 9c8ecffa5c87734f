"""Attributions whose cue is no verb: a stance adjective after a copula ("X is critical of Y",
"X was confident that …", "X is eager to …") and a stance noun of its owner ("X's criticism
of Y", "her support for Y", "his decision to …"). PolNeAR counts them as attributions of a
position; they are statements of `kind: "thought"` unless the noun names words ("his claim
that …": speech, see `Lexicon.cue_kind`).

Which adjective or noun with which complement word counts is data (`[stances]` in
data/lexicon.toml), chosen on PolNeAR train by `bench/polnear_frames.py words`; the frames
themselves are read here from the dependency tree, one visit per candidate word.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Span, Token

from ..document import title_span
from .content import has_words
from .context import DocContext
from .cues import introduced_by_that, statement_kind
from .statement import Rule, Statement
from .syntax import trim_span

FrameKind = Literal["adjective", "noun"]

_HOLDERS = frozenset({"PROPN", "PRON", "NOUN"})
_ADJECTIVES = frozenset({"ADJ", "VERB"})  # "is critical of"; "was concerned that" (a participle)
_NOT_HOLDERS = frozenset({"i", "we", "you", "it", "me", "us", "my", "our", "your", "its"})
# Words before a copula or a stance word that PolNeAR's cue keeps: "has been", "was not", "also"
_CUE_LEFT_DEPS = frozenset({"aux", "auxpass", "neg", "advmod"})
# Words before a stance noun that its cue keeps: "energetic endorsement", "a call for"
_NOUN_LEFT_DEPS = frozenset({"amod", "advmod", "compound", "det"})


@dataclass(frozen=True, slots=True)
class Frame:
    """One stance word in its frame: who holds the stance, the cue words and what it is about."""

    kind: FrameKind
    word: str  # the complement's word: a preposition, "that" or "to"
    holder: Token | None
    cue: Span
    content: Span


def frame_of(ctx: DocContext, token: Token) -> Frame | None:
    """The frame `token` heads, whatever its word: the lexicon decides which count (see
    `StanceFinder`); the bench counts every one."""
    if token.pos_ in _ADJECTIVES and token.dep_ == "acomp":
        return _adjective_frame(ctx, token)
    if token.pos_ == "NOUN":
        return _noun_frame(ctx, token)
    return None


def stance_word(token: Token, frame: Frame) -> str:
    """The word the lexicon lists: an adjective as written ("concerned", which the model tags
    an adjective or a participle), a noun by its lemma ("claims" → "claim")."""
    return token.lower_ if frame.kind == "adjective" else token.lemma_.lower()


def _complement(token: Token) -> tuple[str, Token, Token] | None:
    """The word that opens what a stance word is about, with the first and last word of it:
    a preposition's object ("of Y"), a that-clause or a to-infinitive after the word."""
    for child in token.rights:
        if child.dep_ == "prep":
            obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            return (child.lower_, obj.left_edge, obj.right_edge) if obj is not None else None
        if child.dep_ in ("ccomp", "acl", "xcomp"):
            if introduced_by_that(child):
                return "that", child.left_edge, child.right_edge
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
                return "to", child.left_edge, child.right_edge
    return None


def _adjective_frame(ctx: DocContext, adjective: Token) -> Frame | None:
    copula = adjective.head
    if copula.lemma_.lower() not in ctx.lexicon.stance_copulas:
        return None
    holder = next((c for c in copula.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    complement = _complement(adjective)
    if holder is None or complement is None:
        return None
    word, first, last = complement
    start = copula.i
    for child in reversed([c for c in copula.lefts if c.dep_ in _CUE_LEFT_DEPS]):
        if child.right_edge.i != start - 1:
            break
        start = child.left_edge.i
    cue_end = first.i if word not in ("that", "to") else adjective.i + 1
    doc = ctx.doc
    return Frame("adjective", word, holder, doc[start:cue_end], doc[first.i : last.i + 1])


def _noun_frame(ctx: DocContext, noun: Token) -> Frame | None:
    complement = _complement(noun)
    if complement is None:
        return None
    word, first, last = complement
    holder = next((c for c in noun.children if c.dep_ == "poss"), None)
    start = noun.i
    for child in reversed([c for c in noun.lefts if c.dep_ in _NOUN_LEFT_DEPS]):
        if child.right_edge.i != start - 1 or (holder is not None and child.i < holder.i):
            break
        start = child.left_edge.i
    cue_end = first.i if word not in ("that", "to") else noun.i + 1
    doc = ctx.doc
    return Frame("noun", word, holder, doc[start:cue_end], doc[first.i : last.i + 1])


class StanceFinder:
    """The stance statements of one document (none when `ctx.beliefs` is off, but for nouns
    that name words)."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self._title = title_span(ctx.text) or (0, 0)

    def find(self) -> list[Statement]:
        lexicon = self.ctx.lexicon
        statements: list[Statement] = []
        for token in self.ctx.doc:
            if token.lower_ not in lexicon.stance_words and token.lemma_.lower() not in lexicon.stance_words:
                continue
            if self.ctx.quotes.inside(token) or self._title[0] <= token.idx < self._title[1]:
                continue
            frame = frame_of(self.ctx, token)
            if frame is None or not self._counts(token, frame):
                continue
            statement = self._statement(frame)
            if statement is not None:
                statements.append(statement)
        return statements

    def _counts(self, token: Token, frame: Frame) -> bool:
        pairs = self.ctx.lexicon.stance_adjectives if frame.kind == "adjective" else self.ctx.lexicon.stance_nouns
        if (stance_word(token, frame), frame.word) not in pairs:
            return False
        holder = frame.holder
        if holder is None:
            return False
        return holder.pos_ in _HOLDERS and holder.lower_ not in _NOT_HOLDERS and not self.ctx.quotes.inside(holder)

    def _statement(self, frame: Frame) -> Statement | None:
        content = trim_span(frame.content)
        if content is None or not has_words(content, 1) or any(self.ctx.quotes.inside(t) for t in content):
            return None
        if not self.ctx.beliefs and statement_kind(frame.cue, self.ctx.lexicon) == "thought":
            return None
        rule: Rule = "stance_adjective" if frame.kind == "adjective" else "stance_noun"
        return Statement.reported(content, rule, speaker=frame.holder, cue=frame.cue)
