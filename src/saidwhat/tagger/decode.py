"""From per-token tag scores to attributions: constrained BIO decoding, then linking.

Decoding, in two steps, both deterministic:

1. **Tags.** The model gives a probability per token and label; `viterbi_tags` picks the
   most probable tag sequence that is valid BIO (an `I-X` only after `B-X` or `I-X`), so
   spans never start with a dangling `I-`.
2. **Attributions.** `link_attributions` turns the role spans into attributions:

   - each CONTENT span takes the CUE with the lowest link cost: 0 when the parse joins
     them (a content token's head is in the cue, or a cue token's head is in the content:
     "[the plan works], she *said*", "*according to* him, [...]"), otherwise 10 plus the
     tokens between them; a cue more than one sentence away is never taken;
   - CONTENT spans that took the same cue and are only separated by cue, source,
     punctuation or space tokens are one discontinuous content ("“A,” she said, “B.”");
     a further group on the same cue keeps no cue (PolNeAR never shares a cue, so its
     own cue was missed);
   - each cue takes the SOURCE with the lowest cost, computed the same way against the
     cue ("*he* said", "according to *the report*"), free sources first; a cue left without
     one then shares the cheapest source of its own sentence ("*X* said …, adding …");
   - a cue no content took is kept as an attribution without content.

Offsets in `PredictedAttribution` are character offsets into `doc.text`, end exclusive.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc

CharSpan = tuple[int, int]

ROLES: tuple[str, ...] = ("SOURCE", "CUE", "CONTENT")
OUTSIDE = "O"
LABELS: tuple[str, ...] = (OUTSIDE, *(f"{prefix}-{role}" for role in ROLES for prefix in ("B", "I")))

SYNTAX_COST = 0.0
NEAR_COST = 10.0  # added to the token gap when the parse does not join two spans
SENTENCE_COST = 100.0  # per sentence boundary between two spans
MAX_SENTENCES = 1  # spans further apart are never linked


@dataclass(frozen=True, slots=True)
class PredictedAttribution:
    """One predicted attribution: who (source), the words that attribute (cue), and what.

    Args:
        source: (start, end) of the source mention ("he", "the campaign"), or None.
        cue: (start, end) of the cue ("said", "is defending", "according to"), or None.
        content: fragments of the content in text order; empty for a cue found alone.
        confidence: mean probability of the decoded tags over the attribution's tokens.
    """

    source: CharSpan | None
    cue: CharSpan | None
    content: list[CharSpan]
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class TagSpan:
    """A run of tokens with one role: `doc[start:end]`."""

    role: str
    start: int
    end: int


def viterbi_tags(probs: npt.NDArray[np.floating], labels: Sequence[str] = LABELS) -> list[str]:
    """The most probable valid BIO sequence for a (tokens × labels) probability matrix.

    Only `I-X` is constrained (it must follow `B-X` or `I-X`), so each step takes the best
    previous label overall, or the better of `B-X` / `I-X`: plain Python beats numpy here.
    """
    if len(probs) == 0:
        return []
    scores = np.log(np.clip(np.asarray(probs, dtype="float64"), 1e-12, 1.0)).tolist()
    index = {label: j for j, label in enumerate(labels)}
    before = [
        (index[f"B-{label[2:]}"], j) if label.startswith("I-") else None for j, label in enumerate(labels)
    ]
    best = [-math.inf if prior else score for prior, score in zip(before, scores[0], strict=True)]
    back: list[list[int]] = []
    for row in scores[1:]:
        top = max(range(len(best)), key=best.__getitem__)
        steps = [top if prior is None else max(prior, key=best.__getitem__) for prior in before]
        best = [best[k] + score for k, score in zip(steps, row, strict=True)]
        back.append(steps)
    path = [max(range(len(best)), key=best.__getitem__)]
    for steps in reversed(back):
        path.append(steps[path[-1]])
    return [labels[j] for j in reversed(path)]


def bio_spans(tags: Sequence[str]) -> list[TagSpan]:
    """Role spans of a tag sequence; a stray `I-X` starts a span, as `B-X` would."""
    spans: list[TagSpan] = []
    role: str | None = None
    start = 0
    for i, tag in enumerate([*tags, OUTSIDE]):
        prefix, _, tag_role = tag.partition("-")
        if role is not None and (prefix != "I" or tag_role != role):
            spans.append(TagSpan(role, start, i))
            role = None
        if prefix in ("B", "I") and role is None:
            role, start = tag_role, i
    return spans


def link_attributions(
    doc: Doc, tags: Sequence[str], tag_probs: Sequence[float] | None = None
) -> list[PredictedAttribution]:
    """Group the role spans of `tags` (one per token of `doc`) into attributions.

    `doc` must be parsed (heads and sentences); `tag_probs`, the probability of each
    token's tag, only sets `confidence`.
    """
    if len(tags) != len(doc):
        raise ValueError(f"{len(tags)} tags for a document of {len(doc)} tokens")
    spans = bio_spans(tags)
    sent_of = _sentence_index(doc)
    heads = np.array([token.head.i for token in doc], dtype=np.int64)
    contents = [s for s in spans if s.role == "CONTENT"]
    cues = [s for s in spans if s.role == "CUE"]
    sources = [s for s in spans if s.role == "SOURCE"]

    # 1. each content takes its cheapest cue
    by_cue: dict[int | None, list[tuple[float, int]]] = {}
    for ci, content in enumerate(contents):
        costs = [(_link_cost(content, cue, heads, sent_of), qi) for qi, cue in enumerate(cues)]
        cost, best_cue = min(costs, default=(math.inf, -1))
        by_cue.setdefault(best_cue if cost < math.inf else None, []).append((cost, ci))

    # 2. contents on one cue: adjacent fragments merge; further groups lose the cue
    groups: list[tuple[int | None, list[TagSpan]]] = []
    for cue_index, members in by_cue.items():
        runs = _runs(sorted((contents[ci] for _, ci in members), key=lambda s: s.start), tags, doc)
        if cue_index is None:
            groups.extend((None, run) for run in runs)
            continue
        cost_of = {contents[ci]: cost for cost, ci in members}
        best = min(range(len(runs)), key=lambda r: min(cost_of[s] for s in runs[r]))
        groups.extend((cue_index if r == best else None, run) for r, run in enumerate(runs))
    linked = {qi for qi, _ in groups if qi is not None}
    groups.extend((qi, []) for qi in range(len(cues)) if qi not in linked)

    # 3. each cue takes its cheapest free source
    source_of: dict[int, int] = {}
    pairs = sorted(
        (_link_cost(cues[qi], source, heads, sent_of), qi, si)
        for qi in {qi for qi, _ in groups if qi is not None}
        for si, source in enumerate(sources)
    )
    used: set[int] = set()
    for cost, qi, si in pairs:
        if cost < math.inf and qi not in source_of and si not in used:
            source_of[qi] = si
            used.add(si)
    for cost, qi, si in pairs:  # a subject shared by two cues: "X said …, adding …"
        if cost < SENTENCE_COST and qi not in source_of:
            source_of[qi] = si

    attributions = []
    for group_cue, run in groups:
        cue = cues[group_cue] if group_cue is not None else None
        source = sources[source_of[group_cue]] if group_cue is not None and group_cue in source_of else None
        parts = [s for s in (source, cue, *run) if s is not None]
        attributions.append(
            PredictedAttribution(
                source=None if source is None else _chars(doc, source),
                cue=None if cue is None else _chars(doc, cue),
                content=[_chars(doc, s) for s in run],
                confidence=_confidence(parts, tag_probs),
            )
        )
    attributions.sort(key=lambda a: (a.content or [a.cue or (0, 0)])[0])
    return attributions


def _sentence_index(doc: Doc) -> npt.NDArray[np.int64]:
    index = np.zeros(len(doc), dtype=np.int64)
    for k, sent in enumerate(doc.sents):
        index[sent.start : sent.end] = k
    return index


def _link_cost(a: TagSpan, b: TagSpan, heads: npt.NDArray[np.int64], sent_of: npt.NDArray[np.int64]) -> float:
    """How unlikely `a` and `b` belong to one attribution; inf when they are too far apart."""
    a_sents = (int(sent_of[a.start]), int(sent_of[a.end - 1]))
    b_sents = (int(sent_of[b.start]), int(sent_of[b.end - 1]))
    sentences = max(0, b_sents[0] - a_sents[1], a_sents[0] - b_sents[1])
    if sentences > MAX_SENTENCES:
        return math.inf
    gap = max(0, b.start - a.end, a.start - b.end)
    a_heads, b_heads = heads[a.start : a.end], heads[b.start : b.end]
    joined = bool(((a_heads >= b.start) & (a_heads < b.end)).any()) or bool(
        ((b_heads >= a.start) & (b_heads < a.end)).any()
    )
    if joined:
        return SYNTAX_COST + gap / 1000
    return NEAR_COST + gap + SENTENCE_COST * sentences


def _runs(contents: Sequence[TagSpan], tags: Sequence[str], doc: Doc) -> list[list[TagSpan]]:
    """Split text-ordered contents where anything but cue, source or punctuation lies between."""
    runs: list[list[TagSpan]] = []
    for span in contents:
        if runs and _bridged(runs[-1][-1].end, span.start, tags, doc):
            runs[-1].append(span)
        else:
            runs.append([span])
    return runs


def _bridged(end: int, start: int, tags: Sequence[str], doc: Doc) -> bool:
    return all(
        tags[i][2:] in ("CUE", "SOURCE") or doc[i].is_punct or doc[i].is_space for i in range(end, start)
    )


def _chars(doc: Doc, span: TagSpan) -> CharSpan:
    """Character offsets of the span, leading and trailing whitespace tokens left out."""
    tokens = [t for t in doc[span.start : span.end] if not t.is_space] or list(doc[span.start : span.end])
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _confidence(parts: Sequence[TagSpan], tag_probs: Sequence[float] | None) -> float:
    if tag_probs is None or not parts:
        return 1.0
    values = [float(tag_probs[i]) for span in parts for i in range(span.start, span.end)]
    return round(sum(values) / len(values), 4)
