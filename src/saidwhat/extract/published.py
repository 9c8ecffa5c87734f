"""The publication date read from the text, when nothing else gives one, on strong evidence only.

A wrong publication date is worse than none: every relative date ("on Tuesday") and every
undated statement is counted from it. So a text gets a date only from a line that states it:
a "Published"/"Updated" line, a dateline ("WASHINGTON, Dec. 7, 2021 —", a line that is only a
date), or a caption date ("… in Geneva on December 7, 2021.") that the lede's weekday agrees
with ("on Tuesday" when December 7 was a Tuesday). The latest date mentioned is never enough:
it may be a birth date, an anniversary or a historical event; nor is a date in a sentence of
such words (`[dates] not_publication` in the lexicon), nor one that a later year of the text
contradicts. When the evidence disagrees, there is no date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .context import DocContext
from .times import FoundTime, find_times

# How many lines (paragraphs) from the top a dateline may stand: below the title and a standfirst.
_DATELINE_LINES = 5
# A dateline's place is written in capitals: "WASHINGTON", "NEW YORK", "MIDWAY ATOLL".
_PLACE = r"(?:[A-Z][A-Z.'’ -]+(?:,\s*[A-Z][A-Za-z.]+)?,?\s+)?"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# What may follow a dateline's date: a time, a news agency, then a dash; or nothing but a weekday.
_AFTER_DATELINE = re.compile(
    rf"^(?:,?\s*(?:{_WEEKDAY}|\d{{1,2}}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{{2,4}})?)\b)*"
    r"(?:\s*\([^()\n]{1,30}\))?\s*(?:[—–-]{1,2}|:|[.,]?\s*$)"
)
# A caption ends with its date (and at most a photo credit): no sentence follows it.
_CAPTION_TAIL = re.compile(r"^[\s.,;)]*(?:\([^()\n]{0,60}\)[\s.]*)?$")
_QUOTE_MARKS = re.compile('["“”]')


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    number: int  # counting non-empty lines from 0


def infer_published(ctx: DocContext) -> dt.date | None:
    """The publication date the text states, or None (see the module docstring).

    In order of strength: a "Published" (or "Posted") line, a dateline, an "Updated" line, a
    caption date the text's weekdays agree with. Two dates of the same strength more than two
    days apart cancel each other.
    """
    found = find_times(ctx, None)
    full = [f for f in found if f.full and f.value is not None and not f.future]
    lines = list(_lines(ctx.text))
    published: list[dt.date] = []
    datelines: list[dt.date] = []
    updated: list[dt.date] = []
    for f, day in ((f, f.value) for f in full if f.value is not None):
        line = _line_of(lines, f)
        before, after = ctx.text[line.start : f.start], ctx.text[f.end : line.end]
        if not _weekday_agrees(f.text, day, after) or not _AFTER_DATELINE.match(after):
            continue
        label = _label(ctx, before)
        if label is not None:
            (updated if label == "updated" else published).append(day)
        elif line.number < _DATELINE_LINES and re.fullmatch(_PLACE, before):
            datelines.append(day)
    for tier in (published, datelines, updated):
        if tier:
            return _agreed(tier)
    return _caption_date(ctx, found, full, lines)


def _lines(text: str) -> Iterator[_Line]:
    start = number = 0
    for line in text.split("\n"):
        end = start + len(line)
        yield _Line(start, end, number)
        number += bool(line.strip())
        start = end + 1


def _label(ctx: DocContext, before: str) -> str | None:
    """The publication label that is all that stands before a date on its line, if any:
    "Published:", "Last updated on", "Correction:"; the label's first word for "updated"."""
    words = re.sub(r"[\s:|•·,-]+", " ", before).strip().lower()
    words = re.sub(r"\s+(?:on|at)$", "", words)
    if words not in ctx.lexicon.publication_labels:
        return None
    return "updated" if "updated" in words or "modified" in words else "published"


def _line_of(lines: list[_Line], f: FoundTime) -> _Line:
    return next(line for line in lines if line.start <= f.start <= line.end)


def _weekday_agrees(words: str, day: dt.date, after: str) -> bool:
    """A weekday written with the date ("Tuesday, December 7, 2021", "October 2, 2016, Sunday")
    must be the date's own: a line whose weekday and date disagree states nothing sure."""
    written = re.findall(_WEEKDAY, words + " " + after[:12])
    return all(name == day.strftime("%A") for name in written)


def _agreed(days: list[dt.date]) -> dt.date | None:
    """The first of `days` if every other lies within two days of it, else None."""
    first = days[0]
    return first if all(abs(day - first) <= dt.timedelta(days=2) for day in days) else None


def _caption_date(
    ctx: DocContext, found: list[FoundTime], full: list[FoundTime], lines: list[_Line]
) -> dt.date | None:
    """A caption's date that the text's weekdays agree with, and no later date or year
    contradicts: its weekday is named outside quotations ("Tuesday's call" for a Tuesday's
    caption). The lede's weekday, when it has one, is the day of the news: "on Wednesday" the
    day after a Tuesday's caption."""
    quoted = [(q.outer_start, q.outer_end) for q in ctx.quotes.quotes]
    named = [
        f
        for f in found
        if f.weekday is not None
        and not f.future
        and not re.match(r"(?i)(?:next|last|past|by|this)\b", f.text)
        and not any(q0 <= f.start < q1 for q0, q1 in quoted)
    ]
    years = [f.value.year for f in found if f.value is not None and not f.future and f.grain == "year"]
    latest = max((f.value for f in full if f.value is not None), default=None)
    chosen: set[dt.date] = set()
    for f, day in ((f, f.value) for f in full if f.value is not None):
        line = _line_of(lines, f)
        if (
            day == latest
            and any(g.weekday == day.weekday() for g in named)
            and _CAPTION_TAIL.match(ctx.text[f.end : line.end])
            and not _QUOTE_MARKS.search(ctx.text[line.start : line.end])
            and not _other_event(ctx, f)
            and all(year <= day.year for year in years)
        ):
            chosen.add(day)
    if len(chosen) != 1:
        return None
    day = chosen.pop()
    lede = _lede(ctx.text, found, lines)
    news = next((g.weekday for g in named if lede and lede.start <= g.start < lede.end), None)
    return day if news is None else day + dt.timedelta(days=(news - day.weekday()) % 7)


def _other_event(ctx: DocContext, f: FoundTime) -> bool:
    """Whether the sentence of the date tells of a birth, death, anniversary or past event."""
    span = ctx.doc.char_span(f.start, f.end, alignment_mode="expand")
    if span is None:
        return True
    words = ctx.lexicon.not_publication
    return any(t.lower_ in words or t.lemma_.lower() in words for t in ctx.sentence(span[0]))


def _lede(text: str, found: list[FoundTime], lines: list[_Line]) -> _Line | None:
    """The first paragraph of 20 or more words without a full calendar date: news ledes name the
    day of the news ("on Tuesday, the mayor said") but rarely its year."""
    for line in lines:
        has_full = any(line.start <= f.start < line.end and f.full for f in found)
        if len(re.findall(r"\w+", text[line.start : line.end])) >= 20 and not has_full:
            return line
    return None
