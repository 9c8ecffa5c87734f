"""The command line: `saidwhat analyze FILE`, `eval GOLD_DIR`, `schema`, and the corpus
store: `ingest SOURCE...`, `query`, `find WORDS`, `people`, `export OUT`, `check`, `migrate`, `serve` (a web
reader).

Only argument handling and output live here, a module a group of commands (analyze.py,
ingest.py, store.py, find.py; options.py what they share); the work is `document.load_document`
and `core.analyze_document`, `ingest.run.ingest` and `store.reader.Corpus`. Every
`SaidwhatError` becomes one `error: …` line on stderr and exit code 2, as do a bad
option value and an unwritable output file.
"""

from __future__ import annotations

from typing import Annotated

import typer

from .._version import __version__
from . import analyze, find, ingest, store
from .help import Command, Group

app = typer.Typer(
    name="saidwhat",
    no_args_is_help=True,
    add_completion=False,
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"]},
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


# In this order in `saidwhat --help`.
for name, command in (
    ("analyze", analyze.analyze),
    ("eval", analyze.evaluate),
    ("schema", analyze.schema),
    ("ingest", ingest.ingest_command),
    ("query", store.query),
    ("find", find.find),
    ("people", store.people),
    ("export", store.export),
    ("check", store.check),
    ("migrate", store.migrate),
    ("serve", store.serve),
):
    app.command(name, cls=Command)(command)


def main() -> None:
    """Console-script entry point (`saidwhat`)."""
    app()
