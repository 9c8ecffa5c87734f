"""Speakers: a speaker token turned into a `Speaker` — a person of the article (through
names, pronouns and role nouns), several people ("both X and Y"), or a group ("officials",
"the ministry"); "it", "they" and "he"/"she" after an unnamed role look back to what spoke."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Token

from ..types import Gender, Speaker
from .context import DocContext
from .names import display_name
from .people import People
from .person import FEMALE_PRONOUNS, MALE_PRONOUNS, PLURAL_PRONOUNS
from .syntax import SUBJECT_DEPS, conjuncts, full_phrase, noun_phrase, pobj_of, relative_antecedent

_LEADING_DETERMINERS = ("the ", "The ")
_POSSESSIVES = ("'s", "’s")
_BODIES = frozenset({"ORG", "NORP", "GPE"})  # entities that can speak as one


class SpeakerResolver:
    """Turns a speaker token into a `Speaker`: a person, several people, or a group."""

    def __init__(self, ctx: DocContext, people: People) -> None:
        self.ctx = ctx
        self.doc, self.quotes, self.lexicon = ctx.doc, ctx.quotes, ctx.lexicon
        self.people = people

    def __call__(self, token: Token, avoid: Sequence[tuple[int, int]] = ()) -> Speaker:
        """`avoid`: character ranges (the cue, the content) the mention must not reach into.

        A relative pronoun ("a senator who said") is the mention; its antecedent is the speaker.
        """
        antecedent = relative_antecedent(token)
        phrase = self.doc[token.i : token.i + 1] if antecedent else full_phrase(token, outside=avoid)
        mention = dict(mention=phrase.text, start=phrase.start_char, end=phrase.end_char)
        if antecedent is not None:
            return self(antecedent, avoid).model_copy(update=mention)
        if token.lower_ in MALE_PRONOUNS | FEMALE_PRONOUNS:
            role = self._unnamed_antecedent(token)
            if role is not None:  # "A spokeswoman said … She added": the spokeswoman
                return role.model_copy(update=mention)
        members = conjuncts(token)
        if len(members) > 1:
            persons = [self.people.resolve(t) for t in members]
            if all(p is not None for p in persons):
                ids = list(dict.fromkeys(p.id for p in persons if p is not None))
                names = list(dict.fromkeys(p.name for p in persons if p is not None))
                return Speaker(kind="people", name=" and ".join(names), people=ids, **mention)
        person = self.people.resolve(token)
        if person is not None and person.named:
            return Speaker(kind="person", person=person.id, name=person.name, **mention)
        low = token.lower_
        if low in PLURAL_PRONOUNS:
            group = self._plural_antecedent(token)
            if group is not None:
                return group.model_copy(update=mention)
        issuer = self._issuer(token)
        if issuer is not None:  # "a statement from the ministry said": the ministry speaks
            return self(issuer, avoid).model_copy(update=mention)
        if low == "it":
            body = self._organisation_antecedent(token)
            if body is not None:
                return body.model_copy(update=mention)
        if low in MALE_PRONOUNS | FEMALE_PRONOUNS or token.pos_ == "PRON":
            return Speaker(kind="unresolved", name=display_name(phrase.text), **mention)
        named = _named_body(token)  # "the governing body, the Rowing Federation": the name
        name = noun_phrase(named or token).text  # "documents", not "documents seen by the Gazette"
        for determiner in _LEADING_DETERMINERS:
            name = name.removeprefix(determiner)
        for possessive in _POSSESSIVES:  # "the ministry's (statement)"
            name = name.removesuffix(possessive)
        return Speaker(kind="group", name=display_name(name), **mention)

    def _issuer(self, token: Token) -> Token | None:
        """Who issued a statement, letter or release that is said to speak: "a statement from
        the ministry", "the ministry's statement", "a letter signed by Doe"."""
        if token.lemma_.lower() not in self.lexicon.cue_nouns:
            return None
        for child in token.children:
            if child.dep_ == "poss" and child.pos_ != "PRON" and child.ent_type_ not in ("DATE", "TIME"):
                return child  # "the ministry's statement", but not "Wednesday's statement"
            if child.dep_ == "prep" and child.lower_ in ("from", "by"):
                return pobj_of(child)
            if child.dep_ == "acl":  # "a letter signed by Doe"
                agent = next((c for c in child.children if c.dep_ == "agent"), None)
                if agent is not None:
                    return pobj_of(agent)
        return None

    def _earlier_subjects(self, pronoun: Token) -> Iterator[Token]:
        """Subjects outside quotes before `pronoun`, nearest first, within the look-back."""
        for token in reversed(self.doc[self.ctx.lookback_start(pronoun) : pronoun.i]):
            if token.dep_ in SUBJECT_DEPS and not self.quotes.inside(token):
                yield token

    def _organisation_antecedent(self, pronoun: Token) -> Speaker | None:
        """ "it" → the nearest earlier subject outside quotes that names an organisation or that
        spoke ("The ministry said … It added", "The lawsuit said … It stated"), when no person or
        plural comes between."""
        for token in self._earlier_subjects(pronoun):
            if token.pos_ == "PRON":
                continue
            if token.tag_ in ("NNS", "NNPS") or self.people.resolve(token) is not None:
                return None
            lexicon, verb = self.lexicon, token.head.lemma_.lower()
            body = token.ent_type_ in _BODIES or token.lower_ in lexicon.group_nouns
            speaking = verb in lexicon.speech_cues and verb not in lexicon.quote_only_cues
            if body or speaking or _named_body(token) is not None:
                return self(token)
        return None

    def _unnamed_antecedent(self, pronoun: Token) -> Speaker | None:
        """ "he"/"she" → an unnamed speaker ("a spokesman for the council") when that is the
        nearest earlier subject of a speech verb of the pronoun's gender; None as soon as a
        named person of that gender comes first, whom the people resolver then finds."""
        lexicon = self.lexicon
        gender: Gender = "male" if pronoun.lower_ in MALE_PRONOUNS else "female"
        for token in self._earlier_subjects(pronoun):
            if token.lower_ in MALE_PRONOUNS | FEMALE_PRONOUNS | PLURAL_PRONOUNS:
                continue  # an earlier pronoun leads back to the same candidates
            person = self.people.resolve(token)
            if person is not None:
                if person.gender in (None, gender):
                    return None
                continue
            role = token.lemma_.lower()
            speaking = token.head.lemma_.lower() in lexicon.speech_cues
            if token.tag_ != "NN" or not speaking:
                continue
            if role in lexicon.group_nouns or lexicon.is_title(role):
                return self(token) if lexicon.gender_of(role) in (None, gender) else None
        return None

    def _plural_antecedent(self, pronoun: Token) -> Speaker | None:
        """ "they" → the nearest earlier plural subject outside quotes ("officials")."""
        for token in self._earlier_subjects(pronoun):
            plural = token.tag_ in ("NNS", "NNPS") or len(conjuncts(token)) > 1
            if plural and token.lower_ not in PLURAL_PRONOUNS:
                return self(token)
        return None


def _named_body(token: Token) -> Token | None:
    """The organisation named beside a description of it: "the ruling body, the Federation"."""
    return next((c for c in token.children if c.dep_ == "appos" and c.ent_type_ in _BODIES), None)
