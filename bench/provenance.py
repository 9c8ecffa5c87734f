"""Provenance under load (`make bench`): grouping cost per ingested article and `find` latency on a
store of a million statements, against the same on a small store.

1. A synthetic store as bench/corpus.py builds it (1,000,000 statements by 20,000 people, words
   with the BBC corpus's frequencies), every statement grouped (`provenance.group_stored`);
   cached in build/ as bench/fulltext.py caches it, as building it takes minutes.
2. Grouping: batches of 64 articles of 10 statements, half of them copies of a stored statement
   of the same speaker with a word changed (wire copy), their fingerprints computed beforehand as
   the workers compute them (store/prepare.py), grouped in a transaction rolled back afterwards,
   into the big store and into a store of just the 5,000 statements they copy, on one DuckDB
   thread with the stored fingerprints in memory (`provenance.KnownPrints`), as the writer
   groups: ms per article (process CPU, which a shared machine's load disturbs least, and wall
   clock), and their ratio (the same matching work; only the store's size differs).
3. `Corpus.find` p50/p95 over exact runs of stored statements, reworded ones and loose words,
   half of them with a speaker.

    .venv/bin/python bench/provenance.py [--quotes 1000000] [--batches 20] [--finds 200]

Prints a table and writes bench/provenance-results.json. Exits 0 when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from corpus import CORPUS, WORD, corpus_missing, percentile, results_table

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "provenance-results.json"
TARGETS = {"grouping_big_to_small": 1.5, "find_p95_ms": 200}
ARTICLES_A_BATCH, STATEMENTS_AN_ARTICLE = 64, 10


def vocabulary_of(paths: Sequence[Path]) -> list[str]:
    """The corpus's words, most frequent first: what synthetic statements are made of."""
    counts = Counter(
        word for path in paths for word in WORD.findall(path.read_text("utf-8", "replace").lower())
    )
    return [word for word, _ in counts.most_common(20_000)]


def sample(path: Path, count: int) -> list[tuple[int, str, str | None, str | None]]:
    import duckdb

    with duckdb.connect(str(path), read_only=True) as con:
        sampled = f"quotes USING SAMPLE reservoir({int(count)} ROWS) REPEATABLE (3)"
        return con.execute(f"SELECT qid, text, speaker_key, speaker_name FROM {sampled}").fetchall()


def batches(
    stored: list[tuple[int, str, str | None, str | None]], vocabulary: list[str], count: int
) -> list[Any]:
    """Batches of new statements, half of them a stored statement of the same speaker, one word changed."""
    from saidwhat.store.provenance import new_statement

    rng = random.Random(5)
    made = []
    for b in range(count):
        batch = []
        for i in range(ARTICLES_A_BATCH * STATEMENTS_AN_ARTICLE):
            qid = -(b * 100_000 + i + 1)  # never a stored qid
            _, text, key, name = rng.choice(stored)
            words = text.split()
            if i % 2:
                words[rng.randrange(len(words))] = rng.choice(vocabulary[:5000])
            else:
                words = [rng.choice(vocabulary[:5000]) for _ in words]
            batch.append(new_statement(qid, " ".join(words), key, name))
        made.append(batch)
    return made


def time_grouping(path: Path, made: list[Any]) -> dict[str, float]:
    """Median ms per article of grouping one batch (CPU and wall), each in a transaction rolled
    back, after reading the stored fingerprints into memory once, as a writer's connection does."""
    import duckdb

    from saidwhat.store.provenance import KnownPrints, group_statements

    cpu, wall = [], []
    with duckdb.connect(str(path)) as con:
        con.execute("SET threads = 1")  # as QuoteStore writes
        started = time.perf_counter()
        known = KnownPrints(con)
        loaded = time.perf_counter() - started
        held, size = len(known), known.nbytes  # before the batches add theirs
        for batch in made:
            con.execute("BEGIN")
            started, used = time.perf_counter(), time.process_time()
            group_statements(con, batch, known)
            cpu.append((time.process_time() - used) * 1000 / ARTICLES_A_BATCH)
            wall.append((time.perf_counter() - started) * 1000 / ARTICLES_A_BATCH)
            con.execute("ROLLBACK")
    return {
        "cpu_ms": round(percentile(cpu, 50), 2),
        "wall_ms": round(percentile(wall, 50), 2),
        "filter_seconds": round(loaded, 2),
        "filter_fingerprints": held,
        "filter_mib": round(size / 2**20, 1),
    }


def time_find(
    path: Path, stored: list[tuple[int, str, str | None, str | None]], count: int
) -> dict[str, Any]:
    from saidwhat.store.reader import Corpus

    rng = random.Random(9)
    plan = []
    for i in range(count):
        _, text, _, name = rng.choice(stored)
        words = text.split()
        start = rng.randrange(max(len(words) - 6, 1))
        asked = {
            0: words[start : start + 6],
            1: rng.sample(words, len(words)),
            2: rng.sample(words, min(3, len(words))),
        }
        plan.append((" ".join(asked[i % 3]), name.split()[-1] if name and i % 2 else None))
    timings, found = [], []
    with Corpus(path) as corpus:
        for text, speaker in plan[:10]:
            corpus.find(text, speaker=speaker)  # warm the caches, as a store in use is
        for text, speaker in plan:
            started = time.perf_counter()
            found.append(len(corpus.find(text, speaker=speaker)))
            timings.append((time.perf_counter() - started) * 1000)
    return {
        "finds": len(timings),
        "p50_ms": round(percentile(timings, 50), 1),
        "p95_ms": round(percentile(timings, 95), 1),
        "mean_groups": round(sum(found) / len(found), 1),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=1_000_000, help="synthetic statements (default 1M)")
    parser.add_argument("--batches", type=int, default=20, help="timed grouping batches (default 20)")
    parser.add_argument("--finds", type=int, default=200, help="timed finds (default 200)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="JSON results")
    args = parser.parse_args(argv)
    if corpus_missing():
        return 0
    import duckdb
    from fulltext import cached_store  # here: bench/fulltext.py imports this module
    from rich.console import Console

    from saidwhat.store.provenance import group_stored
    from saidwhat.store.writer import QuoteStore

    console = Console()
    vocabulary = vocabulary_of(sorted(CORPUS.glob("*/*.txt"))[::5])
    load = {"before": [round(x, 2) for x in os.getloadavg()]}
    big, build = cached_store(args.quotes, vocabulary, console)
    with tempfile.TemporaryDirectory(prefix="saidwhat-bench-") as tmp:
        stored = sample(big, 5000)
        small = Path(tmp) / "small.duckdb"
        QuoteStore(small).close()
        with duckdb.connect(str(small)) as con:  # the same statements the batches copy, alone
            con.execute(f"ATTACH '{big}' AS big (READ_ONLY)")
            chosen = [qid for qid, *_ in stored]
            copy = "INSERT INTO quotes SELECT * FROM big.quotes WHERE qid IN (SELECT unnest(?))"
            con.execute(copy, [chosen])
            con.execute("DETACH big")
            group_stored(con)
        made = batches(stored, vocabulary, args.batches)
        console.print("grouping and find …")
        big_cost, small_cost = time_grouping(big, made), time_grouping(small, made)
        grouping = {
            "big_ms_per_article": big_cost["cpu_ms"],
            "small_ms_per_article": small_cost["cpu_ms"],
            "ratio_big_to_small": round(big_cost["cpu_ms"] / small_cost["cpu_ms"], 2),
            "big_wall_ms_per_article": big_cost["wall_ms"],
            "small_wall_ms_per_article": small_cost["wall_ms"],
            "wall_ratio_big_to_small": round(big_cost["wall_ms"] / small_cost["wall_ms"], 2),
            "filter_seconds": big_cost["filter_seconds"],
            "filter_fingerprints": big_cost["filter_fingerprints"],
            "filter_mib": big_cost["filter_mib"],
        }
        find = time_find(big, stored, args.finds)
    load["after"] = [round(x, 2) for x in os.getloadavg()]
    results = {"synthetic_store": build, "grouping": grouping, "find": find, "load": load, "targets": TARGETS}
    table = results_table(f"Provenance: {build['quotes']:,} synthetic statements")
    size = f"{build['quotes']:,}"
    table.add_row(
        "grouping a new article, store of 5,000 (CPU / wall)",
        f"{grouping['small_ms_per_article']:.2f} / {grouping['small_wall_ms_per_article']:.2f} ms",
        "",
    )
    table.add_row(
        f"grouping a new article, store of {size} (CPU / wall)",
        f"{grouping['big_ms_per_article']:.2f} / {grouping['big_wall_ms_per_article']:.2f} ms",
        "",
    )
    ratios = f"{grouping['ratio_big_to_small']:.2f}× / {grouping['wall_ratio_big_to_small']:.2f}×"
    table.add_row("  big store / small store (CPU / wall)", ratios, "≤ 1.5×")
    table.add_row(
        "stored fingerprints in memory",
        f"{grouping['filter_fingerprints']:,}: {grouping['filter_mib']} MiB, "
        f"read in {grouping['filter_seconds']} s",
        "",
    )
    table.add_row("saidwhat find p50", f"{find['p50_ms']:.1f} ms", "")
    table.add_row("saidwhat find p95", f"{find['p95_ms']:.1f} ms", "< 200 ms")
    table.add_row("grouping the whole store once (when it was built)", f"{build['seconds_group']:.0f} s", "")
    table.add_row("load average before / after", f"{load['before'][0]} / {load['after'][0]}", "")
    console.print(table)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
