"""Cross-article person identity: "Jane Doe", "President Doe" and "Doe" are one person.

Within an article the extractor already merges a person's mentions; across articles
only names are left. Every name is reduced to a key, `surname|given` ("doe|jane",
"doe|j" for an initial, "doe|" for the surname alone, "doe||f" for "Mrs Doe",
titles dropped), and the keys sharing a surname are resolved together:

- equal full given names are one person;
- an initial joins the person whose given name it starts, a bare surname joins the
  person of that surname, if their genders do not conflict ('Mrs Howard' is not
  Michael Howard); when several fit, the one named in most articles wins (news names
  the prominent Doe without a first name), and the evidence says so;
- a key that fits nobody is a person of its own.

Resolution depends only on the set of keys and their article counts, never on the
order articles arrived in, so a resumed or parallel ingest builds the same people.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..lexicon import load_lexicon

_TOKEN = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
_POSSESSIVE = re.compile(r"['’]s?$")
MAX_TITLE_WORDS = 3


@dataclass(frozen=True, slots=True)
class NameKey:
    """A name reduced to what identifies a person across articles.

    A bare surname keeps the gender of its honorific ("Mrs Howard" → howard||f), so that
    Mr and Mrs Howard of different articles stay apart.
    """

    surname: str
    given: str = ""  # "" for a bare surname, one letter for an initial
    gender: str | None = None  # "male" or "female", only with a bare surname

    @property
    def key(self) -> str:
        mark = f"|{self.gender[0]}" if self.gender and not self.given else ""
        return f"{self.surname}|{self.given}{mark}"

    @classmethod
    def parse(cls, key: str) -> NameKey:
        surname, given, *mark = key.split("|")
        gender = {"m": "male", "f": "female"}.get(mark[0]) if mark else None
        return cls(surname, given, gender)

    def fits(self, given: str) -> bool:
        """Could a person with this full `given` name be meant by this key?"""
        return not self.given or given == self.given or (len(self.given) == 1 and given[0] == self.given)


@dataclass(frozen=True, slots=True)
class NameUse:
    """One name key as the store uses it: how many articles, under which names and genders."""

    key: NameKey
    articles: int
    names: Counter[str]
    genders: Counter[str]
    peer: bool = False  # some article gave this full name a peer's title ("Lord Jane Doe")


@dataclass(frozen=True, slots=True)
class Identity:
    """One person across articles; `id` is the name key of the full name that defines them."""

    id: str
    surname: str
    name: str
    gender: str | None


@dataclass(frozen=True, slots=True)
class Alias:
    """A name key linked to a person, and why."""

    key: str
    surname: str
    person_id: str
    articles: int
    evidence: str


@cache
def _titles() -> frozenset[tuple[str, ...]]:
    lexicon = load_lexicon()
    words = lexicon.titles | lexicon.male_words | lexicon.female_words | lexicon.honorifics
    words |= lexicon.name_leading_words
    return frozenset(tuple(_TOKEN.findall(_fold(word))) for word in words)


@cache
def _naming() -> frozenset[str]:
    """Words after which a single word is a name: honorifics and naming titles ("Sir")."""
    lexicon = load_lexicon()
    return lexicon.honorifics | lexicon.naming_titles


@cache
def _given_name(word: str) -> str:
    """`Lexicon.given_name`, which scans the variants' table, asked again for every batch's names."""
    return load_lexicon().given_name(word)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def name_key(name: str, titles: Sequence[str] = ()) -> NameKey | None:
    """'Deputy Prime Minister John Prescott' → prescott|john; None when only titles are left.

    Everything up to the last title before the surname goes: departments and modifiers
    stand before the title ("Trade and Industry Secretary", "former Chancellor"). A surname
    alone under a peer's title (in the name or in `titles`: "Lord Doe") keeps the title as its
    given name, doe|lord: a peer is named by the title, so "Lord Doe" is no "Jane Doe" of
    another article.
    """
    lexicon = load_lexicon()
    if lexicon.role_of(name) is not None:  # "Lord Chancellor", "the Premier": a role, no one's name
        return None
    tokens = [_POSSESSIVE.sub("", token) for token in _TOKEN.findall(_fold(name))]
    tokens = [token for token in tokens if token]
    while len(tokens) > 1 and tokens[-1] in lexicon.name_suffixes:
        tokens.pop()
    known = _titles()
    cut = 0
    for start in range(len(tokens) - 1):
        for size in range(1, MAX_TITLE_WORDS + 1):
            if start + size < len(tokens) and tuple(tokens[start : start + size]) in known:
                cut = max(cut, start + size)
    named = cut > 0 and tokens[cut - 1] in _naming()  # "Mr King" is a name, "the Chancellor" is not
    gender = _honorific_gender(tokens[:cut])
    peers = [word for word in tokens[:cut] if word in lexicon.peerage_titles] or peer_titles(titles)
    del tokens[:cut]
    if not tokens or (len(tokens) == 1 and (tokens[0],) in known and not named):
        return None
    if len(tokens) > 1:
        return NameKey(surname=tokens[-1], given=tokens[0])
    if peers:
        return NameKey(surname=tokens[0], given=peers[-1])
    return NameKey(surname=tokens[0], gender=gender)


def peer_titles(titles: Sequence[str]) -> list[str]:
    """The peer's titles among a person's titles: "Lord", "Attorney General Lord" → ["lord"]."""
    lexicon = load_lexicon()
    last = [_fold(title).split()[-1] for title in titles if title.strip()]
    return [word for word in last if word in lexicon.peerage_titles]


def _honorific_gender(words: list[str]) -> str | None:
    lexicon = load_lexicon()
    genders = {"male" for word in words if word in lexicon.male_words}
    genders |= {"female" for word in words if word in lexicon.female_words}
    return genders.pop() if len(genders) == 1 else None


def resolve(uses: Sequence[NameUse]) -> tuple[list[Identity], list[Alias]]:
    """The people the name keys stand for, and the alias of every key; surnames never mix."""
    people: list[Identity] = []
    aliases: list[Alias] = []
    by_surname: dict[str, list[NameUse]] = {}
    for use in sorted(uses, key=lambda use: (use.key.surname, -use.articles, use.key.key)):
        by_surname.setdefault(use.key.surname, []).append(use)
    for group in by_surname.values():
        found, linked = _resolve_surname(group)
        people.extend(found)
        aliases.extend(linked)
    return people, aliases


def _resolve_surname(uses: list[NameUse]) -> tuple[list[Identity], list[Alias]]:
    """`uses` share a surname and come most-used first."""
    lexicon = load_lexicon()
    peerage = lexicon.peerage_titles
    members: dict[str, list[NameUse]] = {}
    aliases: list[Alias] = []
    for use in (use for use in uses if len(use.key.given) > 1 and use.key.given not in peerage):
        variant = next(  # "Vince Doe" joins "Vincent Doe" (a data table), unless their genders differ
            (
                group
                for group in members.values()
                if _given_name(group[0].key.given) == _given_name(use.key.given)
                and _same_gender(use, group[0])
            ),
            None,
        )
        if variant is None:
            members[use.key.key] = [use]
            aliases.append(_alias(use, use.key.key, "full name"))
        else:
            aliases.append(_alias(use, variant[0].key.key, f"given-name variant of {_display(variant[0])}"))
            variant.append(use)
    for use in (use for use in uses if use.key.given in peerage):  # "Lord Doe"
        titled = [group for group in members.values() if group[0].peer]
        if len(titled) == 1:
            name = _display(titled[0][0])
            aliases.append(_alias(use, titled[0][0].key.key, f"peer's title; the only {name} so titled"))
            titled[0].append(use)
        else:
            members[use.key.key] = [use]
            aliases.append(_alias(use, use.key.key, "peer's title; no full name of this surname so titled"))
    # Initials before bare surnames: 'J. Doe' may found a person that 'Doe' then joins.
    partial = sorted((use for use in uses if len(use.key.given) <= 1), key=lambda use: not use.key.given)
    for use in partial:
        candidates = [
            group
            for group in members.values()
            if use.key.fits(group[0].key.given) and _same_gender(use, group[0])
        ]
        if not candidates:
            members[use.key.key] = [use]
            aliases.append(_alias(use, use.key.key, "no fuller name of this surname in the store"))
            continue
        chosen = min(candidates, key=lambda group: (-group[0].articles, group[0].key.key))
        aliases.append(_alias(use, chosen[0].key.key, _evidence(use.key, chosen[0], len(candidates))))
        chosen.append(use)
    return [_identity(group) for group in members.values()], aliases


def _gender(use: NameUse) -> str | None:
    if use.key.gender:
        return use.key.gender
    return _most_common(use.genders)


def _most_common(counts: Counter[str]) -> str | None:
    """`counts.most_common(1)`'s key (the first named of equal counts) without its heap: resolving
    a batch's surnames asks it of every name key (a quarter of `resolve`'s time)."""
    return max(counts, key=counts.__getitem__) if counts else None


def _same_gender(use: NameUse, founder: NameUse) -> bool:
    """'Mrs Howard' is not Michael Howard; an unknown gender fits either."""
    mine, theirs = _gender(use), _gender(founder)
    return mine is None or theirs is None or mine == theirs


def _evidence(key: NameKey, founder: NameUse, candidates: int) -> str:
    what = f"initial {key.given.upper()}." if key.given else "surname only"
    name = _display(founder)
    if candidates == 1:
        return f"{what}; the only fitting person: {name}"
    return f"{what}; {candidates} fitting people, chose {name}, named in most articles ({founder.articles})"


def _alias(use: NameUse, person_id: str, evidence: str) -> Alias:
    return Alias(use.key.key, use.key.surname, person_id, use.articles, evidence)


def _identity(group: list[NameUse]) -> Identity:
    genders = group[0].genders
    if len(group) > 1:
        genders = Counter()
        for use in group:
            genders.update(use.genders)
    gender = _most_common(genders)
    founder = group[0].key
    return Identity(id=founder.key, surname=founder.surname, name=_display(group[0]), gender=gender)


def _display(founder: NameUse) -> str:
    """The name most often used with the defining key, e.g. 'Jane Doe' rather than 'Doe'."""
    name, _ = min(founder.names.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))
    return name


def speaker_hash(*, key: str | None = None, name: str | None = None) -> int:
    """A BIGINT for a person's name key or a group's words: scanning a million integers for a
    speaker takes milliseconds, comparing a million strings tens of them."""
    text = f"key:{key}" if key is not None else f"name:{' '.join((name or '').casefold().split())}"
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big", signed=True)


def fitting_keys(key: NameKey, aliases: Sequence[tuple[str, str, str | None]]) -> list[str]:
    """Of (name key, person id, gender) rows of one surname, the name keys of every person `key`
    can mean: given names that fit (equal, one missing, or an initial) and no other gender."""
    people = {
        person
        for _, person, gender in aliases
        if _compatible(key.given, NameKey.parse(person).given)
        and (key.gender is None or gender is None or key.gender == gender)
    }
    return sorted(name_key for name_key, person, _ in aliases if person in people)


def _compatible(given: str, other: str) -> bool:
    """Given names that can mean the same person: equal, variants (Vince, Vincent), one missing,
    or an initial of the other."""
    lexicon = load_lexicon()
    if not given or not other or lexicon.given_name(given) == lexicon.given_name(other):
        return True
    return (len(given) == 1 and other.startswith(given)) or (len(other) == 1 and given.startswith(other))
