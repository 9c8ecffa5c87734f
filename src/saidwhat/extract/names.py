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


def gender_of_first_name(first: str, *, definite: bool = False) -> Gender | None:
    """The gender a first name suggests; with `definite`, only a name of one gender ("Jenna",
    not "Leslie"), enough to tell "Mr Doe" from "Jenna Doe"."""
    guess = str(_gender_detector().get_gender(first))  # type: ignore[attr-defined]
    if guess == "male" or (guess == "mostly_male" and not definite):
        return "male"
    if guess == "female" or (guess == "mostly_female" and not definite):
        return "female"
    return None


def name_parts(words: list[str]) -> list[str]:
    """A name's words cut at their hyphens: "Kilroy-Silk" and "Kilroy Silk" are one name."""
    return [part for word in words for part in word.split("-") if part]


def is_surname(name: list[str], word: str) -> bool:
    """Whether a lone `word` is the surname of `name`, or its hyphenated form ("Kilroy-Silk" of
    "Robert Kilroy Silk")."""
    parts = name_parts([word])
    return name[-1] == word or (len(parts) > 1 and name_parts(name)[-len(parts) :] == parts)


def hyphenated(name: list[str], written: list[str]) -> list[str]:
    """`name` with its last words written as `written` when that joins them with a hyphen
    ("Robert Kilroy Silk" met as "Kilroy-Silk" → "Robert Kilroy-Silk"): the hyphen says how the
    surname is spelt, and the store keys the person by it."""
    if not any("-" in word for word in written):
        return name
    parts = name_parts(written)
    for start in range(len(name)):
        if name_parts(name[start:]) == parts:
            return name[:start] + written
    return name
