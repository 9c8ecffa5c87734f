"""Whether a name the people rules found is a person's, from the evidence of the text.

The small model tags many capitalised things PERSON (a book, a lake, a library, "Howdy"), and
the rules add names it left untagged. A name stays a person when something says so: a title
or honorific, a gender the text gives, a known first name, a pronoun that refers to it, a verb
of saying it is the subject of. Without such evidence, it is no person when anything speaks
against it: another entity type on one of its mentions, a word the text also writes in lower
case ("Background", "Order"), a plural or an organisation's or place's last word, a name met
only where a capital means nothing (a heading, a sentence's first word).
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
    cues = ctx.lexicon.speech_cues
    return any(t.dep_ == "nsubj" and t.head.lemma_.lower() in cues for t in tokens)


def has_person_evidence(ctx: DocContext, person: PersonRecord, tokens: Sequence[Token]) -> bool:
    """Something in the text says that `person`, named by `tokens`, is a person: strong
    evidence, a known first name, a verb of saying it is the subject of."""
    return _said_to_be_person(person) or _first_name(person) or _speaks(ctx, tokens)


def speaks_against(ctx: DocContext, person: PersonRecord, tokens: Sequence[Token]) -> bool:
    """Something in the text says that `person` is not a person (see the module docstring)."""
    if not tokens:
        return True  # no proper noun names it ("Shobha-", a word the parser took for one)
    if any(t.ent_type_ in _OTHER_ENTITIES for t in tokens):
        return True
    if not any(t.ent_type_ == "PERSON" for t in tokens):
        return True
    lexicon = ctx.lexicon
    words = person.name_tokens
    if words[-1].lower() in lexicon.organisation_heads or words[-1].lower() in lexicon.place_heads:
        return True
    if any(t.tag_ == "NNPS" for t in tokens) or not all(w.rstrip(".").isalpha() for w in words):
        return True
    lowered = {w.lower() for w in words}
    if any(t.text in lowered for t in ctx.doc if t.is_lower):
        return True  # "Background" as a heading, "background" in the text
    return all(t.is_sent_start or t.dep_ == "ROOT" for t in tokens if t.text == words[0])


def is_person(ctx: DocContext, person: PersonRecord, tokens: Sequence[Token]) -> bool:
    """Strong evidence, or a first name that speaks, keeps a name; a name the model mostly
    tags as something else goes; then any evidence keeps it, and anything against drops it."""
    if not person.named or _said_to_be_person(person) or (_first_name(person) and _speaks(ctx, tokens)):
        return True
    others = sum(t.ent_type_ in _OTHER_ENTITIES for t in tokens)
    if not tokens or (len(tokens) > 1 and 2 * others > len(tokens)):
        return False  # named twice or more, mostly as something else
    return has_person_evidence(ctx, person, tokens) or not speaks_against(ctx, person, tokens)
