"""Reported speech, found from the dependency tree: a cue verb of the lexicon with what it
reports ("X said (that) …", "…, X said", "X told Y …", "called for X"), "according to X", a cue
set off inside the clause it reports ("The plan, officials said, is …", "The wall, said Doe,
will …": the clause on both sides of it), "as X reported", a paragraph introduced by
"X writes:", and a line "Name: words" (headlines, transcripts)."""

from __future__ import annotations

from spacy.tokens import Token

from ..lexicon import Lexicon
from .content import (
    clause_around,
    content_of,
    end_before_next_cue,
    has_words,
    rest_of_sentence,
    without_dateline,
    without_leading_date,
    without_opening,
)
from .context import DocContext
from .cue_model import load_cue_model
from .cues import (
    addressee,
    cue_span,
    holds_position,
    infinitive_of,
    introduced_by_that,
    is_cue,
    line_label,
    withheld,
)
from .statement import Rule, Statement
from .syntax import (
    clause_verb,
    has_subject,
    misread_relative,
    pobj_of,
    relative_antecedent,
    subject_of,
    trim_span,
)

_CLAUSE_DEPS = frozenset({"ccomp", "xcomp"})
# Owners of a statement noun taken as its speaker: names ("Doe's claim"). A pronoun or a common
# noun ("her promise", "the plan's call for") is as often a thing's, or someone the article
# names elsewhere as the source (measured on PolNeAR dev: speaker accuracy fell with them).
_OWNERS = frozenset({"PROPN"})
_NOT_HOLDERS = frozenset({"i", "we", "you"})  # see `ReportedSpeech._source_of`
_PEOPLE_MODIFIERS = frozenset({"relcl", "acl", "prep", "amod"})  # "those surveyed", "those close to him"


class ReportedSpeech:
    """The reported statements of one document."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.doc, self.text, self.quotes, self.lexicon = ctx.doc, ctx.text, ctx.quotes, ctx.lexicon
        self._learned: set[int] = set()  # the verbs the cue model took as cues

    def find(self) -> list[Statement]:
        statements: list[Statement] = []
        for token in self.doc:
            if self.quotes.inside(token):
                continue
            statement: Statement | None = None
            if self.lexicon.source_phrase(token.lower_) and token.dep_ in ("prep", "advmod", "ROOT"):
                statements += self.according_to(token)
            elif is_cue(token, self.lexicon, near_quote=False) or self._is_belief(token):
                statement = self._reported_by_verb(token) or self._as_reported(token) or self._block(token)
                if statement is None:
                    statements += self._parenthetical(token)
            elif token.text == ":":
                statement = self._labelled_line(token)
            elif token.pos_ == "NOUN" and token.lemma_.lower() in self.lexicon.statement_nouns:
                statement = self._nominal(token)
            if statement is not None:
                statements.append(statement)
        return statements

    def _is_belief(self, token: Token) -> bool:
        """Beliefs and stances ("believes", "hopes", "endorsed"), of the lexicon's list or
        found by the cue model from the verb's frame ("pushed back on …"): attributions, but
        not speech; statements of `kind: "thought"` that a reader of words only leaves out
        (PolNeAR counts them)."""
        if not self.ctx.beliefs or token.pos_ != "VERB":
            return False
        if token.lemma_.lower() in self.lexicon.belief_cues:
            return self._unguarded(token)
        holder = self.learnable(token)
        if holder is None or not load_cue_model().accepts(token, holder, self.lexicon):
            return False
        self._learned.add(token.i)
        return True

    def learnable(self, verb: Token) -> Token | None:
        """The holder of a verb the cue model is asked about (none for another verb): one the
        lists do not take as a cue, past the guards of a belief, with a holder and a content
        (`bench/train_cues.py` asks the same of PolNeAR train's verbs)."""
        lemma = verb.lemma_.lower()  # "declined to comment": what was not said (`withheld`)
        if lemma in self.lexicon.belief_cues or lemma in self.lexicon.refusals or not self._unguarded(verb):
            return None
        holder = self._holder(verb)  # first: most verbs have none, and it is the cheaper test
        return holder if holder is not None and content_of(self.ctx, verb, thought=True) is not None else None

    def _unguarded(self, token: Token) -> bool:
        # "vowed to defend the town", "sent troops to defend it": an infinitive is what the verb
        # above it reports or what it is for; "Doe said the team had shown grit": a belief inside
        # a reported clause is the speaker's words, not its subject's position (PolNeAR gives
        # each word one role, the outer one)
        first = token
        while first.dep_ == "conj" and first.head.i != first.i:  # "to study and promote it"
            first = first.head
        infinitive = first.dep_ == "xcomp" or any(c.dep_ == "aux" and c.tag_ == "TO" for c in first.children)
        # a headline, which the model parses poorly ("Kelby plan to raise fares": a noun read as
        # a verb), leaves its beliefs and stances to the body, which states them
        in_title = self.ctx.in_title(token.idx)
        return (
            not infinitive
            and not in_title
            and not self._in_reported_clause(token)
            and holds_position(token, self.lexicon)
        )

    def _thought(self, cue: Token) -> bool:
        return cue.lemma_.lower() in self.lexicon.belief_cues or cue.i in self._learned

    def _source_of(self, cue: Token) -> Token | None:
        """Who said or holds it: the cue's subject, or that of the cue it shares one with."""
        if not self._thought(cue) or is_cue(cue, self.lexicon, near_quote=False):
            return subject_of(self._outer_cue(cue))
        return self._holder(cue)

    def _holder(self, cue: Token) -> Token | None:
        """Who holds a belief: a passive one ("is expected to", "was seen as") by its agent
        alone, not the subject of a verb before it ("He insisted …, but it is widely expected
        …"). A first- or second-person belief outside quote marks ("I would like …") is a quote
        the marks missed, or the writer's own: no one's statement."""
        if any(c.dep_ == "auxpass" for c in cue.children):
            return next((agent for c in cue.children if c.dep_ == "agent" and (agent := pobj_of(c))), None)
        source = subject_of(cue)
        return None if source is None or source.lower_ in _NOT_HOLDERS else source

    def _in_reported_clause(self, token: Token) -> bool:
        """Whether `token` lies in the clause a cue or belief above it reports."""
        child = token
        for head in token.ancestors:
            if child.dep_ == "ccomp" and _is_cue_or_belief(head, self.lexicon):
                return True
            child = head
        return False

    def _can_speak(self, subject: Token) -> bool:
        """A demonstrative or "what" subject is a thing ("That said, …", "What she said …"),
        unless it stands for people: a relative pronoun ("a senator who said") or a modified
        "those" ("those surveyed said", "those who back her say")."""
        if subject.lower_ not in self.lexicon.not_speakers or relative_antecedent(subject) is not None:
            return True
        return subject.lower_ == "those" and any(c.dep_ in _PEOPLE_MODIFIERS for c in subject.children)

    def _reported_by_verb(self, cue: Token) -> Statement | None:
        content = content_of(self.ctx, cue, thought=cue.i in self._learned)
        if content is None:
            return None
        first_token, last_token, prep = content
        # a headline is often a noun and a participle ("Plans criticised"), no misread main verb
        misread = None if self.ctx.in_title(cue.idx) else misread_relative(cue)
        if (
            cue.tag_ == "VBN"
            and cue.dep_ in ("advcl", "acl")
            and not any(c.dep_.startswith("aux") for c in cue.children)
            and misread is None
        ):
            return None  # "Asked about the plan, she said …": the subject was asked, not asking
        if withheld(cue, self.lexicon) or self._misread_inversion(cue) is not None:
            return None  # a refusal; or a cue inside its clause, left to `_parenthetical`
        speaker = self._source_of(cue) or misread
        impersonal = speaker is None and _impersonal_passive(cue)
        if speaker is None and not impersonal:
            return None
        if speaker is not None and (self.quotes.inside(speaker) or not self._can_speak(speaker)):
            return None
        first = first_token.i
        if first < cue.i < last_token.i:  # "…, which officials said grew tense": the clause after the cue
            first = cue.i + 1
        last = end_before_next_cue(self.ctx, cue, first, last_token.i)
        span = trim_span(self.doc[first : last + 1])
        if span is not None and span.start == cue.i + 1:
            span = without_leading_date(span)
        span = without_dateline(span) if span is not None else None
        if span is None or not has_words(span, 2):
            return None
        if cue.i in range(span.start, span.end) or (
            speaker is not None and speaker.i in range(span.start, span.end)
        ):
            return None
        cue_words = cue_span(self.ctx, cue, content=(span.start_char, span.end_char), speaker=speaker)
        if prep is not None and prep.i >= cue_words.end:
            cue_words = self.doc[cue_words.start : prep.i + 1]
        to = addressee(cue, self.lexicon)
        if to is not None and span.start <= to.i < span.end and not _asked_of(to):
            to = None  # "urged an apology": the object is what was said, not to whom
        rule: Rule = "impersonal_passive" if impersonal else "verb_cue"
        return Statement.reported(span, rule, speaker=speaker, cue=cue_words, addressee=to)

    def _parenthetical(self, cue: Token) -> list[Statement]:
        """ "The plan, officials said, is to wait", "The wall, said Doe, will …": a cue set off
        by commas inside the clause it reports. The parser hangs it off that clause's verb
        (parataxis), or reads it as the main verb with the rest of the clause as its complement
        and two subjects, the clause's before it and the speaker after it (see `_misread_inversion`)."""
        first = cue.i  # the set-off words: back from the cue to the comma before them
        while first > 0 and not self.doc[first - 1].is_punct and cue.is_ancestor(self.doc[first - 1]):
            first -= 1
        inverted = self._misread_inversion(cue)
        host = clause_verb(cue.head)
        speaker: Token | None
        if inverted is not None:
            speaker, clause = inverted
            start, hole, end = cue.left_edge.i, (first, clause.left_edge.i), clause.right_edge.i + 1
        elif cue.dep_ == "parataxis" and host is not None and not self.quotes.inside(host):
            if any(c.dep_ in _CLAUSE_DEPS for c in cue.children):
                return []
            # a subject among the set-off words: the parser may file the clause's own under the cue
            subjects = (c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.i >= first)
            speaker = next(subjects, None)
            start, hole, end = host.left_edge.i, (first, cue.right_edge.i + 1), host.right_edge.i + 1
        else:
            return []
        if speaker is None or not self._can_speak(speaker) or speaker.pos_ not in ("PROPN", "PRON", "NOUN"):
            return []
        pieces = clause_around(self.ctx, start, hole, end)
        cue_words = cue_span(self.ctx, cue, speaker=speaker)
        to = addressee(cue, self.lexicon)
        return [
            Statement.reported(piece, "parenthetical", speaker=speaker, cue=cue_words, addressee=to)
            for piece in pieces
        ]

    def _misread_inversion(self, cue: Token) -> tuple[Token, Token] | None:
        """ "The wall, said Doe, would be …" read as "The wall said Doe would be …": a cue right
        after a comma with a subject on each side and a clause after the second. Returns the
        speaker (the subject after the cue) and the clause."""
        if cue.i == 0 or self.doc[cue.i - 1].text != ",":
            return None
        subjects = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")]
        speaker = next((c for c in subjects if c.i > cue.i), None)
        if speaker is None or not any(c.i < cue.i for c in subjects):
            return None
        clause = next((c for c in cue.children if c.dep_ == "ccomp" and c.i > speaker.i), None)
        return (speaker, clause) if clause is not None and not self.quotes.inside(clause) else None

    def _outer_cue(self, cue: Token) -> Token:
        """ "X said A and called B", "X said A, adding B": the parser often hangs the second cue
        inside A; with no subject of its own, it shares the cue whose content it is in."""
        if cue.dep_ not in ("conj", "advcl") or has_subject(cue):
            return cue
        clause = cue.head
        for _ in range(3):  # up to the reported clause, through a few coordinated verbs
            if clause.dep_ == "ccomp" and is_cue(clause.head, self.lexicon, near_quote=False):
                return clause.head
            if clause.dep_ not in ("conj", "advcl", "xcomp") or has_subject(clause):
                break
            clause = clause.head
        return cue

    def _labelled_line(self, colon: Token) -> Statement | None:
        """ "Doe: Plan Is a Disaster": the rest of the line is what the label's speaker said."""
        speaker = line_label(self.ctx, colon)
        if speaker is None:
            return None
        line_end = self.text.find("\n", colon.idx)
        content = self.doc.char_span(
            colon.idx + 1, line_end if line_end >= 0 else len(self.text), alignment_mode="expand"
        )
        content = trim_span(content) if content is not None else None
        if content is None or len([t for t in content if t.is_alpha]) < 3:
            return None
        # a body line without a verb is a list's entry ("Portions: 1 cup, 2 tsp."), but a
        # transcript's answer ("DOE: Not this year.") and a headline need none
        in_title = self.ctx.in_title(colon.idx)
        if not (in_title or speaker.is_upper or any(t.pos_ in ("VERB", "AUX") for t in content)):
            return None
        return Statement.reported(
            content, "labelled_line", speaker=speaker, cue=self.doc[colon.i : colon.i + 1]
        )

    def _nominal(self, noun: Token) -> Statement | None:
        """ "Doe's claim that the quay is safe", "Doe's call for a ban", "Doe's promise to stay":
        a noun that names a statement, whose named owner said it; the that-clause, infinitive or
        "for" phrase after the noun is what was said. Without an owner the noun is a topic
        ("the claim that …" with no one making it), left out."""
        speaker = next((c for c in noun.children if c.dep_ == "poss" and c.pos_ in _OWNERS), None)
        content = _said_by_noun(noun)
        if speaker is None:
            return None
        if content is None or any(self.quotes.inside(t) for t in (content, content.left_edge)):
            return None
        span = trim_span(self.doc[content.left_edge.i : content.right_edge.i + 1])
        if span is None or not has_words(span, 3):
            return None
        cue = self.doc[noun.i : noun.i + 1]
        return Statement.reported(span, "nominal_cue", speaker=speaker, cue=cue)

    def _as_reported(self, cue: Token) -> Statement | None:
        """ "As the Gazette reported, the mayor …" / "as reported by X, …": the rest of the
        sentence is what was reported; but "as expected", "as feared" say how it turned out."""
        if cue.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
            return None
        if self._thought(cue):
            return None
        speaker = subject_of(cue)
        content = rest_of_sentence(self.ctx, cue, cue.left_edge.i, cue.right_edge.i + 1)
        if speaker is None or content is None:
            return None
        return Statement.reported(content, "as_reported", speaker=speaker, cue=cue_span(self.ctx, cue))

    def _block(self, cue: Token) -> Statement | None:
        """ "Hewitt writes:" closing a paragraph: the next paragraph is what was written,
        when it is not a quote of its own (those are attributed as direct quotes)."""
        after = cue.i + 1
        while after < len(self.doc) and self.doc[after].dep_ in ("prt", "advmod", "npadvmod"):
            after += 1
        if after + 1 >= len(self.doc) or self.doc[after].text != ":" or "\n" not in self.doc[after + 1].text:
            return None
        speaker = subject_of(cue)
        paragraph = self.doc[after + 2 : len(self.doc)]
        end = next((t.i for t in paragraph if "\n" in t.text), len(self.doc))
        content = trim_span(self.doc[after + 2 : end])
        if speaker is None or content is None or self.quotes.inside(content[0]) or len(content) < 4:
            return None
        return Statement.reported(content, "block", speaker=speaker, cue=cue_span(self.ctx, cue))

    def according_to(self, according: Token) -> list[Statement]:
        """ "According to X, …", "…, according to X.": the rest of the sentence; "The design,
        according to X, is final": the clause on both sides of it, in two pieces."""
        second = self.lexicon.source_phrase(according.lower_)
        to = next((c for c in according.children if c.lower_ == second), None)
        if to is None and according.i + 1 < len(self.doc) and self.doc[according.i + 1].lower_ == second:
            to = self.doc[according.i + 1]
        if to is None:
            return []
        source = pobj_of(to)
        if source is None:
            return []
        last = max(t.i for t in to.subtree)
        host = clause_verb(according.head)
        pieces = []
        if host is not None and not self.quotes.inside(host):
            pieces = clause_around(self.ctx, host.left_edge.i, (according.i, last + 1), host.right_edge.i + 1)
        if len(pieces) < 2:
            content = rest_of_sentence(self.ctx, according, according.i, last + 1)
            if content is not None and content.end <= according.i:  # "…, according to X."
                content = without_dateline(content)
                content = without_opening(self.ctx, content) if content is not None else None
            pieces = [content] if content is not None else []
        cue = self.doc[according.i : to.i + 1]
        return [Statement.reported(piece, "according_to", speaker=source, cue=cue) for piece in pieces]


def _is_cue_or_belief(token: Token, lexicon: Lexicon) -> bool:
    return is_cue(token, lexicon, near_quote=False) or token.lemma_.lower() in lexicon.belief_cues


def _impersonal_passive(cue: Token) -> bool:
    """ "It was said that …", "It has been reported that …": a passive cue with "it" for its
    subject and no agent says that words were said, by no one the text names."""
    return any(c.dep_ == "auxpass" for c in cue.children) and any(
        c.dep_ == "nsubjpass" and c.lower_ == "it" for c in cue.children
    )


def _said_by_noun(noun: Token) -> Token | None:
    """The head of what a statement noun reports: its that-clause, to-infinitive or "for" object."""
    for child in noun.rights:
        that_clause = child.dep_ in ("acl", "ccomp", "relcl") and introduced_by_that(child)
        infinitive = child.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        if that_clause or infinitive:
            return child
        if child.dep_ == "prep" and child.lower_ == "for":
            return pobj_of(child)
    return None


def _asked_of(obj: Token) -> bool:
    """ "urged voters to stay", "called on the mayor to quit": the object is whom the
    infinitive after it is asked of."""
    verb = obj.head.head if obj.dep_ == "pobj" else obj.head
    infinitive = infinitive_of(verb)
    return infinitive is not None and infinitive.i > obj.i
