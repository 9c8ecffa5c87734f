"""From a parsed Doc to typed results: statements with resolved speakers, dates and places."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from .. import places, timenorm
from ..lexicon import load_lexicon
from ..types import Addressee, Cue, Person, Quote, Speaker, TimeExpression
from .attribution import Attributor, Statement, TaggedAttribution
from .people import FEMALE_PRONOUNS, MALE_PRONOUNS, PLURAL_PRONOUNS, People
from .quotemarks import find_quotes
from .syntax import (
    SUBJECT_DEPS,
    QuoteMap,
    conjuncts,
    full_phrase,
    noun_phrase,
    pobj_of,
    relative_antecedent,
)

_MIN_UNATTRIBUTED_WORDS = 5  # shorter quoted fragments with no cue are titles or scare quotes
_LEADING_DETERMINERS = ("the ", "The ")
_POSSESSIVES = ("'s", "’s")
_ANTECEDENT_WINDOW = 120  # tokens a pronoun looks back for its antecedent
_BODIES = frozenset({"ORG", "NORP", "GPE"})  # entities that can speak as one
_LINE_BREAKS = re.compile(r"\n\s*")


@dataclass(slots=True)
class DocAnalysis:
    quotes: list[Quote] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    published: dt.date | None = None
    published_inferred: bool = False


class _SpeakerResolver:
    """Turns a speaker token into a `Speaker`: a person, several people, or a group."""

    def __init__(self, doc: Doc, people: People, quotes: QuoteMap) -> None:
        self.doc = doc
        self.people = people
        self.quotes = quotes

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
        if person is not None:
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
            return Speaker(kind="unresolved", name=phrase.text, **mention)
        named = _named_body(token)  # "the governing body, the Rowing Federation": the name
        name = noun_phrase(named or token).text  # "documents", not "documents seen by the Gazette"
        for determiner in _LEADING_DETERMINERS:
            name = name.removeprefix(determiner)
        for possessive in _POSSESSIVES:  # "the ministry's (statement)"
            name = name.removesuffix(possessive)
        return Speaker(kind="group", name=name, **mention)

    def _issuer(self, token: Token) -> Token | None:
        """Who issued a statement, letter or release that is said to speak: "a statement from
        the ministry", "the ministry's statement", "a letter signed by Doe"."""
        if token.lemma_.lower() not in self.people.lexicon.cue_nouns:
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
        """Subjects outside quotes before `pronoun`, nearest first, within a few paragraphs."""
        for token in reversed(self.doc[max(pronoun.i - _ANTECEDENT_WINDOW, 0) : pronoun.i]):
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
            lexicon, verb = self.people.lexicon, token.head.lemma_.lower()
            body = token.ent_type_ in _BODIES or token.lower_ in lexicon.group_nouns
            speaking = verb in lexicon.speech_cues and verb not in lexicon.quote_only_cues
            if body or speaking or _named_body(token) is not None:
                return self(token)
        return None

    def _unnamed_antecedent(self, pronoun: Token) -> Speaker | None:
        """ "he"/"she" → an unnamed speaker ("a spokesman for the council") when that is the
        nearest earlier subject of a speech verb of the pronoun's gender; None as soon as a
        named person of that gender comes first, whom the people resolver then finds."""
        lexicon = self.people.lexicon
        gender = "male" if pronoun.lower_ in MALE_PRONOUNS else "female"
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


def _inside(inner: Statement, outer: Statement) -> bool:
    return (
        outer.start <= inner.start
        and inner.end <= outer.end
        and (outer.start, outer.end)
        != (
            inner.start,
            inner.end,
        )
    )


def _attach_mixed(direct: list[Statement], reported: list[Statement]) -> None:
    """A quoted fragment that opens inside reported speech is a mixed quote of that
    statement; the statement's content is stretched to take in the whole fragment."""
    for statement in direct:
        if statement.speaker is not None or statement.standalone:
            continue
        hosts = [r for r in reported if r.start <= statement.start < r.end]
        if hosts:
            host = min(hosts, key=lambda r: r.end - r.start)
            host.end = max(host.end, statement.end)
            statement.speaker, statement.cue, statement.confidence = host.speaker, host.cue, 0.8
            statement.addressee = host.addressee


def _quotes_in_clauses(direct: list[Statement], reported: list[Statement], doc: Doc) -> None:
    """ "She said that “…”", "She said that if …, “…”": a quote inside the clause its cue
    reports, which a conjunction opens, is a fragment of that clause, so a mixed quote in it;
    the clause, from "that", is the statement."""
    for quote in direct:
        if quote.kind != "direct" or quote.cue is None:
            continue
        cue = quote.cue.root.i
        for statement in reported:
            if statement.cue is None or statement.cue.root.i != cue:
                continue
            if not statement.start < quote.start <= statement.end:
                continue
            opening = doc.char_span(statement.start, quote.start, alignment_mode="expand")
            if opening is not None and opening[0].dep_ == "mark":
                quote.kind = "mixed"
                break


def _uncross(statements: Sequence[Statement]) -> None:
    """Statements nest or keep apart: a reported statement that a quote runs out of is
    stretched to take it in — "described it as “truly overwhelming. I am …,” she said": the
    description holds the quote, which keeps its own speaker. Of two crossing reported
    statements the first takes in the second. Quote marks nest by construction."""
    ordered = sorted(statements, key=lambda s: s.start)
    changed = True
    while changed:
        changed = False
        for outer in ordered:
            if outer.kind != "indirect":
                continue
            for other in ordered:
                if other.start >= outer.end:
                    break
                if not _crosses(outer, other) or (other.kind == "indirect" and other.start < outer.start):
                    continue
                outer.start, outer.end = min(outer.start, other.start), max(outer.end, other.end)
                changed = True
        ordered.sort(key=lambda s: s.start)


def _crosses(one: Statement, other: Statement) -> bool:
    """Overlapping, and neither inside the other."""
    return one.start < other.start < one.end < other.end or other.start < one.start < other.end < one.end


def _overlaps_direct(statement: Statement, direct: list[Statement]) -> bool:
    """Reported speech whose content is really a direct quote ("“…,” he said")."""
    length = statement.end - statement.start
    for quote in direct:
        if quote.kind == "mixed":
            continue
        overlap = min(statement.end, quote.end) - max(statement.start, quote.start)
        if overlap > 0.5 * length or (overlap > 0 and statement.speaker is quote.speaker):
            return True
    return False


def _paragraph_index(text: str, offset: int) -> int:
    return len(_LINE_BREAKS.findall(text, 0, offset))


def _inherit_speakers(
    direct: list[Statement], reported: list[Statement], attributor: Attributor, text: str
) -> list[Statement]:
    """Quotes with no cue of their own: a continuation of the previous quote, a quote named
    in the next sentence, or one that follows a paragraph of the same speaker's speech."""
    result: list[Statement] = []
    by_start = sorted(direct + reported, key=lambda s: s.start)
    for qi, statement in enumerate(direct):
        if statement.speaker is not None:
            result.append(statement)
            continue
        if not statement.standalone:  # a fragment inside a sentence with no speech around it
            continue
        quote = attributor.quotes.quotes[qi]
        paragraph = _paragraph_index(text, statement.start)
        previous = [s for s in by_start if s.speaker is not None and s.end <= statement.start]
        last = previous[-1] if previous else None
        near = last is not None and paragraph - _paragraph_index(text, last.end) <= 1
        named_next = attributor.next_sentence_speaker(quote)
        if named_next is not None:
            statement = named_next
        elif last is not None and near and last.kind == "direct" and last in direct:
            # “A,” she said. “B.” — one statement split by its cue: B shares A's cue.
            same_paragraph = paragraph == _paragraph_index(text, last.end)
            statement.cue = last.cue if same_paragraph else None
            statement.speaker, statement.confidence = last.speaker, 0.75
            statement.inherited_from = last
        elif last is not None and near:
            statement.speaker, statement.confidence = last.speaker, 0.6
            statement.inherited_from = last
        elif len(text[statement.start : statement.end].split()) < _MIN_UNATTRIBUTED_WORDS:
            continue
        else:
            statement.confidence = 0.3
        result.append(statement)
    return result


def _merge_tagged(
    doc: Doc, tagged: Sequence[TaggedAttribution], direct: Sequence[Statement], reported: list[Statement]
) -> list[Statement]:
    """The reported statements with the trained tagger's attributions merged in, per role.

    Quote marks are the rules' ground: a tagged attribution that touches a direct or mixed
    quote is dropped. Where the rules and the tagger found the same reported statement, the
    tagger's content, cue and source spans replace the rules' (it learnt PolNeAR's span
    boundaries; measured on dev, this raised every span score), the rules' addressee is kept.
    Attributions the rules missed are added. Each fragment of a split content becomes a
    statement sharing speaker and cue; speakers are resolved later like the rules' ones."""
    merged = list(reported)
    for attribution in tagged:
        if attribution.source is None or attribution.cue is None or not attribution.content:
            continue
        touches = [
            s
            for start, end in attribution.content
            for s in (*direct, *merged)
            if s.start < end and start < s.end
        ]
        if any(s.kind != "indirect" for s in touches):
            continue
        source = doc.char_span(*attribution.source, alignment_mode="expand")
        cue = doc.char_span(*attribution.cue, alignment_mode="expand")
        if source is None or cue is None:
            continue
        addressee = next((s.addressee for s in touches if s.addressee is not None), None)
        confidence = max([s.confidence for s in touches], default=0.6 * attribution.confidence)
        merged = [s for s in merged if not any(s is t for t in touches)]
        merged += [
            Statement(
                "indirect",
                start,
                end,
                speaker=source.root,
                cue=cue,
                addressee=addressee,
                confidence=confidence,
            )
            for start, end in attribution.content
        ]
    return merged


def analyze_doc(
    doc: Doc,
    *,
    published: dt.date | None,
    beliefs: bool = False,
    tagged: Sequence[TaggedAttribution] = (),
) -> DocAnalysis:
    """Every statement of a parsed document, with speaker, cue, addressee, date and place;
    with `beliefs`, also attributed beliefs and intentions ("X believes that …"); with
    `tagged`, the trained tagger's attributions merged in (see `_merge_tagged`)."""
    lexicon = load_lexicon()
    text = doc.text  # Doc.text joins every token on each access: read it once
    quote_map = QuoteMap(doc, find_quotes(text))
    people = People(doc, quote_map, lexicon)
    attributor = Attributor(doc, quote_map, lexicon, beliefs=beliefs)

    direct = attributor.direct()
    reported = attributor.reported()
    _attach_mixed(direct, reported)
    _quotes_in_clauses(direct, reported, doc)
    reported = [r for r in reported if not _overlaps_direct(r, direct)]
    direct = _inherit_speakers(direct, reported, attributor, text)
    reported = _merge_tagged(doc, tagged, direct, reported)
    _uncross(direct + reported)

    inferred = published is None
    if published is None:
        published = timenorm.infer_published(doc)
    times = timenorm.find_time_expressions(doc, published)
    resolve_speaker = _SpeakerResolver(doc, people, quote_map)

    statements = sorted(direct + reported, key=lambda s: (s.start, -s.end))
    ids = {id(s): f"q{n}" for n, s in enumerate(statements, 1)}
    quotes: list[Quote] = []
    for statement in statements:
        cue_token = statement.cue.root if statement.cue is not None else None
        if cue_token is None and statement.inherited_from is not None and statement.inherited_from.cue:
            cue_token = statement.inherited_from.cue.root
        content = (statement.start, statement.end)
        when = timenorm.statement_date(doc, cue=cue_token, content=content, times=times, published=published)
        hosts = [s for s in statements if _inside(statement, s)]
        parent = min(hosts, key=lambda s: s.end - s.start) if hosts else None
        quotes.append(
            Quote(
                id=ids[id(statement)],
                type=statement.kind,
                text=text[statement.start : statement.end],
                start=statement.start,
                end=statement.end,
                speaker=resolve_speaker(statement.speaker, _extent(statement)) if statement.speaker else None,
                cue=_cue_model(statement),
                addressee=_addressee_model(statement.addressee, people),
                date=when.date,
                date_text=when.text,
                date_source=when.source,
                place=places.statement_place(doc, cue=cue_token, content=content),
                parent=ids[id(parent)] if parent is not None else None,
                confidence=statement.confidence,
            )
        )
    return DocAnalysis(
        quotes=quotes,
        people=people.models(),
        times=times,
        published=published,
        published_inferred=inferred and published is not None,
    )


def _extent(statement: Statement) -> list[tuple[int, int]]:
    """Character ranges of the statement's content and cue."""
    ranges = [(statement.start, statement.end)]
    if statement.cue is not None:
        ranges.append((statement.cue.start_char, statement.cue.end_char))
    return ranges


def _cue_model(statement: Statement) -> Cue | None:
    if statement.cue is None:
        return None
    cue = statement.cue
    return Cue(text=cue.text, lemma=cue.root.lemma_.lower(), start=cue.start_char, end=cue.end_char)


def _addressee_model(token: Token | None, people: People) -> Addressee | None:
    if token is None:
        return None
    phrase = noun_phrase(token)
    person = people.resolve(token)
    return Addressee(
        person=person.id if person else None,
        name=person.name if person else phrase.text,
        mention=phrase.text,
        start=phrase.start_char,
        end=phrase.end_char,
    )
