"""One parsed Doc → its typed results: find the statements, assemble them, then resolve each
statement's speaker, addressee, date and place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..errors import InputError
from ..isodate import DateLike, as_date
from ..lexicon import Lexicon
from ..types import Addressee, Cue, Person, Quote, TimeExpression
from . import dates, places, times
from .context import DocContext
from .cues import statement_kind
from .direct import DirectQuotes
from .names import display_name
from .passes import Found, assemble
from .people import People
from .published import infer_published
from .reported import ReportedSpeech
from .speakers import SpeakerResolver
from .stances import StanceFinder
from .statement import Statement, TaggedAttribution, inside
from .syntax import noun_phrase


@dataclass(slots=True)
class DocAnalysis:
    quotes: list[Quote] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    published: dt.date | None = None
    published_inferred: bool = False


def analyze_doc(
    doc: Doc,
    *,
    published: DateLike,
    lexicon: Lexicon | None = None,
    beliefs: bool = True,
    tagged: Sequence[TaggedAttribution] = (),
) -> DocAnalysis:
    """Every statement of a parsed document, with speaker, cue, addressee, date and place;
    with `beliefs` (the default), also attributed beliefs and stances ("X believes that …",
    `kind: "thought"`); with `tagged`, the trained tagger's attributions merged in (see
    `passes.merge_tagged`)."""
    published = as_date(published)
    if published is not None and not times.in_anchor_range(published):
        raise InputError(
            f"publication date {published.isoformat()} is out of range: saidwhat dates news "
            f"published from {times.EARLIEST_ANCHOR.isoformat()} to {times.LATEST_ANCHOR.isoformat()}"
        )
    ctx = DocContext.of(doc, lexicon, beliefs=beliefs)
    people = People(ctx)
    reported = ReportedSpeech(ctx).find() + StanceFinder(ctx).find()
    found = Found(direct=DirectQuotes(ctx).find(), reported=reported, tagged=tagged)
    statements = assemble(found, ctx)

    inferred = published is None
    if published is None:
        published = infer_published(ctx)
    found_times = times.find_time_expressions(ctx, published)
    resolve_speaker = SpeakerResolver(ctx, people)

    ids = {id(s): f"q{n}" for n, s in enumerate(statements, 1)}
    title = ctx.title
    quotes: list[Quote] = []
    for statement in statements:
        cue_token = _cue_token(statement)
        content = (statement.start, statement.end)
        when = dates.statement_date(
            ctx, cue=cue_token, content=content, times=found_times, published=published
        )
        hosts = [s for s in statements if inside(statement, s)]
        parent = min(hosts, key=lambda s: s.end - s.start) if hosts else None
        quotes.append(
            Quote(
                id=ids[id(statement)],
                type=statement.kind,
                text=ctx.text[statement.start : statement.end],
                start=statement.start,
                end=statement.end,
                speaker=resolve_speaker(statement.speaker, _extent(statement)) if statement.speaker else None,
                cue=_cue_model(statement),
                addressee=_addressee_model(statement.addressee, people),
                date=when.date,
                date_text=when.text,
                date_source=when.source,
                place=places.statement_place(ctx, cue=cue_token, content=content),
                parent=ids[id(parent)] if parent is not None else None,
                confidence=statement.confidence,
                in_title=title[0] <= statement.start and statement.end <= title[1],
                kind=statement_kind(_cue_span(statement), ctx.lexicon),
                date_from=when.date_from,
                date_to=when.date_to,
                date_precision=when.precision,
            )
        )
    people.add_quoted_first_person(quotes)
    return DocAnalysis(
        quotes=quotes,
        people=people.models(),
        times=found_times,
        published=published,
        published_inferred=inferred and published is not None,
    )


def _cue_span(statement: Statement) -> Span | None:
    """The cue; a continued quote dates, places and kinds itself by its first part's cue."""
    if statement.cue is not None:
        return statement.cue
    inherited = statement.inherited_from
    return inherited.cue if inherited is not None else None


def _cue_token(statement: Statement) -> Token | None:
    """The cue's head word (see `_cue_span`)."""
    cue = _cue_span(statement)
    return cue.root if cue is not None else None


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
        name=person.name if person else display_name(phrase.text),
        mention=phrase.text,
        start=phrase.start_char,
        end=phrase.end_char,
    )
