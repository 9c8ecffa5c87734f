"""Find statements on a parsed Doc: who (speaker token), the cue, the addressee, the content.

Direct quotes are attributed by the words beside their marks (“…,” she said / He said:
“…” / “…” — the commissioner), by the previous quote of the same speaker, or by the next
sentence. Reported speech is found from the dependency tree: a cue verb of the lexicon
with a clausal complement ("X said (that) …", "…, X said", "X told Y …"), "according to X",
or an "ask for"/"call for" object; a cue or "according to X" set off inside the clause it
reports ("The plan, officials said, is …", "The wall, said Doe, will …", "The plan, according
to X, is …") reports that clause on both sides of it. Quoted fragments inside reported speech
become mixed quotes of that statement's speaker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Protocol

from spacy.tokens import Doc, Span, Token

from ..lexicon import Lexicon
from .quotemarks import QuoteSpan
from .syntax import SUBJECT_DEPS, QuoteMap, pobj_of, relative_antecedent, sentence_of, subject_of, trim_span

_DASHES = frozenset({"—", "–", "―", "-", "--"})
_OPENING_PUNCT = frozenset({".", "!", "?", ":", ",", ";", "—", "–", "―", "(", "..."})
# Words that may open the frame after a quote: a speaker ("former governor Doe said") or a cue.
_NOMINAL_OR_VERB = frozenset({"PRON", "PROPN", "VERB", "NOUN", "DET", "ADJ"})
_ADDRESSEE_VERBS = frozenset(
    {"tell", "warn", "inform", "assure", "reassure", "remind", "advise", "urge", "ask", "promise", "brief"}
)
_SPEAKING_VERBS = frozenset({"speak", "talk", "say", "tell", "write", "testify"})
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp"})
_OBJECT_COMPLEMENTS = frozenset({"oprd", "xcomp", "ccomp", "advcl"})
_OBJECT_PREPS = frozenset({"as", "of", "for"})
_CONTRASTS = frozenset({"while", "whereas", "though", "although"})
_THAT = frozenset({"that"})
_REFUSALS = frozenset({"decline", "refuse"})
_MAX_LABEL_TOKENS = 8
_NEAR_CUE_TOKENS = 8  # a cue this close after a quote may take its speaker by word order
_MAX_INTRO_TOKENS = 25  # how far back an introducing "… she said:" is looked for
_LABEL_BREAKS = frozenset({"ADP", "PUNCT", "CCONJ"})  # "Doe on the plan:", "Doe, in a statement:"
_LABEL_WORDS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "PART", "NUM"})
_NAME_PUNCT = frozenset({".", "-", "’", "'", "’s", "'s"})
_SPEAKER_ENTITIES = frozenset({"PERSON", "ORG", "NORP"})
_CUE_LEFT_DEPS = frozenset({"aux", "auxpass", "neg", "advmod"})
# After the verb, PolNeAR's cue keeps particles and adverbs ("pointed out", "said again") but not
# the phrases that date or place the saying ("said Tuesday", "said in a statement").
_CUE_RIGHT_DEPS = frozenset({"prt", "advmod"})
_NOT_SPEAKERS = frozenset({"that", "this", "these", "those", "what", "which"})  # "That said, …"
_PEOPLE_MODIFIERS = frozenset({"relcl", "acl", "prep", "amod"})  # "those surveyed", "those close to him"


class TaggedAttribution(Protocol):
    """What the trained tagger (`saidwhat.tagger`) predicts, in character offsets."""

    @property
    def source(self) -> tuple[int, int] | None: ...
    @property
    def cue(self) -> tuple[int, int] | None: ...
    @property
    def content(self) -> Sequence[tuple[int, int]]: ...
    @property
    def confidence(self) -> float: ...


@dataclass(slots=True)
class Statement:
    """One statement in token terms; turned into a `Quote` once speakers are resolved."""

    kind: str  # direct | mixed | indirect
    start: int  # character offsets of the content
    end: int
    speaker: Token | None = None
    cue: Span | None = None
    addressee: Token | None = None
    confidence: float = 0.8
    inherited_from: Statement | None = None  # a continuation takes its speaker from here
    standalone: bool = True  # a quote that is a sentence of its own, not a fragment in one

    @classmethod
    def reported(
        cls,
        content: Span,
        *,
        speaker: Token | None,
        cue: Span | None,
        addressee: Token | None = None,
        confidence: float = 0.8,
    ) -> Statement:
        """Reported speech whose content is the words of `content`."""
        return cls(
            "indirect",
            content.start_char,
            content.end_char,
            speaker=speaker,
            cue=cue,
            addressee=addressee,
            confidence=confidence,
        )


def _is_cue(token: Token, lexicon: Lexicon, *, near_quote: bool) -> bool:
    """A verb that reports speech: beside a quote any speech verb; elsewhere also verbs whose
    object or prepositional phrase is the content, but the quote-only ones ("go", "charge")
    only with a that-clause."""
    lemma = token.lemma_.lower()
    if token.pos_ not in ("VERB", "AUX"):
        return False
    if near_quote:
        return lemma in lexicon.speech_cues
    if lemma in lexicon.object_cues or lemma in lexicon.preposition_verbs:
        return True
    if lemma in lexicon.quote_only_cues:  # "charged that …", but not "charged the battery"
        return any(c.dep_ == "ccomp" and _introduced_by_that(c) for c in token.children)
    return lemma in lexicon.speech_cues


def _set_off(token: Token) -> bool:
    """Whether the phrase `token` heads follows a comma or dash: an aside, not a complement."""
    return _after_separator(token.doc, token.left_edge.i)


def _after_separator(doc: Doc, i: int) -> bool:
    """Whether the word at `i` follows a comma or dash."""
    return i > 0 and doc[i - 1].text in (",", *_DASHES)


def _introduced_by_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in _THAT for c in clause.children)


def _has_words(span: Span, count: int) -> bool:
    """At least `count` tokens that are not punctuation; stops counting there, since a content
    span of a badly parsed text can run to the end of the document."""
    return next(islice((t for t in span if not t.is_punct), count - 1, None), None) is not None


def _withheld(cue: Token) -> bool:
    """ "declined to comment on the price": what was not said. (A negated cue stays a statement:
    "has never said that …" attributes a position, and PolNeAR counts it.)"""
    return cue.dep_ == "xcomp" and cue.head.lemma_.lower() in _REFUSALS


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in SUBJECT_DEPS for c in verb.children)


def _starts_own_statement(verb: Token) -> bool:
    """A verb coordinated with a reported clause and sharing its subject ("and called B"), a
    participle ("…, adding B") or a contrast ("…, while Y said B") — see `_end_before_next_cue`."""
    if verb.dep_ == "conj":
        return not _has_subject(verb)
    if verb.dep_ != "advcl":
        return False
    marks = {c.lower_ for c in verb.children if c.dep_ == "mark"}
    if marks:
        return bool(marks & _CONTRASTS)
    return verb.tag_ == "VBG" and not _has_subject(verb)


def _can_speak(subject: Token) -> bool:
    """A demonstrative or "what" subject is a thing ("That said, …", "What she said …"), unless
    it stands for people: a relative pronoun ("a senator who said") or a modified "those"
    ("those surveyed said", "those who back her say")."""
    if subject.lower_ not in _NOT_SPEAKERS or relative_antecedent(subject) is not None:
        return True
    return subject.lower_ == "those" and any(c.dep_ in _PEOPLE_MODIFIERS for c in subject.children)


def _asked_of(obj: Token) -> bool:
    """ "urged voters to stay": the object is whom the infinitive after it is asked of."""
    return any(c.dep_ == "xcomp" and c.i > obj.i for c in obj.head.children)


def _clause_verb(token: Token) -> Token | None:
    """The verb of the clause `token` heads, past auxiliaries ("The fee, she added, was
    known": the parser may hang the cue off "was"); None for a noun."""
    while token.dep_ in ("aux", "auxpass") and token.head is not token:
        token = token.head
    return token if token.pos_ in ("VERB", "AUX") else None


# Occasions of speaking whose "with"/"to" phrase names whom the words were for.
_ADDRESSED_OCCASIONS = frozenset(
    {"interview", "call", "conversation", "meeting", "letter", "message", "email", "speech", "address",
     "briefing", "statement", "talk", "talks", "phone"}
)  # fmt: skip


def _addressee(cue: Token) -> Token | None:
    """ "told X", "said to reporters", "speaking to reporters, X said", "said in an interview
    with X", "in a letter to X"."""
    if cue.lemma_.lower() in _ADDRESSEE_VERBS:
        for child in cue.children:
            if child.dep_ in ("dobj", "dative") and child.pos_ in ("PROPN", "NOUN", "PRON"):
                return child
    candidates = [cue] + [c for c in cue.children if c.dep_ == "advcl" and c.lemma_ in _SPEAKING_VERBS]
    for verb in candidates:
        for child in verb.children:
            if (
                child.dep_ in ("prep", "dative")
                and child.lower_ == "to"
                and (obj := pobj_of(child)) is not None
            ):
                return obj
            if child.dep_ == "prep" and child.lower_ in ("in", "during"):
                for occasion in child.children:
                    if occasion.dep_ == "pobj" and occasion.lemma_.lower() in _ADDRESSED_OCCASIONS:
                        partner = _object_of(occasion, ("with", "to"))
                        if partner is not None:
                            return partner
    return None


def _object_of(head: Token, prepositions: tuple[str, ...]) -> Token | None:
    """The object of `head`'s first prepositional phrase led by one of `prepositions`."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in prepositions:
            return pobj_of(prep)
    return None


class Attributor:
    """Statements of one document; see the module docstring for the rules."""

    def __init__(self, doc: Doc, quotes: QuoteMap, lexicon: Lexicon, *, beliefs: bool = False) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token on each access
        self.quotes = quotes
        self.lexicon = lexicon
        self.beliefs = beliefs

    # ---------------------------------------------------------------- reported speech
    def reported(self) -> list[Statement]:
        statements: list[Statement] = []
        for token in self.doc:
            if self.quotes.inside(token):
                continue
            statement: Statement | None = None
            if token.lower_ == "according" and token.dep_ in ("prep", "advmod", "ROOT"):
                statements += self._according_to(token)
            elif _is_cue(token, self.lexicon, near_quote=False) or self._is_belief(token):
                statement = self._reported_by_verb(token) or self._as_reported(token) or self._block(token)
                if statement is None:
                    statements += self._parenthetical(token)
            elif token.text == ":":
                statement = self._labelled_line(token)
            if statement is not None:
                statements.append(statement)
        return statements

    def _is_belief(self, token: Token) -> bool:
        """Beliefs and intentions ("believes", "hopes"): attributions, but not speech, so
        only reported when asked for (PolNeAR counts them)."""
        return self.beliefs and token.pos_ == "VERB" and token.lemma_.lower() in self.lexicon.belief_cues

    def _content_of(self, cue: Token) -> tuple[Token, Token, Token | None] | None:
        """First and last token of what `cue` reports, and the preposition that belongs to
        the cue ("commented on"), if any: a clause, a to-infinitive, an object, a PP."""
        lemma = cue.lemma_.lower()
        children = list(cue.children)
        # Of two clauses, the one after the cue: "In a speech after the vote ended, she said
        # (that) …" — the parser may take a clause of the opening phrase for a complement too.
        clauses = [c for c in children if c.dep_ == "ccomp"] or self._clause_of_cue_noun(cue)
        clause = next((c for c in clauses if c.i > cue.i), clauses[0] if clauses else None)
        if clause is None and (lemma in self.lexicon.infinitive_cues or lemma in self.lexicon.belief_cues):
            clause = next((c for c in children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
        if clause is not None and clause.dep_ == "xcomp":
            return self._infinitive_content(cue, clause)
        if clause is not None:
            return clause.left_edge, clause.right_edge, None
        if lemma in self.lexicon.object_cues:
            obj = next((c for c in children if c.dep_ == "dobj" and not c.is_punct), None)
            if obj is not None:
                # "described the plan as a disaster", "called the report a hoax", "accused the
                # board of lying", "praised the crew for its courage": what was said of the object,
                # but not a phrase set off after it ("criticized the plan, saying …"), a new statement
                tail = [
                    c
                    for c in children
                    if c.i > obj.i
                    and (c.dep_ in _OBJECT_COMPLEMENTS or (c.dep_ == "prep" and c.lower_ in _OBJECT_PREPS))
                    and not _set_off(c)
                ]
                last = max([obj.right_edge, *(c.right_edge for c in tail)], key=lambda t: t.i)
                return obj.left_edge, last, None
        for prep in children:
            if prep.dep_ == "prep" and (lemma, prep.lower_) in self.lexicon.preposition_cues:
                obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
                if obj is not None:
                    return obj.left_edge, obj.right_edge, prep
        # "called for the allies to act": the parser reads "for" as the mark of a clause
        for clause in children:
            mark = next((c for c in clause.children if c.dep_ == "mark"), None)
            if clause.dep_ != "advcl" or mark is None or mark.i != clause.left_edge.i:
                continue
            if (lemma, mark.lower_) in self.lexicon.preposition_cues:
                return self.doc[mark.i + 1], clause.right_edge, mark
        return None

    def _clause_of_cue_noun(self, cue: Token) -> list[Token]:
        """ "said in a statement that …": the parser hangs the that-clause off the noun that
        names the saying, but it is what was said."""
        return [
            clause
            for prep in cue.children
            if prep.dep_ == "prep"
            for noun in prep.children
            if noun.dep_ == "pobj" and noun.lemma_.lower() in self.lexicon.cue_nouns
            for clause in noun.rights
            if clause.dep_ in ("acl", "ccomp") and _introduced_by_that(clause)
        ]

    @staticmethod
    def _infinitive_content(cue: Token, clause: Token) -> tuple[Token, Token, Token | None]:
        """ "urged voters to stay", "called on Congress to act": PolNeAR's content takes in
        whom the infinitive is asked of, and "on" belongs to the cue."""
        between = [c for c in cue.children if cue.i < c.i < clause.i]
        obj = next((c for c in between if c.dep_ in ("dobj", "dative")), None)
        if obj is not None:
            return obj.left_edge, clause.right_edge, None
        for on in between:
            if on.dep_ == "prep" and on.lower_ == "on" and (on_obj := pobj_of(on)) is not None:
                return on_obj.left_edge, clause.right_edge, on
        return clause.left_edge, clause.right_edge, None

    def _reported_by_verb(self, cue: Token) -> Statement | None:
        content = self._content_of(cue)
        if content is None:
            return None
        first_token, last_token, prep = content
        if (
            cue.tag_ == "VBN"
            and cue.dep_ in ("advcl", "acl")
            and not any(c.dep_.startswith("aux") for c in cue.children)
        ):
            return None  # "Asked about the plan, she said …": the subject was asked, not asking
        if _withheld(cue) or self._misread_inversion(cue) is not None:
            return None  # a refusal; or a cue inside its clause, left to `_parenthetical`
        speaker = subject_of(self._outer_cue(cue))
        if speaker is None or self.quotes.inside(speaker):
            return None
        if not _can_speak(speaker):
            return None
        first = first_token.i
        if first < cue.i < last_token.i:  # "…, which officials said grew tense": the clause after the cue
            first = cue.i + 1
        last = self._end_before_next_cue(cue, first, last_token.i)
        span = trim_span(self.doc[first : last + 1])
        if span is not None and span.start == cue.i + 1:
            span = self._without_leading_date(span)
        if span is None or not _has_words(span, 2):
            return None
        if cue.i in range(span.start, span.end) or speaker.i in range(span.start, span.end):
            return None
        cue_span = self._cue_span(cue, content=(span.start_char, span.end_char), speaker=speaker)
        if prep is not None and prep.i >= cue_span.end:
            cue_span = self.doc[cue_span.start : prep.i + 1]
        addressee = _addressee(cue)
        if addressee is not None and span.start <= addressee.i < span.end and not _asked_of(addressee):
            addressee = None  # "urged an apology": the object is what was said, not to whom
        return Statement.reported(
            span,
            speaker=speaker,
            cue=cue_span,
            addressee=addressee,
            confidence=0.8,
        )

    def _parenthetical(self, cue: Token) -> list[Statement]:
        """ "The plan, officials said, is to wait", "The wall, said Doe, will …": a cue set off
        by commas inside the clause it reports. The parser hangs it off that clause's verb
        (parataxis), or reads it as the main verb with the rest of the clause as its complement
        and two subjects, the clause's before it and the speaker after it (see `_misread_inversion`)."""
        first = cue.i  # the set-off words: back from the cue to the comma before them
        while first > 0 and not self.doc[first - 1].is_punct and cue.is_ancestor(self.doc[first - 1]):
            first -= 1
        inverted = self._misread_inversion(cue)
        host = _clause_verb(cue.head)
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
        if speaker is None or not _can_speak(speaker) or speaker.pos_ not in ("PROPN", "PRON", "NOUN"):
            return []
        pieces = self._clause_around(start, hole, end)
        cue_span = self._cue_span(cue, speaker=speaker)
        return [
            Statement.reported(
                piece,
                speaker=speaker,
                cue=cue_span,
                addressee=_addressee(cue),
                confidence=0.75,
            )
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

    def _clause_around(self, start: int, hole: tuple[int, int], end: int) -> list[Span]:
        """The words [start, end) of a clause on either side of the words [hole) set off inside
        it by a comma or dash: one content in two pieces that share speaker and cue (PolNeAR
        marks one content in two fragments); with nothing after the set-off words, one piece."""
        first, after = hole
        if not _after_separator(self.doc, first):
            return []  # not set off from the clause
        pieces = [trim_span(self.doc[start:first]), trim_span(self.doc[after:end]) if after < end else None]
        if pieces[1] is not None and len(pieces[1]) > 1 and pieces[1][-1].text == ".":
            pieces[1] = pieces[1][:-1]  # the full stop ends the sentence, not the content
        kept = [p for p in pieces if p is not None and any(not t.is_punct for t in p)]
        if not kept or not _has_words(self.doc[kept[0].start : kept[-1].end], 3):
            return []
        return kept

    def _outer_cue(self, cue: Token) -> Token:
        """ "X said A and called B", "X said A, adding B": the parser often hangs the second cue
        inside A; with no subject of its own, it shares the cue whose content it is in."""
        if cue.dep_ not in ("conj", "advcl") or _has_subject(cue):
            return cue
        clause = cue.head
        for _ in range(3):  # up to the reported clause, through a few coordinated verbs
            if clause.dep_ == "ccomp" and _is_cue(clause.head, self.lexicon, near_quote=False):
                return clause.head
            if clause.dep_ not in ("conj", "advcl", "xcomp") or _has_subject(clause):
                break
            clause = clause.head
        return cue

    def _end_before_next_cue(self, cue: Token, first: int, last: int) -> int:
        """Where a statement of its own starts inside this one's content, this one ends:
        a cue coordinated with the reported clause ("X said A and called B"), a participle
        ("X said A, adding B") or a contrast ("X said A, while Y said B"); not at a clause that
        is part of what was reported ("X said Y told her B", "… when Y called")."""
        for token in self.doc[first + 1 : last + 1]:
            if not first <= token.head.i <= last or token.left_edge.i <= first:
                continue
            if not _starts_own_statement(token) or not _is_cue(token, self.lexicon, near_quote=False):
                continue
            if self._content_of(token) is not None:
                end = token.left_edge.i - 1
                while end > first and (self.doc[end].is_punct or self.doc[end].pos_ == "CCONJ"):
                    end -= 1
                return end
        return last

    def _without_leading_date(self, span: Span) -> Span | None:
        """ "said Wednesday (that) the talks …": the parser files the date under the content,
        but it dates the saying."""
        start = span.start
        while start < span.end and self.doc[start].ent_type_ in ("DATE", "TIME"):
            start += 1
        return trim_span(self.doc[start : span.end]) if start > span.start else span

    def _cue_span(
        self, cue: Token, *, content: tuple[int, int] = (0, 0), speaker: Token | None = None
    ) -> Span:
        """The cue with the words that modify it, as PolNeAR marks a cue: auxiliaries, negation
        and adverbs before it ("has never said", "also said"), particles and adverbs after it up
        to the content or speaker ("pointed out")."""

        def free(token: Token) -> bool:
            in_speaker = speaker is not None and speaker.left_edge.i <= token.i <= speaker.right_edge.i
            in_content = content[0] <= token.idx < content[1]
            return not (in_speaker or in_content or self.quotes.inside(token))

        start = cue.i
        for child in reversed(list(cue.lefts)):
            if child.dep_ not in _CUE_LEFT_DEPS or child.right_edge.i != start - 1:
                break
            if not all(free(t) for t in child.subtree):
                break
            start = child.left_edge.i
        end = cue.i + 1
        for child in cue.rights:
            if child.dep_ not in _CUE_RIGHT_DEPS or child.left_edge.i != end:
                break
            if not all(free(t) for t in child.subtree):
                break
            end = child.right_edge.i + 1
        if end < len(self.doc):  # "called for", "commented on": the verb's own preposition
            after = self.doc[end]
            if (
                after.head == cue
                and after.dep_ == "prep"
                and (cue.lemma_.lower(), after.lower_) in self.lexicon.preposition_cues
            ):
                end += 1
        return self.doc[start:end]

    def _line_label(self, colon: Token) -> Token | None:
        """The speaker of a line "Doe: words" — a headline ("Doe: Plan Is a Disaster"), a
        transcript ("DOE: We will …"), "Doe on the plan: …": the head of the name before the
        colon, when the colon follows the first few words of its line and no verb comes first.
        The small model tags headline and capitalised words poorly, so a transcript label is
        taken on its capitals alone and a headline one needs a proper noun or a named entity."""
        if colon.text != ":" or self.quotes.inside(colon):
            return None
        line_start = self.text.rfind("\n", 0, colon.idx) + 1
        label = [
            t for t in self.doc[sentence_of(colon).start : colon.i] if t.idx >= line_start and not t.is_space
        ]
        if not label or len(label) > _MAX_LABEL_TOKENS or not label[0].text[:1].isupper():
            return None
        if any(t.lower_.rstrip(".") in self.lexicon.not_labels or self.quotes.inside(t) for t in label):
            return None
        if len(label) <= 4 and all((t.is_upper and not t.is_stop) or t.text in _NAME_PUNCT for t in label):
            return self.doc[label[0].i : label[-1].i + 1].root  # "JANE DOE:"
        name: list[Token] = []
        for token in label:
            if token.pos_ in _LABEL_BREAKS and token.text not in _NAME_PUNCT:
                break  # "Doe on the plan:", "Doe, in a statement:"
            if token.pos_ not in _LABEL_WORDS:
                return None
            name.append(token)
        if not any(t.pos_ == "PROPN" or t.ent_type_ in _SPEAKER_ENTITIES for t in name):
            return None
        return self.doc[name[0].i : name[-1].i + 1].root

    def _labelled_line(self, colon: Token) -> Statement | None:
        """ "Doe: Plan Is a Disaster": the rest of the line is what the label's speaker said."""
        speaker = self._line_label(colon)
        if speaker is None:
            return None
        line_end = self.text.find("\n", colon.idx)
        content = self.doc.char_span(
            colon.idx + 1, line_end if line_end >= 0 else len(self.text), alignment_mode="expand"
        )
        content = trim_span(content) if content is not None else None
        if content is None or len([t for t in content if t.is_alpha]) < 3:
            return None
        return Statement.reported(
            content,
            speaker=speaker,
            cue=self.doc[colon.i : colon.i + 1],
            confidence=0.7,
        )

    def _as_reported(self, cue: Token) -> Statement | None:
        """ "As the Gazette reported, the mayor …" / "as reported by X, …": the rest of the
        sentence is what was reported."""
        if cue.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
            return None
        speaker = subject_of(cue)
        content = self._rest_of_sentence(cue, cue.left_edge.i, cue.right_edge.i + 1)
        if speaker is None or content is None:
            return None
        return Statement.reported(content, speaker=speaker, cue=self._cue_span(cue))

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
        return Statement.reported(content, speaker=speaker, cue=self._cue_span(cue))

    def _rest_of_sentence(self, anchor: Token, start: int, end: int) -> Span | None:
        """The longer part of `anchor`'s sentence outside the phrase [start, end)."""
        sent = sentence_of(anchor)
        before = trim_span(self.doc[sent.start : start])
        after = trim_span(self.doc[end : sent.end])
        content = max((s for s in (before, after) if s is not None), key=len, default=None)
        return content if content is not None and len(content) >= 3 else None

    def _according_to(self, according: Token) -> list[Statement]:
        """ "According to X, …", "…, according to X.": the rest of the sentence; "The design,
        according to X, is final": the clause on both sides of it, in two pieces."""
        to = next((c for c in according.children if c.lower_ == "to"), None)
        if to is None and according.i + 1 < len(self.doc) and self.doc[according.i + 1].lower_ == "to":
            to = self.doc[according.i + 1]
        if to is None:
            return []
        source = pobj_of(to)
        if source is None:
            return []
        last = max(t.i for t in to.subtree)
        host = _clause_verb(according.head)
        pieces = []
        if host is not None and not self.quotes.inside(host):
            pieces = self._clause_around(host.left_edge.i, (according.i, last + 1), host.right_edge.i + 1)
        if len(pieces) < 2:
            content = self._rest_of_sentence(according, according.i, last + 1)
            pieces = [content] if content is not None else []
        return [
            Statement.reported(
                piece,
                speaker=source,
                cue=self.doc[according.i : to.i + 1],
                confidence=0.8,
            )
            for piece in pieces
        ]

    # ---------------------------------------------------------------- direct quotes
    def direct(self) -> list[Statement]:
        statements: list[Statement] = []
        for quote in self.quotes.quotes:
            statement = self._attribute_quote(quote)
            statements.append(statement)
        return statements

    def _tokens_between(self, start: int, end: int) -> list[Token]:
        span = self.doc.char_span(start, end, alignment_mode="contract")
        return [t for t in span if not t.is_space] if span is not None else []

    def _after(self, quote: QuoteSpan) -> list[Token]:
        """Words after the closing mark up to the end of the sentence or the next quote."""
        tokens: list[Token] = []
        span = self.doc.char_span(quote.outer_end, len(self.text), alignment_mode="expand")
        if span is None:
            return tokens
        for token in span:
            if self.quotes.inside(token) or "\n" in token.text:
                break
            if token.is_space:
                continue
            tokens.append(token)
            if token.text in (".", "!", "?") or len(tokens) > 25:
                break
        return tokens

    def _before(self, quote: QuoteSpan) -> list[Token]:
        """Words before the opening mark, back to the sentence start or the previous quote."""
        tokens: list[Token] = []
        span = self.doc.char_span(0, quote.outer_start, alignment_mode="contract")
        if span is None:
            return tokens
        for token in reversed(span):
            if self.quotes.inside(token) or "\n" in token.text:
                break
            if token.is_space:
                continue
            if token.text in (".", "!", "?") and tokens:
                break
            tokens.insert(0, token)
        return tokens

    def _speaker_near(self, cue: Token, context: list[Token]) -> Token | None:
        subject = subject_of(cue)
        if subject is not None and not self.quotes.inside(subject):
            return subject
        # The parser often hangs the cue off a clause inside the quote; fall back to order.
        # Take the nearest noun beside the cue: its subject ("Doe said") or, inverted, after it.
        words = {t.i: t for t in context if not t.is_punct}
        for offset in (-1, 1, -2, 2, -3, 3):
            token = words.get(cue.i + offset)
            if token is not None and token.pos_ in ("PROPN", "PRON", "NOUN"):
                return self._phrase_head(token)
        return None

    @staticmethod
    def _phrase_head(token: Token) -> Token:
        while token.dep_ in ("compound", "amod", "det", "poss") and token.head is not token:
            token = token.head
        return token

    def _attribute_quote(self, quote: QuoteSpan) -> Statement:
        after = self._after(quote)
        before = self._before(quote)
        # A quote that opens its sentence, or follows a colon, comma or "that", is a direct
        # quote; one inside a sentence ("sanctions “like none …”") is a mixed quote.
        standalone = not before or before[-1].text in _OPENING_PUNCT or before[-1].lower_ in _THAT
        kind = "direct" if standalone else "mixed"
        # “…,” she said. / “…,” said Jane Doe. — but not “… .” She added: “…”, which
        # introduces the next quote.
        new_sentence = self.text[quote.end - 1] in ".!?" and bool(after) and after[0].text[:1].isupper()
        continued = bool(after) and after[0].is_alpha and after[0].pos_ not in _NOMINAL_OR_VERB
        if standalone and continued:  # “…” than anyone expected, Doe said.
            framed = self._closing_frame(after)
            if framed is not None:
                return self._direct(quote, kind, framed[0], framed[1], 0.85)
        if after and not new_sentence and not continued:
            for n, token in enumerate(after):
                if _is_cue(token, self.lexicon, near_quote=True):
                    # “…,” Jane Doe, the harbour's chief engineer since 2019, told reporters: a
                    # far cue needs its own subject between the quote and it.
                    if n < _NEAR_CUE_TOKENS:
                        speaker = self._speaker_near(token, after)
                    else:
                        speaker = subject_of(token)
                        if speaker is not None and not after[0].i <= speaker.i < token.i:
                            speaker = None
                    if speaker is not None:
                        return self._direct(quote, kind, speaker, token, 0.95)
                    break
            if standalone and after[0].text in _DASHES and len(after) > 1:  # “…” — the commissioner
                head = self._phrase_head(after[1])
                if head.pos_ in ("PROPN", "NOUN"):
                    return self._direct(quote, kind, head, None, 0.85)
        # Doe: “…” (a headline or transcript line)
        if standalone and before and before[-1].text == ":":
            labelled = self._line_label(before[-1])
            if labelled is not None:
                return self._direct(quote, kind, labelled, before[-1], 0.85)
        # She said: “…” / Doe told reporters, “…”
        if standalone and before:
            for token in reversed(before):
                if _is_cue(token, self.lexicon, near_quote=True):
                    speaker = self._speaker_near(token, before)
                    if speaker is not None:
                        return self._direct(quote, kind, speaker, token, 0.95)
            according = next((t for t in before if t.lower_ == "according"), None)
            if according is not None:  # According to the ministry, “…”
                cited = next(iter(self._according_to(according)), None)
                if cited is not None and cited.cue is not None:
                    return Statement(
                        kind, quote.start, quote.end, speaker=cited.speaker, cue=cited.cue, confidence=0.85
                    )
        # She said:¶“…” — the quote opens the paragraph after the one that introduces it
        if not before:
            introduced = self._introduced_by_last_paragraph(quote)
            if introduced is not None:
                return introduced
        # Attributed later: by the reported speech around it, or by its neighbours.
        return Statement(kind, quote.start, quote.end, confidence=0.0, standalone=standalone)

    def _closing_frame(self, after: list[Token]) -> tuple[Token, Token] | None:
        """Speaker and cue of a frame that closes the sentence a quote opens, after a comma:
        “…” than anyone expected, Doe said. / “…” if …, said Doe, an analyst."""
        cue = next((t for t in after if _is_cue(t, self.lexicon, near_quote=True)), None)
        if cue is None or any(c.dep_ in _CLAUSE_DEPS and c.i > cue.i for c in cue.children):
            return None  # none, or "…, Doe said that …", which reports a clause of its own
        comma = max((t.i for t in after if t.text == "," and t.i < cue.i), default=None)
        if comma is None or cue.i - comma > _NEAR_CUE_TOKENS:
            return None
        speaker = subject_of(cue)
        if speaker is None or speaker.i <= comma or speaker.i > after[-1].i:
            return None
        return speaker, cue

    def _introduced_by_last_paragraph(self, quote: QuoteSpan) -> Statement | None:
        """A paragraph that ends "… she told reporters:" introduces the quote below it."""
        span = self.doc.char_span(0, quote.outer_start, alignment_mode="contract")
        words = [t for t in span or () if not t.is_space][-_MAX_INTRO_TOKENS:]
        if not words or words[-1].text != ":" or self.quotes.inside(words[-1]):
            return None
        sentence = [t for t in words if t.sent == words[-1].sent and not self.quotes.inside(t)]
        for token in reversed(sentence):
            if _is_cue(token, self.lexicon, near_quote=True):
                speaker = self._speaker_near(token, sentence)
                if speaker is not None:
                    return self._direct(quote, "direct", speaker, token, 0.85)
                break
        return None

    def _direct(
        self, quote: QuoteSpan, kind: str, speaker: Token, cue: Token | None, confidence: float
    ) -> Statement:
        return Statement(
            kind,
            quote.start,
            quote.end,
            speaker=speaker,
            cue=self._cue_span(cue, content=(quote.start, quote.end), speaker=speaker) if cue else None,
            addressee=_addressee(cue) if cue is not None else None,
            confidence=confidence,
        )

    def next_sentence_speaker(self, quote: QuoteSpan) -> Statement | None:
        """A quote standing alone, whose speaker is named in the sentence after it:
        “…” Doe said on Monday. / “…” That was how Doe put it."""
        span = self.doc.char_span(quote.outer_end, len(self.text), alignment_mode="expand")
        if span is None:
            return None
        words = [t for t in span if not t.is_space]
        if not words or self.quotes.inside(words[0]):
            return None
        sentence = sentence_of(words[0])
        for token in sentence:
            if self.quotes.inside(token) or token.i < words[0].i:
                continue
            if _is_cue(token, self.lexicon, near_quote=True):
                has_content = any(c.dep_ in _CLAUSE_DEPS for c in token.children)
                speaker = subject_of(token)
                if speaker is not None and not has_content:
                    return self._direct(quote, "direct", speaker, token, 0.6)
                return None
        return None
