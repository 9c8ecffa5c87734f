"""`saidwhat find "WORDS"`: who said this, and where did it first appear?"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console

from ..errors import SaidwhatError
from ..render.listings import render_found
from ..store.reader import DEFAULT_LIMIT, Corpus
from .options import DEFAULT_DB, DbOption, fail
from .store import ReportFormat


def find(
    text: Annotated[
        str, typer.Argument(metavar="WORDS", help="Words of the statement, quoted.", show_default=False)
    ],
    db: DbOption = DEFAULT_DB,
    speaker: Annotated[
        str | None, typer.Option(help="Only this speaker's statements, under any of their names.")
    ] = None,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option("--format", "-f", help="Default: table on a terminal, else json.", show_default=False),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many groups.")] = DEFAULT_LIMIT,
) -> None:
    """The statements that carry these words, one row per group of repeats across articles:
    exact and near-exact matches first, then by where they were first seen (earliest first)."""
    try:
        with Corpus(db) as corpus:
            found = corpus.find(text, speaker=speaker, limit=limit)
    except SaidwhatError as exc:
        fail(str(exc))
    chosen = output_format or (ReportFormat.table if sys.stdout.isatty() else ReportFormat.json)
    if chosen is ReportFormat.table:
        render_found(found, Console())
    else:
        typer.echo(json.dumps([row.model_dump(mode="json") for row in found], indent=2, ensure_ascii=False))
