"""When each statement was made, as an interval at the precision the words give (the
publication date from the text: published.py).

A statement is dated by a time expression of its own clause ("on Tuesday": that day; "in
November 2003": that month); else by its tense and aspect: "has long complained", "had said
previously" were said some time before publication (an open start, the publication day as
end), "says" on the publication day; else by a day of its sentence, then of its paragraph
before it, then by the publication day (`StatementDate.source` says which). A deadline or a
future target ("by 2008") never dates a statement.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..types import DatePrecision, DateSource, TimeExpression
from .context import DocContext

# The PTB tags of a verb in the present tense: "says", "argue".
_PRESENT_TAGS = frozenset({"VBZ", "VBP"})
_SEASON_MONTHS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # the first month of each, three months long
_TIMEX = re.compile(
    r"(?P<year>\d{4})(?:-(?:(?P<month>\d\d)(?:-(?P<day>\d\d)(?:T.*)?)?|W(?P<week>\d\d)(?P<weekend>-WE)?"
    r"|Q(?P<quarter>[1-4])|H(?P<half>[12])|(?P<season>SP|SU|FA|WI)))?|(?P<decade>\d{3})"
)


@dataclass(frozen=True, slots=True)
class StatementDate:
    """When a statement was made: the first and last day it may have been made on (`date_from`
    None: some time before `date_to`), the precision, the words it was read from, and how it
    was found."""

    date_from: dt.date | None
    date_to: dt.date | None
    precision: DatePrecision | None
    text: str | None
    source: DateSource | None

    @property
    def date(self) -> dt.date | None:
        """The day of the statement, when it is known to the day."""
        return self.date_from if self.precision == "day" else None

    @classmethod
    def day(cls, day: dt.date, text: str | None, source: DateSource) -> StatementDate:
        return cls(day, day, "day", text, source)


UNDATED = StatementDate(None, None, None, None, None)


def interval(timex: str | None) -> tuple[dt.date, dt.date, DatePrecision] | None:
    """The days a TIMEX3 value spans and its precision: "2003-11" → November 2003, "month";
    None for a duration, a set or a reference without a date ("P3D", "PRESENT_REF")."""
    found = _TIMEX.fullmatch(timex or "")
    if found is None:
        return None
    parts = {key: int(value) for key, value in found.groupdict().items() if value and value.isdigit()}
    try:
        if "decade" in parts:
            first = dt.date(parts["decade"] * 10, 1, 1)
            return first, dt.date(first.year + 9, 12, 31), "decade"
        year = parts["year"]
        if "day" in parts:
            day = dt.date(year, parts["month"], parts["day"])
            return day, day, "day"
        if "month" in parts:
            return *_months(year, parts["month"], 1), "month"
        if "week" in parts:
            monday = dt.date.fromisocalendar(year, parts["week"], 1)
            if found["weekend"]:
                return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6), "week"
            return monday, monday + dt.timedelta(days=6), "week"
        if "quarter" in parts:
            return *_months(year, 3 * parts["quarter"] - 2, 3), "quarter"
        if "half" in parts:
            return *_months(year, 6 * parts["half"] - 5, 6), "half"
        if found["season"]:
            return *_months(year, _SEASON_MONTHS[found["season"]], 3), "season"
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    except ValueError:  # a day or week that does not exist
        return None


def _months(year: int, month: int, count: int) -> tuple[dt.date, dt.date]:
    """The first and last day of `count` months from `month` of `year` (winter runs into the next)."""
    end_year, end_month = divmod(year * 12 + month - 1 + count, 12)
    return dt.date(year, month, 1), dt.date(end_year, end_month + 1, 1) - dt.timedelta(days=1)


def statement_date(
    ctx: DocContext,
    *,
    cue: Token | None,
    content: tuple[int, int],
    times: list[TimeExpression],
    published: dt.date | None,
) -> StatementDate:
    """Date a statement: its own clause, its tense and aspect, its sentence, its paragraph, then
    publication.

    Dates inside quoted speech (the content, or any quotation) never date the statement:
    "We hope by Friday ..." is about Friday, said today. Nor do durations and deadlines
    ("within a week", "by 2008") or dates after publication: a report cannot precede what it
    reports.
    """
    doc, text = ctx.doc, ctx.text
    quoted = [(q.outer_start, q.outer_end) for q in ctx.quotes.quotes]
    usable = [
        (t, span)
        for t in times
        if t.value is not None
        and t.kind != "duration"
        and (span := interval(t.timex) or _day_of(t)) is not None
        and not _in_content(t, content, cue, text)
        and not any(q0 <= t.start < q1 for q0, q1 in quoted)
        and not _deadline(ctx, t)
        and (published is None or span[0] <= published)
    ]
    here = cue.idx if cue is not None else content[0]
    if cue is not None:
        targets = {cue.i} | ({cue.head.i} if cue.dep_ in ("conj", "advcl", "xcomp", "acl") else set())
        attached: list[tuple[int, int, TimeExpression, tuple[dt.date, dt.date, DatePrecision]]] = []
        for t, span in usable:
            tokens = doc.char_span(t.start, t.end, alignment_mode="expand")
            hops = _hops_to(tokens.root, targets) if tokens is not None else None
            if hops is not None:
                attached.append((hops, abs(t.start - here), t, span))
        if attached:
            _, _, t, span = min(attached, key=lambda a: (a[0], a[1]))
            return StatementDate(*span, t.text, "text")
        if (aspect := _before_publication(ctx, cue)) is not None:
            return StatementDate(None, published, "before", aspect, "published") if published else UNDATED
        if cue.tag_ in _PRESENT_TAGS:
            return StatementDate.day(published, None, "published") if published else UNDATED
    sentence = _sentence_bounds(ctx, cue, content)
    # Beyond the cue's clause only dates of a single day count: "founded in 2019" is no date of
    # saying.
    days = [t for t, span in usable if span[2] == "day"]
    same = [t for t in days if sentence[0] <= t.start and t.end <= sentence[1] and not _describes(doc, t)]
    if same:
        return _dated(min(same, key=lambda t: abs(t.start - here)), "text")
    begin = min(here, content[0])
    paragraph_start = text.rfind("\n", 0, begin) + 1
    before = [t for t in days if paragraph_start <= t.start and t.end <= begin]
    if before:
        return _dated(before[-1], "context")
    if published is not None:
        return StatementDate.day(published, None, "published")
    return UNDATED


def _day_of(t: TimeExpression) -> tuple[dt.date, dt.date, DatePrecision] | None:
    """A time expression with a day but no TIMEX3 value: that day, when its words name one."""
    return (t.value, t.value, "day") if t.value is not None and _is_day(t) else None


def _deadline(ctx: DocContext, t: TimeExpression) -> bool:
    """Whether `t` is a deadline or target: "by 2008", "until Friday", "within a week"."""
    first = t.text.split(maxsplit=1)[0].lower() if t.text.strip() else ""
    previous = re.search(r"(\w+)\s*$", ctx.text[max(0, t.start - 20) : t.start])
    words = ctx.lexicon.deadlines
    return first in words or (previous is not None and previous.group(1).lower() in words)


def _before_publication(ctx: DocContext, cue: Token) -> str | None:
    """The words by which a statement was made some time before publication: a perfect ("has
    said", "had warned") or a habitual adverb ("long complained", "repeatedly argued")."""
    lexicon = ctx.lexicon
    marks = [
        c
        for c in cue.children
        if (c.dep_ == "aux" and c.lower_ in lexicon.perfect)
        or (c.dep_ == "advmod" and c.lower_ in lexicon.habitual)
    ]
    if not marks:
        return None
    tokens = sorted([*marks, cue], key=lambda token: token.i)
    return " ".join(token.text for token in tokens)


def _in_content(t: TimeExpression, content: tuple[int, int], cue: Token | None, text: str) -> bool:
    """Whether `t` is part of the reported content. "X said Tuesday the talks ..." is news
    style for the day of saying, even when the parser puts "Tuesday" into the clause."""
    if not (t.start < content[1] and content[0] < t.end):
        return False
    if cue is None:
        return True
    cue_end = cue.idx + len(cue.text)
    return not (cue_end <= t.start and text[cue_end : t.start].strip() == "")


def _describes(doc: Doc, t: TimeExpression) -> bool:
    """Whether `t` sits in a relative clause, apposition or participle on a noun, which
    tell of other events ("in Springfield, the town where the storm hit on Monday")."""
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    return span is not None and any(a.dep_ in ("relcl", "appos", "acl") for a in span.root.ancestors)


def _is_day(t: TimeExpression) -> bool:
    if t.kind == "weekday":
        return True
    if t.kind == "date":
        return re.search(r"\d{4}-\d\d-\d\d|\b\d{1,2}(?:st|nd|rd|th)?\b", t.text) is not None
    return t.kind == "relative" and re.search(r"(?i)\b(?:week|weekend|month|year)s?\b", t.text) is None


def _dated(t: TimeExpression, source: DateSource) -> StatementDate:
    assert t.value is not None  # only times with a day reach here
    return StatementDate.day(t.value, t.text, source)


# Dependencies through which a time expression still belongs to the cue's clause:
# prepositions, adverbials, possessives ("In Tuesday's call, X asked") and participial
# modifiers ("Speaking on Wednesday, X said"); subjects, objects, relative and complement
# clauses carry times of other events.
_CLAUSE_DEPS = frozenset(
    {"prep", "pobj", "pcomp", "npadvmod", "tmod", "advmod", "advcl", "poss", "compound", "amod",
     "nmod", "nummod", "det", "case", "acl", "dep", "obl", "quantmod"}
)  # fmt: skip


def _hops_to(token: Token, targets: set[int]) -> int | None:
    hops = 0
    while token.i not in targets:
        if token.dep_ not in _CLAUSE_DEPS or token.head.i == token.i:
            return None
        token = token.head
        hops += 1
    return hops


def _sentence_bounds(ctx: DocContext, cue: Token | None, content: tuple[int, int]) -> tuple[int, int]:
    span = ctx.sentence(cue) if cue is not None else ctx.doc.char_span(*content, alignment_mode="expand")
    sentence: Span | None = span if cue is not None or span is None else ctx.sentence(span[0])
    return (sentence.start_char, sentence.end_char) if sentence is not None else content
