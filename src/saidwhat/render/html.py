"""The browser view: the article with every statement highlighted in its speaker's colour.

The markup is built from sorted boundary events into a tree of text and `<mark>`
nodes, so overlapping statements (an indirect quote holding a mixed one) nest,
and one that crosses another's end or a paragraph break is split into pieces:
the page is always well-formed. The Jinja2 template escapes every string.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache

import jinja2

from ..types import Article, Quote
from .common import UNATTRIBUTED, SpeakerGroup, article_details, date_label, group_quotes

# Okabe-Ito colours (distinguishable with colour-blindness) for the underlines, with
# light tints of them as backgrounds: dark text on any tint is above WCAG AA contrast.
PALETTE: tuple[tuple[str, str], ...] = (
    ("#0072B2", "#cde5f5"),
    ("#D55E00", "#fbdcc7"),
    ("#009E73", "#c8eee2"),
    ("#CC79A7", "#f5dbe9"),
    ("#E69F00", "#fcebc2"),
    ("#56B4E9", "#dcf0fb"),
    ("#8F7A00", "#f3edc0"),
    ("#6A3D9A", "#e5daf0"),
)
UNATTRIBUTED_COLOURS = ("#6b6b6b", "#e4e4e4")
_LINE = re.compile(r"[^\r\n]+")
_SAFE_URL = re.compile(r"https?://", re.I)


@dataclass(slots=True)
class Mark:
    """One highlighted piece of a statement; a statement split by an overlap has several."""

    quote: Quote
    colour: int
    tooltip: str
    children: list[Mark | str] = field(default_factory=list)
    first: bool = False  # the statement's first piece: where a link to it (#q-id) lands


@dataclass(frozen=True, slots=True)
class LegendEntry:
    name: str
    colour: int
    count: int
    key: str = ""  # the speaker group's key: "person:p1", "group:officials", "unattributed"


@dataclass(frozen=True, slots=True)
class ArticleView:
    """What a page of the article shows: the standalone page and `saidwhat serve` share it."""

    title: str | None
    details: list[tuple[str, str | None]]
    paragraphs: list[list[Mark | str]]
    legend: list[LegendEntry]


def render_html(article: Article) -> str:
    """A standalone page: inline CSS, no external resources, no script."""
    view = article_view(article)
    return _template().render(
        title=view.title,
        details=view.details,
        paragraphs=view.paragraphs,
        legend=view.legend,
        palette=[*PALETTE, UNATTRIBUTED_COLOURS],
    )


def article_view(article: Article) -> ArticleView:
    """The article's paragraphs as text and nested marks, coloured by speaker, with the legend."""
    groups = group_quotes(article)
    colours = _colours(groups)
    styles = {
        q.id: (colours[group.key], _tooltip(q, None if group.key == UNATTRIBUTED else group.name))
        for group in groups
        for q in group.quotes
    }
    text = article.article.text
    paragraphs = [
        _paragraph(text, match.start(), match.end(), article.quotes, styles)
        for match in _LINE.finditer(text)
        if not match.group().isspace()
    ]
    _mark_first_pieces(paragraphs)
    return ArticleView(
        title=article.article.title,
        details=_details(article),
        paragraphs=paragraphs,
        legend=[LegendEntry(g.name, colours[g.key], g.count, g.key) for g in groups],
    )


def _mark_first_pieces(paragraphs: list[list[Mark | str]]) -> None:
    seen: set[str] = set()

    def walk(nodes: list[Mark | str]) -> None:
        for node in nodes:
            if isinstance(node, Mark):
                node.first = node.quote.id not in seen
                seen.add(node.quote.id)
                walk(node.children)

    for paragraph in paragraphs:
        walk(paragraph)


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("saidwhat.render", "templates"),
        autoescape=True,  # the template is .html.j2, which select_autoescape would miss
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("article.html.j2")


def _colours(groups: list[SpeakerGroup]) -> dict[str, int]:
    """Palette index per speaker key, in legend order; the unattributed are grey (the last entry)."""
    colours: dict[str, int] = {}
    for group in groups:
        if group.key == UNATTRIBUTED:
            colours[group.key] = len(PALETTE)
        else:
            colours[group.key] = len(colours) % len(PALETTE)
    return colours


def _details(article: Article) -> list[tuple[str, str | None]]:
    """The line under the title as (text, link) pairs; only an http(s) URL becomes a link."""
    url = article.article.url
    return [
        (text, text if text == url and _SAFE_URL.match(text) else None)
        for text in article_details(article.article)
    ]


def _tooltip(quote: Quote, speaker: str | None) -> str:
    by = f"by {speaker}" if speaker else "with no speaker found"
    lines = [f"{quote.type} statement {by}"]
    if quote.cue is not None:
        lines.append(f"cue: {quote.cue.text}")
    if quote.addressee is not None:
        lines.append(f"to: {quote.addressee.name}")
    if quote.date is not None or quote.date_precision is not None:  # "2003-11" stays a month
        basis = f"“{quote.date_text}”" if quote.date_text else quote.date_source
        lines.append(f"date: {date_label(quote)}" + (f" ({basis})" if basis else ""))
    if quote.place:
        lines.append(f"place: {quote.place}")
    return "\n".join(lines)


def _paragraph(
    text: str,
    start: int,
    end: int,
    quotes: list[Quote],
    styles: dict[str, tuple[int, str]],
) -> list[Mark | str]:
    """The nodes of text[start:end]: walk the segments between boundaries, keeping a stack
    of open marks; where the statements covering a segment differ from the stack, close
    down to the common prefix and open the rest (outer, i.e. earlier and longer, first)."""
    inside = [q for q in quotes if q.start < min(q.end, end) and q.end > start]
    spans = sorted(
        ((max(q.start, start), min(q.end, end), q) for q in inside), key=lambda s: (s[0], -s[1], s[2].id)
    )
    cuts = sorted({start, end, *(s[0] for s in spans), *(s[1] for s in spans)})
    root: list[Mark | str] = []
    stack: list[Mark] = []
    for left, right in itertools.pairwise(cuts):
        active = [q for q_start, q_end, q in spans if q_start <= left and right <= q_end]
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep].quote is active[keep]:
            keep += 1
        del stack[keep:]
        for quote in active[keep:]:
            mark = Mark(quote, *styles[quote.id])
            (stack[-1].children if stack else root).append(mark)
            stack.append(mark)
        (stack[-1].children if stack else root).append(text[left:right])
    return root
