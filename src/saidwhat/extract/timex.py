"""TIMEX3 values: a time expression's date written at the precision its words give.

"2010" is the year 2010, not 2010-01-01; "August" is "2012-08", "last week" "2013-W12",
"Monday night" "2013-03-18TNI", "three days" "P3D" (TimeML's TIMEX3, as TempEval-3 scores it).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

Grain = Literal["day", "week", "weekend", "month", "quarter", "season", "year", "decade", "duration"]

NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
NUMBERS = {word: n for n, word in enumerate(NUMBER_WORDS)} | {"a": 1, "an": 1}
_TEENS = (
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred")
# Counts of a duration, up to a hundred: "twenty years", "forty-eight hours".
_COUNTS = (
    NUMBERS
    | {w: n for n, w in enumerate(_TEENS, 11)}
    | {w: n for n, w in zip(range(20, 101, 10), _TENS, strict=True)}
)
_COUNT = rf"(?:(?:{'|'.join(_TENS[:-1])})[\s-](?:{'|'.join(NUMBER_WORDS[1:])})|{'|'.join(_COUNTS)}|\d+)"
_DECADE = re.compile(r"\b((?:1[89]|20)\d)0['’]?s\b")  # "the 1980s" → 198
_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
_DURATION_UNITS = {
    "minute": ("T", "M", 1),
    "hour": ("T", "H", 1),
    "day": ("", "D", 1),
    "week": ("", "W", 1),
    "month": ("", "M", 1),
    "year": ("", "Y", 1),
    "decade": ("", "Y", 10),
    "century": ("", "Y", 100),
}
_AMOUNT_UNIT = re.compile(
    rf"(?i)\b(?:({_COUNT})[\s-]+)?(minute|hour|day|week|month|year|decade|centur(?:y|ie))(s?)\b"
)


def timex_value(
    text: str, value: dt.date | None, grain: Grain | None, period: str | None = None, clock: str | None = None
) -> str | None:
    """The TIMEX3 value of the expression `text` whose day is `value`, at `grain`; `period` is
    the quarter or season of a year ("Q3", "SU"), `clock` the time of day ("T15:00")."""
    if grain == "duration":
        return _duration(text)
    if (decade := _DECADE.search(text)) is not None:
        return decade.group(1)
    if value is None or grain is None:
        return None
    if grain == "year":
        return f"{value.year:04d}"
    if grain == "decade":
        return f"{value.year // 10:03d}"
    if grain in ("quarter", "season"):
        return f"{value.year:04d}-{period}"
    if grain == "month":
        return f"{value.year:04d}-{value.month:02d}"
    if grain in ("week", "weekend"):
        year, week, _ = value.isocalendar()
        return f"{year:04d}-W{week:02d}" + ("-WE" if grain == "weekend" else "")
    if clock is not None:
        return value.isoformat() + clock
    part = next((code for word, code in _PARTS.items() if re.search(rf"(?i)\b{word}\b", text)), None)
    return value.isoformat() + (f"T{part}" if part else "")


def _duration(text: str) -> str | None:
    """ "three days" → P3D, "16-hour" → PT16H, "minutes" → PTXM, "a decade" → P10Y, "the year" → P1Y."""
    m = _AMOUNT_UNIT.search(text)
    if m is None:
        return None
    unit = m.group(2).lower()
    time, letter, scale = _DURATION_UNITS["century" if unit.startswith("centur") else unit]
    amount = m.group(1)
    # "the year" is one year, "years" an unknown number of them
    count = ("X" if m.group(3) else str(scale)) if amount is None else str(scale * _count(amount.lower()))
    return f"P{time}{count}{letter}"


def _count(words: str) -> int:
    """ "3" → 3, "three" → 3, "forty-eight" → 48."""
    if words.isdigit():
        return int(words)
    return sum(_COUNTS[word] for word in re.split(r"[\s-]", words))


_UNITS = "|".join(NUMBER_WORDS[1:])
_SPOKEN_YEAR = re.compile(
    rf"(?i)\b(?:(nineteen|twenty)[\s-]+((?:{'|'.join(_TENS[:-1])})(?:[\s-](?:{_UNITS}))?|{'|'.join(_TEENS)}|ten"
    rf"|o[\s-]?(?:{_UNITS}))|two thousand(?:\s+and)?(?:\s+({_UNITS}|ten|{'|'.join(_TEENS)}))?)\b"
    r"(?![\s-]+(?:hours?|days?|weeks?|months?|years?|people|dollars|miles|of)\b)"
)


def spoken_years(words: str) -> str:
    """Years said in words, as broadcast transcripts write them, in digits: "nineteen
    ninety-six" → 1996, "the year two thousand" → the year 2000 ("two thousand years" stays)."""

    def digits(m: re.Match[str]) -> str:
        if m.group(1) is None:  # two thousand (and) …
            return str(2000 + (_count(m.group(3).lower()) if m.group(3) else 0))
        rest = re.sub(r"^o[\s-]?", "", m.group(2).lower())
        return str(100 * (19 if m.group(1).lower() == "nineteen" else 20) + _count(rest))

    return _SPOKEN_YEAR.sub(digits, words)
