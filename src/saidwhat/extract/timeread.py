"""Reading one time expression's words into a day, the grain the words give, and the anchors
they count from (HeidelTime's normalisation, written for the news conventions).

A relative expression is resolved against `Anchors`: the publication date ("on Tuesday",
"last May"), the last day the text set ("a day later", "the next morning", "10 p.m."), a day
earlier in the same sentence ("on Friday, a day after the vote") and the last time of any
grain the text named ("that year", "the following month", "June 3-5").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import cast

import dateparser

from ..lexicon import Lexicon
from ..types import TimeKind
from .holidays import holiday_date
from .reckon import (
    Tense,
    named_month,
    period_start,
    shift,
    weekday_date,
    year_for,
    year_of_period,
)
from .timex import NUMBER_WORDS, NUMBERS, Grain, spoken_years

_WEEKDAYS = [name.lower() for name in calendar.day_name]  # Monday first, as date.weekday()
_MONTHS = [name.lower() for name in calendar.month_name]  # "" first: the index is the month
WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
MONTH = rf"(?:{MONTH_FULL}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[89]|20)\d\d"
NUM = rf"(?:an?|{'|'.join(NUMBER_WORDS[1:])}|\d{{1,3}})"
VAGUE = r"(?:several|a\s+few|few|many|some)"  # a count the words leave open
UNIT = r"(?:day|week|month|year|decade)s?"
PART = r"(?:morning|afternoon|evening|night)"
ZONE = r"(?:[ECMP][SD]T|GMT|UTC)"
# Clock times: "10:35 a.m.", "6 p.m", "noon", "midnight", "4 in the morning".
CLOCK = (
    r"(?:(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s?[ap]\.?\s?m\b\.?|noon|midday|midnight"
    rf"|(?:1[012]|[1-9]|{'|'.join(NUMBER_WORDS[1:])}|eleven|twelve)\s+(?:o'clock\s+)?in\s+the\s+{PART})"
)
# Month and weekday names are matched case-sensitively: "may", "march" and "sun" are words too.
MONTH_DAY = re.compile(rf"\b(?:{WD},?\s+)?(?:{MONTH}\s+{DAY}|{DAY}\s+(?:of\s+)?{MONTH})\b(?:,?\s+{YEAR}\b)?")
ORDINALS = ("first", "second", "third", "fourth")
QUARTER = re.compile(
    rf"(?i)\b(?:(?:(this|last|next)\s+year['’]s|(?:the\s+)?({YEAR}))\s+)?(?:the\s+)?(?:fiscal[\s-]+)?"
    rf"({'|'.join(ORDINALS)})[\s-](?:fiscal\s+)?quarter\b(?:\s+of\s+({YEAR}))?"
)
# A quarter named by its place against the publication date: "the latest quarter" is the
# last one that has ended, "the current quarter" the one under way.
_QUARTER_STEPS = {"current": 0, "this": 0, "next": 1, "coming": 1}
_NAMED_QUARTER = re.compile(
    r"(?:the|this|that|its|last|next)"
    r"(?: (latest|most recent|last|past|previous|current|next|coming))? quarter"
)
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_NAMES = "|".join(_SEASONS)
_SEASON_STARTS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # the month a season begins
_SEASON = re.compile(rf"(?i)\b(?:(this(?: past)?|last|next|the)\s+)?({SEASON_NAMES})\b(?:\s+of\s+({YEAR}))?")
DAY_WORDS = rf"(?:yesterday|tomorrow|this) {PART}|yesterday|today|tomorrow|tonight|last night"
_DURATION = re.compile(
    rf"(?i)\b(?:(?:{NUM}|several|few|many|recent|past|coming|\d+)[\s-]+)?"
    r"(?:hours?|minutes?|days?|weeks?|months?|years?|decades?|centur(?:y|ies))\b"
)
_SET_UNITS = {"day": "P1D", "night": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y",
              "quarter": "P1Q", "hour": "PT1H", "minute": "PT1M"}  # fmt: skip
_SET = re.compile(
    rf"(?i)(?:every|each|per|(?:once|twice|\w+\s+times)\s+(?:a|an|per))\s+(?:(other|second)\s+)?"
    rf"({'|'.join(_SET_UNITS)}|{WD}|{MONTH_FULL})"
)
_PLURAL_WEEKDAY = re.compile(rf"(?i)(?:on\s+)?({WD})s(?:\s+({PART})s)?|({WD})\s+({PART})s")
# "the nineties": a decade named in words, of the century that puts it before the anchor
_DECADES = ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties")
_DECADE_WORD = re.compile(rf"the '?({'|'.join(_DECADES)})")
# Anaphora to the last period the text named: "that year", "the following month".
_ANAPHORA_STEP = {
    "that": 0,
    "the same": 0,
    "the following": 1,
    "the next": 1,
    "the previous": -1,
    "the prior": -1,
}
# Results compared with a year before: "year-earlier", "the year-ago (third) quarter".
_YEAR_AGO = re.compile(r"(?i)(?:the )?(?:comparable |same )?year[- ](?:ago|earlier)(?: (.+))?")
_ANAPHORA = re.compile(rf"(?i)({'|'.join(_ANAPHORA_STEP)}) (year|month|week|day)")


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
    reference: str | None = None  # a value the words alone give: "now" PRESENT_REF, "daily" P1D
    period: str | None = None  # the quarter or season of a year: "Q3", "SU"
    clock: str | None = None  # the time of day: "T15:00"
    tense: Tense = "present"  # of its governing verb
    is_set: bool = False  # a recurrence: "every week", "on Mondays"
    compared: bool = False  # a period a year before the last quarter: "a year ago"


@dataclass(frozen=True, slots=True)
class Anchors:
    """What a relative expression counts from (see the module docstring)."""

    published: dt.date | None
    previous: dt.date | None  # the last day the text set, else `published`
    in_sentence: dt.date | None  # a day set earlier in the same sentence
    last: FoundTime | None  # the last expression with a value, of any grain
    quarter: FoundTime | None = None  # the last quarter the text named


def interpret(f: FoundTime, at: Anchors, following: str, lexicon: Lexicon) -> None:
    """Set `value`, `grain` and `kind` of `f` from its words; `following` is the text after it."""
    words = spoken_years(re.sub(r"\s+", " ", f.text.replace("’", "'")).removesuffix("'s"))
    bare = _modifiers(lexicon).sub("", words) or words
    prefix = words[: len(words) - len(bare)].strip().lower()  # "as early as Friday" looks ahead
    if f.tense != "past" and any(prefix.endswith(marker) for marker in lexicon.future_markers):
        f.tense, f.future = "future", True
    # "the end of the month" is a part of this month, not a month's length
    words = re.sub(r"(?i)^the (week|month|year)$", r"this \1", bare) if bare != words else bare
    # "the current fiscal year" is this year (TimeBank)
    words = re.sub(
        r"(?i)^the (?:current|present)(?: fiscal| calendar)? (week|month|year)$", r"this \1", words
    )
    if _read_set(f, words, lexicon) or _read_holiday(f, words, at, lexicon):
        return
    clock = re.search(rf"(?i)\b{CLOCK}(?:\s+{ZONE})?", words)
    if clock is not None:
        f.clock = _clock_value(clock.group())
        rest = (words[: clock.start()] + " " + words[clock.end() :]).strip(" ,")
        rest = re.sub(r"(?i)^(?:on|at)\s+|\s+(?:on|at)$", "", rest)
        if rest:
            _read(f, rest, at, following)
        if f.value is None:
            f.value, f.grain, f.kind = at.previous, "day", "relative"
        return
    _read(f, words, at, following)


@cache
def _modifiers(lexicon: Lexicon) -> re.Pattern[str]:
    """ "early", "the end of", "about": words that move a time within its period or hedge it,
    which TIMEX3 gives as a mod and leaves out of the value ("early next year" is 2025)."""
    phrases = sorted((re.escape(p) for p in lexicon.time_modifiers), key=len, reverse=True)
    return re.compile(rf"(?i)^(?:(?:{'|'.join(phrases)})(?:\s+|-(?=\w)))+")


def _read_set(f: FoundTime, words: str, lexicon: Lexicon) -> bool:
    """A recurrence: "daily" P1D, "every week" P1W, "each Thursday" XXXX-WXX-4, "each July"
    XXXX-07, "Tuesday nights" XXXX-WXX-2TNI."""
    lower = words.lower()
    value = dict(lexicon.time_frequencies).get(lower)
    if value is None and (m := _SET.fullmatch(words)) is not None:
        unit = m.group(2).lower()
        if unit in _SET_UNITS:
            value = _SET_UNITS[unit].replace("1", "2") if m.group(1) else _SET_UNITS[unit]
        elif unit in _WEEKDAYS:
            value = f"XXXX-WXX-{_WEEKDAYS.index(unit) + 1}"
        else:
            value = f"XXXX-{_MONTHS.index(unit):02d}"
    if value is None and (m := _PLURAL_WEEKDAY.fullmatch(words)) is not None:
        day, part = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        value = f"XXXX-WXX-{_WEEKDAYS.index(day.lower()) + 1}"
        value += f"T{_part_code(part)}" if part else ""
    if value is None:
        return False
    f.reference, f.is_set = value, True
    return True


def _read_holiday(f: FoundTime, words: str, at: Anchors, lexicon: Lexicon) -> bool:
    """A named day ("Thanksgiving", "last Christmas", "Easter week"), in the year the tense
    and last/next point to, like a month without a year."""
    m = re.fullmatch(r"(?i)(?:(last|next|this) )?(.+?)( week)?", words)
    rule = dict(lexicon.holidays).get(m.group(2).lower()) if m is not None else None
    if m is None or rule is None:
        return False
    f.kind, f.exact, f.grain = "date", m.group(3) is None, "week" if m.group(3) else "day"
    anchor = at.published
    if anchor is None or (day := holiday_date(rule, anchor.year)) is None:
        return True
    step = {"last": -1, "next": 1}.get((m.group(1) or "").lower())
    if step == -1:
        year = anchor.year - (day >= anchor)
    elif step == 1:
        year = anchor.year + (day <= anchor)
    else:
        year = (year_for(day.month, day.day, anchor, f.tense) or day).year
    f.value = holiday_date(rule, year)
    return True


def _part_code(part: str) -> str:
    return {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}[part.lower()]


def _clock_value(words: str) -> str:
    """ "10:35 a.m." → T10:35, "6 p.m" → T18:00, "noon" → T12:00, "midnight" → T24:00."""
    lower = words.lower()
    named = {"noon": 12, "midday": 12, "midnight": 24}
    if (word := next((w for w in named if w in lower), None)) is not None:
        return f"T{named[word]:02d}:00"
    m = re.match(r"(\w+)(?::(\d\d))?", lower)
    assert m is not None  # CLOCK starts with an hour
    hour = int(m.group(1)) if m.group(1).isdigit() else NUMBERS.get(m.group(1), 11 + (m.group(1) == "twelve"))
    evening = re.search(r"\dp|\sp\.?\s?m|afternoon|evening|night", lower) is not None
    hour = hour % 12 + 12 * evening
    return f"T{hour:02d}:{m.group(2) or '00'}"


def _read(f: FoundTime, words: str, at: Anchors, following: str) -> None:
    anchor, previous, lower = at.published, at.previous, words.lower()
    if (m := re.fullmatch(rf"(?i)the day (before|after) ((?:(?:last|next|this) )?{WD})", words)) is not None:
        _read(f, m.group(2), at, following)  # "the day before last Tuesday('s vote)"
        if f.value is not None:
            f.value += dt.timedelta(days=1 if m.group(1).lower() == "after" else -1)
    elif (m := _YEAR_AGO.fullmatch(words)) is not None:
        _read_year_ago(f, m.group(1), at, following)
    elif (m := re.fullmatch(r"(?i)the (week|month) of (.+)", words)) is not None:
        _read(f, m.group(2), at, following)  # "the week of March 6" is that day's week
        if f.value is not None and f.grain == "day":
            f.grain, f.exact = _grain_of_unit(m.group(1).lower()), False
    elif re.fullmatch(r"\d{4}-\d\d-\d\d", words):
        f.value, f.kind, f.exact, f.full, f.grain = _parse_absolute(words, None), "date", True, True, "day"
    elif (m := MONTH_DAY.search(words)) is not None:
        f.kind, f.exact, f.full = "date", True, re.search(YEAR, m.group()) is not None
        f.value, f.grain = _parse_absolute(m.group(), anchor, f.tense), "day"
    elif (m := re.search(rf"\b{MONTH_FULL}\b(?:,?\s+({YEAR}))?", words)) is not None:
        month = _MONTHS.index(m.group().split()[0].rstrip(",").lower())
        f.kind, f.grain = "date", "month"
        if m.group(1):
            f.value = dt.date(int(m.group(1)), month, 1)
        elif anchor is not None:
            f.value = named_month(month, anchor, lower, f.tense)
    elif (m := re.search(WD, words)) is not None:
        f.kind, f.exact, f.weekday = "weekday", True, _WEEKDAYS.index(m.group().lower())
        f.grain = "day"
        if re.match(r"(?i)(by|next|until|till|this coming|coming)\b", words) and f.tense != "past":
            f.future, f.tense = True, "future"
        if anchor is not None:
            f.value = weekday_date(f.weekday, anchor, lower, f.tense)
    elif re.fullmatch(DAY_WORDS, lower):
        f.kind, f.exact, f.grain = "relative", True, "day"
        offset = -1 if "yesterday" in lower or "last night" in lower else 1 if "tomorrow" in lower else 0
        f.value = anchor + dt.timedelta(days=offset) if anchor else None
    elif (m := re.fullmatch(rf"(?:(?:the|that) )?(?:(next|following) )?{PART}", lower)) is not None:
        f.kind, f.exact, f.grain = "relative", True, "day"
        f.value = previous + dt.timedelta(days=1 if m.group(1) else 0) if previous else None
    elif (m := re.fullmatch(r"(?:the )?weekend", lower)) is not None:
        f.kind, f.grain = "relative", "weekend"
        if anchor is not None:
            saturday = period_start(anchor, "weekend", 0)
            f.value = saturday - dt.timedelta(weeks=saturday > anchor and f.tense != "future")
    elif (m := re.fullmatch(r"(this|last|next) (week|weekend|month|year)", lower)) is not None:
        f.kind, f.grain = "relative", _grain_of_unit(m.group(2))
        step = {"this": 0, "last": -1, "next": 1}[m.group(1)]
        f.value = period_start(anchor, m.group(2), step) if anchor else None
    elif re.fullmatch(rf"{VAGUE} {UNIT} ago", lower):
        f.kind, f.reference = "relative", "PAST_REF"
    elif (m := re.fullmatch(rf"({NUM}|the) ({UNIT}) (later|earlier|ago|after|before)", lower)) is not None:
        f.kind, f.exact, f.grain = "relative", m.group(2).startswith("day"), _grain_of_unit(m.group(2))
        amount = NUMBERS.get(m.group(1)) or (1 if m.group(1) == "the" else int(m.group(1)))
        amount *= 1 if m.group(3) in ("later", "after") else -1
        unit = m.group(2)
        if unit.startswith("decade"):
            unit, amount, f.grain = "year", 10 * amount, "year"
        base = anchor if m.group(3) == "ago" else previous
        # "a year earlier" than the quarter or the day the text named is that quarter or day a
        # year before (TimeML anchors it to the last time, at its precision); where the text
        # named a quarter (a company's results) "a year ago" and "a year earlier" compare quarters
        named = at.last if at.last and at.last.grain in ("day", "month", "quarter", "season") else None
        if unit.startswith("year") and m.group(3) in ("earlier", "later", "ago"):
            named = at.quarter or (None if m.group(3) == "ago" else named)
            if named is not None and named.value is not None:
                f.compared = named is at.quarter
                base, f.grain, f.period, f.exact = (
                    named.value,
                    named.grain,
                    named.period,
                    named.grain == "day",
                )
        # "a day after the vote" names the time of its own clause, which a date earlier in the
        # sentence gives ("on Friday, a day after the vote"), else it is a length from the event
        # ("13 days after the storm": TimeML's DURATION); "a day later" counts from `base`.
        if m.group(3) in ("after", "before") and re.match(r"\s\w", following):
            f.value = at.in_sentence
            if f.value is None and m.group(1) != "the":
                f.kind, f.grain, f.exact = "duration", "duration", False
        elif base is not None:
            f.value = shift(base, unit, amount)
    elif (m := re.fullmatch(r"the (next|following|previous|prior|same) day", lower)) is not None:
        f.kind, f.exact, f.grain = "relative", True, "day"
        step = {"next": 1, "following": 1, "same": 0}.get(m.group(1), -1)
        f.value = previous + dt.timedelta(days=step) if previous else None
    elif (m := _ANAPHORA.fullmatch(lower)) is not None:
        _read_anaphora(f, m.group(2), _ANAPHORA_STEP[m.group(1).lower()], at.last)
    elif (m := re.fullmatch(rf"within (?:the next )?({NUM}) ({UNIT})", lower)) is not None:
        f.kind, f.grain = "duration", "duration"
        amount = NUMBERS.get(m.group(1)) or int(m.group(1))
        f.value = shift(anchor, m.group(2), amount) if anchor else None
    elif (m := QUARTER.search(words)) is not None:
        quarter = ORDINALS.index(m.group(3).lower()) + 1
        f.kind, f.grain, f.period = "date", "quarter", f"Q{quarter}"
        if m.group(2) or m.group(4):
            year: int | None = int(m.group(2) or m.group(4))
        elif m.group(1):
            year = anchor.year + {"this": 0, "last": -1, "next": 1}[m.group(1).lower()] if anchor else None
        else:
            year = year_of_period(anchor, 3 * quarter - 2)
        f.value = dt.date(year, 3 * quarter - 2, 1) if year else None
    elif (m := _NAMED_QUARTER.fullmatch(lower)) is not None:
        word = m.group(1) or lower.split()[0]
        step = _QUARTER_STEPS.get(word, -1)
        f.kind, f.grain = "relative", "quarter"
        if anchor is not None:
            start = shift(dt.date(anchor.year, (anchor.month - 1) // 3 * 3 + 1, 1), "month", 3 * step)
            f.value, f.period = start, f"Q{(start.month - 1) // 3 + 1}"
    elif (m := _SEASON.fullmatch(words)) is not None:
        code = _SEASONS[m.group(2).lower()]
        step = {"last": -1, "next": 1}.get((m.group(1) or "").lower(), 0)
        if anchor is not None and (m.group(1) or "").lower() == "this past":  # the latest one begun
            step = -(_SEASON_STARTS[code] > anchor.month)
        f.kind, f.grain, f.period = "date", "season", code
        year = int(m.group(3)) if m.group(3) else (anchor.year + step if anchor else None)
        f.value = dt.date(year, _SEASON_STARTS[code], 1) if year else None
    elif (m := _DECADE_WORD.fullmatch(lower)) is not None:
        f.kind, f.grain = "date", "decade"
        decade = 10 * (_DECADES.index(m.group(1)) + 2)
        year = (anchor.year if anchor else 1999) // 100 * 100 + decade
        f.value = dt.date(year - 100 if anchor is not None and year > anchor.year else year, 1, 1)
    elif (m := re.search(rf"\b{YEAR}\b", words)) is not None:
        f.kind, f.value, f.grain = "date", dt.date(int(m.group()), 1, 1), "year"
    elif re.fullmatch(r"\d\d", words) and at.last is not None and at.last.grain == "year" and at.last.value:
        # the second year of a range: "1998-99"
        century = at.last.value.year // 100 * 100
        f.kind, f.value, f.grain = "date", dt.date(century + int(words), 1, 1), "year"
    elif re.fullmatch(DAY, words) and at.last is not None and at.last.grain == "day" and at.last.value:
        # the second day of a range: "June 3 and 5", "April 24-25"
        last = at.last.value
        day = int(re.sub(r"\D", "", words))
        if day <= calendar.monthrange(last.year, last.month)[1]:
            f.kind, f.exact, f.value, f.grain = "date", True, last.replace(day=day), "day"
    elif _DURATION.search(words):
        f.kind, f.grain = "duration", "duration"


def _read_year_ago(f: FoundTime, rest: str | None, at: Anchors, following: str) -> None:
    """ "the year-ago third quarter" is that quarter a year before; "year-earlier" and "the
    year-ago period", the last quarter the text named a year before, else last year."""
    if rest is not None and not re.fullmatch(r"(?i)quarter|period", rest):
        _read(f, rest, at, following)
        if f.value is not None and f.grain in ("quarter", "month", "season", "year"):
            f.value, f.compared = f.value.replace(year=f.value.year - 1), True
        return
    f.kind, f.compared = "relative", True
    if at.quarter is not None and at.quarter.value is not None:
        f.value, f.grain, f.period = (
            at.quarter.value.replace(year=at.quarter.value.year - 1),
            "quarter",
            at.quarter.period,
        )
    elif at.published is not None:
        f.value, f.grain = dt.date(at.published.year - 1, 1, 1), "year"


def _read_anaphora(f: FoundTime, unit: str, step: int, last: FoundTime | None) -> None:
    """ "that year" is the year of the last time the text named, "the following month" the
    month after it; without one it stays without a value."""
    f.kind, f.grain = "relative", _grain_of_unit(unit)
    if last is None or last.value is None or last.grain in (None, "duration"):
        return
    if unit == "day" and last.grain == "day":
        f.value, f.exact = last.value + dt.timedelta(days=step), True
    elif unit == "week":
        f.value = period_start(last.value, "week", step)
    elif unit == "month" and last.grain not in ("year", "season", "quarter"):
        f.value = shift(last.value.replace(day=1), "month", step)
    elif unit == "year":
        f.value = dt.date(last.value.year + step, 1, 1)


def _grain_of_unit(unit: str) -> Grain:
    """ "days" → day, "weekend" → weekend, …: the precision a counted or named period gives."""
    grain = unit.removesuffix("s")
    return cast(Grain, "year" if grain == "decade" else grain)


def _parse_absolute(words: str, anchor: dt.date | None, tense: Tense = "present") -> dt.date | None:
    """A written date via dateparser; without a year it needs the anchor's year."""
    words = re.sub(rf"^{WD},?\s+|\bof\s+", "", words)
    has_year = re.search(YEAR, words) is not None
    if not has_year and anchor is None:
        return None
    base = dt.datetime.combine(anchor or dt.date(2000, 1, 1), dt.time())
    settings = {"RELATIVE_BASE": base, "DATE_ORDER": "MDY", "REQUIRE_PARTS": ["day", "month"]}
    parsed = dateparser.parse(words, languages=["en"], settings=settings)
    if not isinstance(parsed, dt.datetime):
        return None
    if has_year or anchor is None:
        return parsed.date()
    return year_for(parsed.month, parsed.day, anchor, tense)
