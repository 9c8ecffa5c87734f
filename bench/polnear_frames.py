"""Which attributions of PolNeAR *train* the rules miss, by the frame of their cue: the data
behind `extract/stances.py` and the `[stances]` lists of data/lexicon.toml (never dev or test).

`misses` counts the gold attributions no statement of the default pipeline covers (≥ 30 % of
the content, as `saidwhat eval` matches), by their cue head's part of speech and the relation
that ties the content to it ("NOUN acl:that", "ADJ prep:of", "pobj:in → clause"), with the most
frequent lemmas of each. `words` lists, for each frame `extract/stances.py` reads, the lemmas
seen in it at least MIN_SEEN times that head a gold cue at least MIN_SHARE of the time.

    .venv/bin/python bench/polnear_frames.py misses [--cache /tmp/train.spacy] [--top 40]
    .venv/bin/python bench/polnear_frames.py words [--min-seen 5] [--min-share 0.4]
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from spacy.tokens import Doc, DocBin, Token

from saidwhat.core import load_pipeline
from saidwhat.eval.polnear import GoldArticle, GoldAttribution, read_polnear
from saidwhat.eval.scoring import match_spans, score, significant_chars
from saidwhat.extract.analysis import analyze_doc
from saidwhat.extract.context import DocContext
from saidwhat.extract.stances import frame_of, stance_word

TRAIN = Path(__file__).resolve().parents[1] / ".." / "shared" / "gold" / "polnear" / "train"


def parsed(articles: list[GoldArticle], cache: Path | None) -> list[Doc]:
    """The articles parsed by saidwhat's pipeline without its analysis (kept in `cache`)."""
    nlp = load_pipeline()
    if cache is not None and cache.exists():
        return list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    with nlp.select_pipes(disable=["saidwhat_quotes"]):
        docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
    if cache is not None:
        bin_ = DocBin()
        for doc in docs:
            bin_.add(doc)
        bin_.to_disk(cache)
    return docs


def tokens(doc: Doc, spans: Iterable[tuple[int, int]]) -> list[Token]:
    return [t for s, e in spans if (span := doc.char_span(s, e, alignment_mode="expand")) for t in span]


def cue_head(doc: Doc, gold: GoldAttribution) -> Token | None:
    """The gold cue's head word: the one whose head lies outside the cue."""
    cue = tokens(doc, gold.cue)
    inside = {t.i for t in cue}
    return next((t for t in cue if t.head.i not in inside or t.head.i == t.i), None)


def link(head: Token, content: set[int]) -> str:
    """How the content hangs on the cue head: a child's relation (a preposition's word, a
    clause's "that"), or the head's own place when the content is the clause around it."""
    for child in head.children:
        if child.i in content or any(g.i in content for g in child.children):
            if child.dep_ == "prep":
                return f"prep:{child.lower_}"
            mark = next((g.lower_ for g in child.children if g.dep_ in ("mark", "aux")), "")
            return f"{child.dep_}:{mark}" if mark else child.dep_
    up = head
    while up.dep_ in ("pobj", "prep", "poss", "compound", "amod", "det") and up.head.i != up.i:
        up = up.head
    if up.head.i in content or up.i in content:
        return f"in:{up.dep_}:{up.lower_ if up.dep_ == 'prep' else ''}"
    return "other"


def missed(
    articles: list[GoldArticle], docs: list[Doc]
) -> Iterable[tuple[GoldArticle, Doc, GoldAttribution]]:
    for article, doc in zip(articles, docs, strict=True):
        quotes = [q for q in analyze_doc(doc, published=article.published).quotes if q.parent is None]
        gold = [significant_chars(article.text, a.content) for a in article.attributions]
        pred = [significant_chars(article.text, [(q.start, q.end)]) for q in quotes]
        found = match_spans(gold, pred, "cover30")
        for n, attribution in enumerate(article.attributions):
            if n not in found:
                yield article, doc, attribution


def _frame_key(doc: Doc, gold: GoldAttribution) -> str:
    head = cue_head(doc, gold)
    if head is None:
        return "(no cue)"
    content = {t.i for t in tokens(doc, gold.content)}
    return f"{head.pos_:5} {link(head, content)}"


def examples(articles: list[GoldArticle], docs: list[Doc], frame: str, top: int) -> None:
    """The missed gold of one frame (as `misses` names it): source | cue | content."""
    shown = 0
    for article, doc, gold in missed(articles, docs):
        if " ".join(_frame_key(doc, gold).split()) != " ".join(frame.split()) or shown >= top:
            continue
        shown += 1
        texts = [" ".join(article.text[s:e] for s, e in role) for role in (gold.source, gold.cue)]
        content = " ".join(article.text[s:e] for s, e in gold.content)
        print(f"[{texts[0]}] <{texts[1]}> {content[:150]!r}")


def misses(articles: list[GoldArticle], docs: list[Doc], top: int) -> None:
    by_frame: Counter[str] = Counter()
    lemmas: defaultdict[str, Counter[str]] = defaultdict(Counter)
    total = 0
    for _, doc, gold in missed(articles, docs):
        total += 1
        key = _frame_key(doc, gold)
        head = cue_head(doc, gold)
        by_frame[key] += 1
        lemmas[key][head.lemma_.lower() if head is not None else ""] += 1
    print(f"{total} gold attributions missed; by the cue head's part of speech:")
    parts: Counter[str] = Counter()
    for key, n in by_frame.items():
        parts[key.split()[0]] += n
    print(", ".join(f"{pos} {n}" for pos, n in parts.most_common()))
    for key, n in by_frame.most_common(top):
        words = ", ".join(f"{w} {c}" for w, c in lemmas[key].most_common(10))
        print(f"{n:5}  {key:28} {words}")


def words(articles: list[GoldArticle], docs: list[Doc], min_seen: int, min_share: float) -> None:
    """Per frame of `extract/stances.py` ("adjective of", "noun that"): the lemmas seen in it
    with a holder (a subject, an owner) outside quote marks, and how often a gold cue holds them."""
    seen: Counter[tuple[str, str]] = Counter()
    cued: Counter[tuple[str, str]] = Counter()
    for article, doc in zip(articles, docs, strict=True):
        ctx = DocContext.of(doc)
        cue_chars = {i for gold in article.attributions for s, e in gold.cue for i in range(s, e)}
        for token in doc:
            frame = frame_of(ctx, token)
            if frame is None or frame.holder is None or ctx.quotes.inside(token):
                continue
            key = (f"{frame.kind} {frame.word}", stance_word(token, frame))
            seen[key] += 1
            cued[key] += token.idx in cue_chars
    print(f"{'frame':16} {'lemma':15} seen  cued share")
    frames: Counter[str] = Counter()
    for (name, _), n in seen.items():
        frames[name] += n
    for name, n in frames.most_common():
        hits = sum(c for (f, _), c in cued.items() if f == name)
        print(f"{name:16} {'(all)':15} {n:4} {hits:5} {hits / n:5.2f}")
    for (name, lemma), n in sorted(seen.items(), key=lambda x: (x[0][0], -cued[x[0]])):
        if n >= min_seen and cued[name, lemma] / n >= min_share:
            print(f"{name:16} {lemma:15} {n:4} {cued[name, lemma]:5} {cued[name, lemma] / n:5.2f}")


def scores(articles: list[GoldArticle], docs: list[Doc]) -> None:
    """The default pipeline's figures on these articles, as `saidwhat eval` scores them (all gold)."""
    pairs = []
    for article, doc in zip(articles, docs, strict=True):
        quotes = [q for q in analyze_doc(doc, published=article.published).quotes if q.parent is None]
        pairs.append((article, quotes))
    system = score(pairs).systems[0]
    for role, match in (("content", "cover30"), ("content", "exact"), ("source", "exact"), ("cue", "exact")):
        s = system.span(role, match)  # type: ignore[arg-type]
        print(f"{role:8} {match:8} F1 {s.f1:.3f}  P {s.precision:.3f}  R {s.recall:.3f}  tp {s.tp} fp {s.fp}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("misses", "examples", "words", "scores"))
    parser.add_argument("--frame", default="NOUN acl:that", help="the frame `examples` shows")
    parser.add_argument("--gold", type=Path, default=TRAIN)
    parser.add_argument("--cache", type=Path, default=None, help="a DocBin of the parsed articles")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--min-seen", type=int, default=5)
    parser.add_argument("--min-share", type=float, default=0.4)
    args = parser.parse_args()
    articles = read_polnear(args.gold)
    docs = parsed(articles, args.cache)
    if args.what == "misses":
        misses(articles, docs, args.top)
    elif args.what == "scores":
        scores(articles, docs)
    elif args.what == "examples":
        examples(articles, docs, args.frame, args.top)
    else:
        words(articles, docs, args.min_seen, args.min_share)


if __name__ == "__main__":
    main()
