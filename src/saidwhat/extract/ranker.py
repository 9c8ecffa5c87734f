"""The learned mention ranker: which of a pronoun's candidate persons it refers to.

A logistic regression over the features of `mention_features.py`, trained on GUM train by
`make train-coref` (`bench/train_coref.py`) and chosen on GUM dev. Its weights are readable
JSON in `data/coref_ranker.json` (feature name → coefficient), not a pickle: small, diffable,
and loaded without scikit-learn, since scoring is one dot product per candidate.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .mention_features import FEATURES


@dataclass(frozen=True, slots=True)
class Ranker:
    weights: tuple[float, ...]
    intercept: float

    def score(self, row: list[float]) -> float:
        """The candidate's log-odds of being the pronoun's referent."""
        return self.intercept + sum(w * x for w, x in zip(self.weights, row, strict=True))


@cache
def load_ranker() -> Ranker:
    """The committed weights; a feature the file lacks weighs 0 (a model older than the code)."""
    raw = json.loads(resources.files("saidwhat").joinpath("data/coref_ranker.json").read_text("utf-8"))
    coefficients: dict[str, float] = raw["coefficients"]
    return Ranker(tuple(float(coefficients.get(f, 0.0)) for f in FEATURES), float(raw["intercept"]))
