"""The one lenient reader of ISO dates (YYYY-MM-DD) that page metadata, JSONL records, WARC
headers, command-line options and web forms share; each caller decides what a bad date means."""

from __future__ import annotations

import datetime as dt


def parse_date(value: str | None) -> dt.date | None:
    """The date `value` spells in ISO form, or None for None, an empty string or anything else."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
