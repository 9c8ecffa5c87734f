"""The learned cue finder: whether a verb the lexicon does not list attributes a position to its
subject ("Doe pushed back on the plan", "the senators framed it as a test"), from the verb's
syntactic frame rather than its word.

The cue verbs PolNeAR annotates beyond the speech and belief lists are a long tail, none used
more than a few dozen times, so a word list runs out; what they share is a frame: a person or
organisation as the subject, a that-clause, an infinitive or a "for"/"on" phrase after, a tense
of reporting. A logistic regression over those per-verb features (named strings, all read
from the verb and its children, no rescan of the document), trained on PolNeAR train by `make
train-cues` (`bench/train_cues.py`), with its threshold chosen by cross-validation on train.
Its weights are readable JSON in `data/cue_model.json` (feature → coefficient), scored here
without scikit-learn: one sum over a verb's few features.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Token

from ..lexicon import Lexicon

# The dependencies of a verb's children that say what frame it is in.
_CHILD_DEPS = frozenset(
    {
        "ccomp",
        "xcomp",
        "dobj",
        "prep",
        "dative",
        "agent",
        "auxpass",
        "neg",
        "advcl",
        "acomp",
        "attr",
        "oprd",
        "prt",
    }
)
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})  # of a reported clause
_PERSONAL = frozenset({"he", "she", "they", "who", "i", "we"})
_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_MODALS = frozenset({"will", "would", "could", "should", "may", "might", "can", "must", "'ll"})
_WH = frozenset({"how", "what", "why", "whether", "if", "when", "who", "which"})


def verb_features(verb: Token, holder: Token, lexicon: Lexicon) -> list[str]:
    """The named features of one candidate verb and who would hold what it reports (its
    subject, one it shares, or a passive's agent): the verb's tag and role, its children's
    dependencies, the holder's kind, the complement's shape, the lemma and its suffix."""
    lemma = verb.lemma_.lower()
    features = [f"lemma={lemma}", f"suffix={lemma[-3:]}", f"tag={verb.tag_}", f"dep={verb.dep_}"]
    depth = 0
    head = verb
    while head.head.i != head.i and depth < 3:
        head, depth = head.head, depth + 1
    features.append(f"depth={depth}")
    for child in verb.children:
        dep = child.dep_
        if dep in _CHILD_DEPS:
            features.append(f"child={dep}")
        if dep == "prep":
            features.append(f"prep={child.lower_}")
        elif dep == "dobj":
            features.append(f"object={child.lemma_.lower()}")
            features.append(f"object_suffix={child.lemma_.lower()[-3:]}")  # "-ion", "-ent": an abstract noun
            if child.lemma_.lower() in lexicon.statement_nouns or child.lemma_.lower() in lexicon.cue_nouns:
                features.append("object_statement_noun")
        elif dep == "ccomp":
            features.extend(_clause_features(child))
        elif dep == "xcomp" and any(c.tag_ == "TO" for c in child.children):
            features.append("infinitive_after")
        elif dep in ("aux", "auxpass") and child.lower_ in _MODALS:
            features.append("modal")
    features.extend(_holder_features(verb, holder, lexicon))
    if lemma in lexicon.speech_cues or lemma in lexicon.infinitive_cues:
        features.append("listed_speech_cue")
    return features


def _clause_features(clause: Token) -> list[str]:
    found = []
    first = clause.left_edge
    if any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
        found.append("clause_that")
    if first.lower_ in _WH:
        found.append("clause_wh")
    if any(c.dep_ in _SUBJECTS for c in clause.children):
        found.append("clause_subject")
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in clause.children):
        found.append("clause_modal")
    return found


def _holder_features(verb: Token, subject: Token, lexicon: Lexicon) -> list[str]:
    low, lemma = subject.lower_, subject.lemma_.lower()
    found = [f"subject_pos={subject.pos_}"]
    if subject.head.dep_ == "agent":
        found.append("passive_agent")
    elif subject.head.i != verb.i:
        found.append("subject_shared")
    if low in _PERSONAL:
        found.append("subject_personal")
    elif low == "it":
        found.append("subject_it")
    if subject.ent_type_ in _ENTITIES:
        found.append(f"subject_entity={subject.ent_type_}")
    if lemma in lexicon.group_nouns:
        found.append("subject_group")
    if lexicon.is_title(subject.text):
        found.append("subject_title")
    return found


@dataclass(frozen=True, slots=True)
class CueModel:
    weights: dict[str, float]
    intercept: float
    threshold: float  # probability a verb needs to be taken as a cue

    def probability(self, features: list[str]) -> float:
        """The verb's probability of heading an attribution; a feature the weights lack weighs 0."""
        z = self.intercept + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-z))

    def accepts(self, verb: Token, holder: Token, lexicon: Lexicon) -> bool:
        return self.probability(verb_features(verb, holder, lexicon)) >= self.threshold


@cache
def load_cue_model() -> CueModel:
    """The committed weights (`data/cue_model.json`)."""
    raw = json.loads(resources.files("saidwhat").joinpath("data/cue_model.json").read_text("utf-8"))
    weights = {str(k): float(v) for k, v in raw["coefficients"].items()}
    return CueModel(weights, float(raw["intercept"]), float(raw["threshold"]))
