"""`saidwhat find`: who said these words, and where did they first appear?

Candidates come from the full-text index (BM25 over any of the words, so a reworded quote is
still a candidate); each is then judged on its words against the words asked for: `exact` when
they appear unbroken in the statement, `near` when the statement is a near copy
(`provenance.same_statement`) or nearly the same sequence, `words` when most of them occur. One
row a provenance group, exact and near matches first, then the earliest first seen.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from typing import Any, Literal

import duckdb

from ..errors import InputError
from .fulltext import query_terms
from .identity import speaker_hash
from .provenance import provenance_of, same_statement, where_in, words
from .records import FoundStatement
from .search import bm25_hits

CANDIDATES = 500  # statements judged a query: the best BM25 matches of any of its rarest words
RAREST_WORDS = 4  # the words that find candidates: a statement with the asked words has these
NEAR_RATIO = 0.8  # difflib ratio of the two word sequences for a `near` match
MIN_WORD_SHARE = 0.6  # of the asked words present in a statement for a `words` match

Match = Literal["exact", "near", "words"]
_RANK: dict[Match, int] = {"exact": 0, "near": 1, "words": 2}


def judge(asked: Sequence[str], content: Sequence[str]) -> tuple[Match, float] | None:
    """How a statement's words match the asked words, with a similarity in [0, 1], or None."""
    n = len(asked)
    if n and any(list(content[i : i + n]) == list(asked) for i in range(len(content) - n + 1)):
        return "exact", 1.0
    ratio = difflib.SequenceMatcher(None, asked, content, autojunk=False).ratio()
    if ratio >= NEAR_RATIO or same_statement(asked, content):
        return "near", ratio
    share = len(set(asked) & set(content)) / len(set(asked)) if asked else 0.0
    return ("words", share) if share >= MIN_WORD_SHARE else None


def find_statements(
    con: duckdb.DuckDBPyConnection,
    text: str,
    *,
    speaker: str | None,
    speaker_keys: Sequence[str] = (),
    limit: int,
) -> list[FoundStatement]:
    """The groups whose words match `text`, best match class first, then earliest first seen.

    With `speaker` (and the name keys it can mean) only that speaker's statements count."""
    asked = words(text)
    if not asked:
        raise InputError(f"nothing to find in {text!r}: give some words of the statement")
    params: dict[str, Any] = {"terms": query_terms(text)}
    speaking = ""
    if speaker is not None:
        params["ids"] = [speaker_hash(key=key) for key in speaker_keys] + [speaker_hash(name=speaker)]
        speaking = "JOIN quotes AS q USING (qid) WHERE q.speaker_id IN (SELECT unnest($ids))"
    ranked = con.execute(
        f"WITH {bm25_hits(rarest=RAREST_WORDS)} SELECT h.qid FROM hits AS h {speaking} "
        f"ORDER BY h.score DESC, h.qid LIMIT {CANDIDATES}",
        params,
    ).fetchall()
    qids = [qid for (qid,) in ranked]
    group_of = dict(where_in(con, "SELECT qid, grp FROM quote_groups", "qid", qids))
    rows = where_in(con, "SELECT qid, text, speaker_name FROM quotes", "qid", qids)
    best: dict[int, tuple[Match, float, int, str, str | None]] = {}
    for qid, content, name in rows:
        judged = judge(asked, words(content))
        if judged is None or qid not in group_of:
            continue
        match, similarity = judged
        grp = group_of[qid]
        held = best.get(grp)
        if held is None or (_RANK[match], -similarity, qid) < (_RANK[held[0]], -held[1], held[2]):
            best[grp] = (match, similarity, qid, content, name)
    groups = provenance_of(con, [qid for _, _, qid, _, _ in best.values()])
    found = [
        FoundStatement(
            match=match, similarity=round(similarity, 3), text=content, speaker=name, provenance=groups[qid]
        )
        for match, similarity, qid, content, name in best.values()
        if qid in groups
    ]
    found.sort(key=_order)
    return found[:limit]


def _order(found: FoundStatement) -> tuple[int, bool, dt.date, str]:
    published = found.provenance.first_seen.published
    return _RANK[found.match], published is None, published or dt.date.min, found.provenance.group
