"""The SQL of stored statements: their columns, the filters and ranking of a search, rows → models;
and the people list's orders and name filter.

A search ranks on the few columns its filters need, then reads whole rows for the page it keeps.
`contains` is every word required (not stopwords), scored by BM25 (store/fulltext.py's index).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal

import duckdb

from ..types import Addressee, Article, ArticleMeta, Cue, Person, Quote, QuoteType, Speaker, StatementKind
from .fulltext import query_terms
from .identity import speaker_hash
from .records import Provenance, StoredArticle, StoredQuote

PeopleOrder = Literal["quotes", "name", "last"]
# Most statements first; by name key (surname, then given name); latest statement first.
PEOPLE_ORDERS: dict[PeopleOrder, str] = {
    "quotes": "quotes DESC, id",
    "name": "id",
    "last": "last DESC NULLS LAST, id",
}
# The people one of whose names holds $match, in any case or accents (Corpus._select_people).
PEOPLE_MATCHING = """AND s.id IN (
    SELECT al.person_id FROM mentions AS m JOIN aliases AS al USING (name_key)
    WHERE contains(strip_accents(lower(m.name)), strip_accents(lower($match))))"""


def people_sql(*, matching: bool, order: PeopleOrder) -> str:
    """The people with their statement counts and first and last dates (at their precision),
    ranked by `order`; parameters $limit, $offset, $person and, when `matching`, $match."""
    matching_sql = PEOPLE_MATCHING if matching else ""
    return rf"""
    WITH named AS (
        SELECT unnest(speaker_keys) AS name_key, article_hash, date_from, date_to, date_precision
        FROM quotes
    ),
    spoken AS (  -- by name, and the role nouns resolved to the person through the store (roles.py)
        SELECT al.person_id AS id, s.article_hash, s.date_from, s.date_to, s.date_precision
        FROM named AS s JOIN aliases AS al USING (name_key)
        UNION ALL
        SELECT r.person_id, q.article_hash, q.date_from, q.date_to, q.date_precision
        FROM role_speakers AS r JOIN quotes AS q USING (qid)
    ),
    ranked AS (
        SELECT s.id, count(*) AS quotes, count(DISTINCT s.article_hash) AS articles,
               min(coalesce(s.date_from, s.date_to)) AS first, max(s.date_to) AS last,
               arg_min(s.date_precision, coalesce(s.date_from, s.date_to)::VARCHAR||s.date_precision)
               AS first_precision,
               arg_max(s.date_precision, s.date_to::VARCHAR || s.date_precision)
               AS last_precision
        FROM spoken AS s
        WHERE ($person IS NULL OR s.id = $person) {matching_sql}
        GROUP BY s.id
        ORDER BY {PEOPLE_ORDERS[order]}
        LIMIT $limit OFFSET $offset
    ),
    names AS (
        SELECT al.person_id AS id, list(DISTINCT name ORDER BY name) AS names
        FROM (SELECT name_key, trim(regexp_replace(name, '\s+', ' ', 'g')) AS name FROM mentions) AS m
        JOIN aliases AS al USING (name_key)
        WHERE al.person_id IN (SELECT id FROM ranked)
        GROUP BY al.person_id
    )
    SELECT r.id, pe.name, coalesce(n.names, []) AS names, r.quotes, r.articles, r.first, r.last,
           r.first_precision, r.last_precision
    FROM ranked AS r JOIN people AS pe USING (id) LEFT JOIN names AS n USING (id)
    ORDER BY {PEOPLE_ORDERS[order]}
    """


BM25_K1 = 1.2  # the fts extension's defaults, so scores equal its match_bm25
BM25_B = 0.75


def bm25_hits(*, rarest: int | None = None) -> str:
    """The `terms` and `hits` CTEs: BM25 over the terms `$terms` (fulltext.query_terms of the words
    asked), as the fts extension's `match_bm25` scored it, from the index of store/fulltext.py. A
    statement must hold every term (a search); with `rarest`, any of that many rarest terms
    (`find`'s candidates: the postings of common words are long and say little)."""
    every = "" if rarest else "HAVING count(*) = len($terms)"
    fewest = f"ORDER BY d.df, d.termid LIMIT {int(rarest)}" if rarest else ""
    return f"""
terms AS (SELECT d.termid, d.df FROM fts_terms AS d WHERE d.term IN (SELECT unnest($terms)) {fewest}),
hits AS (
    SELECT p.qid,
           sum(log((s.docs - t.df + 0.5) / (t.df + 0.5) + 1)
               * p.tf * ({BM25_K1} + 1)
               / (p.tf + {BM25_K1} * (1 - {BM25_B} + {BM25_B} * p.len / (s.total_len / s.docs)))) AS score
    FROM fts_postings AS p JOIN terms AS t USING (termid), fts_stats AS s
    GROUP BY p.qid
    {every}
)"""


# The columns of a stored quote as `quotes_df` and `export` give them.
COLUMNS = """
    qid, q.article_hash, a.url, a.title, a.source, a.published, a.origin, al.person_id, pe.name AS person,
    q.* EXCLUDE (qid, article_hash, speaker_key, speaker_keys, speaker_id)"""
ARTICLE_JOINS = """
    JOIN articles AS a ON a.hash = q.article_hash
    LEFT JOIN aliases AS al ON al.name_key = q.speaker_key
    LEFT JOIN people AS pe ON pe.id = al.person_id"""
# The same for a page of `quotes`, which looks the person up by speaker_key itself (`_persons`).
_PAGE_COLUMNS = """
    qid, q.article_hash, a.url, a.title, a.source, a.published, a.origin, q.speaker_key,
    q.* EXCLUDE (qid, article_hash, speaker_key, speaker_keys, speaker_id)"""
_PAGE_JOINS = "JOIN articles AS a ON a.hash = q.article_hash"

# A statement matches a date range when its interval overlaps it: "November 2003" matches
# --since 2003-11-15, "has long complained" (no start) any --until on or after its end. An undated
# statement matches no date filter.
SINCE = "q.date_to >= $since"
UNTIL = "(q.date_from <= $until OR (q.date_from IS NULL AND q.date_to IS NOT NULL))"

# The statements of one person (params from `Corpus._person_params`): a semi-join on the integer
# speaker id, the list column only where no single speaker was stored (joint speakers), and the
# role nouns the store resolved to the person (store/roles.py).
PERSON_FILTER = (
    "(q.speaker_id IN (SELECT unnest($person_ids)) "
    "OR (q.speaker_id IS NULL AND list_has_any(q.speaker_keys, $person_keys)) "
    "OR q.qid IN (SELECT qid FROM role_speakers WHERE person_id = $person_id))"
)
# A speaker's statements through role nouns the store resolved to a person they name.
ROLE_SPEAKER = (
    "q.qid IN (SELECT r.qid FROM role_speakers AS r JOIN aliases AS al USING (person_id) "
    "WHERE list_contains($keys, al.name_key))"
)

# A person's statements by week, each at its precision (`Corpus.quotes_per_week`), and the count of
# those no timeline can place (`Corpus.undated_count`).
TIMELINE = f"""WITH mine AS (
    SELECT date_trunc('week', q.date_from)::DATE AS first, date_trunc('week', q.date_to)::DATE AS last,
           q.date_precision IN ('day', 'week') AS exact
    FROM quotes AS q
    WHERE q.date_from IS NOT NULL AND q.date_to IS NOT NULL AND q.date_precision <> 'decade'
      AND {PERSON_FILTER}
),
weeks AS (
    SELECT unnest(generate_series(first, last, INTERVAL 7 DAY))::DATE AS week, exact,
           1.0 / (date_diff('week', first, last) + 1) AS share
    FROM mine
)
SELECT week, count(*) FILTER (WHERE exact) AS quotes,
       coalesce(sum(share) FILTER (WHERE NOT exact), 0.0) AS spread
FROM weeks GROUP BY week ORDER BY week"""
UNPLACED = f"""SELECT count(*) FROM quotes AS q WHERE {PERSON_FILTER}
AND (q.date_from IS NULL OR q.date_to IS NULL OR q.date_precision = 'decade')"""


def quote_search(
    *,
    speaker: str | None,
    speaker_keys: Sequence[str],
    person: dict[str, Any] | None,
    contains: str | None,
    since: dt.date | None,
    until: dt.date | None,
    type: QuoteType | None,
    limit: int | None,
    offset: int,
    persons: bool,
    statement_kind: Sequence[StatementKind] | None = None,
    where: Sequence[str] = (),
) -> tuple[str, dict[str, Any]]:
    """The SQL and parameters of a ranked page of statements: best BM25 match first with `contains`,
    else newest (by the end of the date interval).
    `speaker_keys` are the name keys `speaker` can mean; `person` the parameters of one
    person's statements (`PERSON_FILTER`). With `persons=False` the person columns are left to the
    caller (q.speaker_key instead): two joins less on every search. `where`: more conditions on
    `q` (store/browse.py leaves out a provenance group's repeats with one)."""
    where = list(where)
    params: dict[str, Any] = {"limit": limit, "offset": offset}
    if person is not None:
        where.append(PERSON_FILTER)
        params |= person
    for clause, name, value in (
        (SINCE, "since", since),
        (UNTIL, "until", until),
        ("q.type = $type", "type", type),
        ("list_contains($statement_kind, q.kind)", "statement_kind", list(statement_kind or ()) or None),
    ):
        if value is not None:
            where.append(clause)
            params[name] = value
    branches = [where]
    if speaker is not None:
        # One speaker: a semi-join on an integer column. Joint speakers ('both X and Y') have
        # no id; their keys are read only on those rows, since a list column costs a scan.
        keys = list(speaker_keys)
        params |= {"ids": [speaker_hash(key=key) for key in keys] + [speaker_hash(name=speaker)]}
        branches = [[*where, "q.speaker_id IN (SELECT unnest($ids))"]]
        if keys:
            params["keys"] = keys
            branches.append([*where, "q.speaker_id IS NULL", "list_has_any(q.speaker_keys, $keys)"])
            branches.append([*where, ROLE_SPEAKER])
    selected = " UNION ".join(  # a statement once, whichever branches find it
        f"SELECT q.qid, q.date_to FROM quotes AS q {'WHERE ' + ' AND '.join(branch) if branch else ''}"
        for branch in branches
    )
    # Newest first; integer tie-breaks, as sorting a million rows by text costs 30 ms.
    ranked = (
        f"SELECT s.qid, NULL::DOUBLE AS score FROM ({selected}) AS s ORDER BY s.date_to DESC NULLS LAST, qid"
    )
    order = "q.date_to DESC NULLS LAST, ranked.qid"
    hits = ""
    if contains is not None:
        params["terms"] = query_terms(contains)
        hits, order = f"{bm25_hits()},", "ranked.score DESC, ranked.qid"
        filtered = bool(where) or speaker is not None  # else no scan of quotes at all
        source = f"({selected}) AS s JOIN hits AS h USING (qid)" if filtered else "hits AS h"
        ranked = f"SELECT h.qid, h.score FROM {source} ORDER BY h.score DESC, h.qid"
    # Rank on the few columns the filters need, then read whole rows for the ones kept:
    # reading every column of a million rows to keep twenty costs hundreds of milliseconds.
    columns, joins = (COLUMNS, ARTICLE_JOINS) if persons else (_PAGE_COLUMNS, _PAGE_JOINS)
    sql = f"""
        WITH {hits}
        ranked AS ({ranked} LIMIT $limit OFFSET $offset)
        SELECT {columns}, ranked.score
        FROM ranked JOIN quotes AS q USING (qid) {joins}
        ORDER BY {order}
    """
    return sql, params


# The rows of a page of `quote_search` (with `persons=False`) for the statements whose qids are
# $qids, in any order and without a score: a page picked from ranked qids alone (store/browse.py).
QUOTES_BY_QID = (
    f"SELECT {_PAGE_COLUMNS}, NULL::DOUBLE AS score FROM quotes AS q {_PAGE_JOINS} WHERE qid IN $qids"
)


def stored_quote(row: dict[str, Any], provenance: Provenance | None = None) -> StoredQuote:
    """A row of `COLUMNS` (and a score) → the statement with its article, person and provenance."""
    speaker = cue = addressee = None
    if row["speaker_kind"] is not None:
        speaker = Speaker(
            kind=row["speaker_kind"],
            person=row["speaker_person"],
            name=row["speaker_name"],
            mention=row["speaker_mention"],
            start=row["speaker_start"],
            end=row["speaker_end"],
            people=row["speaker_people"] or [],
        )
    if row["cue_text"] is not None:
        cue = Cue(text=row["cue_text"], lemma=row["cue_lemma"], start=row["cue_start"], end=row["cue_end"])
    if row["addressee_name"] is not None:
        addressee = Addressee(
            person=row["addressee_person"],
            name=row["addressee_name"],
            mention=row["addressee_mention"],
            start=row["addressee_start"],
            end=row["addressee_end"],
        )
    quote = Quote(
        id=row["id"],
        type=row["type"],
        text=row["text"],
        start=row["start"],
        end=row["end"],
        speaker=speaker,
        cue=cue,
        addressee=addressee,
        date=row["date"],
        date_text=row["date_text"],
        date_source=row["date_source"],
        place=row["place"],
        parent=row["parent"],
        confidence=row["confidence"],
        date_from=row["date_from"],
        date_to=row["date_to"],
        date_precision=row["date_precision"],
        in_title=row["in_title"],
        kind=row["kind"],
    )
    fields = ("article_hash", "url", "title", "published", "origin", "person_id", "person", "score")
    return StoredQuote(**{name: row[name] for name in fields}, quote=quote, provenance=provenance)


def stored_article(con: duckdb.DuckDBPyConnection, article_hash: str) -> StoredArticle | None:
    """One stored article with its people and statements, as `saidwhat analyze` gave them."""
    row = con.execute(
        "SELECT hash, origin, fetched, title, published, published_inferred, source, url, author, text "
        "FROM articles WHERE hash = $hash",
        {"hash": article_hash},
    ).fetchone()
    if row is None:
        return None
    hash_, origin, fetched, title, published, inferred, source, url, author, text = row
    meta = ArticleMeta(
        title=title,
        published=published,
        published_inferred=inferred,
        source=source,
        url=url,
        author=author,
        text=text,
    )
    mentions = con.execute(
        """SELECT m.person, m.name, m.titles, m.affiliations, m.gender, m.spans, al.person_id
        FROM mentions AS m LEFT JOIN aliases AS al USING (name_key)
        WHERE m.article_hash = $hash ORDER BY len(m.person), m.person""",
        {"hash": article_hash},
    ).fetchall()
    people = [
        Person(id=pid, name=name, titles=titles, affiliations=affs, gender=gender, mentions=spans)
        for pid, name, titles, affs, gender, spans, _ in mentions
    ]
    cursor = con.execute(
        f"SELECT {COLUMNS}, NULL::DOUBLE AS score FROM quotes AS q {ARTICLE_JOINS} "
        "WHERE q.article_hash = $hash ORDER BY q.start, q.end, q.id",
        {"hash": article_hash},
    )
    names = [column[0] for column in cursor.description or ()]
    quotes = [stored_quote(dict(zip(names, r, strict=True))).quote for r in cursor.fetchall()]
    return StoredArticle(
        hash=hash_,
        origin=origin,
        fetched=fetched,
        analysis=Article(article=meta, people=people, quotes=quotes),
        person_ids={pid: person_id for pid, *_, person_id in mentions if person_id is not None},
    )
