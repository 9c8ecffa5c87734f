"""Role nouns: which person of the article holds which role, and whom a role noun means.

The evidence is what the name rules already read around a name: a title before it ("Prime
Minister Jane Doe", "Tory leader Jane Doe") or a role in apposition ("the chancellor, Jane Doe";
"Jane Doe, the chancellor,"), with the party or country word before it. The `[roles]` table of
the lexicon turns those words into one canonical role ("premier" = "prime minister", "Tory
leader" = "Conservative leader"). A role noun ("the prime minister said", "the premier") then
refers to the article's person who holds that role; with none, the store may know the holder
from other articles (store/roles.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..lexicon import Lexicon
from .person import Mention, PersonRecord

if TYPE_CHECKING:  # annotations only: the store imports these modules without spaCy
    from spacy.tokens import Token

_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
_QUALIFIER_ENTS = frozenset({"NORP", "GPE"})  # "the Russian president", "Britain's prime minister"
_NOT_REFERRING = frozenset({"compound", "appos", "attr", "conj", "npadvmod"})  # "is the premier"


@dataclass(frozen=True, slots=True)
class Role:
    """A canonical role and the country it is of, when the text says ("russian", "president")."""

    name: str
    qualifier: str = ""

    def __str__(self) -> str:
        return f"{self.qualifier} {self.name}" if self.qualifier else self.name

    def covers(self, other: Role, country: Callable[[str], str] = str.lower) -> bool:
        """Whether a holder of `self` is meant by a role noun for `other` within one article ("the
        president" means the Russian president; "the Russian president" does not mean the French
        one, but may mean a "President Doe" of no country said). `country` names a qualifier's
        country ("russian" → "russia", `Lexicon.country_of`)."""
        mine, theirs = country(self.qualifier), country(other.qualifier)
        return self.name == other.name and (not mine or theirs in ("", mine))


def held_roles(lexicon: Lexicon, titles: Sequence[str], affiliations: Sequence[str]) -> list[Role]:
    """The roles a person's titles and affiliations name: "leader" with "Tory" is the Conservative
    leader; "President" with "Russian" (no party word) is the president of that country."""
    found: list[Role] = []
    for title in titles:
        # "Tory" + "leader"; "State for Culture" + "Secretary" ("Secretary of State for Culture")
        combined = [
            lexicon.role_of(words) for a in affiliations for words in (f"{a} {title}", f"{title} of {a}")
        ]
        roles = [Role(r) for r in combined if r is not None]
        role = lexicon.role_of(title)
        if not roles and role is not None:
            countries = [
                a.lower() for a in affiliations if a.split()[0].lower() not in lexicon.affiliation_words
            ]
            roles = [Role(role, c) for c in countries] or [Role(role)]
        found.extend(r for r in roles if r not in found)
    return found


def named_role(lexicon: Lexicon, words: str) -> Role | None:
    """The role a group speaker's stored words name ("prime minister", "Russian president"): a
    role of the table, or one after a single qualifying word."""
    role = lexicon.role_of(words)
    if role is not None:
        return Role(role)
    first, _, rest = words.strip().partition(" ")
    country = (
        first[:1].isupper() and first.lower() not in lexicon.affiliation_words | lexicon.name_leading_words
    )
    role = lexicon.role_of(rest) if rest and country else None
    return Role(role, first.lower()) if role is not None else None


def noun_role(lexicon: Lexicon, noun: Token) -> Role | None:
    """The role a definite role noun names ("the prime minister", "the Tory leader", "the leader
    of the Conservatives", "the Russian president"), or None: a predicate, a plural, a phrase
    with a word the table does not know ("the former premier")."""
    if noun.pos_ not in ("NOUN", "PROPN") or noun.tag_ in ("NNS", "NNPS") or noun.dep_ in _NOT_REFERRING:
        return None
    determiner = next((c for c in noun.lefts if c.dep_ in ("det", "poss")), None)
    if determiner is None:
        return None
    qualifiers = [determiner] if determiner.dep_ == "poss" and determiner.ent_type_ in _QUALIFIER_ENTS else []
    if (determiner.dep_ == "det" and determiner.lower_ != "the") or (
        determiner.dep_ == "poss" and not qualifiers
    ):
        return None
    modifiers = [c for c in noun.lefts if c.dep_ in _MODIFIER_DEPS and c.i > determiner.i]
    words = [*modifiers, noun]
    of = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    tail = " ".join(t.text for t in of.subtree) if of is not None else ""
    role = lexicon.role_of(" ".join([*(t.text for t in words), tail]))
    if role is not None:
        return Role(role, _qualifier(qualifiers))
    while words and words[0].ent_type_ in _QUALIFIER_ENTS:  # "the Russian president"
        qualifiers.append(words.pop(0))
    role = lexicon.role_of(" ".join([*(t.text for t in words), tail])) if qualifiers else None
    return Role(role, _qualifier(qualifiers)) if role is not None else None


def _qualifier(tokens: Sequence[Token]) -> str:
    return " ".join(t.text.lower().removesuffix("'s").removesuffix("’s") for t in tokens)


class RoleHolders:
    """The roles of an article's persons, and the holder a role noun refers to."""

    def __init__(self, lexicon: Lexicon, persons: list[PersonRecord]) -> None:
        self.lexicon = lexicon
        self.persons = persons  # the caller's list: a person dropped later is no holder
        self._roles = {id(p): held_roles(lexicon, p.titles, p.affiliations) for p in persons}
        for person in persons:
            person.roles = [str(r) for r in self._roles[id(person)]]

    def claims(self, noun: Token) -> bool:
        """Whether `noun` names a role of the table: then only its holder can be meant (a former
        prime minister titled "minister" is not "the prime minister"), or no one in the article."""
        return noun_role(self.lexicon, noun) is not None

    def referent(self, noun: Token, mentions: Sequence[Mention]) -> PersonRecord | None:
        """The person holding the role `noun` names: the one mentioned last before it, else the
        only holder of the article; None when no one (or several, none earlier) holds it."""
        role = noun_role(self.lexicon, noun)
        if role is None:
            return None
        country = self.lexicon.country_of
        holders = [
            p for p in self.persons if any(r.covers(role, country) for r in self._roles.get(id(p), ()))
        ]
        earlier = [m.person for m in mentions if m.token < noun.i and any(m.person is h for h in holders)]
        if earlier:
            return earlier[-1]
        return holders[0] if len(holders) == 1 else None
