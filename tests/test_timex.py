"""TIMEX3 values at the precision of the words, on invented news prose."""

from __future__ import annotations

import datetime as dt

import pytest

import saidwhat

PUBLISHED = dt.date(2024, 3, 13)  # a Wednesday, in ISO week 11


@pytest.mark.parametrize(
    ("sentence", "words", "timex"),
    [
        ("The pier was built in 1998, the mayor said.", "1998", "1998"),
        ("The council met in August, the mayor said.", "August", "2023-08"),
        ("The council met in January 2021, the mayor said.", "January 2021", "2021-01"),
        ("The council met last week, the mayor said.", "last week", "2024-W10"),
        ("The council will meet next weekend, the mayor said.", "next weekend", "2024-W12-WE"),
        ("The council met on Monday night, the mayor said.", "Monday night", "2024-03-11TNI"),
        ("The council met on March 4, the mayor said.", "March 4", "2024-03-04"),
        ("The pier was built 50 years ago, the mayor said.", "50 years ago", "1974"),
        ("The storm lasted three days, the mayor said.", "three days", "P3D"),
        ("The shift lasted forty-eight hours, the mayor said.", "forty-eight hours", "PT48H"),
        ("The works took twenty years, the mayor said.", "twenty years", "P20Y"),
        ("The pier dates from the 1970s, the mayor said.", "the 1970s", "197"),
        ("Fares are now higher, the mayor said.", "now", "PRESENT_REF"),
        ("Fares rose recently, the mayor said.", "recently", "PAST_REF"),
        ("Fares will rise in the future, the mayor said.", "the future", "FUTURE_REF"),
        ("Profit fell in the fourth quarter, the mayor said.", "the fourth quarter", "2023-Q4"),
        ("Profit fell in the first quarter, the mayor said.", "the first quarter", "2024-Q1"),
        ("The pier reopens this summer, the mayor said.", "this summer", "2024-SU"),
        ("The pier closed last fall, the mayor said.", "last fall", "2023-FA"),
        ("The pier closed last December, the mayor said.", "last December", "2023-12"),
        ("The pier reopens this September, the mayor said.", "this September", "2024-09"),
        ("The pier reopens next March, the mayor said.", "next March", "2025-03"),
    ],
)
def test_timex_values_keep_the_precision_of_the_words(sentence: str, words: str, timex: str) -> None:
    article = saidwhat.analyze(sentence, published=PUBLISHED)
    found = {t.text: t.timex for t in article.times}
    assert found.get(words) == timex, found


def test_the_day_value_stays_the_first_day_of_a_period() -> None:
    [time] = [t for t in saidwhat.analyze("It opened in August, she said.", published=PUBLISHED).times]
    assert (time.value, time.timex) == (dt.date(2023, 8, 1), "2023-08")
