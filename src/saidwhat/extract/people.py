"""The people of an article, and what each mention of a person refers to.

Names are grouped into one person per identity ("President Jane Doe", "Doe", "Ms Doe");
titles and affiliations come from the words around a name; pronouns and role nouns
("she", "the spokeswoman", "his Russian counterpart") are resolved by salience.

Hand-written because no coreference model runs offline on a CPU with the small spaCy
model (coreferee, fastcoref and spacy-experimental need hub downloads or a GPU); the
rules follow Centering / Hobbs: recent sentences first, subjects before objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..types import Gender, Person
from .context import LOOKBACK_SENTENCES, DocContext
from .names import display_name, gender_of_first_name, name_words
from .syntax import SUBJECT_DEPS, conjuncts

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "themselves"})
_POSSESSIVE = frozenset({"’s", "'s", "’", "'"})
_NOT_PERSON_ENTS = frozenset(
    {"GPE", "LOC", "NORP", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL"}
)
_AFFILIATION_ENTS = frozenset({"NORP", "GPE", "ORG"})


@dataclass(slots=True)
class _Person:
    name_tokens: list[str]
    titles: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    gender: Gender | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    first: int = 0
    id: str = ""
    honorific: str | None = None  # "Ms" of "Ms Doe": her name when the text gives no other

    @property
    def name(self) -> str:
        if self.honorific and len(self.name_tokens) == 1:
            return f"{display_name(self.honorific)} {self.name_tokens[0]}"
        return " ".join(self.name_tokens)

    def add_unique(self, target: list[str], value: str) -> None:
        if value and value.lower() not in {v.lower() for v in target}:
            target.append(value)

    def to_model(self) -> Person:
        return Person(
            id=self.id,
            name=self.name,
            titles=[display_name(t) for t in self.titles],
            affiliations=[display_name(a) for a in self.affiliations],
            gender=self.gender,
            mentions=sorted(set(self.mentions)),
        )


@dataclass(frozen=True, slots=True)
class _Mention:
    """A resolved mention that later pronouns may refer back to."""

    token: int
    sentence: int
    rank: int
    person: _Person


def _role_rank(token: Token) -> int:
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


class People:
    """The persons of one document and a resolver for mentions of them."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.doc, self.quotes, self.lexicon = ctx.doc, ctx.quotes, ctx.lexicon
        self.persons: list[_Person] = []
        self._by_token: dict[int, _Person] = {}
        self._collect_names()
        self._mentions: list[_Mention] = sorted(
            (
                _Mention(i, ctx.sentence_index(self.doc[i]), _role_rank(self.doc[i]), p)
                for i, p in self._by_token.items()
                if self.doc[i].dep_ != "compound" and not self.quotes.inside(self.doc[i])
            ),
            key=lambda m: m.token,
        )
        self._resolve_pronoun_mentions()

    # ------------------------------------------------------------------ names
    def _name_tokens(self, ent: Span) -> tuple[list[Token], list[str]]:
        """The name's words and the titles before it; an honorific ("Mr") is neither."""
        words = [t for t in ent if not t.is_punct and t.text not in _POSSESSIVE]
        titles = []
        while words and (self.lexicon.is_title(words[0].text) or self.lexicon.is_honorific(words[0].text)):
            word = words.pop(0).text.rstrip(".")
            if not self.lexicon.is_honorific(word):
                titles.append(word)
        return words, titles

    def _name_spans(self) -> list[Span]:
        """PERSON entities, plus proper-noun phrases the small model misses when the words
        around them say "person": a known first name, a title before, a role in apposition."""
        spans = [ent for ent in self.doc.ents if ent.label_ == "PERSON"]
        covered = {t.i for ent in spans for t in ent}
        for token in self.doc:
            if token.pos_ != "PROPN" or token.dep_ == "compound" or token.i in covered:
                continue
            start = token.i
            while (
                start > 0
                and self.doc[start - 1].dep_ == "compound"
                and self.doc[start - 1].pos_ == "PROPN"
                and self.doc[start - 1].ent_type_ not in ("DATE", "TIME")  # not "Tuesday Mr Doe"
                and not self.lexicon.is_honorific(self.doc[start].text)
            ):
                start -= 1
            chain = self.doc[start : token.i + 1]
            if len(chain) > 3 or self.quotes.inside(token):
                continue
            if not all(t.text[:1].isupper() and t.is_alpha for t in chain):
                continue
            if len(chain) == 1:
                if self._speaking_first_name(token):
                    spans.append(chain)
                    covered.add(token.i)
                continue
            before = self.doc[start - 1] if start > 0 else None
            titled = self.lexicon.is_honorific(chain[0].text) or (
                before is not None
                and before.head.i == token.i
                and (self.lexicon.is_title(before.text) or self.lexicon.is_honorific(before.text))
            )
            role = any(c.dep_ == "appos" and self.lexicon.is_title(c.lemma_) for c in token.children)
            # The words around the name outweigh the model's entity type; a first name alone does not.
            # "Mayor Ana Ruiz": the first name follows the title the model took into the name
            given = chain[1] if self.lexicon.is_title(chain[0].text) and len(chain) == 3 else chain[0]
            first_name = gender_of_first_name(given.text) is not None and not any(
                t.ent_type_ in _NOT_PERSON_ENTS for t in chain
            )
            if titled or role or first_name:
                spans.append(chain)
                covered.update(t.i for t in chain)
        return spans

    def _speaking_first_name(self, token: Token) -> bool:
        """A lone known name that speaks and then "he" or "she" speaks ("Burton explained from a
        podium. “…,” he said"): a person, whatever entity type the model gave it, unless it is
        an acronym, a place, a date, a number or part of a longer name ("Montoya-Lewis")."""
        speaks = token.dep_ == "nsubj" and token.head.lemma_.lower() in self.lexicon.speech_cues
        if not speaks or token.is_upper or token.ent_type_ in _NOT_PERSON_ENTS:
            return False
        neighbours = self.doc[max(token.i - 1, 0) : token.i + 2]
        if any(t.text in ("-", "&") for t in neighbours):  # "Montoya-Lewis", "Ernst & Young"
            return False
        return gender_of_first_name(token.text) is not None and self._personal_pronoun_follows(token)

    def _personal_pronoun_follows(self, token: Token) -> bool:
        """Whether "he" or "she" speaks in the sentence of `token` or the next ("… he said")."""
        sentence = self.ctx.sentence_index(token)
        following = self.doc[token.i + 1 : min(len(self.doc), token.i + 80)]
        return any(
            t.lower_ in ("he", "she")
            and t.dep_ == "nsubj"
            and t.head.lemma_.lower() in self.lexicon.speech_cues
            and self.ctx.sentence_index(t) <= sentence + 1
            for t in following
        )

    def _collect_names(self) -> None:
        named: list[tuple[Span, list[Token], list[str]]] = []
        for span in self._name_spans():
            words, titles = self._name_tokens(span)
            if not words or not any(w.text[:1].isupper() for w in words):
                continue
            if len(words) > 1 and words[-1].lower_ in self.lexicon.organisation_heads:
                continue  # "Sky News", "the Harbour Party": an organisation's name
            named.append((span, words, titles))
        # Full names first, so that "Doe" can join "Jane Doe" whatever the order of mention.
        for span, words, titles in sorted(named, key=lambda n: (-len(n[1]), n[0].start)):
            person = self._match(words) or self._new_person(words, span.start_char)
            self._add_name_mention(person, span)
            for title in titles:
                person.add_unique(person.titles, title)
            self._describe(person, span)
        self._collect_surnames()
        self.persons.sort(key=lambda p: p.first)
        for n, person in enumerate(self.persons, 1):
            person.id = f"p{n}"
            if person.gender is None and len(person.name_tokens) > 1:
                person.gender = gender_of_first_name(person.name_tokens[0])

    def _add_name_mention(self, person: _Person, span: Span) -> None:
        """Also the gender an honorific gives ("Mr Doe", "Ms Doe"): what the text says of the
        person outweighs a guess from the first name, which is made only when nothing is said."""
        edge = self.doc[max(span.start - 1, 0) : span.start + 1]  # the word before and the first
        honorific = next((t.text for t in edge if self.lexicon.is_honorific(t.text)), None)
        if honorific is not None:
            person.honorific = person.honorific or honorific
            person.gender = self.lexicon.gender_of(honorific) or person.gender
        person.first = min(person.first, span.start_char)
        person.mentions.append((span.start_char, span.end_char))
        for token in span:
            self._by_token[token.i] = person

    def _collect_surnames(self) -> None:
        """A lone surname the model did not tag ("Doe said") still names the person."""
        for token in self.doc:
            if token.pos_ != "PROPN" or token.i in self._by_token or token.ent_type_ in _NOT_PERSON_ENTS:
                continue
            person = self._match([token])
            if person is not None and len(person.name_tokens) > 1:
                self._add_name_mention(person, self.doc[token.i : token.i + 1])

    def _new_person(self, words: list[Token], start: int) -> _Person:
        person = _Person(name_words(words), first=start)
        self.persons.append(person)
        return person

    def _match(self, words: list[Token]) -> _Person | None:
        texts = name_words(words)
        if not texts:
            return None
        for person in self.persons:
            if person.name_tokens == texts:
                return person
        if len(texts) == 1:
            candidates = [p for p in self.persons if p.name_tokens[-1] == texts[0]]
            candidates = candidates or [p for p in self.persons if p.name_tokens[0] == texts[0]]
            return candidates[0] if len(candidates) == 1 else None
        for person in self.persons:  # "Jane Q. Doe" and "Jane Doe"
            if person.name_tokens[-1] == texts[-1] and person.name_tokens[0] == texts[0]:
                return person
        return None

    def _describe(self, person: _Person, ent: Span) -> None:
        """Titles, affiliations and gender from the words before a name ("Russian President
        Jane Doe") and from a role in apposition ("Jane Doe, a spokeswoman for X")."""
        title: list[str] = []
        for token in reversed(self.doc[max(ent.start - 5, 0) : ent.start]):
            attached = token.head.i in range(ent.start, ent.end) or (
                token.dep_ in ("compound", "amod", "nmod") and token.head.head.i in range(ent.start, ent.end)
            )
            if not attached or token.dep_ in ("det", "poss", "case", "punct"):
                break
            low = token.lower_.rstrip(".")
            gender = self.lexicon.gender_of(low)
            if gender is not None:
                person.gender = gender
                if not self.lexicon.is_title(low):
                    continue
            if token.ent_type_ in _AFFILIATION_ENTS:
                ent_span = next((e for e in self.doc.ents if e.start <= token.i < e.end), None)
                person.add_unique(person.affiliations, (ent_span.text if ent_span else token.text).strip())
            elif token.pos_ in ("NOUN", "PROPN") or self.lexicon.is_title(token.text):
                title.insert(0, token.text.rstrip("."))
        if title and (self.lexicon.is_title(title[-1]) or self.doc[ent.start - 1].pos_ == "NOUN"):
            person.add_unique(person.titles, " ".join(title))
        head = ent.root
        roles = [c for c in head.children if c.dep_ == "appos"] + (
            [head.head] if head.dep_ == "appos" else []
        )
        for role in roles:
            self._describe_by_role_noun(person, role)

    def _describe_by_role_noun(self, person: _Person, noun: Token) -> None:
        """ "Jane Doe, a spokeswoman for the council" → title and affiliation."""
        modifiers = [
            c for c in noun.lefts if c.dep_ in ("amod", "compound") and c.ent_type_ not in _AFFILIATION_ENTS
        ]
        title = " ".join(t.text for t in [*modifiers, noun])
        if not any(self.lexicon.is_title(words) for words in (noun.lemma_, noun.text, title)):
            return
        person.add_unique(person.titles, title)
        person.gender = self.lexicon.gender_of(noun.lower_) or person.gender
        for child in noun.children:
            objects = [child]
            if child.dep_ == "prep" and child.lower_ in ("for", "of", "at"):
                objects = [o for o in child.children if o.dep_ == "pobj"]
            for obj in objects:
                if obj.ent_type_ in _AFFILIATION_ENTS:
                    ent = next((e for e in self.doc.ents if e.start <= obj.i < e.end), None)
                    person.add_unique(person.affiliations, (ent.text if ent else obj.text).strip())

    # ------------------------------------------------------------------ resolution
    def _resolve_pronoun_mentions(self) -> None:
        """Resolve third-person pronouns and role nouns outside quotes in text order, so
        later pronouns can chain through earlier ones."""
        for token in self.doc:
            if token.i in self._by_token or self.quotes.inside(token):
                continue
            if token.lower_ in MALE_PRONOUNS | FEMALE_PRONOUNS:
                person = self._antecedent(token)
                if person is not None:
                    self._add_mention(token, person)
            else:
                self.resolve(token)

    def _add_mention(self, token: Token, person: _Person) -> None:
        self._by_token.setdefault(token.i, person)
        person.mentions.append((token.idx, token.idx + len(token.text)))
        mention = _Mention(token.i, self.ctx.sentence_index(token), _role_rank(token), person)
        self._mentions.append(mention)
        self._mentions.sort(key=lambda m: m.token)

    def resolve(self, token: Token) -> _Person | None:
        """The person a name, pronoun or role noun refers to, if it can be told."""
        if token.i in self._by_token:
            return self._by_token[token.i]
        named = next((c for c in token.children if c.dep_ == "appos" and c.i in self._by_token), None)
        if named is not None:
            return self._by_token[named.i]
        if token.lower_ in MALE_PRONOUNS | FEMALE_PRONOUNS:
            return self._antecedent(token)
        person = self._role_referent(token)
        if person is not None:
            self._add_mention(token, person)
        return person

    def _excluded(self, pronoun: Token) -> set[int]:
        """Persons a pronoun cannot refer to: its own conjuncts ("he and X") and names in
        the clause it is the subject of ("he heard X's concerns": binding principle C), also
        in what it says put first ("X made the decisions, he said": he is not X)."""
        excluded = {id(self._by_token[t.i]) for t in conjuncts(pronoun) if t.i in self._by_token}
        if pronoun.dep_ in SUBJECT_DEPS:
            said = [c for c in pronoun.head.children if c.dep_ in ("ccomp", "parataxis") and c.i < pronoun.i]
            fronted = {t.i for clause in said for t in clause.subtree}
            # but "X's plan works, he said" may be X's own words
            fronted -= {t.i for clause in said for o in clause.subtree if o.dep_ == "poss" for t in o.subtree}
            for token in pronoun.head.subtree:
                bound = token.i > pronoun.i or token.i in fronted
                if bound and token.i in self._by_token and token.pos_ == "PROPN":
                    excluded.add(id(self._by_token[token.i]))
        return excluded

    def _compatible(self, person: _Person, gender: Gender | None) -> bool:
        return gender is None or person.gender in (None, gender)

    def _antecedent(self, pronoun: Token) -> _Person | None:
        gender: Gender = "male" if pronoun.lower_ in MALE_PRONOUNS else "female"
        excluded = self._excluded(pronoun)
        sentence = self.ctx.sentence_index(pronoun)
        in_quote = self.quotes.of(pronoun)

        def usable(m: _Mention) -> bool:
            return (
                id(m.person) not in excluded
                and self._compatible(m.person, gender)
                and self.quotes.of(self.doc[m.token]) == in_quote
            )

        # Cataphora: "As she left, Doe said …" — a pronoun in a leading clause of the sentence.
        clause = pronoun.head
        while clause.dep_ not in ("advcl", "ROOT") and clause.head is not clause:
            clause = clause.head
        if clause.dep_ == "advcl" and clause.i < clause.head.i:
            subject = next((c for c in clause.head.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None and subject.i in self._by_token:
                person = self._by_token[subject.i]
                if id(person) not in excluded and self._compatible(person, gender):
                    return person
        same = [m for m in self._mentions if m.sentence == sentence and m.token < pronoun.i and usable(m)]
        if same:
            return min(same, key=lambda m: (m.rank, self._gender_penalty(m, gender), m.token)).person
        for back in range(1, LOOKBACK_SENTENCES + 1):
            earlier = [m for m in self._mentions if m.sentence == sentence - back and usable(m)]
            if earlier:
                return min(earlier, key=lambda m: (m.rank, self._gender_penalty(m, gender), m.token)).person
        return None

    @staticmethod
    def _gender_penalty(mention: _Mention, gender: Gender | None) -> int:
        return 0 if mention.person.gender == gender else 1

    def _role_referent(self, noun: Token) -> _Person | None:
        """ "the spokeswoman", "the President", "his Russian counterpart" → a person of the
        article with that title (and affiliation), the most recently mentioned first."""
        if noun.pos_ not in ("NOUN", "PROPN") or noun.tag_ in ("NNS", "NNPS"):
            return None
        modifiers = [c for c in noun.lefts if c.dep_ in ("amod", "compound")]
        affiliations = {m.text.lower() for m in modifiers if m.ent_type_ in ("NORP", "GPE", "ORG")}
        owner_token = next((c for c in noun.lefts if c.dep_ == "poss"), None)
        owner = self.resolve(owner_token) if owner_token is not None else None
        relational = noun.lemma_.lower() in self.lexicon.relational_nouns
        if not relational and not self.lexicon.is_title(noun.text):
            return None
        if not relational and not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.lefts):
            return None

        def fits(person: _Person) -> bool:
            if person is owner:
                return False
            if affiliations and not affiliations & {a.lower() for a in person.affiliations}:
                return False
            if relational:
                return owner is None or bool(
                    {t.lower() for t in owner.titles} & {t.lower() for t in person.titles}
                )
            return noun.text.lower() in {t.lower() for t in person.titles}

        earlier = [m for m in self._mentions if m.token < noun.i and fits(m.person)]
        if earlier:
            return earlier[-1].person
        candidates = [p for p in self.persons if fits(p)]
        return candidates[0] if len(candidates) == 1 else None

    def models(self) -> list[Person]:
        return [p.to_model() for p in self.persons]
