"""Train the learned cue finder (`extract/cue_model.py`) on PolNeAR train, its threshold chosen
by cross-validation on train (never dev or test).

    python bench/train_cues.py            # `make train-cues`; writes src/saidwhat/data/cue_model.json

The rows are the verbs the cue model is asked about (`ReportedSpeech.learnable`: a verb no
cue or belief list takes, past the belief guards, with a holder and a content), outside quote
marks. A verb is a positive when it lies in a gold cue whose content the rules' content of the
verb covers by at least 30 % (the statement it would give is right by the eval's main match).
Features seen fewer than MIN_COUNT times are left out, so the committed weights are a few
hundred readable numbers. The regularisation and the threshold are chosen by five-fold
cross-validation over documents: the threshold is the lowest whose accepted verbs are right at
least `--min-precision` of the time in the held-out folds (the default demands more than the
statements' own F1 would: a cue accepted here is a statement on every other outlet's news
too), the regularisation the one that accepts the most right verbs at that precision.
The parses are cached in build/cues/.

PolNeAR's annotations and texts are for research use (../shared/gold/polnear/README.md). Only
the learnt weights, numbers and feature names, are committed; no text.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.tokens import Doc, DocBin

from saidwhat import load_pipeline
from saidwhat.eval.polnear import GoldArticle, read_polnear
from saidwhat.extract.content import content_of
from saidwhat.extract.context import DocContext
from saidwhat.extract.cue_model import load_cue_model, verb_features
from saidwhat.extract.cues import is_cue
from saidwhat.extract.reported import ReportedSpeech

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "gold" / "polnear" / "train"
CACHE = ROOT / "build" / "cues" / "train.spacy"
WEIGHTS = ROOT / "src" / "saidwhat" / "data" / "cue_model.json"
CHOICES = (0.1, 0.3, 1.0, 3.0, 10.0)
MIN_COUNT = 3
FOLDS = 5

Row = tuple[int, list[str], int]  # document, features, label


def parsed(articles: list[GoldArticle]) -> list[Doc]:
    """The train articles parsed by saidwhat's pipeline (without its analysis), cached."""
    nlp = load_pipeline()
    if CACHE.exists():
        return list(DocBin().from_disk(CACHE).get_docs(nlp.vocab))
    with nlp.select_pipes(disable=["saidwhat_quotes"]):
        docs = list(nlp.pipe((a.text for a in articles), batch_size=4))
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs).to_disk(CACHE)
    return docs


def rows(articles: list[GoldArticle], docs: list[Doc]) -> list[Row]:
    found: list[Row] = []
    for n, (article, doc) in enumerate(zip(articles, docs, strict=True)):
        ctx = DocContext.of(doc)
        finder = ReportedSpeech(ctx)
        cue_of = {i: a for a in article.attributions for s, e in a.cue for i in range(s, e)}
        for verb in doc:
            if verb.pos_ != "VERB" or ctx.quotes.inside(verb) or is_cue(verb, ctx.lexicon, near_quote=False):
                continue
            holder = finder.learnable(verb)
            if holder is None:
                continue
            gold = cue_of.get(verb.idx)
            label = 0
            if gold is not None:
                content = content_of(ctx, verb, thought=True)
                assert content is not None  # `learnable` asked for one
                first, last = content[0].idx, content[1].idx + len(content[1])
                gold_chars = {i for s, e in gold.content for i in range(s, e) if not doc.text[i].isspace()}
                covered = sum(first <= i < last for i in gold_chars)
                label = int(bool(gold_chars) and covered >= 0.3 * len(gold_chars))
            found.append((n, verb_features(verb, holder, ctx.lexicon), label))
    return found


def fit(train: list[Row], c: float, vocabulary: set[str]) -> tuple[dict[str, float], float]:
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([Counter(f for f in feats if f in vocabulary) for _, feats, _ in train])
    y = np.array([label for _, _, label in train])
    model = LogisticRegression(C=c, max_iter=3000).fit(x, y)
    names = vectorizer.get_feature_names_out()
    return {str(f): float(w) for f, w in zip(names, model.coef_[0], strict=True)}, float(model.intercept_[0])


def probability(weights: tuple[dict[str, float], float], features: list[str]) -> float:
    w, b = weights
    return float(1.0 / (1.0 + np.exp(-(b + sum(w.get(f, 0.0) for f in features)))))


def held_out(data: list[Row], c: float, vocabulary: set[str]) -> list[tuple[float, int]]:
    """Each row's probability from a model fit on the other folds' documents."""
    scored: list[tuple[float, int]] = []
    for k in range(FOLDS):
        weights = fit([r for r in data if r[0] % FOLDS != k], c, vocabulary)
        scored += [(probability(weights, f), y) for n, f, y in data if n % FOLDS == k]
    return scored


def threshold_for(scored: list[tuple[float, int]], min_precision: float) -> tuple[float, int, int]:
    """The lowest threshold whose accepted rows are right at least `min_precision` of the time
    (of those accepting at least 20 rows), with the right and wrong rows it accepts."""
    best = (1.0, 0, 0)
    right = wrong = 0
    for p, y in sorted(scored, reverse=True):
        right, wrong = right + y, wrong + (1 - y)
        if right + wrong >= 20 and right / (right + wrong) >= min_precision:
            best = (p, right, wrong)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--min-precision", type=float, default=0.7)
    args = parser.parse_args()
    articles = read_polnear(TRAIN)
    data = rows(articles, parsed(articles))
    counts = Counter(f for _, feats, _ in data for f in set(feats))
    vocabulary = {f for f, n in counts.items() if n >= MIN_COUNT}
    positives = sum(y for _, _, y in data)
    print(f"{len(data)} candidate verbs, {positives} positives, {len(vocabulary)} features")
    chosen: tuple[int, float, float, int, int] | None = None
    for c in CHOICES:
        threshold, right, wrong = threshold_for(held_out(data, c, vocabulary), args.min_precision)
        print(f"  C={c}: threshold {threshold:.3f} accepts {right} right, {wrong} wrong (cross-validated)")
        if chosen is None or right > chosen[0]:
            chosen = (right, c, threshold, right, wrong)
    assert chosen is not None
    _, c, threshold, right, wrong = chosen
    weights, intercept = fit(data, c, vocabulary)
    kept = {f: round(w, 4) for f, w in sorted(weights.items(), key=lambda x: -abs(x[1])) if abs(w) >= 1e-3}
    WEIGHTS.write_text(
        json.dumps(
            {
                "model": "logistic regression over cue_model.verb_features (bench/train_cues.py)",
                "trained_on": "PolNeAR train, threshold by 5-fold cross-validation on train; no text kept",
                "C": c,
                "min_precision": args.min_precision,
                "cross_validated": {
                    "candidates": len(data),
                    "positives": positives,
                    "right": right,
                    "wrong": wrong,
                },
                "threshold": round(threshold, 4),
                "intercept": round(intercept, 4),
                "coefficients": kept,
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    load_cue_model.cache_clear()
    print(f"chosen C={c}, threshold {threshold:.3f}: {len(kept)} weights written to {WEIGHTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
