"""What the attribution tagger costs at run time, against a bare spaCy parse (BBC News).

Three systems on the same texts, one process, rounds interleaved, the best round counts:

- bare: `en_core_web_sm` via `nlp.pipe`, the speed limit (as in bench/throughput.py);
- saidwhat: `analyze_document` per text, as `saidwhat analyze` does;
- saidwhat + tagger: the same pipeline with `saidwhat_attribution_tagger` added last.

    .venv/bin/python bench/tagger_throughput.py [--limit N] [--repeat R]

Exits 0 with a message when ../shared or the trained weights are absent.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--limit", type=int, default=300, help="articles to use (default %(default)s)")
    parser.add_argument(
        "--repeat", type=int, default=2, help="rounds; the fastest counts (default %(default)s)"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not CORPUS.is_dir():
        print(f"tagger_throughput: {CORPUS} not found; nothing measured.")
        return 0

    import spacy
    from rich.console import Console
    from rich.table import Table

    import saidwhat.tagger  # noqa: F401  (registers the factory)
    from saidwhat.core import MODEL_NAME, analyze_document, load_pipeline
    from saidwhat.document import Document
    from saidwhat.errors import ModelError

    paths = sorted(CORPUS.glob("*/*.txt"))[: args.limit]
    texts = [_decode(path.read_bytes()) for path in paths]
    documents = [Document(text=text, name=str(path)) for text, path in zip(texts, paths, strict=True)]

    bare = spacy.load(MODEL_NAME)
    rules = load_pipeline()
    tagged = load_pipeline.__wrapped__()  # a second, uncached copy of saidwhat's pipeline
    try:
        tagged.add_pipe("saidwhat_attribution_tagger")
    except ModelError as exc:
        print(f"tagger_throughput: {exc}; nothing measured.")
        return 0
    for doc in documents[:3]:  # warm up
        analyze_document(doc, rules)
        analyze_document(doc, tagged)
    list(bare.pipe(texts[:3]))

    best = {"bare": float("inf"), "saidwhat": float("inf"), "saidwhat + tagger": float("inf")}
    load_before = os.getloadavg()[0]
    for _ in range(args.repeat):
        started = time.perf_counter()
        parsed = list(bare.pipe(texts))
        best["bare"] = min(best["bare"], time.perf_counter() - started)
        for name, nlp in (("saidwhat", rules), ("saidwhat + tagger", tagged)):
            started = time.perf_counter()
            for document in documents:
                analyze_document(document, nlp)
            best[name] = min(best[name], time.perf_counter() - started)
    tokens = sum(len(doc) for doc in parsed)

    console = Console()
    table = Table(
        title=f"{len(texts)} BBC News articles, {tokens:,} tokens, best of {args.repeat}",
        caption=f"load average {load_before:.2f} → {os.getloadavg()[0]:.2f}",
    )
    for column in ("system", "seconds", "ms/doc", "docs/s", "× bare"):
        table.add_column(column, justify="left" if column == "system" else "right")
    for name, seconds in best.items():
        table.add_row(
            name,
            f"{seconds:.1f}",
            f"{1000 * seconds / len(texts):.1f}",
            f"{len(texts) / seconds:.2f}",
            f"{best['bare'] / seconds:.2f}",
        )
    console.print(table)
    extra = (best["saidwhat + tagger"] - best["saidwhat"]) / len(texts)
    console.print(f"tagger: +{1000 * extra:.1f} ms per document on top of saidwhat")
    return 0


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


if __name__ == "__main__":
    sys.exit(main())
