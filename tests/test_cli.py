"""The command line through typer's runner: help, schema, refusals as one line, the three formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

import saidwhat
from saidwhat.cli import app

ARTICLE = (
    "Harbour council delays vote on ferry fares\n"
    "\n"
    "The harbour council on Wednesday postponed a vote on higher ferry fares after residents "
    "packed a public hearing.\n"
    "\n"
    "“We heard people loud and clear,” council chair Margaret Okafor told reporters. "
    "“Nobody here wants to price families off the island.”\r\n"
    "\r\n"
    "She said the vote would now take place within two weeks, once the council had studied a new report.\n"
)


@pytest.fixture(scope="session")
def runner(nlp: Language) -> CliRunner:
    """Depends on `nlp` (conftest) so the model is loaded once, before the first command."""
    return CliRunner()


@pytest.fixture
def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def assert_one_line_error(result: object, *needles: str) -> None:
    exit_code = result.exit_code  # type: ignore[attr-defined]
    stderr: str = result.stderr  # type: ignore[attr-defined]
    assert exit_code == 2, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in stderr
    for needle in needles:
        assert needle in lines[0]


def test_help(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "analyze" in result.output and "schema" in result.output
    result = runner.invoke(app, ["analyze", "--help"])
    assert result.exit_code == 0
    for option in ("--format", "--published", "--title", "--url", "--output"):
        assert option in result.output


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"saidwhat {saidwhat.__version__}"


def test_schema(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema == saidwhat.Article.model_json_schema()
    assert "quotes" in schema["properties"]
    kind = schema["$defs"]["Quote"]["properties"]["kind"]  # optional: older JSON still validates
    assert {"enum": ["speech", "writing", "thought"], "type": "string"} in kind["anyOf"]
    assert "kind" not in schema["$defs"]["Quote"].get("required", [])


def test_empty_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert_one_line_error(runner.invoke(app, ["analyze", str(path)]), str(path), "empty")


def test_binary_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    assert_one_line_error(runner.invoke(app, ["analyze", str(path)]), "binary file (PDF)")


def test_missing_path(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "missing.txt"
    assert_one_line_error(runner.invoke(app, ["analyze", str(path)]), str(path), "no such file")


def test_directory(runner: CliRunner, tmp_path: Path) -> None:
    assert_one_line_error(runner.invoke(app, ["analyze", str(tmp_path)]), "is a directory")


@pytest.mark.parametrize("value", ["2024-13-01", "yesterday", "14/03/2024"])
def test_bad_published(runner: CliRunner, article_file: Path, value: str) -> None:
    result = runner.invoke(app, ["analyze", str(article_file), "--published", value])
    assert_one_line_error(result, "--published", value, "YYYY-MM-DD")


def test_non_english_stdin(runner: CliRunner) -> None:
    german = "Der Stadtrat hat am Mittwoch die Abstimmung über die neuen Fährpreise verschoben. " * 5
    result = runner.invoke(app, ["analyze", "-"], input=german.encode("utf-8"))
    assert_one_line_error(result, "<stdin>", "English")


def test_analyze_json(runner: CliRunner, article_file: Path) -> None:
    result = runner.invoke(
        app, ["analyze", str(article_file), "--format", "json", "--published", "2024-03-14", "--title", "T"]
    )
    assert result.exit_code == 0, result.stderr
    article = saidwhat.Article.model_validate_json(result.stdout)
    assert article.article.text == ARTICLE
    assert article.article.title == "T"
    assert article.article.published is not None and article.article.published.isoformat() == "2024-03-14"


def test_analyze_with_the_tagger_keeps_every_rule_statement(runner: CliRunner, article_file: Path) -> None:
    from saidwhat.tagger import weights_installed

    if not weights_installed():
        pytest.skip("no trained weights")
    rules, tagged = (
        saidwhat.Article.model_validate_json(
            runner.invoke(app, ["analyze", str(article_file), "--format", "json", *flag]).stdout
        )
        for flag in ([], ["--tagger"])
    )
    assert rules.quotes
    for quote in rules.quotes:
        assert any(q.start < quote.end and quote.start < q.end for q in tagged.quotes), quote.text


def test_analyze_defaults_to_json_off_a_terminal(runner: CliRunner, article_file: Path) -> None:
    result = runner.invoke(app, ["analyze", str(article_file)])
    assert result.exit_code == 0, result.stderr
    saidwhat.Article.model_validate_json(result.stdout)


def test_analyze_stdin(runner: CliRunner) -> None:
    result = runner.invoke(app, ["analyze", "-", "-f", "json"], input=ARTICLE.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    assert saidwhat.Article.model_validate_json(result.stdout).article.text == ARTICLE


def test_analyze_table(runner: CliRunner, article_file: Path) -> None:
    result = runner.invoke(app, ["analyze", str(article_file), "--format", "table", "--title", "Ferry vote"])
    assert result.exit_code == 0, result.stderr
    assert "Ferry vote" in result.stdout


def test_analyze_html_to_file(runner: CliRunner, article_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    result = runner.invoke(app, ["analyze", str(article_file), "--output", str(out)])
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert "Nobody here wants to price families off the island." in page


def test_analyze_html_stdout(runner: CliRunner, article_file: Path) -> None:
    result = runner.invoke(app, ["analyze", str(article_file), "--format", "html"])
    assert result.exit_code == 0, result.stderr
    assert "</html>" in result.stdout


def test_unwritable_output(runner: CliRunner, article_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "no-such-dir" / "out.json"
    assert_one_line_error(runner.invoke(app, ["analyze", str(article_file), "-o", str(out)]), "cannot write")


def test_text_longer_than_the_parser_allows_is_one_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("The mayor said the bridge would reopen. " * 30_000, encoding="utf-8")
    assert_one_line_error(runner.invoke(app, ["analyze", str(path)]), str(path), "characters of text")
