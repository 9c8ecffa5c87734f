"""The attribution tagger's network, registered as spaCy architectures.

    saidwhat.AttributionTagger.v1
      ├── saidwhat.DocTensor.v1        doc.tensor of the upstream tok2vec (frozen, free)
      ├── saidwhat.AttributionFeatures.v1  hashed parse and quote features → embeddings
      ├── Maxout + MaxoutWindowEncoder (residual CNN, spaCy's own)
      └── Softmax over the BIO labels

The upstream tensor is en_core_web_sm's tok2vec output, which the parse already computed:
reading it costs nothing and keeps the model small. It only sees ±4 tokens, while a
PolNeAR content often runs for a whole sentence, so the features add what the parse knows
about the wider context: the clause a token sits in and the verb that governs it
("ccomp of *say*"), the sentence root, and whether the token is inside quotation marks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import numpy as np
import numpy.typing as npt
from spacy.ml.models.tok2vec import MaxoutWindowEncoder
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import (
    HashEmbed,
    Maxout,
    Model,
    Softmax_v2,
    chain,
    concatenate,
    list2ragged,
    ragged2list,
    with_array,
    zero_init,
)
from thinc.types import Floats2d, Ints2d

Uint64s = npt.NDArray[np.uint64]

# Dependency labels that open a clause: a token's governing verb is the head of the first
# of these met on the way up to the root.
CLAUSE_DEPS = frozenset(
    {"ccomp", "xcomp", "parataxis", "advcl", "csubj", "csubjpass", "relcl", "acl", "pcomp"}
)
OPEN_QUOTES = frozenset({"“", "``", "«", "„"})
CLOSE_QUOTES = frozenset({"”", "''", "»"})
TOGGLE_QUOTES = frozenset({'"'})

# One column per feature; the rows of each column's hash table and its width.
FEATURES: tuple[str, ...] = (
    "lower",
    "lemma",
    "tag",
    "dep",
    "ent",
    "head",
    "gov1",
    "gov2",
    "root",
    "quote",
    "position",
)
LEXICAL = frozenset({"lower", "lemma", "head", "gov1", "gov2", "root"})

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15


def build_attribution_tagger(
    tensor_width: int,
    width: int,
    depth: int,
    window_size: int,
    maxout_pieces: int,
    lexical_width: int,
    lexical_rows: int,
    category_width: int,
    category_rows: int,
    sentence_context: bool = True,
    nO: int | None = None,
) -> Model[list[Doc], list[Floats2d]]:
    """Upstream tensor and feature embeddings → residual CNN → label probabilities.

    Args:
        tensor_width (int): width of `doc.tensor` (96 for en_core_web_sm).
        width (int): width of the CNN.
        depth (int): CNN layers; each widens the context by `window_size` tokens a side.
        window_size (int): tokens a side per CNN layer.
        maxout_pieces (int): maxout pieces of every layer.
        lexical_width, lexical_rows (int): embeddings of word-valued features.
        category_width, category_rows (int): embeddings of tag-valued features.
        sentence_context (bool): give each token the mean and max of its sentence's vectors.
        nO (int | None): number of labels; inferred from the data when None.
    """
    embed = build_feature_embed(
        lexical_width=lexical_width,
        lexical_rows=lexical_rows,
        category_width=category_width,
        category_rows=category_rows,
    )
    inputs: Model[list[Doc], list[Floats2d]] = concatenate(build_doc_tensor(tensor_width), embed)
    encode: Model[list[Floats2d], list[Floats2d]] = chain(
        with_array(Maxout(width, nP=maxout_pieces, dropout=0.0, normalize=True)),
        MaxoutWindowEncoder(width, window_size, maxout_pieces, depth),
    )
    tokens: Model[list[Doc], list[Floats2d]] = chain(inputs, encode)
    if sentence_context:
        tokens = chain(
            with_sentence_context(tokens, width),
            with_array(Maxout(width, width * 3, nP=maxout_pieces, dropout=0.0, normalize=True)),
        )
    output_layer = Softmax_v2(nO, width, init_W=zero_init, normalize_outputs=True)
    model: Model[list[Doc], list[Floats2d]] = chain(tokens, with_array(output_layer))
    model.set_ref("output_layer", output_layer)
    return model


def build_doc_tensor(width: int) -> Model[list[Doc], list[Floats2d]]:
    """`doc.tensor` as set by an upstream tok2vec; no gradient flows back into it."""
    return Model("doc_tensor", _doc_tensor_forward, dims={"nO": width})


def build_feature_embed(
    *, lexical_width: int, lexical_rows: int, category_width: int, category_rows: int
) -> Model[list[Doc], list[Floats2d]]:
    """Hash embeddings of `token_features`, one table per feature, concatenated."""
    tables: list[Model[Ints2d, Floats2d]] = [
        HashEmbed(
            lexical_width if name in LEXICAL else category_width,
            lexical_rows if name in LEXICAL else category_rows,
            column=i,
            seed=101 + i,
            dropout=0.0,
        )
        for i, name in enumerate(FEATURES)
    ]
    extract: Model[list[Doc], list[Ints2d]] = Model("attribution_features", _features_forward)
    return chain(extract, list2ragged(), with_array(concatenate(*tables)), ragged2list())


def with_sentence_context(
    layer: Model[list[Doc], list[Floats2d]], width: int
) -> Model[list[Doc], list[Floats2d]]:
    """Each token's vector of `layer`, then the mean and the max over its sentence (3 × width):
    a content token far from its cue still sees that its sentence has one."""
    return Model(
        "sentence_context",
        _sentence_context_forward,
        init=_sentence_context_init,
        layers=[layer],
        dims={"nI": width, "nO": width * 3},
    )


def _sentence_context_init(
    model: Model[list[Doc], list[Floats2d]], X: list[Doc] | None = None, Y: list[Floats2d] | None = None
) -> None:
    model.layers[0].initialize(X=X)


def _sentence_context_forward(
    model: Model[list[Doc], list[Floats2d]], docs: list[Doc], is_train: bool
) -> tuple[list[Floats2d], Callable[[list[Floats2d]], list[Any]]]:
    xp = model.ops.xp
    tokens, backprop_tokens = model.layers[0](docs, is_train)
    outputs: list[Floats2d] = []
    saved: list[tuple[list[tuple[int, int]], Any]] = []
    for doc, X in zip(docs, tokens, strict=True):
        bounds = [(sent.start, sent.end) for sent in doc.sents] if len(doc) else []
        sent_of = xp.zeros(len(doc), dtype="int64")
        means = xp.zeros((len(bounds), X.shape[1]), dtype="float32")
        maxima = xp.zeros((len(bounds), X.shape[1]), dtype="int64")
        for k, (start, end) in enumerate(bounds):
            sent_of[start:end] = k
            means[k] = X[start:end].mean(axis=0)
            maxima[k] = start + X[start:end].argmax(axis=0)
        columns = xp.arange(X.shape[1])
        max_values = X[maxima, columns] if len(bounds) else means
        outputs.append(cast(Floats2d, xp.hstack([X, means[sent_of], max_values[sent_of]])))
        saved.append((bounds, maxima))

    def backprop(d_outputs: list[Floats2d]) -> list[Any]:
        d_tokens = []
        for dY, (bounds, maxima) in zip(d_outputs, saved, strict=True):
            width = dY.shape[1] // 3
            dX = xp.array(dY[:, :width])
            columns = xp.arange(width)
            for k, (start, end) in enumerate(bounds):
                dX[start:end] += dY[start:end, width : 2 * width].sum(axis=0) / (end - start)
                xp.add.at(dX, (maxima[k], columns), dY[start:end, 2 * width :].sum(axis=0))
            d_tokens.append(dX)
        d_docs: list[Any] = backprop_tokens(d_tokens)
        return d_docs

    return outputs, backprop


def token_features(doc: Doc) -> Uint64s:
    """One row per token, one uint64 key per name of `FEATURES`.

    Keys are spaCy's string hashes (stable across processes), mixed where a feature pairs
    two of them: "head" is the token's dependency label with its head's lemma, "gov1" and
    "gov2" the first and second clause-opening label above the token with the lemma of the
    verb it attaches to, "root" the lemma of the sentence root.
    """
    n = len(doc)
    rows = np.zeros((n, len(FEATURES)), dtype=np.uint64)
    if n == 0:
        return rows
    govs = _governors(doc)
    quotes = _quote_states(doc)
    for sent in doc.sents:
        root_lemma = sent.root.lemma
        for token in sent:
            i = token.i
            gov1, gov2 = govs[i]
            rows[i] = (
                token.lower,
                token.lemma,
                token.tag,
                token.dep,
                _mix(token.ent_iob, token.ent_type),
                _mix(token.dep, token.head.lemma),
                gov1,
                gov2,
                root_lemma,
                quotes[i],
                _mix(_bucket(i - sent.start), 1000 + _bucket(sent.end - 1 - i)),
            )
    return rows


def _doc_tensor_forward(
    model: Model[list[Doc], list[Floats2d]], docs: list[Doc], is_train: bool
) -> tuple[list[Floats2d], Callable[[list[Floats2d]], list[Any]]]:
    width = model.get_dim("nO")
    outputs = []
    for doc in docs:
        tensor = doc.tensor
        if len(doc) and (tensor is None or tensor.shape != (len(doc), width)):
            raise ValueError(
                f"the attribution tagger needs doc.tensor of shape ({len(doc)}, {width}) from an upstream "
                f"tok2vec (en_core_web_sm's), found {getattr(tensor, 'shape', None)}: add it after 'tok2vec'"
            )
        outputs.append(cast(Floats2d, tensor) if len(doc) else model.ops.alloc2f(0, width))
    return outputs, lambda d_outputs: []


def _features_forward(
    model: Model[list[Doc], list[Ints2d]], docs: list[Doc], is_train: bool
) -> tuple[list[Ints2d], Callable[[list[Ints2d]], list[Any]]]:
    return [cast(Ints2d, token_features(doc)) for doc in docs], lambda d: []


def _governors(doc: Doc) -> list[tuple[int, int]]:
    """(gov1, gov2) keys per token; computed top-down so each head is done once."""
    govs: list[tuple[int, int] | None] = [None] * len(doc)

    def resolve(i: int) -> tuple[int, int]:
        chain_: list[int] = []
        j = i
        while govs[j] is None:
            chain_.append(j)
            head = doc[j].head.i
            if head == j:
                govs[j] = (0, 0)
                break
            j = head
        for k in reversed(chain_):
            token = doc[k]
            if token.head.i == k:
                continue
            above = govs[token.head.i]
            assert above is not None
            if token.dep_ in CLAUSE_DEPS:
                govs[k] = (_mix(token.dep, token.head.lemma), above[0])
            else:
                govs[k] = above
        result = govs[i]
        assert result is not None
        return result

    return [resolve(i) for i in range(len(doc))]


def _quote_states(doc: Doc) -> list[int]:
    """1 opening mark, 2 closing mark, 3 inside, 4 outside; a paragraph break closes."""
    states: list[int] = []
    inside = False
    for token in doc:
        if token.is_space and "\n" in token.text:
            inside = False
        text = token.text
        if text in OPEN_QUOTES or (text in TOGGLE_QUOTES and not inside):
            states.append(1)
            inside = True
        elif text in CLOSE_QUOTES or (text in TOGGLE_QUOTES and inside):
            states.append(2)
            inside = False
        else:
            states.append(3 if inside else 4)
        if "\n" in token.whitespace_:
            inside = False
    return states


def _bucket(n: int) -> int:
    """0, 1, 2, 3–4, 5–8, 9–16, … → 0, 1, 2, 3, 4, 5, …"""
    return n if n < 3 else 2 + (n - 1).bit_length() - 1


def _mix(a: int, b: int) -> int:
    return (a * _GOLDEN + b + 1) & _MASK


registry.architectures.register("saidwhat.AttributionTagger.v1", func=build_attribution_tagger)
registry.architectures.register("saidwhat.DocTensor.v1", func=build_doc_tensor)
registry.architectures.register("saidwhat.AttributionFeatures.v1", func=build_feature_embed)
