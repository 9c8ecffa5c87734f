"""The assembly passes: their order is the logic, and after the last statements nest or keep apart."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from saidwhat import analyze
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
        "drop_repeats",
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


@dataclass(frozen=True)
class _Tagged:
    """A tagged attribution as `saidwhat.tagger` gives it: character offsets."""

    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    content: list[tuple[int, int]]
    confidence: float = 0.9


_HARBOUR = (
    "Storm closes harbour\n\nThe mayor said the bridge would reopen in May. "
    "The council declined to comment on the cost. Fishermen were gloomy about the closure.\n\n"
    "Ferry crews watched the sky. Their mood was grim.\n"
)


def _at(words: str) -> tuple[int, int]:
    start = _HARBOUR.index(words)
    return start, start + len(words)


def test_tagged_attributions_join_only_where_the_rules_found_nothing() -> None:
    """The rules' statement keeps its span against a tagger that cut it short; a refusal is no
    statement; a headline is left alone, and so are a content of one word and a possessive
    source (misread phrases); an attribution in a sentence the rules left alone is added, as a
    thought."""
    from saidwhat.core import load_pipeline
    from saidwhat.extract.analysis import analyze_doc

    doc = load_pipeline()(_HARBOUR)
    tagged = [
        _Tagged(_at("Storm"), _at("closes"), [_at("harbour")]),
        _Tagged(_at("The mayor"), _at("said"), [_at("the bridge would reopen")]),
        _Tagged(_at("The council"), _at("declined"), [_at("to comment on the cost")]),
        _Tagged(_at("Fishermen"), _at("were gloomy about"), [_at("the closure")]),
        _Tagged(_at("Ferry crews"), _at("watched"), [(_at("the sky")[0], _at("the sky")[0] + 3)]),  # "the"
        _Tagged(_at("Their"), _at("mood"), [_at("was grim")]),
    ]
    quotes = analyze_doc(doc, published=None, tagged=tagged).quotes
    assert [(q.text, q.kind) for q in quotes] == [
        ("the bridge would reopen in May", "speech"),
        ("the closure", "thought"),
    ]
    assert quotes[0].confidence == CONFIDENCE["verb_cue"]
    assert quotes[1].confidence == pytest.approx(CONFIDENCE["tagged"] * 0.9)


def test_words_said_once_are_one_row() -> None:
    """A pull quote that repeats the body's words is no second statement; a short phrase two
    people say stays twice."""
    text = (
        "Harbour board backs the wall\n\n"
        "“We will rebuild the harbour wall before the winter storms come,” said Lena Okafor.\n\n"
        "The board met on Monday.\n\n"
        "“We will rebuild the harbour wall before the winter storms come.”\n\n"
        "“Not this year,” said Tom Reed. “Not this year,” said Ruth Ames.\n"
    )
    rows = [(q.text, q.speaker.mention if q.speaker else None) for q in analyze(text).quotes]
    assert rows == [
        ("We will rebuild the harbour wall before the winter storms come", "Lena Okafor"),
        ("Not this year", "Tom Reed"),
        ("Not this year", "Ruth Ames"),
    ]
