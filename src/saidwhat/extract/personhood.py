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


def has_person_evidence(ctx: DocContext, person: PersonRecord, tokens: Sequence[Token]) -> bool:
    """Something in the text says that `person`, named by `tokens`, is a person."""
    if person.titles or person.honorific or person.gender_said or person.pronouns:
        return True
    if gender_of_first_name(person.name_tokens[0]) is not None:
        return True
    cues = ctx.lexicon.speech_cues
    return any(t.dep_ == "nsubj" and t.head.lemma_.lower() in cues for t in tokens)


def speaks_against(ctx: DocContext, person: PersonRecord, tokens: Sequence[Token]) -> bool:
    """Something in the text says that `person` is not a person (see the module docstring)."""
    if not tokens:
        return False
    if any(t.ent_type_ in _OTHER_ENTITIES for t in tokens) or not any(
        t.ent_type_ == "PERSON" for t in tokens
    ):
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
    if not person.named:
        return True
    return has_person_evidence(ctx, person, tokens) or not speaks_against(ctx, person, tokens)
