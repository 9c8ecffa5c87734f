"""The store writer alone (`make bench`): analysed documents a second through `QuoteStore.add_batch`,
fed pre-analysed results as a cluster's workers ship them to the one writer.

40 BBC News articles are analysed once (cached in build/); each is then copied into 3,000 distinct
documents: the text made unique, every person's surname given one of 97 endings (so identities
grow as in a real corpus, not as 3,000 copies of the same people) and each statement's words
shuffled (distinct contents, as provenance sees them). Each is prepared as a worker prepares it
after analysis (store/prepare.py: keys, fingerprints, full-text postings, rows; its CPU a document is
the workers' extra cost), then written in batches of 64, 512 and 1024 (`--batch-size`) into a new
store each, in one process, as `saidwhat ingest` commits them: docs/s overall, over the last
third and with the store's closing (its last checkpoint) counted, the writer's CPU a document
(the figure a loaded machine disturbs least) and its peak RSS, and what unpickling the results
costs the writer's process when they arrive from workers. From
the CPU a document, the rate 100 workers at bare-parse speed would produce is set against it.

    .venv/bin/python bench/writer.py [--documents 3000] [--batch 64 512 1024]

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


def unpickling_ms(docs: list[Any]) -> tuple[float, int]:
    """CPU ms a document of unpickling results as the writer's process receives them, and their bytes."""
    shipped = pickle.dumps(docs[:512])
    used = time.process_time()
    pickle.loads(shipped)
    return (time.process_time() - used) * 1000 / len(docs[:512]), len(shipped) // len(docs[:512])


def write(docs: list[Any], batch: int) -> dict[str, Any]:
    """Write `docs` into a new store in batches of `batch`: docs/s and the writer's CPU a document,
    over the batches and with the store's closing (its last checkpoint) counted too."""
    from saidwhat.store.writer import QuoteStore

    batches = [docs[i : i + batch] for i in range(0, len(docs), batch)]
    seconds: list[float] = []
    with tempfile.TemporaryDirectory(prefix="saidwhat-bench-") as tmp:
        store = QuoteStore(Path(tmp) / "w.duckdb")
        run = store.start_run(["bench"])
        cpu = time.process_time()
        for each in batches:
            started = time.perf_counter()
            counts = store.add_batch(run, each)
            seconds.append(time.perf_counter() - started)
            assert counts.ingested == len(each), counts
        cpu = time.process_time() - cpu
        closing, closing_cpu = time.perf_counter(), time.process_time()
        store.close()
        closing, closing_cpu = time.perf_counter() - closing, time.process_time() - closing_cpu
    third = len(batches) * 2 // 3
    cpu_ms = cpu * 1000 / len(docs)
    return {
        "batch": batch,
        "docs_per_s": round(len(docs) / sum(seconds)),
        "docs_per_s_last_third": round(sum(len(b) for b in batches[third:]) / sum(seconds[third:])),
        "docs_per_s_with_close": round(len(docs) / (sum(seconds) + closing)),
        "close_s": round(closing, 3),
        "writer_cpu_ms_per_doc": round(cpu_ms, 3),
        "writer_cpu_ms_per_doc_with_close": round((cpu + closing_cpu) * 1000 / len(docs), 3),
        "docs_per_s_one_core": round(1000 / cpu_ms),
        "writer_cpu_share_at_cluster_rate": round(CLUSTER_WORKERS * BARE_DOCS_PER_S * cpu_ms / 1000, 2),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=3000, help="documents written (3000)")
    parser.add_argument(
        "--batch", type=int, nargs="+", default=[64, 512, 1024], help="documents a transaction (64 512 1024)"
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="JSON results")
    args = parser.parse_args(argv)
    if corpus_missing():
        return 0
    from rich.console import Console

    console = Console()
    paths = sorted(CORPUS.glob("*/*.txt"))
    console.print(f"{BASE_ARTICLES} analysed articles (cached in build/) → {args.documents:,} documents …")
    docs = documents(analyses(paths[7 :: len(paths) // BASE_ARTICLES][:BASE_ARTICLES]), args.documents)
    statements = sum(len(doc.article.quotes) for doc in docs)
    docs, prepare_ms = prepared(docs)
    gc.freeze()  # all the documents are made up front; a writer holds one batch, not the GC's work
    unpickle_ms, shipped_bytes = unpickling_ms(docs)
    load_before = os.getloadavg()
    runs = [write(docs, batch) for batch in args.batch]
    results = {
        "documents": len(docs),
        "statements": statements,
        "runs": runs,
        "worker_prepare_cpu_ms_per_doc": round(prepare_ms, 3),
        "writer_unpickle_cpu_ms_per_doc": round(unpickle_ms, 3),
        "shipped_bytes_per_doc": shipped_bytes,
        "writer_peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "cluster_docs_per_s": round(CLUSTER_WORKERS * BARE_DOCS_PER_S),
        "load_average": {"before": round(load_before[0], 2), "after": round(os.getloadavg()[0], 2)},
        "targets": TARGETS,
    }
    table = results_table(f"Store writer: {len(docs):,} pre-analysed documents ({statements:,} statements)")
    for done in runs:
        size = f"batch {done['batch']}"
        cpu, sustained = f"{done['writer_cpu_ms_per_doc']:.2f} ms", f"{done['docs_per_s_one_core']:,}"
        table.add_row(f"{size}: writer CPU a document", cpu, "≤ 0.67 ms")
        table.add_row(f"{size}: documents a second one core sustains", sustained, "≥ 1,500")
        table.add_row(
            f"{size}: documents a second measured (all / last third)",
            f"{done['docs_per_s']:,} / {done['docs_per_s_last_third']:,}",
            "",
        )
        table.add_row(
            f"{size}: the same with the store's closing ({done['close_s']:.2f} s)",
            f"{done['docs_per_s_with_close']:,} ({done['writer_cpu_ms_per_doc_with_close']:.2f} ms CPU)",
            "≥ 1,500",
        )
        table.add_row(
            f"{size}: {CLUSTER_WORKERS} workers at a bare parse ({results['cluster_docs_per_s']:,} docs/s)",
            f"{done['writer_cpu_share_at_cluster_rate']:.2f} writer cores",
            "< 1",
        )
    table.add_row("worker CPU a document to prepare it", f"{prepare_ms:.2f} ms", "")
    table.add_row(
        "writer CPU a document to unpickle a result",
        f"{unpickle_ms:.2f} ms ({shipped_bytes:,} bytes)",
        "",
    )
    table.add_row("writer peak RSS", f"{results['writer_peak_rss_mib']} MiB", "")
    table.add_row("load average before / after", f"{load_before[0]:.1f} / {os.getloadavg()[0]:.1f}", "")
    console.print(table)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
