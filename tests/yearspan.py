"""The years an article's own text supports, and the dates of an analysis that fall outside them.

A text tells roughly when it was written: it reports events up to its own time and may look a
few years ahead ("a target for 2008"). So an article is not older than the latest year it
writes down other than as a target, nor more than a year younger; a statement is dated in a year
the text writes (or the year after), never after that bound. A birth year or a historical date
is a year the text writes, so a statement may be dated then ("In 1998 he said"), but the
article itself may not. Used by tests/test_bbc_dates.py and bench/published_dates.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from saidwhat.types import Article

_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
# A year named as a target or a plan, not as something that happened: "by 2008", "until 2010".
_AHEAD = re.compile(r"(?i)\b(?:by|until|till|before|in|for|to|of)\s+(?:the\s+(?:year|end\s+of)\s+)?$")
_AHEAD_WORDS = re.compile(r"(?i)\b(?:will|would|plans?|planned|target|aims?|expected|due|could|next)\b")


@dataclass(frozen=True, slots=True)
class Outside:
    """What an analysis dates outside its text's years: the article's date, and statements."""

    article: dt.date | None = None
    quotes: list[tuple[str, dt.date]] = field(default_factory=list)


def supported_years(text: str) -> tuple[set[int], int | None]:
    """Every year the text writes, and the latest one not named as a target (None: no year)."""
    written: set[int] = set()
    reported: list[int] = []
    for found in _YEAR.finditer(text):
        year = int(found.group())
        written.add(year)
        sentence_start = max(text.rfind(".", 0, found.start()), text.rfind("\n", 0, found.start())) + 1
        before = text[sentence_start : found.start()]
        if not (_AHEAD.search(before) and _AHEAD_WORDS.search(before)):
            reported.append(year)
    return written, max(reported) if reported else (max(written) if written else None)


def outside_years(article: Article) -> Outside:
    """The dates of `article` outside the years its text supports (see the module docstring)."""
    written, latest = supported_years(article.article.text)
    published = article.article.published
    wrong_article = None
    if published is not None and (latest is None or not latest <= published.year <= latest + 1):
        wrong_article = published
    wrong: list[tuple[str, dt.date]] = []
    for quote in article.quotes:
        days = [
            d for d in (quote.date, getattr(quote, "date_from", None), getattr(quote, "date_to", None)) if d
        ]
        for day in days:
            in_text = day.year in written or day.year - 1 in written
            if latest is None or not in_text or day.year > latest + 1:
                wrong.append((quote.id, day))
                break
    return Outside(wrong_article, wrong)
