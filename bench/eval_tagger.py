"""The attribution tagger against the rules on PolNeAR dev, with saidwhat's own scorer.

Three systems on the same texts, scored by `saidwhat.eval.score`:

- tagger: `doc._.attributions` of `saidwhat_attribution_tagger` (added to saidwhat's own
  pipeline), as `Quote`s via `attributions_to_quotes`;
- rules: `saidwhat.core.analyze_document`, top-level quotes only (`parent is None`);
- union: the tagger's quotes plus the rules' quotes whose content overlaps none of them;
- union, rules first: the other way round (the rules' quotes win where both found one).

    .venv/bin/python bench/eval_tagger.py [--split dev] [--weights DIR] [--min-confidence X]
                                          [--oracle] [--json out.json]

`--oracle` replaces the tagger's tags by the gold tags, to measure the decoding alone.
Exits 0 with a message when ../shared or the trained weights are absent. Never reads test.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold" / "polnear"
SPLITS = ("train", "dev")  # the test split is held back


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--split", choices=SPLITS, default="dev")
    parser.add_argument(
        "--weights", default="package", help="tagger weights directory (default: the package's)"
    )
    parser.add_argument("--limit", type=int, default=None, help="articles to use")
    parser.add_argument(
        "--min-confidence", type=float, default=None, help="override the component's min_confidence"
    )
    parser.add_argument("--oracle", action="store_true", help="decode gold tags instead of predicted ones")
    parser.add_argument("--json", type=Path, default=None, help="also write the report as JSON")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    gold_dir = GOLD / args.split
    if not gold_dir.is_dir():
        print(f"eval_tagger: {gold_dir} not found (../shared is not beside the repo); nothing measured.")
        return 0

    from rich.console import Console
    from thinc.api import Config

    from saidwhat.core import analyze_document, load_pipeline
    from saidwhat.document import Document
    from saidwhat.errors import ModelError
    from saidwhat.eval import add_cue_lemmas, read_polnear, render_report, score
    from saidwhat.tagger import attributions_to_quotes, link_attributions
    from saidwhat.tagger.training_data import gold_tags
    from saidwhat.types import Quote

    console = Console()
    articles = read_polnear(gold_dir, limit=args.limit)
    rules_nlp = load_pipeline()
    tagger_nlp = load_pipeline.__wrapped__()  # a second, uncached copy of saidwhat's pipeline
    try:
        config: dict[str, Any] = {"weights": args.weights}
        trained = Path(args.weights) / "config.cfg"
        if args.weights != "package" and trained.is_file():  # a run with another architecture
            config["model"] = Config().from_disk(trained)["components"]["attribution_tagger"]["model"]
        if args.min_confidence is not None:
            config["min_confidence"] = args.min_confidence
        tagger_nlp.add_pipe("saidwhat_attribution_tagger", config=config)
    except ModelError as exc:
        print(f"eval_tagger: {exc}; nothing measured.")
        return 0

    tagger_quotes: list[list[Quote]] = []
    rules_quotes: list[list[Quote]] = []
    seconds = {"tagger": 0.0, "rules": 0.0}
    lemmatised = []
    with tagger_nlp.select_pipes(disable=["saidwhat_quotes"]):
        for article in articles:
            started = time.perf_counter()
            doc = tagger_nlp(article.text)
            if args.oracle:
                doc._.attributions = link_attributions(doc, gold_tags(doc, article.attributions))
            tagger_quotes.append(attributions_to_quotes(doc))
            seconds["tagger"] += time.perf_counter() - started
            lemmatised.append(add_cue_lemmas(article, doc))

            started = time.perf_counter()
            document = Document(
                text=article.text, name=article.name, title=article.title, published=article.published
            )
            result = analyze_document(document, rules_nlp)
            rules_quotes.append([q for q in result.quotes if q.parent is None])
            seconds["rules"] += time.perf_counter() - started

    union_quotes = [_union(t, r) for t, r in zip(tagger_quotes, rules_quotes, strict=True)]
    rules_first = [_union(r, t) for t, r in zip(tagger_quotes, rules_quotes, strict=True)]
    name = "tagger (gold tags)" if args.oracle else "tagger"
    report = score(list(zip(lemmatised, tagger_quotes, strict=True)), system=name, seconds=seconds["tagger"])
    report = report.merged(
        score(list(zip(lemmatised, rules_quotes, strict=True)), system="rules", seconds=seconds["rules"])
    )
    report = report.merged(score(list(zip(lemmatised, union_quotes, strict=True)), system="union"))
    report = report.merged(
        score(list(zip(lemmatised, rules_first, strict=True)), system="union, rules first")
    )
    report = report.model_copy(update={"split": args.split})
    render_report(report, console)
    console.print(_targets(report.model_dump()))
    if args.json:
        args.json.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return 0


def _union(first: Sequence[Any], second: Sequence[Any]) -> list[Any]:
    """All quotes of `first`, plus those of `second` whose content overlaps none of them."""
    extra = [q for q in second if not any(q.start < f.end and f.start < q.end for f in first)]
    return sorted([*first, *extra], key=lambda q: (q.start, q.end))


def _targets(report: dict[str, Any]) -> str:
    """The issue's targets, one line per system."""
    lines = [
        "targets: content ≥30% F1 speech ≥ 0.80, all ≥ 0.70; source exact F1 ≥ 0.75; cue exact F1 ≥ 0.70"
    ]
    for system in report["systems"]:
        spans = {(s["role"], s["match"], s["subset"]): s["f1"] for s in system["spans"]}
        figures = [
            spans["content", "cover30", "speech"],
            spans["content", "cover30", "all"],
            spans["source", "exact", "all"],
            spans["cue", "exact", "all"],
        ]
        marks = ["✓" if f >= t else "✗" for f, t in zip(figures, (0.80, 0.70, 0.75, 0.70), strict=True)]
        lines.append(
            f"  {system['system']:<20} "
            + "  ".join(f"{f:.3f}{m}" for f, m in zip(figures, marks, strict=True))
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
