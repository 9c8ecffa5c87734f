"""Rules that undo parser errors, tested on parses written by hand: the statistical parser
makes these errors in context, and no short invented sentence is sure to reproduce them."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from saidwhat.extract.context import DocContext
from saidwhat.extract.reported import ReportedSpeech
from saidwhat.extract.stances import StanceFinder
from saidwhat.extract.syntax import misread_relative, subject_of

# (word, pos, tag, lemma, head, dep, entity)
Row = tuple[str, str, str, str, int, str, str]


def _doc(rows: list[Row]) -> Doc:
    words, pos, tags, lemmas, heads, deps, ents = (list(column) for column in zip(*rows, strict=True))
    spaces = [i + 1 < len(words) and words[i + 1] not in (",", ".") for i in range(len(words))]
    return Doc(
        spacy.blank("en").vocab,
        words=words,
        spaces=spaces,
        pos=pos,
        tags=tags,
        lemmas=lemmas,
        heads=heads,
        deps=deps,
        ents=ents,
    )


def test_of_two_clauses_under_a_cue_the_one_after_it_is_what_was_said() -> None:
    # "After the vote ended, Okafor said she is certain." with "ended" taken for a complement
    doc = _doc(
        [
            ("After", "SCONJ", "IN", "after", 3, "mark", "O"),
            ("the", "DET", "DT", "the", 2, "det", "O"),
            ("vote", "NOUN", "NN", "vote", 3, "nsubj", "O"),
            ("ended", "VERB", "VBD", "end", 6, "ccomp", "O"),
            (",", "PUNCT", ",", ",", 6, "punct", "O"),
            ("Okafor", "PROPN", "NNP", "Okafor", 6, "nsubj", "B-PERSON"),
            ("said", "VERB", "VBD", "say", 6, "ROOT", "O"),
            ("she", "PRON", "PRP", "she", 8, "nsubj", "O"),
            ("is", "AUX", "VBZ", "be", 6, "ccomp", "O"),
            ("certain", "ADJ", "JJ", "certain", 8, "acomp", "O"),
            (".", "PUNCT", ".", ".", 6, "punct", "O"),
        ]
    )
    [statement] = ReportedSpeech(DocContext.of(doc)).find()
    assert doc.text[statement.start : statement.end] == "she is certain"
    assert statement.speaker is not None and statement.speaker.text == "Okafor"


def test_a_participle_describing_a_named_body_has_that_body_for_subject() -> None:
    # "Kelby Ferries, saying fares would rise, left." with "saying" hung on the name
    doc = _doc(
        [
            ("Kelby", "PROPN", "NNP", "Kelby", 1, "compound", "B-ORG"),
            ("Ferries", "PROPN", "NNP", "Ferries", 8, "nsubj", "I-ORG"),
            (",", "PUNCT", ",", ",", 1, "punct", "O"),
            ("saying", "VERB", "VBG", "say", 1, "acl", "O"),
            ("fares", "NOUN", "NNS", "fare", 6, "nsubj", "O"),
            ("would", "AUX", "MD", "would", 6, "aux", "O"),
            ("rise", "VERB", "VB", "rise", 3, "ccomp", "O"),
            (",", "PUNCT", ",", ",", 1, "punct", "O"),
            ("left", "VERB", "VBD", "leave", 8, "ROOT", "O"),
            (".", "PUNCT", ".", ".", 8, "punct", "O"),
        ]
    )
    assert subject_of(doc[3]) == doc[1]
    assert subject_of(doc[6]) == doc[4]


def test_a_main_verb_read_as_a_relative_clause_has_the_sentence_root_for_subject() -> None:
    # "A spokeswoman for the union called on Mr Lund to quit the board." with "called" hung on
    # "union" as a reduced relative (acl) and "to quit" read as a clause of purpose (advcl)
    doc = _doc(
        [
            ("A", "DET", "DT", "a", 1, "det", "O"),
            ("spokeswoman", "NOUN", "NN", "spokeswoman", 1, "ROOT", "O"),
            ("for", "ADP", "IN", "for", 1, "prep", "O"),
            ("the", "DET", "DT", "the", 4, "det", "O"),
            ("union", "NOUN", "NN", "union", 2, "pobj", "O"),
            ("called", "VERB", "VBD", "call", 4, "acl", "O"),
            ("on", "ADP", "IN", "on", 5, "prep", "O"),
            ("Mr", "PROPN", "NNP", "Mr", 8, "compound", "O"),
            ("Lund", "PROPN", "NNP", "Lund", 6, "pobj", "B-PERSON"),
            ("to", "PART", "TO", "to", 10, "aux", "O"),
            ("quit", "VERB", "VB", "quit", 5, "advcl", "O"),
            ("the", "DET", "DT", "the", 12, "det", "O"),
            ("board", "NOUN", "NN", "board", 10, "dobj", "O"),
            (".", "PUNCT", ".", ".", 1, "punct", "O"),
        ]
    )
    [statement] = ReportedSpeech(DocContext.of(doc)).find()
    assert doc.text[statement.start : statement.end] == "Mr Lund to quit the board"
    assert statement.speaker is not None and statement.speaker.text == "spokeswoman"
    assert statement.cue is not None and statement.cue.text == "called on"
    assert statement.addressee is not None and statement.addressee.text == "Lund"


def test_a_participle_with_its_agent_is_no_misread_main_verb() -> None:
    # "The plan criticised by the union on Monday." (a headline's noun and passive participle)
    doc = _doc(
        [
            ("The", "DET", "DT", "the", 1, "det", "O"),
            ("plan", "NOUN", "NN", "plan", 1, "ROOT", "O"),
            ("criticised", "VERB", "VBN", "criticise", 1, "acl", "O"),
            ("by", "ADP", "IN", "by", 2, "agent", "O"),
            ("the", "DET", "DT", "the", 5, "det", "O"),
            ("union", "NOUN", "NN", "union", 3, "pobj", "O"),
            (".", "PUNCT", ".", ".", 1, "punct", "O"),
        ]
    )
    assert misread_relative(doc[2]) is None


def test_a_clause_without_that_under_the_copula_is_what_a_stance_adjective_is_about() -> None:
    # "Doe was hopeful fares would fall." with the clause hung on "was", not on "hopeful"
    doc = _doc(
        [
            ("Doe", "PROPN", "NNP", "Doe", 1, "nsubj", "B-PERSON"),
            ("was", "AUX", "VBD", "be", 1, "ROOT", "O"),
            ("hopeful", "ADJ", "JJ", "hopeful", 1, "acomp", "O"),
            ("fares", "NOUN", "NNS", "fare", 5, "nsubj", "O"),
            ("would", "AUX", "MD", "would", 5, "aux", "O"),
            ("fall", "VERB", "VB", "fall", 1, "ccomp", "O"),
            (".", "PUNCT", ".", ".", 1, "punct", "O"),
        ]
    )
    [statement] = StanceFinder(DocContext.of(doc)).find()
    assert doc.text[statement.start : statement.end] == "fares would fall"
    assert statement.cue is not None and statement.cue.text == "was hopeful"


def test_a_clause_whose_subject_was_read_as_the_cues_object_begins_at_that_object() -> None:
    # "Okafor argued closer ties were vital." with "ties" the object of "argued", "closer" an
    # adverb of the verb, and "were vital" a clause without a subject
    doc = _doc(
        [
            ("Okafor", "PROPN", "NNP", "Okafor", 1, "nsubj", "B-PERSON"),
            ("argued", "VERB", "VBD", "argue", 1, "ROOT", "O"),
            ("closer", "ADJ", "JJR", "close", 1, "advmod", "O"),
            ("ties", "NOUN", "NNS", "tie", 1, "dobj", "O"),
            ("were", "AUX", "VBD", "be", 1, "ccomp", "O"),
            ("vital", "ADJ", "JJ", "vital", 4, "acomp", "O"),
            (".", "PUNCT", ".", ".", 1, "punct", "O"),
        ]
    )
    [statement] = ReportedSpeech(DocContext.of(doc)).find()
    assert doc.text[statement.start : statement.end] == "closer ties were vital"
    assert statement.cue is not None and statement.cue.text == "argued"


def test_the_object_of_an_addressee_verb_stays_whom_it_addresses() -> None:
    # "Okafor told voters “stay calm”." with the quoted words a clause without a subject: the
    # object of "told" is whom she told, not the clause's subject
    doc = _doc(
        [
            ("Okafor", "PROPN", "NNP", "Okafor", 1, "nsubj", "B-PERSON"),
            ("told", "VERB", "VBD", "tell", 1, "ROOT", "O"),
            ("voters", "NOUN", "NNS", "voter", 1, "dobj", "O"),
            ("stay", "VERB", "VB", "stay", 1, "ccomp", "O"),
            ("calm", "ADJ", "JJ", "calm", 3, "acomp", "O"),
            (".", "PUNCT", ".", ".", 1, "punct", "O"),
        ]
    )
    [statement] = ReportedSpeech(DocContext.of(doc)).find()
    assert doc.text[statement.start : statement.end] == "stay calm"
