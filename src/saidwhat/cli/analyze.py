"""`saidwhat analyze` (one article → statements), `eval` (scores against gold) and `schema`."""

from __future__ import annotations

import contextlib
import enum
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console

from ..document import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, load_document, read_input
from ..errors import SaidwhatError
from ..render import render_table
from ..types import Article
from .batch import STREAMS, analyze_files, render
from .options import (
    FullOption,
    MaxBytesOption,
    MaxCharsOption,
    StatementKindOption,
    date_option,
    fail,
    statement_kinds,
)

TaggerOption = Annotated[
    bool,
    typer.Option(
        help="Add the trained attribution tagger's attributions where the rules found none: "
        "PolNeAR's broader reading (acts, intentions, beliefs), right about one time in three for a "
        "reader of other news (docs/accuracy.md); its weights are for research use (see the README).",
    ),
]


class OutputFormat(enum.StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    table = "table"
    html = "html"


def analyze(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Articles as plain text (any encoding) or HTML pages; '-' reads standard input. "
            "Several: each is analysed and written on its own, and one that fails is reported while "
            "the rest go on.",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="json: the documented schema (see `saidwhat schema`); jsonl: that on one line; csv: one "
            "row a statement; table: for reading in a terminal; html: a page with every statement "
            "highlighted. Default: table on a terminal, else json (jsonl for several PATHs); with "
            "--output, html for a .html/.htm file, else json.",
            show_default=False,
        ),
    ] = None,
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir",
            "-d",
            metavar="DIR",
            help="Write one file a PATH into DIR, named after it (DIR/A.json for A.html), created if "
            "need be; with a progress bar and a summary. Exit code 1 if any PATH failed.",
            file_okay=False,
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
    full: FullOption = False,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    max_chars: MaxCharsOption = DEFAULT_MAX_CHARS,
    tagger: TaggerOption = False,
    statement_kind: StatementKindOption = None,
) -> None:
    """Analyse articles: their statements, speakers, addressees and dates.

    One PATH that cannot be analysed is an error (exit code 2). With several PATHs or
    --output-dir, each file that fails is one item of the summary on standard error and the
    rest go on; the exit code is then 1.
    """
    published_date = date_option("--published", published)
    kinds = statement_kinds(statement_kind)
    several = len(paths) > 1
    if output is not None and output_dir is not None:
        fail("--output and --output-dir: give one, a file or a folder")
    if several and (title is not None or url is not None):
        fail("--title and --url name one article: give them with one PATH")
    chosen = output_format or _default_format(output, stream=several and output_dir is None)
    if several and output_dir is None and chosen not in STREAMS:
        fail(f"--format {chosen}: one document an article; for several PATHs give --output-dir DIR")

    from .. import core  # spaCy: imported by the commands that analyse, not by every command

    def analyse(path: str) -> Article:
        document = load_document(
            read_input(path, max_bytes=max_bytes),
            name="<stdin>" if path == "-" else path,
            published=published_date,
            title=title,
            url=url,
            max_bytes=max_bytes,
            max_chars=max_chars,
        )
        article = core.analyze_document(document, core.load_pipeline(tagger=tagger))
        return article if kinds is None else keep_kinds(article, kinds)

    if several or output_dir is not None:
        try:
            if output_dir is not None:
                output_dir.mkdir(parents=True, exist_ok=True)
            with _opened(output) as stream:
                analyze_files(
                    paths, analyse, output_format=chosen, output_dir=output_dir, stream=stream, full=full
                )
        except OSError as exc:
            fail(f"{output_dir or output}: cannot write ({exc.strerror or exc})")
        return
    try:
        article = analyse(paths[0])
    except SaidwhatError as exc:
        fail(str(exc))
    if output is None and chosen is OutputFormat.table:
        render_table(article, Console(), full=full)
        return
    text = render(article, chosen, paths[0], full=full)
    try:
        with _opened(output) as stream:
            (stream or sys.stdout).write(text)
    except OSError as exc:
        fail(f"{output}: cannot write ({exc.strerror or exc})")


def keep_kinds(article: Article, kinds: frozenset[str]) -> Article:
    """The article with only the statements of `kinds`; a statement nested in one left out
    takes that one's parent (so every `parent` names a statement that is there)."""
    parents = {q.id: q.parent for q in article.quotes}
    kept = [q for q in article.quotes if q.kind in kinds]
    ids = {q.id for q in kept}

    def kept_parent(parent: str | None) -> str | None:
        while parent is not None and parent not in ids:
            parent = parents.get(parent)
        return parent

    quotes = [q.model_copy(update={"parent": kept_parent(q.parent)}) for q in kept]
    return article.model_copy(update={"quotes": quotes})


@contextlib.contextmanager
def _opened(output: Path | None) -> Iterator[TextIO | None]:
    """The file to write to, or None for standard output."""
    if output is None:
        yield None
        return
    with output.open("w", encoding="utf-8") as handle:
        yield handle


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


def _default_format(output: Path | None, *, stream: bool) -> OutputFormat:
    """`stream`: several articles to one output."""
    if output is not None:
        return OutputFormat.html if output.suffix.lower() in (".html", ".htm") else OutputFormat.json
    if sys.stdout.isatty():
        return OutputFormat.table
    return OutputFormat.jsonl if stream else OutputFormat.json
