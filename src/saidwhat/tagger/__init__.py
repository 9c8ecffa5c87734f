"""A trained attribution tagger: PolNeAR-style SOURCE / CUE / CONTENT spans from a parse.

Importing this package registers the spaCy factory `saidwhat_attribution_tagger`, its
architectures, scorer and training reader. Train it with `make train`
(`python -m saidwhat.tagger.train`); the weights ship in `saidwhat/models/attribution`.
"""

from __future__ import annotations

from . import model as _model  # noqa: F401  (registers the architectures)
from . import training_data as _training_data  # noqa: F401  (registers the training reader)
from .component import FACTORY, MODEL_DIR, AttributionTagger, make_attribution_tagger, weights_installed
from .convert import attributions_to_quotes
from .decode import LABELS, PredictedAttribution, bio_spans, link_attributions, viterbi_tags

__all__ = [
    "FACTORY",
    "LABELS",
    "MODEL_DIR",
    "AttributionTagger",
    "PredictedAttribution",
    "attributions_to_quotes",
    "bio_spans",
    "link_attributions",
    "make_attribution_tagger",
    "viterbi_tags",
    "weights_installed",
]
