"""Help that reads cleanly: `-h` as well as `--help`, no Python type placeholders, and no
docstring line breaks in the middle of a sentence."""

from __future__ import annotations

import re

import pytest
import typer
from typer.testing import CliRunner

from saidwhat.cli import app

COMMANDS = ["analyze", "eval", "schema", "ingest", "query", "people", "export", "check", "serve"]
PLACEHOLDER = re.compile(r"<(?:bool|str|int|float|path|file|list\[[^\]]*\]|[a-z ]+ range)>")


@pytest.mark.parametrize("args", [[], *([name] for name in COMMANDS)])
def test_dash_h_is_help_without_type_placeholders(args: list[str]) -> None:
    result = CliRunner().invoke(app, [*args, "-h"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and "Show this message and exit." in result.output
    assert PLACEHOLDER.findall(result.output) == []


def test_help_paragraphs_are_one_line_each() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    for name in COMMANDS:
        command = group.commands[name]
        paragraphs = (command.help or "").split("\n\n")
        assert all("\n" not in paragraph for paragraph in paragraphs), (name, command.help)


def test_eval_summary_reads_as_one_sentence() -> None:
    result = CliRunner().invoke(app, ["-h"], env={"COLUMNS": "200"})
    line = next(line for line in result.output.splitlines() if " eval " in line)
    assert "source and cue (exact and overlap matches)" in line
