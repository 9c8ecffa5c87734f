"""How often a publication date inferred from the text alone is right, and how often it is absent
rather than wrong: PolNeAR dev (true dates in metadata.tsv) and the BBC politics folder (no dates).

    python bench/published_dates.py            # both; needs ../shared
    python bench/published_dates.py --errors   # also list the wrong ones

PolNeAR's file names hold the date; the texts are analysed without them (and without
--published), so only the text speaks. A BBC article or statement is counted "outside" when its
year lies outside the years its own text supports (`bench_years.supported_years`). Dev only:
never point this at a test split.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

import saidwhat
from saidwhat.core import analyze_documents
from saidwhat.document import Document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from yearspan import outside_years  # noqa: E402  (the same check as the BBC test)

TOLERANCE = dt.timedelta(days=2)


def polnear(errors: bool) -> None:
    gold = SHARED / "gold" / "polnear"
    with (gold / "metadata.tsv").open(encoding="utf-8") as handle:
        truth = {
            row["filename"]: dt.date.fromisoformat(row["publication_date"])
            for row in csv.DictReader(handle, delimiter="\t")
            if row["compartment"] == "dev"
        }
    paths = sorted((gold / "dev" / "text").glob("*.txt"))
    documents = [Document(text=p.read_text(encoding="utf-8"), name=p.stem) for p in paths]
    dated = right = 0
    for path, article in zip(paths, analyze_documents(documents), strict=True):
        found = article.article.published
        if found is None:
            continue
        dated += 1
        ok = abs(found - truth[path.stem]) <= TOLERANCE
        right += ok
        if errors and not ok:
            print(f"  wrong: {path.stem}: {found} (true {truth[path.stem]})")
    total = len(paths)
    share = right / dated if dated else 1.0
    print(
        f"PolNeAR dev: {total} articles, {dated} dated from the text, {right} right (±2 days): "
        f"right {share:.1%} of dated, absent-or-right {(total - dated + right) / total:.1%}"
    )


def bbc(errors: bool) -> None:
    folder = SHARED / "corpora" / "bbc-news" / "politics"
    paths = sorted(folder.glob("*.txt"))
    documents = [Document(text=p.read_bytes().decode("utf-8", "replace"), name=p.name) for p in paths]
    dated = dated_quotes = bad_articles = bad_quotes = 0
    for path, article in zip(paths, analyze_documents(documents), strict=True):
        dated += article.article.published is not None
        dated_quotes += sum(q.date is not None for q in article.quotes)
        bad = outside_years(article)
        bad_articles += bool(bad.article)
        bad_quotes += len(bad.quotes)
        if errors and (bad.article or bad.quotes):
            print(f"  outside: {path.name}: {bad}")
    print(
        f"BBC politics: {len(paths)} articles, {dated} dated, {bad_articles} outside their years; "
        f"{dated_quotes} dated statements, {bad_quotes} outside"
    )


def main() -> int:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--errors", action="store_true", help="list the wrong dates")
    args = parser.parse_args()
    saidwhat.load_pipeline()
    polnear(args.errors)
    bbc(args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
