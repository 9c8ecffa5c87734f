"""The word lists the rules consult, loaded once from `data/lexicon.toml`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Lexicon:
    speech_cues: frozenset[str]
    belief_cues: frozenset[str]
    quote_only_cues: frozenset[str]
    infinitive_cues: frozenset[str]
    object_cues: frozenset[str]
    preposition_cues: frozenset[tuple[str, str]]
    preposition_verbs: frozenset[str]
    cue_nouns: frozenset[str]
    according: tuple[str, ...]
    not_labels: frozenset[str]
    group_nouns: frozenset[str]
    relational_nouns: frozenset[str]
    titles: frozenset[str]
    honorifics: frozenset[str]
    organisation_heads: frozenset[str]
    male_words: frozenset[str]
    female_words: frozenset[str]
    not_places: frozenset[str]

    def is_title(self, words: str) -> bool:
        return words.lower().rstrip(".") in self.titles

    def is_honorific(self, word: str) -> bool:
        return word.lower().rstrip(".") in self.honorifics

    def gender_of(self, word: str) -> str | None:
        """ "male" for "Mr" or "spokesman", "female" for "Ms" or "queen", else None."""
        low = word.lower()
        if low in self.male_words:
            return "male"
        return "female" if low in self.female_words else None


@cache
def load_lexicon() -> Lexicon:
    raw = tomllib.loads(resources.files("saidwhat").joinpath("data/lexicon.toml").read_text("utf-8"))

    def words(section: str, key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in raw[section][key])

    pairs = [phrase.split(" ", 1) for phrase in words("cues", "preposition")]
    return Lexicon(
        speech_cues=words("cues", "speech"),
        belief_cues=words("cues", "belief"),
        quote_only_cues=words("cues", "quote_only"),
        infinitive_cues=words("cues", "infinitive"),
        object_cues=words("cues", "object"),
        preposition_cues=frozenset((verb, prep) for verb, prep in pairs),
        preposition_verbs=frozenset(verb for verb, _ in pairs),
        cue_nouns=words("cues", "nouns"),
        according=tuple(raw["cues"]["according"]),
        not_labels=words("cues", "not_labels"),
        group_nouns=words("speakers", "groups"),
        relational_nouns=words("speakers", "relational"),
        titles=words("titles", "words"),
        honorifics=words("titles", "honorifics"),
        organisation_heads=words("titles", "organisation_heads"),
        male_words=words("titles", "male"),
        female_words=words("titles", "female"),
        not_places=words("places", "not_places"),
    )
