"""A publication date given by hand: a date, a datetime or an ISO string; anything else is
bad input, named, never a traceback from date arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest

import saidwhat
from saidwhat.isodate import DateLike

TEXT = "The mayor said on Tuesday that the bridge would reopen."


@pytest.mark.parametrize("published", [dt.date(2021, 12, 8), dt.datetime(2021, 12, 8, 15, 30), "2021-12-08"])
def test_a_date_a_datetime_or_an_iso_string(published: DateLike) -> None:
    article = saidwhat.analyze(TEXT, published=published)
    assert article.article.published == dt.date(2021, 12, 8)
    assert [q.date for q in article.quotes] == [dt.date(2021, 12, 7)]


@pytest.mark.parametrize("published", ["yesterday", "08/12/2021", 20211208])
def test_anything_else_is_bad_input_naming_it(published: DateLike) -> None:
    with pytest.raises(saidwhat.InputError, match="is not a date"):
        saidwhat.analyze(TEXT, published=published)


def test_doc_published_may_be_an_iso_string() -> None:
    nlp = saidwhat.load_pipeline()
    doc = nlp.make_doc(TEXT)
    doc._.published = "2021-12-08"
    doc = nlp(doc)
    assert doc._.published == dt.date(2021, 12, 8)
    assert [q.date for q in doc._.quotes] == [dt.date(2021, 12, 7)]
