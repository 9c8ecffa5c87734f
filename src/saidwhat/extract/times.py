"""Time expressions of an article and their calendar dates.

News dates are mostly relative: a story says "on Tuesday" or "a day later" and leaves the
reader to count back from the day it appeared. Expressions are therefore resolved against
an anchor (the publication date) and, for "a day later", against the previous date of the
text. Absolute dates go through dateparser; only the news conventions are written here.

Periods coarser than a day ("December", "last week", "2021") get the first day of the
period as `value`; they are never used as the discourse anchor of "a day later".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import cast

import dateparser
from spacy.tokens import Doc, Span

from ..lexicon import Lexicon
from ..types import TimeExpression, TimeKind
from .context import DocContext
from .timex import NUMBER_WORDS, NUMBERS, Grain, timex_value

_WEEKDAYS = [name.lower() for name in calendar.day_name]  # Monday first, as date.weekday()
_MONTHS = [name.lower() for name in calendar.month_name]  # "" first: the index is the month
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTH = rf"(?:{_MONTH_FULL}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|20)\d\d"
_NUM = rf"(?:an?|{'|'.join(NUMBER_WORDS[1:])}|\d{{1,3}})"
_UNIT = r"(?:day|week|month|year)s?"
_PART = r"(?:morning|afternoon|evening|night)"

# Month and weekday names are matched case-sensitively: "may", "march" and "sun" are words too.
_MONTH_DAY = re.compile(
    rf"\b(?:{_WD},?\s+)?(?:{_MONTH}\s+{_DAY}|{_DAY}\s+(?:of\s+)?{_MONTH})\b(?:,?\s+{_YEAR}\b)?"
)
# Quarters and seasons of a year: "the third quarter", "fourth-quarter", "last fall".
_ORDINALS = ("first", "second", "third", "fourth")
_QUARTER = re.compile(rf"(?i)\b(?:the\s+)?({'|'.join(_ORDINALS)})[\s-]quarter\b(?:\s+of\s+({_YEAR}))?")
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SEASON_NAMES = "|".join(_SEASONS)
_SEASON_STARTS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # the month a season begins
_SEASON = re.compile(rf"(?i)\b(?:(this|last|next|the)\s+)?({_SEASON_NAMES})\b(?:\s+of\s+({_YEAR}))?")
# News idioms the model's DATE entities miss or cut short: possessive weekdays ("Tuesday's
# call"), deadlines ("by Friday", "within a week"), discourse-relative days ("a day later",
# "the day before") and parts of days ("Monday night", "this morning"); quarters; a season
# named with this/last/next.
_PATTERNS = (
    _MONTH_DAY,
    _QUARTER,
    re.compile(rf"(?i)\b(?:this|last|next)\s+(?:{_SEASON_NAMES})\b"),
    re.compile(rf"\b{_MONTH_FULL},?\s+{_YEAR}\b"),
    re.compile(r"\b\d{4}-\d\d-\d\d\b"),
    re.compile(rf"\b(?i:(?:by|next|last|this|past)\s+)?{_WD}(?:['’]s)?(?:\s+(?i:{_PART}))?\b"),
    re.compile(
        rf"(?i)\b(?:(?:yesterday|tomorrow|this)\s+{_PART}|yesterday|today|tomorrow|tonight|last\s+night)\b"
    ),
    re.compile(r"(?i)\b(?:(?:earlier|later)\s+)?(?:this|last|next)\s+(?:week|weekend|month|year)\b"),
    re.compile(rf"(?i)\b{_NUM}\s+{_UNIT}\s+(?:later|earlier|ago|after|before)\b"),
    re.compile(r"(?i)\bthe\s+(?:day|week)\s+(?:before|after)\b"),
    re.compile(r"(?i)\bthe\s+(?:next|following|previous|prior|same)\s+day\b"),
    re.compile(rf"(?i)\bwithin\s+(?:the\s+next\s+)?{_NUM}\s+{_UNIT}\b"),
)
_DAY_WORDS = rf"(?:yesterday|tomorrow|this) {_PART}|yesterday|today|tomorrow|tonight|last night"
_DURATION = re.compile(
    rf"(?i)\b(?:(?:{_NUM}|several|few|many|recent|past|coming|\d+)[\s-]+)?"
    r"(?:hours?|minutes?|days?|weeks?|months?|years?|decades?|centur(?:y|ies))\b"
)
# DATE entities that are ages or bare numbers ("aged 16 to 18", "a 15-year-old"), not times.
_NOT_TIME = re.compile(rf"(?i)^(?!.*\b{_YEAR}\b)(?:[\d\s.,%-]|\b(?:to|and|or|under|over|aged)\b)+$|\bold\b")
# How many days ahead of the anchor a date without a year may lie before it is read as
# last year's: news looks back far more often than it looks ahead.
_YEAR_LOOKAHEAD = dt.timedelta(days=62)
# The anchors (publication dates) the rules accept: wider than any news archive, and far
# enough from Python's date limits (years 1 and 9999) that counting back or ahead (at most 999
# units: `_NUM`) stays in range.
EARLIEST_ANCHOR = dt.date(1000, 1, 1)
LATEST_ANCHOR = dt.date(8999, 12, 31)


@dataclass(slots=True)
class FoundTime:
    """A time expression as found, with what the date rules need to know of it."""

    start: int
    end: int
    text: str
    value: dt.date | None = None
    kind: TimeKind = "other"
    exact: bool = False  # one day: may anchor a following "a day later"
    full: bool = False  # day, month and year all written out
    future: bool = False  # its governing verb looks ahead
    weekday: int | None = None
    grain: Grain | None = None  # the precision the words give: a day, a month, a duration, …
    reference: str | None = None  # "now" → PRESENT_REF: a time without a date
    period: str | None = None  # the quarter or season of a year: "Q3", "SU"


def find_time_expressions(ctx: DocContext, published: dt.date | None) -> list[TimeExpression]:
    """Every time expression of the document in text order, resolved against `published`.

    Without `published` only absolute dates get a value: relative ones need an anchor.
    """
    return [
        TimeExpression(
            text=f.text,
            start=f.start,
            end=f.end,
            value=f.value,
            kind=f.kind,
            timex=f.reference or timex_value(f.text, f.value, f.grain, f.period),
        )
        for f in find_times(ctx, published)
    ]


def in_anchor_range(day: dt.date) -> bool:
    return EARLIEST_ANCHOR <= day <= LATEST_ANCHOR


def find_times(ctx: DocContext, anchor: dt.date | None) -> list[FoundTime]:
    """Every time expression of the text in order, interpreted against `anchor`."""
    doc, text = ctx.doc, ctx.text
    references = dict(ctx.lexicon.time_references)
    found = [FoundTime(s, e, text[s:e]) for s, e in _spans(doc, text, _reference_pattern(ctx.lexicon))]
    previous: dt.date | None = None  # the discourse anchor of "a day later"
    previous_start = -1
    for f in found:
        span = doc.char_span(f.start, f.end, alignment_mode="expand")
        f.future = span is not None and _is_future(span)
        sentence_start = ctx.sentence(span[0]).start_char if span is not None else f.start
        in_sentence = previous if previous_start >= sentence_start else None
        f.reference = references.get(f.text.lower())
        if f.reference is None:
            _interpret(f, anchor, previous or anchor, in_sentence, text[f.end : f.end + 2])
        if f.exact and f.value is not None:
            previous, previous_start = f.value, f.start
    return found


@cache
def _reference_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    phrases = sorted((re.escape(phrase) for phrase, _ in lexicon.time_references), key=len, reverse=True)
    return re.compile(rf"(?i)\b(?:{'|'.join(phrases)})\b")


def _spans(doc: Doc, text: str, references: re.Pattern[str]) -> list[tuple[int, int]]:
    """Pattern matches and the model's DATE/TIME entities; the longest wins an overlap."""
    candidates = [m.span() for pattern in (*_PATTERNS, references) for m in pattern.finditer(text)]
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME"):
            stripped = ent.text.strip(" \t\n,.;:")
            if stripped and not (ent.label_ == "DATE" and _NOT_TIME.search(stripped)):
                start = ent.start_char + ent.text.index(stripped)
                candidates.append((start, start + len(stripped)))
    chosen: list[tuple[int, int]] = []
    candidates = [c for c in candidates if not _in_name(doc, *c)]
    for start, end in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if all(end <= s or e <= start for s, e in chosen):
            chosen.append((start, end))
    return sorted(chosen)


def _in_name(doc: Doc, start: int, end: int) -> bool:
    """Whether a day or month is part of a name: "the Sunday Times", "the Friday Agreement",
    and a capitalised "Today" inside a sentence is a programme ("told Radio 4's Today")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    first = span[0]
    title = first.lower_ in ("today", "tonight") and first.text[0].isupper() and not first.is_sent_start
    if title and first.i > 0 and not doc[first.i - 1].is_punct:
        return True
    if any(t.ent_type_ not in ("", "DATE", "TIME") for t in span):
        return True
    head = span.root.head
    return span.root.dep_ == "compound" and head.pos_ == "PROPN" and head.ent_type_ not in ("DATE", "TIME")


def _is_future(span: Span) -> bool:
    """Whether the verb governing `span` looks ahead: "will/'ll/would meet", "to meet",
    "going to meet" ("by Friday" and "next Friday" are read from the words themselves)."""
    token = span.root
    for _ in range(8):
        if token.head.i == token.i:
            return False
        token = token.head
        if token.pos_ in ("VERB", "AUX") and not (span.start <= token.i < span.end):
            break
    else:
        return False
    auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("have", "has", "had", "'ve", "’ve") for a in auxes):
        return False  # "would have met on Friday" is past
    return any(a.tag_ == "MD" or a.lower_ == "to" for a in auxes)


def _interpret(f: FoundTime, anchor: dt.date | None, previous: dt.date | None,
               in_sentence: dt.date | None, following: str) -> None:  # fmt: skip
    """Set `value` and `kind` of `f` from its words; `previous` is the discourse anchor."""
    words = re.sub(r"\s+", " ", f.text.replace("’", "'")).removesuffix("'s")
    lower = words.lower()
    if re.fullmatch(r"\d{4}-\d\d-\d\d", words):
        f.value, f.kind, f.exact, f.full, f.grain = _parse_absolute(words, None), "date", True, True, "day"
    elif (m := _MONTH_DAY.search(words)) is not None:
        f.kind, f.exact, f.full = "date", True, re.search(_YEAR, m.group()) is not None
        f.value, f.grain = _parse_absolute(m.group(), anchor, f.future), "day"
    elif (m := re.search(rf"\b{_MONTH_FULL}\b(?:,?\s+({_YEAR}))?", words)) is not None:
        month = _MONTHS.index(m.group().split()[0].rstrip(",").lower())
        f.kind, f.grain = "date", "month"
        if m.group(1):
            f.value = dt.date(int(m.group(1)), month, 1)
        elif anchor is not None:
            f.value = _named_month(month, anchor, lower, f.future)
    elif (m := re.search(_WD, words)) is not None:
        f.kind, f.exact, f.weekday = "weekday", True, _WEEKDAYS.index(m.group().lower())
        f.grain = "day"
        if re.match(r"(?i)(by|next)\b", words):
            f.future = True
        if anchor is not None:
            f.value = _weekday_date(f.weekday, anchor, lower, f.future)
    elif re.fullmatch(_DAY_WORDS, lower):
        f.kind, f.exact, f.grain = "relative", True, "day"
        offset = -1 if "yesterday" in lower or "last night" in lower else 1 if "tomorrow" in lower else 0
        f.value = anchor + dt.timedelta(days=offset) if anchor else None
    elif (
        m := re.fullmatch(r"(?:(?:earlier|later) )?(this|last|next) (week|weekend|month|year)", lower)
    ) is not None:
        f.kind, f.grain = "relative", _grain_of_unit(m.group(2))
        step = {"this": 0, "last": -1, "next": 1}[m.group(1)]
        f.value = _period_start(anchor, m.group(2), step) if anchor else None
    elif (m := re.fullmatch(rf"({_NUM}|the) ({_UNIT}) (later|earlier|ago|after|before)", lower)) is not None:
        f.kind, f.exact, f.grain = "relative", m.group(2).startswith("day"), _grain_of_unit(m.group(2))
        amount = NUMBERS.get(m.group(1)) or (1 if m.group(1) == "the" else int(m.group(1)))
        amount *= 1 if m.group(3) in ("later", "after") else -1
        base = anchor if m.group(3) == "ago" else previous
        # "a day after the vote" names the time of its own clause, which a date earlier in the
        # sentence gives ("on Friday, a day after the vote"); "a day later" counts from `base`.
        if m.group(3) in ("after", "before") and re.match(r"\s\w", following):
            f.value = in_sentence
        elif base is not None:
            f.value = _shift(base, m.group(2), amount)
    elif (m := re.fullmatch(r"the (next|following|previous|prior|same) day", lower)) is not None:
        f.kind, f.exact, f.grain = "relative", True, "day"
        step = {"next": 1, "following": 1, "same": 0}.get(m.group(1), -1)
        f.value = previous + dt.timedelta(days=step) if previous else None
    elif (m := re.fullmatch(rf"within (?:the next )?({_NUM}) ({_UNIT})", lower)) is not None:
        f.kind, f.grain = "duration", "duration"
        amount = NUMBERS.get(m.group(1)) or int(m.group(1))
        f.value = _shift(anchor, m.group(2), amount) if anchor else None
    elif (m := _QUARTER.fullmatch(words)) is not None:
        quarter = _ORDINALS.index(m.group(1).lower()) + 1
        f.kind, f.grain, f.period = "date", "quarter", f"Q{quarter}"
        year = int(m.group(2)) if m.group(2) else _year_of_period(anchor, 3 * quarter - 2)
        f.value = dt.date(year, 3 * quarter - 2, 1) if year else None
    elif (m := _SEASON.fullmatch(words)) is not None:
        code = _SEASONS[m.group(2).lower()]
        step = {"last": -1, "next": 1}.get((m.group(1) or "").lower(), 0)
        f.kind, f.grain, f.period = "date", "season", code
        year = int(m.group(3)) if m.group(3) else (anchor.year + step if anchor else None)
        f.value = dt.date(year, _SEASON_STARTS[code], 1) if year else None
    elif (m := re.search(rf"\b{_YEAR}\b", words)) is not None:
        f.kind, f.value, f.grain = "date", dt.date(int(m.group()), 1, 1), "year"
    elif _DURATION.search(words):
        f.kind, f.grain = "duration", "duration"


def _year_of_period(anchor: dt.date | None, first_month: int) -> int | None:
    """The year of a quarter named without one: this year's, unless it has not begun yet."""
    if anchor is None:
        return None
    return anchor.year if first_month <= anchor.month else anchor.year - 1


def _grain_of_unit(unit: str) -> Grain:
    """ "days" → day, "weekend" → weekend, …: the precision a counted or named period gives."""
    grain = unit.removesuffix("s")
    return cast(Grain, grain)


def _parse_absolute(words: str, anchor: dt.date | None, future: bool = False) -> dt.date | None:
    """A written date via dateparser; without a year it needs the anchor's year."""
    words = re.sub(rf"^{_WD},?\s+|\bof\s+", "", words)
    has_year = re.search(_YEAR, words) is not None
    if not has_year and anchor is None:
        return None
    base = dt.datetime.combine(anchor or dt.date(2000, 1, 1), dt.time())
    settings = {"RELATIVE_BASE": base, "DATE_ORDER": "MDY", "REQUIRE_PARTS": ["day", "month"]}
    parsed = dateparser.parse(words, languages=["en"], settings=settings)
    if not isinstance(parsed, dt.datetime):
        return None
    if has_year or anchor is None:
        return parsed.date()
    return _year_for(parsed.month, parsed.day, anchor, future)


def _named_month(month: int, anchor: dt.date, lower: str, future: bool) -> dt.date | None:
    """ "last May" is the latest May before the anchor's month, "next May" the first after it,
    "this May" the anchor's year's; a bare "May" is read like a date without a year."""
    if lower.startswith("last "):
        return dt.date(anchor.year - (month >= anchor.month), month, 1)
    if lower.startswith("next "):
        return dt.date(anchor.year + (month <= anchor.month), month, 1)
    if lower.startswith("this "):
        return dt.date(anchor.year, month, 1)
    return _year_for(month, 1, anchor, future)


def _year_for(month: int, day: int, anchor: dt.date, future: bool) -> dt.date | None:
    """The anchor's year; the year before when that would lie months ahead of the anchor,
    the year after when a future-tense date would otherwise lie before it."""
    try:
        value = dt.date(anchor.year, month, day)
        if future and value < anchor:
            return value.replace(year=anchor.year + 1)
        return value.replace(year=anchor.year - 1) if value > anchor + _YEAR_LOOKAHEAD else value
    except ValueError:  # February 29 outside a leap year
        return None


def _weekday_date(weekday: int, anchor: dt.date, lower: str, future: bool) -> dt.date:
    """A bare weekday is in the week around the anchor: past and present tense count back
    to the latest such day (the anchor itself if it is one), the future counts forward;
    "next"/"last" exclude the anchor's own day."""
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if lower.startswith("next"):
        return anchor + dt.timedelta(days=ahead or 7)
    if lower.startswith(("last", "past")):
        return anchor - dt.timedelta(days=back or 7)
    return anchor + dt.timedelta(days=ahead) if future else anchor - dt.timedelta(days=back)


def _shift(base: dt.date, unit: str, amount: int) -> dt.date:
    if unit.startswith("day"):
        return base + dt.timedelta(days=amount)
    if unit.startswith("week"):
        return base + dt.timedelta(weeks=amount)
    year, month = divmod(
        base.year * 12 + base.month - 1 + amount * (12 if unit.startswith("year") else 1), 12
    )
    # the 31st of a 30-day month becomes its last day
    return dt.date(year, month + 1, min(base.day, calendar.monthrange(year, month + 1)[1]))


def _period_start(anchor: dt.date, unit: str, step: int) -> dt.date:
    """The first day of this/last/next week (Monday), weekend (Saturday), month or year."""
    if unit == "week":
        return anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=step)
    if unit == "weekend":
        return anchor + dt.timedelta(days=5 - anchor.weekday()) + dt.timedelta(weeks=step)
    if unit == "month":
        return _shift(anchor.replace(day=1), "month", step)
    return dt.date(anchor.year + step, 1, 1)
