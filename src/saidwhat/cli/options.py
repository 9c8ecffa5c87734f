"""What the commands share: the store, size and statement-kind options, exit codes, dates, and one-line
errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, NoReturn, get_args

import typer

from ..isodate import parse_date
from ..types import StatementKind

EXIT_ERROR = 2
EXIT_SOME_FAILED = 1  # a batch that went on past files it could not analyse
DEFAULT_DB = Path("corpus.duckdb")


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
FullOption = Annotated[
    bool, typer.Option("--full", help="Tables: every statement's whole text, not cut short with '…'.")
]
DbOption = Annotated[
    Path,
    typer.Option(
        "--db",
        envvar="SAIDWHAT_DB",
        help="The corpus store: an embedded DuckDB file, created by ingest.",
        dir_okay=False,
    ),
]


def date_option(option: str, value: str | None) -> dt.date | None:
    """An option's date; a bad one (also an empty one) is an error naming the option."""
    if value is None:
        return None
    found = parse_date(value)
    if found is None:
        fail(f"{option}: {value!r} is not a date; expected YYYY-MM-DD, e.g. 2024-03-14")
    return found


def fail(message: str) -> NoReturn:
    """One line on stderr and exit code 2: a user error, not a crash."""
    typer.echo(f"error: {' '.join(message.split())}", err=True)
    raise typer.Exit(EXIT_ERROR)


StatementKindOption = Annotated[
    list[str] | None,
    typer.Option(
        "--statement-kind",
        metavar="KIND[,KIND]",
        help="Keep only the statements of these kinds: speech, writing, thought (attributed beliefs "
        "and stances: 'believes', 'endorsed', which PolNeAR counts but a reader of what was said may "
        "leave out). Comma-separated or repeated; default: every kind.",
        show_default=False,
    ),
]
STATEMENT_KINDS: tuple[StatementKind, ...] = get_args(StatementKind)


def statement_kinds(values: list[str] | None) -> frozenset[StatementKind] | None:
    """The kinds `--statement-kind` names ("speech,writing" or repeated), None for every kind;
    an unknown kind is an error (exit 2)."""
    if not values:
        return None
    kinds = frozenset(k.strip().lower() for value in values for k in value.split(",") if k.strip())
    unknown = sorted(kinds - set(STATEMENT_KINDS))
    if unknown or not kinds:
        named = ", ".join(unknown) or "nothing"
        fail(f"--statement-kind: {named} is not a kind; choose from {', '.join(STATEMENT_KINDS)}")
    return frozenset(kind for kind in STATEMENT_KINDS if kind in kinds)
