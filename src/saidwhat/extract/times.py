"""Time expressions of an article and their calendar dates.

News dates are mostly relative: a story says "on Tuesday" or "a day later" and leaves the
reader to count back from the day it appeared. Expressions are therefore found here (patterns
and the model's DATE/TIME entities, ranges split in two) and read by `timeread` against the
publication date, the last day the text set and the tense of the governing verb.

Periods coarser than a day ("December", "last week", "2021") get the first day of the
period as `value`; they are never used as the discourse anchor of "a day later".
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from spacy.tokens import Doc, Span

from ..lexicon import Lexicon
from ..types import TimeExpression, TimeType
from .context import DocContext
from .reckon import Tense
from .timeread import (
    CLOCK,
    DAY,
    MONTH,
    MONTH_DAY,
    MONTH_FULL,
    NUM,
    PART,
    QUARTER,
    SEASON_NAMES,
    UNIT,
    VAGUE,
    WD,
    YEAR,
    ZONE,
    Anchors,
    FoundTime,
    interpret,
)
from .timex import timex_value

__all__ = [
    "EARLIEST_ANCHOR",
    "LATEST_ANCHOR",
    "FoundTime",
    "find_time_expressions",
    "find_times",
    "in_anchor_range",
]

_CLOCK_DAY = rf"(?:{WD}|{MONTH}\s+{DAY}|today|yesterday|tomorrow|tonight)"
# News idioms the model's DATE entities miss or cut short: possessive weekdays ("Tuesday's
# call"), deadlines ("by Friday", "within a week"), discourse-relative days ("a day later",
# "the day before") and parts of days ("Monday night", "this morning"); quarters; a season
# named with this/last/next; clock times with their day ("10 p.m. Wednesday"); recurrences
# ("every week", "on Mondays"); the second year of a range ("1998-99").
_PATTERNS = (
    MONTH_DAY,
    QUARTER,
    re.compile(rf"(?i)\b(?:this(?:\s+past)?|last|next)\s+(?:{SEASON_NAMES})\b"),
    re.compile(rf"\b{MONTH_FULL},?\s+{YEAR}\b"),
    re.compile(r"\b\d{4}-\d\d-\d\d\b"),
    re.compile(rf"\b(?i:(?:by|next|last|this|past)\s+)?{WD}(?:['’]s)?(?:\s+(?i:{PART}))?\b"),
    re.compile(
        rf"(?i)\b(?:(?:yesterday|tomorrow|this)\s+{PART}|yesterday|today|tomorrow|tonight|last\s+night)\b"
    ),
    re.compile(r"(?i)\b(?:(?:earlier|later)\s+)?(?:this|last|next)\s+(?:week|weekend|month|year)\b"),
    re.compile(rf"(?i)\b(?:{NUM}|{VAGUE})\s+{UNIT}\s+(?:later|earlier|ago|after|before)\b"),
    re.compile(r"(?i)\bthe\s+(?:day|week)\s+(?:before|after)\b"),
    re.compile(rf"(?i:\bthe\s+day\s+(?:before|after)\s+(?:(?:last|next|this)\s+)?){WD}(?:['’]s)?"),
    re.compile(r"(?i)\bthe\s+(?:next|following|previous|prior|same)\s+day\b"),
    re.compile(r"(?i)\bthat\s+(?:same\s+)?(?:day|week|month|year)\b"),
    re.compile(rf"(?i)\bwithin\s+(?:the\s+next\s+)?{NUM}\s+{UNIT}\b"),
    re.compile(
        rf"(?:\b{_CLOCK_DAY},?\s+(?:at\s+)?)?(?i:\b{CLOCK})(?:\s+{ZONE})?(?:,?\s+(?:on\s+)?{_CLOCK_DAY}\b)?"
    ),
    re.compile(
        r"(?i)\b(?:every|each|(?:once|twice|\w+\s+times)\s+(?:a|an|per))\s+(?:other\s+)?"
        r"(?:day|night|week|month|year|quarter|hour)\b"
    ),
    re.compile(
        rf"\b(?i:every|each)\s+(?:{WD}|{MONTH_FULL})\b|\b{WD}s(?:\s+(?i:{PART})s)?\b|\b{WD}\s+(?i:{PART})s\b"
    ),
)
# DATE entities that are ages or bare numbers ("aged 16 to 18", "a 15-year-old"), not times.
_NOT_TIME = re.compile(rf"(?i)^(?!.*\b{YEAR}\b)(?:[\d\s.,%-]|\b(?:to|and|or|under|over|aged)\b)+$|\bold\b")
# Where an entity holds two times: "2009-2010", "Aug. 26 to Oct. 20", "1994, 1995 and 1996",
# "the quarter ended Sept. 30". Each side must look like a time of its own.
_RANGE_SPLIT = re.compile(
    r"\s*(?:\b(?:to|through|and|or|until|till|ended|ending)\b|,|\s[-–])\s*|(?<=\d)[-–](?=\d)"
)
# A decade of someone's life: "their 30s", "his early forties".
_AGE = re.compile(r"(?i)((?:his|her|their|my|our|your|its)\s+)?(?:(?:early|mid|late)[\s-]*)?(?:[2-9]0|teen)s")
_LEADING = re.compile(r"(?i)^(?:between|from)\s+|\s+(?:and|to|or)$")
_TIMELIKE = re.compile(
    rf"\b(?:{YEAR}|{MONTH}|{WD}|\d\d?(?:st|nd|rd|th)?|today|yesterday|tomorrow|now)\b"
    r"|\b(?i:quarter|year|month|week|day)s?\b"
)
# The anchors (publication dates) the rules accept: wider than any news archive, and far
# enough from Python's date limits (years 1 and 9999) that counting back or ahead (at most 999
# units: `NUM`) stays in range.
EARLIEST_ANCHOR = dt.date(1000, 1, 1)
LATEST_ANCHOR = dt.date(8999, 12, 31)


def find_time_expressions(ctx: DocContext, published: dt.date | None) -> list[TimeExpression]:
    """Every time expression of the document in text order, resolved against `published`.

    Without `published` only absolute dates get a value: relative ones need an anchor.
    """
    expressions = []
    for f in find_times(ctx, published):
        timex = f.reference or timex_value(f.text, f.value, f.grain, f.period, f.clock)
        expressions.append(
            TimeExpression(
                text=f.text,
                start=f.start,
                end=f.end,
                value=None if f.is_set else f.value,
                kind=f.kind,
                timex=timex,
                timex_type=_timex_type(f, timex),
            )
        )
    return expressions


def _timex_type(f: FoundTime, timex: str | None) -> TimeType:
    """TIMEX3's type: a recurrence is a SET, a length a DURATION, a time of day a TIME."""
    if f.is_set:
        return "SET"
    if f.grain == "duration":
        return "DURATION"
    return "TIME" if timex is not None and re.search(r"\dT", timex) else "DATE"


def in_anchor_range(day: dt.date) -> bool:
    return EARLIEST_ANCHOR <= day <= LATEST_ANCHOR


def find_times(ctx: DocContext, anchor: dt.date | None) -> list[FoundTime]:
    """Every time expression of the text in order, interpreted against `anchor`."""
    doc, text = ctx.doc, ctx.text
    references = dict(ctx.lexicon.time_references)
    found = [FoundTime(s, e, text[s:e]) for s, e in _spans(doc, text, ctx.lexicon)]
    previous: dt.date | None = None  # the discourse anchor of "a day later"
    previous_start = -1
    last: FoundTime | None = None  # the last time of any grain: "that year", "June 3-5"
    quarter: FoundTime | None = None  # the last quarter: "a year ago" in a company's results
    for f in found:
        span = doc.char_span(f.start, f.end, alignment_mode="expand")
        if span is not None:
            f.tense = _tense(span, ctx.lexicon)
        f.future = f.tense == "future"
        sentence_start = ctx.sentence(span[0]).start_char if span is not None else f.start
        in_sentence = previous if previous_start >= sentence_start else None
        f.reference = references.get(f.text.lower())
        if f.reference is None:
            at = Anchors(anchor, previous or anchor, in_sentence, last, quarter)
            interpret(f, at, text[f.end : f.end + 2], ctx.lexicon)
        if f.exact and f.value is not None:
            previous, previous_start = f.value, f.start
        if f.value is not None and f.grain not in (None, "duration") and not f.is_set:
            last = f
            quarter = f if f.grain == "quarter" and not f.compared else quarter
    return found


@cache
def _lexicon_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    """The times the lexicon names: "now", "the future", "daily", "(last) Thanksgiving"."""
    words = [phrase for phrase, _ in (*lexicon.time_references, *lexicon.time_frequencies)]
    phrases = sorted((re.escape(phrase) for phrase in words), key=len, reverse=True)
    days = sorted((re.escape(name) for name, _ in lexicon.holidays), key=len, reverse=True)
    holidays = rf"(?:(?:last|next|this)\s+)?(?:{'|'.join(days)})(?:\s+week(?:end)?)?"
    return re.compile(rf"(?i)\b(?:{'|'.join(phrases)}|{holidays})\b")


def _spans(doc: Doc, text: str, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Pattern matches and the model's DATE/TIME entities, an entity that holds a range cut
    into its times; the longest wins an overlap."""
    patterns = (*_PATTERNS, _lexicon_pattern(lexicon))
    candidates = [m.span() for pattern in patterns for m in pattern.finditer(text)]
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME"):
            # TIMEX3 leaves a preposition or a conjunction out: "between now and" is "now"
            stripped = _LEADING.sub("", ent.text.strip(" \t\n,.;:"))
            if (
                stripped
                and not (ent.label_ == "DATE" and _NOT_TIME.search(stripped))
                and _whole(ent, stripped)
            ):
                start = ent.start_char + ent.text.index(stripped)
                candidates.extend(_range_parts(text, start, start + len(stripped)))
    chosen: list[tuple[int, int]] = []
    holidays = frozenset(name for name, _ in lexicon.holidays)
    candidates = [c for c in candidates if not _in_name(doc, *c, holidays)]
    for start, end in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if all(end <= s or e <= start for s, e in chosen):
            chosen.append((start, end))
    return sorted(chosen)


def _whole(ent: Span, stripped: str) -> bool:
    """Whether an entity can be a time by itself: not a phrase cut short ("the night of", whose
    date is an expression of its own), an age ("in their 30s") nor a name the model mistook
    (a surname)."""
    if re.search(r"(?i)\s(?:of|the)$", stripped):
        return False
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    age = _AGE.fullmatch(stripped)
    if age is not None and (age.group(1) is not None or (before is not None and before.tag_ == "PRP$")):
        return False
    return not all(t.pos_ == "PROPN" for t in ent) or _TIMELIKE.search(stripped) is not None


def _range_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """ "2009-2010" is two times, "Aug. 26 to Oct. 20" too (TimeML marks each end); an
    entity is cut only where every part looks like a time of its own."""
    cuts = [m for m in _RANGE_SPLIT.finditer(text, start, end) if m.end() > m.start()]
    parts, begin = [], start
    for m in cuts:
        parts.append((begin, m.start()))
        begin = m.end()
    parts.append((begin, end))
    parts = [(s, e) for s, e in parts if e > s]
    if len(parts) == 1 or not all(_TIMELIKE.search(text, s, e) for s, e in parts):
        return [(start, end)]
    return parts


def _in_name(doc: Doc, start: int, end: int, holidays: frozenset[str]) -> bool:
    """Whether a day or month is part of a name: "the Sunday Times", "the Friday Agreement",
    and a capitalised "Today" or "Noon" inside a sentence is a title ("told Radio 4's Today",
    "the film High Noon")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    first = span[0]
    title = (
        first.lower_ in ("today", "tonight", "noon") and first.text[0].isupper() and not first.is_sent_start
    )
    before = doc[first.i - 1] if first.i > 0 else None  # a word, not a quote mark ("``Today")
    if title and before is not None and (before.text[0].isalnum() or before.tag_ == "POS"):
        return True
    # the small model often calls a named day an EVENT or a PERSON ("by Easter")
    named_day = re.sub(r"(?i)^(?:last|next|this) | week(?:end)?$", "", span.text).lower() in holidays
    if MONTH_DAY.search(span.text):
        return False  # a day of a month names that day: "the Aug. 7 Embassy bombings" (an EVENT)
    if not named_day and any(t.ent_type_ not in ("", "DATE", "TIME") for t in span):
        return True
    head = span.root.head
    return span.root.dep_ == "compound" and head.pos_ == "PROPN" and head.ent_type_ not in ("DATE", "TIME")


_PERFECT = ("have", "has", "had", "'ve", "’ve", "'d", "’d")
_FUTURE_MODALS = ("will", "'ll", "’ll", "wo", "shall", "would", "may", "might", "must", "should")


def _tense(span: Span, lexicon: Lexicon) -> Tense:
    """The tense of the verb governing `span`, as far as it places the time: "will/'ll/would
    meet", "is to meet", "is going to meet", "is scheduled to meet", "until/as early as Friday" look ahead
    (a bare infinitive does not: "staged a rally to mark Friday's vote"); "had met", "has met",
    "met" and a possessive ("Tuesday's call": an event the story reports) look back."""
    if span[-1].tag_ == "POS" or span.text.endswith(("'s", "’s")):
        return "past"
    token = span.root
    for _ in range(8):
        if token.head.i == token.i:
            return "present"
        token = token.head
        if token.pos_ in ("VERB", "AUX") and not (span.start <= token.i < span.end):
            break
    else:
        return "present"
    chain = [token]  # "due to expire": the tense is the auxiliaries' of the whole verb group
    while chain[-1].dep_ in ("xcomp", "acomp") and chain[-1].head.i != chain[-1].i and len(chain) < 4:
        chain.append(chain[-1].head)
    auxes = [c.lower_ for t in chain for c in t.children if c.dep_ in ("aux", "auxpass")]
    before = span.doc[max(span.start - 3, 0) : span.start].text.lower()
    deadline = any(before.endswith(marker) for marker in lexicon.future_markers)
    if "had" in auxes or ("'d" in auxes and token.tag_ == "VBN"):
        return "past"  # "had been due to expire Friday", "would have met on Friday"
    if any(t.lemma_ in lexicon.future_verbs for t in chain) or deadline:
        return "future"
    if any(a in _PERFECT for a in auxes):
        return "past"
    ahead = "to" in auxes and any(t.lemma_ in lexicon.future_infinitives for t in chain[1:])
    if ahead or any(a in _FUTURE_MODALS for a in auxes):
        return "future"
    return "past" if token.tag_ == "VBD" else "present"
