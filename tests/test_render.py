"""The human views, on hand-built articles: the table's content and the HTML's structure."""

from __future__ import annotations

import datetime as dt
import io
import re
from html.parser import HTMLParser

from rich.console import Console

from saidwhat.render import render_html, render_table
from saidwhat.render.table import truncate
from saidwhat.types import Addressee, Article, ArticleMeta, Cue, Person, Quote, QuoteType, Speaker

TEXT = (
    "Ferry fares vote delayed\n"
    "\n"
    "“We heard people loud and clear,” Okafor told reporters on Tuesday.\n"
    "Okafor said that the council wants “fair prices for families” before any vote.\n"
    "Officials said the report was late.\n"
    "“Nobody asked us,” one resident said.\n"
)


def span(needle: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def quote(
    qid: str,
    kind: QuoteType,
    content: str,
    speaker: Speaker | None,
    *,
    text: str = TEXT,
    cue: str | None = None,
    addressee: str | None = None,
    date: dt.date | None = None,
) -> Quote:
    start, end = span(content, text)
    cue_model = None
    if cue is not None:
        cue_start = text.index(cue, end) if cue in text[end:] else text.index(cue)
        cue_model = Cue(text=cue, lemma=cue, start=cue_start, end=cue_start + len(cue))
    addressee_model = None
    if addressee is not None:
        a_start, a_end = span(addressee, text)
        addressee_model = Addressee(name=addressee, mention=addressee, start=a_start, end=a_end)
    return Quote(
        id=qid,
        type=kind,
        text=content,
        start=start,
        end=end,
        speaker=speaker,
        cue=cue_model,
        addressee=addressee_model,
        date=date,
        date_text="on Tuesday" if date else None,
        date_source="text" if date else None,
        confidence=0.9,
    )


OKAFOR = Speaker(kind="person", person="p1", name="Margaret Okafor", mention="Okafor", start=0, end=0)
OFFICIALS = Speaker(kind="group", name="Officials", mention="Officials", start=0, end=0)


def make_article(text: str = TEXT, quotes: list[Quote] | None = None, **meta: object) -> Article:
    person = Person(
        id="p1",
        name="Margaret Okafor",
        titles=["chair"],
        affiliations=["harbour council"],
        mentions=[span("Okafor", text)] if "Okafor" in text else [],
    )
    if quotes is None:
        quotes = [
            quote(
                "q1",
                "direct",
                "We heard people loud and clear,",
                OKAFOR,
                cue="told",
                addressee="reporters",
                date=dt.date(2024, 3, 12),
            ),
            quote("q2", "indirect", "the council wants “fair prices for families” before any vote", OKAFOR),
            quote("q3", "mixed", "fair prices for families", OKAFOR, cue="said"),
            quote("q4", "indirect", "the report was late", OFFICIALS, cue="said"),
            quote("q5", "direct", "Nobody asked us,", None),
        ]
    return Article(
        article=ArticleMeta(text=text, **meta),  # type: ignore[arg-type]
        people=[person],
        quotes=quotes,
    )


def table_output(article: Article) -> str:
    buffer = io.StringIO()
    render_table(article, Console(file=buffer, width=140, no_color=True))
    return buffer.getvalue()


# --- table -------------------------------------------------------------------------------


def test_table_shows_speakers_quotes_cues_and_people() -> None:
    out = table_output(
        make_article(
            title="Ferry fares vote delayed", published=dt.date(2024, 3, 14), published_inferred=True
        )
    )
    assert "Ferry fares vote delayed" in out
    assert "published 2024-03-14 (inferred from the text)" in out
    assert "We heard people loud and clear," in out
    assert "told → reporters" in out
    assert "2024-03-12" in out
    assert "the report was late" in out
    assert "harbour council" in out and "chair" in out
    # the most quoted speaker first, the unattributed last
    assert out.index("Margaret Okafor") < out.index("Officials") < out.index("unattributed")


def test_table_prints_markup_like_text_literally() -> None:
    text = "He said “[bold]not bold[/bold] and [red]not red[/red]” today, and more words follow here."
    article = make_article(
        text, [quote("q1", "direct", "[bold]not bold[/bold] and [red]not red[/red]", OKAFOR, text=text)]
    )
    out = table_output(article)
    assert "[bold]not bold[/bold]" in out


def test_table_without_quotes() -> None:
    out = table_output(make_article(quotes=[]))
    assert "No statements found." in out
    assert "(untitled)" in out


def test_truncate() -> None:
    long = "word " * 100
    short = truncate(long)
    assert len(short) <= 160
    assert short.endswith("…")
    assert truncate("short text") == "short text"


# --- HTML --------------------------------------------------------------------------------


class _Checker(HTMLParser):
    """Well-formedness: every opened element (but void ones) closed, in order."""

    VOID = frozenset({"meta", "link", "br", "img", "hr", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.marks: list[dict[str, str | None]] = []
        self.errors: list[str] = []
        self.text_in_article: list[str] = []
        self.elements: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(tag)
        if tag == "mark":
            self.marks.append(dict(attrs))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "article" in self.stack and "p" in self.stack:
            self.text_in_article.append(data)


def parse(page: str) -> _Checker:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []
    return checker


def test_html_highlights_every_quote_with_speaker_colour_and_type() -> None:
    page = render_html(make_article(title="Ferry fares vote delayed"))
    checker = parse(page)
    article_marks = [m for m in checker.marks if m.get("data-quote")]
    assert {m["data-quote"] for m in article_marks} == {"q1", "q2", "q3", "q4", "q5"}
    by_id = {m["data-quote"]: m for m in article_marks}
    assert "q-direct" in (by_id["q1"]["class"] or "")
    assert "q-indirect" in (by_id["q2"]["class"] or "")
    assert "q-mixed" in (by_id["q3"]["class"] or "")
    colour = re.compile(r"\bc(\d+)\b")
    colours = {qid: colour.search(m["class"] or "").group(1) for qid, m in by_id.items()}  # type: ignore[union-attr]
    assert colours["q1"] == colours["q2"] == colours["q3"]
    assert colours["q4"] != colours["q1"]
    assert colours["q5"] not in (colours["q1"], colours["q4"])
    assert all(m["tabindex"] == "0" for m in article_marks)
    tooltip = by_id["q1"]["title"] or ""
    assert (
        "Margaret Okafor" in tooltip
        and "told" in tooltip
        and "reporters" in tooltip
        and "2024-03-12" in tooltip
    )
    # paragraphs preserved, text unchanged
    assert page.count("<p>") == TEXT.count("\n") - TEXT.count("\n\n")
    assert "".join(checker.text_in_article).replace("\n", "") == TEXT.replace("\n", "")
    # legend: speakers with their counts
    assert "Margaret Okafor (3)" in page and "Officials (1)" in page and "unattributed (1)" in page
    # standalone: no script, no external resources
    assert "<script" not in page and "<link" not in page and " src=" not in page and "url(" not in page


def test_html_nests_a_mixed_quote_inside_an_indirect_one() -> None:
    page = render_html(make_article())
    inner = re.search(r'<mark[^>]*data-quote="q2"[^>]*>the council wants “(<mark[^>]*data-quote="q3")', page)
    assert inner is not None
    parse(page)


def test_html_splits_crossing_quotes_and_stays_well_formed() -> None:
    text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma"
    quotes = [
        quote("q1", "indirect", "beta gamma delta epsilon", OKAFOR, text=text),
        quote("q2", "mixed", "delta epsilon zeta eta", OFFICIALS, text=text),
        quote("q3", "direct", "gamma delta", None, text=text),
        quote("q4", "direct", "zeta", OKAFOR, text=text),
    ]
    checker = parse(render_html(make_article(text, quotes)))
    pieces = [m["data-quote"] for m in checker.marks if m.get("data-quote")]
    # q2 starts inside q3 (itself inside q1) and outlives both: cut where q3 ends and where q1 ends
    assert pieces == ["q1", "q3", "q2", "q2", "q2", "q4"]
    assert "".join(checker.text_in_article) == text


def test_html_quote_across_paragraphs_is_split() -> None:
    text = "First para starts “here and\nit goes on” there.\n"
    quotes = [quote("q1", "direct", "here and\nit goes on", OKAFOR, text=text)]
    checker = parse(render_html(make_article(text, quotes)))
    assert [m["data-quote"] for m in checker.marks if m.get("data-quote")] == ["q1", "q1"]


def test_html_escapes_article_text_and_metadata() -> None:
    text = (
        "He wrote <script>alert(1)</script> and <img src=x onerror=alert(2)> in the post, "
        "said “<b>bold</b> & co” later."
    )
    quotes = [quote("q1", "direct", "<b>bold</b> & co", OKAFOR, text=text)]
    page = render_html(
        make_article(
            text, quotes, title="<script>alert(3)</script>", url="javascript:alert(4)", author="A & B"
        )
    )
    assert "<script>" not in page
    assert "<img" not in page
    assert "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in page
    assert 'href="javascript' not in page
    assert "A &amp; B" in page
    parse(page)


def test_html_links_http_urls_only() -> None:
    page = render_html(make_article(url="https://example.org/a?b=1&c=2"))
    assert '<a href="https://example.org/a?b=1&amp;c=2">' in page


def test_html_without_quotes() -> None:
    page = render_html(make_article(quotes=[]))
    assert "No statements found." in page
    parse(page)
