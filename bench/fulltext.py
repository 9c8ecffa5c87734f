"""A small ingest into a big store (`make bench`): `saidwhat ingest` of 20 BBC articles into a store
of 1,000,000 statements against the same into an empty store, as whole commands, and the peak
memory of the writer and of each worker.

1. A synthetic store as bench/corpus.py builds it (1,000,000 statements, words with the BBC
   corpus's frequencies, indexed), every statement grouped; cached in build/ (keyed by size and
   schema version): building it takes minutes.
2. Pairs of whole `saidwhat ingest ARTICLES --db STORE --workers 1` processes, one into a copy of
   the big store and one into a new store, in turn (ABAB…, so a drift of the shared machine's
   speed hits both): seconds each, start-up and model load included, and their ratio pair by pair.
3. After each ingest into the big store, `Corpus.quotes(contains=STATEMENT)` (every word of it
   required) must find every new statement: the index is current without a rebuild.
4. The writer's peak RSS (the ingest process itself, not its workers) and each worker's, as the
   ingest summary reports them.

    .venv/bin/python bench/fulltext.py [--quotes 1000000] [--articles 20] [--pairs 3]

Prints a table and writes bench/fulltext-results.json. Exits 0 when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from corpus import CORPUS, build_synthetic_store, corpus_missing, results_table
from provenance import vocabulary_of

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "fulltext-results.json"
CACHE = ROOT / "build"
TARGETS = {"big_to_empty": 1.5}
# The ingest command, reporting its own peak RSS (RUSAGE_SELF: the writer, without its workers).
_INGEST = (
    "import atexit, resource, sys\n"
    "atexit.register(lambda: print('writer peak RSS KiB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
    " file=sys.stderr))\n"
    "from saidwhat.cli import main\n"
    "main()\n"
)
_WORKER_RSS = re.compile(r"Peak memory per worker: ([\d,]+) MiB")


def cached_store(quotes: int, vocabulary: list[str], console: Any) -> tuple[Path, dict[str, Any]]:
    """The big store, built once into build/ and reused while the schema version holds."""
    import duckdb

    from saidwhat.store.connection import SCHEMA_VERSION
    from saidwhat.store.provenance import group_stored

    path = CACHE / f"bench-store-{quotes}-v{SCHEMA_VERSION}.duckdb"
    about = path.with_suffix(".json")
    if path.is_file() and about.is_file():
        return path, json.loads(about.read_text("utf-8"))
    CACHE.mkdir(exist_ok=True)
    building = path.with_suffix(".building")
    building.unlink(missing_ok=True)
    console.print(f"building the synthetic store of {quotes:,} statements (once; cached in {CACHE.name}/) …")
    _, build = build_synthetic_store(building, quotes, vocabulary)
    started = time.perf_counter()
    with duckdb.connect(str(building)) as con:
        group_stored(con)
        con.execute("CHECKPOINT")
    build["seconds_group"] = round(time.perf_counter() - started, 1)
    building.rename(path)
    about.write_text(json.dumps(build, indent=2) + "\n", encoding="utf-8")
    return path, build


def ingest(articles: Sequence[Path], db: Path) -> dict[str, Any]:
    """One whole `saidwhat ingest` process: wall seconds, the writer's and workers' peak RSS."""
    command = [
        sys.executable,
        "-c",
        _INGEST,
        "ingest",
        *map(str, articles),
        "--db",
        str(db),
        "--workers",
        "1",
    ]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"bench: ingest failed ({done.returncode}): {done.stderr[-2000:]}")
    writer = re.search(r"writer peak RSS KiB (\d+)", done.stderr)
    worker = _WORKER_RSS.search(done.stdout + done.stderr)
    return {
        "seconds": round(seconds, 2),
        "writer_peak_rss_mib": round(int(writer.group(1)) / 1024) if writer else None,
        "worker_peak_rss_mib": int(worker.group(1).replace(",", "")) if worker else None,
    }


def new_statements_found(db: Path) -> tuple[int, int]:
    """(new statements, those a search for all their words finds)."""
    import duckdb

    from saidwhat.store import fulltext
    from saidwhat.store.reader import Corpus

    with duckdb.connect(str(db), read_only=True) as con:
        new = con.execute(
            "SELECT q.qid, q.text FROM quotes AS q JOIN articles AS a ON a.hash = q.article_hash "
            "WHERE a.origin NOT LIKE 'synthetic/%'"
        ).fetchall()
    found = 0
    with Corpus(db) as corpus:
        for _, text in new:
            # Every word of the statement required: few hits, and it must be one of them.
            hits = corpus.quotes(contains=text, limit=None) if fulltext.query_terms(text) else None
            found += hits is None or any(hit.quote.text == text for hit in hits)  # None: only stop words
    return len(new), found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=1_000_000, help="statements in the big store (1M)")
    parser.add_argument("--articles", type=int, default=20, help="articles a timed ingest (20)")
    parser.add_argument("--pairs", type=int, default=3, help="timed pairs of ingests (3)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="JSON results")
    args = parser.parse_args(argv)
    if corpus_missing():
        return 0
    from rich.console import Console

    console = Console()
    paths = sorted(CORPUS.glob("*/*.txt"))
    vocabulary = vocabulary_of(paths[::5])
    big, build = cached_store(args.quotes, vocabulary, console)
    articles = paths[3 :: len(paths) // args.articles][: args.articles]
    pairs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="saidwhat-bench-") as tmp:
        for n in range(args.pairs + 1):  # the first pair warms the page cache and is not counted
            console.print(f"pair {n}/{args.pairs} …" if n else "warm-up pair …")
            copy, empty = Path(tmp) / "big.duckdb", Path(tmp) / "empty.duckdb"
            for stale in (copy, empty, copy.with_suffix(".duckdb.wal"), empty.with_suffix(".duckdb.wal")):
                stale.unlink(missing_ok=True)
            shutil.copyfile(big, copy)
            order = ("big", "empty") if n % 2 else ("empty", "big")
            runs = {name: ingest(articles, copy if name == "big" else empty) for name in order}
            if n:
                statements, found = new_statements_found(copy)
                pairs.append({**runs, "ratio": round(runs["big"]["seconds"] / runs["empty"]["seconds"], 3),
                              "new_statements": statements, "found_by_search": found})  # fmt: skip
    ratio = statistics.median(pair["ratio"] for pair in pairs)
    results = {
        "big_store": build,
        "articles": len(articles),
        "pairs": pairs,
        "ratio_big_to_empty_median": round(ratio, 3),
        "new_statements_found": all(p["found_by_search"] == p["new_statements"] for p in pairs),
        "writer_peak_rss_mib": {
            "big": max(p["big"]["writer_peak_rss_mib"] or 0 for p in pairs),
            "empty": max(p["empty"]["writer_peak_rss_mib"] or 0 for p in pairs),
        },
        "worker_peak_rss_mib": max(p[s]["worker_peak_rss_mib"] or 0 for p in pairs for s in ("big", "empty")),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "targets": TARGETS,
    }
    size = f"{build['quotes']:,}"
    table = results_table(
        f"`saidwhat ingest` of {len(articles)} articles, whole processes, {len(pairs)} pairs"
    )
    median = {name: statistics.median(p[name]["seconds"] for p in pairs) for name in ("big", "empty")}
    table.add_row("into an empty store (median)", f"{median['empty']:.1f} s", "")
    table.add_row(f"into a store of {size} statements (median)", f"{median['big']:.1f} s", "")
    table.add_row("  big / empty, median of the pairs' ratios", f"{ratio:.2f}×", "≤ 1.5×")
    found = sum(p["found_by_search"] for p in pairs), sum(p["new_statements"] for p in pairs)
    table.add_row("new statements a search finds right after", f"{found[0]} / {found[1]}", "all")
    rss = results["writer_peak_rss_mib"]
    table.add_row("writer peak RSS, big / empty store", f"{rss['big']} / {rss['empty']} MiB", "")
    table.add_row("worker peak RSS", f"{results['worker_peak_rss_mib']} MiB", "")
    console.print(table)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
