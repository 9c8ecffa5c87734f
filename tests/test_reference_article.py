"""The reference article (../shared/examples/cnn-2021-12-08-biden-putin-call.txt) against
our own gold annotation of it. Quotes are identified by their first words only: the
article itself stays in ../shared."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import saidwhat
from saidwhat.types import Article, Quote

BIDEN, PUTIN = "Joe Biden", "Vladimir Putin"
DAY = dt.date(2021, 12, 8)

QUOTED = [  # (type, first words, speaker): all 8 quoted spans
    ("mixed", "like none he’s ever seen", BIDEN),
    ("direct", "That is not on the table", BIDEN),
    ("direct", "We have a moral obligation", BIDEN),
    ("direct", "I was very straightforward", BIDEN),
    ("direct", "He knows", BIDEN),
    ("direct", "We hope by Friday", BIDEN),
    ("direct", "We agreed that an appropriate", PUTIN),
    ("direct", "The conversation was very open", PUTIN),
]
REPORTED = [  # (first words of the content, speaker, date or None)
    ("grew tense at moments", "officials", None),
    ("Biden ended the conversation", "officials", None),
    ("new diplomatic channels", f"{BIDEN} and {PUTIN}", DAY),
    ("he warned Putin", BIDEN, DAY),
    ("the US would not dispatch", BIDEN, DAY),
    ("he told Putin in direct terms", BIDEN, DAY),
    ("he believed his Russian counterpart", BIDEN, DAY),
    ("he told Putin he would likely", BIDEN, DAY),
    ("the presence of NATO troops", PUTIN, None),
    ("they are a threat", PUTIN, None),
    ("the country must first do more", BIDEN, None),
    ("legally binding language", PUTIN, dt.date(2021, 12, 7)),
    ("those talks were likely to begin", BIDEN, DAY),
    ("he and Biden agreed", PUTIN, DAY),
]
THOUGHTS = [  # (first words of the content, source): beliefs and stances, `kind: "thought"`
    ("membership in NATO", "Ukraine"),
]
NESTED = [
    ("he would impose sanctions", BIDEN),
    ("he would likely have to", BIDEN),
    ("Russia would submit", PUTIN),
]


@pytest.fixture(scope="module")
def article(shared: Path) -> Article:
    path = shared / "examples" / "cnn-2021-12-08-biden-putin-call.txt"
    return saidwhat.analyze(path.read_bytes())


def _find(article: Article, first_words: str) -> Quote | None:
    return next((q for q in article.quotes if q.text.startswith(first_words)), None)


def test_publication_date_inferred(article: Article) -> None:
    assert article.article.published == DAY
    assert article.article.published_inferred


@pytest.mark.parametrize(("kind", "first_words", "speaker"), QUOTED)
def test_quoted_span(article: Article, kind: str, first_words: str, speaker: str) -> None:
    quote = _find(article, first_words)
    assert quote is not None
    assert quote.type == kind
    assert quote.speaker is not None and quote.speaker.kind == "person"
    assert quote.speaker.name == speaker
    assert quote.date == DAY


def test_exactly_the_quoted_spans(article: Article) -> None:
    quoted = [q for q in article.quotes if q.type in ("direct", "mixed")]
    assert len(quoted) == len(QUOTED)


def test_reported_statements(article: Article) -> None:
    right = 0
    for first_words, speaker, date in REPORTED:
        quote = _find(article, first_words)
        if quote is not None and quote.type == "indirect" and quote.speaker and quote.speaker.name == speaker:
            right += date is None or quote.date == date
    assert right >= len(REPORTED) - 1


def test_nothing_invented(article: Article) -> None:
    known = [w for _, w, _ in QUOTED] + [w for w, _, _ in REPORTED] + [w for w, _ in NESTED + THOUGHTS]
    assert [q.text[:40] for q in article.quotes if not any(q.text.startswith(w) for w in known)] == []


def test_joint_speaker_lists_both(article: Article) -> None:
    quote = _find(article, "new diplomatic channels")
    assert quote is not None and quote.speaker is not None
    names = {p.id: p.name for p in article.people}
    assert sorted(names[i] for i in quote.speaker.people) == [BIDEN, PUTIN]


def test_addressee_of_told(article: Article) -> None:
    quote = _find(article, "he would likely have to")
    assert quote is not None and quote.addressee is not None
    assert quote.addressee.name == PUTIN


def test_people_titles_and_role_nouns(article: Article) -> None:
    people = {p.name: p for p in article.people}
    assert "President" in people[BIDEN].titles and "President" in people[PUTIN].titles
    assert "Russian" in people[PUTIN].affiliations
    text = article.article.text
    counterpart = text.index("his Russian counterpart") + len("his Russian ")
    assert any(start <= counterpart < end for start, end in people[PUTIN].mentions)
    the_president = text.index("The President")
    assert any(start <= the_president + 4 < end for start, end in people[BIDEN].mentions)


def test_tuesdays_call_is_the_day_before(article: Article) -> None:
    tuesdays = [t for t in article.times if t.text.startswith("Tuesday")]
    assert tuesdays and all(t.value == dt.date(2021, 12, 7) for t in tuesdays)


@pytest.mark.parametrize(("first_words", "source"), THOUGHTS)
def test_thoughts_are_marked(article: Article, first_words: str, source: str) -> None:
    quote = _find(article, first_words)
    assert quote is not None and quote.kind == "thought"
    assert quote.speaker is not None and quote.speaker.mention == source


def test_words_are_not_thoughts(article: Article) -> None:
    """Finding beliefs and stances leaves every statement of words a speech or a writing."""
    words = [w for _, w, _ in QUOTED] + [w for w, _, _ in REPORTED]
    assert [w for w in words if (q := _find(article, w)) is not None and q.kind == "thought"] == []
