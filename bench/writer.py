"""The store writer alone (`make bench`): analysed documents a second through `QuoteStore.add_batch`,
fed pre-analysed results as a cluster's workers ship them to the one writer.

40 BBC News articles are analysed once (cached in build/); each is then copied into 3,000 distinct
documents: the text made unique, every person's surname given one of 97 endings (so identities
grow as in a real corpus, not as 3,000 copies of the same people) and each statement's words
shuffled (distinct contents, as provenance sees them). Each is prepared as a worker prepares it
after analysis (store/prepare.py: keys, fingerprints, full-text postings, rows; its CPU a document is
the workers' extra cost), then written in batches of 64, 512 and 1024 (`--batch-size`) into a new
store each, in one process, as `saidwhat ingest` commits them, from the pickled chunks workers
send (unpickled in the loop, timed apart): docs/s overall, over the last third and with the
store's closing (its last checkpoint) counted, the writer's CPU a document (the figure a loaded
machine disturbs least) without and with the close, the ingest process's CPU a document with the
unpickling too, and its peak RSS. From the CPU a document, the rate 100 workers at bare-parse
speed would produce is set against it. A growth run writes `--grow` documents (15,000) in batches
of 512 and gives the CPU a document of every 3,000 written: flat if the writer's cost follows
the batch, not the store (the documents repeat their 40 sources' people and statements past 3,880).

    .venv/bin/python bench/writer.py [--documents 3000] [--batch 64 512 1024] [--grow 15000]

Prints a table and writes bench/writer-results.json. Exits 0 when ../shared is absent.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import random
import re
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from corpus import CORPUS, corpus_missing, results_table

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "writer-results.json"
CACHE = ROOT / "build" / "writer-analyses.json"
TARGETS = {"docs_per_s": 1500}
BASE_ARTICLES = 40
ENDINGS = 97
# 100 workers at a bare parse each (10.5 docs/s a core in docs/benchmarks.md): what they produce.
CLUSTER_WORKERS, BARE_DOCS_PER_S = 100, 10.5


def analyses(paths: Sequence[Path]) -> list[dict[str, Any]]:
    """The analyses of `paths` as JSON, analysed once and cached in build/."""
    if CACHE.is_file():
        return list(json.loads(CACHE.read_text("utf-8")))
    import saidwhat
    from saidwhat.document import load_document

    found = [
        saidwhat.analyze(load_document(path.read_bytes(), name=str(path)).text).model_dump(mode="json")
        for path in paths
    ]
    CACHE.parent.mkdir(exist_ok=True)
    CACHE.write_text(json.dumps(found), encoding="utf-8")
    return found


def documents(base: list[dict[str, Any]], count: int) -> list[Any]:
    """`count` distinct analysed documents made from the `base` analyses (see the module's doc)."""
    from saidwhat.store.writer import Analyzed
    from saidwhat.types import Article

    rng = random.Random(13)
    made = []
    for n in range(count):
        source = base[n % len(base)]
        ending = "abcdefghijklmnopqrstuvwxyz"[n % ENDINGS % 26] + "ae"[n % ENDINGS // 26 % 2] * (
            n % ENDINGS // 52 + 1
        )
        text = json.dumps(source)
        for person in source["people"]:
            surname = person["name"].split()[-1] if person["name"] else ""
            if surname.isalpha():
                text = re.sub(rf"\b{re.escape(surname)}\b", surname + ending, text)
        article = json.loads(text)
        article["article"]["text"] += f"\n\n[copy {n}]"
        for quote in article["quotes"]:
            words = quote["text"].split()
            rng.shuffle(words)
            quote["text"] = " ".join(words)
        made.append(Analyzed(f"bench/{n}.txt", f"item{n}", Article.model_validate(article)))
    return made


def prepared(docs: list[Any]) -> tuple[list[Any], float]:
    """`docs` as workers ship them (prepared), and the CPU ms a document the preparation took."""
    from saidwhat.store.prepare import prepare

    used = time.process_time()
    shipped = [doc.replace(prepared=prepare(doc.article)) for doc in docs]
    return shipped, (time.process_time() - used) * 1000 / len(docs)


def made(base: list[dict[str, Any]], count: int) -> tuple[list[bytes], int, float, int]:
    """`count` documents prepared and pickled as workers send them; their statements, the CPU ms
    a document of preparing them, and the bytes a document shipped."""
    docs = documents(base, count)
    statements = sum(len(doc.article.quotes) for doc in docs)
    docs, prepare_ms = prepared(docs)
    chunks = shipped(docs)
    del docs
    gc.collect()
    gc.freeze()  # all the documents are made up front; a writer holds one batch, not the GC's work
    return chunks, statements, prepare_ms, sum(map(len, chunks)) // count


def shipped(docs: list[Any]) -> list[bytes]:
    """`docs` pickled as workers send them, a chunk of ingest's CHUNK_SIZE documents a message."""
    from saidwhat.ingest.run import CHUNK_SIZE

    return [pickle.dumps(docs[i : i + CHUNK_SIZE]) for i in range(0, len(docs), CHUNK_SIZE)]


def write(chunks: list[bytes], batch: int, stretch: int = 3000) -> dict[str, Any]:
    """Unpickle `chunks` and write them into a new store in batches of `batch`, as the ingest
    process does: docs/s and CPU a document of the batches alone, with the unpickling and with
    the store's closing (its last checkpoint) counted too; and the batches' CPU a document by
    `stretch` documents written, where they are more than one stretch (the cost as the store grows)."""
    from saidwhat.ingest.run import CHUNK_SIZE
    from saidwhat.store.writer import QuoteStore

    per_batch = max(batch // CHUNK_SIZE, 1)
    seconds: list[float] = []
    cpus: list[tuple[int, float]] = []  # documents, CPU seconds of each batch
    unpickled = unpickling = 0.0
    with tempfile.TemporaryDirectory(prefix="saidwhat-bench-") as tmp:
        store = QuoteStore(Path(tmp) / "w.duckdb")
        run = store.start_run(["bench"])
        for start in range(0, len(chunks), per_batch):
            used, started = time.process_time(), time.perf_counter()
            each = [doc for chunk in chunks[start : start + per_batch] for doc in pickle.loads(chunk)]
            unpickled, unpickling = (
                unpickled + time.process_time() - used,
                unpickling + time.perf_counter() - started,
            )
            used, started = time.process_time(), time.perf_counter()
            counts = store.add_batch(run, each)
            seconds.append(time.perf_counter() - started)
            cpus.append((len(each), time.process_time() - used))
            assert counts.ingested == len(each), counts
        closing, closing_cpu = time.perf_counter(), time.process_time()
        store.close()
        closing, closing_cpu = time.perf_counter() - closing, time.process_time() - closing_cpu
    documents = sum(n for n, _ in cpus)
    cpu = sum(used for _, used in cpus)
    third = len(cpus) * 2 // 3
    cpu_ms = cpu * 1000 / documents
    whole_ms = (cpu + unpickled + closing_cpu) * 1000 / documents
    growth: list[float] = []
    done = spent = 0.0
    for n, used in cpus:
        done, spent = done + n, spent + used
        if done >= stretch * (len(growth) + 1) or (growth and done == documents):
            growth.append(round(spent * 1000 / (done - stretch * len(growth)), 3))
            spent = 0.0
    return {
        "batch": batch,
        "documents": documents,
        "docs_per_s": round(documents / sum(seconds)),
        "docs_per_s_last_third": round(sum(n for n, _ in cpus[third:]) / sum(seconds[third:])),
        "docs_per_s_with_close": round(documents / (sum(seconds) + closing)),
        "docs_per_s_with_unpickling_and_close": round(documents / (sum(seconds) + closing + unpickling)),
        "close_s": round(closing, 3),
        "writer_cpu_ms_per_doc": round(cpu_ms, 3),
        "writer_cpu_ms_per_doc_with_close": round((cpu + closing_cpu) * 1000 / documents, 3),
        "unpickle_cpu_ms_per_doc": round(unpickled * 1000 / documents, 3),
        "process_cpu_ms_per_doc": round(whole_ms, 3),
        "docs_per_s_one_core": round(1000 / cpu_ms),
        "docs_per_s_one_core_whole_process": round(1000 / whole_ms),
        "writer_cpu_share_at_cluster_rate": round(CLUSTER_WORKERS * BARE_DOCS_PER_S * whole_ms / 1000, 2),
        **({"cpu_ms_per_doc_by_stretch": growth, "stretch": stretch} if len(growth) > 1 else {}),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=3000, help="documents written (3000)")
    parser.add_argument(
        "--batch", type=int, nargs="+", default=[64, 512, 1024], help="documents a transaction (64 512 1024)"
    )
    parser.add_argument(
        "--grow", type=int, default=15000, help="documents of the growth run, batch 512 (15000; 0: none)"
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="JSON results")
    args = parser.parse_args(argv)
    if corpus_missing():
        return 0
    from rich.console import Console

    console = Console()
    paths = sorted(CORPUS.glob("*/*.txt"))
    base = analyses(paths[7 :: len(paths) // BASE_ARTICLES][:BASE_ARTICLES])
    console.print(f"{BASE_ARTICLES} analysed articles (cached in build/) → {args.documents:,} documents …")
    chunks, statements, prepare_ms, shipped_bytes = made(base, args.documents)
    load_before = os.getloadavg()
    runs = [write(chunks, batch) for batch in args.batch]
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # before the growth run's documents
    grown = None
    if args.grow > args.documents:
        console.print(f"growth: {args.grow:,} documents …")
        del chunks
        grown = write(made(base, args.grow)[0], 512)
    results = {
        "documents": args.documents,
        "statements": statements,
        "runs": runs,
        "growth": grown,
        "worker_prepare_cpu_ms_per_doc": round(prepare_ms, 3),
        "shipped_bytes_per_doc": shipped_bytes,
        "writer_peak_rss_mib": round(peak_rss / 1024),
        "cluster_docs_per_s": round(CLUSTER_WORKERS * BARE_DOCS_PER_S),
        "load_average": {"before": round(load_before[0], 2), "after": round(os.getloadavg()[0], 2)},
        "targets": TARGETS,
    }
    report(console, results)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def report(console: Any, results: dict[str, Any]) -> None:
    written = f"{results['documents']:,} pre-analysed documents ({results['statements']:,} statements)"
    table = results_table(f"Store writer: {written}")
    for done in results["runs"]:
        size = f"batch {done['batch']}"
        cpu = f"{done['writer_cpu_ms_per_doc']:.2f} / {done['writer_cpu_ms_per_doc_with_close']:.2f} ms"
        table.add_row(f"{size}: writer CPU a document, batches / with the close", cpu, "≤ 0.67 ms")
        table.add_row(
            f"{size}: docs/s measured, batches (last third) / with the close ({done['close_s']:.2f} s)",
            f"{done['docs_per_s']:,} ({done['docs_per_s_last_third']:,}) / {done['docs_per_s_with_close']:,}",
            "≥ 1,500",
        )
        table.add_row(
            f"{size}: the ingest process, unpickling and close included: CPU a document / docs/s",
            f"{done['process_cpu_ms_per_doc']:.2f} ms ({done['unpickle_cpu_ms_per_doc']:.2f} unpickling)"
            f" / {done['docs_per_s_with_unpickling_and_close']:,}",
            "",
        )
        table.add_row(
            f"{size}: {CLUSTER_WORKERS} workers at a bare parse ({results['cluster_docs_per_s']:,} docs/s)",
            f"{done['writer_cpu_share_at_cluster_rate']:.2f} writer cores",
            "< 1",
        )
    grown = results["growth"]
    if grown and "cpu_ms_per_doc_by_stretch" in grown:
        table.add_row(
            f"batch 512 to {grown['documents']:,} documents: CPU a document by {grown['stretch']:,} written",
            " → ".join(f"{ms:.2f}" for ms in grown["cpu_ms_per_doc_by_stretch"]) + " ms",
            "flat",
        )
    table.add_row(
        "worker CPU a document to prepare it", f"{results['worker_prepare_cpu_ms_per_doc']:.2f} ms", ""
    )
    table.add_row("shipped a document (pickled)", f"{results['shipped_bytes_per_doc']:,} bytes", "")
    table.add_row("writer peak RSS", f"{results['writer_peak_rss_mib']} MiB", "")
    load = results["load_average"]
    table.add_row("load average before / after", f"{load['before']:.1f} / {load['after']:.1f}", "")
    console.print(table)


if __name__ == "__main__":
    sys.exit(main())
