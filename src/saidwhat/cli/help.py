"""Help that reads cleanly: no Python type placeholders, no docstring line breaks.

Typer 0.29 prints every parameter's Python type ("<bool>", "<str>", "<list[str]>") unless it has
a metavar, and keeps a docstring's line breaks in rich markup; it has no setting for either, so
the app's command classes give each parameter without a metavar a Click-style one (none for a
flag, whose name says it all) and join each help paragraph into one line.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

from typer import _click  # Typer's own Click: the types of its help API
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

# Typer's type labels → the words Click's own help uses.
_WORDS = {"str": "TEXT", "int range": "INTEGER", "int": "INTEGER", "float range": "NUMBER", "float": "NUMBER"}


def unwrap(text: str | None) -> str | None:
    """Each paragraph of a docstring on one line; paragraphs stay apart."""
    if not text:
        return text
    return "\n\n".join(" ".join(part.split()) for part in inspect.cleandoc(text).split("\n\n"))


class _PlainArgument(TyperArgument):
    def display_type_rich(self, ctx: _click.Context) -> str | None:
        return None  # an argument's metavar (its name column) already says what it takes


def plain_metavars(params: list[Any], ctx: _click.Context) -> None:
    for param in params:
        if isinstance(param, TyperArgument):
            param.__class__ = _PlainArgument
        elif isinstance(param, TyperOption) and param.metavar is None:
            label = re.sub(r"^list\[(.*)\]$", r"\1", param.display_type(ctx).strip("<>"))
            if param.is_flag:
                param.metavar = ""
            else:  # a choice ("table|json") stays as its values are typed
                param.metavar = _WORDS.get(label, label if "|" in label else label.upper())


class _PlainHelp:
    """What Command and Group share: the help paragraphs unwrapped, the parameters' metavars plain."""

    help: str | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = unwrap(self.help)

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        plain_metavars(self.get_params(ctx), ctx)  # type: ignore[attr-defined]
        super().format_help(ctx, formatter)  # type: ignore[misc]


class Command(_PlainHelp, TyperCommand):
    pass


class Group(_PlainHelp, TyperGroup):
    pass
