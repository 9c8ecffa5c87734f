"""`saidwhat query`, `people`, `export`, `check` and `migrate` over the corpus store, and `serve`, its
web reader."""

from __future__ import annotations

import csv
import enum
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from ..errors import SaidwhatError
from ..render.listings import render_hits, render_people
from ..store.health import check_store
from ..store.live import served_hint
from ..store.reader import DEFAULT_LIMIT, Corpus
from ..store.records import QuoteFilters
from .options import DEFAULT_DB, DbOption, FullOption, StatementKindOption, date_option, fail, statement_kinds

if TYPE_CHECKING:
    import pandas as pd


class ListFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ReportFormat(enum.StrEnum):
    table = "table"
    json = "json"


class QuoteKind(enum.StrEnum):
    direct = "direct"
    mixed = "mixed"
    indirect = "indirect"


class ExportFormat(enum.StrEnum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


ListFormatOption = Annotated[
    ListFormat | None,
    typer.Option("--format", "-f", help="Default: table on a terminal, else json.", show_default=False),
]
LimitOption = Annotated[int, typer.Option(min=1, help="At most this many rows.")]
# The filters of `query`, which `export` takes too.
SpeakerOption = Annotated[
    str | None,
    typer.Option(help="A person under any of their names ('Doe' finds 'President Jane Doe'), or a group."),
]
ContainsOption = Annotated[
    str | None,
    typer.Option(help="Full-text search: every word must occur (stemmed); best BM25 match first."),
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        metavar="YYYY-MM-DD",
        help="Statements made on or after: whose date (a day, month, year …) overlaps it.",
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        metavar="YYYY-MM-DD", help="Statements made on or before: whose date starts by then, or is open."
    ),
]
TypeOption = Annotated[QuoteKind | None, typer.Option("--type", help="Only this kind of statement.")]


def _filters(
    speaker: str | None,
    contains: str | None,
    since: str | None,
    until: str | None,
    kind: QuoteKind | None,
    statement_kind: list[str] | None,
) -> QuoteFilters:
    kinds = statement_kinds(statement_kind)
    return QuoteFilters(
        speaker=speaker,
        contains=contains,
        since=date_option("--since", since),
        until=date_option("--until", until),
        type=kind.value if kind else None,
        statement_kind=sorted(kinds) if kinds else None,
    )


def query(
    db: DbOption = DEFAULT_DB,
    speaker: SpeakerOption = None,
    contains: ContainsOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    quote_type: TypeOption = None,
    statement_kind: StatementKindOption = None,
    output_format: ListFormatOption = None,
    limit: LimitOption = DEFAULT_LIMIT,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many rows first: the next page.")] = 0,
    every: Annotated[bool, typer.Option("--all", help="Every matching row: no --limit.")] = False,
    full: FullOption = False,
) -> None:
    """Search the stored statements; newest first, or most relevant first with --contains."""
    filters = _filters(speaker, contains, since, until, quote_type, statement_kind)
    filters["limit"] = None if every else limit
    chosen = output_format or _list_default()
    try:
        with Corpus(db) as corpus:
            if chosen is ListFormat.csv:
                frame = corpus.quotes_df(**filters, offset=offset)
                _write_csv(frame.astype({"qid": "string"}))  # 19 digits: a spreadsheet would round them
                return
            hits = corpus.quotes(**filters, offset=offset)
            counts = corpus.quote_counts(**filters)  # the same filters; the limit does not count
    except SaidwhatError as exc:
        fail(_served(db, exc))
    if chosen is ListFormat.table:
        render_hits(hits, Console(), full=full)
        typer.echo(f"{counts.statements:,} statements match, {counts.dated:,} dated", err=True)
    else:
        typer.echo(json.dumps([hit.model_dump(mode="json") for hit in hits], indent=2, ensure_ascii=False))


def people(
    db: DbOption = DEFAULT_DB,
    output_format: ListFormatOption = None,
    limit: LimitOption = DEFAULT_LIMIT,
) -> None:
    """Speakers ranked by their number of statements, with the dates of the first and last."""
    chosen = output_format or _list_default()
    try:
        with Corpus(db) as corpus:
            if chosen is ListFormat.csv:
                _write_csv(corpus.people_df(limit=limit))
                return
            found = corpus.people(limit=limit)
    except SaidwhatError as exc:
        fail(_served(db, exc))
    if chosen is ListFormat.table:
        render_people(found, Console())
    else:
        typer.echo(
            json.dumps([person.model_dump(mode="json") for person in found], indent=2, ensure_ascii=False)
        )


def export(
    out: Annotated[
        Path, typer.Argument(metavar="OUT", help="The file to write.", dir_okay=False, show_default=False)
    ],
    export_format: Annotated[
        ExportFormat | None,
        typer.Option("--format", "-f", help="Default: from OUT's suffix.", show_default=False),
    ] = None,
    db: DbOption = DEFAULT_DB,
    speaker: SpeakerOption = None,
    contains: ContainsOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    quote_type: TypeOption = None,
    statement_kind: StatementKindOption = None,
) -> None:
    """Write the stored statements, one flat row each with its article and person: every one, or
    those matching the filters, which are query's. In CSV the 19-digit qid is a quoted string."""
    filters = _filters(speaker, contains, since, until, quote_type, statement_kind)
    chosen = export_format or _export_format(out)
    try:
        with Corpus(db) as corpus:
            rows = corpus.export(out, format=chosen.value, **filters)
    except SaidwhatError as exc:
        fail(_served(db, exc))
    typer.echo(f"wrote {rows:,} statements to {out}", err=True)


def check(
    db: DbOption = DEFAULT_DB,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option("--format", "-f", help="Default: table on a terminal, else json.", show_default=False),
    ] = None,
) -> None:
    """Verify a store: it opens, its schema version is known, every table reads whole, and the
    full-text index is current. Exit code 0 if healthy, else 2 with the problem."""
    health = check_store(db)
    if (output_format or _list_default()) is ReportFormat.json:
        typer.echo(json.dumps(health.model_dump(mode="json"), indent=2, ensure_ascii=False))
    elif health.schema_version is not None:
        typer.echo(f"{db}: schema version {health.schema_version}")
        for table, rows in health.tables.items():
            typer.echo(f"  {table:<28} {rows:>12,} rows read")
        if health.index_current is not None:
            typer.echo(f"full-text index: {'current' if health.index_current else 'older than the data'}")
    if health.problem is not None:
        fail(_served(db, health.problem))
    typer.echo(f"{db}: healthy", err=True)


def migrate(db: DbOption = DEFAULT_DB) -> None:
    """Bring a store written by an earlier saidwhat to this schema version, in place, keeping a copy
    of it as it was beside it (STORE.v1.bak). Any command that opens an older store does the
    same; this does only that. Prints JSON: the versions and the backup."""
    from ..store.connection import SCHEMA_VERSION, migrate_store

    try:
        done = migrate_store(db)
    except SaidwhatError as exc:
        fail(_served(db, exc))
    report: dict[str, object] = {"store": str(db), "schema_version": SCHEMA_VERSION}
    report["migrated"] = done is not None
    if done is not None:
        report |= {"from_version": done.from_version, "backup": str(done.backup)}
    typer.echo(json.dumps(report, indent=2))


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[
        str, typer.Option(help="Address to listen on; the default serves this machine only.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Server processes, each with the store open read-only and its own search cache. "
            "One process (the default) holds the store live instead: an ingest started meanwhile "
            "hands it the batches, and the pages show them as they commit.",
        ),
    ] = 1,
    read_only: Annotated[
        bool,
        typer.Option(
            "--read-only",
            help="Open the store read-only, as --workers does: `query` and other readers can open it "
            "meanwhile, an ingest cannot. Also when the store or its folder cannot be written.",
        ),
    ] = False,
) -> None:
    """Browse the store in a web browser: search, articles, people, and a JSON API (read-only).

    With one process the store stays live: `saidwhat ingest` into it while this runs, and the
    server writes the batches it is handed (announced in STORE.serve.json beside the store);
    other commands that open the store wait until it stops."""
    import socket

    import uvicorn  # the web stack loads only for serve

    from ..web import app as web

    # On loopback, only loopback Host headers: a web page cannot reach the reader by DNS rebinding.
    allowed = [*LOOPBACK_HOSTS, "[::1]"] if host in LOOPBACK_HOSTS else None
    processes = workers
    url = f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"
    live = processes == 1 and not read_only and _writable(Path(db))
    try:  # checks the store in this process
        web_app = web.create_app(db, allowed_hosts=allowed, live_url=url if live else None)
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family) as probe:  # a busy port is one error line, not uvicorn's traceback
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except SaidwhatError as exc:
        fail(_served(db, exc))
    except OSError as exc:
        fail(f"cannot listen on {host}:{port} ({exc.strerror or exc})")
    mode = "live" if live else "read-only"
    plural = "es" if processes > 1 else ""
    feeds = "ingests hand it their batches; " if live else ""
    said = f"saidwhat: serving {db} {mode} at {url} ({processes} process{plural}; {feeds}Ctrl-C to stop)"
    typer.echo(said, err=True)
    if processes == 1:
        uvicorn.run(web_app, host=host, port=port, log_level="warning", server_header=False)
        return
    # One process already runs searches on every core (DuckDB releases the GIL), and each process
    # has its own cache, so more pay only when Python work (pages, JSON) is what is short.
    # uvicorn starts them from an import string; they read the store and hosts from the environment.
    os.environ[web.DB_VARIABLE] = str(Path(db).resolve())
    os.environ[web.HOSTS_VARIABLE] = ",".join(allowed or ())
    uvicorn.run(
        f"{web.__name__}:from_environment",
        factory=True,
        workers=processes,
        host=host,
        port=port,
        log_level="warning",
        server_header=False,
    )


def _writable(db: Path) -> bool:
    """Whether serve can hold the store live: it writes the file, its WAL and its sidecar beside it."""
    return os.access(db, os.W_OK) and os.access(db.resolve().parent, os.W_OK)


def _served(db: Path, problem: SaidwhatError | str) -> str:
    """The problem, and what to do when it is that a live `serve` holds the store."""
    hint = served_hint(db)
    return f"{problem}; {hint}" if hint else str(problem)


def _list_default() -> ListFormat:
    return ListFormat.table if sys.stdout.isatty() else ListFormat.json


def _write_csv(frame: pd.DataFrame) -> None:
    """Text in quotes, numbers bare: a spreadsheet then keeps an id held as text (`qid`) whole."""
    typer.echo(frame.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC), nl=False)


def _export_format(out: Path) -> ExportFormat:
    suffix = out.suffix.lower().lstrip(".")
    aliases = {"parquet": "parquet", "pq": "parquet", "csv": "csv", "jsonl": "jsonl", "ndjson": "jsonl"}
    if suffix not in aliases:
        fail(f"{out}: cannot tell the format from the suffix; give --format parquet, csv or jsonl")
    return ExportFormat(aliases[suffix])
