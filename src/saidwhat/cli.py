"""The command line: `saidwhat analyze FILE`, `saidwhat eval GOLD_DIR`, `saidwhat schema`.

Only argument handling and output live here; the work is `ingest.load_document`
and `core.analyze_document`. Every `SaidwhatError` becomes one `error: …` line on
stderr and exit code 2, as do a bad option value and an unwritable output file.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from . import core
from ._version import __version__
from .errors import SaidwhatError
from .ingest import load_document, read_input
from .render import render_html, render_table
from .types import Article

EXIT_ERROR = 2
TABLE_FILE_WIDTH = 120


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
) -> None:
    """Analyse one article: its statements, speakers, addressees and dates."""
    published_date = _parse_published(published)
    chosen = output_format or _default_format(output)
    try:
        name = "<stdin>" if path == "-" else path
        document = load_document(read_input(path), name=name, published=published_date, title=title, url=url)
        article = core.analyze_document(document)
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
) -> None:
    """Score saidwhat against gold attributions: precision, recall and F1 of content, source
    and cue (exact and overlap matches), and speaker accuracy on matched quotes."""
    from .eval import render_report, run_eval  # the scorer loads a second model: only when asked

    if gold_format != "polnear":
        _fail(f"--format: {gold_format!r} is not a supported gold format; expected 'polnear'")
    try:
        report = run_eval(gold_dir, limit=limit, compare=compare or [])
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


def main() -> None:
    """Console-script entry point (`saidwhat`)."""
    app()


def _parse_published(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _fail(f"--published: {value!r} is not a date; expected YYYY-MM-DD, e.g. 2024-03-14")


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
