"""The quality gate (trafilatura's eval_gate): F1 and speaker accuracy on a fixed PolNeAR dev
subset must not fall below the floors in eval_baseline.json. Figures on the speech-cue gold are
those of the statements of speech and writing ("words only"): beliefs and stances are
`kind: "thought"`, which a reader of words leaves out, so they are not speech predictions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from saidwhat.eval import EvalReport, run_eval
from saidwhat.eval.run import WORDS_ONLY

BASELINE: dict[str, Any] = json.loads((Path(__file__).parent / "eval_baseline.json").read_text())


@pytest.fixture(scope="module")
def report(shared: Path) -> EvalReport:
    return run_eval(shared / "gold" / "polnear" / "dev", limit=BASELINE["articles"])


@pytest.mark.parametrize(("key", "floor"), BASELINE["f1"].items())
def test_f1_floor(report: EvalReport, key: str, floor: float) -> None:
    role, match, subset = key.split()
    assert report.system(_system(subset)).span(role, match, subset).f1 >= floor


@pytest.mark.parametrize(("key", "floor"), BASELINE["accuracy"].items())
def test_accuracy_floor(report: EvalReport, key: str, floor: float) -> None:
    name, match, subset = key.split()
    accuracy = report.system(_system(subset)).accuracy(name, match, subset).accuracy
    assert accuracy is not None and accuracy >= floor


def _system(subset: str) -> str:
    return WORDS_ONLY if subset == "speech" else "saidwhat"
