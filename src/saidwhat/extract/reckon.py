"""Calendar arithmetic of relative times against an anchor day: the year a date without one
falls in, the weekday nearest the anchor in the tense's direction, counting units forward or
back, and the first day of this/last/next week, weekend, month or year."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Literal

Tense = Literal["past", "present", "future"]

# How many days ahead of the anchor a date without a year may lie before it is read as
# last year's, and behind it before a future-tense one is read as next year's: news looks
# back far more often than it looks ahead, and reports a past "would ... by Jan. 14".
YEAR_LOOKAHEAD = dt.timedelta(days=62)


def year_of_period(anchor: dt.date | None, first_month: int) -> int | None:
    """The year of a quarter named without one: this year's, unless it has not begun yet."""
    if anchor is None:
        return None
    return anchor.year if first_month <= anchor.month else anchor.year - 1


def named_month(month: int, anchor: dt.date, lower: str, tense: Tense) -> dt.date | None:
    """ "last May" is the latest May before the anchor's month, "next May" the first after it,
    "this May" the anchor's year's; a bare "May" is read like a date without a year."""
    if lower.startswith("last "):
        return dt.date(anchor.year - (month >= anchor.month), month, 1)
    if lower.startswith("next "):
        return dt.date(anchor.year + (month <= anchor.month), month, 1)
    if lower.startswith("this "):
        return dt.date(anchor.year, month, 1)
    return year_for(month, 1, anchor, tense)


def year_for(month: int, day: int, anchor: dt.date, tense: Tense) -> dt.date | None:
    """The anchor's year; the year before when that would lie months ahead of the anchor in a
    sentence that is not in the future tense, the year after when a future-tense date would
    lie months before it."""
    try:
        value = dt.date(anchor.year, month, day)
    except ValueError:  # February 29 outside a leap year
        return None
    if tense == "future":
        return value.replace(year=anchor.year + 1) if value < anchor - YEAR_LOOKAHEAD else value
    return value.replace(year=anchor.year - 1) if value > anchor + YEAR_LOOKAHEAD else value


def weekday_date(weekday: int, anchor: dt.date, lower: str, tense: Tense) -> dt.date:
    """A bare weekday is in the week around the anchor: past and present tense count back
    to the latest such day (the anchor itself if it is one), the future counts forward;
    "next"/"last" exclude the anchor's own day."""
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if lower.startswith("next"):
        return anchor + dt.timedelta(days=ahead or 7)
    if lower.startswith(("last", "past")):
        return anchor - dt.timedelta(days=back or 7)
    return anchor + dt.timedelta(days=ahead) if tense == "future" else anchor - dt.timedelta(days=back)


def shift(base: dt.date, unit: str, amount: int) -> dt.date:
    if unit.startswith("day"):
        return base + dt.timedelta(days=amount)
    if unit.startswith("week"):
        return base + dt.timedelta(weeks=amount)
    year, month = divmod(
        base.year * 12 + base.month - 1 + amount * (12 if unit.startswith("year") else 1), 12
    )
    # the 31st of a 30-day month becomes its last day
    return dt.date(year, month + 1, min(base.day, calendar.monthrange(year, month + 1)[1]))


def period_start(anchor: dt.date, unit: str, step: int) -> dt.date:
    """The first day of this/last/next week (Monday), weekend (Saturday), month or year."""
    if unit == "week":
        return anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=step)
    if unit == "weekend":
        return anchor + dt.timedelta(days=5 - anchor.weekday()) + dt.timedelta(weeks=step)
    if unit == "month":
        return shift(anchor.replace(day=1), "month", step)
    return dt.date(anchor.year + step, 1, 1)
