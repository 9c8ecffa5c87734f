"""Dates in the store: a statement matches --since/--until when its interval overlaps them,
undated ones are counted, a timeline places each statement at its precision, and the corpus's
published range leaves out dates guessed from the text."""

from __future__ import annotations

import datetime as dt

import pytest

import saidwhat
from saidwhat import Corpus
from saidwhat.store.writer import Analyzed, QuoteStore
from saidwhat.web.charts import timeline_svg

TEXTS = {
    "month": (
        "The harbour master of Kelby, Edwin Farrow, said in November 2003 that the harbour tax would rise.",
        dt.date(2024, 3, 9),
    ),
    "day": ("Edwin Farrow said on Tuesday that the ferry would run again.", dt.date(2024, 3, 7)),
    "long": ("Edwin Farrow has long complained that the quay is too narrow.", dt.date(2024, 3, 8)),
    "undated": ("Edwin Farrow has repeatedly argued that the fares are too high.", None),
    "inferred": (
        "Ferry news\n\nPublished: 2 May 1999\n\nEdwin Farrow said that the old ferry had been sold.",
        None,
    ),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    db = tmp_path_factory.mktemp("dates") / "dates.duckdb"
    with QuoteStore(db) as store:
        outcomes = [
            Analyzed(f"{name}.txt", name, saidwhat.analyze(text, published=published))
            for name, (text, published) in TEXTS.items()
        ]
        store.add_batch(store.start_run(["dates"]), outcomes)
        store.rebuild_index()
    return Corpus(db)


WORDS = {"tax": "month", "ferry would": "day", "quay": "long", "fares": "undated", "sold": "inferred"}


def _found(corpus: Corpus, **filters: dt.date) -> set[str]:
    texts = [hit.quote.text for hit in corpus.quotes(limit=None, **filters)]
    return {name for words, name in WORDS.items() for text in texts if words in text}


def test_since_and_until_match_an_overlapping_interval(corpus: Corpus) -> None:
    # November 2003 overlaps the middle of the month; its first day alone would not.
    assert _found(corpus, since=dt.date(2003, 11, 15), until=dt.date(2003, 11, 20)) == {"long", "month"}
    # "has long complained" (some time before 2024-03-08) overlaps any range that starts by then.
    assert _found(corpus, since=dt.date(2024, 3, 1), until=dt.date(2024, 3, 2)) == {"long"}
    assert _found(corpus, since=dt.date(2024, 3, 5), until=dt.date(2024, 3, 5)) == {"day", "long"}
    assert _found(corpus, since=dt.date(2024, 3, 9)) == set()  # the month's statement was made in 2003
    assert _found(corpus) == set(WORDS.values())  # the undated one only without a date filter


def test_undated_statements_are_counted(corpus: Corpus) -> None:
    assert corpus.quote_counts().model_dump() == {"statements": 5, "dated": 4}
    assert corpus.quote_counts(since=dt.date(2024, 1, 1)).model_dump() == {"statements": 2, "dated": 2}


def test_the_timeline_spreads_a_month_over_its_weeks(corpus: Corpus) -> None:
    person = corpus.people(limit=1)[0].id
    weeks = corpus.quotes_per_week(person)
    november = [w for w in weeks if dt.date(2003, 10, 27) <= w.week <= dt.date(2003, 11, 24)]
    assert len(november) == 5 and all(w.quotes == 0 and w.spread == pytest.approx(0.2) for w in november)
    assert sum(w.quotes for w in weeks) == 2  # Tuesday's and the one of 1999, each in its week
    assert corpus.undated_count(person) == 2  # "has long complained" and the undated one
    svg = str(timeline_svg(weeks, label="Farrow", undated=2))
    assert (
        "2 more without a date to place" in svg and "0.20 of statements known only to a longer period" in svg
    )


def test_the_published_range_leaves_out_inferred_dates(corpus: Corpus) -> None:
    inferred = [a for a in corpus.articles(limit=None) if a.published == dt.date(1999, 5, 2)]
    assert len(inferred) == 1  # the article has its inferred date …
    assert corpus.span().first == dt.date(2024, 3, 7)  # … but the corpus range is of real dates
