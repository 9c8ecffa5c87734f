"""First- and second-person mentions: who "I", "we" and "you" are.

Inside a quote, "I", "me" and "my" are the speaker's own words about themselves, so they are
mentions of the quote's speaker. Outside quotes they are the writer's: a first-person text
(an essay, a letter, a diary, a transcript) has a narrator who is a person of the text even
when never named, and so are the "you" it speaks to and the "we" it speaks for. These become
people with `named` False; a text that names its narrator ("I'm Jane Doe", "my name is Jane
Doe", a letter signed "Yours, Jane Doe") or its reader ("Dear Jane,") gives them that name's
person instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from ..types import Quote
from .context import DocContext
from .person import FIRST_PLURAL, FIRST_SINGULAR, SECOND_PERSON, PersonRecord

_MIN_MENTIONS = 2  # one lone "I" or "you" is an idiom as often as a narrator


def _is_pronoun(token: Token, words: frozenset[str]) -> bool:
    return token.lower_ in words and token.pos_ == "PRON"


def unnamed_people(ctx: DocContext, by_token: dict[int, PersonRecord]) -> list[PersonRecord]:
    """The narrator ("I"), the ones spoken for ("we") and the reader ("you") of the text,
    from their pronouns outside quotes; each a person when mentioned at least twice."""
    found = []
    for words in (FIRST_SINGULAR, FIRST_PLURAL, SECOND_PERSON):
        tokens = [t for t in ctx.doc if _is_pronoun(t, words) and not ctx.quotes.inside(t)]
        tokens = [t for t in tokens if t.i not in by_token]
        if len(tokens) < _MIN_MENTIONS:
            continue
        record = PersonRecord([tokens[0].text], first=tokens[0].idx, named=False)
        narrator = None
        if words is FIRST_SINGULAR:
            narrator = _named_narrator(ctx, tokens, by_token)
            narrator = narrator or _named_after(ctx, ctx.lexicon.sign_offs, by_token)
        elif words is SECOND_PERSON:
            narrator = _named_after(ctx, ctx.lexicon.salutations, by_token)
        for token in tokens:
            (narrator or record).mentions.append((token.idx, token.idx + len(token.text)))
            by_token[token.i] = narrator or record
        if narrator is None:
            found.append(record)
    return found


def _named_narrator(
    ctx: DocContext, tokens: Sequence[Token], by_token: dict[int, PersonRecord]
) -> PersonRecord | None:
    """The person "I" names itself as: "I'm Jane Doe", "I am Doe", "my name is Jane Doe"."""
    for token in tokens:
        verb = token.head
        if verb.lemma_ != "be":
            continue
        if token.dep_ == "poss" and verb.head.lemma_ == "be" and token.head.lower_ == "name":
            verb = verb.head  # "my name is …"
        elif token.dep_ != "nsubj":
            continue
        named = next((c for c in verb.children if c.dep_ == "attr" and c.i in by_token), None)
        if named is not None:
            return by_token[named.i]
    return None


def _named_after(
    ctx: DocContext, openers: frozenset[str], by_token: dict[int, PersonRecord]
) -> PersonRecord | None:
    """The person a letter names after its salutation ("Dear Jane,": the "you") or its
    sign-off ("Yours, Jane Doe": the "I"): an opening word that begins its sentence, then
    only punctuation before the name; None unless exactly one person is so named."""
    found: dict[int, PersonRecord] = {}
    for token in ctx.doc:
        if token.lower_ not in openers or not token.is_sent_start or ctx.quotes.inside(token):
            continue
        for later in ctx.doc[token.i + 1 : token.i + 6]:
            person = by_token.get(later.i)
            if person is not None and person.named:
                found[id(person)] = person
                break
            if not (later.is_punct or later.is_space):
                break
    return next(iter(found.values())) if len(found) == 1 else None


def quoted_first_person(ctx: DocContext, quotes: Sequence[Quote], persons: Sequence[PersonRecord]) -> None:
    """ "I", "me", "my" in the marks of a statement are mentions of its speaker."""
    by_id = {p.id: p for p in persons}
    for quote in quotes:
        speaker = quote.speaker
        if quote.type == "indirect" or speaker is None or speaker.kind != "person" or speaker.person is None:
            continue
        person = by_id.get(speaker.person)
        span = ctx.doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if person is None or span is None:
            continue
        for token in span:
            if _is_pronoun(token, FIRST_SINGULAR) and ctx.quotes.inside(token):
                person.mentions.append((token.idx, token.idx + len(token.text)))
