"""The assembly passes: their order is the logic, and after the last statements nest or keep apart."""

from __future__ import annotations

import pytest

from saidwhat.extract.passes import PASSES, check_nesting
from saidwhat.extract.statement import CONFIDENCE, Statement


def test_the_passes_run_in_their_named_order_each_with_a_contract() -> None:
    names = [step.name for step in PASSES]
    assert names == [
        "words_before_thoughts",
        "attach_mixed",
        "quotes_in_clauses",
        "drop_reported_quotes",
        "close_contents",
        "inherit_speakers",
        "merge_tagged",
        "uncross",
    ]
    assert all(step.contract for step in PASSES)


def test_nested_and_separate_statements_pass_the_check() -> None:
    outer, inner, later = (Statement("indirect", s, e, "verb_cue") for s, e in ((0, 50), (10, 20), (60, 70)))
    check_nesting([outer, inner, later])


def test_crossing_statements_fail_the_check() -> None:
    first, second = Statement("indirect", 0, 30, "verb_cue"), Statement("direct", 20, 40, "cue_beside_quote")
    with pytest.raises(AssertionError, match="cross"):
        check_nesting([first, second])


def test_a_statement_takes_the_strength_of_the_rule_that_found_it() -> None:
    statement = Statement("direct", 0, 10, "unattributed")
    assert statement.confidence == CONFIDENCE["unattributed"]
    statement.found_by("continued_quote")
    assert (statement.rule, statement.confidence) == ("continued_quote", CONFIDENCE["continued_quote"])
