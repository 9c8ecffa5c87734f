"""Names as the people rules compare and show them: without format characters, and the gender
a first name suggests."""

from __future__ import annotations

import contextlib
import os
import unicodedata
from functools import cache
from pathlib import Path
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


_GUESSES = ("male", "mostly_male", "female", "mostly_female")  # gender_guesser's, but "andy", "unknown"


@cache
def _first_name_genders() -> dict[str, int]:
    """gender_guesser's guess for every first name it knows, lowercased, as an index of `_GUESSES`
    (its "andy" and unknown names left out: neither suggests a gender). Its `Detector` parses a
    61,000-line file, 0.27 s of every worker's start; the table is built from it once into the
    user's cache directory, named after that file and the detector's code (size and time), and
    loads in 0.01 s after that. Where the cache cannot be written it is built in memory."""
    import marshal
    from importlib.util import find_spec

    spec = find_spec("gender_guesser.detector")
    code = Path(spec.origin) if spec and spec.origin else None
    if code is None:  # no source to key a cache by: build it
        return _built_first_name_genders()
    sources = [code, code.parent / "data" / "nam_dict.txt"]
    stamp = "-".join(f"{s.st_size:x}.{s.st_mtime_ns:x}" for s in map(os.stat, sources))
    cached = _cache_dir() / f"first-names-{marshal.version}-{stamp}.marshal"
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        table = marshal.loads(cached.read_bytes())
        if isinstance(table, dict):
            return table
    table = _built_first_name_genders()
    with contextlib.suppress(OSError):
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}")
        partial.write_bytes(marshal.dumps(table))
        os.replace(partial, cached)  # whole or absent: two workers may build it at once
    return table


def _built_first_name_genders() -> dict[str, int]:
    import gender_guesser.detector as gender

    detector = gender.Detector(case_sensitive=False)
    guesses = {guess: n for n, guess in enumerate(_GUESSES)}
    found = ((name, guesses.get(detector.get_gender(name))) for name in detector.names)
    return {name: n for name, n in found if n is not None}


def _cache_dir() -> Path:
    """saidwhat's directory under the user's cache directory (XDG_CACHE_HOME, else ~/.cache)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "saidwhat"


def gender_of_first_name(first: str, *, definite: bool = False) -> Gender | None:
    """The gender a first name suggests; with `definite`, only a name of one gender ("Jenna",
    not "Leslie"), enough to tell "Mr Doe" from "Jenna Doe"."""
    n = _first_name_genders().get(first.lower())
    guess = _GUESSES[n] if n is not None else "unknown"
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
