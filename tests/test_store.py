"""The store without the model: name keys and identity, schema versions, refusals, batches."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from saidwhat.cli import app
from saidwhat.errors import StoreError
from saidwhat.store.connection import SCHEMA_VERSION
from saidwhat.store.identity import NameKey, NameUse, fitting_keys, name_key, resolve
from saidwhat.store.reader import Corpus
from saidwhat.store.writer import Analyzed, Failed, QuoteStore
from saidwhat.types import Article, ArticleMeta, Person, Quote, Speaker


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Joe Biden", "biden|joe"),
        ("President Biden", "biden|"),
        ("President Joe Biden's", "biden|joe"),
        ("Biden", "biden|"),
        ("Deputy Prime Minister John Prescott", "prescott|john"),
        ("Trade and Industry Secretary Patricia Hewitt", "hewitt|patricia"),
        ("Secretary of State Colin Powell", "powell|colin"),
        ("J. K. Rowling", "rowling|j"),
        ("Martin Luther King Jr.", "king|martin"),
        ("Mr King", "king||m"),
        ("Mrs Howard", "howard||f"),
        ("José Mourinho", "mourinho|jose"),
        ("Sir Digby Jones", "jones|digby"),
        ("the Minister", None),
        ("Chancellor", None),
    ],
)
def test_name_key(name: str, key: str | None) -> None:
    found = name_key(name)
    assert (found.key if found else None) == key


def use(key: str, articles: int, name: str, gender: str | None = None) -> NameUse:
    genders = Counter({gender: articles}) if gender else Counter[str]()
    return NameUse(NameKey.parse(key), articles, Counter({name: articles}), genders)


def test_full_name_title_and_surname_of_different_articles_are_one_person() -> None:
    people, aliases = resolve([use("biden|", 3, "President Biden"), use("biden|joe", 2, "Joe Biden")])
    assert [(p.id, p.name) for p in people] == [("biden|joe", "Joe Biden")]
    linked = {alias.key: (alias.person_id, alias.evidence) for alias in aliases}
    assert linked["biden|joe"] == ("biden|joe", "full name")
    assert linked["biden|"] == ("biden|joe", "surname only; the only fitting person: Joe Biden")


def test_a_bare_surname_goes_to_the_most_named_person_and_says_so() -> None:
    uses = [use("biden|jill", 2, "Jill Biden"), use("biden|joe", 9, "Joe Biden"), use("biden|", 4, "Biden")]
    people, aliases = resolve(uses)
    assert sorted(p.id for p in people) == ["biden|jill", "biden|joe"]
    (bare,) = [alias for alias in aliases if alias.key == "biden|"]
    assert bare.person_id == "biden|joe"
    assert bare.evidence == "surname only; 2 fitting people, chose Joe Biden, named in most articles (9)"


def test_initials_and_genders_constrain_the_link() -> None:
    uses = [
        use("howard|michael", 5, "Michael Howard", "male"),
        use("howard||f", 2, "Mrs Howard"),
        use("howard||m", 3, "Mr Howard"),
        use("rowling|j", 1, "J. Rowling"),
        use("rowling|joanne", 3, "Joanne Rowling"),
        use("rowling|kevin", 1, "Kevin Rowling"),
    ]
    people, aliases = resolve(uses)
    linked = {alias.key: alias.person_id for alias in aliases}
    assert linked["howard||f"] == "howard||f"  # Mrs Howard is not Michael Howard: a person of her own
    assert linked["howard||m"] == "howard|michael"
    assert linked["rowling|j"] == "rowling|joanne"
    assert {p.id: p.gender for p in people}["howard|michael"] == "male"


def test_given_name_variants_are_one_person_unless_their_genders_differ() -> None:
    uses = [
        use("harrow|vince", 4, "Vince Harrow"),
        use("harrow|vincent", 1, "Vincent Harrow"),
        use("quell|joe", 2, "Joe Quell", "male"),
        use("quell|joseph", 1, "Joseph Quell", "female"),
    ]
    people, aliases = resolve(uses)
    linked = {alias.key: (alias.person_id, alias.evidence) for alias in aliases}
    assert linked["harrow|vincent"] == ("harrow|vince", "given-name variant of Vince Harrow")
    assert linked["quell|joseph"] == ("quell|joseph", "full name")  # a woman: not Joe Quell
    assert sorted(p.id for p in people) == ["harrow|vince", "quell|joe", "quell|joseph"]
    assert resolve(uses) == resolve(list(reversed(uses)))
    rows = [(alias.key, alias.person_id, None) for alias in aliases if alias.surname == "harrow"]
    assert fitting_keys(NameKey.parse("harrow|vincent"), rows) == ["harrow|vince", "harrow|vincent"]


def test_resolution_does_not_depend_on_order() -> None:
    uses = [use("biden|jill", 2, "Jill Biden"), use("biden|joe", 9, "Joe Biden"), use("biden|", 4, "Biden")]
    assert resolve(uses) == resolve(list(reversed(uses)))


# --- the store file -----------------------------------------------------------------------------


def analyzed(text: str, *, speaker: str = "Mara Quinlan", origin: str = "a.txt") -> Analyzed:
    start = len("Intro. ")
    quote = Quote(
        id="q1",
        type="direct",
        text=text,
        start=start,
        end=start + len(text),
        speaker=Speaker(kind="person", person="p1", name=speaker, mention=speaker, start=0, end=len(speaker)),
        confidence=0.9,
    )
    person = Person(id="p1", name=speaker, mentions=[(0, len(speaker))])
    article = Article(article=ArticleMeta(text=f"Intro. {text}"), people=[person], quotes=[quote])
    return Analyzed(origin=origin, item_hash=f"hash-of-{origin}", article=article)


def test_a_batch_is_stored_once_and_duplicates_and_failures_are_logged(tmp_path: Path) -> None:
    db = tmp_path / "corpus.duckdb"
    with QuoteStore(db) as store:
        run = store.start_run(["a.txt", "b.txt", "c.txt"])
        counts = store.add_batch(
            run,
            [
                analyzed("We will win.", origin="a.txt"),
                analyzed("We will win.", origin="b.txt"),  # same text, another file
                Failed("c.txt", "hash-of-c", "text does not look like English: only 2% …"),
            ],
        )
        assert (counts.ingested, counts.duplicates, counts.failed, counts.quotes) == (1, 1, 1, 1)
        assert store.seen_items() == {"hash-of-a.txt", "hash-of-b.txt", "hash-of-c"}
        store.rebuild_index()
    with Corpus(db) as corpus:
        assert corpus.stats().articles == 1
        (hit,) = corpus.quotes(speaker="Quinlan")
        assert hit.quote == analyzed("We will win.").article.quotes[0]  # every field survives the store
        assert hit.person == "Mara Quinlan" and hit.origin == "a.txt"
    log = duckdb.connect(str(db), read_only=True).execute("SELECT origin, status FROM ingest_log ORDER BY 1")
    assert log.fetchall() == [("a.txt", "ingested"), ("b.txt", "duplicate"), ("c.txt", "failed")]


def test_a_stale_index_is_rebuilt_by_the_first_search(tmp_path: Path) -> None:
    db = tmp_path / "corpus.duckdb"
    with QuoteStore(db) as store:  # like an ingest killed before its final index rebuild
        store.add_batch(store.start_run(["a.txt"]), [analyzed("Harbour fares will rise.")])
    with Corpus(db) as corpus:
        assert [hit.quote.text for hit in corpus.quotes(contains="fare")] == ["Harbour fares will rise."]


def set_version(db: Path, version: str) -> None:
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [version])


def test_a_store_of_a_newer_version_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "corpus.duckdb"
    QuoteStore(db).close()
    set_version(db, str(SCHEMA_VERSION + 1))
    with pytest.raises(StoreError, match="newer saidwhat"):
        Corpus(db)
    with pytest.raises(StoreError, match="newer saidwhat"):
        QuoteStore(db)  # ingest never writes into it
    for command in (["query"], ["people"], ["ingest", str(tmp_path)]):  # ingest: before any worker starts
        result = CliRunner().invoke(app, [*command, "--db", str(db)])
        assert result.exit_code == 2
        assert result.stderr.startswith("error: ") and "upgrade saidwhat" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM runs").fetchone() == (0,)  # nothing written


def test_unknown_version_other_databases_and_non_databases_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "corpus.duckdb"
    QuoteStore(db).close()
    set_version(db, "0.9-beta")
    with pytest.raises(StoreError, match=r"unknown store schema version '0\.9-beta'"):
        Corpus(db)
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("CREATE TABLE sales (id INTEGER)")
    with pytest.raises(StoreError, match="not a saidwhat store"):
        QuoteStore(other)
    text = tmp_path / "notes.duckdb"
    text.write_text("just some notes\n" * 100, encoding="utf-8")
    with pytest.raises(StoreError, match="cannot open as a DuckDB database"):
        Corpus(text)
    with pytest.raises(StoreError, match="no such store"):
        Corpus(tmp_path / "missing.duckdb")
