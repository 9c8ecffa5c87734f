"""The writer stores the same thing however its work is split: with the per-statement preparation
done by the workers (store/prepare.py) or by the writer itself, in batches of any size, and the same
as the writer before that split (a digest of every table, recorded with the writer of 5b333e5).

The articles are invented here, built as `Article` records (no analysis runs): people named in
full, by initial, by surname alone and with a peer's title, role holders and role nouns, joint
speakers, statements copied, cut and reworded across outlets, accented words, a failed item, a
repeated item and a text stored twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import pickle
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pytest

from saidwhat.store.writer import Analyzed, Failed, Outcome, QuoteStore, Repeated
from saidwhat.types import Article, ArticleMeta, Cue, Person, Quote, Speaker

GIVEN = ["Ines", "Tomas", "Mirela", "Jonah", "Petra", "Anselm", "Ruth", "Oskar"]
SURNAMES = ["Varga", "Brandt", "Okafor", "Lindqvist", "Moreau", "Halvorsen"]
WORDS = [
    *("harbour", "wall", "council", "storms", "autumn", "ferry", "timetable", "budget", "school"),
    *("teachers", "rail", "fares", "bridge", "repair", "flood", "defences", "money", "promise"),
    *("villagers", "café", "naïve", "élite", "résumé", "the", "a", "of", "and", "to", "in", "will"),
    *("never", "always", "must", "should", "rebuild", "review", "cut", "raise", "open", "close"),
    *("year", "week", "plan", "report"),
]
OUTLETS = ["wire", "daily", "weekly", "gazette", "herald"]
GROUPS = ["officials", "the prime minister", "police", "the chancellor", "campaigners"]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randrange(3, 22))]
    return " ".join(words).capitalize() + "."


def _person(rng: random.Random, number: int) -> Person:
    surname = rng.choice(SURNAMES)
    form = rng.randrange(6)
    given = rng.choice(GIVEN)
    name = {
        0: f"{given} {surname}",
        1: f"{given[0]}. {surname}",
        2: surname,
        3: f"Lord {surname}",
        4: f"Mrs {surname}",
        5: "Prime Minister Petra Varga",  # one holder, so that the corpus learns the role
    }[form]
    titles = {3: ["Lord"], 4: ["Mrs"], 5: ["Prime Minister"]}.get(form, [])
    roles = ["prime minister"] if form == 5 else (["chancellor"] if rng.random() < 0.2 else [])
    gender = rng.choice([None, "male", "female"]) if form != 4 else "female"
    return Person(
        id=f"p{number}",
        name=name,
        titles=titles,
        affiliations=["Harbour Party"] if rng.random() < 0.3 else [],
        gender=gender,
        mentions=[(number * 10, number * 10 + len(name))],
        roles=roles,
    )


def _speaker(rng: random.Random, people: list[Person]) -> Speaker | None:
    kind = rng.randrange(5)
    if kind == 0 or not people:
        name = rng.choice(GROUPS)
        return Speaker(kind="group", name=name, mention=name, start=0, end=len(name))
    if kind == 1 and len(people) > 1:
        both = rng.sample(people, 2)
        name = " and ".join(p.name for p in both)
        return Speaker(kind="people", name=name, mention=name, start=0, end=3, people=[p.id for p in both])
    if kind == 2:
        return None
    person = rng.choice(people)
    return Speaker(kind="person", person=person.id, name=person.name, mention="she", start=5, end=8)


def _content(rng: random.Random, said: list[tuple[Speaker | None, str]]) -> tuple[Speaker | None, str] | None:
    """Words carried from an earlier article: whole, cut, with a word changed, or shouted."""
    if not said or rng.random() < 0.5:
        return None
    speaker, text = rng.choice(said)
    words = text.split()
    how = rng.randrange(4)
    if how == 1 and len(words) > 10:
        start = rng.randrange(len(words) - 9)
        words = words[start : start + 9 + rng.randrange(len(words) - start - 8)]
    elif how == 2:
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    elif how == 3:
        words = [word.upper() for word in words]
    return speaker, " ".join(words)


def invented_outcomes(count: int = 60, seed: int = 3) -> list[Outcome]:
    rng = random.Random(seed)
    outcomes: list[Outcome] = []
    said: list[tuple[Speaker | None, str]] = []
    texts: list[str] = []
    for n in range(count):
        if n % 17 == 5:
            outcomes.append(Failed(f"item{n}.txt", f"hash{n}", "cannot be read (invented)"))
            continue
        if n % 19 == 7:
            outcomes.append(Repeated(f"item{n}.txt", f"hash{n - 1}"))
            continue
        people = [_person(rng, i + 1) for i in range(rng.randrange(0, 5))]
        quotes = []
        for i in range(rng.randrange(0, 7)):
            carried = _content(rng, said)
            speaker, text = carried if carried else (_speaker(rng, people), _sentence(rng))
            if speaker is not None and speaker.person and speaker.person not in {p.id for p in people}:
                speaker = None  # a speaker of another article
            said.append((speaker, text))
            cue = Cue(text="said", lemma="say", start=0, end=4) if rng.random() < 0.7 else None
            quotes.append(
                Quote(
                    id=f"q{i + 1}",
                    type=rng.choice(["direct", "mixed", "indirect"]),
                    text=text,
                    start=100 + 200 * i,
                    end=100 + 200 * i + len(text),
                    speaker=speaker,
                    cue=cue,
                    date=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(300)) if i % 2 else None,
                    place="in Tromsø" if rng.random() < 0.2 else None,
                    parent="q1" if i > 1 and rng.random() < 0.2 else None,
                    confidence=round(rng.random(), 3),
                    in_title=i == 0 and rng.random() < 0.3,
                )
            )
        text = " ".join(q.text for q in quotes) or _sentence(rng)
        if n % 13 == 11 and texts:
            text = texts[-1]  # a text stored already: a duplicate
        texts.append(text)
        outlet = OUTLETS[n % len(OUTLETS)]
        meta = ArticleMeta(
            text=text,
            title=f"Report {n}",
            url=f"https://{outlet}.example/{n}",
            source=outlet,
            published=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(200)) if n % 5 else None,
        )
        article = Article(article=meta, people=people, quotes=quotes)
        outcomes.append(Analyzed(f"item{n}.txt", f"hash{n}", article, fetched=dt.date(2024, 9, 1)))
    return outcomes


def write(db: Path, outcomes: Sequence[Outcome], batch: int) -> None:
    with QuoteStore(db) as store:
        run = store.start_run(["invented"])
        for start in range(0, len(outcomes), batch):
            store.add_batch(run, outcomes[start : start + batch])


def tables(db: Path) -> dict[str, list[Any]]:
    """Every table's rows as JSON values, ordered, without the times of the run and its log."""
    with duckdb.connect(str(db), read_only=True) as con:
        listed = con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()
        names = [name for (name,) in listed]
        dumped = {}
        for name in names:
            exclude = {"runs": " EXCLUDE (started)", "ingest_log": " EXCLUDE (logged_at)"}.get(name, "")
            rows = con.execute(f"SELECT *{exclude} FROM {name} ORDER BY ALL").fetchall()
            dumped[name] = json.loads(json.dumps(rows, default=str))
    return dumped


def digests(db: Path) -> dict[str, str]:
    return {
        name: hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:16] for name, rows in tables(db).items()
    }


# Recorded with the writer of 5b333e5 (before store/prepare.py), batches of 8; quotes and meta again
# with schema v7 (its kind column; the other columns' digest checked equal to 5b333e5's).
BEFORE = {
    "aliases": "c0f888370f0d2ea3",
    "articles": "7e76c5a10e8bb8cc",
    "fts_postings": "7de312bac17f9d64",
    "fts_stats": "0674825ba88e2d25",
    "fts_terms": "64e3c70f058e0f07",
    "ingest_log": "a76bc8782ce80a55",
    "mentions": "27b2277afac97a60",
    "meta": "3df1b04a51fef493",
    "people": "046bd510a5a18a0a",
    "quote_fingerprints": "42d2ecaa9d6938a5",
    "quote_groups": "150d2b0cc4840298",
    "quotes": "2b821b3461b78c0a",
    "role_evidence": "c4db69f5bc8dac28",
    "role_mentions": "dd9abaf5b02c289e",
    "role_speakers": "05cd7e77b2076ca7",
    "runs": "4f750514a882e095",
}


def _prepared(outcomes: list[Outcome], which: str) -> list[Outcome]:
    """The outcomes as workers ship them: prepared (all, every other one, none), and pickled."""
    from saidwhat.store.prepare import prepare

    shipped: list[Outcome] = []
    for n, outcome in enumerate(outcomes):
        if isinstance(outcome, Analyzed) and (which == "all" or (which == "some" and n % 2)):
            outcome = outcome.replace(prepared=prepare(outcome.article))
        shipped.append(outcome)
    return list(pickle.loads(pickle.dumps(shipped)))


@pytest.mark.parametrize("which", ["all", "some", "none"])
def test_the_store_is_the_same_as_the_writer_before_wrote_it(tmp_path: Path, which: str) -> None:
    db = tmp_path / "store.duckdb"
    outcomes = _prepared(invented_outcomes(), which)
    write(db, outcomes, batch=8)
    found = digests(db)
    assert {name: found[name] == digest for name, digest in BEFORE.items()} == dict.fromkeys(BEFORE, True)
    assert set(found) == set(BEFORE)


@pytest.mark.parametrize("pickled", [False, True], ids=["at-hand", "pickled"])
def test_a_preparation_of_another_release_or_article_is_done_again(tmp_path: Path, pickled: bool) -> None:
    from saidwhat.store.prepare import prepare

    outcomes = invented_outcomes()
    analysed = [n for n, o in enumerate(outcomes) if isinstance(o, Analyzed) and o.article.quotes]
    first, second = analysed[0], analysed[1]
    a, b = outcomes[first], outcomes[second]
    assert isinstance(a, Analyzed) and isinstance(b, Analyzed)
    stale = prepare(a.article)._replace(release="0.0.1")
    outcomes[first] = a.replace(prepared=stale)
    outcomes[second] = b.replace(prepared=prepare(b.article)._replace(article_hash=stale.article_hash))
    if pickled:  # the sender drops a preparation of another article; the writer redoes another release's
        outcomes = pickle.loads(pickle.dumps(outcomes))
    write(tmp_path / "store.duckdb", outcomes, batch=8)
    assert digests(tmp_path / "store.duckdb") == BEFORE


def test_the_writer_of_prepared_results_never_unpickles_their_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unpickling an `Article` was half the ingest process's CPU a document (store/outcomes.py)."""
    import saidwhat.store.outcomes

    shipped = _prepared(invented_outcomes(), "all")

    class Refused:
        @staticmethod
        def loads(data: bytes) -> Any:
            raise AssertionError("an article was unpickled")

    monkeypatch.setattr(saidwhat.store.outcomes, "pickle", Refused)
    write(tmp_path / "store.duckdb", shipped, batch=8)
    monkeypatch.undo()
    assert digests(tmp_path / "store.duckdb") == BEFORE
