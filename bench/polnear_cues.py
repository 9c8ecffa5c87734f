"""Which verbs PolNeAR *train* attributes beliefs and stances to: the data behind the
`[cues] belief` list and `belief_preposition` pairs of data/lexicon.toml (never dev or test).

For every verb with a subject outside quote marks in the train articles, counts how often it heads a gold cue,
and, for those, which complement holds the gold content (a clause, an infinitive, an object or
a preposition's object). Prints the lemmas seen at least MIN_SEEN times that head a gold cue at
least MIN_SHARE of the time and the lexicon does not already list as speech cues.

    .venv/bin/python bench/polnear_cues.py [--min-seen 8] [--min-share 0.4]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import spacy

from saidwhat.core import MODEL_NAME
from saidwhat.eval.polnear import read_polnear
from saidwhat.extract.context import QuoteMap
from saidwhat.extract.quotemarks import find_quotes
from saidwhat.lexicon import load_lexicon

TRAIN = Path(__file__).resolve().parents[1] / ".." / "shared" / "gold" / "polnear" / "train"
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def _complement(verb: spacy.tokens.Token, content: set[int]) -> str | None:
    """The dependency (or "prep:WORD") of the verb's child whose words the gold content holds."""
    for child in verb.children:
        if child.i in content and child.dep_ in ("ccomp", "xcomp", "dobj"):
            return child.dep_
        if child.dep_ == "prep" and any(g.i in content for g in child.children):
            return f"prep:{child.lower_}"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-seen", type=int, default=8)
    parser.add_argument("--min-share", type=float, default=0.4)
    args = parser.parse_args()
    lexicon = load_lexicon()
    articles = read_polnear(TRAIN)
    nlp = spacy.load(MODEL_NAME, disable=["ner"])
    seen: Counter[str] = Counter()
    cued: Counter[str] = Counter()
    complements: Counter[tuple[str, str]] = Counter()
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        cue_chars = {i: n for n, a in enumerate(article.attributions) for s, e in a.cue for i in range(s, e)}
        quotes = QuoteMap(doc, find_quotes(doc.text))  # PolNeAR nests no attribution in a quote
        for verb in doc:
            has_subject = any(c.dep_ in _SUBJECTS for c in verb.children)
            if verb.pos_ != "VERB" or quotes.inside(verb) or not has_subject:
                continue
            lemma = verb.lemma_.lower()
            seen[lemma] += 1
            n = cue_chars.get(verb.idx)
            if n is None:
                continue
            cued[lemma] += 1
            gold = article.attributions[n]
            content = {t.i for s, e in gold.content if (sp := doc.char_span(s, e, "expand")) for t in sp}
            if (dep := _complement(verb, content)) is not None:
                complements[lemma, dep] += 1
    known = lexicon.speech_cues | lexicon.object_cues | lexicon.preposition_verbs
    print(f"{'lemma':15} seen  cued share  complements (not yet in the speech lists)")
    for lemma, n in sorted(seen.items(), key=lambda x: -cued[x[0]]):
        share = cued[lemma] / n
        if n < args.min_seen or share < args.min_share or lemma in known:
            continue
        deps = ", ".join(f"{d} {c}" for (lem, d), c in complements.most_common() if lem == lemma)
        mark = "" if lemma in lexicon.belief_cues else "  (new)"
        print(f"{lemma:15} {n:4} {cued[lemma]:5} {share:5.2f}  {deps}{mark}")


if __name__ == "__main__":
    main()
