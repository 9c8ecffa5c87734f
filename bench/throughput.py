"""Throughput of saidwhat against a bare spaCy parse, on BBC News articles (`make bench`).

The bare parse is the speed limit: saidwhat cannot outrun the model it runs on, so the
throughput ratio saidwhat / bare says what ingest, rules, people and dates cost on top.
Both models load and warm up outside the timed regions. textacy's `direct_quotations` is timed on the
bare parses as a side figure (extraction only; it needs the same parse).

    .venv/bin/python bench/throughput.py [--limit N] [--repeat R]

Prints a table and writes bench/results.json. Exits 0 with a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news"
RESULTS = ROOT / "bench" / "results.json"
DEFAULT_LIMIT = 300
WARMUP_DOCS = 3


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--limit", type=int, default=DEFAULT_LIMIT, help="articles to use (default %(default)s)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="rounds; the fastest counts (default 1)")
    parser.add_argument(
        "--output", type=Path, default=RESULTS, help="JSON results (default bench/results.json)"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not CORPUS.is_dir():
        print(f"bench: {CORPUS} not found (../shared is not beside the repo); nothing measured.")
        return 0
    if args.limit < 1 or args.repeat < 1:
        print("bench: --limit and --repeat must be at least 1", file=sys.stderr)
        return 2

    import spacy
    from rich.console import Console
    from rich.table import Table

    from saidwhat.core import MODEL_NAME, analyze_document, load_pipeline
    from saidwhat.document import Document, load_document
    from saidwhat.errors import SaidwhatError

    console = Console()
    paths = sorted(CORPUS.glob("*/*.txt"))[: args.limit]
    raw = [path.read_bytes() for path in paths]
    names = [str(path.relative_to(CORPUS)) for path in paths]
    # The bare parse gets exactly the text saidwhat analyses: decoded (sport/199.txt is
    # latin-1) by saidwhat's own ingest.
    texts: list[str] = []
    rejected: list[str] = []
    for name, data in zip(names, raw, strict=True):
        try:
            texts.append(load_document(data, name=name).text)
        except SaidwhatError:
            rejected.append(name)
            texts.append(_decode(data))
    console.print(
        f"[bold]{len(paths)}[/] BBC News articles ({', '.join(sorted({n.split('/')[0] for n in names}))})"
    )

    bare_nlp = spacy.load(MODEL_NAME)
    nlp = load_pipeline()
    list(bare_nlp.pipe(texts[:WARMUP_DOCS]))
    for data, name in zip(raw[:WARMUP_DOCS], names, strict=False):
        analyze_document(load_document(data, name=name), nlp)

    def analyze_one(index: int) -> int:
        """What `saidwhat analyze FILE` does after reading the file: ingest, then analyse."""
        try:
            document = load_document(raw[index], name=names[index])
        except SaidwhatError:
            document = Document(text=texts[index], name=names[index])
        return len(analyze_document(document, nlp).quotes)

    # Rounds interleave the systems, and the best round counts: other work on a shared
    # machine only ever slows a round down.
    load_before = os.getloadavg()[0]
    bare_seconds = saidwhat_seconds = batched_seconds = float("inf")
    for _ in range(args.repeat):
        started = time.perf_counter()
        docs = list(bare_nlp.pipe(texts))
        bare_seconds = min(bare_seconds, time.perf_counter() - started)

        seconds, quotes = _timed(analyze_one, len(raw))
        saidwhat_seconds = min(saidwhat_seconds, seconds)

        started = time.perf_counter()
        batched_quotes = sum(len(doc._.quotes) for doc in nlp.pipe(texts))
        batched_seconds = min(batched_seconds, time.perf_counter() - started)
    load_after = os.getloadavg()[0]
    tokens = sum(len(doc) for doc in docs)

    textacy = _time_textacy(docs)

    rows: list[tuple[str, str, dict[str, Any]]] = [
        ("bare", "bare spaCy, nlp.pipe", _rates(bare_seconds, len(docs), tokens)),
        (
            "saidwhat",
            "saidwhat, per document",
            {**_rates(saidwhat_seconds, len(docs), tokens), "quotes": quotes},
        ),
        (
            "saidwhat_batched",
            "saidwhat, nlp.pipe",
            {**_rates(batched_seconds, len(docs), tokens), "quotes": batched_quotes},
        ),
    ]
    bare_rate = rows[0][2]["docs_per_s"]
    for _, _, row in rows[1:]:
        row["throughput_ratio_to_bare"] = round(row["docs_per_s"] / bare_rate, 3)
    results: dict[str, Any] = {
        "corpus": "bbc-news",
        "documents": len(docs),
        "tokens": tokens,
        "rejected_by_ingest": rejected,
        "model": MODEL_NAME,
        "spacy": spacy.__version__,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "repeat": args.repeat,
        "load_average_1min": [round(load_before, 2), round(load_after, 2)],
        "note": "saidwhat = load_document + analyze_document per text, as `saidwhat analyze` does; "
        "saidwhat_batched = the same pipeline via nlp.pipe; ratios are docs/s saidwhat / docs/s bare",
        **{key: row for key, _, row in rows},
        "ratio_saidwhat_to_bare": rows[1][2]["throughput_ratio_to_bare"],
        "textacy_direct_quotations": textacy,
    }

    title = f"Throughput: {len(docs)} docs, {tokens:,} tokens, 1 process, best of {args.repeat}"
    table = Table(title=title, caption=f"load average {load_before:.2f} → {load_after:.2f}")
    for column in ("system", "seconds", "docs/s", "tokens/s", "× bare", "quotes"):
        table.add_column(column, justify="left" if column == "system" else "right")
    for _, label, row in rows:
        table.add_row(
            label,
            f"{row['seconds']:.1f}",
            f"{row['docs_per_s']:.2f}",
            f"{row['tokens_per_s']:,.0f}",
            f"{row.get('throughput_ratio_to_bare', 1.0):.2f}",
            str(row.get("quotes", "")),
        )
    if "seconds" in textacy:
        table.add_section()
        table.add_row(
            "textacy quotes¹",
            f"{textacy['seconds']:.2f}",
            f"{textacy['docs_per_s']:.0f}",
            "",
            "",
            str(textacy["quotes"]),
        )
    console.print(table)
    if "seconds" in textacy:
        console.print(
            f"¹ textacy.extract.triples.direct_quotations on the bare parses, extraction only; "
            f"it refused {textacy['failed_documents']} of {len(docs)} documents (odd number of quote marks)."
        )
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    console.print(
        f"wrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}"
    )
    return 0


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _timed(work: Callable[[int], int], n: int) -> tuple[float, int]:
    started = time.perf_counter()
    total = sum(work(i) for i in range(n))
    return time.perf_counter() - started, total


def _rates(seconds: float, docs: int, tokens: int) -> dict[str, Any]:
    return {
        "seconds": round(seconds, 3),
        "docs_per_s": round(docs / seconds, 3),
        "tokens_per_s": round(tokens / seconds, 1),
    }


def _time_textacy(docs: Sequence[Any]) -> dict[str, Any]:
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        return {"skipped": "textacy is not installed"}
    quotes = failed = 0
    started = time.perf_counter()
    for doc in docs:
        try:
            quotes += sum(1 for _ in direct_quotations(doc))
        except ValueError:  # odd number of quote marks: textacy gives up on the whole document
            failed += 1
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 3),
        "docs_per_s": round(len(docs) / seconds, 1) if seconds else None,
        "quotes": quotes,
        "failed_documents": failed,
    }


if __name__ == "__main__":
    sys.exit(main())
