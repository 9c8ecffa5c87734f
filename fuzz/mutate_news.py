"""Fuzz the analysis with damaged real news: BBC articles from ../shared, cut, truncated, joined
and sprinkled with quote marks, dashes, cues, pronouns and dates, with and without a
publication date. Random bytes (fuzz_text.py) rarely reach the deep rules; these inputs do.

    make fuzz FUZZ_SECONDS=120    # or: python fuzz/mutate_news.py --seconds 60 --seed 7

A crash is anything but a result or an `InputError`, or a statement whose text is not its slice
of the article; each is written to build/fuzz/mutated-HASH.txt with its traceback beside it, and
the exit code is 1. Without ../shared there is nothing to mutate: exit 0 with a message.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news"
OUT = ROOT / "build" / "fuzz"
# What news text is made of where the rules look: quote marks of every kind, frames, cues, pronouns,
# dates, paragraph breaks and the characters a careless copy leaves in.
# fmt: off
PIECES = [
    '"', "“", "”", "'", "‘", "’", "«", "»", "``", "''", "—", "–", "-", ":", ";", "(", ")", ",", ".", "?", "!",
    "…", "\n", "\n\n", "\t", " ", "\u200b", "\u202e", "'s", " said ", " told ", " according to ", " he ",
    " she ", " I ", " we ", " Mr ", " the prime minister ", " on Tuesday ", " last May ", " 2003 ",
]
# fmt: on


def mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 12)):
        n, op = len(text), rng.random()
        if n == 0:
            text = rng.choice(PIECES)
            continue
        i = rng.randrange(n + 1)
        if op < 0.45:
            text = text[:i] + rng.choice(PIECES) + text[i:]
        elif op < 0.6:
            text = text[:i] + text[min(n, i + rng.randint(1, 40)) :]
        elif op < 0.7:
            k = rng.randrange(n + 1)
            text = text[:k] + text[i : min(n, i + rng.randint(1, 200))] + text[k:]
        elif op < 0.78:
            text = text[:i]
        elif op < 0.84:
            text = text[i:]
        elif op < 0.9:
            text = text.replace("\n", " ", rng.randint(1, 5))
        else:
            text = text[:i] + text[i : i + 30].upper() + text[i + 30 :]
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="how long (default %(default)s)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: the clock)")
    args = parser.parse_args()
    files = sorted(CORPUS.glob("*/*.txt"))
    if not files:
        print(f"fuzz: {CORPUS} not found (../shared is not beside the repo); nothing fuzzed.")
        return 0
    import saidwhat
    from saidwhat.core import analyze_document
    from saidwhat.document import load_document
    from saidwhat.errors import InputError

    seed = args.seed if args.seed is not None else time.time_ns() % 2**32
    rng, nlp = random.Random(seed), saidwhat.load_pipeline()
    tried = crashes = 0
    end = time.monotonic() + args.seconds
    while time.monotonic() < end:
        source = rng.choice(files).read_text(encoding="utf-8", errors="replace")
        if rng.random() < 0.5:
            start = rng.randrange(len(source))
            source = source[start : start + rng.randint(50, 1500)]
        text, published = mutate(source, rng), dt.date(2005, 3, 1) if rng.random() < 0.5 else None
        tried += 1
        try:
            article = analyze_document(load_document(text, name="<mutated>", published=published), nlp)
            for quote in article.quotes:
                if article.article.text[quote.start : quote.end] != quote.text:
                    raise AssertionError(f"{quote.id}: text is not article.text[{quote.start}:{quote.end}]")
        except InputError:
            continue
        except Exception:
            crashes += 1
            name = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
            OUT.mkdir(parents=True, exist_ok=True)
            (OUT / f"mutated-{name}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
            (OUT / f"mutated-{name}.traceback").write_text(traceback.format_exc(), encoding="utf-8")
    where = f" in {OUT}" if crashes else ""
    print(f"fuzz: {tried} mutated articles (seed {seed}), {crashes} crashes{where}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
