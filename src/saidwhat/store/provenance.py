"""One statement across articles: which stored statements are the same words of the same speaker.

Two statements are the same when their speaker tag agrees (the surname of the person who spoke,
else the speaker's name as written) and their contents, normalised (case, quote marks,
punctuation, spacing), are equal, or one is a near copy of the other: at least
`MIN_SHARED_RUN` words in one unbroken run and `MIN_SHARED_SHARE` of the shorter one's words in
the same order (so a partial quote inside a longer quote joins it, and a quote worded around
differently still matches). The groups are the connected components of that relation, labelled
by their smallest statement id: the same set of statements gives the same groups whatever the
ingest order.

Finding candidates must not grow with the store, so each statement is indexed by a few
fingerprints (MOSS-style winnowing of its word 5-grams, salted with the speaker tag): any two
contents sharing a run of `MIN_SHARED_RUN` words share a fingerprint, and a new statement is
compared only with the stored statements that share one; the writer keeps the stored fingerprints
in memory (`KnownPrints`), so that only those that may match are looked up. Hand-written because no maintained
library does incremental, order-independent grouping over a DuckDB table; `datasketch`'s MinHash
LSH estimates Jaccard similarity, which misses a short quote inside a long one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .records import FirstSeen, Provenance

if TYPE_CHECKING:  # a worker imports this module (store/prepare.py), and no DuckDB
    import duckdb

SHINGLE = 5  # words in a fingerprinted n-gram
WINDOW = 4  # n-grams per winnowing window: any shared run of SHINGLE + WINDOW - 1 words shares one
MIN_SHARED_RUN = SHINGLE + WINDOW - 1  # 8 words: shorter shared phrases are too common to prove a copy
MIN_SHARED_SHARE = 0.8  # of the shorter content's words, matched in order

_WORD = re.compile(r"\w+(?:['’]\w+)*")


def words(text: str) -> list[str]:
    """The content as compared: NFKC, case-folded words; quote marks, punctuation and spacing dropped."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    return _WORD.findall(folded)


def speaker_tag(speaker_key: str | None, speaker_name: str | None) -> str | None:
    """Who must agree for two statements to be one: the surname of a name key, else the name."""
    if speaker_key:
        return speaker_key.split("|", 1)[0]
    if speaker_name:
        return " ".join(words(speaker_name)) or None
    return None


def _hash(*parts: str) -> int:
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)  # fits DuckDB's BIGINT


def fingerprints(tag: str, content: Sequence[str]) -> set[int]:
    """The winnowed fingerprints of a content (its whole-text hash when shorter than one run)."""
    if len(content) < MIN_SHARED_RUN:
        return {_hash(tag, " ".join(content))}
    grams = [_hash(tag, *content[i : i + SHINGLE]) for i in range(len(content) - SHINGLE + 1)]
    return {min(grams[i : i + WINDOW]) for i in range(len(grams) - WINDOW + 1)}


def same_statement(a: Sequence[str], b: Sequence[str]) -> bool:
    """Equal words, or a near copy: a long shared run and most of the shorter one's words in order."""
    if list(a) == list(b):
        return bool(a)
    shorter = min(len(a), len(b))
    if shorter < MIN_SHARED_RUN:
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    blocks = matcher.get_matching_blocks()
    longest = max(block.size for block in blocks)
    matched = sum(block.size for block in blocks)
    return longest >= MIN_SHARED_RUN and matched >= MIN_SHARED_SHARE * shorter


@dataclass(frozen=True, slots=True)
class NewStatement:
    """A statement being stored, as grouping needs it: its speaker tag and fingerprints, computed
    where it was analysed (store/prepare.py), and its text, whose words are compared only when a
    fingerprint matches."""

    qid: int
    tag: str | None
    text: str
    prints: tuple[int, ...]  # sorted; none without a tag or words


def new_statement(qid: int, text: str, speaker_key: str | None, speaker_name: str | None) -> NewStatement:
    tag = speaker_tag(speaker_key, speaker_name)
    content = words(text) if tag is not None else []
    return NewStatement(qid, tag, text, tuple(sorted(fingerprints(tag, content))) if tag and content else ())


class KnownPrints:
    """Which fingerprints the store may hold, in memory: the top 32 bits of every stored one, sorted.

    Most fingerprints of a new statement match nothing; asking the index for each costs a cold
    read of its nodes in a big store (issue 18), so only those this filter may hold are looked up.
    It never misses a stored fingerprint (those of a batch rolled back stay, costing a lookup
    each); a fingerprint it holds by chance (the top bits of another: about one in a thousand at
    4 M stored) is looked up and found absent. 4 bytes a stored fingerprint, about 4 a statement:
    16 MiB for a million statements; new ones wait in a small sorted array, merged in when it
    passes an eighth of the main one.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        import numpy as np  # only when writing: `import saidwhat` stays light

        self._np = np
        stored = con.execute("SELECT fingerprint FROM quote_fingerprints").fetchnumpy()["fingerprint"]
        self._main = np.sort(self._top(np.asarray(stored, dtype=np.int64)))  # repeats do no harm
        self._new = np.empty(0, dtype=np.uint32)

    def _top(self, prints: Any) -> Any:
        return (prints >> 32).astype(self._np.uint32)  # arithmetic shift, then the bits as unsigned

    def __len__(self) -> int:
        return len(self._main) + len(self._new)

    @property
    def nbytes(self) -> int:
        return int(self._main.nbytes + self._new.nbytes)

    def may_hold(self, prints: Iterable[int]) -> set[int]:
        """Those of `prints` the store may hold."""
        np = self._np
        asked = np.fromiter(prints, dtype=np.int64)
        top = self._top(asked)
        hit = np.zeros(len(asked), dtype=bool)
        for held in (self._main, self._new):
            if len(held):
                at = np.minimum(np.searchsorted(held, top), len(held) - 1)
                hit |= held[at] == top
        return {int(fingerprint) for fingerprint in asked[hit]}

    def add(self, prints: Sequence[int] | Any) -> None:
        """Hold `prints` too (a sequence or an array of int64)."""
        np = self._np
        self._new = np.sort(np.concatenate([self._new, self._top(np.asarray(prints, dtype=np.int64))]))
        if len(self._new) > max(len(self._main) // 8, 1 << 16):  # one pass over the main array
            self._main = np.insert(self._main, np.searchsorted(self._main, self._new), self._new)
            self._new = np.empty(0, dtype=np.uint32)


class _Groups:
    """Union-find over statement ids whose root is always the smallest id of its set."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, qid: int) -> int:
        root = self.parent.setdefault(qid, qid)
        while root != self.parent[root]:
            root = self.parent[root]
        while self.parent[qid] != root:
            self.parent[qid], qid = root, self.parent[qid]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group_statements(
    con: duckdb.DuckDBPyConnection, batch: Sequence[NewStatement], known: KnownPrints | None = None
) -> None:
    """Index a batch of stored statements and join them to their groups (in the caller's transaction).

    Reads only the statements that share a fingerprint with the batch, and rewrites only the
    groups the batch merges: the cost follows the batch and its matches, not the store. With
    `known` (the stored fingerprints in memory), fingerprints it says no stored statement has
    are not looked up, and the batch's are added to it. A statement with no speaker or no words
    is a group of its own.
    """
    if not batch:
        return
    content: dict[int, list[str]] = {}  # words, only of the statements compared

    def words_of(qid: int, text: str) -> list[str]:
        if qid not in content:
            content[qid] = words(text)
        return content[qid]

    asked = {fingerprint for s in batch for fingerprint in s.prints}
    if known is not None:
        asked = known.may_hold(asked)
    # A short statement's one fingerprint is the hash of its speaker tag and all its words: the
    # stored statements that share it have those words (barring a collision of 64-bit hashes),
    # so they are one group already, and its first member stands for all of them. A statement
    # repeated in thousands of articles is then read once, not thousands of times.
    short: dict[int, list[NewStatement]] = {}
    for s in batch:
        if len(s.prints) == 1 and s.prints[0] in asked and len(words_of(s.qid, s.text)) < MIN_SHARED_RUN:
            short.setdefault(s.prints[0], []).append(s)
    members = "SELECT fingerprint, qid FROM quote_fingerprints"
    found = where_in(con, members, "fingerprint", asked - set(short))
    first = "SELECT fingerprint, min(qid) FROM quote_fingerprints"
    firsts = where_in(con, first, "fingerprint", short, "GROUP BY fingerprint")
    stored = _stored(con, {qid for _, qid in found + firsts})
    # a first member of other words than a new statement of its fingerprint is a collision: then
    # every member of that fingerprint is read, as for a long statement
    collided = {
        fingerprint
        for fingerprint, qid in firsts
        if any(
            stored[qid][0] != s.tag or words_of(qid, stored[qid][1]) != words_of(s.qid, s.text)
            for s in short[fingerprint]
        )
    }
    if collided:
        every = where_in(con, members, "fingerprint", collided)
        firsts = [(fingerprint, qid) for fingerprint, qid in firsts if fingerprint not in collided]
        stored |= _stored(con, {qid for _, qid in every} - set(stored))
        found += every
    found += firsts
    candidates = {qid for _, qid in found}
    old_group = dict(where_in(con, "SELECT qid, grp FROM quote_groups", "qid", candidates))
    by_print: dict[int, list[tuple[int, str | None, str]]] = {}
    for fingerprint, qid in found:
        by_print.setdefault(fingerprint, []).append((qid, *stored[qid]))

    counted = Counter(fingerprint for s in batch for fingerprint in s.prints)
    repeated = {fingerprint for fingerprint, n in counted.items() if n > 1}  # a later one may match
    groups = _Groups()
    for qid, group in old_group.items():
        groups.union(qid, group)
    for statement in batch:
        groups.find(statement.qid)
        for fingerprint in statement.prints:
            for other, tag, text in by_print.get(fingerprint, ()):
                if (
                    tag == statement.tag
                    and groups.find(other) != groups.find(statement.qid)  # else nothing to join
                    and same_statement(words_of(statement.qid, statement.text), words_of(other, text))
                ):
                    groups.union(statement.qid, other)
            if fingerprint in repeated:
                by_print.setdefault(fingerprint, []).append((statement.qid, statement.tag, statement.text))
    relabel = sorted((old, new) for old in set(old_group.values()) if (new := groups.find(old)) != old)
    for start in range(0, len(relabel), _IN_CHUNK):
        chunk = relabel[start : start + _IN_CHUNK]
        cases = " ".join(f"WHEN {int(old)} THEN {int(new)}" for old, new in chunk)
        olds = _literal(old for old, _ in chunk)
        con.execute(f"UPDATE quote_groups SET grp = CASE grp {cases} END WHERE grp IN ({olds})")
    import pyarrow as pa  # only when writing: `import saidwhat` stays light

    # Arrow columns in the tables' order: a list parameter of Python ints costs 4 µs a value
    qids = pa.array([s.qid for s in batch], pa.int64())
    con.from_arrow(
        pa.table({"qid": qids, "grp": pa.array([groups.find(s.qid) for s in batch], pa.int64())})
    ).insert_into("quote_groups")
    prints = pa.array([fingerprint for s in batch for fingerprint in s.prints], pa.int64())
    owners = pa.array([s.qid for s in batch for _ in s.prints], pa.int64())
    con.from_arrow(pa.table({"fingerprint": prints, "qid": owners})).insert_into("quote_fingerprints")
    if known is not None:
        known.add(prints.to_numpy())


# Lookups go through literal IN lists of integers, which DuckDB answers from the ART index (a
# semi-join on a list parameter scans the whole table, a cost that grows with the store); lists
# of up to about a thousand values keep the index scan.
_IN_CHUNK = 1000


def _literal(values: Iterable[int]) -> str:
    return ",".join(str(int(value)) for value in values)


def where_in(
    con: duckdb.DuckDBPyConnection, select: str, column: str, values: Iterable[int], then: str = ""
) -> list[Any]:
    """The rows of `select` whose integer `column` is one of `values` (`then`: a GROUP BY after)."""
    ordered = sorted(set(values))
    rows: list[Any] = []
    for start in range(0, len(ordered), _IN_CHUNK):
        rows += con.execute(
            f"{select} WHERE {column} IN ({_literal(ordered[start : start + _IN_CHUNK])}) {then}"
        ).fetchall()
    return rows


def _stored(con: duckdb.DuckDBPyConnection, qids: Iterable[int]) -> dict[int, tuple[str | None, str]]:
    """Stored statements by qid, as grouping compares them: their speaker tag and text."""
    select = "SELECT qid, text, speaker_key, speaker_name FROM quotes"
    rows = where_in(con, select, "qid", qids)
    return {qid: (speaker_tag(key, name), text) for qid, text, key, name in rows}


def provenance_of(con: duckdb.DuckDBPyConnection, qids: Sequence[int]) -> dict[int, Provenance]:
    """The provenance of stored statements, by qid: the group, how many stored articles hold a
    statement of it, and the earliest of them by publication date (undated last; ties: first
    ingested). A statement of a store not yet grouped has none."""
    asked = dict(where_in(con, "SELECT qid, grp FROM quote_groups", "qid", qids))
    members = where_in(con, "SELECT grp, qid FROM quote_groups", "grp", asked.values())
    article_of = dict(where_in(con, "SELECT qid, article_hash FROM quotes", "qid", [q for _, q in members]))
    hashes = sorted(set(article_of.values()))
    # (undated last, date, ingest order) orders a group's articles; then what first_seen shows.
    articles = {
        hash_: ((published is None, published or dt.date.min, rowid), (published, url, source))
        for hash_, published, url, source, rowid in con.execute(
            "SELECT hash, published, url, source, rowid FROM articles "
            "WHERE hash IN (SELECT unnest(?::VARCHAR[]))",
            [hashes],
        ).fetchall()
    }
    held: dict[int, set[str]] = {}
    for grp, qid in members:
        held.setdefault(grp, set()).add(article_of[qid])
    result = {}
    for qid, grp in asked.items():
        first = min(held[grp], key=lambda h: articles[h][0])
        published, url, source = articles[first][1]
        seen = FirstSeen(article_hash=first, published=published, url=url, source=source)
        result[qid] = Provenance(group=str(grp), occurrences=len(held[grp]), first_seen=seen)
    return result


def group_stored(con: duckdb.DuckDBPyConnection) -> int:
    """Group every stored statement that has no group yet, in qid order (a store of an earlier
    schema, or one filled outside `QuoteStore`): the same groups as ingesting them would give.
    Runs in the caller's transaction, a thousand statements a step."""
    ungrouped = con.execute(
        "SELECT qid FROM quotes ANTI JOIN quote_groups USING (qid) ORDER BY qid"
    ).fetchall()
    qids = [qid for (qid,) in ungrouped]
    select = "SELECT qid, text, speaker_key, speaker_name FROM quotes"
    known = KnownPrints(con)
    for start in range(0, len(qids), _IN_CHUNK):
        rows = sorted(where_in(con, select, "qid", qids[start : start + _IN_CHUNK]))
        group_statements(con, [new_statement(*row) for row in rows], known)
    return len(qids)
