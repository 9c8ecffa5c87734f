"""Analyse the shared GUM or TempEval-3 texts and score them with the shared scorers.

    python bench/shared_gold.py gum dev            # GUM person coreference, dev split
    python bench/shared_gold.py timex AQUAINT      # TempEval-3 time expressions (AQUAINT = dev)

The analyses are written to build/gold/<name>/ (one saidwhat JSON per document, as the scorers
expect) and the scorer's report is printed. The scorers live in ../shared and are not ours; this
script only feeds them. Never point it at a test split: those are held back.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from rich.progress import track

import saidwhat

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "gold"
BUILD = Path(__file__).resolve().parents[1] / "build" / "gold"


def _write(out: Path, name: str, text: str, published: str | None) -> None:
    article = saidwhat.analyze(text, published=published)
    (out / f"{name}.json").write_text(json.dumps(article.model_dump(mode="json")), encoding="utf-8")


def gum(split: str, extra: list[str]) -> int:
    if split == "test":
        raise SystemExit("the GUM test split is held back")
    gold = SHARED / "gum" / split
    out = BUILD / f"gum-{split}"
    out.mkdir(parents=True, exist_ok=True)
    for path in track(sorted(gold.glob("*.txt")), description=f"GUM {split}"):
        _write(out, path.stem, path.read_text(encoding="utf-8"), None)
    scorer = SHARED / "gum" / "score_gum_people.py"
    return subprocess.call([sys.executable, str(scorer), str(gold), str(out), *extra])


def timex(collection: str, extra: list[str]) -> int:
    gold = SHARED / "tempeval3"
    docs = json.loads((gold / "gold.json").read_text(encoding="utf-8"))["docs"]
    out = BUILD / f"timex-{collection}"
    out.mkdir(parents=True, exist_ok=True)
    chosen = [d for d in docs if d["collection"] == collection]
    for doc in track(chosen, description=f"TempEval-3 {collection}"):
        _write(out, doc["doc"], (gold / doc["file"]).read_text(encoding="utf-8"), doc["published"])
    scorer = gold / "score_timex.py"
    command = [sys.executable, str(scorer), str(gold), str(out), "--collection", collection]
    return subprocess.call([*command, *extra])


def main() -> int:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("gold", choices=("gum", "timex"))
    parser.add_argument("part", help="GUM split (train, dev) or TempEval-3 collection (TimeBank, AQUAINT)")
    args, extra = parser.parse_known_args()
    return gum(args.part, extra) if args.gold == "gum" else timex(args.part, extra)


if __name__ == "__main__":
    sys.exit(main())
