"""Orchestration: load the pipeline once, turn text or HTML into an analysed `Article`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_prefix_regex, compile_suffix_regex

from . import pipeline
from .document import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, Document, load_document
from .errors import InputError, ModelError
from .isodate import DateLike, as_date
from .model import INSTALL
from .model import MODEL_NAME as MODEL_NAME  # re-exported: callers name the model through core
from .types import Article, ArticleMeta

_DASH_CLASS = r"[―—–]"


@cache
def load_pipeline(model: str = MODEL_NAME, *, beliefs: bool = True, tagger: bool = False) -> Language:
    """The model with saidwhat's components added; loaded once per process and setting.

    `beliefs` (on by default) adds attributed beliefs and stances ("X believes that …", "X
    endorsed Y") to the statements, as `kind: "thought"`; `False` leaves them unfound;
    `tagger` adds what the trained attribution tagger finds and the rules miss (experimental).
    """
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(f"cannot load spaCy model {model!r}: install it with `{INSTALL}`") from exc
    _split_dashes(nlp)
    pipeline.TagMapRuler.adopt(nlp)
    pipeline.CachedLemmatizer.adopt(nlp)
    nlp.add_pipe("saidwhat_paragraphs", before="parser")
    if tagger:
        nlp.add_pipe("saidwhat_attribution_tagger")
    nlp.add_pipe("saidwhat_quotes", config={"beliefs": beliefs, "tagger": tagger})
    return nlp


def _split_dashes(nlp: Language) -> None:
    """Split dashes off the words beside them: the default rules keep "”―" as one token,
    which hides the dash of a “…” ― Name attribution inside the quote. Setting either search
    reloads the tokenizer's ~1,300 special cases; without them while both are set, they load
    once, when put back (0.06 s of every worker's start)."""
    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, Tokenizer):
        prefixes = [*(nlp.Defaults.prefixes or ()), _DASH_CLASS]
        suffixes = [*(nlp.Defaults.suffixes or ()), _DASH_CLASS]
        rules = tokenizer.rules
        tokenizer.rules = {}
        tokenizer.prefix_search = compile_prefix_regex(prefixes).search
        tokenizer.suffix_search = compile_suffix_regex(suffixes).search
        tokenizer.rules = rules


def analyze_document(document: Document, nlp: Language | None = None) -> Article:
    """Analyse an already loaded document (text plus whatever metadata came with it)."""
    return next(analyze_documents([document], nlp))


def analyze_documents(
    documents: Iterable[Document], nlp: Language | None = None, *, batch_size: int = 16
) -> Iterator[Article]:
    """Analyse many documents in batches through `nlp.pipe`, which is faster than one call
    per document; results come in input order. A document longer than `nlp.max_length`
    raises `InputError` (analyse such documents one by one to skip them and go on)."""
    nlp = nlp or load_pipeline()
    pipeline.ensure_extensions()
    pending: list[Document] = []

    def docs() -> Iterator[Doc]:
        for document in documents:
            if len(document.text) > nlp.max_length:  # spaCy's parser would raise its own E088
                raise InputError(
                    f"{document.name}: {len(document.text):,} characters of text, more than the "
                    f"{nlp.max_length:,} one article may have; split it into articles"
                )
            doc = nlp.make_doc(document.text)
            doc._.published = document.published
            pending.append(document)
            yield doc

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        yield _article(pending.pop(0), doc)


def _article(document: Document, doc: Doc) -> Article:
    meta = ArticleMeta(
        title=document.title,
        published=doc._.published,
        published_inferred=bool(doc._.published_inferred),
        source=document.source,
        url=document.url,
        author=document.author,
        text=document.text,
    )
    return Article(article=meta, people=doc._.people, quotes=doc._.quotes, times=doc._.times)


def analyze(
    text_or_html: str | bytes,
    *,
    published: DateLike = None,
    title: str | None = None,
    url: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Article:
    """Analyse one article given as plain text or HTML (str, or bytes of any encoding).

    `published` (a date, a datetime or "YYYY-MM-DD") overrides the publication date found in
    the page metadata or text; it anchors relative dates such as "on Wednesday". Input over
    `max_bytes` or text over `max_chars` raises `InputError`, as does anything that is not an
    English article.
    """
    document = load_document(
        text_or_html,
        name="<input>",
        published=as_date(published),
        title=title,
        url=url,
        max_bytes=max_bytes,
        max_chars=max_chars,
    )
    return analyze_document(document)
