"""Named days of the year ("Thanksgiving", "Christmas Eve", "Good Friday") and the day they
fall on in a given year. The names and their rules are data (`[times.holidays]` in the
lexicon): "12-25" a fixed day, "11-4-4" the fourth Thursday of November ("05-L-1" the last
Monday of May), "11-1-1+1" the day after the first Monday of November (a US Election Day),
"E-2" two days before Easter (dateutil's Gregorian Easter)."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dateutil.easter import easter

_FIXED = re.compile(r"(\d\d)-(\d\d)")
_NTH = re.compile(r"(\d\d)-([1-5L])-([1-7])([+-]\d+)?")
_EASTER = re.compile(r"E([+-]\d+)")


def holiday_date(rule: str, year: int) -> dt.date | None:
    """The day `rule` names in `year`, or None for a rule of no known form."""
    if (m := _FIXED.fullmatch(rule)) is not None:
        return dt.date(year, int(m.group(1)), int(m.group(2)))
    if (m := _EASTER.fullmatch(rule)) is not None:
        sunday: dt.date = easter(year)
        return sunday + dt.timedelta(days=int(m.group(1)))
    if (m := _NTH.fullmatch(rule)) is None:
        return None
    month, weekday = int(m.group(1)), int(m.group(3)) - 1
    offset = dt.timedelta(days=int(m.group(4) or 0))
    if m.group(2) == "L":
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7) + offset
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7, weeks=int(m.group(2)) - 1) + offset
