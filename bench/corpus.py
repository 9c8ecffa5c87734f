"""The corpus store under load (`make bench`): ingest throughput against a bare parse, scaling
with workers, memory per worker, and query latency on a million stored statements.

In one run, on the same 500 BBC News articles (every fourth file of ../shared/corpora/bbc-news):

1. bare spaCy `nlp.pipe`, one process: the speed limit of any analysis on this model;
2. `saidwhat ingest --workers 1` and `--workers 2` (`ingest.run.ingest`, the command's code path) into
   fresh stores: docs/s from the first item to the last commit, workers started beforehand as the
   command does before it counts; the end-to-end seconds, worker start-up and index included, beside;
3. peak RSS of every worker process (ru_maxrss, reported by the workers themselves);
4. `saidwhat query` latency (the `Corpus.quotes` call the command makes; interpreter start-up
   excluded) p50/p95 over a mix of speaker, full-text, date and combined queries on a synthetic
   store of 1,000,000 statements whose words follow the word frequencies of the ingested quotes.

    .venv/bin/python bench/corpus.py [--articles 500] [--quotes 1000000] [--queries 300]

Prints a table and writes bench/corpus-results.json. Exits 0 with a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news"
RESULTS = ROOT / "bench" / "corpus-results.json"
TARGETS = {"ingest_to_bare": 0.8, "two_to_one_worker": 1.7, "rss_mib": 1024, "query_p95_ms": 100}
WORD = re.compile(r"[a-z]+")
GROUPS = ("officials", "police", "the government", "analysts", "the company", "campaigners")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500, help="BBC articles to ingest (default 500)")
    parser.add_argument("--quotes", type=int, default=1_000_000, help="synthetic statements (default 1M)")
    parser.add_argument("--queries", type=int, default=300, help="timed queries (default 300)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="JSON results")
    return parser.parse_args(argv)


def corpus_missing() -> bool:
    """Whether ../shared's BBC corpus is absent (said on stdout): a benchmark then measures nothing."""
    if CORPUS.is_dir():
        return False
    print(f"bench: {CORPUS} not found (../shared is not beside the repo); nothing measured.")
    return True


def results_table(title: str) -> Table:
    """The table every benchmark prints: measure, value, target."""
    from rich.table import Table

    table = Table(title=title)
    for column in ("measure", "value", "target"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    return table


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if corpus_missing():
        return 0
    from rich.console import Console

    console = Console()
    paths = sorted(CORPUS.glob("*/*.txt"))
    paths = paths[:: max(len(paths) // args.articles, 1)][: args.articles]
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="saidwhat-bench-") as tmp:
        work = Path(tmp)
        console.print(f"[bold]{len(paths)}[/] BBC News articles; bare parse …")
        bare = bench_bare(paths)
        ingests = {}
        for workers in (1, 2):
            console.print(f"saidwhat ingest --workers {workers} …")
            ingests[workers] = bench_ingest(paths, work / f"ingest-{workers}.duckdb", workers)
        console.print(f"synthetic store of {args.quotes:,} statements …")
        vocabulary = quote_vocabulary(work / "ingest-1.duckdb")
        store, build = build_synthetic_store(work / "synthetic.duckdb", args.quotes, vocabulary)
        console.print(f"{args.queries} queries …")
        queries = bench_queries(store, args.queries, vocabulary)
    load_after = os.getloadavg()[0]
    one, two = ingests[1], ingests[2]
    results: dict[str, Any] = {
        "articles": len(paths),
        "tokens": bare["tokens"],
        "bare": bare,
        "ingest_workers_1": one,
        "ingest_workers_2": two,
        "ratio_ingest_to_bare": round(one["docs_per_s"] / bare["docs_per_s"], 3),
        "ratio_two_to_one_worker": round(two["docs_per_s"] / one["docs_per_s"], 3),
        "peak_rss_mib_per_worker": max(one["peak_rss_mib"] + two["peak_rss_mib"]),
        "synthetic_store": build,
        "query": queries,
        "targets": TARGETS,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average_1min": [round(load_before, 2), round(load_after, 2)],
    }
    report(results, console)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    console.print(
        f"wrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}"
    )
    return 0


def bench_bare(paths: Sequence[Path]) -> dict[str, Any]:
    """`nlp.pipe` on the texts saidwhat would analyse (decoded by its own ingest), model warm."""
    import spacy

    from saidwhat.core import MODEL_NAME
    from saidwhat.document import load_document

    texts = [load_document(path.read_bytes(), name=str(path)).text for path in paths]
    nlp = spacy.load(MODEL_NAME)
    list(nlp.pipe(texts[:3]))
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts))
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "docs_per_s": round(len(texts) / seconds, 2), "tokens": tokens}


def bench_ingest(paths: Sequence[Path], db: Path, workers: int) -> dict[str, Any]:
    from saidwhat.ingest.run import ingest
    from saidwhat.ingest.sources import expand
    from saidwhat.ingest.workers import ProcessBackend
    from saidwhat.store.writer import QuoteStore

    started = time.perf_counter()
    backend = ProcessBackend(workers)  # spawns the workers and waits until each has loaded the model
    ready = time.perf_counter()
    writer_before = time.process_time()
    try:
        with QuoteStore(db) as store:
            summary = ingest(expand([str(path) for path in paths]), store=store, backend=backend)
    finally:
        backend.close()
    writer_cpu = time.process_time() - writer_before  # reading, hashing, writing, index: this process
    seconds = time.perf_counter() - started
    assert summary.ingested + summary.skipped + summary.duplicates == len(paths), summary
    return {
        "ingested": summary.ingested,
        "identical_files_skipped": summary.skipped + summary.duplicates,
        "docs_per_s": round(summary.docs_per_second, 2),
        "seconds_end_to_end": round(seconds, 2),
        "seconds_worker_start": round(ready - started, 2),
        "quotes": summary.quotes,
        "peak_rss_mib": sorted(round(rss / 2**20) for rss in summary.peak_rss.values()),
        "writer_cpu_ms_per_doc": round(writer_cpu * 1000 / summary.processed, 1),
        "workers_cpu_ms_per_doc": round(summary.worker_cpu * 1000 / summary.processed, 1),
    }


def quote_vocabulary(db: Path) -> list[str]:
    """The words of the ingested quotes, most frequent first: synthetic text follows them."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        texts = [text for (text,) in con.execute("SELECT text FROM quotes").fetchall()]
    counts = Counter(word for text in texts for word in WORD.findall(text.lower()))
    return [word for word, _ in counts.most_common()]


def build_synthetic_store(path: Path, quotes: int, vocabulary: list[str]) -> tuple[Path, dict[str, Any]]:
    """A store of `quotes` statements, 10 an article, by 20,000 people with a skewed share each,
    words drawn with a Zipf-like skew from `vocabulary`, dates over 25 years; then the FTS index."""
    import duckdb

    from saidwhat.store.identity import speaker_hash
    from saidwhat.store.writer import QuoteStore

    started = time.perf_counter()
    QuoteStore(path).close()  # the schema, as ingest creates it
    rng = random.Random(7)
    given = ["anna", "ben", "clara", "david", "emma", "felix", "grace", "hugo", "iris", "jack"]
    given += ["kate", "liam", "maya", "noah", "olga", "paul", "rosa", "sam", "tara", "victor"]
    surnames = sorted({word for word in vocabulary if len(word) > 3})[:1000]
    keys = [f"{surnames[i % len(surnames)]}|{given[i // len(surnames) % len(given)]}" for i in range(20_000)]
    rng.shuffle(keys)
    names = [f"{key.split('|')[1].title()} {key.split('|')[0].title()}" for key in keys]
    con = duckdb.connect(str(path))
    con.execute("SET enable_progress_bar = false")
    con.execute(
        "CREATE TEMP TABLE vocab AS "
        "SELECT unnest($words) AS word, generate_subscripts($words, 1) - 1 AS rank",
        {"words": vocabulary},
    )
    con.execute(
        "CREATE TEMP TABLE persons AS SELECT unnest($keys) AS key, unnest($names) AS name, "
        "unnest($ids) AS speaker_id, generate_subscripts($keys, 1) - 1 AS rank",
        {"keys": keys, "names": names, "ids": [speaker_hash(key=key) for key in keys]},
    )
    con.execute("""
        INSERT INTO people BY NAME
        SELECT key AS id, split_part(key, '|', 1) AS surname, name FROM persons""")
    con.execute("""
        INSERT INTO aliases BY NAME
        SELECT key AS name_key, split_part(key, '|', 1) AS surname, key AS person_id, 1 AS articles,
               'full name' AS evidence FROM persons
        UNION ALL
        SELECT split_part(arg_min(key, rank), '|', 1) || '|', split_part(arg_min(key, rank), '|', 1),
               arg_min(key, rank), 1, 'surname only' FROM persons GROUP BY split_part(key, '|', 1)""")
    vocab_size, people_size = len(vocabulary), len(keys)
    con.execute(f"""
        CREATE TEMP TABLE words AS
        SELECT i AS qid, string_agg(v.word, ' ') AS text  -- word order is random anyway
        FROM (SELECT i, j, floor(pow(random(), 2.2) * {vocab_size})::INTEGER AS rank
              FROM range({quotes}) AS a(i), range(30) AS b(j)
              WHERE j < 6 + hash(i) % 20) AS t
        JOIN vocab AS v USING (rank)
        GROUP BY i""")
    con.execute(f"""
        INSERT INTO articles BY NAME
        SELECT md5(k::VARCHAR) AS hash, 'synthetic/' || k AS origin, 'Synthetic article ' || k AS title,
               DATE '2000-01-01' + (hash(k) % 9131)::INTEGER AS published, false AS published_inferred,
               'synthetic' AS text
        FROM range({(quotes + 9) // 10}) AS a(k)""")
    con.execute(
        f"""
        INSERT INTO quotes BY NAME
        WITH q AS (
            SELECT w.qid, w.text, w.qid // 10 AS k, random() AS r,
                   floor(pow(random(), 3) * {people_size})::INTEGER AS p
            FROM words AS w
        )
        SELECT q.qid, md5(q.k::VARCHAR) AS article_hash, 'q' || (q.qid % 10 + 1) AS id,
               CASE WHEN r < 0.4 THEN 'direct' WHEN r < 0.5 THEN 'mixed' ELSE 'indirect' END AS type,
               q.text, 0 AS start, length(q.text) AS "end",
               CASE WHEN r % 0.1 < 0.085 THEN 'person' ELSE 'group' END AS speaker_kind,
               CASE WHEN r % 0.1 < 0.085 THEN pe.name ELSE $groups[1 + (q.qid % {len(GROUPS)})::INTEGER] END
                   AS speaker_name,
               CASE WHEN r % 0.1 < 0.085 THEN [pe.key] ELSE [] END AS speaker_keys,
               CASE WHEN r % 0.1 < 0.085 THEN pe.key END AS speaker_key,
               CASE WHEN r % 0.1 < 0.085 THEN pe.speaker_id
                    ELSE $group_ids[1 + (q.qid % {len(GROUPS)})::INTEGER] END AS speaker_id,
               speaker_name AS speaker_mention, 0 AS speaker_start, 0 AS speaker_end, [] AS speaker_people,
               'said' AS cue_text, 'say' AS cue_lemma, 0 AS cue_start, 0 AS cue_end,
               DATE '2000-01-01' + (hash(q.k) % 9131)::INTEGER AS date, 'published' AS date_source,
               0.8 AS confidence
        FROM q JOIN persons AS pe ON pe.rank = q.p""",
        {"groups": list(GROUPS), "group_ids": [speaker_hash(name=group) for group in GROUPS]},
    )
    con.execute("UPDATE meta SET value = '1' WHERE key = 'data_generation'")
    row = con.execute("SELECT count(*) FROM quotes").fetchone()
    con.close()
    generated = time.perf_counter() - started
    with QuoteStore(path) as store:
        store.rebuild_index()
    indexed = time.perf_counter() - started - generated
    return path, {
        "quotes": row[0] if row else 0,
        "people": people_size,
        "vocabulary": vocab_size,
        "seconds_generate": round(generated, 1),
        "seconds_index": round(indexed, 1),
        "mib": round(path.stat().st_size / 2**20),
    }


def bench_queries(path: Path, count: int, vocabulary: list[str]) -> dict[str, Any]:
    """p50/p95 of `Corpus.quotes` (limit 20, as `saidwhat query`) over a fixed mix of queries."""
    import duckdb

    from saidwhat.store.fulltext import stopwords
    from saidwhat.store.reader import Corpus

    rng = random.Random(11)
    stop = stopwords()
    with duckdb.connect(str(path), read_only=True) as con:
        names = [name for (name,) in con.execute("SELECT name FROM people ORDER BY id").fetchall()]
    content = [word for word in vocabulary[:3000] if word not in stop and len(word) > 2]

    def word() -> str:
        return content[min(int(rng.paretovariate(1.0)) - 1, len(content) - 1)]

    def speaker() -> str:
        name = names[min(int(rng.paretovariate(0.8)) - 1, len(names) - 1)]
        return rng.choice([name, name.split()[-1], f"Mr {name.split()[-1]}"])

    def dates() -> dict[str, Any]:
        import datetime as dt

        since = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(8000))
        return {"since": since, "until": since + dt.timedelta(days=rng.randrange(30, 1000))}

    makers: dict[str, Callable[[], dict[str, Any]]] = {
        "speaker": lambda: {"speaker": speaker()},
        "contains 1 word": lambda: {"contains": word()},
        "contains 2 words": lambda: {"contains": f"{word()} {word()}"},
        "speaker + contains": lambda: {"speaker": speaker(), "contains": word()},
        "dates + type": lambda: {**dates(), "type": rng.choice(["direct", "mixed", "indirect"])},
        "newest": lambda: {},
    }
    kinds = list(makers)
    plan = [(kind, makers[kind]()) for kind in (kinds * (count // len(kinds) + 1))[:count]]
    rng.shuffle(plan)
    timings: dict[str, list[float]] = {kind: [] for kind in kinds}
    rows: dict[str, list[int]] = {kind: [] for kind in kinds}
    with Corpus(path) as corpus:
        for _, query in plan[:10]:
            corpus.quotes(**query)  # warm the caches, as a store in use is
        for kind, query in plan:
            started = time.perf_counter()
            found = corpus.quotes(**query)
            timings[kind].append((time.perf_counter() - started) * 1000)
            rows[kind].append(len(found))
    every = [ms for values in timings.values() for ms in values]
    return {
        "queries": len(every),
        "p50_ms": round(percentile(every, 50), 1),
        "p95_ms": round(percentile(every, 95), 1),
        "by_kind": {
            kind: {
                "p50_ms": round(percentile(values, 50), 1),
                "p95_ms": round(percentile(values, 95), 1),
                "mean_rows": round(statistics.mean(rows[kind]), 1),
            }
            for kind, values in timings.items()
        },
    }


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(results: dict[str, Any], console: Any) -> None:

    bare, one, two = results["bare"], results["ingest_workers_1"], results["ingest_workers_2"]
    query, store = results["query"], results["synthetic_store"]
    title = f"Corpus store: {results['articles']} BBC articles; {store['quotes']:,} synthetic statements"
    table = results_table(title)
    table.add_row("bare spaCy nlp.pipe, 1 process", f"{bare['docs_per_s']:.1f} docs/s", "")
    table.add_row("saidwhat ingest --workers 1", f"{one['docs_per_s']:.1f} docs/s", "")
    table.add_row("saidwhat ingest --workers 2", f"{two['docs_per_s']:.1f} docs/s", "")
    table.add_row("ingest --workers 1 / bare", f"{results['ratio_ingest_to_bare']:.2f}×", "≥ 0.80×")
    table.add_row("--workers 2 / --workers 1", f"{results['ratio_two_to_one_worker']:.2f}×", "≥ 1.70×")
    table.add_row("peak RSS per worker", f"{results['peak_rss_mib_per_worker']} MiB", "≤ 1024 MiB")
    table.add_row("saidwhat query p50", f"{query['p50_ms']:.1f} ms", "")
    table.add_row("saidwhat query p95", f"{query['p95_ms']:.1f} ms", "< 100 ms")
    table.add_section()
    cpu = f"{one['workers_cpu_ms_per_doc']:.0f} / {two['workers_cpu_ms_per_doc']:.0f} ms"
    table.add_row("  worker CPU a document, 1 / 2 workers", cpu, "")
    writer = f"{one['writer_cpu_ms_per_doc']:.1f} / {two['writer_cpu_ms_per_doc']:.1f} ms"
    table.add_row("  writer CPU a document, 1 / 2 workers", writer, "")
    for kind, row in query["by_kind"].items():
        latency = f"p50 {row['p50_ms']:.1f} / p95 {row['p95_ms']:.1f} ms"
        table.add_row(f"  query: {kind}", latency, f"{row['mean_rows']:.0f} rows")
    console.print(table)
    load = results["load_average_1min"]
    console.print(
        f"end to end (worker start-up, writes, index): --workers 1 {one['seconds_end_to_end']:.0f} s, "
        f"--workers 2 {two['seconds_end_to_end']:.0f} s; load average {load[0]:.2f} → {load[1]:.2f}"
    )


if __name__ == "__main__":
    sys.exit(main())
