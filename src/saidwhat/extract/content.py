"""What a cue reports: the clause, infinitive, object or phrase that is the content of a
statement, and where that content ends."""

from __future__ import annotations

from itertools import islice

from spacy.tokens import Span, Token

from ..lexicon import Lexicon
from .context import DocContext
from .cues import (
    DASHES,
    after_separator,
    asked_object,
    infinitive_of,
    introduced_by_that,
    is_cue,
    marked_question,
    set_off,
)
from .syntax import has_subject, trim_span

_OBJECT_COMPLEMENTS = frozenset({"oprd", "xcomp", "ccomp", "advcl"})
_OBJECT_PREPS = frozenset({"as", "of", "for"})

_MAX_DATELINE = 12  # tokens: "LOS ANGELES, Feb. 2 (AP) —"
_DATELINE_POS = frozenset({"PROPN", "NUM", "PUNCT", "SPACE"})

Content = tuple[Token, Token, Token | None]  # first and last token, the cue's own preposition


def content_of(ctx: DocContext, cue: Token, *, thought: bool = False) -> Content | None:
    """First and last token of what `cue` reports, and the preposition that belongs to
    the cue ("commented on"), if any: a clause, a to-infinitive, an object, a PP. A `thought`
    (a cue the cue model found, extract/cue_model.py) reports what a belief cue does."""
    lexicon = ctx.lexicon
    lemma = cue.lemma_.lower()
    belief = thought or lemma in lexicon.belief_cues
    children = list(cue.children)
    # Of two clauses, the one after the cue: "In a speech after the vote ended, she said
    # (that) …" — the parser may take a clause of the opening phrase for a complement too.
    clauses = [c for c in children if c.dep_ == "ccomp"] or _clause_of_cue_noun(ctx, cue)
    clause = next((c for c in clauses if c.i > cue.i), clauses[0] if clauses else None)
    infinitive = infinitive_of(cue) if clause is None and lemma in lexicon.infinitive_cues else None
    if infinitive is not None:  # an xcomp, or one the model reads as a clause of purpose
        return _infinitive_content(cue, infinitive)
    if clause is None and belief:
        clause = next((c for c in children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
    if clause is None and lemma in lexicon.speech_cues:
        clause = next((c for c in children if c.dep_ == "xcomp" and _misread_gerund(c)), None)
    if clause is None and lemma in lexicon.question_cues:
        # "asked residents if they …": the parser reads the question as an adverbial clause
        clause = next(
            (c for c in children if c.dep_ == "advcl" and c.i > cue.i and marked_question(c, lexicon)), None
        )
    if clause is not None and clause.dep_ == "xcomp":
        return _infinitive_content(cue, clause)
    if clause is not None:
        return _clause_start(cue, clause, lexicon), clause.right_edge, None
    if lemma in lexicon.object_cues or belief:
        obj = next((c for c in children if c.dep_ == "dobj" and not c.is_punct), None)
        if obj is not None and _names_an_act(ctx, lemma, obj):
            return None  # "claimed responsibility for the attack": an act, not words
        if obj is not None:
            # "described the plan as a disaster", "called the report a hoax", "accused the
            # board of lying", "praised the crew for its courage": what was said of the object,
            # but not a phrase set off after it ("criticized the plan, saying …"), a new statement
            tail = [
                c
                for c in children
                if c.i > obj.i
                and (c.dep_ in _OBJECT_COMPLEMENTS or (c.dep_ == "prep" and c.lower_ in _OBJECT_PREPS))
                and not set_off(c)
            ]
            last = max([obj.right_edge, *(c.right_edge for c in tail)], key=lambda t: t.i)
            return obj.left_edge, last, None
    for prep in children:
        if prep.dep_ == "prep" and lexicon.cue_preposition(lemma, prep.lower_):
            obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return obj.left_edge, obj.right_edge, prep
    # "called for the allies to act": the parser reads "for" as the mark of a clause
    for clause in children:
        mark = next((c for c in clause.children if c.dep_ == "mark"), None)
        if clause.dep_ != "advcl" or mark is None or mark.i != clause.left_edge.i:
            continue
        if lexicon.cue_preposition(lemma, mark.lower_):
            return ctx.doc[mark.i + 1], clause.right_edge, mark
    return None


def _clause_start(cue: Token, clause: Token, lexicon: Lexicon) -> Token:
    """Where a reported clause begins. The small model may take a that-less clause's subject
    for the cue's object and leave the clause without one ("argued [the pipeline] would not go
    …", "admitted the rift … does not reflect …"): the clause then begins at that object, and at
    an adjective of it the parser hung on the cue ("argued closer co-operation … was"). Not for
    a verb whose object is its addressee ("told reporters was …" is no such misreading)."""
    if clause.i < cue.i or has_subject(clause) or cue.lemma_.lower() in lexicon.addressee_verbs:
        return clause.left_edge
    obj = next((c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < clause.i), None)
    if obj is None:
        return clause.left_edge
    first = obj.left_edge
    lead = next((c for c in cue.children if c.dep_ == "advmod" and c.right_edge.i == first.i - 1), None)
    return lead.left_edge if lead is not None and lead.pos_ == "ADJ" else first


def _misread_gerund(xcomp: Token) -> bool:
    """ "said draining it could put people to work": the parser takes the gerund subject of
    the reported clause for the cue's complement and hangs the clause's verb under it."""
    return xcomp.tag_ == "VBG" and any(c.dep_ in ("ccomp", "conj") and has_subject(c) for c in xcomp.children)


def _names_an_act(ctx: DocContext, lemma: str, obj: Token) -> bool:
    """Whether the object of `lemma` is an act or a thing rather than words (see the lexicon's
    `act_object_verbs`): "thanked his supporters", but not "denied the allegations"."""
    lexicon = ctx.lexicon
    if lemma not in lexicon.act_object_verbs:
        return False
    if any(ctx.quotes.inside(t) for t in obj.subtree):
        return False  # "claimed “Doe exaggerates” …": quoted words
    noun = obj.lemma_.lower()
    return (
        noun not in lexicon.word_objects
        and noun not in lexicon.cue_nouns
        and obj.lower_ not in lexicon.word_objects
    )


def _clause_of_cue_noun(ctx: DocContext, cue: Token) -> list[Token]:
    """ "said in a statement that …": the parser hangs the that-clause off the noun that
    names the saying (as its complement, or as a relative clause with "that" its mark, not
    its subject), but it is what was said."""
    return [
        clause
        for prep in cue.children
        if prep.dep_ == "prep"
        for noun in prep.children
        if noun.dep_ == "pobj" and noun.lemma_.lower() in ctx.lexicon.cue_nouns
        for clause in noun.rights
        if clause.dep_ in ("acl", "ccomp", "relcl") and introduced_by_that(clause)
    ]


def _infinitive_content(cue: Token, clause: Token) -> Content:
    """ "urged voters to stay", "called on Congress to act": PolNeAR's content takes in
    whom the infinitive is asked of, and "on" belongs to the cue."""
    whom = asked_object(cue, clause)
    if whom is not None:
        return whom[0].left_edge, clause.right_edge, whom[1]
    return clause.left_edge, clause.right_edge, None


def has_words(span: Span, count: int) -> bool:
    """At least `count` tokens that are not punctuation; stops counting there, since a content
    span of a badly parsed text can run to the end of the document."""
    return next(islice((t for t in span if not t.is_punct), count - 1, None), None) is not None


def _starts_own_statement(verb: Token, contrasts: frozenset[str]) -> bool:
    """A verb coordinated with a reported clause and sharing its subject ("and called B"), a
    participle ("…, adding B") or a contrast ("…, while Y said B") — see `end_before_next_cue`."""
    if verb.dep_ == "conj":
        return not has_subject(verb)
    if verb.dep_ != "advcl":
        return False
    marks = {c.lower_ for c in verb.children if c.dep_ == "mark"}
    if marks:
        return bool(marks & contrasts)
    return verb.tag_ == "VBG" and not has_subject(verb)


def end_before_next_cue(ctx: DocContext, cue: Token, first: int, last: int) -> int:
    """Where a statement of its own starts inside this one's content, this one ends:
    a cue coordinated with the reported clause ("X said A and called B"), a participle
    ("X said A, adding B") or a contrast ("X said A, while Y said B"); not at a clause that
    is part of what was reported ("X said Y told her B", "… when Y called")."""
    doc = ctx.doc
    for token in doc[first + 1 : last + 1]:
        if not first <= token.head.i <= last or token.left_edge.i <= first:
            continue
        if not _starts_own_statement(token, ctx.lexicon.contrasts):
            continue
        if not is_cue(token, ctx.lexicon, near_quote=False):
            continue
        if content_of(ctx, token) is not None:
            end = token.left_edge.i - 1
            while end > first and (doc[end].is_punct or doc[end].pos_ == "CCONJ"):
                end -= 1
            return end
    return last


def without_leading_date(span: Span) -> Span | None:
    """ "said Wednesday (that) the talks …", "said on Friday (that) he …": the parser files
    the date under the content, but it dates the saying."""
    doc = span.doc
    start = span.start
    if doc[start].pos_ == "ADP" and start + 1 < span.end and doc[start + 1].ent_type_ in ("DATE", "TIME"):
        start += 1
    while start < span.end and doc[start].ent_type_ in ("DATE", "TIME"):
        start += 1
    if start > span.start and start < span.end and doc[start].dep_ == "mark":
        return span  # "said on Friday that …" keeps "that" as the content's own start
    return trim_span(doc[start : span.end]) if start > span.start else span


def without_dateline(span: Span) -> Span | None:
    """ "PORTLOW, March 2 (Gazette) — The ferry is ready, she said": a dateline (names, numbers
    and punctuation up to a dash) opens the story, not the statement."""
    for token in span[:_MAX_DATELINE]:
        if token.text in DASHES and token.text != "-" and token.i > span.start:  # not a hyphen
            before = span.doc[span.start : token.i]
            if any(t.pos_ == "PROPN" for t in before) and all(t.pos_ in _DATELINE_POS for t in before):
                return trim_span(span.doc[token.i + 1 : span.end])
            return span
    return span


def without_opening(ctx: DocContext, span: Span) -> Span:
    """ "Even so, the council raised $5 million, according to its accounts": a connective set
    off before the clause (`connectives`) links it to the sentences before; it is the writer's,
    not what the source reported. ("In March, the council …" keeps its opening: PolNeAR does.)"""
    comma = next((t for t in span if t.text == ","), None)
    if comma is None or comma.i == span.start:
        return span
    opening = " ".join(t.lower_ for t in span.doc[span.start : comma.i])
    if opening not in ctx.lexicon.connectives:
        return span
    rest = trim_span(span.doc[comma.i + 1 : span.end])
    return rest if rest is not None and has_words(rest, 3) else span


def clause_around(ctx: DocContext, start: int, hole: tuple[int, int], end: int) -> list[Span]:
    """The words [start, end) of a clause on either side of the words [hole) set off inside
    it by a comma or dash: one content in two pieces that share speaker and cue (PolNeAR
    marks one content in two fragments); with nothing after the set-off words, one piece."""
    doc = ctx.doc
    first, after = hole
    if not after_separator(doc, first):
        return []  # not set off from the clause
    pieces = [trim_span(doc[start:first]), trim_span(doc[after:end]) if after < end else None]
    if pieces[1] is not None and len(pieces[1]) > 1 and pieces[1][-1].text == ".":
        pieces[1] = pieces[1][:-1]  # the full stop ends the sentence, not the content
    kept = [p for p in pieces if p is not None and any(not t.is_punct for t in p)]
    if not kept or not has_words(doc[kept[0].start : kept[-1].end], 3):
        return []
    return kept


def rest_of_sentence(ctx: DocContext, anchor: Token, start: int, end: int) -> Span | None:
    """The longer part of `anchor`'s sentence outside the phrase [start, end)."""
    sent = ctx.sentence(anchor)
    before = trim_span(ctx.doc[sent.start : start])
    after = trim_span(ctx.doc[end : sent.end])
    content = max((s for s in (before, after) if s is not None), key=len, default=None)
    return content if content is not None and len(content) >= 3 else None
