"""`saidwhat ingest`: documents into the corpus store, with a progress bar and a summary."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ..document import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, DEFAULT_TIMEOUT, Limits
from ..errors import SaidwhatError
from ..render.listings import render_summary
from ..store.live import LiveStore, open_writer
from ..store.writer import DEFAULT_BATCH_SIZE
from .options import DEFAULT_DB, DbOption, MaxBytesOption, MaxCharsOption, date_option, fail

if TYPE_CHECKING:
    from ..ingest.run import IngestSummary

EXIT_INTERRUPTED = 130


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
            help="Seconds to read and analyse one document, and to fetch one URL; a slower one is "
            "logged as failed and the run goes on. 0: no limit.",
        ),
    ] = DEFAULT_TIMEOUT,
    published: Annotated[
        str | None,
        typer.Option(
            metavar="YYYY-MM-DD",
            help="The publication date of every item that carries none of its own (no JSONL "
            "'published', page metadata or date in its file or folder name).",
        ),
    ] = None,
    allow_private_addresses: Annotated[
        bool,
        typer.Option(
            "--allow-private-addresses",
            help="Fetch URLs (and follow redirects) to loopback, private and link-local addresses, "
            "refused by default so that a page cannot send saidwhat into your own network.",
        ),
    ] = False,
) -> None:
    """Analyse documents into the corpus store, skipping what it already holds.

    A rerun after a crash or Ctrl-C resumes where the run stopped; bad documents are logged
    with their reason and skipped. While `saidwhat serve` has the store open, the batches go to
    the server, which writes them: its readers see each one as it commits.
    """
    from ..ingest.run import ingest  # the worker pool (and Dask): only for ingest
    from ..ingest.sources import expand
    from ..ingest.workers import Backend, DaskBackend, ProcessBackend

    run_date = date_option("--published", published)
    err = Console(stderr=True)
    with contextlib.ExitStack() as stack:
        previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops a run as Ctrl-C does
        stack.callback(signal.signal, signal.SIGTERM, previous)
        try:
            found = expand(sources, published=run_date)
            # Workers first: they load the model while this process opens (or migrates) the store;
            # a store refused stops them at once (ProcessBackend.close).
            backend: Backend = (
                DaskBackend(dask, workers=workers or _cores())
                if dask
                else ProcessBackend(workers or _cores())
            )
            stack.callback(backend.close)
            store = open_writer(db)
            stack.callback(store.close)
            if isinstance(store, LiveStore):
                err.print(
                    f"ingest: {db} is held by `saidwhat serve` (pid {store.served.pid}); "
                    "handing it the batches to write",
                    highlight=False,
                    soft_wrap=True,
                )
            with _ingest_progress(err) as (on_progress, on_commit):
                summary = ingest(
                    found,
                    store=store,
                    backend=backend,
                    batch_size=batch_size,
                    on_progress=on_progress,
                    on_commit=on_commit,
                    limits=Limits(max_bytes=max_bytes, max_chars=max_chars, timeout=timeout or None),
                    allow_private_addresses=allow_private_addresses,
                )
            stats = store.stats()
        except SaidwhatError as exc:
            fail(str(exc))
    render_summary(summary, stats, str(db), Console(soft_wrap=True))
    if summary.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)


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
