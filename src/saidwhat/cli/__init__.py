"""The command line: `saidwhat analyze FILE`, `eval GOLD_DIR`, `schema`, and the corpus
store: `ingest SOURCE...`, `query`, `people`, `export OUT`, `check`, `migrate`, `serve` (a web
reader).

Only argument handling and output live here, a module a group of commands (analyze.py,
ingest.py, store.py; options.py what they share); the work is `document.load_document`
and `core.analyze_document`, `ingest.run.ingest` and `store.reader.Corpus`. Every
`SaidwhatError` becomes one `error: …` line on stderr and exit code 2, as do a bad
option value and an unwritable output file.
"""

from __future__ import annotations

from typing import Annotated

import typer

from .._version import __version__
from . import analyze, ingest, store

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


# In this order in `saidwhat --help`.
app.command()(analyze.analyze)
app.command("eval")(analyze.evaluate)
app.command()(analyze.schema)
app.command("ingest")(ingest.ingest_command)
app.command()(store.query)
app.command()(store.people)
app.command()(store.export)
app.command()(store.check)
app.command()(store.migrate)
app.command()(store.serve)


def main() -> None:
    """Console-script entry point (`saidwhat`)."""
    app()
