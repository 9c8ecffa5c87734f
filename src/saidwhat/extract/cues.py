"""Cues: the words that mark speech — which verbs count, the span PolNeAR marks as the cue,
whom the words were addressed to, and the name that labels a line ("Doe: …")."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..lexicon import Lexicon
from ..types import StatementKind
from .context import DocContext
from .syntax import SPEAKER_ENTITIES, object_of, pobj_of, subject_of

DASHES = frozenset({"—", "–", "―", "-", "--"})
_THAT = frozenset({"that"})
_CUE_LEFT_DEPS = frozenset({"aux", "auxpass", "neg", "advmod"})
# After the verb, PolNeAR's cue keeps particles and adverbs ("pointed out", "said again") but not
# the phrases that date or place the saying ("said Tuesday", "said in a statement").
_CUE_RIGHT_DEPS = frozenset({"prt", "advmod"})
_MAX_LABEL_TOKENS = 8
_LABEL_BREAKS = frozenset({"ADP", "PUNCT", "CCONJ"})  # "Doe on the plan:", "Doe, in a statement:"
_LABEL_WORDS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "PART", "NUM"})
_NAME_PUNCT = frozenset({".", "-", "’", "'", "’s", "'s"})
_COMPLEMENTS = frozenset({"oprd", "xcomp", "ccomp", "acomp"})  # "found the law unlawful"
_QUESTION_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})  # "what", "who", "how", "why"
_TIME_ENTITIES = frozenset({"DATE", "TIME"})
_BRACKETS = (("(", ")"), ("[", "]"))
_OCCASION_PREPS = frozenset({"in", "on", "via", "through"})  # "said in a letter", "wrote on Facebook"


def is_cue(token: Token, lexicon: Lexicon, *, near_quote: bool) -> bool:
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
        return any(c.dep_ == "ccomp" and introduced_by_that(c) for c in token.children)
    return lemma in lexicon.speech_cues


def withheld(cue: Token, lexicon: Lexicon) -> bool:
    """ "declined to comment on the price", "did not respond to a request for comment": what
    was not said. (Other negated cues stay statements: "has never said that …" attributes a
    position, and PolNeAR counts it.)"""
    head = cue.head.lemma_.lower() if cue.dep_ == "xcomp" else ""
    if head in lexicon.refusals:
        return True
    if cue.lemma_.lower() not in lexicon.non_responses:
        return False
    return head in lexicon.missed_responses or any(c.dep_ == "neg" for c in cue.children)


def holds_position(verb: Token, lexicon: Lexicon) -> bool:
    """Whether a belief or stance verb attributes a position to its subject, as a reader lists
    one (docs/precision-audit.md): no verb of seeming ("Japan seems to have caught up": the
    writer's judgement), no possibility ("could offer a glimpse", "might want"), and a
    verb of perceiving or knowing only with a that-clause or its belief preposition ("found
    that the dam leaks", "sees it as a threat"; not "saw the crowd", "knew what happened")."""
    lemma = verb.lemma_.lower()
    if lemma in lexicon.raising_verbs:  # "seemed to think …": the belief under it is the subject's
        return any(
            c.dep_ == "xcomp" and c.lemma_.lower() in lexicon.belief_cues - lexicon.raising_verbs
            for c in verb.children
        )
    first = verb
    while first.dep_ == "conj" and first.head.i != first.i:  # "could see and hear it"
        first = first.head
    auxiliaries = {c.lower_ for v in (verb, first) for c in v.children if c.dep_ == "aux"}
    if auxiliaries & lexicon.possibility_modals:
        return False
    if lemma not in lexicon.percept_verbs:
        return True
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    holder = subject_of(verb)
    if holder is not None and {holder.lower_, holder.lemma_.lower()} & lexicon.evidence_nouns:
        return bool(objects or clauses)  # "the poll shows a close race": a finding
    if any(not _asks(c, lexicon) for c in clauses):
        return True
    if objects and any(c.dep_ in _COMPLEMENTS and c.i > objects[0].i for c in verb.children):
        return True  # "found the law unlawful"
    return any(
        c.dep_ == "prep" and lexicon.cue_preposition(lemma, c.lower_)
        for head in (verb, *objects)  # "saw his visit as a surprise"
        for c in head.children
    )


def _asks(clause: Token, lexicon: Lexicon) -> bool:
    """A question rather than a proposition: "knew what had happened", "know whether it works"
    (the model tags "that" as a wh-word, also as a complementizer or a determiner)."""
    first = clause.left_edge
    if introduced_by_that(clause) or first.lower_ == "that":
        return False
    return first.tag_ in _QUESTION_TAGS or marked_question(clause, lexicon)


def marked_question(clause: Token, lexicon: Lexicon) -> bool:
    """A clause a question word marks: "asked residents if they …", "know whether it works"."""
    return any(c.dep_ == "mark" and c.lower_ in lexicon.question_marks for c in clause.children)


def statement_kind(cue: Span | None, lexicon: Lexicon) -> StatementKind:
    """What a cue reports, so readers can keep words and leave out beliefs (see `Lexicon.cue_kind`);
    any cue in a written occasion ("said in a letter", "stated on Facebook") is writing, and a
    statement without a cue (a quote) speech."""
    if cue is None:
        return "speech"
    head = cue.root
    written = _in_written_occasion(head, lexicon)
    return lexicon.cue_kind(head.lemma_.lower(), head.lower_, punct=head.is_punct, written=written)


def _in_written_occasion(cue: Token, lexicon: Lexicon) -> bool:
    return any(
        prep.dep_ == "prep"
        and prep.lower_ in _OCCASION_PREPS
        and any(o.dep_ == "pobj" and o.lemma_.lower() in lexicon.writing_occasions for o in prep.children)
        for prep in cue.children
    )


def introduced_by_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in _THAT for c in clause.children)


def set_off(token: Token) -> bool:
    """Whether the phrase `token` heads follows a comma or dash: an aside, not a complement."""
    return after_separator(token.doc, token.left_edge.i)


def after_separator(doc: Doc, i: int) -> bool:
    """Whether the word at `i` follows a comma or dash."""
    return i > 0 and doc[i - 1].text in (",", *DASHES)


def addressee(cue: Token, lexicon: Lexicon) -> Token | None:
    """ "told X", "said to reporters", "speaking to reporters, X said", "said in an interview
    with X", "in a letter to X"."""
    if cue.lemma_.lower() in lexicon.addressee_verbs:
        for child in cue.children:
            if child.dep_ in ("dobj", "dative") and child.pos_ in ("PROPN", "NOUN", "PRON"):
                return child
    if cue.lemma_.lower() in lexicon.infinitive_cues and (infinitive := infinitive_of(cue)) is not None:
        whom = asked_object(cue, infinitive)
        if whom is not None and whom[1] is not None:  # "called on the mayor to quit"
            return whom[0]
    speaking = [c for c in cue.children if c.dep_ == "advcl" and c.lemma_ in lexicon.speaking_verbs]
    for verb in [cue, *speaking]:
        for child in verb.children:
            if (
                child.dep_ in ("prep", "dative")
                and child.lower_ == "to"
                and (obj := pobj_of(child)) is not None
            ):
                return obj
            if child.dep_ == "prep" and child.lower_ in ("in", "during"):
                for occasion in child.children:
                    if occasion.dep_ == "pobj" and occasion.lemma_.lower() in lexicon.addressed_occasions:
                        partner = object_of(occasion, ("with", "to"))
                        if partner is not None:
                            return partner
    return None


def infinitive_of(cue: Token) -> Token | None:
    """The to-infinitive after an infinitive cue ("urged voters to stay"): its complement, or
    an infinitive right after the verb's object, which the small model may read as a clause of
    purpose ("called on the mayor to quit": advcl); after such a cue's object it is what was
    asked."""
    xcomp = next((c for c in cue.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
    if xcomp is not None:
        return xcomp
    for clause in cue.rights:
        if clause.dep_ != "advcl" or not any(c.dep_ == "aux" and c.tag_ == "TO" for c in clause.children):
            continue
        whom = asked_object(cue, clause)
        if whom is not None and whom[0].right_edge.i + 1 == clause.left_edge.i:
            return clause
    return None


def asked_object(cue: Token, infinitive: Token) -> tuple[Token, Token | None] | None:
    """Whom `cue` asks to do the `infinitive` after it: its object ("urged voters to stay"), or
    the object of "on" with that "on" ("called on Congress to act"; not a day: "voted on
    Tuesday to")."""
    between = [c for c in cue.children if cue.i < c.i < infinitive.i]
    obj = next((c for c in between if c.dep_ in ("dobj", "dative")), None)
    if obj is not None:
        return obj, None
    for on in between:
        on_obj = pobj_of(on) if on.dep_ == "prep" and on.lower_ == "on" else None
        if on_obj is not None and on_obj.ent_type_ not in ("DATE", "TIME"):
            return on_obj, on
    return None


def cue_span(
    ctx: DocContext, cue: Token, *, content: tuple[int, int] = (0, 0), speaker: Token | None = None
) -> Span:
    """The cue with the words that modify it, as PolNeAR marks a cue: auxiliaries, negation
    and adverbs before it ("has never said", "also said"), particles and adverbs after it up
    to the content or speaker ("pointed out")."""
    doc = ctx.doc

    def free(token: Token) -> bool:
        in_speaker = speaker is not None and speaker.left_edge.i <= token.i <= speaker.right_edge.i
        in_content = content[0] <= token.idx < content[1]
        return not (in_speaker or in_content or ctx.quotes.inside(token))

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
    if end < len(doc):  # "called for", "commented on": the verb's own preposition
        after = doc[end]
        if (
            after.head == cue
            and after.dep_ == "prep"
            and ctx.lexicon.cue_preposition(cue.lemma_.lower(), after.lower_)
        ):
            end += 1
    return doc[start:end]


def line_label(ctx: DocContext, colon: Token) -> Token | None:
    """The speaker of a line "Doe: words" — a headline ("Doe: Plan Is a Disaster"), a
    transcript ("DOE: We will …"), "Doe on the plan: …": the head of the name before the
    colon, when the colon follows the first few words of its line and no verb comes first.
    The small model tags headline and capitalised words poorly, so a transcript label is
    taken on its capitals alone and a headline one needs a proper noun or a named entity."""
    doc = ctx.doc
    if colon.text != ":" or ctx.quotes.inside(colon):
        return None
    line_start = ctx.text.rfind("\n", 0, colon.idx) + 1
    label = [t for t in doc[ctx.sentence(colon).start : colon.i] if t.idx >= line_start and not t.is_space]
    if not label or len(label) > _MAX_LABEL_TOKENS or not label[0].text[:1].isupper():
        return None
    if any(t.lower_.rstrip(".") in ctx.lexicon.not_labels or ctx.quotes.inside(t) for t in label):
        return None
    if _names_no_one(ctx, label, colon):
        return None
    if len(label) <= 4 and all((t.is_upper and not t.is_stop) or t.text in _NAME_PUNCT for t in label):
        return doc[label[0].i : label[-1].i + 1].root  # "JANE DOE:"
    name: list[Token] = []
    for token in label:
        if token.pos_ in _LABEL_BREAKS and token.text not in _NAME_PUNCT:
            break  # "Doe on the plan:", "Doe, in a statement:"
        if token.pos_ not in _LABEL_WORDS:
            return None
        name.append(token)
    if len(name) == 1:  # "Coronavirus: New York ramps up …" — a topic, not a speaker; but
        # "Doe: …" is Doe's, however the model tags a name it reads in a headline ("Sanders": NNS)
        return name[0] if _named_elsewhere(ctx, name[0], line_start) else None
    if not any(t.pos_ == "PROPN" or t.ent_type_ in SPEAKER_ENTITIES for t in name):
        return None
    return doc[name[0].i : name[-1].i + 1].root


def _names_no_one(ctx: DocContext, label: list[Token], colon: Token) -> bool:
    """A label that is no speaker's name (docs/precision-audit.md): a date, a time or a number
    ("October 22: ACCIDENT – …", "Model 3080: …"; a name holds no digit), a letter's salutation
    ("DEAR ABBY: …", whom the letter is written to), or words in brackets the colon falls inside
    ("Acme (ticker: ACM) reported …")."""
    before = ctx.text[label[0].idx : colon.idx]
    return (
        label[0].lower_ in ctx.lexicon.salutations
        or any(t.ent_type_ in _TIME_ENTITIES or any(c.isdigit() for c in t.text) for t in label)
        or any(before.count(opening) > before.count(closing) for opening, closing in _BRACKETS)
    )


def _named_elsewhere(ctx: DocContext, word: Token, line_start: int) -> bool:
    """Whether the one word of a label is a name the article uses for someone outside the
    line: within a longer name ("Alastair Campbell"), after a title or honorific ("Mr
    Campbell"), or as the subject of a speech verb ("Campbell said")."""
    line_end = ctx.text.find("\n", word.idx) % (len(ctx.text) + 1)  # -1 (no break): the text's end
    lexicon = ctx.lexicon
    for token in ctx.doc:
        if token.text != word.text or line_start <= token.idx < line_end:
            continue
        neighbours = [ctx.doc[j] for j in (token.i - 1, token.i + 1) if 0 <= j < len(ctx.doc)]
        if any(n.pos_ == "PROPN" and n.text[:1].isupper() and "\n" not in n.text for n in neighbours):
            return True
        if token.i > 0 and (
            lexicon.is_title(ctx.doc[token.i - 1].text) or lexicon.is_honorific(ctx.doc[token.i - 1].text)
        ):
            return True
        if token.dep_ in ("nsubj", "nsubjpass") and is_cue(token.head, lexicon, near_quote=True):
            return True
    return False
