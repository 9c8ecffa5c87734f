"""Find quoted spans in raw text by pairing quote marks.

Written by hand because no library pairs quote marks the way news is written: a quote
may run over several paragraphs with no closing mark until the last one, a right single
quote is usually an apostrophe (he’s, Doe’s), straight quotes must be told apart by
their neighbours, and an odd number of marks must never make us give up (textacy
raises on it). Works on characters, before any parsing, so offsets are exact.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

DOUBLE_OPEN = "“„«‟"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‹"
SINGLE_CLOSE = "’›"
STRAIGHT_DOUBLE = '"'
STRAIGHT_SINGLE = "'"

_OPEN_CONTEXT = set(" \t\n\r([{—–-/:;")  # characters after which a straight mark opens
_SENTENCE_END = re.compile(r"[.!?…][’'”\"]?\s*$")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quoted span: `start`/`end` bound the content, `outer_*` include the marks."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    closed: bool
    double: bool = True


def _paragraph_ends(text: str) -> list[int]:
    """Offsets where paragraphs end (the start of each line break)."""
    return [m.start() for m in _PARAGRAPH_BREAK.finditer(text)] + [len(text)]


def _classify(text: str, i: int, opener: str, closer: str, straight: str) -> str | None:
    """'open', 'close' or None (not a quote mark) for the character at i."""
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in opener:
        return "open"
    if ch in closer:
        if ch == "’" and before.isalnum() and after.isalnum():
            return None  # apostrophe inside a word: he’s, Doe’s
        return "close"
    if ch == straight:
        if before.isalnum() and after.isalnum():
            return None  # don't, O'Neil, 5"3
        if before.isspace() and after.isspace():
            return "toggle"  # a mark between spaces (“coalitions, '' said”) may close as well as open
        opens = before in _OPEN_CONTEXT or before in opener
        closes = not before.isspace() and (after.isspace() or not after.isalnum() or i + 1 == len(text))
        if opens and not closes:
            return "open"
        if closes and not opens:
            return "close"
        return "toggle"
    return None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _pair(text: str, opener: str, closer: str, straight: str, *, multi_paragraph: bool) -> list[QuoteSpan]:
    """Pair marks of one kind (double or single) over the whole text."""
    ends = _paragraph_ends(text)
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    open_paragraph_end = 0

    def paragraph_end(pos: int) -> int:
        return next(e for e in ends if e >= pos)

    def emit(content_end: int, outer_end: int, closed: bool) -> None:
        assert open_at is not None
        start, end = _trimmed(text, open_at + 1, content_end)
        if end > start and text[end - 1] == ",":  # “…,” she said: the comma is the frame's
            end -= 1
        if end > start:
            spans.append(QuoteSpan(start, end, open_at, outer_end, closed, double=opener == DOUBLE_OPEN))

    marks: list[tuple[int, str]] = []
    for i, ch in enumerate(text):
        if ch in opener or ch in closer or ch == straight:
            mark = _classify(text, i, opener, closer, straight)
            if mark is not None:
                marks.append((i, mark))
    closers = [i for i, kind in marks if kind in ("close", "toggle")]
    depth = 0  # quotes open inside the open quote (“… “hell” …”)

    def closers_between(start: int, end: int) -> int:
        return bisect.bisect_left(closers, end) - bisect.bisect_right(closers, start)

    for i, kind in marks:
        if open_at is not None and i > open_paragraph_end:
            # The open quote reached the end of its paragraph without a closing mark.
            continues = multi_paragraph and kind in ("open", "toggle")
            continues = continues and text[open_paragraph_end:i].strip() == ""
            if continues:  # news convention: the next paragraph reopens the same quote
                open_paragraph_end = paragraph_end(i)
                continue
            emit(open_paragraph_end, open_paragraph_end, closed=False)
            open_at, depth = None, 0
        if kind == "toggle":
            kind = "close" if open_at is not None else "open"
        if kind == "open":
            if open_at is None:
                open_at, open_paragraph_end, depth = i, paragraph_end(i), 0
            elif closers_between(i, open_paragraph_end) >= depth + 2:
                depth += 1  # enough closing marks ahead for this quote and the open one
            elif not _SENTENCE_END.search(text[open_at:i]):
                open_at = i  # the earlier mark was stray
            # else: a new paragraph's quote inside a merged paragraph, same speaker: go on
        elif depth:
            depth -= 1
        elif open_at is not None:
            emit(i, i + 1, closed=True)
            open_at = None
    if open_at is not None:
        emit(open_paragraph_end, open_paragraph_end, closed=False)
    return spans


def find_quotes(text: str) -> tuple[QuoteSpan, ...]:
    """Top-level quoted spans of `text`, in order, never overlapping.

    Double quotes may run across paragraphs; single quotes count only outside double
    quotes (a quote within a quote belongs to its outer quote) and within one paragraph.
    """
    # Two apostrophes or backticks stand for a double quote in wire and archive text
    # (''Leave'', ``Yes''); a space after the mark keeps offsets and trims the content.
    original, text = text, text.replace("''", '" ').replace("``", '" ')
    doubles = [
        replace(q, outer_end=q.outer_end + 1) if original[q.outer_end - 1 : q.outer_end + 1] == "''" else q
        for q in _pair(text, DOUBLE_OPEN, DOUBLE_CLOSE, STRAIGHT_DOUBLE, multi_paragraph=True)
    ]
    singles = [
        s
        for s in _pair(text, SINGLE_OPEN, SINGLE_CLOSE, STRAIGHT_SINGLE, multi_paragraph=False)
        if s.closed and not any(d.outer_start <= s.outer_start < d.outer_end for d in doubles)
    ]
    singles = [s for s in singles if not any(s.outer_start <= d.outer_start < s.outer_end for d in doubles)]
    return tuple(sorted(doubles + singles, key=lambda s: s.start))
