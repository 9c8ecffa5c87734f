"""Measurement: read PolNeAR gold, score predicted quotes, compare with baselines.

report = run_eval(Path("../shared/gold/polnear/dev"), limit=None, compare=["textacy"])
render_report(report, Console())
report.model_dump_json(indent=2)
"""

from __future__ import annotations

from .polnear import GoldArticle, GoldAttribution, add_cue_lemmas, parse_brat, parse_brat_spans, read_polnear
from .run import render_report, run_eval, textacy_quotes
from .scoring import Accuracy, EvalReport, SpanScore, SystemScores, match_spans, score, significant_chars

__all__ = [
    "Accuracy",
    "EvalReport",
    "GoldArticle",
    "GoldAttribution",
    "SpanScore",
    "SystemScores",
    "add_cue_lemmas",
    "match_spans",
    "parse_brat",
    "parse_brat_spans",
    "read_polnear",
    "render_report",
    "run_eval",
    "score",
    "significant_chars",
    "textacy_quotes",
]
