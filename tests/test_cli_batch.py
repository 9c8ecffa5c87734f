"""`saidwhat analyze` on several files: one JSON file each in a folder, the failures as items of
a summary, the stream formats (jsonl, csv), and untruncated tables with --full."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

import saidwhat
from saidwhat.cli import app
from saidwhat.render.rows import QUOTE_COLUMNS

PAGE = """<!doctype html><html><head><title>Quarry plan withdrawn</title>
<meta property="article:published_time" content="2025-06-04"></head><body><article>
<h1>Quarry plan withdrawn</h1>
<p>The company behind a disputed quarry on Kell Moor has withdrawn its plan, the county
planning office said on Tuesday.</p>
<p>“We listened to the village and we looked again at the figures,” managing director Priya Nandakumar
told the Moor Gazette. She said the firm would look for another site further north.</p>
</article></body></html>"""
TEXT = "Bus lane opens\n\n“It will cut ten minutes from every trip,” transport officer Jonas Weber said.\n"
LONG = (
    "The new timetable adds an early train at five, a late train at midnight, a second platform for the "
    "coast line, longer trains on market days and a quiet carriage on every service to the city"
)


@pytest.fixture(scope="session")
def runner(nlp: Language) -> CliRunner:
    return CliRunner()


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    page, text, binary = folder / "quarry.html", folder / "bus.txt", folder / "x.txt"
    page.write_text(PAGE, encoding="utf-8")
    text.write_text(TEXT, encoding="utf-8")
    binary.write_bytes(b"\x00\x01binary")
    return [page, binary, text]


def test_output_dir_gets_one_json_file_a_path_and_failures_are_items(
    runner: CliRunner, files: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", *map(str, files), "--output-dir", str(out)])
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in out.iterdir()) == ["bus.json", "quarry.json"]
    quarry = saidwhat.Article.model_validate_json((out / "quarry.json").read_text(encoding="utf-8"))
    assert quarry.article.title == "Quarry plan withdrawn"
    assert {q.speaker.name for q in quarry.quotes if q.speaker} >= {"Priya Nandakumar"}
    assert "Analysed 2 of 3 files" in result.stderr and "failed 1" in result.stderr
    assert [line for line in result.stderr.splitlines() if "failed:" in line] == [
        f"  failed: {files[1]}: binary file (contains NUL bytes), expected plain text or HTML"
    ]


def test_all_good_is_exit_0_and_names_taken_twice_stay_apart(runner: CliRunner, tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    paths = [str(tmp_path / "a" / "story.txt"), str(tmp_path / "b" / "story.txt")]
    result = runner.invoke(app, ["analyze", *paths, "-d", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["story-2.json", "story.json"]


def test_jsonl_is_one_article_a_line(runner: CliRunner, files: list[Path]) -> None:
    result = runner.invoke(app, ["analyze", str(files[0]), str(files[2]), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [saidwhat.Article.model_validate_json(line).article.title for line in lines] == [
        "Quarry plan withdrawn",
        "Bus lane opens",
    ]


def test_csv_is_one_row_a_statement_under_one_header(runner: CliRunner, files: list[Path]) -> None:
    result = runner.invoke(app, ["analyze", str(files[0]), str(files[2]), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == QUOTE_COLUMNS
    assert {row["path"] for row in rows} == {str(files[0]), str(files[2])}
    weber = next(row for row in rows if row["speaker_name"] == "Jonas Weber")
    assert weber["text"] == "It will cut ten minutes from every trip" and weber["cue_lemma"] == "say"


def test_several_paths_to_one_json_document_is_refused(runner: CliRunner, files: list[Path]) -> None:
    result = runner.invoke(app, ["analyze", str(files[0]), str(files[2]), "--format", "json"])
    assert result.exit_code == 2 and "--output-dir" in result.stderr


def _text_column(table: str) -> str:
    """The words of the last column of the statements table, its wrapped lines joined."""
    statements = table.split("\nPeople")[0]
    cells = [line.split("│")[-2].strip() for line in statements.splitlines() if line.count("│") >= 3]
    return " ".join(cell for cell in cells if cell)


def test_full_tables_keep_the_whole_text(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(f"Timetable\n\n“{LONG},” rail manager Ola Berg said.\n", encoding="utf-8")
    texts = []
    for flags in ([], ["--full"]):
        out = tmp_path / "table.txt"
        result = runner.invoke(app, ["analyze", str(path), "-f", "table", *flags, "-o", str(out)])
        assert result.exit_code == 0, result.output
        texts.append(_text_column(out.read_text(encoding="utf-8")))
    cut, full = texts
    assert cut.endswith("…") and len(cut) < len(LONG)
    assert full == LONG
