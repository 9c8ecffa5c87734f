"""What the mention ranker (`ranker.py`) knows of one pronoun and one person it may refer to.

One candidate is a person with a mention in the pronoun's window: its salience (the Lappin–Leass
sum `coref.py` computes), its last mention before the pronoun (how far back, in which role, a
name or a pronoun, in which paragraph and quote), how often the text names it, whether its
gender fits. The features are plain floats named in `FEATURES`, the order of the weights in
`data/coref_ranker.json`; `bench/train_coref.py` computes the same rows on GUM train.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .person import Mention, PersonRecord

FEATURES = (
    "salience_log",
    "salience_share",
    "top_salience",
    "most_recent",
    "sentences_back",
    "same_sentence",
    "previous_sentence",
    "tokens_back_log",
    "last_main_subject",
    "last_subject",
    "last_object",
    "last_possessor",
    "last_pronoun",
    "parallel_subject",
    "possessive_same_sentence_subject",
    "gender_known_match",
    "gender_unknown",
    "gender_guess_contradicted",
    "name_count_log",
    "window_mentions_log",
    "first_person_of_text",
    "other_paragraph",
    "pronoun_in_quote",
    "same_quote",
    "titled",
    "candidates_log",
    "last_name",
    "adjacent",
    "introduced_recently",
    "quote_speaker",
    "leading_phrase",
)


@dataclass(slots=True)
class Candidate:
    """One person in a pronoun's window, as the salience loop of `coref.py` gathers it."""

    person: PersonRecord
    salience: float
    last: Mention
    mentions: int  # in the window
    order: int  # the order in which the window meets the persons: ties go to the earlier


def paragraph_index(doc: Doc) -> list[int]:
    """The paragraph of every token: a blank line (two line breaks) starts a new one."""
    index, paragraph = [], 0
    for token in doc:
        index.append(paragraph)
        if (token.whitespace_ + (token.text if token.is_space else "")).count("\n") >= 2:
            paragraph += 1
    return index


def features(
    pronoun: Token,
    candidate: Candidate,
    *,
    sentence: int,
    top: float,
    most_recent: int,
    gender_fit: tuple[bool, bool, bool],
    name_count: int,
    first_person: bool,
    paragraphs: list[int],
    quote: int | None,
    last_quote: int | None,
    count: int,
    introduced: int,
    speaks: bool,
    fronted: bool,
) -> list[float]:
    """The row of `FEATURES` for `pronoun` and `candidate`; `gender_fit` is (known and the
    pronoun's, unknown, a guess the pronoun contradicts); `introduced` is the sentence the
    text first names the candidate in; `speaks`: the candidate's last mention is the subject
    of a speech verb and the pronoun is in a quote (its words are about someone else);
    `fronted`: named in a phrase or a said clause put before the pronoun's clause, not as
    its subject (see `Coreference._excluded`)."""
    last = candidate.last
    back = sentence - last.sentence
    last_token = pronoun.doc[last.token]
    subject = pronoun.dep_ in ("nsubj", "nsubjpass")
    return [
        math.log1p(candidate.salience) / 5.0,
        candidate.salience / top if top > 0 else 0.0,
        float(candidate.salience >= top),
        float(last.token == most_recent),
        min(back, 7) / 7.0,
        float(back == 0),
        float(back == 1),
        math.log1p(pronoun.i - last.token) / 5.0,
        float(last.rank == 0),
        float(last.rank <= 1),
        float(last.rank == 2),
        float(last.rank == 4),
        float(last_token.pos_ == "PRON"),
        float(subject and last.rank <= 1),
        float(pronoun.dep_ == "poss" and back == 0 and last.rank <= 1),
        float(gender_fit[0]),
        float(gender_fit[1]),
        float(gender_fit[2]),
        math.log1p(name_count) / 3.0,
        math.log1p(candidate.mentions) / 3.0,
        float(first_person),
        float(paragraphs[last.token] != paragraphs[pronoun.i]),
        float(quote is not None),
        float(quote is not None and last_quote == quote),
        float(bool(candidate.person.titles)),
        math.log1p(count) / 2.0,
        float(last_token.pos_ == "PROPN"),
        float(pronoun.i - last.token <= 3),
        float(sentence - introduced <= 1),
        float(speaks and quote is not None and last_quote is None and back <= 1),
        float(fronted),
    ]
