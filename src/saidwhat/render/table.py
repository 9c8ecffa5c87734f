"""The terminal view: who said what, one table per speaker, then the people of the article."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..types import Article, Quote
from .common import UNATTRIBUTED, SpeakerGroup, article_details, date_label, group_quotes

MAX_QUOTE_CHARS = 160


def render_table(article: Article, console: Console, *, full: bool = False) -> None:
    """Print the article's statements grouped by speaker, most quoted first; each text cut at
    `MAX_QUOTE_CHARS` unless `full`.

    Every string from the article goes in as `Text`, never as markup, so a
    quote containing "[bold]" prints as written.
    """
    console.print(Text(article.article.title or "(untitled)", style="bold"))
    details = article_details(article.article)
    if details:
        console.print(Text(" · ".join(details), style="dim"))
    groups = group_quotes(article)
    if not groups:
        console.print(Text("No statements found.", style="italic"))
    for group in groups:
        console.print()
        console.print(_quotes_table(group, full=full))
    if article.people:
        console.print()
        console.print(_people_table(article))


def _quotes_table(group: SpeakerGroup, *, full: bool) -> Table:
    label = group.name if group.kind in ("person", UNATTRIBUTED) else f"{group.name} ({group.kind})"
    count = group.count
    in_title = len(group.quotes) - count
    also = f" (+{in_title} in the title)" if in_title else ""
    table = Table(
        title=Text(f"{label} — {count} statement{'s' if count != 1 else ''}{also}", style="bold"),
        title_justify="left",
        expand=True,
    )
    table.add_column("type", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("cue", max_width=30)
    table.add_column("text", ratio=1)
    for quote in group.quotes:
        table.add_row(
            Text(f"{quote.type}, title" if quote.in_title else quote.type),
            Text(date_label(quote)),
            Text(_cue(quote)),
            Text(truncate(quote.text, None if full else MAX_QUOTE_CHARS)),
        )
    return table


def _cue(quote: Quote) -> str:
    cue = quote.cue.text if quote.cue else ""
    if quote.addressee is not None:
        cue = f"{cue} → {quote.addressee.name}".strip()
    return cue


def truncate(text: str, limit: int | None = MAX_QUOTE_CHARS) -> str:
    """At most `limit` characters (None: all), cut at a word boundary where one is near, ending in '…'."""
    text = " ".join(text.split())
    if limit is None or len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.75:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def _people_table(article: Article) -> Table:
    table = Table(title=Text("People", style="bold"), title_justify="left")
    table.add_column("name")
    table.add_column("titles")
    table.add_column("affiliations")
    table.add_column("mentions", justify="right")
    for person in (p for p in article.people if p.named):  # the unnamed "I" / "you" have no name to show
        table.add_row(
            Text(person.name),
            Text(", ".join(person.titles)),
            Text(", ".join(person.affiliations)),
            Text(str(len(person.mentions))),
        )
    return table
