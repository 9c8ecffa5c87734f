"""The one lenient reader of ISO dates (YYYY-MM-DD) that page metadata, JSONL records, WARC
headers, command-line options and web forms share; each caller decides what a bad date means."""

from __future__ import annotations

import datetime as dt

from .errors import InputError


def parse_date(value: str | None) -> dt.date | None:
    """The date `value` spells in ISO form, or None for None, an empty string or anything else."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


DateLike = dt.date | str | None  # a datetime is a date too: its day counts


def as_date(value: DateLike, *, what: str = "publication date") -> dt.date | None:
    """`value` as a day: a date, a datetime's day or an ISO string ("2021-12-08"); None for None.

    Anything else raises `InputError` naming the value, rather than failing later in date
    arithmetic (`doc._.published` and `analyze(published=…)` are set by hand)."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str) and (day := parse_date(value.strip())) is not None:
        return day
    raise InputError(f"{what} {value!r} is not a date: give a datetime.date or YYYY-MM-DD")
