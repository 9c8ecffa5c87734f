"""TIMEX3 values at the precision of the words, on invented news prose."""

from __future__ import annotations

import datetime as dt

import pytest

import saidwhat
from saidwhat.extract.holidays import holiday_date

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
        ("The pier closed this past summer, the mayor said.", "this past summer", "2023-SU"),
        ("Profit will rise in the current fiscal year, the mayor said.", "the current fiscal year", "2024"),
        ("The pier reopens this September, the mayor said.", "this September", "2024-09"),
        ("The pier reopens next March, the mayor said.", "next March", "2025-03"),
        # recurrences (SET)
        ("The ferry sails daily, the mayor said.", "daily", "P1D"),
        ("The council meets every week, the mayor said.", "every week", "P1W"),
        ("The council meets twice a year, the mayor said.", "twice a year", "P1Y"),
        ("The market opens each Thursday, the mayor said.", "each Thursday", "XXXX-WXX-4"),
        ("The market opens on Tuesday nights, the mayor said.", "Tuesday nights", "XXXX-WXX-2TNI"),
        # clock times take their day from the words or from the last day the text set
        ("The polls closed at 10 p.m. Monday, the mayor said.", "10 p.m. Monday", "2024-03-11T22:00"),
        ("The polls close at noon, the mayor said.", "noon", "2024-03-13T12:00"),
        ("The polls closed at 6:30 a.m. EST, the mayor said.", "6:30 a.m. EST", "2024-03-13T06:30"),
        # modifiers stay out of the value
        ("The pier reopens early next year, the mayor said.", "early next year", "2025"),
        ("The pier closed almost four years ago, the mayor said.", "almost four years ago", "2020"),
        ("The pier closed a decade ago, the mayor said.", "a decade ago", "2014"),
        ("The pier closed several years ago, the mayor said.", "several years ago", "PAST_REF"),
        ("Profit rose in the latest quarter, the mayor said.", "the latest quarter", "2023-Q4"),
        ("Profit rose in this year's first quarter, the mayor said.", "this year's first quarter", "2024-Q1"),
        # years and decades said in words (broadcast transcripts)
        ("The pier was built in nineteen ninety-six, he said.", "nineteen ninety-six", "1996"),
        ("The pier opens in the year two thousand, he said.", "the year two thousand", "2000"),
        ("The pier dates from the nineties, the mayor said.", "the nineties", "199"),
        ("The pier closes at the end of the month, the mayor said.", "the end of the month", "2024-03"),
        ("The pier closed in mid-afternoon, the mayor said.", "mid-afternoon", "2024-03-13TAF"),
        ("Tourism fell after the Aug. 7 Embassy bombings in the capital.", "Aug. 7", "2023-08-07"),
        # a leading preposition is not part of the time
        ("The pier stays shut between now and May 2, the mayor said.", "now", "PRESENT_REF"),
        (
            "The day before last Monday's vote, the mayor resigned.",
            "The day before last Monday's",
            "2024-03-10",
        ),
        ("Turnout fell on Election Day, the mayor said.", "Election Day", "2023-11-07"),
    ],
)
def test_timex_values_keep_the_precision_of_the_words(sentence: str, words: str, timex: str) -> None:
    article = saidwhat.analyze(sentence, published=PUBLISHED)
    found = {t.text: t.timex for t in article.times}
    assert found.get(words) == timex, found


def test_the_day_value_stays_the_first_day_of_a_period() -> None:
    [time] = [t for t in saidwhat.analyze("It opened in August, she said.", published=PUBLISHED).times]
    assert (time.value, time.timex) == (dt.date(2023, 8, 1), "2023-08")


@pytest.mark.parametrize(
    ("sentence", "words", "timex"),
    [
        # a bare weekday counts back in the past tense and forward where the verb looks ahead
        ("The officials could not be reached Monday, the mayor said.", "Monday", "2024-03-11"),
        ("The vote is scheduled for Friday, the mayor said.", "Friday", "2024-03-15"),
        ("Officials postponed the vote until Friday, the mayor said.", "Friday", "2024-03-15"),
        ("The offer had been due to expire Friday, the mayor said.", "Friday", "2024-03-08"),
        ("The board said they would appeal Monday's ruling.", "Monday's", "2024-03-11"),
        # a month without a year: a future-tense one months ahead keeps this year
        ("The shuttle will fly in December, the mayor said.", "December", "2024-12"),
        # an infinitive of purpose does not look ahead; "is to", "set to" do
        ("Crowds rallied to mark the vote on Monday, the mayor said.", "Monday", "2024-03-11"),
        ("Talks are set to resume Monday, the mayor said.", "Monday", "2024-03-18"),
        # named days fall in the year the tense and last/next point to
        ("The boat was found on Thanksgiving Day, the mayor said.", "Thanksgiving Day", "2023-11-23"),
        ("The pier closed last Christmas, the mayor said.", "last Christmas", "2023-12-25"),
        ("The pier will reopen by Easter, the mayor said.", "Easter", "2024-03-31"),
        ("The works start the week of March 25, the mayor said.", "the week of March 25", "2024-W13"),
        ("The boy flies home as early as Friday, the mayor said.", "as early as Friday", "2024-03-15"),
    ],
)
def test_the_tense_of_the_verb_places_a_weekday_or_a_month(sentence: str, words: str, timex: str) -> None:
    article = saidwhat.analyze(sentence, published=PUBLISHED)
    found = {t.text: t.timex for t in article.times}
    assert found.get(words) == timex, found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The pier was shut from 2009-2010, the mayor said.", [("2009", "2009"), ("2010", "2010")]),
        (
            "The fair runs on April 24 and 25, the mayor said.",
            [("April 24", "2024-04-24"), ("25", "2024-04-25")],
        ),
        (
            "The pier opened in 1998. That year, the mayor said, was dry.",
            [("1998", "1998"), ("That year", "1998")],
        ),
        (
            "The storm hit on March 4. Earlier that day, the mayor said, the pier closed.",
            [("March 4", "2024-03-04"), ("Earlier that day", "2024-03-04")],
        ),
    ],
)
def test_ranges_are_split_and_anaphora_take_the_last_time(text: str, expected: list[tuple[str, str]]) -> None:
    article = saidwhat.analyze(text, published=PUBLISHED)
    assert [(t.text, t.timex) for t in article.times] == expected


@pytest.mark.parametrize(
    ("text", "words", "timex"),
    [
        ("Profit rose in the third quarter. It was $5 a year ago.", "a year ago", "2023-Q3"),
        ("Profit rose in the third quarter from year-earlier levels.", "year-earlier", "2023-Q3"),
        (
            "Profit rose in the third quarter. The year-ago quarter was weak.",
            "The year-ago quarter",
            "2023-Q3",
        ),
        (
            "Profit rose in the third quarter. The year-ago second quarter was weak.",
            "The year-ago second quarter",
            "2023-Q2",
        ),
        ("The pier closed a year ago, the mayor said.", "a year ago", "2023"),
    ],
)
def test_a_year_ago_in_results_is_the_last_quarter_a_year_before(text: str, words: str, timex: str) -> None:
    article = saidwhat.analyze(text, published=dt.date(2024, 10, 30))
    found = {t.text: t.timex for t in article.times}
    assert found.get(words) == timex, found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The current mayor opened the pier.", [("current", "PRESENT_REF")]),
        ("The pier burned on the night of Friday, March 8.", [("Friday, March 8", "2024-03-08")]),
        ("The two builders, both in their 30s, left the pier.", []),
        ("Divers came 13 days after the storm.", [("13 days after", "P13D")]),
        ("He loved the western High Noon, she said.", []),
    ],
)
def test_what_is_and_is_not_a_time_of_its_own(text: str, expected: list[tuple[str, str]]) -> None:
    article = saidwhat.analyze(text, published=PUBLISHED)
    assert [(t.text, t.timex) for t in article.times] == expected


def test_every_expression_states_its_timex3_type() -> None:
    text = "The ferry sails daily. It sailed for three days at 6 a.m. on Monday and in 2020."
    article = saidwhat.analyze(text, published=PUBLISHED)
    assert [(t.text, t.timex_type) for t in article.times] == [
        ("daily", "SET"),
        ("three days", "DURATION"),
        ("6 a.m. on Monday", "TIME"),
        ("2020", "DATE"),
    ]


def test_a_quoted_today_at_the_start_of_a_quote_is_a_time() -> None:
    article = saidwhat.analyze("The mayor spoke. ``Today, we open the pier,'' she said.", published=PUBLISHED)
    assert [(t.text, t.timex) for t in article.times] == [("Today", "2024-03-13")]


@pytest.mark.parametrize(
    ("rule", "year", "day"),
    [
        ("12-25", 2023, dt.date(2023, 12, 25)),
        ("11-4-4", 1999, dt.date(1999, 11, 25)),  # the fourth Thursday of November
        ("05-L-1", 2024, dt.date(2024, 5, 27)),  # the last Monday of May
        ("E-2", 2000, dt.date(2000, 4, 21)),  # Good Friday
        ("11-1-1+1", 2024, dt.date(2024, 11, 5)),  # the day after the first Monday of November
        ("nonsense", 2000, None),
    ],
)
def test_holiday_rules(rule: str, year: int, day: dt.date | None) -> None:
    assert holiday_date(rule, year) == day
