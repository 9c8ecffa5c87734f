"""Attribution rules on short texts written for these tests: cue boundaries and labelled lines."""

from __future__ import annotations

import pytest

from saidwhat import analyze


def _quotes(text: str) -> list[tuple[str, str | None, str | None]]:
    return [
        (q.text, q.speaker.mention if q.speaker else None, q.cue.text if q.cue else None)
        for q in analyze(text).quotes
    ]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The council has never said that the harbour will close.", "has never said"),
        ("The mayor said on Tuesday that the harbour will close.", "said"),
        ("The mayor said in a statement that the harbour will close.", "said"),
        ("The mayor pointed out that the harbour will close.", "pointed out"),
    ],
)
def test_cue_keeps_auxiliaries_and_particles_but_not_time_or_place(text: str, cue: str) -> None:
    assert [c for _, _, c in _quotes(text)] == [cue]


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "Mayor Lena Okafor: Harbour Plan Is a Disaster for Fishermen\n\nThe council met.",
            "Harbour Plan Is a Disaster for Fishermen",
            "Mayor Lena Okafor",
        ),
        (
            "OKAFOR: We will rebuild the harbour wall before the winter storms.\n\nMore text.",
            "We will rebuild the harbour wall before the winter storms.",
            "OKAFOR",
        ),
        ("Councillor Ruth Ames on the budget: ‘We Cannot Afford It’\n\nText.", "We Cannot Afford It", "Ames"),
    ],
)
def test_a_labelled_line_is_its_labels_words(text: str, content: str, speaker: str) -> None:
    [(quoted, mention, cue)] = _quotes(text)
    assert (quoted, cue) == (content, ":")
    assert mention is not None and speaker in mention


@pytest.mark.parametrize(
    "text",
    [
        "Update: The council met again on Friday evening to vote.\n\nText.",
        "The plan, explained: what changes for the harbour and when\n\nText.",
        "The council voted on three things: the wall, the pier and the fees.",
        "FIX IS IN: Harbour Board Ignores the Fishermen Again\n\nText.",
        "Follow Lena Okafor on Twitter: @lenaokafor for news of the harbour works.\n\nText.",
        "A council spokeswoman declined to comment on the new ferry fares for residents.",
        "The harbour board refused to discuss the price of the new quay with reporters.",
    ],
)
def test_no_statement_where_nobody_speaks(text: str) -> None:
    assert _quotes(text) == []


def test_a_paragraph_ending_in_a_colon_introduces_the_quote_below() -> None:
    text = (
        "Mayor Lena Okafor spoke first. The harbour wall, she told the council:\n\n"
        "“We will rebuild it before the winter storms, whatever it costs.”\n"
    )
    [(quoted, mention, cue)] = _quotes(text)
    assert quoted.startswith("We will rebuild it")
    assert (mention, cue) == ("she", "told")


def test_a_cue_after_a_long_apposition_still_names_the_speaker() -> None:
    text = (
        "“The wall will hold through the winter,” Lena Okafor, the harbour’s chief engineer "
        "since the flood of 2019, told the council on Monday.\n"
    )
    [(quoted, mention, cue)] = _quotes(text)
    assert quoted.startswith("The wall will hold")
    assert mention is not None and mention.startswith("Lena Okafor")
    assert cue == "told"


def test_it_after_an_organisation_speaks_for_it() -> None:
    text = (
        "The Harbour Authority said on Monday that the north quay would close for repairs. "
        "It said the work would take three weeks.\n"
    )
    speakers = [(q.speaker.mention, q.speaker.name) for q in analyze(text).quotes if q.speaker]
    assert speakers == [("The Harbour Authority", "Harbour Authority"), ("It", "Harbour Authority")]


def test_it_does_not_jump_over_a_person() -> None:
    text = (
        "The Harbour Authority closed the quay. Mayor Lena Okafor said the town would pay for repairs. "
        "It said the work would take three weeks.\n"
    )
    last = analyze(text).quotes[-1]
    assert last.speaker is not None and last.speaker.name != "Harbour Authority"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "“The quay is closed,” a statement from the Harbour Authority said on Monday.\n",
            "Harbour Authority",
        ),
        ("The ministry's statement said the ferry would run again on Monday.\n", "ministry"),
        ("A letter signed by Jane Roe said the fares were far too high for families.\n", "Jane Roe"),
    ],
)
def test_a_statement_speaks_for_whoever_issued_it(text: str, name: str) -> None:
    [quote] = analyze(text).quotes
    assert quote.speaker is not None and quote.speaker.name == name


def test_a_dated_statement_has_no_issuer_in_its_date() -> None:
    [quote] = analyze("Wednesday's statement said the regatta would go ahead on Saturday.\n").quotes
    assert quote.speaker is not None and quote.speaker.name != "Wednesday"


def test_it_after_a_body_named_in_apposition_speaks_for_the_body() -> None:
    text = (
        "The sport's governing body, the Harbour Rowing Federation, said on Monday that the regatta "
        "would go ahead. It added that the course would be shortened.\n"
    )
    names = [q.speaker.name for q in analyze(text).quotes if q.speaker]
    assert len(names) == 2 and names[1] == names[0] and "Federation" in names[1]


def test_it_after_a_document_that_spoke_speaks_for_the_document() -> None:
    text = (
        "The lawsuit said the harbour board had ignored the warnings for years. "
        "It stated that the repairs would cost more than a million pounds.\n"
    )
    names = [q.speaker.name for q in analyze(text).quotes if q.speaker]
    assert names == ["lawsuit", "lawsuit"]
