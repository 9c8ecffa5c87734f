"""Run saidwhat (and baselines) over PolNeAR gold and show the scores side by side."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import spacy
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from spacy.language import Language
from spacy.tokens import Doc

from ..core import MODEL_NAME, analyze_document, load_pipeline
from ..document import Document
from ..errors import InputError, ModelError
from ..types import Cue, Quote, Speaker
from .polnear import GoldArticle, add_cue_lemmas, read_polnear
from .scoring import CONTENT_MATCHES, MATCH_LABELS, ROLES, SPAN_MATCHES, SUBSETS, EvalReport, score

BASELINES = ("textacy",)
TAGGED = "saidwhat + tagger"
# The statements a reader of other news lists: words spoken or written, not thoughts (beliefs
# and stances, `Quote.kind`), as `analyze --statement-kind speech,writing` keeps them; scored
# from the same predictions as their system, so they cost no extra analysis.
WORDS_ONLY = "words only"
TAGGED_WORDS = "+ tagger, words only"
WORDS = frozenset({"speech", "writing"})


def run_eval(
    gold_dir: Path,
    *,
    limit: int | None = None,
    compare: Sequence[str] = (),
    console: Console | None = None,
    tagger: bool = False,
    rules: bool = True,
) -> EvalReport:
    """Analyse every gold article with saidwhat (given its publication date) and score it.

    `rules` scores saidwhat as `analyze` runs it ("saidwhat") and its statements of speech and
    writing only ("words only"); `tagger` scores it with the trained attribution tagger as well
    ("saidwhat + tagger", `load_pipeline(tagger=True)`; "+ tagger, words only").
    `compare` adds baselines scored by the same code; "textacy" runs textacy 0.13's
    `direct_quotations` on a parse by the same spaCy model. The plain parse also lemmatises
    the gold cues, which decides the speech-verb subset.
    """
    unknown = sorted(set(compare) - set(BASELINES))
    if unknown:
        raise InputError(f"unknown baseline(s) {', '.join(unknown)}: choose from {', '.join(BASELINES)}")
    configurations = [name for name, wanted in (("saidwhat", rules), (TAGGED, tagger)) if wanted]
    if not configurations:
        raise InputError("nothing to score: choose the rules, the tagger or both")
    articles = read_polnear(gold_dir, limit=limit)
    if not articles:
        raise InputError(f"{gold_dir}: no annotated PolNeAR articles found")
    console = console or Console(stderr=True)
    plain = _load_plain_model()

    with _progress(console) as progress:
        task = progress.add_task("parse gold", total=len(articles))
        docs: list[Doc] = []
        started = time.perf_counter()
        for doc in plain.pipe(article.text for article in articles):
            docs.append(doc)
            progress.advance(task)
        parse_seconds = time.perf_counter() - started
        articles = [add_cue_lemmas(article, doc) for article, doc in zip(articles, docs, strict=True)]

        reports = [
            report
            for name in configurations
            for report in _run_system(
                name,
                articles,
                _saidwhat(load_pipeline(tagger=name == TAGGED)),
                progress,
                words_only=TAGGED_WORDS if name == TAGGED else WORDS_ONLY,
            )
        ]
        if "textacy" in compare:
            reports.extend(
                _run_system(
                    "textacy",
                    articles,
                    lambda _, i: _textacy_or_none(docs[i]),
                    progress,
                    extra_seconds=parse_seconds,
                )
            )
    report = reports[0]
    for other in reports[1:]:
        report = report.merged(other)
    return report.model_copy(update={"split": gold_dir.name})


def _saidwhat(nlp: Language) -> Callable[[GoldArticle, int], list[Quote]]:
    def predict(article: GoldArticle, index: int) -> list[Quote]:
        document = Document(
            text=article.text, name=article.name, title=article.title, published=article.published
        )
        try:
            result = analyze_document(document, nlp)
        except Exception as exc:
            exc.add_note(f"while analysing PolNeAR article {article.name}")
            raise
        if result.article.text != article.text:  # offsets would not point into the gold text
            raise InputError(f"{article.name}: saidwhat changed the text it was given")
        # PolNeAR gives each token one role in one attribution, so nested statements
        # ("X said he told Y that …": the inner one) cannot be in its gold: score the outer.
        return [quote for quote in result.quotes if quote.parent is None]

    return predict


def textacy_quotes(doc: Doc) -> list[Quote]:
    """textacy's direct quotations as `Quote`s, so the same scoring applies.

    Raises ValueError as textacy does (odd number of quote marks, which a curly apostrophe
    can cause): the whole document then yields nothing.
    """
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError as exc:
        raise ModelError("textacy is not installed: `pip install textacy==0.13.0` (a dev extra)") from exc
    quotes = []
    triples = list(direct_quotations(doc))  # raises before anything is converted
    for n, triple in enumerate(triples, start=1):
        start, end = _token_bounds(triple.content)
        s_start, s_end = _token_bounds(triple.speaker)
        c_start, c_end = _token_bounds(triple.cue)
        mention, cue_text = doc.text[s_start:s_end], doc.text[c_start:c_end]
        quotes.append(
            Quote(
                id=f"q{n}",
                type="direct",
                text=doc.text[start:end],
                start=start,
                end=end,
                speaker=Speaker(kind="unresolved", name=mention, mention=mention, start=s_start, end=s_end),
                cue=Cue(
                    text=cue_text, lemma=" ".join(t.lemma_ for t in triple.cue), start=c_start, end=c_end
                ),
                confidence=1.0,
            )
        )
    return quotes


def render_report(report: EvalReport, console: Console) -> None:
    """One table: a row per figure, a column per system; cells are P / R / F1 or accuracy."""
    corpus = f"{report.corpus} {report.split}" if report.split else report.corpus
    table = Table(
        title=f"{corpus}: {report.articles} articles, {report.gold_attributions} attributions "
        f"({report.gold_speech_attributions} with a speech-verb cue)"
    )
    table.add_column("metric")
    for system in report.systems:
        table.add_column(system.system, justify="right")
    table.add_row("", *["P / R / F1" for _ in report.systems], style="dim")
    for subset in SUBSETS:
        suffix = "" if subset == "all" else " (speech cues)"
        for role in ROLES:
            for match in SPAN_MATCHES[role]:
                cells = []
                for system in report.systems:
                    s = system.span(role, match, subset)
                    cells.append(f"{s.precision:.3f} / {s.recall:.3f} / {s.f1:.3f}")
                table.add_row(f"{role} {MATCH_LABELS[match]}{suffix}", *cells)
        for name in ("speaker", "cue"):
            for match in CONTENT_MATCHES:
                cells = []
                for system in report.systems:
                    a = system.accuracy(name, match, subset)
                    cells.append("–" if a.accuracy is None else f"{a.accuracy:.3f} ({a.correct}/{a.total})")
                table.add_row(f"{name} accuracy, content {MATCH_LABELS[match]}{suffix}", *cells)
        table.add_section()
    table.add_row("predictions", *[str(s.predictions) for s in report.systems])
    table.add_row("failed documents", *[str(len(s.failed_documents)) for s in report.systems])
    table.add_row(
        "seconds (incl. parse)", *["–" if s.seconds is None else f"{s.seconds:.1f}" for s in report.systems]
    )
    console.print(table)


def _run_system(
    name: str,
    articles: Sequence[GoldArticle],
    predict: Callable[[GoldArticle, int], list[Quote] | None],
    progress: Progress,
    *,
    extra_seconds: float = 0.0,
    words_only: str | None = None,
) -> list[EvalReport]:
    """The system's scores; with `words_only`, also those of its speech and writing statements
    (`Quote.kind`) under that name."""
    task = progress.add_task(name, total=len(articles))
    pairs: list[tuple[GoldArticle, list[Quote]]] = []
    failed: list[str] = []
    started = time.perf_counter()
    for index, article in enumerate(articles):
        quotes = predict(article, index)
        if quotes is None:
            failed.append(article.name)
        pairs.append((article, quotes or []))
        progress.advance(task)
    seconds = time.perf_counter() - started + extra_seconds
    reports = [score(pairs, system=name, failed_documents=failed, seconds=seconds)]
    if words_only is not None:
        words = [(article, [q for q in quotes if q.kind in WORDS]) for article, quotes in pairs]
        reports.append(score(words, system=words_only, failed_documents=failed, seconds=seconds))
    return reports


def _textacy_or_none(doc: Doc) -> list[Quote] | None:
    """None when textacy refuses the document; the report counts it as a failed document."""
    try:
        return textacy_quotes(doc)
    except ValueError:
        return None


def _load_plain_model() -> Language:
    try:
        return spacy.load(MODEL_NAME)
    except OSError as exc:
        raise ModelError(f"cannot load spaCy model {MODEL_NAME!r}") from exc


def _token_bounds(tokens: Sequence[Any]) -> tuple[int, int]:
    return min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens)


@contextmanager
def _progress(console: Console) -> Iterator[Progress]:
    columns = (TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        yield progress
