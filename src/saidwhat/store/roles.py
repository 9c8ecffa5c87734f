"""Role holders learned from the corpus (issue 14): whom the store's articles name as the prime
minister, the chancellor, …, and the statements of a role noun ("the prime minister said") in an
article that names no holder, resolved to that person.

Evidence is a person of an article named with a role (extract/roles.py: "Prime Minister Jane
Doe", "the chancellor, Jane Doe"), one row an article, person and role. A role noun's statement
goes to the person (across articles, store/identity.py) whom most evidence of that role names,
among the articles of the same source within `WINDOW` of its date, when at least `MIN_ARTICLES`
articles say so and the next person has at most 1/`MARGIN` of them: thin or conflicting evidence
leaves it a group. After each batch `role_speakers` is recomputed from every stored row of the
pools the batch touched, so it depends on what is stored, never on the order it arrived in.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..extract.roles import held_roles, named_role
from ..lexicon import load_lexicon
from ..types import Person
from .records import RoleHolding, SpeakerSummary

if TYPE_CHECKING:  # a worker imports this module (store/prepare.py), and no DuckDB
    import duckdb

MIN_ARTICLES = 3
MARGIN = 2
WINDOW = dt.timedelta(days=365)

_Evidence = tuple[str, str, dt.date | None]  # holder's person id, article hash, published
Pool = tuple[str, str | None]  # a role and a source: the evidence a holder is chosen from


def article_rows(
    article_hash: str,
    people: Sequence[Person],
    keys: Mapping[str, str | None],
    quotes: Sequence[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The role evidence of one article (its people's roles, by name key) and its statements
    whose group speaker names a role that may be learned across articles."""
    lexicon = load_lexicon()
    evidence = [
        {"article_hash": article_hash, "person": p.id, "role": role, "name_key": keys[p.id]}
        for p in people
        if keys.get(p.id)
        for role in p.roles
    ]
    mentions = []
    for quote in quotes:
        role = named_role(lexicon, quote["speaker_name"] or "") if quote["speaker_kind"] == "group" else None
        if role is not None and role.name not in lexicon.article_only_roles:
            mentions.append({"qid": quote["qid"], "article_hash": article_hash, "role": str(role)})
    return evidence, mentions


def backfill(con: duckdb.DuckDBPyConnection) -> None:
    """The evidence and role-noun statements of a store written before roles were stored, read
    from its people's titles and affiliations and its group speakers' words, then resolved."""
    lexicon = load_lexicon()
    evidence = [
        (article_hash, person, str(role), name_key)
        for article_hash, person, name_key, titles, affiliations in con.execute(
            "SELECT article_hash, person, name_key, titles, affiliations FROM mentions "
            "WHERE name_key IS NOT NULL"
        ).fetchall()
        for role in held_roles(lexicon, titles, affiliations)
    ]
    if evidence:
        con.executemany("INSERT INTO role_evidence VALUES (?, ?, ?, ?)", evidence)
    quotes = con.execute(
        "SELECT qid, article_hash, speaker_kind, speaker_name FROM quotes WHERE speaker_kind = 'group'"
    ).fetchall()
    mentions = [
        row
        for qid, article_hash, kind, name in quotes
        for row in article_rows(
            article_hash, [], {}, [{"qid": qid, "speaker_kind": kind, "speaker_name": name}]
        )[1]
    ]
    if mentions:
        con.executemany("INSERT INTO role_mentions VALUES ($qid, $article_hash, $role)", mentions)
    resolve_stored(con)


def resolve_stored(
    con: duckdb.DuckDBPyConnection,
    surnames: Collection[str] | None = None,
    pools: Collection[Pool] | None = None,
) -> None:
    """Recompute `role_speakers` from the stored evidence and role-noun statements: all of it, or,
    after a batch that changed the people of `surnames` and stored evidence or role-noun
    statements of `pools`, that of those pools and of the pools with evidence naming one of
    `surnames` (whose person, or name, may have changed). No other pool's evidence, holders or
    their names changed, so its rows stand as they were."""
    scope, joined, params = "", "", {}
    if surnames is not None or pools is not None:
        pools = _touched_pools(con, surnames or (), pools or ())
        if not pools:
            return
        scope = "WITH pools AS (SELECT unnest($roles) AS role, unnest($sources) AS source) "
        joined = "JOIN pools AS p ON p.role = {0}.role AND p.source IS NOT DISTINCT FROM a.source"
        params = {"roles": [role for role, _ in pools], "sources": [source for _, source in pools]}
    evidence: dict[tuple[str, str | None], list[_Evidence]] = defaultdict(list)
    for role, source, holder, article, published in con.execute(
        f"""{scope}SELECT e.role, a.source, coalesce(al.person_id, e.name_key), e.article_hash, a.published
           FROM role_evidence AS e JOIN articles AS a ON a.hash = e.article_hash {joined.format("e")}
           LEFT JOIN aliases AS al ON al.name_key = e.name_key""",
        params,
    ).fetchall():
        evidence[(role, source)].append((holder, article, published))
    mentions = con.execute(
        f"""{scope}SELECT m.qid, m.role, a.source, a.published
           FROM role_mentions AS m JOIN articles AS a ON a.hash = m.article_hash {joined.format("m")}
           ORDER BY m.qid""",
        params,
    ).fetchall()
    holders = sorted({holder for pool in evidence.values() for holder, _, _ in pool})
    named = con.execute("SELECT id, name FROM people WHERE id IN (SELECT unnest(?))", [holders])
    names = dict(named.fetchall())
    found: dict[tuple[str, str | None, dt.date | None], dict[str, Any] | None] = {}
    rows = []
    for qid, role, source, published in mentions:
        key = (role, source, published)
        if key not in found:
            found[key] = _holder(role, evidence.get((role, source), []), published, names)
        holder = found[key]
        if holder is not None:
            rows.append({"qid": qid, "role": role, **holder})
    if scope:
        con.execute("DELETE FROM role_speakers WHERE qid IN (SELECT unnest(?))", [[m[0] for m in mentions]])
    else:
        con.execute("DELETE FROM role_speakers")
    if rows:
        con.executemany(
            "INSERT INTO role_speakers VALUES ($qid, $role, $person_id, $articles, $first, $last, $evidence)",
            rows,
        )


def _touched_pools(
    con: duckdb.DuckDBPyConnection, surnames: Collection[str], pools: Collection[Pool]
) -> list[Pool]:
    """`pools` and those with evidence of a name key of `surnames`, sorted (see `resolve_stored`)."""
    named = con.execute(
        """SELECT DISTINCT e.role, a.source
           FROM role_evidence AS e JOIN articles AS a ON a.hash = e.article_hash
           WHERE split_part(e.name_key, '|', 1) IN (SELECT unnest(?))""",
        [sorted(surnames)],
    ).fetchall()
    return sorted({*pools, *named}, key=lambda pool: (pool[0], pool[1] or ""))


def _holder(
    role: str, pool: Sequence[_Evidence], published: dt.date | None, names: Mapping[str, str]
) -> dict[str, Any] | None:
    """The holder of `role` at `published` by the evidence `pool` of one source, or None."""
    near = [
        (holder, article, day)
        for holder, article, day in pool
        if published is None or day is None or abs(day - published) <= WINDOW
    ]
    articles: dict[str, set[str]] = defaultdict(set)
    for holder, article, _ in near:
        articles[holder].add(article)
    ranked = sorted(articles.items(), key=lambda item: (-len(item[1]), item[0]))
    if not ranked or len(ranked[0][1]) < MIN_ARTICLES:
        return None
    if len(ranked) > 1 and len(ranked[0][1]) < MARGIN * len(ranked[1][1]):
        return None
    person, chosen = ranked[0]
    days = sorted(day for holder, _, day in near if holder == person and day is not None)
    total = len({article for _, article, _ in near})
    name = names.get(person, person)
    evidence = f"{len(chosen)} of {total} articles of the source naming a {role} name {name}"
    if len(ranked) > 1:
        evidence += f" (next: {names.get(ranked[1][0], ranked[1][0])}, {len(ranked[1][1])})"
    return {
        "person_id": person,
        "articles": len(chosen),
        "first": days[0] if days else None,
        "last": days[-1] if days else None,
        "evidence": evidence,
    }


def holdings(con: duckdb.DuckDBPyConnection, person_ids: Sequence[str]) -> dict[str, list[RoleHolding]]:
    """The roles each person was referred to by as a speaker: in the article that names them so
    ("the premier said" after "Prime Minister Doe") and through the corpus (`role_speakers`)."""
    if not person_ids:
        return {}
    lexicon = load_lexicon()
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    evidence: dict[tuple[str, str], str] = {}
    for person, mention in con.execute(
        """SELECT al.person_id, q.speaker_mention
           FROM quotes AS q JOIN aliases AS al ON al.name_key = q.speaker_key
           WHERE q.speaker_kind = 'person' AND al.person_id IN (SELECT unnest($ids))""",
        {"ids": list(person_ids)},
    ).fetchall():
        first, _, rest = (mention or "").partition(" ")
        role = named_role(lexicon, rest) if first.lower() == "the" else None  # "the premier", not a name
        if role is not None:
            counts[(person, str(role))][0] += 1
    for person, held, n, said in con.execute(
        """SELECT person_id, role, count(*), min(evidence) FROM role_speakers
           WHERE person_id IN (SELECT unnest($ids)) GROUP BY 1, 2""",
        {"ids": list(person_ids)},
    ).fetchall():
        counts[(person, held)][1] += n
        evidence[(person, held)] = said
    found: dict[str, list[RoleHolding]] = defaultdict(list)
    for (person, name), (here, learned) in sorted(counts.items(), key=lambda item: (-sum(item[1]), item[0])):
        said = evidence.get((person, name))
        found[person].append(
            RoleHolding(role=name, statements=here + learned, learned=learned, evidence=said)
        )
    return dict(found)


def with_roles(con: duckdb.DuckDBPyConnection, people: Sequence[SpeakerSummary]) -> list[SpeakerSummary]:
    """`people` with the roles they were referred to by (`holdings`)."""
    held = holdings(con, [p.id for p in people])
    return [p.model_copy(update={"roles": held.get(p.id, [])}) for p in people]
