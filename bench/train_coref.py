"""Train the mention ranker (`extract/ranker.py`) on GUM train, choose it on GUM dev.

    python bench/train_coref.py            # `make train-coref`; writes src/saidwhat/data/coref_ranker.json

Every he/she/him/his/her… of a GUM document whose gold person has a proper name is one ranking
problem: the candidates are the persons saidwhat's own people rules find in its window
(`Coreference.candidates`), a candidate is right when its name mentions are the gold person's.
A logistic regression (scikit-learn) learns the candidate rows; the regularisation is chosen by
the share of dev pronouns whose top candidate is right. Features depend on the pronouns already
resolved before each one (the chain), so the rows are read again after each round with the
weights just learnt (`--rounds`); the first round reads them as the salience rule chains them,
so the result does not depend on the weights committed before. The parses are cached in build/coref/.

GUM annotations are CC BY 4.0; its texts keep their own licences (several NC or SA, see
../shared/gold/gum/README.md). Only the learnt weights, numbers, are committed; no text.
The GUM test split is never read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from spacy.tokens import Doc, DocBin

from saidwhat import load_pipeline
from saidwhat.extract.context import DocContext
from saidwhat.extract.mention_features import FEATURES
from saidwhat.extract.people import People
from saidwhat.extract.person import pronoun_gender
from saidwhat.extract.ranker import load_ranker

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold" / "gum"
CACHE = ROOT / "build" / "coref"
WEIGHTS = ROOT / "src" / "saidwhat" / "data" / "coref_ranker.json"
CHOICES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)

Group = tuple[np.ndarray, np.ndarray]  # candidate rows, 1 for the right ones


def parsed(split: str) -> list[tuple[str, Doc, dict[str, object]]]:
    """The split's documents parsed by saidwhat's pipeline (without its analysis), cached."""
    if split == "test":
        raise SystemExit("the GUM test split is held back")
    gold = json.loads((GOLD / split / "gold.json").read_text(encoding="utf-8"))["documents"]
    names = sorted(gold)
    nlp = load_pipeline()
    cache = CACHE / f"{split}.spacy"
    if cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    else:
        texts = [(GOLD / split / gold[n]["file"]).read_text(encoding="utf-8") for n in names]
        with nlp.select_pipes(disable=["saidwhat_quotes"]):
            docs = list(nlp.pipe(texts, batch_size=4))
        CACHE.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(cache)
    return [(n, d, gold[n]) for n, d in zip(names, docs, strict=True)]


def groups(documents: list[tuple[str, Doc, dict[str, object]]]) -> list[list[Group]]:
    """One ranking problem per scored pronoun that has its gold person among the candidates,
    a list per document."""
    found: list[list[Group]] = []
    for _, doc, gold in documents:
        found.append([])
        owner: dict[int, str] = {}  # gold mention start → gold person
        named: set[str] = set()
        spans: list[tuple[int, int, str]] = []
        for person in gold["people"]:  # type: ignore[attr-defined]
            if person["named"]:
                named.add(person["id"])
            for m in person["mentions"]:
                owner[m["start"]] = person["id"]
                spans.append((m["start"], m["end"], person["id"]))
        people = People(DocContext.of(doc))
        coref = people._coref
        votes: dict[int, Counter[str]] = {}
        for i, person in coref._names.items():
            idx = doc[i].idx
            for start, end, pid in spans:
                if start <= idx < end:
                    votes.setdefault(id(person), Counter())[pid] += 1
        identity = {key: c.most_common(1)[0][0] for key, c in votes.items()}
        for token in doc:
            if pronoun_gender(token) is None or token.i in coref._names:
                continue
            pid = owner.get(token.idx)
            if pid not in named:
                continue
            rows = coref.candidates(token)
            labels = [identity.get(id(c.person)) == pid for c, _ in rows]
            if len(rows) >= 2 and any(labels):
                found[-1].append((np.array([r for _, r in rows]), np.array(labels, dtype=int)))
    return found


Weights = tuple[np.ndarray, float]  # coefficients over FEATURES, intercept

# The salience rule the ranker replaced, as weights: log(salience × gender share), the shares
# 0.6 for a person of unknown gender and 0.3 for a contradicted guess (coref.py before the ranker).
RULES: Weights = (
    np.array(
        [
            {"salience_log": 5.0, "gender_unknown": -0.51, "gender_guess_contradicted": -1.2}.get(f, 0.0)
            for f in FEATURES
        ]
    ),
    0.0,
)


def top_right(weights: Weights, problems: list[Group]) -> float:
    """The share of problems whose best-scored candidate is a right one."""
    w, b = weights
    right = sum(y[int(np.argmax(x @ w + b))] for x, y in problems)
    return right / len(problems) if problems else 0.0


def fit(train: list[Group], c: float) -> Weights:
    """Logistic regression on standardised rows, its weights brought back to the raw features
    (so `ranker.py` scores without a scaler)."""
    x = np.vstack([g[0] for g in train])
    y = np.concatenate([g[1] for g in train])
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=c, max_iter=2000).fit(scaler.transform(x), y)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    w = model.coef_[0] / scale
    return w, float(model.intercept_[0] - np.sum(w * scaler.mean_))


def cross_validated(documents: list[list[Group]], c: float, folds: int = 5) -> float:
    """`top_right` on each fifth of the train documents of a model fit on the other four."""
    right = total = 0.0
    for k in range(folds):
        held = [g for n, d in enumerate(documents) if n % folds == k for g in d]
        rest = [g for n, d in enumerate(documents) if n % folds != k for g in d]
        right += top_right(fit(rest, c), held) * len(held)
        total += len(held)
    return right / total if total else 0.0


def write(weights: Weights, c: float, figures: dict[str, float]) -> None:
    w, b = weights
    coefficients = {f: round(float(v), 4) for f, v in zip(FEATURES, w, strict=True)}
    WEIGHTS.write_text(
        json.dumps(
            {
                "model": "logistic regression over mention_features.FEATURES (bench/train_coref.py)",
                "trained_on": "GUM train (annotations CC BY 4.0), chosen on GUM dev; no text kept",
                "C": c,
                "top_candidate_right": figures,
                "intercept": round(b, 4),
                "coefficients": coefficients,
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    load_ranker.cache_clear()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=2, help="read the rows again with the new weights")
    args = parser.parse_args()
    train_docs, dev_docs = parsed("train"), parsed("dev")
    write(RULES, 0.0, {})  # the first round's chain is the salience rule's, whatever was committed
    for round_ in range(1, args.rounds + 1):
        train_by_doc, dev_by_doc = groups(train_docs), groups(dev_docs)
        train = [g for d in train_by_doc for g in d]
        dev = [g for d in dev_by_doc for g in d]
        print(f"round {round_}: {len(train)} train and {len(dev)} dev problems")
        print(f"  rules: train {top_right(RULES, train):.3f} dev {top_right(RULES, dev):.3f}")
        scored = []
        for c in CHOICES:
            weights = fit(train, c)
            cv, on_dev = cross_validated(train_by_doc, c), top_right(weights, dev)
            # chosen on dev, and on train by cross-validation: dev alone is under a hundred pronouns
            pooled = (cv * len(train) + on_dev * len(dev)) / (len(train) + len(dev))
            scored.append((pooled, -c, weights))
            print(f"  C={c}: train {top_right(weights, train):.3f} train-cv {cv:.3f} dev {on_dev:.3f}")
        _, c, weights = max(scored, key=lambda s: (s[0], s[1]))  # the strongest C of the best
        figures = {
            "rules_train": round(top_right(RULES, train), 4),
            "rules_dev": round(top_right(RULES, dev), 4),
            "train": round(top_right(weights, train), 4),
            "train_cv": round(cross_validated(train_by_doc, -c), 4),
            "dev": round(top_right(weights, dev), 4),
        }
        print(f"  chosen C={-c}: {figures}")
        write(weights, -c, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
