"""Provenance: the same words of the same speaker across articles are one group, whatever the order."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path

import pytest

from saidwhat.store.provenance import fingerprints, same_statement, words
from saidwhat.store.reader import Corpus
from saidwhat.store.writer import Analyzed, QuoteStore
from saidwhat.types import Article, ArticleMeta, Person, Quote, Speaker

PLEDGE = "The harbour wall will be rebuilt before the autumn storms arrive, whatever it costs the council."
# Invented outlets carrying the same words, worded around differently.
OUTLETS = {
    "wire": ("Ines Varga", f"“{PLEDGE}”", dt.date(2024, 3, 12)),
    "daily": ("Ines Varga", f'"{PLEDGE.upper()}"', dt.date(2024, 3, 13)),  # case and marks
    "weekly": ("Varga", f"“{PLEDGE.replace(', whatever', ' whatever')}”", dt.date(2024, 3, 15)),
    "partial": (
        "Ines Varga",
        "“rebuilt before the autumn storms arrive, whatever it costs”",
        dt.date(2024, 3, 14),
    ),
    "other": ("Tomas Brandt", f"“{PLEDGE}”", dt.date(2024, 3, 11)),  # the same words, another person
    "unrelated": (
        "Ines Varga",
        "“The ferry timetable stays as it is for the whole of next year, sadly.”",
        None,
    ),
}


Outlets = dict[str, tuple[str, str, dt.date | None]]


def article(outlet: str, outlets: Outlets = OUTLETS) -> Analyzed:
    speaker, text, published = outlets[outlet]
    intro = f"{outlet.title()} report. {speaker} said: "
    quote = Quote(
        id="q1",
        type="direct",
        text=text,
        start=len(intro),
        end=len(intro) + len(text),
        speaker=Speaker(kind="person", person="p1", name=speaker, mention=speaker, start=0, end=len(speaker)),
        confidence=0.9,
    )
    meta = ArticleMeta(text=intro + text, url=f"https://{outlet}.example/a", published=published)
    person = Person(id="p1", name=speaker, mentions=[(len(outlet) + 9, len(outlet) + 9 + len(speaker))])
    return Analyzed(
        origin=outlet,
        item_hash=f"item-{outlet}",
        article=Article(article=meta, people=[person], quotes=[quote]),
    )


def groups(db: Path) -> dict[str, tuple[str | None, int | None, str | None]]:
    with Corpus(db) as corpus:
        found = {}
        for hit in corpus.quotes(limit=None):
            p = hit.provenance
            assert p is not None
            found[hit.origin] = (p.group, p.occurrences, p.first_seen.url)
        return found


def ingest(db: Path, order: list[str], batch: int, outlets: Outlets = OUTLETS) -> None:
    with QuoteStore(db) as store:
        run = store.start_run(order)
        for start in range(0, len(order), batch):
            store.add_batch(run, [article(outlet, outlets) for outlet in order[start : start + batch]])


def test_the_same_words_of_one_speaker_are_one_group_first_seen_by_date(tmp_path: Path) -> None:
    db = tmp_path / "corpus.duckdb"
    ingest(db, list(OUTLETS), batch=2)
    found = groups(db)
    same = {found[o] for o in ("wire", "daily", "weekly", "partial")}
    assert len(same) == 1, found  # case, marks, punctuation, a bare surname and a partial quote join
    (group, occurrences, first_url) = same.pop()
    assert occurrences == 4 and first_url == "https://wire.example/a"
    assert found["other"][0] != group and found["other"][1] == 1  # another person's words: another group
    assert found["unrelated"][0] != group


@pytest.mark.parametrize("seed", range(4))
def test_groups_do_not_depend_on_the_ingest_order_or_batches(tmp_path: Path, seed: int) -> None:
    orders = list(itertools.permutations(OUTLETS))
    reference = tmp_path / "a.duckdb"
    ingest(reference, list(OUTLETS), batch=len(OUTLETS))
    shuffled = tmp_path / "b.duckdb"
    ingest(shuffled, list(orders[(seed * 97) % len(orders)]), batch=seed + 1)
    assert groups(shuffled) == groups(reference)


def test_near_copies_need_a_long_shared_run_and_most_of_the_words() -> None:
    a = words(PLEDGE)
    assert same_statement(
        a, words("Officials said the harbour wall will be rebuilt before the autumn storms arrive.")
    )
    assert not same_statement(
        a, words("The harbour wall will be painted blue next spring, the council said.")
    )
    assert not same_statement(words("We will win."), words("We will win this time, believe me, all of us."))
    assert same_statement(words("We will win."), words("“We WILL win!”"))


def test_a_shared_run_of_eight_words_always_shares_a_fingerprint() -> None:
    run = words("rebuilt before the autumn storms arrive whatever it")
    left = words("first words here and then") + run + words("and a different ending entirely now")
    right = words("a quite unrelated opening clause") + run
    assert fingerprints("varga", left) & fingerprints("varga", right)
    assert not fingerprints("varga", left) & fingerprints("brandt", right)  # salted by the speaker


def test_find_ranks_exact_and_near_matches_first_and_keeps_speakers_apart(tmp_path: Path) -> None:
    db = tmp_path / "corpus.duckdb"
    ingest(db, list(OUTLETS), batch=3)
    with QuoteStore(db) as store:
        store.rebuild_index()
    with Corpus(db) as corpus:
        found = corpus.find("the autumn storms arrive")
        assert [f.match for f in found] == ["exact", "exact"]
        # the same words of two people: two groups, Brandt's first seen a day earlier
        assert [(f.speaker, f.provenance.occurrences) for f in found] == [
            ("Tomas Brandt", 1),
            ("Ines Varga", 4),
        ]
        (varga,) = corpus.find("the autumn storms arrive", speaker="Varga")
        assert varga.provenance.first_seen.url == "https://wire.example/a"
        reworded = corpus.find("whatever it costs, the harbour wall will be rebuilt", speaker="Varga")
        assert reworded and reworded[0].match == "words"
        assert corpus.find("ferry timetable")[0].text.startswith("“The ferry")
        assert corpus.find("penguins juggling") == []


def test_find_on_the_command_line_and_in_the_api(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from saidwhat.cli import app
    from saidwhat.web.app import create_app

    db = tmp_path / "corpus.duckdb"
    ingest(db, list(OUTLETS), batch=6)
    with QuoteStore(db) as store:
        store.rebuild_index()
    result = CliRunner().invoke(app, ["find", "autumn storms arrive", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [row["provenance"]["occurrences"] for row in json.loads(result.output)] == [1, 4]
    empty = CliRunner().invoke(app, ["find", "“ … ”", "--db", str(db)])
    assert empty.exit_code == 2 and "nothing to find" in empty.output
    with TestClient(create_app(db)) as client:
        rows = client.get("/api/find", params={"q": "autumn storms arrive", "speaker": "Varga"}).json()
        assert [row["provenance"]["first_seen"]["url"] for row in rows] == ["https://wire.example/a"]
        assert client.get("/api/find", params={"q": "!!"}).json() == []  # no words: nothing matches


def test_grouping_a_whole_store_at_once_gives_the_groups_ingest_gave(tmp_path: Path) -> None:
    import duckdb

    from saidwhat.store.provenance import group_stored

    db = tmp_path / "corpus.duckdb"
    ingest(db, list(reversed(OUTLETS)), batch=1)
    before = groups(db)
    with duckdb.connect(str(db)) as con:
        con.execute("DELETE FROM quote_groups")
        con.execute("DELETE FROM quote_fingerprints")
        assert group_stored(con) == len(OUTLETS)
    assert groups(db) == before


def test_a_store_of_version_2_is_migrated_and_grouped_as_ingest_groups(tmp_path: Path) -> None:
    import duckdb

    db = tmp_path / "corpus.duckdb"
    ingest(db, list(OUTLETS), batch=2)
    before = groups(db)
    with duckdb.connect(str(db)) as con:  # the store as version 2 wrote it: no provenance tables
        con.execute("DROP TABLE quote_groups")
        con.execute("DROP TABLE quote_fingerprints")
        con.execute("ALTER TABLE quotes DROP COLUMN in_title")  # nor the later columns
        con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    assert groups(db) == before  # opening it migrates it
    assert (tmp_path / "corpus.duckdb.v2.bak").is_file()


def test_the_reader_says_where_a_statement_was_first_reported_and_collapses_repeats(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from saidwhat.web.app import create_app

    db = tmp_path / "corpus.duckdb"
    ingest(db, list(OUTLETS), batch=6)
    with QuoteStore(db) as store:
        store.rebuild_index()
    with TestClient(create_app(db)) as client:
        person = client.get("/people").text
        (varga,) = set(re.findall(r'href="(/people/varga[^"]*)"', person))
        collapsed = client.get(varga).text
        assert "Reported in 4 articles, first by" in collapsed
        assert "<time>2024-03-12</time>" in collapsed  # the wire, the earliest
        assert collapsed.count('class="hit"') == 2  # the pledge once, and the ferry statement
        assert "Each statement once: 2 of 5, 3 repeats" in collapsed
        every = client.get(varga, params={"repeats": 1}).text
        assert every.count('class="hit"') == 5 and "Every statement, repeats included: 2 without" in every
        search = client.get("/search", params={"q": "harbour wall"}).text
        assert search.count("Reported in 4 articles") == 1


def _words_of(i: int) -> str:
    """An invented statement whose words no other one shares."""
    return " ".join(f"{word}{i}" for word in ("kestrel", "quarry", "lantern", "orchard", "velvet", "ember"))


# One speaker: 15 statements of her own and the pledge carried by 10 articles; listed every one,
# the pledge's repeats fall on both pages of 20 (the test checks they do).
PAGED: Outlets = {
    **{f"own{i:02}": ("Ines Varga", f"“{_words_of(i)}.”", dt.date(2024, 1, 1 + i)) for i in range(15)},
    **{f"new{i}": ("Ines Varga", f"“{PLEDGE}”", dt.date(2024, 2, 1 + i)) for i in range(5)},
    **{f"old{i}": ("Ines Varga", f"“{PLEDGE}”", dt.date(2023, 12, 1 + i)) for i in range(5)},
}


def test_repeats_are_collapsed_across_pages_and_the_pager_keeps_the_toggle(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from saidwhat.web.app import create_app

    db = tmp_path / "corpus.duckdb"
    ingest(db, list(PAGED), batch=7, outlets=PAGED)
    with QuoteStore(db) as store:
        store.rebuild_index()
    with TestClient(create_app(db)) as client:
        (varga,) = set(re.findall(r'href="(/people/varga[^"]*)"', client.get("/people").text))
        for page in (client.get(varga).text, client.get("/search", params={"speaker": "Varga"}).text):
            assert page.count('class="hit"') == 16  # 15 statements and the pledge once: one page
            assert page.count("Reported in 10 articles") == 1 and 'rel="next"' not in page
            assert "Each statement once: 16 of 25, 9 repeats" in page
        first = client.get(varga, params={"repeats": 1}).text
        assert 'rel="next" href="' + varga + '?repeats=1&amp;page=2"' in first
        second = client.get(varga, params={"repeats": 1, "page": 2}).text
        assert (first.count('class="hit"'), second.count('class="hit"')) == (20, 5)
        pledges = [listed.count("Reported in 10 articles") for listed in (first, second)]
        assert sum(pledges) == 10 and min(pledges) > 0  # a page's collapse alone would show it twice
        searched = client.get("/search", params={"speaker": "Varga", "repeats": 1}).text
        assert 'rel="next" href="/search?speaker=Varga&amp;repeats=1&amp;page=2"' in searched
        assert '<input type="hidden" name="repeats" value="1">' in searched


def test_the_fingerprints_in_memory_never_miss_a_stored_one(tmp_path: Path) -> None:
    import random

    import duckdb

    from saidwhat.store.provenance import KnownPrints

    rng = random.Random(1)
    stored = [rng.getrandbits(64) - (1 << 63) for _ in range(3000)]
    db = tmp_path / "corpus.duckdb"
    QuoteStore(db).close()
    with duckdb.connect(str(db)) as con:
        con.execute("INSERT INTO quote_fingerprints SELECT unnest(?::BIGINT[]), 1", [stored])
        known = KnownPrints(con)
    added = [rng.getrandbits(64) - (1 << 63) for _ in range(70_000)]  # past the merge into the main array
    known.add(added[:100])
    known.add(added[100:])
    assert len(known) == len(stored) + len(added) and known.nbytes == 4 * len(known)
    assert known.may_hold(stored + added) == set(stored + added)
    absent = [rng.getrandbits(64) - (1 << 63) for _ in range(10_000)]
    assert len(known.may_hold(absent)) < 10  # ~73,000 of 2^32 tops: one in 60,000 by chance


SHORT = {f"copy{i}": ("Ines Varga", "“We will not comment.”", dt.date(2024, 4, 1 + i)) for i in range(12)}


def test_a_short_statement_stored_many_times_is_read_once_for_a_new_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its stored copies are one group already: reading every one of them made the writer's cost
    grow with the store (issue 19)."""
    import saidwhat.store.provenance as provenance

    db = tmp_path / "corpus.duckdb"
    ingest(db, list(SHORT)[:-1], batch=3, outlets=SHORT)
    asked: list[int] = []
    where_in = provenance.where_in

    def counted(con: object, select: str, column: str, values: object, *then: str) -> list[object]:
        found = where_in(con, select, column, values, *then)  # type: ignore[arg-type]
        if select.endswith("FROM quotes"):
            asked.append(len(found))
        return found

    monkeypatch.setattr(provenance, "where_in", counted)
    ingest(db, list(SHORT)[-1:], batch=1, outlets=SHORT)
    assert sum(asked) == 1
    monkeypatch.undo()
    assert {(group, n) for group, n, _ in groups(db).values()} == {(min(groups(db).values())[0], 12)}


def test_groups_are_the_same_when_fingerprints_collide(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A short statement's stored copies are read once only while their words are its own: with a
    hash of three values (every fingerprint colliding), the groups are those of the real hash."""
    import hashlib

    import saidwhat.store.provenance as provenance
    from test_writer_equivalence import invented_outcomes, write

    def grouped(db: Path) -> set[frozenset[str]]:
        with Corpus(db) as corpus:
            found: dict[str, set[str]] = {}
            for hit in corpus.quotes(limit=None):
                assert hit.provenance is not None
                found.setdefault(hit.provenance.group, set()).add(f"{hit.origin}:{hit.quote.id}")
        return {frozenset(members) for members in found.values()}

    outcomes = invented_outcomes(count=80, seed=5)
    write(tmp_path / "real.duckdb", outcomes, batch=8)
    monkeypatch.setattr(
        provenance, "_hash", lambda *parts: hashlib.sha256("\x1f".join(parts).encode()).digest()[0] % 3
    )
    write(tmp_path / "weak.duckdb", outcomes, batch=8)
    real = grouped(tmp_path / "real.duckdb")
    assert grouped(tmp_path / "weak.duckdb") == real
    assert any(len(members) > 1 for members in real)
