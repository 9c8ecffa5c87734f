"""A worker's start: the tokenizer's dash rules set with one reload of its special cases
(core._split_dashes), and the special cases all back afterwards."""

from __future__ import annotations

import spacy
from spacy.language import Language

from saidwhat.core import MODEL_NAME


def test_dashes_split_and_every_special_case_is_kept(nlp: Language) -> None:
    model = spacy.load(MODEL_NAME)
    assert nlp.tokenizer.rules == model.tokenizer.rules  # type: ignore[attr-defined]
    words = [token.text for token in nlp.tokenizer("“We won’t go―” ― Doe said. Don't, said Mr. Roe.")]
    assert words[:6] == ["“", "We", "wo", "n’t", "go", "―"]
    assert words[words.index("Do") : words.index("Do") + 2] == ["Do", "n't"] and "Mr." in words
