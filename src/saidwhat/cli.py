"""The command line: `saidwhat analyze FILE`, `eval GOLD_DIR`, `schema`, and the corpus
store: `ingest SOURCE...`, `query`, `people`, `export OUT`, `serve` (a web reader).

Only argument handling and output live here; the work is `document.load_document`
and `core.analyze_document`, `ingest.run.ingest` and `store.reader.Corpus`. Every
`SaidwhatError` becomes one `error: …` line on stderr and exit code 2, as do a bad
option value and an unwritable output file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import duckdb
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from . import core
from ._version import __version__
from .document import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, DEFAULT_TIMEOUT, Limits, load_document, read_input
from .errors import SaidwhatError
from .isodate import parse_date
from .render import render_html, render_table
from .render.listings import render_hits, render_people, render_summary
from .store.reader import DEFAULT_LIMIT, Corpus, QuoteFilters
from .store.writer import DEFAULT_BATCH_SIZE, QuoteStore
from .types import Article

if TYPE_CHECKING:
    import pandas as pd

    from .ingest.run import IngestSummary

EXIT_ERROR = 2
EXIT_INTERRUPTED = 130
DEFAULT_DB = Path("corpus.duckdb")
TABLE_FILE_WIDTH = 120


MaxBytesOption = Annotated[
    int,
    typer.Option(
        "--max-bytes", min=1, help="Refuse a document larger than this many bytes (gzip: unpacked)."
    ),
]
MaxCharsOption = Annotated[
    int,
    typer.Option("--max-chars", min=1, help="Refuse a document with more characters of article text."),
]


TaggerOption = Annotated[
    bool,
    typer.Option(
        help="Add the trained attribution tagger to the rules: PolNeAR-style spans, also intentions "
        "and beliefs; its weights are for research use (see the README).",
    ),
]


class OutputFormat(enum.StrEnum):
    json = "json"
    table = "table"
    html = "html"


app = typer.Typer(
    name="saidwhat",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,  # a bug should show a plain traceback, not the article in locals
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"saidwhat {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Who said what, to whom, when and where: statements, speakers and dates from English news text."""


@app.command()
def analyze(
    path: Annotated[
        str,
        typer.Argument(
            metavar="PATH",
            help="One article as plain text (any encoding) or an HTML page; '-' reads standard input.",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="json: the documented schema (see `saidwhat schema`); table: for reading in a terminal; "
            "html: a page with every statement highlighted. Default: table on a terminal, else json; "
            "with --output, html for a .html/.htm file, else json.",
            show_default=False,
        ),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            metavar="YYYY-MM-DD",
            help="Publication date: anchors relative dates such as 'on Tuesday'. "
            "Overrides the date in the page; without either it is inferred from the text.",
        ),
    ] = None,
    title: Annotated[str | None, typer.Option(help="Article title; overrides the page's title.")] = None,
    url: Annotated[str | None, typer.Option(help="Article URL; overrides the page's URL.")] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file instead of standard output.", dir_okay=False),
    ] = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    max_chars: MaxCharsOption = DEFAULT_MAX_CHARS,
    tagger: TaggerOption = False,
) -> None:
    """Analyse one article: its statements, speakers, addressees and dates."""
    published_date = _parse_date("--published", published)
    chosen = output_format or _default_format(output)
    try:
        name = "<stdin>" if path == "-" else path
        document = load_document(
            read_input(path, max_bytes=max_bytes),
            name=name,
            published=published_date,
            title=title,
            url=url,
            max_bytes=max_bytes,
            max_chars=max_chars,
        )
        article = core.analyze_document(document, core.load_pipeline(tagger=tagger))
    except SaidwhatError as exc:
        _fail(str(exc))
    _emit(article, chosen, output)


@app.command("eval")
def evaluate(
    gold_dir: Annotated[
        Path,
        typer.Argument(
            metavar="GOLD_DIR",
            help="A PolNeAR split: a folder with text/ and attributions/ (e.g. ../shared/gold/polnear/dev).",
            show_default=False,
        ),
    ],
    gold_format: Annotated[
        str, typer.Option("--format", help="Gold annotation format; only 'polnear' so far.")
    ] = "polnear",
    limit: Annotated[int | None, typer.Option(min=1, help="Score only the first N articles.")] = None,
    compare: Annotated[
        list[str] | None,
        typer.Option(help="Also score a baseline with the same code: 'textacy'. Repeatable."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON instead of a table.")
    ] = False,
    tagger: Annotated[
        bool,
        typer.Option(
            help="Also score saidwhat with the trained attribution tagger (`analyze --tagger`), "
            "beside the rules alone, when its weights are installed.",
        ),
    ] = True,
) -> None:
    """Score saidwhat against gold attributions: precision, recall and F1 of content, source
    and cue (exact and overlap matches), and speaker accuracy on matched quotes."""
    from .eval import render_report, run_eval  # the scorer loads a second model: only when asked
    from .tagger import MODEL_DIR, weights_installed

    if gold_format != "polnear":
        _fail(f"--format: {gold_format!r} is not a supported gold format; expected 'polnear'")
    if tagger and not weights_installed():
        typer.echo(f"note: no tagger weights in {MODEL_DIR}: scoring the rules alone", err=True)
        tagger = False
    try:
        report = run_eval(gold_dir, limit=limit, compare=compare or [], tagger=tagger)
    except SaidwhatError as exc:
        _fail(str(exc))
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
    else:
        render_report(report, Console())


@app.command()
def schema() -> None:
    """Print the JSON Schema of `analyze --format json` output."""
    typer.echo(json.dumps(Article.model_json_schema(), indent=2, ensure_ascii=False))


class ListFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class QuoteKind(enum.StrEnum):
    direct = "direct"
    mixed = "mixed"
    indirect = "indirect"


class ExportFormat(enum.StrEnum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


DbOption = Annotated[
    Path,
    typer.Option(
        "--db",
        envvar="SAIDWHAT_DB",
        help="The corpus store: an embedded DuckDB file, created by ingest.",
        dir_okay=False,
    ),
]
ListFormatOption = Annotated[
    ListFormat | None,
    typer.Option("--format", "-f", help="Default: table on a terminal, else json.", show_default=False),
]
LimitOption = Annotated[int, typer.Option(min=1, help="At most this many rows.")]


@app.command("ingest")
def ingest_command(
    sources: Annotated[
        list[str],
        typer.Argument(
            metavar="SOURCE...",
            help="Files and directories of .txt/.html (also gzipped), WARC files (.warc, .warc.gz), "
            "JSONL (.jsonl: 'text' or 'html', optional 'url', 'title', 'published'), "
            "URL lists (.urls, or .txt of URLs) and URLs.",
            show_default=False,
        ),
    ],
    db: DbOption = DEFAULT_DB,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Worker processes, each loading the model once; with --dask local, Dask workers. "
            "Default: one per core.",
            show_default=False,
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS|local",
            help="Analyse on Dask: 'local' starts a LocalCluster, an address (tcp://host:8786) joins a "
            "running scheduler whose workers have saidwhat installed.",
        ),
    ] = None,
    batch_size: Annotated[
        int, typer.Option(min=1, help="Documents per transaction: a crash loses at most one batch of work.")
    ] = DEFAULT_BATCH_SIZE,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    max_chars: MaxCharsOption = DEFAULT_MAX_CHARS,
    timeout: Annotated[
        float,
        typer.Option(
            min=0,
            help="Seconds to read and analyse one document; a slower one is logged as failed "
            "and the run goes on. 0: no limit.",
        ),
    ] = DEFAULT_TIMEOUT,
) -> None:
    """Analyse documents into the corpus store, skipping what it already holds.

    A rerun after a crash or Ctrl-C resumes where the run stopped; bad documents are logged
    with their reason and skipped.
    """
    from .ingest.run import ingest  # the worker pool (and Dask): only for ingest
    from .ingest.sources import expand
    from .ingest.workers import Backend, DaskBackend, ProcessBackend

    err = Console(stderr=True)
    with contextlib.ExitStack() as stack:
        previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops a run as Ctrl-C does
        stack.callback(signal.signal, signal.SIGTERM, previous)
        try:
            found = expand(sources)
            store = stack.enter_context(QuoteStore(db))  # refuse a bad store before starting workers
            backend: Backend = (
                DaskBackend(dask, workers=workers or _cores())
                if dask
                else ProcessBackend(workers or _cores())
            )
            stack.callback(backend.close)
            with _ingest_progress(err) as (on_progress, on_commit):
                summary = ingest(
                    found,
                    store=store,
                    backend=backend,
                    batch_size=batch_size,
                    on_progress=on_progress,
                    on_commit=on_commit,
                    limits=Limits(max_bytes=max_bytes, max_chars=max_chars, timeout=timeout or None),
                )
            stats = store.stats()
        except SaidwhatError as exc:
            _fail(str(exc))
    render_summary(summary, stats, str(db), Console(soft_wrap=True))
    if summary.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)


@app.command()
def query(
    db: DbOption = DEFAULT_DB,
    speaker: Annotated[
        str | None,
        typer.Option(
            help="A person under any of their names ('Doe' finds 'President Jane Doe'), or a group."
        ),
    ] = None,
    contains: Annotated[
        str | None,
        typer.Option(help="Full-text search: every word must occur (stemmed); best BM25 match first."),
    ] = None,
    since: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="Statements made on or after.")
    ] = None,
    until: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="Statements made on or before.")
    ] = None,
    quote_type: Annotated[
        QuoteKind | None, typer.Option("--type", help="Only this kind of statement.")
    ] = None,
    output_format: ListFormatOption = None,
    limit: LimitOption = DEFAULT_LIMIT,
) -> None:
    """Search the stored statements; newest first, or most relevant first with --contains."""
    filters = QuoteFilters(
        speaker=speaker,
        contains=contains,
        since=_parse_date("--since", since),
        until=_parse_date("--until", until),
        type=quote_type.value if quote_type else None,
        limit=limit,
    )
    chosen = output_format or _list_default()
    try:
        with Corpus(db) as corpus:
            if chosen is ListFormat.csv:
                _write_csv(corpus.quotes_df(**filters))
                return
            hits = corpus.quotes(**filters)
    except SaidwhatError as exc:
        _fail(str(exc))
    if chosen is ListFormat.table:
        render_hits(hits, Console())
    else:
        typer.echo(json.dumps([hit.model_dump(mode="json") for hit in hits], indent=2, ensure_ascii=False))


@app.command()
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
        _fail(str(exc))
    if chosen is ListFormat.table:
        render_people(found, Console())
    else:
        typer.echo(
            json.dumps([person.model_dump(mode="json") for person in found], indent=2, ensure_ascii=False)
        )


@app.command()
def export(
    out: Annotated[
        Path, typer.Argument(metavar="OUT", help="The file to write.", dir_okay=False, show_default=False)
    ],
    export_format: Annotated[
        ExportFormat | None,
        typer.Option("--format", "-f", help="Default: from OUT's suffix.", show_default=False),
    ] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write every stored statement, one flat row each with its article and person."""
    chosen = export_format or _export_format(out)
    try:
        with Corpus(db) as corpus:
            rows = corpus.export(out, format=chosen.value)
    except SaidwhatError as exc:
        _fail(str(exc))
    except duckdb.Error as exc:
        _fail(f"{out}: cannot write ({str(exc).splitlines()[0]})")
    typer.echo(f"wrote {rows:,} statements to {out}", err=True)


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


@app.command()
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
            help="Server processes, each with the store open read-only and its own search cache.",
        ),
    ] = 1,
) -> None:
    """Browse the store in a web browser: search, articles, people, and a JSON API (read-only)."""
    import socket

    import uvicorn  # the web stack loads only for serve

    from .web import app as web

    # On loopback, only loopback Host headers: a web page cannot reach the reader by DNS rebinding.
    allowed = [*LOOPBACK_HOSTS, "[::1]"] if host in LOOPBACK_HOSTS else None
    processes = workers
    try:
        web_app = web.create_app(db, allowed_hosts=allowed)  # checks the store in this process
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family) as probe:  # a busy port is one error line, not uvicorn's traceback
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except SaidwhatError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot listen on {host}:{port} ({exc.strerror or exc})")
    plural = "es" if processes > 1 else ""
    typer.echo(
        f"saidwhat: serving {db} read-only at http://{host}:{port}/ ({processes} process{plural}; "
        "Ctrl-C to stop)",
        err=True,
    )
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


def main() -> None:
    """Console-script entry point (`saidwhat`)."""
    app()


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def _ingest_progress(
    console: Console,
) -> Iterator[tuple[Callable[[IngestSummary], None], Callable[[IngestSummary], None]]]:
    """A Rich progress bar with docs/s and ETA on a terminal; elsewhere one line a commit."""
    if not console.is_terminal:

        def log_commit(summary: IngestSummary) -> None:
            console.print(
                f"committed {summary.committed:,} items ({summary.done:,}/{summary.total:,} done, "
                f"{summary.docs_per_second:.1f} docs/s)",
                highlight=False,
            )

        yield (lambda summary: None), log_commit
        return
    columns = (
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} docs/s"),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[status]}"),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task("ingest", total=None, rate=0.0, status="")

        def advance(summary: IngestSummary) -> None:
            bar.update(task, total=summary.total, completed=summary.done, rate=summary.docs_per_second)

        def commit(summary: IngestSummary) -> None:
            status = f"{summary.ingested:,} stored, {summary.failed:,} failed"
            bar.update(task, completed=summary.done, status=status)

        yield advance, commit


def _parse_date(option: str, value: str | None) -> dt.date | None:
    """An option's date; a bad one (also an empty one) is an error naming the option."""
    if value is None:
        return None
    found = parse_date(value)
    if found is None:
        _fail(f"{option}: {value!r} is not a date; expected YYYY-MM-DD, e.g. 2024-03-14")
    return found


def _list_default() -> ListFormat:
    return ListFormat.table if sys.stdout.isatty() else ListFormat.json


def _write_csv(frame: pd.DataFrame) -> None:
    typer.echo(frame.to_csv(index=False), nl=False)


def _export_format(out: Path) -> ExportFormat:
    suffix = out.suffix.lower().lstrip(".")
    aliases = {"parquet": "parquet", "pq": "parquet", "csv": "csv", "jsonl": "jsonl", "ndjson": "jsonl"}
    if suffix not in aliases:
        _fail(f"{out}: cannot tell the format from the suffix; give --format parquet, csv or jsonl")
    return ExportFormat(aliases[suffix])


def _default_format(output: Path | None) -> OutputFormat:
    if output is not None:
        return OutputFormat.html if output.suffix.lower() in (".html", ".htm") else OutputFormat.json
    return OutputFormat.table if sys.stdout.isatty() else OutputFormat.json


def _emit(article: Article, output_format: OutputFormat, output: Path | None) -> None:
    """Print or write the result; a table written to a file is plain text at a fixed width."""
    if output is None:
        if output_format is OutputFormat.table:
            render_table(article, Console())
        else:
            typer.echo(_render_text(article, output_format))
        return
    try:
        with output.open("w", encoding="utf-8") as handle:
            if output_format is OutputFormat.table:
                render_table(article, Console(file=handle, width=TABLE_FILE_WIDTH, no_color=True))
            else:
                handle.write(_render_text(article, output_format) + "\n")
    except OSError as exc:
        _fail(f"{output}: cannot write ({exc.strerror or exc})")


def _render_text(article: Article, output_format: OutputFormat) -> str:
    return render_html(article) if output_format is OutputFormat.html else article.model_dump_json(indent=2)


def _fail(message: str) -> NoReturn:
    """One line on stderr and exit code 2: a user error, not a crash."""
    typer.echo(f"error: {' '.join(message.split())}", err=True)
    raise typer.Exit(EXIT_ERROR)
