"""The typed results of an analysis: the JSON schema is generated from these models.

Offsets (`start`, `end`) are character offsets into `Article.article.text`, end exclusive,
so `text[start:end]` is the span. Models are frozen: results are values, not state.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

QuoteType = Literal["direct", "mixed", "indirect"]
# What a statement's cue reports: words spoken, words written, or a belief, intention or perception.
StatementKind = Literal["speech", "writing", "thought"]
SpeakerKind = Literal["person", "people", "group", "unresolved"]
DateSource = Literal["text", "context", "published"]
# How precisely a statement's date is known; "before": some time before `date_to` (an open start).
DatePrecision = Literal["day", "week", "month", "quarter", "half", "season", "year", "decade", "before"]
Gender = Literal["male", "female"]
TimeKind = Literal["date", "relative", "weekday", "duration", "other"]
TimeType = Literal["DATE", "TIME", "DURATION", "SET"]  # TIMEX3's types


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ArticleMeta(_Model):
    """What is known of the article itself; `text` is what all offsets point into."""

    title: str | None = None
    published: dt.date | None = None
    published_inferred: bool = Field(
        False, description="True when `published` was guessed from the text, not given or read from metadata."
    )
    source: str | None = Field(None, description="Site or publisher name, e.g. from HTML metadata.")
    url: str | None = None
    author: str | None = None
    text: str


class Person(_Model):
    """One person of the article, with every mention that was resolved to them."""

    id: str = Field(description="Stable within one article: p1, p2, … in order of first mention.")
    name: str = Field(description="Canonical (longest) name, e.g. 'Jane Doe' for 'Ms Doe'.")
    titles: list[str] = []
    affiliations: list[str] = []
    gender: Gender | None = None
    mentions: list[tuple[int, int]] = Field(
        [], description="[start, end] of every name, pronoun or role noun resolved to this person."
    )
    named: bool = Field(
        True,
        description="False for a person the text refers to but never names: the 'I' of a first-person"
        " text, the 'you' it speaks to, a 'we'; `name` is then empty.",
    )
    roles: list[str] = Field(
        [],
        description="Canonical roles the article says the person holds ('prime minister', 'russian "
        "president'), from a title or an apposition; role nouns ('the premier') resolve to them.",
    )


class Speaker(_Model):
    """Who made a statement: one person, several people, or a group that is not a person."""

    kind: SpeakerKind
    person: str | None = Field(None, description="Person id when `kind` is 'person'.")
    name: str = Field(description="Canonical name, or the group's words ('officials').")
    mention: str = Field(description="The words of the text that name the speaker ('he', 'the President').")
    start: int
    end: int
    people: list[str] = Field([], description="Person ids of a joint speaker ('both he and X').")


class Cue(_Model):
    """The words that mark a statement as speech: 'said', 'according to', 'told'."""

    text: str
    lemma: str
    start: int
    end: int


class Addressee(_Model):
    """Who a statement was made to ('told X', 'to reporters')."""

    person: str | None = None
    name: str
    mention: str
    start: int
    end: int


class Quote(_Model):
    """One statement: a direct quote, a mixed quote, or reported (indirect) speech."""

    id: str = Field(description="q1, q2, … in text order.")
    type: QuoteType
    text: str = Field(description="The content without its quote marks; equals article.text[start:end].")
    start: int
    end: int
    speaker: Speaker | None = None
    cue: Cue | None = None
    addressee: Addressee | None = None
    date: dt.date | None = Field(None, description="The day the statement was made, when known to the day.")
    date_text: str | None = Field(None, description="The words the date was read from, if any.")
    date_source: DateSource | None = Field(
        None, description="'text': a time expression of the statement; 'context': one nearby; 'published'."
    )
    place: str | None = Field(None, description="Where the statement was made ('in Geneva').")
    parent: str | None = Field(None, description="Id of the statement this one is part of, if nested.")
    confidence: float = Field(ge=0.0, le=1.0)
    in_title: bool = Field(
        False, description="The statement stands in the article's title (its headline), not its body."
    )
    kind: StatementKind | None = Field(
        None,
        description="What its cue reports: 'speech' (said, told), 'writing' (wrote, tweeted, said in a "
        "letter) or 'thought' (believes, fears, opposes: a belief, intention, perception or stance).",
    )
    date_from: dt.date | None = Field(
        None, description="The first day the statement may have been made; None with a `date_to`: before it."
    )
    date_to: dt.date | None = Field(None, description="The last day the statement may have been made.")
    date_precision: DatePrecision | None = Field(
        None,
        description="'day' (then `date` is that day), 'week', 'month', 'quarter', 'half', 'season', 'year', "
        "'decade', or 'before': some time before `date_to` ('has long complained').",
    )


class TimeExpression(_Model):
    """A time expression of the article and the calendar date it denotes, when one can be given."""

    text: str
    start: int
    end: int
    value: dt.date | None = Field(None, description="The day it denotes (a period's first day).")
    kind: TimeKind = "date"
    timex: str | None = Field(
        None,
        description="TIMEX3 value at the precision of the words: '2021', '2021-12', '2021-W49', "
        "'2021-12-07', '2021-12-07TNI', 'P3D'.",
    )
    timex_type: TimeType | None = Field(
        None, description="TIMEX3 type: DATE, TIME (a time of day), DURATION or SET ('every week')."
    )


class Article(_Model):
    """The analysis of one article: its metadata, people, statements and time expressions."""

    schema_version: str = SCHEMA_VERSION
    article: ArticleMeta
    people: list[Person] = []
    quotes: list[Quote] = []
    times: list[TimeExpression] = []
