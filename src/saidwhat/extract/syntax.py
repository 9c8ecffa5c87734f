"""Small dependency-tree helpers shared by the rules: subjects, phrases, objects."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the store imports these modules without spaCy
    from spacy.tokens import Span, Token


SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_RELATIVE_TAGS = frozenset({"WDT", "WP"})
_PARTICIPLES = frozenset({"VBG", "VBN"})
SPEAKER_ENTITIES = frozenset({"PERSON", "ORG", "NORP"})  # entities that can speak
# Dependents that belong to a noun phrase's own words, not to what the phrase is attached to.
_NP_INNER_DEPS = frozenset(
    {"det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "case", "preconj"}
)
# What may stand between a subject and the noun a misread main verb hangs off (`misread_relative`)
_SUBJECT_PHRASE_DEPS = frozenset({"pobj", "prep", "appos"})


def relative_antecedent(token: Token) -> Token | None:
    """The noun a relative pronoun stands for: "a senator who said …" → senator."""
    if token.tag_ in _RELATIVE_TAGS and token.head.dep_ == "relcl":
        return token.head.head
    return None


def noun_phrase(head: Token) -> Span:
    """The words of the phrase headed by `head`, without appositions or clauses after it
    (only determiners, modifiers and compounds are taken).

    Coordinated phrases ("both X and Y") are kept whole.
    """
    doc = head.doc
    start = end = head.i
    for child in head.lefts:
        if child.dep_ in _NP_INNER_DEPS:
            start = min(start, child.left_edge.i)
    for child in head.rights:
        if child.dep_ == "conj" or child.dep_ in _NP_INNER_DEPS:
            end = max(end, child.right_edge.i)
    while start < end and doc[start].is_punct:
        start += 1
    return doc[start : end + 1]


def full_phrase(head: Token, *, outside: Sequence[tuple[int, int]] = ()) -> Span:
    """The whole phrase headed by `head`, appositions and relative clauses included
    ("Jane Doe, a spokeswoman for the council, who …"), as PolNeAR marks a Source; a
    participle set off by a comma ("Doe, speaking at a rally, …") is left out, as it does.

    A phrase that would reach into a range of `outside` (character offsets of the statement's
    cue and content: "X, who said …") is cut back to the noun phrase proper.
    """
    doc = head.doc
    stop = head.right_edge.i + 1
    for child in head.rights:  # "Doe, speaking at a rally, said": when she spoke, not who she is
        if child.dep_ == "acl" and child.tag_ in _PARTICIPLES and doc[child.left_edge.i - 1].text == ",":
            stop = min(stop, child.left_edge.i)
    if head.dep_ == "ROOT":  # "A spokesman for the party called on …": the misread verb ends it
        verb = next((t for t in doc[head.i + 1 : stop] if misread_relative(t) == head), None)
        stop = stop if verb is None else verb.left_edge.i
    start = head.left_edge.i
    while start < head.i and doc[start].ent_type_ in ("DATE", "TIME") and doc[start].dep_ == "compound":
        start += 1  # "on Tuesday Mr Doe said": the model joins the day to the name
    span = trim_span(doc[start:stop])
    if span is None or not span.start <= head.i < span.end:
        return doc[head.i : head.i + 1]
    if any(span.start_char < end and start < span.end_char for start, end in outside):
        return noun_phrase(head)
    return span


def pobj_of(prep: Token) -> Token | None:
    """The object of a preposition ("to reporters" → reporters), if the parser gave it one."""
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def conjuncts(head: Token) -> list[Token]:
    """`head` and every token coordinated with it ("both he and X" → [he, X])."""
    return [head, *head.conjuncts] if head.conjuncts else [head]


def subject_of(verb: Token) -> Token | None:
    """The subject of `verb`, inherited along conj/advcl/xcomp chains and from the verb a
    prepositional clause modifies when the verb has none ("X complained …, alleging …",
    "X left after saying …" → X alleges, X says); a participle describing a named person
    or body has that name ("the union, saying …")."""
    current: Token | None = verb
    for _ in range(4):
        if current is None:
            return None
        # Nearest word subject: the parser sometimes also files a dash as a subject.
        for child in sorted(current.children, key=lambda c: abs(c.i - verb.i)):
            if child.dep_ in ("nsubj", "csubj") and child.text[:1].isalnum():
                return child
        for child in current.children:
            if child.dep_ == "agent" and (agent := pobj_of(child)) is not None:
                return agent
        if current.dep_ in ("conj", "advcl", "xcomp") and current.head.i != current.i:
            current = current.head
        elif current.dep_ == "pcomp" and current.head.dep_ == "prep":  # "X …, after saying …"
            current = current.head.head
        elif current.dep_ == "acl" and current.tag_ == "VBG" and current.head.ent_type_ in SPEAKER_ENTITIES:
            return current.head  # "the union, saying …": the participle describes who speaks
        else:
            return None
    return None


def misread_relative(verb: Token) -> Token | None:
    """The subject of a main verb the small model reads as a relative clause: "A spokesman
    for the party called on …", "Doe, head of the union, called on …" parsed as the party (or
    Doe) "called on …" (acl), which leaves the sentence a noun for its root; that noun, before
    the verb, is the subject. A passive participle ("plans criticised by MPs") is none."""
    if verb.dep_ != "acl" or verb.tag_ not in ("VBD", "VBN") or has_subject(verb):
        return None
    if any(c.dep_ in ("agent", "auxpass") for c in verb.children):
        return None
    head = verb.head
    while head.dep_ in _SUBJECT_PHRASE_DEPS:
        head = head.head
    return head if head.dep_ == "ROOT" and head.pos_ in ("NOUN", "PROPN") and head.i < verb.i else None


def trim_span(span: Span) -> Span | None:
    """`span` without leading punctuation and spaces, and without trailing separators."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in {",", ";", ":", "—", "–", "-"}):
        end -= 1
    return doc[start:end] if end > start else None


def has_subject(verb: Token) -> bool:
    return any(c.dep_ in SUBJECT_DEPS for c in verb.children)


def clause_verb(token: Token) -> Token | None:
    """The verb of the clause `token` heads, past auxiliaries ("The fee, she added, was
    known": the parser may hang the cue off "was"); None for a noun."""
    while token.dep_ in ("aux", "auxpass") and token.head.i != token.i:
        token = token.head
    return token if token.pos_ in ("VERB", "AUX") else None


def object_of(head: Token, prepositions: tuple[str, ...]) -> Token | None:
    """The object of `head`'s first prepositional phrase led by one of `prepositions`."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in prepositions:
            return pobj_of(prep)
    return None


def phrase_head(token: Token) -> Token:
    """The head of the noun phrase `token` modifies ("Jane" of "Jane Doe" → "Doe")."""
    while token.dep_ in ("compound", "amod", "det", "poss") and token.head.i != token.i:
        token = token.head
    return token
