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


@pytest.mark.parametrize(
    "text",
    [  # labels that name no one (docs/precision-audit.md): a date, a model number, a letter's
        # salutation, a colon inside brackets; and a body line without a verb, a list's entry
        "The week in the harbour\n\nMarch 3: BREAKAGE – A trawler struck the east pier.\n\nText.",
        "The best engines\n\nMarine X200: The Best Ferry Engine You Can Buy This Year\n\nMore text.",
        "Letters\n\nDEAR HARBOUR MASTER: My neighbour keeps his boat on my mooring.\n\nText.",
        "Ferry shares fall\n\nAcme Ferries (ticker: ACF) posted a loss of $2m for the quarter.\n\nMore text.",
        "Menu\n\nOkafor wrote the menu.\n\nHarbour Platter Portions: 2 Green, 1 Red, 1 tsp.\n\nText.",
    ],
)
def test_no_labelled_line_where_the_label_names_no_one(text: str) -> None:
    assert [cue for _, _, cue in _quotes(text) if cue == ":"] == []


def test_a_transcripts_answer_needs_no_verb() -> None:
    text = "The debate\n\nLENA OKAFOR: We will rebuild the wall.\n\nTOM REED: Not with our money.\n\nText."
    assert [(q, m) for q, m, _ in _quotes(text)] == [
        ("We will rebuild the wall.", "LENA OKAFOR"),
        ("Not with our money.", "TOM REED"),
    ]


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


def test_a_cue_set_off_inside_the_clause_reports_both_sides_of_it() -> None:
    quotes = _quotes("The new ferry, a council official said, will start running in May.\n")
    assert quotes == [
        ("The new ferry", "a council official", "said"),
        ("will start running in May", "a council official", "said"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # inverted: the parser also files the clause's subject under the cue
            "The new footbridge, said Ms Adeyemi, would be closed until the summer.",
            [
                ("The new footbridge", "Ms Adeyemi", "said"),
                ("would be closed until the summer", "Ms Adeyemi", "said"),
            ],
        ),
        (  # hung off the auxiliary of the reported clause
            "The fee, she added, was not yet known.",
            [("The fee", "she", "added"), ("was not yet known", "she", "added")],
        ),
        (
            "The timetable, according to the ferry company, is final.",
            [
                ("The timetable", "the ferry company", "according to"),
                ("is final", "the ferry company", "according to"),
            ],
        ),
    ],
)
def test_a_set_off_cue_or_source_reports_the_clause_around_it(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _quotes(text) == expected


@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        (
            "Harbour workers have called for the council to reopen the north pier.",
            "the council to reopen the north pier",
            "have called for",
        ),
        ("The mayor called on the council to close the pier.", "the council to close the pier", "called on"),
        ("The mayor urged residents to stay indoors.", "residents to stay indoors", "urged"),
    ],
)
def test_whom_an_infinitive_is_asked_of_is_part_of_the_content(text: str, content: str, cue: str) -> None:
    assert [(q, c) for q, _, c in _quotes(text)] == [(content, cue)]


@pytest.mark.parametrize(
    ("text", "addressee"),
    [
        ("In an interview with the Gazette, Ms Ruiz said the vote would be held in May.", "the Gazette"),
        ("The mayor said in a letter to residents that the bridge would open in June.", "residents"),
        ("During a call with her deputy, the mayor said the bridge would open in June.", "her deputy"),
        ("The mayor said in a statement that the bridge would open in June.", None),
        ("The mayor said in an interview on Monday that the bridge would open in June.", None),
    ],
)
def test_whom_an_interview_or_letter_was_for_is_the_addressee(text: str, addressee: str | None) -> None:
    [quote] = analyze(text).quotes
    assert (quote.addressee.mention if quote.addressee else None) == addressee


@pytest.mark.parametrize(
    ("text", "content", "speaker", "addressee"),
    [
        (
            "The mayor called on the council to close the pier.",
            "the council to close the pier",
            "The mayor",
            "the council",
        ),
        (  # the model reads "called" as a relative clause of "union"
            "A spokeswoman for the union called on the minister to resign.",
            "the minister to resign",
            "A spokeswoman for the union",
            "the minister",
        ),
        (  # ... and of the name after its apposition
            "Ann Ruiz, head of the Ferry Workers Union, called on Mr Lund to withdraw the fares.",
            "Mr Lund to withdraw the fares",
            "Ann Ruiz, head of the Ferry Workers Union",
            "Mr Lund",
        ),
    ],
)
def test_whom_a_call_is_made_on_is_its_addressee(
    text: str, content: str, speaker: str, addressee: str
) -> None:
    [quote] = analyze(text).quotes
    assert (quote.text, quote.cue and quote.cue.text) == (content, "called on")
    assert quote.speaker is not None and quote.speaker.mention == speaker
    assert quote.addressee is not None and quote.addressee.mention == addressee


def test_whom_a_request_was_told_to_stays_the_addressee() -> None:
    [quote] = analyze("The mayor told reporters to wait for the report.").quotes
    assert quote.text == "reporters to wait for the report"
    assert quote.addressee is not None and quote.addressee.mention == "reporters"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The mayor accused the harbour board of hiding the costs from residents.",
            "the harbour board of hiding the costs from residents",
        ),
        ("The mayor criticized the board for closing the pier.", "the board for closing the pier"),
        ("Police reported a sharp rise in thefts on the quay.", "a sharp rise in thefts on the quay"),
        ("The harbour master noted a sharp rise in thefts.", "a sharp rise in thefts"),
        ("The mayor declared the regatta a success.", "the regatta a success"),
    ],
)
def test_an_object_cue_reports_its_object_and_what_it_is_charged_with(text: str, content: str) -> None:
    assert [quoted for quoted, _, _ in _quotes(text)] == [content]


def test_those_with_a_modifier_are_people_who_speak() -> None:
    assert _quotes("Those close to the mayor say she will not run again.") == [
        ("she will not run again", "Those close to the mayor", "say")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Councillor Ames said the tax plan would give money to developers, and called the mayor "
            "the leading voice of the harbour lobby.",
            [
                ("the tax plan would give money to developers", "Councillor Ames", "said"),
                ("the mayor the leading voice of the harbour lobby", "Councillor Ames", "called"),
            ],
        ),
        (
            "Among voters, 74 percent said they are set on voting for the mayor, while 22 percent said "
            "they might change their mind.",
            [
                ("they are set on voting for the mayor", "74 percent", "said"),
                ("they might change their mind", "22 percent", "said"),
            ],
        ),
    ],
)
def test_a_second_cue_in_the_reported_clause_starts_a_statement_of_its_own(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _quotes(text) == expected


def test_a_clause_reported_inside_another_stays_inside_it() -> None:
    outer, inner = analyze("The mayor said her deputy told her the pier would close.").quotes
    assert outer.text == "her deputy told her the pier would close"
    assert inner.parent == outer.id


def test_a_participle_set_off_after_the_speaker_is_not_part_of_the_source() -> None:
    [(_, mention, _)] = _quotes(
        "Lena Okafor, speaking at a rally in Kelby, said the pier would reopen in May."
    )
    assert mention == "Lena Okafor"


def test_a_prepositional_clause_takes_the_subject_of_the_verb_it_modifies() -> None:
    assert _quotes("Okafor left the meeting after saying that the pier would close.") == [
        ("that the pier would close", "Okafor", "saying")
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"Our friends no longer trust us," former harbour master Edwin Farrow said.', "former harbour"),
        ("''We built strong coalitions in the town, '' said Mr. Farrow. ''Nobody else did.''", "Mr. Farrow"),
    ],
)
def test_a_quote_is_attributed_by_the_words_after_its_closing_mark(text: str, speaker: str) -> None:
    quotes = _quotes(text)
    assert quotes and all(mention is not None and mention.startswith(speaker) for _, mention, _ in quotes)
    assert quotes[0][0].startswith(("Our friends", "We built"))


def test_a_quote_after_according_to_is_the_sources() -> None:
    assert _quotes(
        "According to the harbour board, “The pier will close in May and reopen in the autumn.”"
    ) == [("The pier will close in May and reopen in the autumn.", "the harbour board", "According to")]


def test_a_quote_only_cue_reports_a_that_clause_but_not_an_object() -> None:
    assert _quotes("The union charged that the harbour board had hidden the costs.") == [
        ("that the harbour board had hidden the costs", "The union", "charged")
    ]
    assert _quotes("The ferry company charged the passengers ten pounds.") == []


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"The evidence is extremely strong" than that of the harbour chief, Farrow said.', "Farrow"),
        (
            '"Many would call that a defeat for the mayor" if she won by less, said Edwin Farrow.',
            "Edwin Farrow",
        ),
    ],
)
def test_a_quote_whose_sentence_goes_on_is_attributed_by_the_frame_that_ends_it(
    text: str, speaker: str
) -> None:
    [quote] = [q for q in analyze(text).quotes if q.type == "direct"]
    assert quote.text.startswith(("The evidence", "Many would"))
    assert quote.speaker is not None and quote.speaker.mention == speaker
    assert quote.cue is not None and quote.cue.text == "said"


def test_what_is_set_off_after_an_object_cue_is_not_said_of_the_object() -> None:
    quotes = analyze(
        "The mayor criticised the new ferry timetable, saying it left the island without a morning boat."
    ).quotes
    described = next(q for q in quotes if q.cue is not None and q.cue.text == "criticised")
    assert described.text == "the new ferry timetable"


def test_a_quote_inside_a_that_clause_is_part_of_the_reported_statement() -> None:
    quotes = analyze("The harbour master told reporters that “the pier will not reopen before May.”").quotes
    top = [q for q in quotes if q.parent is None]
    assert [(q.type, q.text) for q in top] == [("indirect", "that “the pier will not reopen before May.”")]
    assert [q.type for q in quotes if q.parent is not None] == ["mixed"]


def test_a_that_clause_after_said_in_a_statement_is_what_was_said() -> None:
    assert _quotes(
        "The ferry company's chief engineer Rosa Lindqvist says in a statement that the new pier "
        "will open in the spring."
    ) == [
        (
            "that the new pier will open in the spring",
            "The ferry company's chief engineer Rosa Lindqvist",
            "says",
        )
    ]
