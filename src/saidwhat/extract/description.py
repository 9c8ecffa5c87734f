"""What the words around a name say of the person: titles and affiliations before it ("Russian
President Jane Doe", "Tory Jane Doe"), a country after it ("Doe of Russia"), a role in
apposition ("Jane Doe, a spokeswoman for the council"), and the gender such words give."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .context import DocContext
from .person import PersonRecord

AFFILIATION_ENTS = frozenset({"NORP", "GPE", "ORG"})


def describe(ctx: DocContext, person: PersonRecord, ent: Span) -> None:
    """Titles, affiliations and gender from the words before a name ("Russian President
    Jane Doe") and from a role in apposition ("Jane Doe, a spokeswoman for X")."""
    title: list[str] = []
    for token in reversed(ctx.doc[max(ent.start - 5, 0) : ent.start]):
        attached = token.head.i in range(ent.start, ent.end) or (
            token.dep_ in ("compound", "amod", "nmod") and token.head.head.i in range(ent.start, ent.end)
        )
        if not attached or token.dep_ in ("det", "poss", "case", "punct"):
            break
        low = token.lower_.rstrip(".")
        gender = ctx.lexicon.gender_of(low)
        if gender is not None:
            person.say_gender(gender)
            if not ctx.lexicon.is_title(low):
                continue
        if token.ent_type_ in AFFILIATION_ENTS:
            person.add_unique(person.affiliations, entity_text(ctx.doc, token))
        elif token.pos_ in ("NOUN", "PROPN") or ctx.lexicon.is_title(token.text):
            title.insert(0, token.text.rstrip("."))
    if title and (ctx.lexicon.is_title(title[-1]) or ctx.doc[ent.start - 1].pos_ == "NOUN"):
        person.add_unique(person.titles, " ".join(title))
    head = ent.root
    # "Doe of Russia": a place the model tags, or a country of the lexicon ("France")
    for of in (c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"):
        for place in (o for o in of.children if o.dep_ == "pobj"):
            if place.ent_type_ == "GPE" or ctx.lexicon.is_country(place.text):
                person.add_unique(person.affiliations, entity_text(ctx.doc, place))
    roles = [c for c in head.children if c.dep_ == "appos"] + ([head.head] if head.dep_ == "appos" else [])
    for role in roles:
        _describe_by_role_noun(ctx, person, role)


def _describe_by_role_noun(ctx: DocContext, person: PersonRecord, noun: Token) -> None:
    """ "Jane Doe, a spokeswoman for the council" → title and affiliation."""
    modifiers = [
        c for c in noun.lefts if c.dep_ in ("amod", "compound") and c.ent_type_ not in AFFILIATION_ENTS
    ]
    title = " ".join(t.text for t in [*modifiers, noun])
    if not any(ctx.lexicon.is_title(words) for words in (noun.lemma_, noun.text, title)):
        return
    person.add_unique(person.titles, title)
    person.say_gender(ctx.lexicon.gender_of(noun.lower_))
    for child in noun.children:
        objects = [child]
        if child.dep_ == "prep" and child.lower_ in ("for", "of", "at"):
            objects = [o for o in child.children if o.dep_ == "pobj"]
        for obj in objects:
            if obj.ent_type_ in AFFILIATION_ENTS:
                person.add_unique(person.affiliations, entity_text(ctx.doc, obj))


def entity_text(doc: Doc, token: Token) -> str:
    """The words of the entity `token` is in ("Russia", "the United States")."""
    ent = next((e for e in doc.ents if e.start <= token.i < e.end), None)
    return (ent.text if ent else token.text).strip()
