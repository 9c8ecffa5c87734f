"""Read the PolNeAR attribution corpus (brat stand-off) into typed gold articles.

Layout (Newell et al., LREC 2018): `<split>/text/<name>.txt` and
`<split>/attributions/<name>_<annotator>.ann`, plus `metadata.tsv` beside the splits.
Offsets are character offsets into the text file read as UTF-8 with newlines untouched,
so the text must never be normalised here: every score depends on them.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.tokens import Doc, Token

from ..errors import InputError
from ..lexicon import load_lexicon

CharSpan = tuple[int, int]

# brat entry ids: T (text-bound), E (event), A/M (attribute), R (relation), N (normalisation),
# `#` (note), `*` (equivalence). Any other line continues the previous entry's text field,
# which happens when an annotated span contains a line break.
_ENTRY_START = re.compile(r"^(?:[TEARMN]\d+|#\d*|\*)\t")
_ROLE_INDEX = re.compile(r"\d+$")  # brat numbers repeated roles: Content, Content2, …
_TRIGGER_LABELS = frozenset({"Attribution", "Attribution-no-source"})


@dataclass(frozen=True, slots=True)
class BratSpan:
    """One text-bound annotation: label, fragments in file order, and the text brat stored
    for it (the fragments' text joined by single spaces)."""

    id: str
    label: str
    fragments: list[CharSpan]
    text: str


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One attribution relation; each role may be discontinuous, cue and source may be absent."""

    content: list[CharSpan]
    cue: list[CharSpan] = field(default_factory=list)
    source: list[CharSpan] = field(default_factory=list)
    id: str = ""
    cue_lemma: str | None = None  # set by `add_cue_lemmas`; decides the speech-verb subset


@dataclass(frozen=True, slots=True)
class GoldArticle:
    name: str
    text: str
    published: dt.date | None
    attributions: list[GoldAttribution]
    title: str | None = None
    annotator: str | None = None


def parse_brat_spans(ann: str, *, source: str = "<string>") -> dict[str, BratSpan]:
    """The text-bound annotations of a .ann file by id (events and notes are skipped)."""
    spans: dict[str, BratSpan] = {}
    for lineno, entry in _entries(ann):
        if not entry.startswith("T"):
            continue
        parts = entry.split("\t", 2)
        try:
            label, offsets = parts[1].split(" ", 1)
            fragments = [_fragment(frag) for frag in offsets.split(";")]
        except (IndexError, ValueError):
            raise InputError(f"{source}:{lineno}: malformed brat span {entry[:80]!r}") from None
        text = parts[2] if len(parts) > 2 else ""
        spans[parts[0]] = BratSpan(parts[0], label, fragments, text)
    return spans


def parse_brat(ann: str, *, source: str = "<string>") -> list[GoldAttribution]:
    """The attribution events of a .ann file, in text order of their content.

    An event without content (one in the dev split) cannot be matched and is dropped. With no
    Cue role the trigger span stands in for the cue: PolNeAR triggers are the cue words.
    """
    spans = parse_brat_spans(ann, source=source)
    attributions: list[GoldAttribution] = []
    for lineno, entry in _entries(ann):
        if not entry.startswith("E"):
            continue
        event_id, _, args = entry.partition("\t")
        roles: dict[str, list[CharSpan]] = {}
        trigger: list[CharSpan] = []
        for arg in args.split():
            role, sep, ref = arg.partition(":")
            if not sep or ref not in spans:
                raise InputError(f"{source}:{lineno}: event argument {arg!r} names no text span")
            if role in _TRIGGER_LABELS:
                trigger = spans[ref].fragments
            else:
                roles.setdefault(_ROLE_INDEX.sub("", role), []).extend(spans[ref].fragments)
        if not roles.get("Content"):
            continue
        attributions.append(
            GoldAttribution(
                content=sorted(roles["Content"]),
                cue=sorted(roles.get("Cue") or trigger),
                source=sorted(roles.get("Source", [])),
                id=event_id,
            )
        )
    attributions.sort(key=lambda a: (a.content[0], _id_number(a.id)))
    return attributions


def read_polnear(gold_dir: Path, *, limit: int | None = None) -> list[GoldArticle]:
    """The annotated articles of one split directory (e.g. `polnear/dev`), sorted by name.

    Where several annotators did an article, the sorted-first .ann file is used so the gold
    is the same on every run. Texts without any .ann file are left out (they are unannotated,
    not attribution-free).
    """
    text_dir, ann_dir = gold_dir / "text", gold_dir / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(f"{gold_dir}: expected PolNeAR 'text/' and 'attributions/' directories")
    texts = {path.stem: path for path in text_dir.glob("*.txt")}
    anns: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        name = _text_name(ann.stem, texts)
        if name is None:
            raise InputError(f"{ann}: no matching text file in {text_dir}")
        anns.setdefault(name, ann)
    metadata = _read_metadata(gold_dir.parent / "metadata.tsv")
    articles: list[GoldArticle] = []
    for name in sorted(anns)[:limit]:
        with texts[name].open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        ann = anns[name]
        with ann.open(encoding="utf-8", newline="") as handle:
            attributions = parse_brat(handle.read(), source=str(ann))
        published, title = metadata.get(name, (None, None))
        annotator = ann.stem[len(name) + 1 :] or None
        articles.append(GoldArticle(name, text, published, attributions, title, annotator))
    return articles


def add_cue_lemmas(article: GoldArticle, doc: Doc) -> GoldArticle:
    """The article with each cue's head lemma read from `doc`, a parse of `article.text`.

    Lemmatising in context (not the cue words alone) gets "has learned" → "learn" and
    "says" → "say" right; "according to" is kept whole, as the lexicon lists it.
    """
    according = load_lexicon().according
    attributions = []
    for attribution in article.attributions:
        lemma = None
        if attribution.cue:
            words = " ".join(article.text[s:e] for s, e in attribution.cue).lower().split()
            phrase = next((p for p in according if words[: len(p.split())] == p.split()), None)
            lemma = phrase or _head_lemma(doc, attribution.cue)
        attributions.append(replace(attribution, cue_lemma=lemma))
    return replace(article, attributions=attributions)


def _head_lemma(doc: Doc, fragments: Iterable[CharSpan]) -> str | None:
    tokens: list[Token] = []
    for start, end in fragments:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            tokens.extend(span)
    if not tokens:
        return None
    inside = {token.i for token in tokens}
    heads = [t for t in tokens if t.head.i == t.i or t.head.i not in inside] or tokens
    head = heads[0]
    if head.pos_ == "AUX":  # "has learned", "was told": the content verb, not the auxiliary
        head = next((t for t in tokens if t.pos_ == "VERB"), head)
    return str(head.lemma_).lower()


def _entries(ann: str) -> list[tuple[int, str]]:
    entries: list[tuple[int, str]] = []
    for lineno, line in enumerate(ann.split("\n"), start=1):
        if _ENTRY_START.match(line):
            entries.append((lineno, line))
        elif entries:
            entries[-1] = (entries[-1][0], entries[-1][1] + "\n" + line)
    # Blank lines inside a span's text belong to it; those before the next entry do not.
    return [(lineno, entry.rstrip("\n")) for lineno, entry in entries]


def _fragment(text: str) -> CharSpan:
    start, end = (int(x) for x in text.split())
    if not 0 <= start <= end:
        raise ValueError(text)
    return start, end


def _id_number(ident: str) -> int:
    digits = ident.lstrip("TE")
    return int(digits) if digits.isdigit() else 0


def _text_name(ann_stem: str, texts: dict[str, Path]) -> str | None:
    """`<name>_<annotator>` → `<name>`; text names contain underscores, so check it exists."""
    if ann_stem in texts:
        return ann_stem
    name = ann_stem.rsplit("_", 1)[0]
    return name if name in texts else None


def _read_metadata(path: Path) -> dict[str, tuple[dt.date | None, str | None]]:
    if not path.is_file():
        return {}
    result: dict[str, tuple[dt.date | None, str | None]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            name = row.get("filename")
            if not name:
                continue
            try:
                published: dt.date | None = dt.date.fromisoformat(row.get("publication_date") or "")
            except ValueError:
                published = None
            result[name] = (published, row.get("title") or None)
    return result
