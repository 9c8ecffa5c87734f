"""What storing an article takes that needs no store, computed where the article was analysed.

An ingest has one writer for all its workers (a Dask cluster's too), so what the writer does per
statement bounds the whole cluster (issue 19). The part that reads nothing stored is pure: the
article's hash and its statements' keys, the people's name keys, the provenance fingerprints,
the full-text postings and the role rows. The workers compute it in parallel (ingest/workers.py)
and ship it with their result, leaving the writer the inserts and the lookups; an outcome that
comes without it (the Python API, the live store's hand-off, a worker of another release) is
prepared by the writer with the same function, so the stored rows are the same either way.
"""

from __future__ import annotations

import hashlib
from typing import Any, NamedTuple

from .._version import __version__
from ..types import Article, Person, Quote
from . import fulltext, identity, provenance, roles

# The rows the writer inserts, as tuples in these columns: the workers build them, so the writer
# only concatenates (`zip(*rows)`), 10 µs a statement less than a dict a row built in the writer.
MENTION_COLUMNS = (
    *("article_hash", "person", "name", "name_key", "surname", "titles", "affiliations", "gender"),
    "spans",
)
# of ArticleMeta, as Prepared.article holds them
ARTICLE_FIELDS = ("url", "title", "source", "published", "published_inferred", "author", "text")
QUOTE_COLUMNS = (
    *("qid", "article_hash", "id", "type", "text", "start", "end"),
    *("speaker_kind", "speaker_person", "speaker_name", "speaker_mention", "speaker_start"),
    *("speaker_end", "speaker_people", "speaker_key", "speaker_keys", "speaker_id"),
    *("cue_text", "cue_lemma", "cue_start", "cue_end"),
    *("addressee_person", "addressee_name", "addressee_mention", "addressee_start", "addressee_end"),
    *("date", "date_text", "date_source", "place", "parent", "confidence", "date_from", "date_to"),
    *("date_precision", "in_title", "kind"),
)


# Named tuples, not dataclasses: the writer's process unpickles one Prepared and a PreparedQuote a
# statement for every document, 47 µs a document as slotted dataclasses, 15 as named tuples.


class PreparedQuote(NamedTuple):
    """One statement's keys, provenance fingerprints and full-text postings."""

    qid: int
    speaker_key: str | None  # the name key of the one person who spoke
    speaker_keys: tuple[str, ...]  # of every person who spoke, sorted
    speaker_id: int | None
    tag: str | None  # provenance.speaker_tag
    prints: tuple[int, ...]  # provenance.fingerprints, sorted
    postings: fulltext.Postings


class Prepared(NamedTuple):
    """An article's share of the writer's work, done beforehand; plain data, a few KB pickled."""

    release: str  # the saidwhat that prepared it: the writer redoes another release's
    article_hash: str
    article: tuple[Any, ...]  # its ARTICLE_FIELDS: the writer then needs no `Article` (outcomes.py)
    keys: tuple[tuple[str, str] | None, ...]  # each person's (name key, surname), in article order
    quotes: tuple[PreparedQuote, ...]  # in article order
    role_evidence: tuple[dict[str, Any], ...]
    role_mentions: tuple[dict[str, Any], ...]
    mention_rows: tuple[tuple[Any, ...], ...]  # MENTION_COLUMNS, in article order
    quote_rows: tuple[tuple[Any, ...], ...]  # QUOTE_COLUMNS, in article order

    def fits(self, article: Article) -> bool:
        """Whether this was prepared from `article` by this release (else the writer prepares anew)."""
        return (
            self.release == __version__
            and len(self.keys) == len(article.people)
            and len(self.quotes) == len(article.quotes)
            and self.article_hash == text_hash(article.article.text)  # microseconds: one sha256
        )


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def quote_key(article_hash: str, quote_id: str) -> int:
    """A positive BIGINT from the article hash and the quote's id: stable across reruns."""
    digest = hashlib.sha256(f"{article_hash}:{quote_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def prepare(article: Article) -> Prepared:
    """The writer's work on `article` that reads nothing stored (see the module's doc)."""
    article_hash = text_hash(article.article.text)
    keys: dict[str, str | None] = {}
    named: list[tuple[str, str] | None] = []
    for person in article.people:
        name = identity.name_key(person.name, titles=person.titles)  # "Lord Doe" is not "Jane Doe"
        keys[person.id] = name.key if name else None
        named.append((name.key, name.surname) if name else None)
    quotes = []
    for quote in article.quotes:
        speaker = quote.speaker
        speaking: list[str] = []
        speaker_key = speaker_id = None
        if speaker is not None:
            speaking = speaker.people or ([speaker.person] if speaker.person else [])
            speaker_key = keys.get(speaker.person) if speaker.person else None
            if speaker_key is not None:
                speaker_id = identity.speaker_hash(key=speaker_key)
            elif not speaker.people:
                speaker_id = identity.speaker_hash(name=speaker.name)
        qid = quote_key(article_hash, quote.id)
        grouped = provenance.new_statement(qid, quote.text, speaker_key, speaker.name if speaker else None)
        quotes.append(
            PreparedQuote(
                qid=qid,
                speaker_key=speaker_key,
                speaker_keys=tuple(sorted({key for person in speaking if (key := keys.get(person))})),
                speaker_id=speaker_id,
                tag=grouped.tag,
                prints=grouped.prints,
                postings=fulltext.postings(qid, quote.text),
            )
        )
    spoken = [
        {"qid": q.qid, "speaker_kind": quote.speaker.kind if quote.speaker else None,
         "speaker_name": quote.speaker.name if quote.speaker else None}
        for q, quote in zip(quotes, article.quotes, strict=True)
    ]  # fmt: skip
    evidence, mentions = roles.article_rows(article_hash, article.people, keys, spoken)
    meta = article.article
    return Prepared(
        __version__,
        article_hash,
        tuple(getattr(meta, name) for name in ARTICLE_FIELDS),
        tuple(named),
        tuple(quotes),
        tuple(evidence),
        tuple(mentions),
        tuple(_mention_row(article_hash, p, key) for p, key in zip(article.people, named, strict=True)),
        tuple(_quote_row(article_hash, q, done) for q, done in zip(article.quotes, quotes, strict=True)),
    )


def _mention_row(article_hash: str, person: Person, key: tuple[str, str] | None) -> tuple[Any, ...]:
    name_key, surname = key if key else (None, None)
    listed = (list(person.titles), list(person.affiliations))
    # spans: (start, end) tuples, which Arrow reads as lists
    return (article_hash, person.id, person.name, name_key, surname, *listed, person.gender, person.mentions)


def _quote_row(article_hash: str, quote: Quote, done: PreparedQuote) -> tuple[Any, ...]:
    speaker, cue, addressee = quote.speaker, quote.cue, quote.addressee
    said = (
        (speaker.kind, speaker.person, speaker.name, speaker.mention, speaker.start, speaker.end,
         list(speaker.people))
        if speaker else (None,) * 7
    )  # fmt: skip
    cued = (cue.text, cue.lemma, cue.start, cue.end) if cue else (None,) * 4
    told = (
        (addressee.person, addressee.name, addressee.mention, addressee.start, addressee.end)
        if addressee else (None,) * 5
    )  # fmt: skip
    return (
        done.qid, article_hash, quote.id, quote.type, quote.text, quote.start, quote.end,
        *said, done.speaker_key, list(done.speaker_keys), done.speaker_id, *cued, *told,
        quote.date, quote.date_text, quote.date_source, quote.place, quote.parent, quote.confidence,
        quote.date_from, quote.date_to, quote.date_precision, quote.in_title, quote.kind,
    )  # fmt: skip
