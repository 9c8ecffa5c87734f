"""Quote-mark pairing on raw text: curly and straight marks, apostrophes, paragraphs."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saidwhat.extract.quotemarks import find_quotes


def contents(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We won,” she said.", ["We won"]),
        ('"We won," she said.', ["We won"]),
        ("She said: “We won.”", ["We won."]),
        ("He’s sure Doe’s plan “will work” today.", ["will work"]),
        ("“A,” he said. “B.”", ["A", "B."]),
        ("“It’s ‘fine’ now,” she said.", ["It’s ‘fine’ now"]),
        ("The ‘quiet’ plan", ["quiet"]),
        ("The Joneses’ house, he said.", []),
        ("Rock ’n’ roll isn't dead, don't worry.", []),
        ('A 5" screen and a "big" deal', ["big"]),
    ],
)
def test_pairs(text: str, expected: list[str]) -> None:
    assert contents(text) == expected


def test_quote_over_several_paragraphs() -> None:
    text = "“First part.\n\n“Second part.\n\n“Last part,” she said.\n\nAfter."
    (quote,) = find_quotes(text)
    assert text[quote.start : quote.end].startswith("First part.")
    assert text[quote.start : quote.end].endswith("Last part")
    assert quote.closed


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    text = "He said “this never closes.\n\nNext paragraph is plain."
    (quote,) = find_quotes(text)
    assert text[quote.start : quote.end] == "this never closes."
    assert not quote.closed


def test_merged_paragraphs_reopen_the_same_quote() -> None:
    text = 'Doe said: "We did it. "And we will do it again." Then she left.'
    (quote,) = find_quotes(text)
    assert text[quote.start : quote.end] == 'We did it. "And we will do it again.'


@given(st.text(alphabet=st.sampled_from("ab .,\n“”‘’\"'«»„"), max_size=300))
def test_any_marks_give_ordered_disjoint_spans_inside_the_text(text: str) -> None:
    quotes = find_quotes(text)
    for quote in quotes:
        assert 0 <= quote.outer_start <= quote.start < quote.end <= quote.outer_end <= len(text)
    for before, after in pairwise(quotes):
        assert before.outer_end <= after.outer_start


def test_quote_inside_quote_with_the_same_marks() -> None:
    text = "“I’d rather live in what he calls “hell” than here.” ― Ana Ruiz\n“Next one.” ― Bo Li"
    assert contents(text) == ["I’d rather live in what he calls “hell” than here.", "Next one."]


def test_stray_opening_mark_is_dropped() -> None:
    text = "A stray “ mark here, and “a real quote,” she said."
    assert contents(text) == ["a real quote"]


def test_many_marks_in_one_paragraph() -> None:
    text = "“a " * 5000 + "end."
    assert find_quotes(text)  # returns, and quickly: the pairing is linear in the marks


def test_doubled_apostrophes_are_double_quotes() -> None:
    text = "''We won,'' she said, and ``that's that.''"
    assert contents(text) == ["We won", "that's that."]


def test_doubled_closing_mark_is_wholly_outside_the_content() -> None:
    text = "''We won,'' said Doe."
    (quote,) = find_quotes(text)
    assert text[quote.outer_start : quote.outer_end] == "''We won,''"
