"""`saidwhat analyze` (one article → statements), `eval` (scores against gold) and `schema`."""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from .. import core
from ..document import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, load_document, read_input
from ..errors import SaidwhatError
from ..render import render_html, render_table
from ..types import Article
from .options import MaxBytesOption, MaxCharsOption, date_option, fail

TABLE_FILE_WIDTH = 120

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
    published_date = date_option("--published", published)
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
        fail(str(exc))
    _emit(article, chosen, output)


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
    from ..eval import render_report, run_eval  # the scorer loads a second model: only when asked
    from ..tagger import MODEL_DIR, weights_installed

    if gold_format != "polnear":
        fail(f"--format: {gold_format!r} is not a supported gold format; expected 'polnear'")
    if tagger and not weights_installed():
        typer.echo(f"note: no tagger weights in {MODEL_DIR}: scoring the rules alone", err=True)
        tagger = False
    try:
        report = run_eval(gold_dir, limit=limit, compare=compare or [], tagger=tagger)
    except SaidwhatError as exc:
        fail(str(exc))
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
    else:
        render_report(report, Console())


def schema() -> None:
    """Print the JSON Schema of `analyze --format json` output."""
    typer.echo(json.dumps(Article.model_json_schema(), indent=2, ensure_ascii=False))


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
        fail(f"{output}: cannot write ({exc.strerror or exc})")


def _render_text(article: Article, output_format: OutputFormat) -> str:
    return render_html(article) if output_format is OutputFormat.html else article.model_dump_json(indent=2)
