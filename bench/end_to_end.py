"""`saidwhat ingest` against a bare spaCy parse as whole processes (`make bench`, issue 19).

On the first 300 BBC business articles of ../shared, each round runs three commands one after
the other, in an order that turns from round to round:

1. `python bench/bare_parse.py FILES`: start-up, spaCy's model, `nlp.pipe` of the texts;
2. `saidwhat ingest FILES --workers 1` into a fresh store: start-up, workers, analysis, store
   writes, full-text index and commit, the summary;
3. the same with `--workers 2`.

Wall time is taken from the start of each process to its exit, CPU from the operating system's
accounting of the finished process and its children. The ratios are taken round by round (a
shared machine drifts) and their median is quoted with the load average:

- ingest --workers 1 / bare = bare's seconds / ingest's seconds (a throughput ratio; target 0.9)
- --workers 2 / --workers 1 = one worker's seconds / two workers' seconds (target 1.8)

    .venv/bin/python bench/end_to_end.py [--articles 300] [--rounds 3]

Prints a table and writes bench/end-to-end-results.json. Exits 0 with a message when ../shared
is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from corpus import CORPUS, corpus_missing, results_table

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "end-to-end-results.json"
BIN = Path(sys.executable).parent
TARGETS = {"ingest_to_bare": 0.9, "two_to_one_worker": 1.8}
SYSTEMS = ("bare", "workers_1", "workers_2")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="BBC business articles (default 300)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the three commands (default 3)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="JSON results")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if corpus_missing():
        return 0
    files = [str(path) for path in sorted((CORPUS / "business").glob("*.txt"))[: args.articles]]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}  # both sides alike: one thread a process
    runs: dict[str, list[dict[str, float]]] = {system: [] for system in SYSTEMS}
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="saidwhat-e2e-") as tmp:
        for round_ in range(args.rounds):
            order = SYSTEMS[round_ % 3 :] + SYSTEMS[: round_ % 3]
            for system in order:
                print(f"round {round_ + 1}/{args.rounds}: {system} …", flush=True)
                store = Path(tmp) / f"{round_}-{system}.duckdb"  # a fresh store each run
                runs[system].append(timed(command(system, files, store), env))
    load_after = os.getloadavg()[0]
    walls = {system: [run["wall_s"] for run in runs[system]] for system in SYSTEMS}
    pairs = list(zip(walls["bare"], walls["workers_1"], walls["workers_2"], strict=True))
    results: dict[str, Any] = {
        "articles": len(files),
        "rounds": args.rounds,
        "runs": runs,
        "median_wall_s": {system: round(statistics.median(walls[system]), 2) for system in SYSTEMS},
        "ratio_ingest_to_bare": round(statistics.median(bare / one for bare, one, _ in pairs), 3),
        "ratio_two_to_one_worker": round(statistics.median(one / two for _, one, two in pairs), 3),
        "ratio_ingest_to_bare_cpu": round(
            statistics.median(
                bare["cpu_s"] / one["cpu_s"]
                for bare, one in zip(runs["bare"], runs["workers_1"], strict=True)
            ),
            3,
        ),
        "targets": TARGETS,
        "cpus": os.cpu_count(),
        "load_average_1min": [round(load_before, 2), round(load_after, 2)],
    }
    report(results)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 0


def command(system: str, files: list[str], db: Path) -> list[str]:
    if system == "bare":
        return [sys.executable, str(ROOT / "bench" / "bare_parse.py"), *files]
    workers = system.removeprefix("workers_")
    return [str(BIN / "saidwhat"), "ingest", *files, "--db", str(db), "--workers", workers]


def timed(argv: list[str], env: dict[str, str]) -> dict[str, float]:
    """One whole process: wall seconds from start to exit, CPU of it and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2)}


def report(results: dict[str, Any]) -> None:
    from rich.console import Console

    walls = results["median_wall_s"]
    table = results_table(
        f"Whole processes: {results['articles']} BBC business articles, {results['rounds']} rounds"
    )
    table.add_row("bare spaCy nlp.pipe (bench/bare_parse.py)", f"{walls['bare']:.1f} s", "")
    table.add_row("saidwhat ingest --workers 1", f"{walls['workers_1']:.1f} s", "")
    table.add_row("saidwhat ingest --workers 2", f"{walls['workers_2']:.1f} s", "")
    table.add_row("ingest --workers 1 / bare", f"{results['ratio_ingest_to_bare']:.2f}×", "≥ 0.90×")
    table.add_row("--workers 2 / --workers 1", f"{results['ratio_two_to_one_worker']:.2f}×", "≥ 1.80×")
    table.add_row("  CPU: ingest --workers 1 / bare", f"{results['ratio_ingest_to_bare_cpu']:.2f}×", "")
    console = Console()
    console.print(table)
    load = results["load_average_1min"]
    console.print(f"load average {load[0]:.2f} → {load[1]:.2f} on {results['cpus']} cores")


if __name__ == "__main__":
    sys.exit(main())
