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

from .content import has_words
from .context import DocContext
from .cues import introduced_by_that, statement_kind
from .statement import Rule, Statement
from .syntax import has_subject, trim_span

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
    if token.pos_ in _ADJECTIVES and (token.dep_ == "acomp" or token.tag_ == "VBN"):
        return _adjective_frame(ctx, token)
    if token.pos_ == "NOUN":
        return _noun_frame(ctx, token)
    return None


def stance_word(token: Token, frame: Frame) -> str:
    """The word the lexicon lists: an adjective as written ("concerned", which the model tags
    an adjective or a participle), a noun by its lemma ("claims" → "claim")."""
    return token.lower_ if frame.kind == "adjective" else token.lemma_.lower()


def _complement(token: Token, *, bare: bool = False) -> tuple[str, Token] | None:
    """The word that opens what a stance word is about, with the head of it: a preposition's
    object ("of Y"), a that-clause or a to-infinitive after the word; with `bare`, also a
    clause without "that" (see `_bare_clause`), which counts as a that-clause."""
    for child in token.rights:
        if child.dep_ == "prep":
            obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            return (child.lower_, obj) if obj is not None else None
        if child.dep_ in ("ccomp", "acl", "xcomp"):
            if introduced_by_that(child) or (bare and _bare_clause(child)):
                return "that", child
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
                return "to", child
    return None


def _bare_clause(clause: Token) -> bool:
    """ "is concerned (that) fares will rise": a complement clause with its own subject and no
    word to open it (not "whether", "if": a question)."""
    return (
        clause.dep_ == "ccomp" and has_subject(clause) and not any(c.dep_ == "mark" for c in clause.children)
    )


def _cue_start(head: Token, deps: frozenset[str] = _CUE_LEFT_DEPS) -> int:
    """Where the cue of `head` starts: the words of `deps` right before it (by default the
    auxiliaries, negation and adverbs)."""
    start = head.i
    for child in reversed([c for c in head.lefts if c.dep_ in deps]):
        if child.right_edge.i != start - 1:
            break
        start = child.left_edge.i
    return start


def _adjective_frame(ctx: DocContext, adjective: Token) -> Frame | None:
    """ "X has been critical of Y": the cue from the copula's auxiliaries to the preposition,
    the content its object; "X was quick to embrace Y": PolNeAR's cue takes in the
    infinitive's verb, the content is what follows it; "X is concerned (that) Y will …": the
    clause, with "that" or without it."""
    copula, host = _copula(adjective)
    if copula is None or copula.lemma_.lower() not in ctx.lexicon.stance_copulas:
        return None
    subjects = (c for c in (*host.children, *copula.children) if c.dep_ in ("nsubj", "nsubjpass"))
    holder = next(subjects, None)
    complement = _complement(adjective, bare=True)
    if complement is None and host == copula:  # "was concerned fares would rise", the clause under "was"
        clause = next((c for c in copula.rights if c.i > adjective.i and _bare_clause(c)), None)
        complement = ("that", clause) if clause is not None else None
    if holder is None or complement is None:
        return None
    word, head = complement
    doc = ctx.doc
    first, last = head.left_edge.i, head.right_edge.i
    if word == "that":
        cue_end = adjective.i + 1
    elif word == "to":
        cue_end = head.i + 1
        while cue_end <= last and doc[cue_end].head == head and doc[cue_end].dep_ == "prt":
            cue_end += 1  # "quick to point out"
        if cue_end > last:  # "eager to help": nothing after the verb, the infinitive is all
            cue_end = adjective.i + 1
        else:
            first = cue_end
    else:
        cue_end = first
    start = _cue_start(host)  # not the holder: the model may hang it under the copula ("Doe is worried")
    start = max(start, holder.right_edge.i + 1) if holder.i < adjective.i else start
    return Frame("adjective", word, holder, doc[start:cue_end], doc[first : last + 1])


def _copula(adjective: Token) -> tuple[Token | None, Token]:
    """The copula of a stance adjective, and the word its subject and auxiliaries hang from:
    the copula ("has been critical of"), or the adjective itself, a participle the model reads
    as a passive verb ("was concerned (that) …" with "was" its auxpass)."""
    if adjective.dep_ == "acomp":
        return adjective.head, adjective.head
    return next((c for c in adjective.children if c.dep_ == "auxpass"), None), adjective


def _noun_frame(ctx: DocContext, noun: Token) -> Frame | None:
    """ "Doe's criticism of Y": the owner holds it, the cue runs from the noun's modifiers to
    the preposition. "Doe stepped up his attacks on Y": a pronoun owner of a verb's object is
    that verb's subject, and PolNeAR's cue runs from the verb."""
    complement = _complement(noun)
    if complement is None:
        return None
    word, head = complement
    holder = next((c for c in noun.children if c.dep_ == "poss"), None)
    start = _cue_start(noun, _NOUN_LEFT_DEPS)
    verb = noun.head
    if holder is not None and holder.pos_ == "PRON" and noun.dep_ == "dobj" and _right_after(verb, holder):
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            holder, start = subject, _cue_start(verb)
    first, last = head.left_edge.i, head.right_edge.i
    cue_end = first if word not in ("that", "to") else noun.i + 1
    doc = ctx.doc
    return Frame("noun", word, holder, doc[start:cue_end], doc[first : last + 1])


def _right_after(verb: Token, word: Token) -> bool:
    """Whether `word` follows `verb` with nothing between but the verb's particles ("stepped up his")."""
    between = verb.doc[verb.i + 1 : word.i]
    return word.i > verb.i and all(t.dep_ == "prt" and t.head == verb for t in between)


class StanceFinder:
    """The stance statements of one document (none when `ctx.beliefs` is off, but for nouns
    that name words)."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx

    def find(self) -> list[Statement]:
        lexicon = self.ctx.lexicon
        statements: list[Statement] = []
        for token in self.ctx.doc:
            if token.lower_ not in lexicon.stance_words and token.lemma_.lower() not in lexicon.stance_words:
                continue
            if self.ctx.quotes.inside(token) or self.ctx.in_title(token.idx):
                continue
            frame = frame_of(self.ctx, token)
            if frame is None or not self._counts(token, frame):
                continue
            statement = self._statement(frame)
            if statement is not None:
                statements.append(statement)
        return statements

    def _counts(self, token: Token, frame: Frame) -> bool:
        lexicon = self.ctx.lexicon
        pairs = lexicon.stance_adjectives if frame.kind == "adjective" else lexicon.stance_nouns
        if (stance_word(token, frame), frame.word) not in pairs:
            return False
        holder = frame.holder
        if holder is None:
            return False
        speaks = holder.pos_ in _HOLDERS and holder.lower_ not in _NOT_HOLDERS
        return speaks and not self.ctx.quotes.inside(holder)

    def _statement(self, frame: Frame) -> Statement | None:
        content = trim_span(frame.content)
        if content is None or not has_words(content, 1) or any(self.ctx.quotes.inside(t) for t in content):
            return None
        if not self.ctx.beliefs and statement_kind(frame.cue, self.ctx.lexicon) == "thought":
            return None
        rule: Rule = "stance_adjective" if frame.kind == "adjective" else "stance_noun"
        return Statement.reported(content, rule, speaker=frame.holder, cue=frame.cue)
