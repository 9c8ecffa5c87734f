"""Terminal listings of a corpus store's results: search hits, speakers, and an ingest run's summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..store.records import CorpusStats, FoundStatement, SpeakerSummary, StoredQuote
from .common import date_label, day_label

if TYPE_CHECKING:  # only a type here: `saidwhat query` needs no ingest machinery
    from ..ingest.run import IngestSummary

MAX_QUOTE_CHARS = 200
MAX_ARTICLE_CHARS = 32
MAX_NAME_CHARS = 22
MIN_TEXT_WIDTH = 30
MIB = 2**20


def render_hits(hits: list[StoredQuote], console: Console, *, full: bool = False) -> None:
    """One row a statement, its text cut at `MAX_QUOTE_CHARS` unless `full`; strings go in as
    `Text`, so markup in a quote prints as written."""
    if not hits:
        console.print(Text("No statements found.", style="italic"))
        return
    scored = hits[0].score is not None
    table = Table(expand=True)
    table.add_column("date", no_wrap=True)
    table.add_column("speaker", max_width=MAX_NAME_CHARS)
    table.add_column("type", no_wrap=True)
    table.add_column("text", ratio=1, min_width=MIN_TEXT_WIDTH)
    table.add_column("article", ratio=1, max_width=MAX_ARTICLE_CHARS, no_wrap=True, overflow="ellipsis")
    if scored:
        table.add_column("score", justify="right", no_wrap=True)
    for hit in hits:
        quote = hit.quote
        speaker = hit.person or (quote.speaker.name if quote.speaker else "")
        row = [
            Text(date_label(quote)),
            Text(speaker),
            Text(quote.type),
            Text(_shorten(quote.text, None if full else MAX_QUOTE_CHARS)),
            Text(hit.title or _tail(hit.url or hit.origin, MAX_ARTICLE_CHARS)),
        ]
        if scored:
            row.append(Text(f"{hit.score:.2f}"))
        table.add_row(*row)
    console.print(table)


def render_people(people: list[SpeakerSummary], console: Console) -> None:
    if not people:
        console.print(Text("No speakers in the store.", style="italic"))
        return
    table = Table(expand=True)
    for column in ("#", "name", "quotes", "articles", "first", "last"):
        table.add_column(
            column, justify="right" if column in ("#", "quotes", "articles") else "left", no_wrap=True
        )
    table.add_column("also named", ratio=1, min_width=MIN_TEXT_WIDTH // 2)
    for rank, person in enumerate(people, start=1):
        others = [name for name in person.names if name != person.name]
        others += [f"the {held.role} ({held.statements})" for held in person.roles]
        table.add_row(
            str(rank),
            Text(person.name),
            str(person.quotes),
            str(person.articles),
            day_label(person.first, person.first_precision),
            day_label(person.last, person.last_precision),
            Text(", ".join(others)),
        )
    console.print(table)


def render_found(found: list[FoundStatement], console: Console) -> None:
    """`saidwhat find`: one row a group, how it matched, where it was first seen and how often."""
    if not found:
        console.print(Text("No statement carries these words.", style="italic"))
        return
    table = Table(expand=True)
    table.add_column("match", no_wrap=True)
    table.add_column("speaker", max_width=MAX_NAME_CHARS)
    table.add_column("text", ratio=1, min_width=MIN_TEXT_WIDTH)
    table.add_column("articles", justify="right", no_wrap=True)
    table.add_column("first seen", no_wrap=True)
    table.add_column("where", ratio=1, max_width=MAX_ARTICLE_CHARS, no_wrap=True, overflow="ellipsis")
    for row in found:
        first = row.provenance.first_seen
        table.add_row(
            row.match,
            Text(row.speaker or ""),
            Text(_shorten(row.text, MAX_QUOTE_CHARS)),
            str(row.provenance.occurrences),
            first.published.isoformat() if first.published else "undated",
            Text(first.url or first.article_hash[:12]),
        )
    console.print(table)


def render_summary(summary: IngestSummary, stats: CorpusStats, db: str, console: Console) -> None:
    """What the run did, why items failed, and what the store now holds."""
    rate = f"{summary.docs_per_second:.1f} docs/s"
    console.print(
        f"{'Interrupted' if summary.interrupted else 'Done'}: ingested {summary.ingested:,} articles "
        f"({summary.quotes:,} statements) at {rate}; skipped {summary.skipped:,} already in the store, "
        f"{summary.duplicates:,} duplicates; failed {summary.failed:,}.",
        highlight=False,
    )
    for reason, count in summary.reasons.most_common():
        console.print(Text(f"  {count:>6,}  {reason}"))
    for origin, reason in summary.failures:
        console.print(Text(f"  failed: {_tail(origin, 60)}: {_shorten(reason, 100)}"))
    if summary.failed > len(summary.failures):
        console.print(f"  … and {summary.failed - len(summary.failures):,} more in the store's ingest_log.")
    if summary.peak_rss:
        peak, workers = max(summary.peak_rss.values()) / MIB, len(summary.peak_rss)
        console.print(
            f"Peak memory per worker: {peak:,.0f} MiB ({workers} worker{'s' if workers > 1 else ''})."
        )
    console.print(
        Text(
            f"{db}: {stats.articles:,} articles, {stats.quotes:,} statements, {stats.people:,} people, "
            f"{stats.runs:,} run{'s' if stats.runs != 1 else ''}."
        )
    )
    if summary.interrupted:
        console.print("Run the same command again to resume; nothing is lost or duplicated.")


def _tail(text: str, limit: int) -> str:
    """The end of a path or URL, which tells articles apart better than its start."""
    return text if len(text) <= limit else "…" + text[-(limit - 1) :]


def _shorten(text: str, limit: int | None) -> str:
    text = " ".join(text.split())
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"
