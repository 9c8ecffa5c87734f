"""The word lists the rules consult: data in `data/lexicon.toml` (or a file of the same shape
given as the `lexicon` setting of the `saidwhat_quotes` component), loaded once per file."""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import LexiconError
from .types import Gender, StatementKind

# Lists of phrases; every other list holds single words, since the rules compare one token.
_PHRASE_LISTS = frozenset(
    {
        ("cues", "preposition"),
        ("cues", "belief_preposition"),
        ("cues", "according"),
        ("statements", "connectives"),
        ("titles", "words"),
        ("times", "past"),
        ("times", "future"),
        ("times", "modifiers"),
        ("times", "future_markers"),
        ("dates", "publication_labels"),
        ("roles", "article_only"),
        ("stances", "adjectives"),
        ("stances", "nouns"),
    }
)


@dataclass(frozen=True, slots=True)
class Lexicon:
    speech_cues: frozenset[str]
    belief_cues: frozenset[str]  # beliefs and stances: `thought` (see cue_kind)
    belief_prepositions: frozenset[tuple[str, str]]  # "believes in", "sees it as"
    quote_only_cues: frozenset[str]
    infinitive_cues: frozenset[str]
    object_cues: frozenset[str]
    preposition_cues: frozenset[tuple[str, str]]
    preposition_verbs: frozenset[str]
    cue_nouns: frozenset[str]
    statement_nouns: frozenset[str]  # "Doe's claim that …": the owner said it
    writing_cues: frozenset[str]  # a statement's kind: "wrote", "tweeted" → writing
    writing_occasions: frozenset[str]  # "said in a letter" → writing
    according: tuple[str, ...]
    source_pairs: tuple[tuple[str, str], ...]  # "according to" → ("according", "to")
    addressee_verbs: frozenset[str]
    speaking_verbs: frozenset[str]
    addressed_occasions: frozenset[str]
    contrasts: frozenset[str]
    question_cues: frozenset[str]  # "asked residents if …"
    question_marks: frozenset[str]
    refusals: frozenset[str]
    not_labels: frozenset[str]
    group_nouns: frozenset[str]
    not_speakers: frozenset[str]
    relational_nouns: frozenset[str]
    titles: frozenset[str]
    honorifics: frozenset[str]
    organisation_heads: frozenset[str]
    male_words: frozenset[str]
    female_words: frozenset[str]
    not_places: frozenset[str]
    place_prepositions: frozenset[str]
    occasion_prepositions: frozenset[str]
    clause_prepositions: frozenset[str]
    motion_verbs: frozenset[str]
    trip_nouns: frozenset[str]
    venue_nouns: frozenset[str]
    name_leading_words: frozenset[str]
    naming_titles: frozenset[str]
    peerage_titles: frozenset[str]
    name_suffixes: frozenset[str]
    place_heads: frozenset[str]
    affiliation_words: frozenset[str]
    organisation_attributes: frozenset[str]
    organisation_nouns: frozenset[str]
    organisation_possessions: frozenset[str]
    glued_words: frozenset[str]
    person_nouns: frozenset[str]
    salutations: frozenset[str]
    sign_offs: frozenset[str]
    given_name_variants: tuple[tuple[str, str], ...]  # (variant, the first word of its group)
    time_references: tuple[tuple[str, str], ...]  # ("now", "PRESENT_REF"), ("the past", "PAST_REF"), …
    non_responses: frozenset[str]
    missed_responses: frozenset[str]
    work_nouns: frozenset[str]
    naming_words: frozenset[str]
    scare_words: frozenset[str]
    title_small_words: frozenset[str]
    act_object_verbs: frozenset[str]
    raising_verbs: frozenset[str]  # "seems to": the writer's judgement, no belief of the subject
    percept_verbs: frozenset[str]  # "saw the crowd": a belief only with a that-clause
    evidence_nouns: frozenset[str]  # "the poll shows a close race": evidence holds a finding
    possibility_modals: frozenset[str]  # "could offer": a possibility, no position
    word_objects: frozenset[str]
    connectives: frozenset[str]  # "Even so," before a reported clause: the writer's words
    time_modifiers: frozenset[str]  # "early", "the end of": left out of a time's value
    time_frequencies: tuple[tuple[str, str], ...]  # ("daily", "P1D"): a recurrence's TIMEX3 value
    future_verbs: frozenset[str]  # "schedule": a time they govern lies ahead
    future_infinitives: frozenset[str]  # "set": "set to resume Monday" looks ahead
    future_markers: tuple[str, ...]  # "until", "as early as": the time after them lies ahead
    holidays: tuple[tuple[str, str], ...]  # ("thanksgiving", "11-4-4"): a named day and its rule
    publication_labels: frozenset[str]
    not_publication: frozenset[str]
    habitual: frozenset[str]
    perfect: frozenset[str]
    deadlines: frozenset[str]
    stance_copulas: frozenset[str] = frozenset()  # "is critical of": the verbs before a stance adjective
    stance_adjectives: frozenset[tuple[str, str]] = frozenset()  # ("critical", "of"), ("confident", "that")
    stance_nouns: frozenset[tuple[str, str]] = frozenset()  # ("criticism", "of"), ("decision", "to")
    stance_words: frozenset[str] = frozenset()  # the lemmas of both, looked up first
    roles: tuple[tuple[str, str], ...] = ()  # (a role's words, its canonical name), see role_of
    article_only_roles: frozenset[str] = frozenset()  # never learned across articles
    countries: tuple[tuple[str, str], ...] = ()  # ("russian", "russia"): a word and its country

    def role_of(self, words: str) -> str | None:
        """The canonical role `words` name ("the Premier" → "prime minister"), if any."""
        key = role_words(words)
        return next((role for phrase, role in self.roles if phrase == key), None)

    def cue_preposition(self, lemma: str, word: str) -> bool:
        """Whether `word` after the verb `lemma` belongs to its cue and leads to its content:
        "commented on", "called for"; a belief's "believes in", "sees it as"."""
        return (lemma, word) in self.preposition_cues or (lemma, word) in self.belief_prepositions

    def is_title(self, words: str) -> bool:
        return words.lower().rstrip(".") in self.titles

    def is_honorific(self, word: str) -> bool:
        return word.lower().rstrip(".") in self.honorifics

    def gender_of(self, word: str) -> Gender | None:
        """ "male" for "Mr" or "spokesman", "female" for "Ms" or "queen", else None."""
        low = word.lower()
        if low in self.male_words:
            return "male"
        return "female" if low in self.female_words else None

    def given_name(self, word: str) -> str:
        """The one form of a given name and its variants ("Vince" → "vincent")."""
        low = word.lower()
        return next((head for variant, head in self.given_name_variants if variant == low), low)

    def cue_kind(self, lemma: str, word: str, *, punct: bool = False, written: bool = False) -> StatementKind:
        """The kind of a cue from its head's lemma and word: a belief or stance cue ("believes",
        "wants", "saw", "endorsed") a thought; a writing cue ("wrote", "tweeted") or a `written`
        occasion writing; a speech cue, a source phrase ("according to") or a mark (":", "—")
        speech. A cue the lexicon does not list (the tagger's "is campaigning for") attributes a
        stance, not words: a thought. Analysis (extract/cues.py) and the store's migration both
        ask here."""
        if lemma in self.belief_cues:
            return "thought"
        if lemma in self.writing_cues or written:
            return "writing"
        if (
            punct
            or self.source_phrase(word)
            or lemma in self.speech_cues
            or lemma in self.object_cues
            or lemma in self.preposition_verbs
            or lemma in self.cue_nouns
            or lemma in self.statement_nouns
        ):
            return "speech"
        return "thought"

    def country_of(self, words: str) -> str:
        """The country `words` name ("Russian", "the Russian Federation" → "russia"), else
        `words` in lower case."""
        low = " ".join(words.lower().replace("’", "'").split())
        return next((country for word, country in self.countries if word == low), low)

    def is_country(self, words: str) -> bool:
        return any(word == words.lower() for word, _ in self.countries)

    def source_phrase(self, word: str) -> str | None:
        """The word that must follow `word` in a source phrase ("according" → "to"), if any."""
        return next((rest for first, rest in self.source_pairs if first == word), None)


def role_words(words: str) -> str:
    """A role's words as the [roles] table compares them: lower case, without "the"."""
    return " ".join(w for w in words.lower().replace("’", "'").split() if w != "the")


def _roles(raw: dict[str, Any], path: str | None) -> tuple[tuple[str, str], ...]:
    """[roles.synonyms]: each canonical role and its other words → (words, canonical) pairs."""
    table = raw.get("roles", {}).get("synonyms") if isinstance(raw.get("roles"), dict) else None
    if not isinstance(table, dict) or not all(isinstance(v, list) for v in table.values()):
        raise LexiconError(f"{path or 'lexicon.toml'}: no table [roles.synonyms] of lists")
    pairs: dict[str, str] = {}
    for role, synonyms in table.items():
        for words in (role, *synonyms):
            key = role_words(str(words))
            if pairs.setdefault(key, role_words(role)) != role_words(role):
                raise LexiconError(f"[roles.synonyms] gives {key!r} to two roles")
    return tuple(sorted(pairs.items()))


def _countries(raw: dict[str, Any], path: str | None) -> tuple[tuple[str, str], ...]:
    """[countries]: each country and its other words → (word, country) pairs, the country's own
    name among them."""
    table = raw.get("countries")
    if not isinstance(table, dict) or not all(isinstance(v, list) for v in table.values()):
        raise LexiconError(f"{path or 'lexicon.toml'}: no table [countries] of lists")
    pairs: dict[str, str] = {}
    for country, words in table.items():
        for word in (country, *words):
            if pairs.setdefault(str(word).lower(), country.lower()) != country.lower():
                raise LexiconError(f"[countries] gives {word!r} to two countries")
    return tuple(sorted(pairs.items()))


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """The lexicon in the TOML file at `path`, or the bundled one; read once per file."""
    return _load(str(path) if path is not None else None)


def _pair(phrase: str) -> tuple[str, str]:
    """ "critical of" → ("critical", "of"): a stance word and the word that opens its complement."""
    word, _, complement = phrase.partition(" ")
    if not complement or " " in complement:
        raise LexiconError(f"[stances] {phrase!r}: a word and its complement's first word, not {phrase!r}")
    return word, complement


def _variants(raw: dict[str, Any], path: str | None) -> tuple[tuple[str, str], ...]:
    """[people] given_name_variants: groups of variants → each variant's group head. A variant
    in two groups ("steve") keeps the first."""
    try:
        groups = [[w.lower() for w in group] for group in raw["people"]["given_name_variants"]]
    except (KeyError, TypeError, AttributeError) as exc:
        raise LexiconError(
            f"{path or 'lexicon.toml'}: no list of lists [people] given_name_variants"
        ) from exc
    heads: dict[str, str] = {}
    for group in groups:
        for word in group:
            heads.setdefault(word, group[0])
    return tuple(heads.items())


@cache
def _load(path: str | None) -> Lexicon:
    if path is None:
        source = resources.files("saidwhat").joinpath("data/lexicon.toml").read_text("utf-8")
    else:
        try:
            source = Path(path).read_text("utf-8")
        except OSError as exc:
            raise LexiconError(f"{path}: cannot read the lexicon ({exc.strerror})") from exc
    try:
        raw = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{path or 'lexicon.toml'}: not TOML ({exc})") from exc

    def words(section: str, key: str) -> frozenset[str]:
        try:
            entries = [w.lower() for w in raw[section][key]]
        except (KeyError, TypeError, AttributeError) as exc:
            raise LexiconError(f"{path or 'lexicon.toml'}: no list [{section}] {key}") from exc
        repeated = sorted(w for w, n in Counter(entries).items() if n > 1)
        if repeated:
            raise LexiconError(f"[{section}] {key} lists {', '.join(repeated)} more than once")
        phrases = sorted(w for w in entries if " " in w.strip())
        if phrases and (section, key) not in _PHRASE_LISTS:
            raise LexiconError(f"[{section}] {key} holds single words, not {', '.join(phrases)}")
        return frozenset(entries)

    pairs = [phrase.split(" ", 1) for phrase in words("cues", "preposition")]
    belief_pairs = [phrase.split(" ", 1) for phrase in words("cues", "belief_preposition")]
    stance_adjectives = frozenset(_pair(phrase) for phrase in words("stances", "adjectives"))
    stance_nouns = frozenset(_pair(phrase) for phrase in words("stances", "nouns"))
    words("cues", "according")  # checked like the others; its order is kept
    according = tuple(w.lower() for w in raw["cues"]["according"])
    return Lexicon(
        speech_cues=words("cues", "speech"),
        belief_cues=words("cues", "belief") | words("cues", "stance"),
        belief_prepositions=frozenset((verb, prep) for verb, prep in belief_pairs),
        quote_only_cues=words("cues", "quote_only"),
        infinitive_cues=words("cues", "infinitive"),
        object_cues=words("cues", "object"),
        preposition_cues=frozenset((verb, prep) for verb, prep in pairs),
        preposition_verbs=frozenset(verb for verb, _ in pairs),
        cue_nouns=words("cues", "nouns"),
        statement_nouns=words("cues", "statement_nouns"),
        writing_cues=words("cues", "writing"),
        writing_occasions=words("cues", "writing_occasions"),
        according=according,
        source_pairs=tuple((first, rest) for first, _, rest in (p.partition(" ") for p in according)),
        addressee_verbs=words("cues", "addressee_verbs"),
        speaking_verbs=words("cues", "speaking_verbs"),
        addressed_occasions=words("cues", "addressed_occasions"),
        contrasts=words("cues", "contrasts"),
        question_cues=words("cues", "question"),
        question_marks=words("cues", "question_marks"),
        refusals=words("cues", "refusals"),
        not_labels=words("cues", "not_labels"),
        group_nouns=words("speakers", "groups"),
        not_speakers=words("speakers", "not_speakers"),
        relational_nouns=words("speakers", "relational"),
        titles=words("titles", "words"),
        honorifics=words("titles", "honorifics"),
        organisation_heads=words("titles", "organisation_heads"),
        male_words=words("titles", "male"),
        female_words=words("titles", "female"),
        not_places=words("places", "not_places"),
        place_prepositions=words("places", "prepositions"),
        occasion_prepositions=words("places", "occasion_prepositions"),
        clause_prepositions=words("places", "clause_prepositions"),
        motion_verbs=words("places", "motion_verbs"),
        trip_nouns=words("places", "trip_nouns"),
        venue_nouns=words("places", "venue_nouns"),
        name_leading_words=words("names", "leading_words"),
        naming_titles=words("names", "naming_titles"),
        peerage_titles=words("names", "peerage"),
        name_suffixes=words("names", "suffixes"),
        place_heads=words("people", "place_heads"),
        affiliation_words=words("people", "affiliations"),
        organisation_attributes=words("people", "organisation_attributes"),
        organisation_nouns=words("people", "organisation_nouns"),
        organisation_possessions=words("people", "organisation_possessions"),
        glued_words=words("people", "glued_words"),
        person_nouns=words("people", "person_nouns"),
        salutations=words("people", "salutations"),
        sign_offs=words("people", "sign_offs"),
        given_name_variants=_variants(raw, path),
        time_references=tuple(
            (phrase, f"{tense.upper()}_REF")
            for tense in ("present", "past", "future")
            for phrase in sorted(words("times", tense))
        ),
        non_responses=words("statements", "non_responses"),
        missed_responses=words("statements", "missed_responses"),
        work_nouns=words("statements", "work_nouns"),
        naming_words=words("statements", "naming_words"),
        scare_words=words("statements", "scare_words"),
        title_small_words=words("statements", "title_small_words"),
        act_object_verbs=words("statements", "act_object_verbs"),
        raising_verbs=words("statements", "raising_verbs"),
        percept_verbs=words("statements", "percept_verbs"),
        evidence_nouns=words("statements", "evidence_nouns"),
        possibility_modals=words("statements", "possibility_modals"),
        word_objects=words("statements", "word_objects"),
        connectives=words("statements", "connectives"),
        time_modifiers=words("times", "modifiers"),
        time_frequencies=_table(raw, "times", "frequencies", path),
        future_verbs=words("times", "future_verbs"),
        future_infinitives=words("times", "future_infinitives"),
        future_markers=tuple(sorted(words("times", "future_markers"))),
        holidays=_table(raw, "times", "holidays", path),
        publication_labels=words("dates", "publication_labels"),
        not_publication=words("dates", "not_publication"),
        habitual=words("dates", "habitual"),
        perfect=words("dates", "perfect"),
        deadlines=words("dates", "deadlines"),
        stance_copulas=words("stances", "copulas"),
        stance_adjectives=stance_adjectives,
        stance_nouns=stance_nouns,
        stance_words=frozenset(word for word, _ in stance_adjectives | stance_nouns),
        roles=_roles(raw, path),
        article_only_roles=frozenset(role_words(w) for w in words("roles", "article_only")),
        countries=_countries(raw, path),
    )


def _table(raw: dict[str, object], section: str, key: str, path: str | None) -> tuple[tuple[str, str], ...]:
    """A TOML table of words and the strings they stand for, e.g. [times] frequencies."""
    table = raw.get(section, {})
    entries = table.get(key) if isinstance(table, dict) else None
    if not isinstance(entries, dict) or not all(isinstance(v, str) for v in entries.values()):
        raise LexiconError(f"{path or 'lexicon.toml'}: no table [{section}] {key} of strings")
    return tuple(sorted((word.lower(), value) for word, value in entries.items()))
