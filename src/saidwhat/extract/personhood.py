"""Whether a name the people rules found is a person's, from the evidence of the text.

The small model tags many capitalised things PERSON (a book, a lake, a library, "Howdy"), and
the rules add names it left untagged. A name stays a person when something says so: a title
or honorific, a gender the text gives, a known first name, a pronoun that refers to it, a verb
of saying it is the subject of. Without such evidence it is no person, even when the model
tags it PERSON: on GUM train, most names kept for want of evidence against them were places,
works and products ("We took the ferry to X"), while a person the text means to tell about
is given a first name, a title, a pronoun or words. A first name before an organisation's or
place's last word ("Katy Trail") is part of the thing's name.

Some evidence outweighs a first name, a verb of saying and the pronouns coreference gave: a
name is no person's when it names a body (a party or its members, "Lib Dems", "the Tories",
"MPs"), or when the text uses it as it uses an organisation's
("Doe Holdings shares", "shares in Doe", "an analyst at Doe", "Doe, the oil firm", "Doe said
its profits rose"). Only a title or an honorific ("Mr Doe") outweighs that. A lone word that
only speaks ("Doe said") is no person either: news introduces a person with a first name, a
title or a pronoun, and on BBC business news a lone speaking word is mostly a company.
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


def _said_to_be_person(ctx: DocContext, person: PersonRecord) -> bool:
    """Strong evidence: a title, an honorific, a gender the text gives, a pronoun."""
    return _titled(ctx, person) or bool(person.gender_said or person.pronouns)


def _titled(ctx: DocContext, person: PersonRecord) -> bool:
    """An honorific, or a title whose last word is a title or a person noun ("Russian
    President", "the actor"), not any noun before the name ("exchange operator Doe")."""
    lexicon = ctx.lexicon
    last_words = (t.split()[-1].lower() for t in person.titles)
    return bool(person.honorific) or any(lexicon.is_title(w) or w in lexicon.person_nouns for w in last_words)


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
    speaks = _speaks(ctx, tokens) and (len(person.name_tokens) > 1 or _with_a_person(ctx, tokens))
    return _said_to_be_person(ctx, person) or (_first_name(person) and named_more) or speaks


def _names_a_body(ctx: DocContext, person: PersonRecord, tokens: Sequence[Token]) -> bool:
    """A party or its members ("Labour", "Lib Dems", "MPs"), or a plural name after "the" ("the
    Millers"): a body, not a person."""
    lexicon, words = ctx.lexicon, [w.lower() for w in person.name_tokens if w.isalpha()]
    if words and all(w in lexicon.affiliation_words for w in words):
        return True
    if len(words) == 1 and words[0].endswith("s") and lexicon.is_title(words[0][:-1]):
        return True  # "MPs", "Senators"
    doc, roots = ctx.doc, [(t, _name_root(t)) for t in tokens]
    # the plural is the name's own last word, not a thing's the name modifies ("the Doe Polaroids")
    return any(
        t.i > 0 and doc[t.i - 1].lower_ == "the" and root.text in person.name_tokens and _plural(root)
        for t, root in roots
    )


def _name_root(token: Token) -> Token:
    """The last word of the name `token` is in ("Lib" → "Dems")."""
    while token.dep_ == "compound" and token.head.pos_ == "PROPN" and token.head.i > token.i:
        token = token.head
    return token


def _plural(token: Token) -> bool:
    return token.tag_ == "NNPS" or (token.lower_.endswith("s") and not token.lower_.endswith("ss"))


def _used_like_an_organisation(ctx: DocContext, tokens: Sequence[Token]) -> bool:
    """The text treats the name as an organisation's: it modifies or owns an organisation's
    affairs ("Doe shares", "the Doe boss", "Doe's share price"), they are in it ("shares in
    Doe"), a role is at or of it ("an analyst at Doe", "chief executive of Doe"), it is said to
    be a company ("Doe, the oil firm") or owns with "its" ("Doe said its profits rose")."""
    lexicon = ctx.lexicon
    affairs = lexicon.organisation_attributes
    for token in tokens:
        head = token.head
        if token.dep_ == "compound" and head.pos_ == "NOUN" and head.lower_ in affairs:
            return True
        if token.dep_ == "poss" and _owned_by_an_organisation(ctx, head):
            return True
        if token.dep_ == "pobj" and head.dep_ == "prep" and head.head.i != token.i:
            owner = head.head
            if head.lower_ == "in" and owner.lower_ in affairs:
                return True
            if head.lower_ in ("at", "of") and owner.pos_ == "NOUN" and lexicon.is_title(owner.lemma_):
                return True
        appositions = [c for c in token.children if c.dep_ == "appos"]
        appositions += [head] if token.dep_ == "appos" else []
        nouns = lexicon.organisation_nouns
        if any(a.pos_ == "NOUN" and a.lemma_.lower() in nouns and _next_to(token, a) for a in appositions):
            return True
        if token.dep_ == "nsubj" and _owns_with_its(token):
            return True
    return False


def _owned_by_an_organisation(ctx: DocContext, noun: Token) -> bool:
    """ "(Doe's) shares", "(Doe's) share price": what only an organisation owns."""
    possessions = ctx.lexicon.organisation_possessions
    share = any(c.dep_ == "compound" and c.lower_ == "share" for c in noun.children)
    return noun.lower_ in possessions or share


def _owns_with_its(subject: Token) -> bool:
    """The first third-person possessive after `subject` in its clause is "its", with no
    singular noun between that "its" could refer to ("Doe urged the council to press its case")."""
    for token in subject.head.subtree:
        if token.i <= subject.i:
            continue
        if token.tag_ in ("NN", "NNP") and token.dep_ != "compound":
            return False
        if token.dep_ == "poss" and token.pos_ == "PRON":
            return token.lower_ == "its"
    return False


def _next_to(token: Token, apposition: Token) -> bool:
    """An apposition that follows the name at once ("Doe, the oil firm") or that the name
    follows at once ("the oil firm Doe"), not one the parser hung on it from further away."""
    if apposition.i > token.i:
        return apposition.left_edge.i <= token.i + 2
    return apposition.right_edge.i >= token.i - 2


def _named_like_a_thing(ctx: DocContext, person: PersonRecord) -> bool:
    """An organisation's or place's last word ("Katy Trail", "Hakim Mosque"): a first name
    before it is part of the thing's name."""
    last, lexicon = person.name_tokens[-1].lower(), ctx.lexicon
    return last in lexicon.organisation_heads or last in lexicon.place_heads


def named_like_a_thing(ctx: DocContext, person: PersonRecord) -> bool:
    """A thing's last word ("Katy Trail", "the Doe Plan") with nothing said of a person: no
    title, honorific or gender from the text. Such a name takes no pronoun (`coref.py`)."""
    return _named_like_a_thing(ctx, person) and not (_titled(ctx, person) or person.gender_said)


def is_person(ctx: DocContext, person: PersonRecord, tokens: Sequence[Token]) -> bool:
    """A body's name, or one used like an organisation's, goes unless titled; strong evidence,
    or a first name that speaks, keeps a name; a name the model mostly tags as something else
    goes; then a name needs evidence, and no thing's last word."""
    if not person.named:
        return True
    against = _names_a_body(ctx, person, tokens) or _used_like_an_organisation(ctx, tokens)
    if against and not _titled(ctx, person):
        return False
    if named_like_a_thing(ctx, person):
        return False
    if _said_to_be_person(ctx, person) or (_first_name(person) and _speaks(ctx, tokens)):
        return True
    others = sum(t.ent_type_ in _OTHER_ENTITIES for t in tokens)
    if not tokens or (len(tokens) > 1 and 2 * others > len(tokens)):
        return False  # named twice or more, mostly as something else
    return has_person_evidence(ctx, person, tokens) and not _named_like_a_thing(ctx, person)
