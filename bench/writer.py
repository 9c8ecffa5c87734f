"""The store writer alone (`make bench`): analysed documents a second through `QuoteStore.add_batch`,
fed pre-analysed results, as a cluster's workers would feed the one writer.

40 BBC News articles are analysed once (cached in build/); each is then copied into 3,000 distinct
documents: the text made unique, every person's surname given one of 97 endings (so identities
grow as in a real corpus, not as 3,000 copies of the same people) and each statement's words
shuffled (distinct contents, as provenance sees them). They are written in batches of 64 into a
new store, in one process, as `saidwhat ingest` commits them: docs/s overall and over the last
third (the store then holds 2,000 documents), the writer's CPU a document and its peak RSS.
From the CPU a document, the rate 100 workers at bare-parse speed would produce is set against it.

    .venv/bin/python bench/writer.py [--documents 3000] [--batch 64]

Prints a table and writes bench/writer-results.json. Exits 0 when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from corpus import CORPUS, corpus_missing

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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=3000, help="documents written (3000)")
    parser.add_argument("--batch", type=int, default=64, help="documents a transaction (64)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="JSON results")
    args = parser.parse_args(argv)
    if corpus_missing():
        return 0
    from rich.console import Console
    from rich.table import Table

    from saidwhat.store.writer import QuoteStore

    console = Console()
    paths = sorted(CORPUS.glob("*/*.txt"))
    console.print(f"{BASE_ARTICLES} analysed articles (cached in build/) → {args.documents:,} documents …")
    docs = documents(analyses(paths[7 :: len(paths) // BASE_ARTICLES][:BASE_ARTICLES]), args.documents)
    statements = sum(len(doc.article.quotes) for doc in docs)
    batches = [docs[i : i + args.batch] for i in range(0, len(docs), args.batch)]
    seconds: list[float] = []
    with (
        tempfile.TemporaryDirectory(prefix="saidwhat-bench-") as tmp,
        QuoteStore(Path(tmp) / "w.duckdb") as store,
    ):
        run = store.start_run(["bench"])
        cpu = time.process_time()
        for batch in batches:
            started = time.perf_counter()
            counts = store.add_batch(run, batch)
            seconds.append(time.perf_counter() - started)
            assert counts.ingested == len(batch), counts
        cpu = time.process_time() - cpu
    third = len(batches) * 2 // 3
    overall = len(docs) / sum(seconds)
    last = sum(len(b) for b in batches[third:]) / sum(seconds[third:])
    cpu_ms = cpu * 1000 / len(docs)
    results = {
        "documents": len(docs),
        "statements": statements,
        "batch": args.batch,
        "docs_per_s": round(overall),
        "docs_per_s_last_third": round(last),
        "writer_cpu_ms_per_doc": round(cpu_ms, 2),
        "writer_peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "cluster_docs_per_s": round(CLUSTER_WORKERS * BARE_DOCS_PER_S),
        "writer_cpu_share_at_cluster_rate": round(CLUSTER_WORKERS * BARE_DOCS_PER_S * cpu_ms / 1000, 2),
        "targets": TARGETS,
    }
    table = Table(title=f"Store writer: {len(docs):,} pre-analysed documents ({statements:,} statements)")
    for column in ("measure", "value", "target"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    table.add_row("documents a second, all batches", f"{overall:,.0f}", "≥ 1,500")
    table.add_row("documents a second, last third", f"{last:,.0f}", "")
    table.add_row("writer CPU a document", f"{cpu_ms:.2f} ms", "")
    table.add_row("writer peak RSS", f"{results['writer_peak_rss_mib']} MiB", "")
    table.add_row(
        f"{CLUSTER_WORKERS} workers at a bare parse",
        f"{results['cluster_docs_per_s']:,} docs/s: "
        f"{results['writer_cpu_share_at_cluster_rate']:.2f} writer cores",
        "< 1",
    )
    console.print(table)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
