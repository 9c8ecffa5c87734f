"""The gender of a first name comes from a table cached in the user's cache directory
(extract/names.py): the same answers as gender_guesser's detector for every name it knows, and
a worker's start no longer pays for parsing its data file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import gender_guesser.detector as gender
import pytest

from saidwhat.extract import names


def _detector_says(detector: gender.Detector, first: str, definite: bool) -> str | None:
    guess = detector.get_gender(first)
    if guess == "male" or (guess == "mostly_male" and not definite):
        return "male"
    if guess == "female" or (guess == "mostly_female" and not definite):
        return "female"
    return None


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    names._first_name_genders.cache_clear()
    yield tmp_path
    names._first_name_genders.cache_clear()


def test_every_name_gets_the_detectors_gender_built_and_cached(cache_home: Path) -> None:
    detector = gender.Detector(case_sensitive=False)
    asked = [*detector.names, "Jenna", "LESLIE", "mArY", "Zqxv", "", "Jean-Pierre", "Ann Marie"]
    for built in ("built", "loaded from the cache"):
        names._first_name_genders.cache_clear()
        for definite in (False, True):
            wrong = [
                first
                for first in asked
                if names.gender_of_first_name(first, definite=definite)
                != _detector_says(detector, first, definite)
            ]
            assert wrong == [], built
        assert len(list((cache_home / "saidwhat").glob("first-names-*.marshal"))) == 1


def test_a_cached_table_is_loaded_without_the_detector(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names.gender_of_first_name("Jenna")
    names._first_name_genders.cache_clear()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the detector was built again")

    monkeypatch.setattr(gender, "Detector", refuse)
    assert names.gender_of_first_name("Jenna", definite=True) == "female"


def test_a_damaged_or_unwritable_cache_is_built_again(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names.gender_of_first_name("Jenna")
    (cached,) = (cache_home / "saidwhat").glob("first-names-*.marshal")
    cached.write_bytes(b"\x00not marshal")
    names._first_name_genders.cache_clear()
    assert names.gender_of_first_name("Jenna") == "female"
    assert cached.read_bytes() != b"\x00not marshal"  # written anew
    blocked = cache_home / "a-file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # the cache cannot be written: built in memory
    names._first_name_genders.cache_clear()
    assert names.gender_of_first_name("Oskar") == "male"
