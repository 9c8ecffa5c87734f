"""When: the publication date inferred from the text, and the date of each statement.

A statement is dated by a time expression of its own clause, then of its sentence, then of
its paragraph before it, then by the publication date (`StatementDate.source` says which).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..types import DateSource, TimeExpression
from .context import DocContext
from .times import FoundTime, find_times


@dataclass(frozen=True, slots=True)
class StatementDate:
    """When a statement was made, the words it was read from, and how it was found."""

    date: dt.date | None
    text: str | None
    source: DateSource | None


def infer_published(ctx: DocContext) -> dt.date | None:
    """Guess the publication date from the text alone, or None without an absolute date.

    The latest full calendar date that is not in the future tense ("on December 7, 2021"
    in a caption or the body) is a lower bound: a story appears on or after what it reports.
    News ledes name the day of the news ("on Wednesday, the mayor said"), so a past or
    present weekday in the lede that falls 0-6 days after the bound gives the day itself.
    """
    found = find_times(ctx, None)
    bounds = [f.value for f in found if f.full and f.value is not None and not f.future]
    if not bounds:
        return None
    bound = max(bounds)
    lead = _lead_paragraph(ctx.text, found)
    if lead is not None:
        for f in found:
            relative = re.match(r"(?i)(?:next|last|past|by)\b", f.text)
            if lead[0] <= f.start < lead[1] and f.weekday is not None and not f.future and not relative:
                return bound + dt.timedelta(days=(f.weekday - bound.weekday()) % 7)
    return bound


def statement_date(
    ctx: DocContext,
    *,
    cue: Token | None,
    content: tuple[int, int],
    times: list[TimeExpression],
    published: dt.date | None,
) -> StatementDate:
    """Date a statement: its own clause, then its sentence, its paragraph, then publication.

    Dates inside quoted speech (the content, or any quotation) never date the statement:
    "We hope by Friday ..." is about Friday, said today. Nor do durations ("within a week"
    is a deadline) or dates after publication: a report cannot precede what it reports.
    """
    doc, text = ctx.doc, ctx.text
    quoted = [(q.outer_start, q.outer_end) for q in ctx.quotes.quotes]
    usable = [
        t
        for t in times
        if t.value is not None
        and t.kind != "duration"
        and not _in_content(t, content, cue, text)
        and not any(q0 <= t.start < q1 for q0, q1 in quoted)
        and (published is None or t.value <= published)
    ]
    here = cue.idx if cue is not None else content[0]
    if cue is not None:
        targets = {cue.i} | ({cue.head.i} if cue.dep_ in ("conj", "advcl", "xcomp", "acl") else set())
        attached: list[tuple[int, int, TimeExpression]] = []
        for t in usable:
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            hops = _hops_to(span.root, targets) if span is not None else None
            if hops is not None:
                attached.append((hops, abs(t.start - here), t))
        if attached:
            return _dated(min(attached, key=lambda a: (a[0], a[1]))[2], "text")
    sentence = _sentence_bounds(ctx, cue, content)
    # Beyond the cue's clause only dates of a single day count: "founded in 2019" is no
    # date of saying, and a year's first day would be an invented precision.
    usable = [t for t in usable if _is_day(t)]
    same = [t for t in usable if sentence[0] <= t.start and t.end <= sentence[1] and not _describes(doc, t)]
    if same:
        return _dated(min(same, key=lambda t: abs(t.start - here)), "text")
    begin = min(here, content[0])
    paragraph_start = text.rfind("\n", 0, begin) + 1
    before = [t for t in usable if paragraph_start <= t.start and t.end <= begin]
    if before:
        return _dated(before[-1], "context")
    if published is not None:
        return StatementDate(published, None, "published")
    return StatementDate(None, None, None)


def _in_content(t: TimeExpression, content: tuple[int, int], cue: Token | None, text: str) -> bool:
    """Whether `t` is part of the reported content. "X said Tuesday the talks ..." is news
    style for the day of saying, even when the parser puts "Tuesday" into the clause."""
    if not (t.start < content[1] and content[0] < t.end):
        return False
    if cue is None:
        return True
    cue_end = cue.idx + len(cue.text)
    return not (cue_end <= t.start and text[cue_end : t.start].strip() == "")


def _describes(doc: Doc, t: TimeExpression) -> bool:
    """Whether `t` sits in a relative clause, apposition or participle on a noun, which
    tell of other events ("in Springfield, the town where the storm hit on Monday")."""
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    return span is not None and any(a.dep_ in ("relcl", "appos", "acl") for a in span.root.ancestors)


def _is_day(t: TimeExpression) -> bool:
    if t.kind == "weekday":
        return True
    if t.kind == "date":
        return re.search(r"\d{4}-\d\d-\d\d|\b\d{1,2}(?:st|nd|rd|th)?\b", t.text) is not None
    return t.kind == "relative" and re.search(r"(?i)\b(?:week|weekend|month|year)s?\b", t.text) is None


def _dated(t: TimeExpression, source: DateSource) -> StatementDate:
    return StatementDate(t.value, t.text, source)


# Dependencies through which a time expression still belongs to the cue's clause:
# prepositions, adverbials, possessives ("In Tuesday's call, X asked") and participial
# modifiers ("Speaking on Wednesday, X said"); subjects, objects, relative and complement
# clauses carry times of other events.
_CLAUSE_DEPS = frozenset(
    {"prep", "pobj", "pcomp", "npadvmod", "tmod", "advmod", "advcl", "poss", "compound", "amod",
     "nmod", "nummod", "det", "case", "acl", "dep", "obl", "quantmod"}
)  # fmt: skip


def _hops_to(token: Token, targets: set[int]) -> int | None:
    hops = 0
    while token.i not in targets:
        if token.dep_ not in _CLAUSE_DEPS or token.head.i == token.i:
            return None
        token = token.head
        hops += 1
    return hops


def _sentence_bounds(ctx: DocContext, cue: Token | None, content: tuple[int, int]) -> tuple[int, int]:
    span = ctx.sentence(cue) if cue is not None else ctx.doc.char_span(*content, alignment_mode="expand")
    sentence: Span | None = span if cue is not None or span is None else ctx.sentence(span[0])
    return (sentence.start_char, sentence.end_char) if sentence is not None else content


def _lead_paragraph(text: str, found: list[FoundTime]) -> tuple[int, int] | None:
    """The lede: the first paragraph of 20 or more words without a full calendar date.

    Photo captions and datelines carry the full date ("on December 7, 2021"); ledes about
    this week's news rarely spell out the year, so a full date marks a caption.
    """
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        has_full = any(start <= f.start < end and f.full for f in found)
        if len(re.findall(r"\w+", line)) >= 20 and not has_full:
            return start, end
        start = end + 1
    return None
