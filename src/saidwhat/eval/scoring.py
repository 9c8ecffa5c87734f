"""Score predicted quotes against PolNeAR gold, following GenderGapTracker conventions.

GGT (Asr et al. 2021, `nlp/english/evaluation`) matches a predicted quote to a gold quote
when it covers at least a share of the gold characters (30 % and 80 %), one-to-one, and
counts the speaker right when the predicted speaker span overlaps the gold one. PolNeAR
adds cue and source spans, scored the same way, exactly and by overlap.

Spans are compared on their *significant* characters (not whitespace, not punctuation):
PolNeAR content keeps its quote marks and final comma, saidwhat's `Quote.text` drops them,
and neither is wrong. So "exact" means the same words, whatever the boundary punctuation.

The speech subset keeps gold attributions whose cue lemma is a speech verb of saidwhat's
lexicon (PolNeAR also annotates beliefs: "believes", "has learned"). Restricted figures
count every unmatched prediction as a false positive, and predictions matched to gold
outside the subset as neither right nor wrong.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..lexicon import load_lexicon
from ..types import Quote
from .polnear import CharSpan, GoldArticle, GoldAttribution

Role = Literal["content", "source", "cue"]
Match = Literal["exact", "overlap", "cover30", "cover80"]
Subset = Literal["all", "speech"]

ROLES: tuple[Role, ...] = ("content", "source", "cue")
SUBSETS: tuple[Subset, ...] = ("all", "speech")
CONTENT_MATCHES: tuple[Match, ...] = ("exact", "cover30", "cover80")
SPAN_MATCHES: dict[Role, tuple[Match, ...]] = {
    "content": CONTENT_MATCHES,
    "source": ("exact", "overlap"),
    "cue": ("exact", "overlap"),
}
MATCH_LABELS: dict[Match, str] = {
    "exact": "exact",
    "overlap": "overlap",
    "cover30": "≥30% of gold",
    "cover80": "≥80% of gold",
}

Chars = frozenset[int]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SpanScore(_Model):
    """Precision, recall and F1 of one role under one match criterion, micro-averaged.

    With nothing predicted (or nothing to find) the undefined ratio is reported as 0.0, as
    scikit-learn's `zero_division=0` does: a silent system must not score well.
    """

    role: Role
    match: Match
    subset: Subset
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float


class Accuracy(_Model):
    """Share of matched content pairs whose predicted speaker (or cue) overlaps the gold one.

    `accuracy` is None when no pair qualified: a rate over nothing is not zero.
    """

    name: Literal["speaker", "cue"]
    match: Match
    subset: Subset
    correct: int
    total: int
    accuracy: float | None


class SystemScores(_Model):
    system: str
    documents: int
    failed_documents: list[str] = []
    predictions: int
    seconds: float | None = None
    spans: list[SpanScore]
    accuracies: list[Accuracy]

    def span(self, role: Role, match: Match, subset: Subset = "all") -> SpanScore:
        return next(s for s in self.spans if (s.role, s.match, s.subset) == (role, match, subset))

    def accuracy(self, name: Literal["speaker", "cue"], match: Match, subset: Subset = "all") -> Accuracy:
        return next(a for a in self.accuracies if (a.name, a.match, a.subset) == (name, match, subset))


class EvalReport(_Model):
    """Scores of one or more systems on the same gold articles; `model_dump_json()` for --json."""

    corpus: str = "PolNeAR"
    split: str | None = None
    articles: int
    gold_attributions: int
    gold_speech_attributions: int
    systems: list[SystemScores]

    def system(self, name: str) -> SystemScores:
        return next(s for s in self.systems if s.system == name)

    def merged(self, other: EvalReport) -> EvalReport:
        """Both reports' systems side by side; they must have scored the same gold."""
        if (self.articles, self.gold_attributions) != (other.articles, other.gold_attributions):
            raise ValueError("cannot merge reports scored on different gold articles")
        return self.model_copy(update={"systems": [*self.systems, *other.systems]})


def score(
    pairs: Sequence[tuple[GoldArticle, Sequence[Quote]]],
    *,
    system: str = "saidwhat",
    failed_documents: Sequence[str] = (),
    seconds: float | None = None,
) -> EvalReport:
    """Score each article's predicted quotes against its gold; counts are summed over articles."""
    tally = _Tally()
    speech_gold = 0
    for gold, quotes in pairs:
        speech_gold += sum(is_speech(a) for a in gold.attributions)
        _score_article(gold, quotes, tally)
    spans = [
        _span_score(role, match, subset, tally)
        for role in ROLES
        for match in SPAN_MATCHES[role]
        for subset in SUBSETS
    ]
    accuracies = [
        _accuracy(name, match, subset, tally)
        for name in ("speaker", "cue")
        for match in CONTENT_MATCHES
        for subset in SUBSETS
    ]
    scores = SystemScores(
        system=system,
        documents=len(pairs),
        failed_documents=sorted(failed_documents),
        predictions=sum(len(quotes) for _, quotes in pairs),
        seconds=seconds,
        spans=spans,
        accuracies=accuracies,
    )
    return EvalReport(
        articles=len(pairs),
        gold_attributions=sum(len(gold.attributions) for gold, _ in pairs),
        gold_speech_attributions=speech_gold,
        systems=[scores],
    )


def is_speech(attribution: GoldAttribution) -> bool:
    """Whether the gold cue is a speech verb (or "according to") of saidwhat's lexicon."""
    lexicon = load_lexicon()
    lemma = attribution.cue_lemma
    return lemma is not None and (lemma in lexicon.speech_cues or lemma in lexicon.according)


def significant_chars(text: str, spans: Iterable[CharSpan]) -> Chars:
    """Offsets of the characters that carry words; all of them if the span is only punctuation."""
    offsets = [i for start, end in spans for i in range(max(start, 0), min(end, len(text)))]
    chars = frozenset(i for i in offsets if _is_significant(text[i]))
    return chars or frozenset(offsets)


def match_spans(gold: Sequence[Chars], pred: Sequence[Chars], match: Match) -> dict[int, int]:
    """One-to-one greedy matching, best gold coverage first: gold index → prediction index.

    Ties in coverage go to the prediction with less excess (higher Jaccard), then to text order,
    so one long prediction cannot take a gold span from a tighter one.
    """
    accept = _ACCEPT[match]
    candidates: list[tuple[float, float, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            shared = len(g & p)
            if not g or not shared:
                continue
            coverage = shared / len(g)
            if accept(g, p, coverage):
                candidates.append((-coverage, -shared / len(g | p), gi, pi))
    candidates.sort()
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for _, _, gi, pi in candidates:
        if gi not in pairs and pi not in taken:
            pairs[gi] = pi
            taken.add(pi)
    return pairs


_ACCEPT: dict[Match, Callable[[Chars, Chars, float], bool]] = {
    "exact": lambda g, p, _: g == p,
    "overlap": lambda g, p, coverage: coverage > 0,
    "cover30": lambda g, p, coverage: coverage >= 0.3,
    "cover80": lambda g, p, coverage: coverage >= 0.8,
}


@dataclass(slots=True)
class _Tally:
    """Counts keyed by (role, match, subset) and (accuracy name, match, subset)."""

    tp: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    fp: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    fn: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    correct: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    total: Counter[tuple[str, str, str]] = field(default_factory=Counter)


def _attributions(quotes: Sequence[Quote]) -> list[list[Quote]]:
    """Quotes that share one speaker mention and one cue are one attribution: PolNeAR
    annotates “A,” she said. “B.” as one Content in two pieces, not two attributions."""
    groups: dict[object, list[Quote]] = {}
    for quote in quotes:
        key: object = id(quote)
        if quote.speaker is not None and quote.cue is not None:
            key = (quote.speaker.start, quote.speaker.end, quote.cue.start, quote.cue.end)
        groups.setdefault(key, []).append(quote)
    return list(groups.values())


def _score_article(gold: GoldArticle, predicted: Sequence[Quote], tally: _Tally) -> None:
    text = gold.text
    speech = [is_speech(a) for a in gold.attributions]
    content_gold = [significant_chars(text, a.content) for a in gold.attributions]
    groups = _attributions(predicted)
    content_pred = [significant_chars(text, [(q.start, q.end) for q in group]) for group in groups]
    quotes = [group[0] for group in groups]
    speaker_pred = [
        significant_chars(text, [(q.speaker.start, q.speaker.end)]) if q.speaker else frozenset()
        for q in quotes
    ]
    cue_pred = [significant_chars(text, [(q.cue.start, q.cue.end)]) if q.cue else frozenset() for q in quotes]
    source_gold = [significant_chars(text, a.source) for a in gold.attributions]
    cue_gold = [significant_chars(text, a.cue) for a in gold.attributions]

    for match in CONTENT_MATCHES:
        pairs = match_spans(content_gold, content_pred, match)
        _count("content", match, pairs, speech, len(content_pred), tally)
        for gi, pi in pairs.items():
            for name, gold_chars, pred_chars in (
                ("speaker", source_gold[gi], speaker_pred[pi]),
                ("cue", cue_gold[gi], cue_pred[pi]),
            ):
                if not gold_chars:  # no gold source (or cue): nothing to be right about
                    continue
                right = bool(gold_chars & pred_chars)
                for subset in _subsets(speech[gi]):
                    tally.total[name, match, subset] += 1
                    tally.correct[name, match, subset] += right

    _score_mentions("source", source_gold, speaker_pred, speech, tally)
    _score_mentions("cue", cue_gold, cue_pred, speech, tally)


def _score_mentions(
    role: Role,
    gold_chars: Sequence[Chars],
    pred_chars: Sequence[Chars],
    speech: Sequence[bool],
    tally: _Tally,
) -> None:
    """Sources and cues are mentions in the text: score the distinct spans, not one per quote,
    so a speaker mention shared by three predicted quotes is one prediction."""
    gold_items: dict[Chars, bool] = {}
    for chars, is_sp in zip(gold_chars, speech, strict=True):
        if chars:
            gold_items[chars] = gold_items.get(chars, False) or is_sp
    gold_list = sorted(gold_items, key=_text_order)
    pred_list = sorted({chars for chars in pred_chars if chars}, key=_text_order)
    for match in SPAN_MATCHES[role]:
        pairs = match_spans(gold_list, pred_list, match)
        _count(role, match, pairs, [gold_items[g] for g in gold_list], len(pred_list), tally)


def _text_order(chars: Chars) -> tuple[int, int]:
    return min(chars), max(chars)


def _count(
    role: str, match: str, pairs: dict[int, int], speech: Sequence[bool], n_pred: int, tally: _Tally
) -> None:
    fp = n_pred - len(pairs)
    for subset in SUBSETS:
        in_subset = [gi for gi, is_sp in enumerate(speech) if subset == "all" or is_sp]
        tp = sum(gi in pairs for gi in in_subset)
        tally.tp[role, match, subset] += tp
        tally.fn[role, match, subset] += len(in_subset) - tp
        tally.fp[role, match, subset] += fp


def _subsets(speech: bool) -> tuple[Subset, ...]:
    return SUBSETS if speech else ("all",)


def _span_score(role: Role, match: Match, subset: Subset, tally: _Tally) -> SpanScore:
    key = (role, match, subset)
    tp, fp, fn = tally.tp[key], tally.fp[key], tally.fn[key]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return SpanScore(
        role=role, match=match, subset=subset, tp=tp, fp=fp, fn=fn, precision=precision, recall=recall, f1=f1
    )


def _accuracy(name: Literal["speaker", "cue"], match: Match, subset: Subset, tally: _Tally) -> Accuracy:
    key = (name, match, subset)
    correct, total = tally.correct[key], tally.total[key]
    return Accuracy(
        name=name,
        match=match,
        subset=subset,
        correct=correct,
        total=total,
        accuracy=correct / total if total else None,
    )


def _is_significant(char: str) -> bool:
    return not char.isspace() and not unicodedata.category(char).startswith("P")
