"""`saidwhat analyze` on several files: one output file each in a folder (or one stream), a
progress bar, and a summary in which each file that failed is one item with its reason."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.text import Text

from ..errors import SaidwhatError
from ..render import render_html, render_table
from ..render.rows import csv_text, quote_rows
from ..types import Article
from .options import EXIT_SOME_FAILED

TABLE_FILE_WIDTH = 120
SUFFIXES = {"json": ".json", "jsonl": ".jsonl", "csv": ".csv", "html": ".html", "table": ".txt"}
STREAMS = ("jsonl", "csv", "table")  # the formats several articles can share one output in


def render(article: Article, output_format: str, path: str, *, full: bool, header: bool = True) -> str:
    """The article in a text format (not `table` on a terminal, which Rich prints itself)."""
    if output_format == "json":
        return article.model_dump_json(indent=2) + "\n"
    if output_format == "jsonl":
        return article.model_dump_json() + "\n"
    if output_format == "csv":
        return csv_text(quote_rows(article, path), header=header)
    if output_format == "html":
        return render_html(article) + "\n"
    buffer = io.StringIO()
    render_table(article, Console(file=buffer, width=TABLE_FILE_WIDTH, no_color=True), full=full)
    return buffer.getvalue()


def output_names(paths: Sequence[str], suffix: str) -> list[str]:
    """DIR/A.json for A: each input's name without its suffix; a name taken twice gets -2, -3."""
    names: list[str] = []
    taken: set[str] = set()
    for path in paths:
        stem = "stdin" if path == "-" else Path(path).name.removesuffix(".gz")
        stem = Path(stem).stem or stem
        name, n = stem + suffix, 1
        while name.lower() in taken:
            n += 1
            name = f"{stem}-{n}{suffix}"
        taken.add(name.lower())
        names.append(name)
    return names


def analyze_files(
    paths: Sequence[str],
    analyse: Callable[[str], Article],
    *,
    output_format: str,
    output_dir: Path | None,
    stream: TextIO | None,
    full: bool,
) -> None:
    """Analyse every path, writing each result as it comes; a file that cannot be read, analysed
    or written is one failure and the rest go on. Exit code 1 when any failed."""
    err = Console(stderr=True)
    names = output_names(paths, SUFFIXES[output_format])
    failures: list[str] = []
    statements = written = 0
    columns = (TextColumn("[bold]analyze"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, TextColumn("{task.fields[name]}"), console=err, transient=True) as bar:
        task = bar.add_task("analyze", total=len(paths), name="")
        for path, name in zip(paths, names, strict=True):
            bar.update(task, name=Text(path))
            try:
                article = analyse(path)
                header = output_dir is not None or written == 0  # one header a file
                text = render(article, output_format, path, full=full, header=header)
                if output_dir is not None:
                    (output_dir / name).write_text(text, encoding="utf-8")
                else:
                    (stream or sys.stdout).write(text)
            except SaidwhatError as exc:  # its message names the file
                failures.append(" ".join(str(exc).split()))
            except OSError as exc:
                target = output_dir / name if output_dir is not None else "the output"
                failures.append(f"{path}: cannot write {target} ({exc.strerror or exc})")
            else:
                written += 1
                statements += len(article.quotes)
            bar.advance(task)
    where = f" into {output_dir}" if output_dir is not None else ""
    err.print(
        f"Analysed {written:,} of {len(paths):,} files{where} ({statements:,} "
        f"statement{'s' if statements != 1 else ''}); failed {len(failures):,}.",
        highlight=False,
        soft_wrap=True,
    )
    for reason in failures:
        err.print(Text(f"  failed: {reason}"), soft_wrap=True)
    if failures:
        raise typer.Exit(EXIT_SOME_FAILED)
