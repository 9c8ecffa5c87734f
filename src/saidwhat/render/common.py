"""What both human views share: quotes grouped by who said them, the article's details line, and a
statement's date at its precision."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..types import Article, ArticleMeta, DatePrecision, Person, Quote

UNATTRIBUTED = "unattributed"


@dataclass(slots=True)
class SpeakerGroup:
    """The statements of one speaker: a person (by id), a group or joint speaker (by name), or nobody."""

    key: str
    name: str
    kind: str
    person: Person | None = None
    quotes: list[Quote] = field(default_factory=list)

    @property
    def count(self) -> int:
        """Statements of the body: a headline restates the body, so its statements are not counted again."""
        return sum(not q.in_title for q in self.quotes)


def group_quotes(article: Article) -> list[SpeakerGroup]:
    """Speakers by number of statements (ties: first statement first), with the unattributed last."""
    people = {person.id: person for person in article.people}
    groups: dict[str, SpeakerGroup] = {}
    for quote in sorted(article.quotes, key=lambda q: (q.start, q.end)):
        group = _group_of(quote, people)
        groups.setdefault(group.key, group).quotes.append(quote)
    return sorted(groups.values(), key=lambda g: (g.key == UNATTRIBUTED, -g.count, g.quotes[0].start))


def _group_of(quote: Quote, people: dict[str, Person]) -> SpeakerGroup:
    """An empty group for the quote's speaker: person by id, anything else by its name."""
    speaker = quote.speaker
    if speaker is None:
        return SpeakerGroup(key=UNATTRIBUTED, name=UNATTRIBUTED, kind=UNATTRIBUTED)
    if speaker.person is not None:
        person = people.get(speaker.person)
        name = person.name if person else speaker.name
        return SpeakerGroup(key=f"person:{speaker.person}", name=name, kind="person", person=person)
    return SpeakerGroup(key=f"{speaker.kind}:{speaker.name.lower()}", name=speaker.name, kind=speaker.kind)


def article_details(meta: ArticleMeta) -> list[str]:
    """The line under the title: publication date (flagged when inferred), source, author, URL."""
    details = []
    if meta.published is not None:
        inferred = " (inferred from the text)" if meta.published_inferred else ""
        details.append(f"published {meta.published.isoformat()}{inferred}")
    return details + [value for value in (meta.source, meta.author, meta.url) if value]


def day_label(day: dt.date | None, precision: DatePrecision | None) -> str:
    """One end of a span of statements as precisely as its statement's date is known: a day,
    '2003-11' for a month, '2003' for a year (never 2003-01-01), '' for none; also valid as
    HTML's <time datetime>, but for a decade ('1990s')."""
    if day is None:
        return ""
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "decade":
        return f"{day.year // 10 * 10:04d}s"
    return day.isoformat()


def date_label(quote: Quote) -> str:
    """A statement's date as precisely as it is known: '2021-12-07', 'week of 2021-12-06', '2003-11',
    '2003', '1980s', 'before 2024-03-08' ("has long complained"), a range, or 'undated'."""
    first, last, precision = quote.date_from, quote.date_to, quote.date_precision
    if precision == "before" and last is not None:
        return f"before {last.isoformat()}"
    if first is None or last is None:
        return quote.date.isoformat() if quote.date else "undated"
    if precision == "week":
        return f"week of {first.isoformat()}"
    if precision in ("day", "month", "year", "decade"):
        return day_label(first, precision)
    return f"{first.isoformat()} – {last.isoformat()}"
