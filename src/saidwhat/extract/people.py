"""The people of an article, and what each mention of a person refers to.

Names are grouped into one person per identity ("President Jane Doe", "Doe", "Ms Doe");
titles and affiliations come from the words around a name; pronouns and role nouns
("she", "the spokeswoman", "his Russian counterpart") are resolved by salience.

Hand-written because no coreference model runs offline on a CPU with the small spaCy
model (coreferee, fastcoref and spacy-experimental need hub downloads or a GPU); the
rules follow Centering / Hobbs: recent sentences first, subjects before objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from spacy.tokens import Span, Token

from ..types import Gender, Person, Quote
from .context import DocContext
from .coref import Coreference
from .deixis import quoted_first_person, unnamed_people
from .description import AFFILIATION_ENTS, describe
from .names import gender_of_first_name, hyphenated, is_surname, name_parts, name_words
from .person import PersonRecord, pronoun_gender
from .personhood import is_person
from .syntax import conjuncts

_POSSESSIVE = frozenset({"’s", "'s", "’", "'"})
# The roles in which a lone name may be a person's that a later pronoun refers to.
_NAMED_ROLES = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "poss", "appos"})
_NOT_PERSON_ENTS = frozenset(
    {"GPE", "LOC", "NORP", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL"}
)


class People:
    """The persons of one document and a resolver for mentions of them."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.doc, self.quotes, self.lexicon = ctx.doc, ctx.quotes, ctx.lexicon
        self.persons: list[PersonRecord] = []
        self._by_token: dict[int, PersonRecord] = {}
        self._apart: set[int] = set()  # persons an honorific set apart from a namesake (`_match`)
        self._collect_names()
        self._coref = Coreference(ctx, self.persons, self._by_token)
        self._coref.run()
        self._drop_non_persons()
        self.persons.extend(unnamed_people(ctx, self._by_token))
        self.persons.sort(key=lambda p: p.first)
        for n, person in enumerate(self.persons, 1):
            person.id = f"p{n}"

    # ------------------------------------------------------------------ names
    def _name_tokens(self, ent: Span) -> tuple[list[Token], list[str], list[str]]:
        """The name's words, the titles and the affiliations before it ("Lib Dem MP Jane Doe",
        "Tory Jane Doe"); an honorific ("Mr") is none of them. A hyphen stays in the name."""
        words = [t for t in ent if (not t.is_punct or _hyphen_inside(t)) and t.text not in _POSSESSIVE]
        titles: list[str] = []
        affiliations: list[list[str]] = []
        previous_affiliation = False
        while words:
            first = words[0]
            if first.lower_ in self.lexicon.salutations:  # "Dear Jane"
                words.pop(0)
            elif len(words) > 2 and self.lexicon.is_title(f"{first.text} {words[1].text}"):
                titles.append(f"{words.pop(0).text} {words.pop(0).text}")  # "Vice President Doe"
                previous_affiliation = False
            elif self.lexicon.is_title(first.text) or self.lexicon.is_honorific(first.text):
                word = words.pop(0).text.rstrip(".")
                if not self.lexicon.is_honorific(word):
                    titles.append(word)
                previous_affiliation = False
            elif len(words) > 1 and (
                first.lower_ in self.lexicon.affiliation_words or first.ent_type_ == "NORP"
            ):
                if not previous_affiliation:
                    affiliations.append([])
                affiliations[-1].append(words.pop(0).text)
                previous_affiliation = True
            elif len(words) > 1 and first.lower_ in self.lexicon.name_leading_words:
                words.pop(0)  # "Fellow Lib Dem Jane Doe", "Former Jane Doe"
            elif len(words) > 2 and self._before_a_given_name(words):
                affiliations.append([words.pop(0).text])  # "Unison Jane Doe"
                previous_affiliation = False
            else:
                break
        return words, titles, [" ".join(a) for a in affiliations]

    def _a_title(self, words: list[Token]) -> bool:
        """A title of words of no given name ("Finance Minister", "Vice President"; "Mervyn
        King" is a name)."""
        if self.lexicon.is_title(" ".join(t.text for t in words)):
            return True
        return self.lexicon.is_title(words[-1].text) and gender_of_first_name(words[0].text) is None

    def _before_a_given_name(self, words: list[Token]) -> bool:
        """A body's name before a given name ("Unison Jane Doe")."""
        return gender_of_first_name(words[1].text) is not None and self._names_a_body(words[0])

    def _names_a_body(self, token: Token) -> bool:
        """A word in capitals ("BBC"), of another entity type, or that the model tags as an
        organisation, group or place elsewhere in the text ("Unison")."""
        return token.is_upper or token.ent_type_ in AFFILIATION_ENTS or token.lower_ in self._body_words

    @cached_property
    def _body_words(self) -> frozenset[str]:
        ents = self.doc.ents
        return frozenset(e.text.lower() for e in ents if len(e) == 1 and e.label_ in AFFILIATION_ENTS)

    def _name_spans(self) -> list[Span]:
        """PERSON entities, plus proper-noun phrases the small model misses when the words
        around them say "person": a known first name, a title before, a role in apposition."""
        spans = [self._with_family_name(ent) for ent in self.doc.ents if ent.label_ == "PERSON"]
        covered = {t.i for ent in spans for t in ent}
        for span in self._letter_names():
            if not covered & {t.i for t in span}:
                spans.append(span)
                covered.update(t.i for t in span)
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
                if (
                    self._speaking_first_name(token)
                    or self._named_before_a_pronoun(token)
                    or self._joint_name(token, covered)
                ):
                    spans.append(chain)
                    covered.add(token.i)
                continue
            before = self.doc[start - 1] if start > 0 else None
            titled = self.lexicon.is_honorific(chain[0].text) or (
                before is not None
                and before.head.i == token.i
                and (self.lexicon.is_title(before.text) or self.lexicon.is_honorific(before.text))
            )
            # "Jane Doe, a spokeswoman", "Jane Doe, an Australian woman"
            role = any(c.dep_ == "appos" and self._person_noun(c) for c in token.children)
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

    def _letter_names(self) -> list[Span]:
        """The name after a letter's salutation or sign-off ("Dear Jane Doe,", "Yours,\n\nJane
        Doe"): up to three capitalised words that end their line, whatever the model tagged."""
        openers = self.lexicon.salutations | self.lexicon.sign_offs
        found = []
        for token in self.doc:
            if token.lower_ not in openers or not token.is_sent_start or self.quotes.inside(token):
                continue
            start = token.i + 1
            while start < len(self.doc) and (self.doc[start].is_punct or self.doc[start].is_space):
                start += 1
            end = start
            while end < min(len(self.doc), start + 3) and self.doc[end].is_title and self.doc[end].is_alpha:
                end += 1
            if end == start:
                continue
            after = self.doc[end] if end < len(self.doc) else None
            if after is None or "\n" in self.doc[end - 1].whitespace_ or after.is_punct or after.is_space:
                found.append(self.doc[start:end])
        return found

    def _with_family_name(self, ent: Span) -> Span:
        """A PERSON entity with the capitalised word before it that the parser hangs on it,
        a family name the model read as a pronoun ("He Jianxiong", "Ma Ying-jeou")."""
        before = self.doc[ent.start - 1] if ent.start > 0 else None
        if before is None or before.dep_ != "compound" or before.head.i not in range(ent.start, ent.end):
            return ent
        if not before.text[:1].isupper() or not before.is_alpha or self.lexicon.is_title(before.text):
            return ent
        if self._names_a_body(before):  # "Unison Jane Doe", "BBC Jane Doe"
            return ent
        return self.doc[before.i : ent.end]

    def _glued(self, token: Token) -> bool:
        """A capitalised word glued to a function word when a space was lost ("ofNew")."""
        text = token.text
        cut = next((len(w) for w in self.lexicon.glued_words if text.startswith(w)), 0)
        return 0 < cut < len(text) and text[cut].isupper() and text[cut + 1 :].islower()

    def _joint_name(self, token: Token, covered: set[int]) -> bool:
        """A known first name coordinated with a person's name ("Burton and Nick"), or in a
        coordination of lone names that speaks ("Burton and Nick said"): a person."""
        members = conjuncts(token.head if token.dep_ == "conj" else token)
        if len(members) < 2 or not all(m.pos_ == "PROPN" and m.text[:1].isupper() for m in members):
            return False
        if token.dep_ == "conj" and token.head.i in covered:
            return gender_of_first_name(token.text) is not None
        head = members[0]
        speaks = head.dep_ == "nsubj" and head.head.lemma_.lower() in self.lexicon.speech_cues
        return speaks and any(gender_of_first_name(m.text) is not None for m in members)

    def _named_before_a_pronoun(self, token: Token) -> bool:
        """A lone proper noun that the next "he", "his", "she" or "her" refers back to within two
        sentences, no other name nor "it" between ("Doe received his early education
        at …", "not having Doe there? I mean, come on. He's my favourite"): a person, in any role
        a person takes, untagged or tagged as a person or (the small model's usual guess for an
        unknown name) an organisation. Not a word the text also writes in lower case as a
        common noun ("Architecture", "Enemy"), nor a thing's name after its noun ("the series
        Doe")."""
        if token.dep_ not in _NAMED_ROLES or token.lower_ in self._common_words:
            return False
        # the model's other types yield to a first name of one gender ("Debbie" tagged GPE)
        given = gender_of_first_name(token.text, definite=True) is not None
        if token.ent_type_ not in ("", "PERSON", "ORG") and not given:
            return False
        if token.ent_type_ and self.lexicon.is_country(token.text):
            return False
        if token.is_upper or self.lexicon.is_title(token.text) or token.lower_ in self.lexicon.group_nouns:
            return False
        nouns = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
        nouns += [token.head] if token.dep_ == "appos" and token.head.pos_ == "NOUN" else []
        if any(not self._person_noun(n) for n in nouns):  # "the (TV) series Doe"
            return False
        neighbours = self.doc[max(token.i - 1, 0) : token.i + 2]
        if any(t.text in ("-", "&") for t in neighbours):
            return False
        sentence = self.ctx.sentence_index(token)
        for later in self.doc[token.i + 1 : min(len(self.doc), token.i + 60)]:
            if self.ctx.sentence_index(later) > sentence + 2:
                return False
            if later.pos_ == "PROPN" or later.lower_ in ("it", "its"):
                return False
            if pronoun_gender(later) is not None:
                return True
        return False

    def _person_noun(self, noun: Token) -> bool:
        return self.lexicon.is_title(noun.lemma_) or noun.lemma_.lower() in self.lexicon.person_nouns

    @cached_property
    def _common_words(self) -> frozenset[str]:
        """The words the text writes in lower case, not as a name."""
        return frozenset(t.lower_ for t in self.doc if t.pos_ != "PROPN" and t.is_lower)

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
        named: list[tuple[Span, list[Token], list[str], list[str]]] = []
        for span in self._name_spans():
            if self._glued(span[0]):  # "ofNew Labour": the lost space leaves "Labour"
                span = span[1:]
            words, titles, affiliations = self._name_tokens(span)
            if not words or not any(w.text[:1].isupper() for w in words):
                continue
            if len(words) > 1 and words[-1].lower_ in self.lexicon.organisation_heads:
                continue  # "Sky News", "the Harbour Party": an organisation's name
            if len(words) > 1 and self._a_title(words):
                continue  # "Finance Minister": a title, not a name
            if titles and all(t.ent_type_ == "ORG" for t in span):
                continue  # "General Motors said": a title word that begins a company's name
            named.append((span, words, titles, affiliations))
        # Full names first, so that "Doe" can join "Jane Doe" whatever the order of mention.
        for span, words, titles, affiliations in sorted(named, key=lambda n: (-len(n[1]), n[0].start)):
            gender = self._honorific_gender(span)
            person = self._match(words, gender)
            if person is not None:
                person.name_tokens = hyphenated(person.name_tokens, name_words(words))
            else:
                namesake = self._match(words)  # "Mr Doe" beside "Jenna Doe": not her
                person = self._new_person(words, span.start_char)
                if namesake is not None:
                    self._apart.add(id(person))
            self._add_name_mention(person, span)
            for title in titles:
                person.add_unique(person.titles, title)
            for affiliation in affiliations:
                person.add_unique(person.affiliations, affiliation)
            describe(self.ctx, person, span)
        self._collect_surnames()
        for person in self.persons:
            if person.gender is None:
                person.gender = gender_of_first_name(person.name_tokens[0])

    def _honorific(self, span: Span) -> str | None:
        edge = self.doc[max(span.start - 1, 0) : span.start + 1]  # the word before and the first
        return next((t.text for t in edge if self.lexicon.is_honorific(t.text)), None)

    def _honorific_gender(self, span: Span) -> Gender | None:
        honorific = self._honorific(span)
        return None if honorific is None else self.lexicon.gender_of(honorific)

    def _add_name_mention(self, person: PersonRecord, span: Span) -> None:
        """Also the gender an honorific gives ("Mr Doe", "Ms Doe"): what the text says of the
        person outweighs a guess from the first name, which is made only when nothing is said."""
        honorific = self._honorific(span)
        if honorific is not None:
            person.honorific = person.honorific or honorific
            person.say_gender(self.lexicon.gender_of(honorific))
        person.first = min(person.first, span.start_char)
        person.mentions.append((span.start_char, span.end_char))
        for token in span:
            self._by_token[token.i] = person

    def _collect_surnames(self) -> None:
        """A lone surname the model did not tag ("Doe said") still names the person, also one it
        tagged a place where a place cannot be: a subject, possessor or indirect object ("Doe
        opted to follow", "Doe's destiny"; not "in Doe", nor a country)."""
        for token in self.doc:
            if token.pos_ != "PROPN" or token.i in self._by_token:
                continue
            if token.ent_type_ in _NOT_PERSON_ENTS and not self._place_as_person(token):
                continue
            group = self._hyphen_group(token)  # "Kilroy-Silk" is one surname
            if any(t.i in self._by_token for t in group):
                continue
            person = self._match(list(group), self._honorific_gender(group))
            if person is not None and (len(person.name_tokens) > 1 or group.root.dep_ != "compound"):
                person.name_tokens = hyphenated(person.name_tokens, name_words(list(group)))
                self._add_name_mention(person, group)

    def _place_as_person(self, token: Token) -> bool:
        return (
            token.ent_type_ in ("GPE", "LOC")
            and token.dep_ in ("nsubj", "nsubjpass", "dative", "poss")
            and not self.lexicon.is_country(token.text)
        )

    def _hyphen_group(self, token: Token) -> Span:
        """`token` and the words joined to it by hyphens with no space ("Kilroy-Silk")."""
        end = token.i + 1
        while end + 1 < len(self.doc) and _hyphen_inside(self.doc[end]) and self.doc[end + 1].pos_ == "PROPN":
            end += 2
        return self.doc[token.i : end]

    def _new_person(self, words: list[Token], start: int) -> PersonRecord:
        person = PersonRecord(name_words(words), first=start)
        self.persons.append(person)
        return person

    def _match(self, words: list[Token], gender: Gender | None = None) -> PersonRecord | None:
        """The person already met whom `words` name: the same words, or hyphens for spaces
        ("Kilroy Silk", "Kilroy-Silk"); a lone word their surname (or else their first name),
        of the namesake the text names most when several share it;
        a given name and its variants with the same surname ("Vince Doe", "Vincent Doe"). Not
        one of another gender than an honorific says ("Mr Doe" is not "Jenna Doe"), and a lone
        word without one goes to the person named in full rather than to such an "Mr Doe"."""
        texts = name_words(words)
        if not texts:
            return None
        persons = [p for p in self.persons if not p.other_gender(gender)]
        if len(texts) == 1 and gender is None:
            persons = [p for p in persons if id(p) not in self._apart] or persons
        parts = name_parts(texts)
        for person in persons:
            if name_parts(person.name_tokens) == parts:
                return person
        if len(texts) == 1:
            candidates = [p for p in persons if is_surname(p.name_tokens, texts[0])]
            candidates = candidates or [p for p in persons if p.name_tokens[0] == texts[0]]
            # "Doe" of a profile of Jane Doe that names her father John Doe once
            ranked = sorted(candidates, key=lambda p: -len(p.mentions))
            if len(ranked) == 1 or (ranked and len(ranked[0].mentions) > len(ranked[1].mentions)):
                return ranked[0]
            return None
        given = self.lexicon.given_name(texts[0])
        for person in persons:
            spaced = "-".join(person.name_tokens) == texts[-1] or "-".join(texts) == person.name_tokens[-1]
            if spaced or (
                name_parts(person.name_tokens[1:]) == name_parts(texts[1:])
                and self.lexicon.given_name(person.name_tokens[0]) == given
            ):
                return person
        return None

    def _drop_non_persons(self) -> None:
        """Names that are no person's (see `personhood.py`) leave, with what was resolved to them."""
        tokens: dict[int, list[Token]] = {}
        for i, person in self._by_token.items():
            if self.doc[i].pos_ == "PROPN":
                tokens.setdefault(id(person), []).append(self.doc[i])
        dropped = {id(p) for p in self.persons if not is_person(self.ctx, p, tokens.get(id(p), []))}
        self.persons[:] = [p for p in self.persons if id(p) not in dropped]
        for i in [i for i, p in self._by_token.items() if id(p) in dropped]:
            del self._by_token[i]
        self._coref.forget(dropped)

    # ------------------------------------------------------------------ resolution
    def resolve(self, token: Token) -> PersonRecord | None:
        """The person a name, pronoun or role noun refers to, if it can be told."""
        return self._coref.resolve(token)

    def add_quoted_first_person(self, quotes: Sequence[Quote]) -> None:
        """ "I" in a speaker's quote is the speaker (see `deixis.py`)."""
        quoted_first_person(self.ctx, quotes, self.persons)

    def models(self) -> list[Person]:
        return [p.to_model() for p in self.persons]


def _hyphen_inside(token: Token) -> bool:
    """A hyphen inside a word ("Kilroy-Silk"), not a dash between words."""
    return (
        token.text == "-" and not token.whitespace_ and token.i > 0 and not token.doc[token.i - 1].whitespace_
    )
