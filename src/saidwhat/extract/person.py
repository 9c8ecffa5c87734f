"""One person of an article as the people rules build it, and one resolved mention of them:
the records `people.py` (names), `coref.py` (pronouns, role nouns) and `deixis.py` (I, we,
you) share."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..types import Gender, Person
from .names import display_name, gender_of_first_name
from .syntax import SUBJECT_DEPS

if TYPE_CHECKING:  # annotations only: the store imports these modules without spaCy
    from spacy.tokens import Token

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "themselves"})
FIRST_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves"})


def pronoun_gender(token: Token) -> Gender | None:
    low = token.lower_
    if low in MALE_PRONOUNS:
        return "male"
    return "female" if low in FEMALE_PRONOUNS else None


@dataclass(slots=True)
class PersonRecord:
    name_tokens: list[str]
    titles: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    gender: Gender | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    first: int = 0
    id: str = ""
    honorific: str | None = None  # "Ms" of "Ms Doe": her name when the text gives no other
    # Whether the gender was said by the text ("Ms", "spokeswoman") rather than guessed from a
    # first name: only a said gender is never overruled by the pronouns that refer to the person.
    gender_said: bool = False
    pronouns: Counter[Gender] = field(default_factory=Counter)  # the he/she resolved to them
    named: bool = True  # False: "I" of a first-person text, "you" it speaks to, "we"
    roles: list[str] = field(default_factory=list)  # canonical roles the article says they hold

    @property
    def name(self) -> str:
        if not self.named:
            return ""
        if self.honorific and len(self.name_tokens) == 1:
            return f"{display_name(self.honorific)} {self.name_tokens[0]}"
        return " ".join(self.name_tokens)

    def add_unique(self, target: list[str], value: str) -> None:
        if value and value.lower() not in {v.lower() for v in target}:
            target.append(value)

    def say_gender(self, gender: Gender | None) -> None:
        if gender is not None:
            self.gender, self.gender_said = gender, True

    def other_gender(self, gender: Gender | None) -> bool:
        """Whether an honorific's `gender` says this is someone else: a gender the text gave
        them, or a first name of one gender only ("Jenna", not "Leslie")."""
        if gender is None:
            return False
        if self.gender_said:
            return self.gender != gender
        first = self.name_tokens[0] if len(self.name_tokens) > 1 else ""
        return gender_of_first_name(first, definite=True) not in (None, gender)

    def to_model(self) -> Person:
        return Person(
            id=self.id,
            name=self.name,
            titles=[display_name(t) for t in self.titles],
            affiliations=[display_name(a) for a in self.affiliations],
            gender=self.gender,
            mentions=sorted(set(self.mentions)),
            named=self.named,
            roles=list(self.roles),
        )


@dataclass(frozen=True, slots=True)
class Mention:
    """A resolved mention that later pronouns may refer back to."""

    token: int
    sentence: int
    rank: int
    person: PersonRecord


def role_rank(token: Token) -> int:
    """Salience of a mention by its grammatical role: main-clause subjects first."""
    if token.dep_ == "conj":
        token = token.head
    if token.dep_ in SUBJECT_DEPS:
        return 0 if token.head.dep_ == "ROOT" else 1
    if token.dep_ in ("dobj", "attr", "appos", "dative"):
        return 2
    if token.dep_ == "poss":
        return 4
    return 3
