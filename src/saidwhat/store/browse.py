"""What a browsing interface needs beyond `Corpus`: a search's total and facets, the facet filters,
every row of a search or of the people list for a download, the words to highlight, and the people
list filtered and sorted.

    with Browser("corpus.duckdb") as corpus:
        search = Search(contains="harbour wall", kind="person")
        summary = corpus.summary(search)            # total, counts by type, kind, source, year
        hits = corpus.search(search, limit=20)      # one page, as `Corpus.quotes` gives it

A search is `quote_search`'s (store/search.py), so its filters mean here what they mean for
`Corpus.quotes`; the facet filters (speaker kind, source, year) narrow its rows from outside.
With `collapse`, a search lists each provenance group once (its first statement in the search's
order), in SQL, so its pages neither repeat a group nor skip one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..types import QuoteType, SpeakerKind, StatementKind
from . import fulltext, roles
from .connection import guarded
from .reader import Corpus
from .records import FacetCount, QuoteFilters, SearchSummary, SpeakerSummary, StoredQuote
from .search import QUOTES_BY_QID, PeopleOrder

# Facet name → its column in a search's rows; `year` is the year of the statement's date, when
# its interval lies within one year (a month, a day), else none.
FACET_COLUMNS = {
    "type": "type",
    "kind": "speaker_kind",
    "source": "source",
    "year": "CASE WHEN year(date_from) = year(date_to) THEN year(date_from) END",
}
NARROWING = ("kind", "source", "year")  # the facets `quote_search` has no filter for
BATCH_ROWS = 1000  # rows a fetch of a download: memory stays flat whatever the search finds


@dataclass(frozen=True, slots=True)
class Search:
    """Every filter of a search (None: any); hashable, so it keys a cache."""

    speaker: str | None = None
    contains: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    type: QuoteType | None = None
    statement_kind: tuple[StatementKind, ...] | None = None  # speech, writing, thought: these only
    kind: SpeakerKind | None = None
    source: str | None = None
    year: int | None = None
    person: str | None = None  # a person id: exactly that person's statements
    collapse: bool = False  # one row a provenance group: the same words in other articles left out

    @property
    def narrowed(self) -> bool:
        return any(getattr(self, name) is not None for name in NARROWING)


@dataclass(frozen=True, slots=True)
class Rows:
    """A download's column names and its rows, fetched in batches while the caller reads them."""

    columns: list[str]
    batches: Iterator[list[tuple[Any, ...]]]


class Browser(Corpus):
    """A `Corpus` reader with what the web reader shows beside a page of results."""

    @guarded
    def search(self, search: Search, *, limit: int, offset: int = 0) -> list[StoredQuote]:
        """A page of the search's statements, in `Corpus.quotes`'s order; with `collapse`, without
        the statements that repeat one before them of their provenance group."""
        where, hidden = self._unrepeated(search)
        if not search.narrowed:  # the plain search: its fast paths (store/search.py)
            sql, params = self._quote_sql(
                _filters(search), limit, person=search.person, offset=offset, persons=False, where=where
            )
            return self._hits(self._con.execute(sql, params | hidden))
        # The page's qids first, then their whole rows: reading every column of every row it narrows
        # costs seconds on a million statements.
        sql, params = self._narrowed(search, persons=False, where=where)
        ranked = self._con.execute(
            f"SELECT qid, article_hash, id, score FROM ({sql}) AS hit ORDER BY {_order(search)} "
            "LIMIT $page_limit OFFSET $page_offset",
            params | hidden | {"page_limit": limit, "page_offset": offset},
        ).fetchall()
        found = {
            (hit.article_hash, hit.quote.id): hit
            for hit in self._hits(self._con.execute(QUOTES_BY_QID, {"qids": [row[0] for row in ranked]}))
        }
        return [
            found[(article, id_)].model_copy(update={"score": score}) for _, article, id_, score in ranked
        ]

    def _repeats(self, search: Search) -> list[int]:
        """The statements of the search that repeat one before them (in its order) of their group.

        Only the statements of groups with more than one member are ranked for it (a group's
        other members have a label other than their own qid), so the cost follows the repeats, not
        the search: the page itself keeps its fast path, less these."""
        sql, params = self._narrowed(search, persons=False, where=[_IN_SHARED_GROUP])
        rows = self._con.execute(
            f"SELECT hit.qid FROM ({sql}) AS hit JOIN quote_groups AS g USING (qid) "
            f"QUALIFY row_number() OVER (PARTITION BY g.grp ORDER BY {_order(search)}) > 1",
            params,
        ).fetchall()
        return sorted(qid for (qid,) in rows)

    def _unrepeated(self, search: Search) -> tuple[list[str], dict[str, Any]]:
        """The condition and parameter that leave a collapsed search's repeats out (none if not)."""
        if not search.collapse:
            return [], {}
        return ["q.qid NOT IN (SELECT unnest($repeats))"], {"repeats": self._repeats(search)}

    @guarded
    def summary(self, search: Search) -> SearchSummary:
        """The number of statements the search finds, of their provenance groups (the statements
        once each, repeats left out), and their counts by every facet (one scan)."""
        sql, params = self._narrowed(search, persons=False)
        names = list(FACET_COLUMNS)
        sets = ", ".join(["()", *(f"({name})" for name in names)])
        rows = self._con.execute(
            f"""SELECT {", ".join(f"grouping({name})" for name in names)}, {", ".join(names)}, count(*),
                   count(date_to)
            FROM (SELECT {", ".join(f"{column} AS {name}" for name, column in FACET_COLUMNS.items())}, date_to
                  FROM ({sql}) AS hit) AS hit
            GROUP BY GROUPING SETS ({sets})""",
            params,
        ).fetchall()
        total = dated = 0
        repeats = len(self._repeats(search))
        facets = {name: list[FacetCount]() for name in names}
        for row in rows:
            grouped = [name for name, flag in zip(names, row[: len(names)], strict=True) if flag == 0]
            count = int(row[-2])
            if not grouped:
                total, dated = count, int(row[-1])
                continue
            value = row[len(names) + names.index(grouped[0])]
            if value is not None:  # no speaker, no source, no date: not a value one can pick
                facets[grouped[0]].append(FacetCount(value=str(value), count=count))
        for values in facets.values():
            values.sort(key=lambda item: (-item.count, item.value))
        return SearchSummary(total=total, dated=dated, groups=total - repeats, facets=facets)

    @guarded
    def search_rows(self, search: Search) -> Rows:
        """Every statement the search finds, as flat rows (the columns of `quotes_df` and `export`)."""
        sql, params = self._narrowed(search, persons=True)
        return self._rows(f"{sql} ORDER BY {_order(search)}", params)

    @guarded
    def people_page(
        self, *, match: str | None, order: PeopleOrder, limit: int | None, offset: int = 0
    ) -> list[SpeakerSummary]:
        """People one of whose names holds `match` (any case or accents), in `order`."""
        cursor = self._select_people(limit, offset=offset, match=match, order=order)
        names = [column[0] for column in cursor.description or ()]
        found = [SpeakerSummary(**dict(zip(names, row, strict=True))) for row in cursor.fetchall()]
        return roles.with_roles(self._con, found)

    @guarded
    def people_rows(self, *, match: str | None, order: PeopleOrder) -> Rows:
        """Every person of `people_page`, as flat rows."""
        cursor = self._select_people(None, match=match, order=order)
        return Rows([column[0] for column in cursor.description or ()], _batches(cursor))

    def query_terms(self, contains: str) -> set[str]:
        """The stemmed words a search for `contains` looks for (stopwords left out)."""
        return set(fulltext.query_terms(contains))

    def stems(self, words: Iterable[str]) -> dict[str, set[str]]:
        """Each word's stems as the full-text index has them (its tokenizer may split one word)."""
        return {word: set(fulltext.stems(fulltext.tokens(word))) for word in set(words)}

    def _narrowed(
        self, search: Search, *, persons: bool, where: Sequence[str] = ()
    ) -> tuple[str, dict[str, Any]]:
        """Every row of the plain search (no limit), narrowed by the facet filters given."""
        filters = _filters(search)
        sql, params = self._quote_sql(filters, None, person=search.person, persons=persons, where=where)
        narrowing = []
        for name in NARROWING:
            value = getattr(search, name)
            if value is not None:
                narrowing.append(f"{FACET_COLUMNS[name]} = $facet_{name}")
                params[f"facet_{name}"] = value
        narrowed = f"WHERE {' AND '.join(narrowing)}" if narrowing else ""
        return f"SELECT * FROM ({sql}) AS hit {narrowed}", params

    def _rows(self, sql: str, params: dict[str, Any]) -> Rows:
        cursor = self._con.execute(sql, params)
        return Rows([column[0] for column in cursor.description or ()], _batches(cursor))


# The statements of a provenance group of more than one: a group is labelled by its smallest qid,
# so a group with a member whose label is not its own qid has more than one (store/provenance.py).
_IN_SHARED_GROUP = """q.qid IN (SELECT qid FROM quote_groups WHERE grp IN (
    SELECT grp FROM quote_groups WHERE grp <> qid))"""


def _filters(search: Search) -> QuoteFilters:
    return QuoteFilters(
        speaker=search.speaker,
        contains=search.contains,
        since=search.since,
        until=search.until,
        type=search.type,
        statement_kind=search.statement_kind,
    )


def _order(search: Search) -> str:
    """`quote_search`'s order, on the columns of its rows."""
    return "score DESC, qid" if search.contains is not None else "date_to DESC NULLS LAST, qid"


def _batches(cursor: Any) -> Iterator[list[tuple[Any, ...]]]:
    while batch := cursor.fetchmany(BATCH_ROWS):
        yield batch
