"""Where a statement was made, when the cue's own clause says so.

News gives the place of speaking in the clause around the speech verb: a prepositional
phrase ("told reporters in Washington"), an occasion with a place ("said during an
appearance in Geneva") or a participial frame ("Speaking as she left the Capitol, X said").
Places further away in the sentence are where other things happened, so only the cue's
clause and its adverbial modifiers are searched, never the reported content.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..lexicon import Lexicon
from .context import DocContext

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_NOT_PLACE_LABELS = frozenset(
    {"DATE", "TIME", "PERSON", "NORP", "ORDINAL", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "LANGUAGE",
     "LAW", "WORK_OF_ART", "PRODUCT"}
)  # fmt: skip
_MAX_DEPTH = 3


def statement_place(ctx: DocContext, *, cue: Token | None, content: tuple[int, int]) -> str | None:
    """The place the statement was made as written in the text ("the White House"), or None.

    "X said in a statement" has no place: only place names count (GPE/LOC/FAC entities,
    named buildings and chambers, untagged proper nouns after "in"/"from"), never inside
    `content`; the phrase closest to the cue itself wins.
    """
    if cue is None:
        return None
    search = _PlaceSearch(ctx.lexicon, content)
    for depth, head in enumerate(_clause_heads(cue)):
        search.clause(head, min(depth, 1))
    if not search.found:
        return None
    return min(search.found)[2]


def _clause_heads(cue: Token) -> list[Token]:
    """The cue, its adverbial/participial modifiers two deep, and participles on its subject
    ("X, speaking in Y, said"); for "X said ... and added" also the first verb."""
    heads = [cue]
    if cue.dep_ == "conj":
        heads.append(cue.head)
    for head in list(heads):
        for child in head.children:
            if child.dep_ == "advcl":
                heads.append(child)
                heads.extend(c for c in child.children if c.dep_ == "advcl")
            elif child.dep_ in ("nsubj", "nsubjpass"):
                heads.extend(c for c in child.children if c.dep_ == "acl" and c.tag_ in ("VBG", "VBN"))
                # "X, visiting troops in Y, said": the small model reads the participle's phrase
                # as an apposition ("visiting" an adjective of "troops")
                heads.extend(c for c in child.children if c.dep_ == "appos" and c.left_edge.tag_ == "VBG")
    return heads


class _PlaceSearch:
    """Place phrases around one cue, outside one statement's content."""

    def __init__(self, lexicon: Lexicon, content: tuple[int, int]) -> None:
        self.lexicon = lexicon
        self.content = content
        self.found: list[tuple[int, int, str]] = []  # (depth, start, text)
        # At the cue's clause also "on a trip to X" and "speaking to reporters in X"; deeper,
        # "on" is a topic and "to" an addressee.
        self.clause_preps = lexicon.occasion_prepositions | lexicon.clause_prepositions

    def _in_content(self, token: Token) -> bool:
        return self.content[0] <= token.idx < self.content[1]

    def clause(self, head: Token, depth: int) -> None:
        for child in head.children:
            if self._in_content(child):
                continue
            if child.dep_ == "prep" and child.lower_ in self.clause_preps:
                self._follow(child, depth)
            elif child.dep_ in ("dobj", "dative"):
                motion = head.lemma_.lower() in self.lexicon.motion_verbs
                visited = self._place_phrase(child, "to") if motion else None
                if visited is not None:  # "as he left the White House"
                    self._add(visited, depth)
                    continue
                for prep in child.children:  # "told reporters in Washington", "visiting troops in X"
                    if prep.dep_ == "prep" and prep.lower_ in ("in", "at"):  # not "refugees from X"
                        self._follow(prep, depth + 1)

    def _follow(self, prep: Token, depth: int) -> None:
        """The object of `prep`: a place itself, or an occasion whose own phrases may hold one."""
        if depth > _MAX_DEPTH:
            return
        word = prep.lower_
        place_prep = word in self.lexicon.place_prepositions
        for obj in prep.children:
            if obj.dep_ != "pobj" or self._in_content(obj):
                continue
            if place_prep or word == "of":  # "of" is only followed from "in the city of"
                place = self._place_phrase(obj, word)
                if place is not None:
                    self._add(place, depth)
                    continue
            if obj.pos_ == "PROPN" or obj.ent_type_:
                continue  # a named thing that is not a place: nothing to search inside it
            trip = obj.lemma_.lower() in self.lexicon.trip_nouns
            for inner in obj.children:
                if inner.dep_ != "prep":
                    continue
                if inner.lower_ == "to" and trip:
                    for target in inner.children:
                        if target.dep_ == "pobj":
                            self._add(self._place_phrase(target, "to"), depth + 1)
                    self._follow(inner, depth + 1)  # "a visit to the port in X"
                elif inner.lower_ in self.lexicon.occasion_prepositions or (
                    inner.lower_ == "of" and place_prep
                ):
                    self._follow(inner, depth + 1)  # "a rally in X", "in the city of X"

    def _add(self, place: Span | None, depth: int) -> None:
        if place is None or (place.start_char < self.content[1] and self.content[0] < place.end_char):
            return
        self.found.append((depth, place.start_char, place.text))

    def _place_phrase(self, token: Token, prep: str) -> Span | None:
        """The place named at `token`, with its article ("the White House"), or None.

        Organisations count only when they name a building or chamber: "an economist at Acme"
        is an employer, "in the Times" a publication. A proper noun the model did not tag may be
        a place after "in", "from", "visited" or "a visit to"; after "at" it must name a venue.
        """
        doc = token.doc
        if token.ent_type_ in _NOT_PLACE_LABELS or token.lemma_.lower() in self.lexicon.not_places:
            return None
        ent = next((e for e in doc.ents if e.start <= token.i < e.end), None)
        if ent is not None and ent.label_ in _PLACE_LABELS:
            return doc[min(_left_edge(token, ("det", "compound")), ent.start) : ent.end]
        venue = token.lemma_.lower() in self.lexicon.venue_nouns
        if token.pos_ != "PROPN" or not (venue or (ent is None and prep != "at")):
            return None
        start = _left_edge(token, ("det", "compound", "amod", "nmod"))
        return doc[min(start, ent.start) if ent is not None else start : token.i + 1]


def _left_edge(token: Token, deps: tuple[str, ...]) -> int:
    """Where the name at `token` starts: its article and modifiers ("the State Capitol")."""
    return min((c.left_edge.i for c in token.lefts if c.dep_ in deps), default=token.i)
