"""Every statement says what its cue reports (`Quote.kind`): speech, writing or a thought,
from the lexicon's cue lists, on short texts written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from saidwhat import analyze, load_pipeline
from saidwhat.core import analyze_document
from saidwhat.document import Document


def _kinds(text: str, *, beliefs: bool = True) -> dict[str, str | None]:
    nlp = load_pipeline(beliefs=beliefs)
    article = analyze_document(Document(text=text, name="t"), nlp)
    return {q.text: q.kind for q in article.quotes}


@pytest.mark.parametrize(
    ("text", "content", "kind"),
    [
        (
            "The harbour master said that the quay would close in May.",
            "that the quay would close in May",
            "speech",
        ),
        (
            "Lena Okafor told reporters that the fares were too high.",
            "that the fares were too high",
            "speech",
        ),
        (
            "The harbour master wrote that the quay would close in May.",
            "that the quay would close in May",
            "writing",
        ),
        (
            "Lena Okafor tweeted that the fares were too high for families.",
            "that the fares were too high for families",
            "writing",
        ),
        (
            "In a letter to residents, the harbour master stated that the quay would close in May.",
            "that the quay would close in May",
            "writing",
        ),
        (
            "The ferry operator said in a letter that its costs had risen by a fifth.",
            "that its costs had risen by a fifth",
            "writing",
        ),
        (
            "“We cannot run boats on goodwill,” the ferry operator wrote.",
            "We cannot run boats on goodwill",
            "writing",
        ),
        (  # a noun that names a statement speaks, whatever verb it comes from
            "The board turned down Okafor's proposal to cut the fares for families.",
            "to cut the fares for families",
            "speech",
        ),
        (
            "“We cannot run boats on goodwill,” the ferry operator said.",
            "We cannot run boats on goodwill",
            "speech",
        ),
    ],
)
def test_the_kind_follows_the_cue(text: str, content: str, kind: str) -> None:
    assert _kinds(text)[content] == kind


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Lena Okafor believes that the fares will fall next year.", "that the fares will fall next year"),
        ("The harbour master fears that the quay will flood again.", "that the quay will flood again"),
        ("Residents hope that the ferry will run in winter.", "that the ferry will run in winter"),
    ],
)
def test_beliefs_are_thoughts(text: str, content: str) -> None:
    assert _kinds(text)[content] == "thought"  # found by default
    assert content not in _kinds(text, beliefs=False)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The ferry union has endorsed Lena Okafor for the harbour board.",
            "Lena Okafor for the harbour board",
        ),
        ("The harbour master opposes the new fares for families.", "the new fares for families"),
        ("The ferry union has backed the new winter timetable.", "the new winter timetable"),
        ("Residents expressed concern about the winter timetable.", "concern about the winter timetable"),
        ("Most skippers seem to favour the northern route.", "to favour the northern route"),
        ("The harbour master believes in a public ferry service.", "a public ferry service"),
    ],
)
def test_stances_are_thoughts(text: str, content: str) -> None:
    assert _kinds(text)[content] == "thought"


@pytest.mark.parametrize(
    ("text", "absent"),
    [  # an infinitive is what the verb above it reports, or what it is for
        ("The mayor promised to defend the harbour budget.", "the harbour budget"),
        ("The council hired two wardens to defend the dunes from walkers.", "the dunes from walkers"),
        ("The trust was set up to study and promote the harbour festival.", "the harbour festival"),
        # a belief inside a reported clause is the speaker's words
        ("Okafor said the crews had shown great courage in the storm.", "great courage in the storm"),
        # a headline's beliefs and stances are left to the body (the model misreads headlines)
        (
            "Harbour plan to close the old bridge goes ahead\n\nThe board met on Monday about the budget.",
            "to close the old bridge",
        ),
        # "as expected" says how it turned out, not what someone expects
        (
            "Voters must register by March if the next poll is in May as expected.",
            "Voters must register by March if the next poll is in May",
        ),
        # a first-person belief outside quote marks is no one's statement
        (
            "I would like to see more ferries on the river next summer.",
            "to see more ferries on the river next summer",
        ),
    ],
)
def test_beliefs_inside_other_statements_are_not_their_own(text: str, absent: str) -> None:
    assert absent not in _kinds(text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [  # a belief verb that attributes no position (docs/precision-audit.md): seeming is the
        # writer's judgement of its subject
        ("The new ferry seems to have solved the problems.", "to have solved the problems"),
        ("The harbour appears to be quieter this winter.", "to be quieter this winter"),
        # what was perceived or known, or a question, is no belief
        ("Okafor saw the crowd on the quay.", "the crowd"),
        ("The harbour master found a leak in the hull.", "a leak in the hull"),
        ("Nobody knew what had happened to the ferry.", "what had happened to the ferry"),
        ("The harbour master does not know whether the quay will reopen.", "whether the quay will reopen"),
        # a possibility is no position held
        ("The new timetable could offer a lifeline to the islands.", "a lifeline"),
        ("The skippers might want a later start.", "a later start"),
    ],
)
def test_beliefs_that_hold_no_position_are_left_out(text: str, absent: str) -> None:
    assert absent not in _kinds(text)


@pytest.mark.parametrize(
    ("text", "content"),
    [  # the same verbs with a that-clause, a complement of their object, a belief preposition,
        # a holder of evidence, or a belief under the verb of seeming
        ("The harbour master found that the hull was leaking.", "that the hull was leaking"),
        ("In March a judge found that ban unlawful.", "that ban unlawful"),
        ("The inspectors found the old pier unsafe for lorries.", "the old pier unsafe for lorries"),
        ("Residents see the bridge as a lifeline.", "the bridge as a lifeline"),
        ("A survey of residents shows strong support for the ferry.", "strong support for the ferry"),
        ("Okafor seemed to think the fares were too high.", "to think the fares were too high"),
    ],
)
def test_perceiving_and_seeming_keep_their_positions(text: str, content: str) -> None:
    assert _kinds(text)[content] == "thought"


def test_a_passive_belief_is_held_by_its_agent_alone() -> None:
    text = "The mayor denied the report, but the quay is widely expected to close in May."
    quotes = [q for q in analyze(text).quotes if q.text == "to close in May"]
    assert all(q.speaker is None for q in quotes)
    held = analyze("The quay is expected by the harbour board to close in May.").quotes
    assert [(q.text, q.speaker.mention if q.speaker else None) for q in held] == [
        ("to close in May", "the harbour board")
    ]


def test_a_stance_that_holds_words_gives_way_to_them() -> None:
    text = "The mayor disavowed remarks by an aide who said that the ferry would be sold."
    kinds = _kinds(text)
    assert kinds.get("that the ferry would be sold") == "speech"
    assert [k for k in kinds.values() if k == "thought"] == []
    assert _kinds("The mayor disavowed the remarks of his aide.") == {"the remarks of his aide": "thought"}


def test_a_continued_quote_takes_the_kind_of_its_first_part() -> None:
    text = (
        "“The quay is finished,” the harbour master wrote on Monday. “We will close it in May.”\n\n"
        "The council met on Tuesday."
    )
    kinds = {q.text: q.kind for q in analyze(text).quotes}
    assert kinds["We will close it in May."] == "writing"


def test_analyze_keeps_the_kinds_asked_for(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from saidwhat.cli import app

    path = tmp_path / "a.txt"
    path.write_text(
        "The harbour master said that the quay would close in May. "
        "Residents hope that the ferry will run in winter.\n",
        encoding="utf-8",
    )
    runner = CliRunner()

    def kinds(*options: str) -> list[str]:
        result = runner.invoke(app, ["analyze", str(path), "-f", "json", *options])
        assert result.exit_code == 0, result.output
        return [q["kind"] for q in json.loads(result.stdout)["quotes"]]

    assert kinds() == ["speech", "thought"]
    assert kinds("--statement-kind", "speech,writing") == ["speech"]
    assert kinds("--statement-kind", "thought") == ["thought"]
    assert kinds("--statement-kind", "speech", "--statement-kind", "thought") == ["speech", "thought"]
    bad = runner.invoke(app, ["analyze", str(path), "--statement-kind", "belief"])
    assert bad.exit_code == 2 and "belief" in bad.output and "Traceback" not in bad.output


def test_a_statement_left_out_hands_its_children_to_its_parent() -> None:
    from saidwhat.cli.analyze import keep_kinds

    article = analyze(
        "The harbour master said that the quay would close in May. Okafor wrote that fares would rise. "
        "Residents hope that the ferry will run in winter."
    )
    speech, writing, thought = article.quotes
    assert (speech.kind, writing.kind, thought.kind) == ("speech", "writing", "thought")
    nested = [
        speech,
        writing.model_copy(update={"parent": thought.id}),
        thought.model_copy(update={"parent": speech.id}),
    ]
    kept = keep_kinds(article.model_copy(update={"quotes": nested}), frozenset({"speech", "writing"}))
    assert [(q.id, q.parent) for q in kept.quotes] == [(speech.id, None), (writing.id, speech.id)]
