"""The full-text index of statements: an inverted index in the store's own tables, updated in the
transaction of every batch, so a small ingest costs the same into a big store as into an empty one
and a kill never leaves the index behind the data.

`fts_terms` holds every stemmed word with its id and document frequency, `fts_postings` one row a
(term, statement) with the term's count and the statement's length, `fts_stats` the statement
count and total length; search.py scores BM25 from them in SQL. Words are cut, lowered, stripped
of accents and stemmed (Porter, by PyStemmer: the Snowball C code DuckDB's fts extension uses) as
that extension did, with its English stop words (data/stopwords.txt), so rankings stay as they
were when the extension built the index: a test compares the scores with its `match_bm25`.

Postings are appended by batch, so a search can no longer skip the row groups of other terms
(DuckDB's zone maps); once the appended tail passes a quarter of the sorted rows, the table is
rewritten in term order, a cost that halves per posting as the store doubles.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # a worker imports this module (store/prepare.py), and no DuckDB
    import duckdb


# The extension's tokenizer: digits, ASCII punctuation and ASCII whitespace (RE2's \s) split
# words; other characters, curly quotes too, stay inside a word. A word is a run of the others.
_WORD = re.compile(r"""[^0-9!@#$%^&*()_+={}\[\]:;<>,.?~\\/|'"`\t\n\f\r -]+""")
_CHUNK = 20_000  # statements read at a time when the whole index is rebuilt
MIN_TAIL = 200_000  # appended postings that never trigger a rewrite: a small store stays as it is


@cache
def stopwords() -> frozenset[str]:
    text = resources.files("saidwhat").joinpath("data", "stopwords.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


@cache
def _stemmer() -> Any:
    import Stemmer  # PyStemmer: C, ~1 µs a word with its own cache

    return Stemmer.Stemmer("porter")


def tokens(text: str) -> list[str]:
    """The words of `text` as the index cuts them: accents stripped, lowercased, split."""
    if not text.isascii():  # most statements are: no accents to strip
        decomposed = unicodedata.normalize("NFD", text)
        text = unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))
    return _WORD.findall(text.lower())


def stems(words: Sequence[str]) -> list[str]:
    """The Porter stems of `words`, in order."""
    return list(_stemmer().stemWords(words))


def terms(text: str) -> list[str]:
    """The indexed terms of `text`, repeats kept: the stems of its words that are not stop words."""
    stop = stopwords()
    return stems([token for token in tokens(text) if token not in stop])


def query_terms(text: str) -> list[str]:
    """The distinct terms a search for `text` looks for, sorted."""
    return sorted(set(terms(text)))


class Postings(NamedTuple):
    """A statement as the index takes it: its distinct terms with their counts, and its length
    (its terms, repeats counted). Computed where the statement was analysed (store/prepare.py);
    a named tuple, as it is pickled to the writer: ~1.7 µs a statement less than a dataclass."""

    qid: int
    terms: tuple[str, ...]
    counts: tuple[int, ...]
    length: int


def postings(qid: int, text: str) -> Postings:
    found = terms(text)
    counted = Counter(found)
    return Postings(qid, tuple(counted), tuple(counted.values()), len(found))


def index_statements(con: duckdb.DuckDBPyConnection, statements: Iterable[tuple[int, str]]) -> None:
    """Add `(qid, text)` statements to the index, in the caller's transaction."""
    index_postings(con, [postings(qid, text) for qid, text in statements])


def index_postings(con: duckdb.DuckDBPyConnection, statements: Sequence[Postings]) -> None:
    """Add statements' postings to the index, in the caller's transaction."""
    if _add(con, statements):
        _merge_if_due(con)


def _add(con: duckdb.DuckDBPyConnection, statements: Sequence[Postings]) -> int:
    """Index the statements; how many there were."""
    if not statements:
        return 0
    import pyarrow as pa  # only when writing: `import saidwhat` stays light

    qids = [s.qid for s in statements for _ in s.terms]
    lengths = [s.length for s in statements for _ in s.terms]
    new = pa.table(
        {
            "qid": pa.array(qids, pa.int64()),
            "term": pa.array([term for s in statements for term in s.terms], pa.string()),
            "tf": [count for s in statements for count in s.counts],
            "len": lengths,
        }
    )
    con.register("_fts_new", new)
    try:
        con.execute("""
            INSERT INTO fts_terms
            SELECT n.term, (SELECT count(*) FROM fts_terms) + row_number() OVER (ORDER BY n.term) - 1, 0
            FROM (SELECT DISTINCT term FROM _fts_new) AS n
            WHERE n.term NOT IN (SELECT term FROM fts_terms)""")
        con.execute("""
            UPDATE fts_terms SET df = fts_terms.df + n.df
            FROM (SELECT term, count(*) AS df FROM _fts_new GROUP BY term) AS n
            WHERE fts_terms.term = n.term""")
        con.execute("""
            INSERT INTO fts_postings
            SELECT t.termid, n.qid, n.tf, n.len FROM _fts_new AS n JOIN fts_terms AS t USING (term)
            ORDER BY t.termid, n.qid""")
    finally:
        con.unregister("_fts_new")
    total = sum(s.length for s in statements)
    con.execute("UPDATE fts_stats SET docs = docs + ?, total_len = total_len + ?", [len(statements), total])
    return len(statements)


def _merge_if_due(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite the postings in term order once the appended tail passes a quarter of the sorted."""
    row = con.execute("SELECT (SELECT count(*) FROM fts_postings), sorted_rows FROM fts_stats").fetchone()
    rows, sorted_rows = row if row else (0, 0)
    if rows - sorted_rows > max(sorted_rows // 4, MIN_TAIL):
        sort_postings(con)


def sort_postings(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite `fts_postings` ordered by term, so a search reads only the row groups of its terms."""
    con.execute("CREATE TABLE fts_postings_sorted AS SELECT * FROM fts_postings ORDER BY termid, qid")
    con.execute("DROP TABLE fts_postings")
    con.execute("ALTER TABLE fts_postings_sorted RENAME TO fts_postings")
    con.execute("UPDATE fts_stats SET sorted_rows = (SELECT count(*) FROM fts_postings)")


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Index every stored statement anew, in the caller's transaction (a migrated or repaired store)."""
    con.execute("DELETE FROM fts_terms")
    con.execute("DELETE FROM fts_postings")
    con.execute("UPDATE fts_stats SET docs = 0, total_len = 0, sorted_rows = 0")
    row = con.execute("SELECT coalesce(max(rowid), -1) FROM quotes").fetchone()
    last = row[0] if row else -1
    for start in range(0, last + 1, _CHUNK):  # by row ranges, read straight off their row groups
        chunk = con.execute(
            "SELECT qid, text FROM quotes WHERE rowid >= ? AND rowid < ?", [start, start + _CHUNK]
        ).fetchall()
        _add(con, [postings(qid, text) for qid, text in chunk])
    sort_postings(con)
