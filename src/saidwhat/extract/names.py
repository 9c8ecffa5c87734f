"""Names as the people rules compare and show them: without format characters, and the gender
a first name suggests."""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import TYPE_CHECKING

from ..types import Gender

if TYPE_CHECKING:  # annotations only: the store imports these modules without spaCy
    from spacy.tokens import Token


def display_name(text: str) -> str:
    """`text` as a name to show and store: without format characters (bidi overrides, zero-width
    spaces, soft hyphens: they can make one name look like another) and with one space for any
    run of white space or control characters."""
    kept = (" " if unicodedata.category(c) == "Cc" else c for c in text if unicodedata.category(c) != "Cf")
    return " ".join("".join(kept).split())


def name_words(words: list[Token]) -> list[str]:
    """The words of a name to show and compare; a hyphen joins its neighbours ("Kilroy-Silk")."""
    out: list[str] = []
    glue = False
    for token in words:
        word = display_name(token.text)
        if not word:
            continue
        if word == "-" and out:
            out[-1] += word
            glue = True
        elif glue:
            out[-1] += word
            glue = False
        else:
            out.append(word)
    return out


@cache
def _gender_detector() -> object:
    import gender_guesser.detector as gender

    return gender.Detector(case_sensitive=False)


def gender_of_first_name(first: str) -> Gender | None:
    guess = str(_gender_detector().get_gender(first))  # type: ignore[attr-defined]
    if guess in ("male", "mostly_male"):
        return "male"
    if guess in ("female", "mostly_female"):
        return "female"
    return None
