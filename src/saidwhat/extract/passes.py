"""The assembly passes: what turns the finders' statements into the document's statements.

The finders (`direct`, `reported`) each look at one frame; these passes settle what only the
statements together can tell, in this order (`PASSES`), each with its contract. After the
last, every two statements nest or keep apart (`check_nesting`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from .context import DocContext
from .cues import statement_kind, withheld
from .direct import DirectQuotes
from .statement import Statement, TaggedAttribution, crosses

_PHRASE_CONJUNCTS = frozenset({"NOUN", "PROPN", "ADJ", "NUM"})  # "quotas and the talk on borders"
_MIN_UNATTRIBUTED_WORDS = 5  # shorter quoted fragments with no cue are titles or scare quotes
_LINE_BREAKS = re.compile(r"\n\s*")
_WORDS = re.compile(r"\w+(?:['’]\w+)*")  # "he’s" is one word
_MIN_REPEATED_WORDS = 6  # shorter repeats are slogans and phrases a text may quote twice
# A tagged source that is a possessive or a relative pronoun ("my", "'s", "which") is a piece of a
# noun phrase, never who spoke.
_NOT_SOURCES = frozenset({"PRP$", "POS", "WDT", "WP", "WP$"})


@dataclass(slots=True)
class Found:
    """The statements of one document between passes: quotes (in text order) and reported speech."""

    direct: list[Statement]
    reported: list[Statement]
    tagged: Sequence[TaggedAttribution] = ()


@dataclass(frozen=True, slots=True)
class Pass:
    name: str
    run: Callable[[Found, DocContext], None]
    contract: str


def words_before_thoughts(found: Found, ctx: DocContext) -> None:
    """A belief or stance ("endorsed …", "expressed amusement that …") that holds words — a
    quote, or the cue or content of a statement of speech — goes: the words are the statement
    ("disavowed remarks by an aide who said …": the aide's), and a thought never takes them in
    as its mixed quote or nested statement (PolNeAR gives each word to one attribution)."""
    words = [s for s in found.reported if not _is_thought(s, ctx)]
    found.reported = [
        s for s in found.reported if not (_is_thought(s, ctx) and _holds_words(s, found, words))
    ]


def _is_thought(statement: Statement, ctx: DocContext) -> bool:
    """A belief or stance: the lexicon's, a stance adjective's or noun's (`extract/stances.py`),
    or one the cue model found (a cue no list takes), as `statement_kind` tells them."""
    return statement.kind == "indirect" and statement_kind(statement.cue, ctx.lexicon) == "thought"


def _holds_words(thought: Statement, found: Found, words: list[Statement]) -> bool:
    return any(_overlap(thought, quote) for quote in found.direct) or any(
        _overlap(thought, other) or _cue_inside(other, thought) for other in words
    )


def _overlap(one: Statement, other: Statement) -> bool:
    return one.start < other.end and other.start < one.end


def _cue_inside(statement: Statement, outer: Statement) -> bool:
    cue = statement.cue
    return cue is not None and outer.start <= cue.start_char < outer.end


def attach_mixed(found: Found, ctx: DocContext) -> None:
    """A quoted fragment that opens inside reported speech is a mixed quote of that
    statement; the statement's content is stretched to take in the whole fragment."""
    for statement in found.direct:
        if statement.speaker is not None or statement.standalone:
            continue
        hosts = [r for r in found.reported if r.start <= statement.start < r.end]
        if hosts:
            host = min(hosts, key=lambda r: r.end - r.start)
            # a host that holds the opening mark holds the closing one too
            marks = statement.quote
            holds_opening = marks is not None and host.start <= marks.outer_start
            closing = marks.outer_end if marks is not None and holds_opening else statement.end
            host.end = max(host.end, closing)
            statement.speaker, statement.cue, statement.addressee = host.speaker, host.cue, host.addressee
            statement.found_by("mixed_in_reported")


def quotes_in_clauses(found: Found, ctx: DocContext) -> None:
    """ "She said that “…”", "She said that if …, “…”": a quote inside the clause its cue
    reports, which a conjunction opens, is a fragment of that clause, so a mixed quote in it;
    the clause, from "that", is the statement."""
    for quote in found.direct:
        if quote.kind != "direct" or quote.cue is None:
            continue
        cue = quote.cue.root.i
        for statement in found.reported:
            if statement.cue is None or statement.cue.root.i != cue:
                continue
            if not statement.start < quote.start <= statement.end:
                continue
            opening = ctx.doc.char_span(statement.start, quote.start, alignment_mode="expand")
            if opening is not None and opening[0].dep_ == "mark":
                quote.kind = "mixed"
                break


def drop_reported_quotes(found: Found, ctx: DocContext) -> None:
    """Reported speech whose content is really a direct quote ("“…,” he said") goes, and so
    does reported speech that is no more than the words of a mixed quote of the same cue or
    speaker ("called for “an end to the delays”"): one span, one row, the quote's."""
    found.reported = [r for r in found.reported if not _overlaps_direct(r, found.direct)]


def _overlaps_direct(statement: Statement, direct: list[Statement]) -> bool:
    length = statement.end - statement.start
    for quote in direct:
        if quote.kind == "mixed":
            if _same_words(statement, quote):
                return True
            continue
        overlap = min(statement.end, quote.end) - max(statement.start, quote.start)
        if overlap > 0.5 * length or (overlap > 0 and statement.speaker is quote.speaker):
            return True
    return False


def close_contents(found: Found, ctx: DocContext) -> None:
    """A reported content ends where its clause ends: one that stops on "and" or a comma
    takes in a coordinated noun phrase after it ("the plans for quotas and the talk on
    borders"), but not a clause after it, which is no part of what was said ("X stressed that
    A, and Y warned …"): the "and" goes. One that holds an opening quote mark takes in its
    closing mark ("the plan was “dead in the water,”"), where only punctuation lies between."""
    doc, text = ctx.doc, ctx.text
    for statement in found.reported:
        content = doc.char_span(statement.start, statement.end, alignment_mode="expand")
        while content is not None and len(content) > 1 and _dangles(content[-1]):
            conjunct = next(
                (c for c in content[-1].head.rights if c.dep_ == "conj" and c.i > content[-1].i), None
            )
            if conjunct is not None and conjunct.pos_ in _PHRASE_CONJUNCTS:
                statement.end = conjunct.right_edge.idx + len(conjunct.right_edge)
                break
            content = content[:-1]
            statement.end = content[-1].idx + len(content[-1])
        for quote in found.direct:
            marks = quote.quote
            if marks is None or not statement.start <= marks.outer_start < statement.end < marks.outer_end:
                continue
            if not text[statement.end : marks.outer_end - 1].strip(" ,.;:!?"):
                statement.end = marks.outer_end


def _dangles(token: Token) -> bool:
    return token.pos_ == "CCONJ" or token.text in (",", ";", "—", "–")


def _same_words(statement: Statement, quote: Statement) -> bool:
    """Whether `statement` lies within the marks of `quote`, said by the same speaker or cue."""
    marks = quote.quote
    if marks is None or not (marks.outer_start <= statement.start and statement.end <= marks.outer_end):
        return False
    same_cue = statement.cue is not None and quote.cue is not None and statement.cue.root == quote.cue.root
    return same_cue or (statement.speaker is not None and statement.speaker == quote.speaker)


def _paragraph_index(text: str, offset: int) -> int:
    return len(_LINE_BREAKS.findall(text, 0, offset))


def inherit_speakers(found: Found, ctx: DocContext) -> None:
    """Quotes with no cue of their own: one named in the next sentence, a continuation of the
    previous quote, or one that follows a paragraph of the same speaker's speech. Fragments
    inside a sentence with no speech around them, and short quotes with no speaker, go."""
    text = ctx.text
    direct = DirectQuotes(ctx)
    result: list[Statement] = []
    by_start = sorted(found.direct + found.reported, key=lambda s: s.start)
    for statement in found.direct:
        if statement.speaker is not None:
            result.append(statement)
            continue
        if not statement.standalone:  # a fragment inside a sentence with no speech around it
            continue
        paragraph = _paragraph_index(text, statement.start)
        previous = [s for s in by_start if s.speaker is not None and s.end <= statement.start]
        last = previous[-1] if previous else None
        near = last is not None and paragraph - _paragraph_index(text, last.end) <= 1
        named_next = direct.named_in_next_sentence(statement)
        if named_next is not None:
            statement = named_next
        elif last is not None and near and last.kind == "direct" and last in found.direct:
            # “A,” she said. “B.” — one statement split by its cue: B shares A's cue.
            same_paragraph = paragraph == _paragraph_index(text, last.end)
            statement.cue = last.cue if same_paragraph else None
            statement.speaker, statement.inherited_from = last.speaker, last
            statement.found_by("continued_quote")
        elif last is not None and near:
            statement.speaker, statement.inherited_from = last.speaker, last
            statement.found_by("after_speech")
        elif len(text[statement.start : statement.end].split()) < _MIN_UNATTRIBUTED_WORDS:
            continue
        else:
            statement.found_by("unattributed_sentence")
        result.append(statement)
    found.direct = result


def merge_tagged(found: Found, ctx: DocContext) -> None:
    """The trained tagger's attributions join the statements where the rules found nothing.

    The rules' statements stand as they are: a tagged attribution that touches any of them is
    dropped (on PolNeAR dev, redrawing their spans with the tagger's gave exact content F1
    0.555 against 0.579 for keeping them, and no better source or cue). So is one the rules would
    refuse as what was not said ("declined to comment", item 3 of issue 16), one whose cue is in
    the headline (which the model parses poorly: "Tories pledge free lessons" is no statement of
    the Tories), one whose content is a single word or whose source a possessive or relative
    pronoun (a misread phrase: "has welcomed [the]", "[my] understanding"), and one without a
    source, cue or content. Each fragment of a split content
    becomes a statement sharing speaker and cue; speakers are resolved later like the rules'."""
    added: list[Statement] = []
    for attribution in found.tagged:
        if attribution.source is None or attribution.cue is None or not attribution.content:
            continue
        if any(
            s.start < end and start < s.end
            for start, end in attribution.content
            for s in (*found.direct, *found.reported, *added)
        ):
            continue
        source = ctx.doc.char_span(*attribution.source, alignment_mode="expand")
        cue = ctx.doc.char_span(*attribution.cue, alignment_mode="expand")
        if source is None or cue is None or _refused(cue, ctx) or ctx.in_title(cue.start_char):
            continue
        if source.root.tag_ in _NOT_SOURCES or _words(ctx, attribution.content) < 2:
            continue
        for start, end in attribution.content:
            statement = Statement("indirect", start, end, "tagged", speaker=source.root, cue=cue)
            statement.confidence *= attribution.confidence  # CONFIDENCE["tagged"] × its own
            added.append(statement)
    found.reported = [*found.reported, *added]


def _words(ctx: DocContext, fragments: Sequence[tuple[int, int]]) -> int:
    return sum(len(_WORDS.findall(ctx.text[start:end])) for start, end in fragments)


def _refused(cue: Span, ctx: DocContext) -> bool:
    """A tagged cue of what was not said: a refusal ("declined", "refused to comment") or a
    withheld answer ("did not respond")."""
    return any(token.lemma_.lower() in ctx.lexicon.refusals or withheld(token, ctx.lexicon) for token in cue)


def uncross(found: Found, ctx: DocContext) -> None:
    """Statements nest or keep apart: a reported statement that a quote runs out of is
    stretched to take it in — "described it as “truly overwhelming. I am …,” she said": the
    description holds the quote, which keeps its own speaker. Of two crossing reported
    statements the first takes in the second. Quote marks nest by construction."""
    ordered = sorted(found.direct + found.reported, key=lambda s: s.start)
    changed = True
    while changed:
        changed = False
        for outer in ordered:
            if outer.kind != "indirect":
                continue
            for other in ordered:
                if other.start >= outer.end:
                    break
                if not crosses(outer, other) or (other.kind == "indirect" and other.start < outer.start):
                    continue
                outer.start, outer.end = min(outer.start, other.start), max(outer.end, other.end)
                changed = True
        ordered.sort(key=lambda s: s.start)


def drop_repeats(found: Found, ctx: DocContext) -> None:
    """Words said once are one row (docs/precision-audit.md): a statement whose words another
    statement elsewhere in the body holds in full — a pull quote, a sidebar or a table that
    restates the article — goes, for the longer (of two alike, the first). A mixed quote is
    part of the statement it lies in ("warned of sanctions “like none he has seen”", then the
    whole quote): it goes with that one, or alone only when it lies in none. The headline
    keeps its own (`in_title`, counted apart)."""
    body = [s for s in found.direct + found.reported if not ctx.in_title(s.start)]
    words = {id(s): f" {' '.join(_WORDS.findall(ctx.text[s.start : s.end].lower()))} " for s in body}

    def repeated(statement: Statement) -> bool:
        own = words[id(statement)]
        if len(own.split()) < _MIN_REPEATED_WORDS:
            return False
        return any(
            own in words[id(other)]
            and (len(words[id(other)]) > len(own) or other.start < statement.start)
            and (other.end <= statement.start or statement.end <= other.start)
            for other in body
        )

    def host(quote: Statement) -> Statement | None:
        return next(
            (s for s in body if s.kind != "mixed" and s.start <= quote.start and quote.end <= s.end), None
        )

    gone = {id(s) for s in body if s.kind != "mixed" and repeated(s)}
    for quote in (s for s in body if s.kind == "mixed"):
        outer = host(quote)
        goes = repeated(quote) if outer is None else id(outer) in gone
        if goes:
            gone.add(id(quote))
    found.direct = [s for s in found.direct if id(s) not in gone]
    found.reported = [s for s in found.reported if id(s) not in gone]


PASSES: tuple[Pass, ...] = (
    Pass("words_before_thoughts", words_before_thoughts, "no belief or stance holds words"),
    Pass("attach_mixed", attach_mixed, "a fragment quoted inside reported speech is a mixed quote of it"),
    Pass("quotes_in_clauses", quotes_in_clauses, "a quote inside the clause its own cue reports is mixed"),
    Pass("drop_reported_quotes", drop_reported_quotes, "no reported statement repeats a quote"),
    Pass("close_contents", close_contents, "a reported content ends where its clause and marks end"),
    Pass("inherit_speakers", inherit_speakers, "every kept quote has a speaker, or is a whole sentence"),
    Pass("merge_tagged", merge_tagged, "the tagger's attributions join those the rules found"),
    Pass("uncross", uncross, "statements nest or keep apart"),
    Pass("drop_repeats", drop_repeats, "words said once are one row"),
)


def assemble(found: Found, ctx: DocContext) -> list[Statement]:
    """Run the passes in order; the statements in text order, outer before inner."""
    for step in PASSES:
        step.run(found, ctx)
    statements = sorted(found.direct + found.reported, key=lambda s: (s.start, -s.end))
    check_nesting(statements)
    return statements


def check_nesting(statements: Sequence[Statement]) -> None:
    """Raise when two statements cross (`statements` sorted by start, then longest first):
    the output's `parent` links assume a tree."""
    open_ends: list[int] = []
    for statement in statements:
        while open_ends and open_ends[-1] <= statement.start:
            open_ends.pop()
        if open_ends and statement.end > open_ends[-1]:
            raise AssertionError(f"statements cross at {statement.start}-{statement.end}")
        open_ends.append(statement.end)
