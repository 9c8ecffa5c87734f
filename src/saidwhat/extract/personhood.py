"""Whether a name the people rules found is a person's, from the evidence of the text.

The small model tags many capitalised things PERSON (a book, a lake, a library, "Howdy"), and
the rules add names it left untagged. A name stays a person when something says so: a title
or honorific, a gender the text gives, a known first name, a pronoun that refers to it, a verb
of saying it is the subject of. Without such evidence it is no person, even when the model
tags it PERSON: on GUM train, most names kept for want of evidence against them were places,
works and products ("We took the ferry to X"), while a person the text means to tell about
is given a first name, a title, a pronoun or words. A first name before an organisation's or
place's last word ("Katy Trail") is part of the thing's name.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from .context import DocContext
from .names import gender_of_first_name
from .person import PersonRecord

_OTHER_ENTITIES = frozenset(
    {"ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "DATE"}
)


def _said_to_be_person(person: PersonRecord) -> bool:
    """Strong evidence: a title, an honorific, a gender the text gives, a pronoun."""
    return bool(person.titles or person.honorific or person.gender_said or person.pronouns)


def _first_name(person: PersonRecord) -> bool:
    return gender_of_first_name(person.name_tokens[0]) is not None


def _speaks(ctx: DocContext, tokens: Sequence[Token]) -> bool:
    """The subject of a verb of saying, alone or with others ("Burton and Nick said")."""
    cues = ctx.lexicon.speech_cues
    subjects = (t.head if t.dep_ == "conj" else t for t in tokens)
    return any(t.dep_ == "nsubj" and t.head.lemma_.lower() in cues for t in subjects)


def _with_a_person(ctx: DocContext, tokens: Sequence[Token]) -> bool:
    """ "Dear Halvard" (a letter's salutation), "Burton and Nick" (names in a list of names)."""
    salutations = ctx.lexicon.salutations
    return any(
        (t.i > 0 and ctx.doc[t.i - 1].lower_ in salutations)
        or (t.dep_ == "conj" and t.head.pos_ == "PROPN")
        or any(c.dep_ == "conj" and c.pos_ == "PROPN" for c in t.children)
        for t in tokens
    )


def has_person_evidence(ctx: DocContext, person: PersonRecord, tokens: Sequence[Token]) -> bool:
    """Something in the text says that `person`, named by `tokens`, is a person: strong
    evidence, a known first name (not a lone first name met once: "Katie" of a shop, "Dean" of a
    signature), a verb of saying it is the subject of."""
    named_more = len(person.name_tokens) > 1 or len(tokens) > 1 or _with_a_person(ctx, tokens)
    return _said_to_be_person(person) or (_first_name(person) and named_more) or _speaks(ctx, tokens)


def _named_like_a_thing(ctx: DocContext, person: PersonRecord) -> bool:
    """An organisation's or place's last word ("Katy Trail", "Hakim Mosque"): a first name
    before it is part of the thing's name."""
    last, lexicon = person.name_tokens[-1].lower(), ctx.lexicon
    return last in lexicon.organisation_heads or last in lexicon.place_heads


def is_person(ctx: DocContext, person: PersonRecord, tokens: Sequence[Token]) -> bool:
    """Strong evidence, or a first name that speaks, keeps a name; a name the model mostly
    tags as something else goes; then a name needs evidence, and no thing's last word."""
    if not person.named or _said_to_be_person(person) or (_first_name(person) and _speaks(ctx, tokens)):
        return True
    others = sum(t.ent_type_ in _OTHER_ENTITIES for t in tokens)
    if not tokens or (len(tokens) > 1 and 2 * others > len(tokens)):
        return False  # named twice or more, mostly as something else
    return has_person_evidence(ctx, person, tokens) and not _named_like_a_thing(ctx, person)
