"""What `saidwhat ingest` reads: files, directories, WARC, JSONL and URL lists → raw items.

No NLP here: an item is the raw content of one document, its origin (where to find it
again), the SHA-256 of its content (what a rerun skips), and the metadata that came
with it. Decoding and checking the content is `document.load_document`'s job, in the
workers. An item that cannot be read becomes an `Unreadable` with the reason, in
order, so that one bad record never stops a run. Every string that reaches the store (a file
name, a WARC-Target-URI, a JSONL field) is checked here: one that is not valid Unicode makes
its item `Unreadable`, as DuckDB cannot store it (and would lose the batch).

- a directory: every .txt/.htm/.html file in it and below (also gzipped), every WARC,
  JSONL and URL list, in name order; other files are ignored;
- a WARC (.warc, .warc.gz): each 2xx HTML or text response, with its WARC-Target-URI
  and WARC-Date (the date is a fallback for pages that carry none);
- JSONL (.jsonl, .ndjson): one object a line with `text` or `html`, and optionally
  `url`, `title`, `published` (YYYY-MM-DD…);
- a URL list (.urls, or a .txt holding only http(s) URLs and # comments) or a URL:
  fetched with httpx, a few requests at a time and one per host, with timeouts.

An item's publication date is its own (a JSONL `published`, the page's metadata) first; failing
that, a date in its file or folder name (`2016-10-12_story.txt`, `news/20161012/`), then the
run's `--published`, then the WARC or HTTP date (`RawItem.dated`, `RawItem.fetched`).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import logging
import re
import stat
import zlib
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal

from ..document import DEFAULT_MAX_BYTES, MAX_GUNZIPPED_BYTES, escaped, invalid_field, size_text, too_large
from ..errors import InputError
from ..isodate import parse_date

if TYPE_CHECKING:
    from .fetch import FetchPolicy

logger = logging.getLogger(__name__)

DOCUMENT_SUFFIXES = frozenset((".txt", ".htm", ".html", ".xhtml"))
WARC_SUFFIXES = (".warc", ".warc.gz")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
URL_LIST_SUFFIX = ".urls"
_URL_SCHEMES = ("http://", "https://")
_SNIFF_BYTES = 4096
_SKIP_BYTES = 1024 * 1024  # read size when skipping the rest of an overlong JSONL line
# A date in a file or folder name: 2016-10-12, 2016_10_12, 2016.10.12 or 20161012, not inside a
# longer number (an id, a timestamp's digits).
_NAME_DATE = re.compile(r"(?<![\d])((?:19|20)\d\d)([-_.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?![\d])")

SourceKind = Literal["file", "warc", "jsonl", "urls", "url"]


@dataclass(frozen=True, slots=True)
class Source:
    """One thing to read items from: a file of one kind, or a URL."""

    kind: SourceKind
    location: str
    published: dt.date | None = None  # the run's --published: for items that carry no date


@dataclass(frozen=True, slots=True)
class RawItem:
    """The raw content of one document and what came with it; `data` is bytes or JSONL text."""

    origin: str
    data: bytes | str
    item_hash: str
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    fetched: dt.date | None = None
    dated: dt.date | None = None  # from the file or folder name, or the run: when the content has none


@dataclass(frozen=True, slots=True)
class Unreadable:
    """An item that could not be read or fetched, and why; `item_hash` is set when the item was
    read but refused, so that a rerun skips it as it skips every logged item."""

    origin: str
    reason: str
    item_hash: str | None = None


def expand(arguments: Sequence[str], *, published: dt.date | None = None) -> list[Source]:
    """Command-line arguments → sources, directories listed; a missing path is an `InputError`.
    `published` is the run's publication date, for the items that carry none of their own.

    A listed entry that cannot be read as a file (a broken symbolic link, a FIFO) is kept, so
    that reading reports it as one failed item instead of it vanishing from the run.
    """
    sources: list[Source] = []
    for argument in arguments:
        if argument.startswith(_URL_SCHEMES):
            sources.append(Source("url", argument))
            continue
        path = Path(argument)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if not p.is_dir() and not _hidden(p, path))
            sources.extend(source for file in files if (source := _classify(file, listed=True)))
        elif path.exists():
            sources.append(_classify(path, listed=False) or Source("file", str(path)))
        else:
            raise InputError(f"{argument}: no such file or directory")
    return [replace(source, published=published) for source in sources] if published else sources


def name_date(location: str) -> dt.date | None:
    """The date in a file's name, else in the nearest folder name that has one: news archives
    name files and folders by the day (`2016-10-12_story.txt`, `20161012/story.html`)."""
    for part in reversed(Path(location).parts):
        for found in _NAME_DATE.finditer(part):
            try:
                return dt.date(int(found[1]), int(found[3]), int(found[4]))
            except ValueError:  # February 30
                continue
    return None


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _classify(path: Path, *, listed: bool) -> Source | None:
    """The kind of a file from its name (and, for .txt, its first lines); None if a listed file is
    of no kind we read (a README.md, a ground-truth JSON)."""
    name = path.name.lower()
    stem = name.removesuffix(".gz")
    if not path.is_file():  # never open a FIFO or device to sniff it: reading may block
        return Source("file", str(path)) if Path(stem).suffix in DOCUMENT_SUFFIXES or not listed else None
    if name.endswith(WARC_SUFFIXES):
        return Source("warc", str(path))
    if stem.endswith(JSONL_SUFFIXES):
        return Source("jsonl", str(path))
    if name.endswith(URL_LIST_SUFFIX) or (stem.endswith(".txt") and _is_url_list(path)):
        return Source("urls", str(path))
    if Path(stem).suffix in DOCUMENT_SUFFIXES or not listed:
        return Source("file", str(path))
    return None


def _is_url_list(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return False
    lines = head.splitlines()
    if len(head) >= _SNIFF_BYTES:
        lines.pop()  # may be cut short
    lines = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return bool(lines) and all(line.startswith(_URL_SCHEMES) and " " not in line for line in lines)


def count_items(sources: Sequence[Source], *, done_urls: Container[str] = ()) -> int:
    """How many items `iter_items` will yield, for the progress bar: WARCs and lists are read twice."""
    total = 0
    for source in sources:
        try:
            if source.kind == "warc":
                total += max(sum(1 for _ in _warc_records(Path(source.location), read=None)), 1)
            elif source.kind == "jsonl":
                total += sum(1 for _ in _jsonl_lines(Path(source.location), DEFAULT_MAX_BYTES))
            elif source.kind == "urls":
                total += sum(1 for url in _read_url_list(Path(source.location)) if url not in done_urls)
            elif source.kind == "url":
                total += source.location not in done_urls
            else:
                total += 1
        except Exception:  # only a progress estimate: reading will report the damage as an item
            total += 1
    return total


def iter_items(
    sources: Sequence[Source],
    *,
    done_urls: Container[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetch: FetchPolicy | None = None,
) -> Iterator[RawItem | Unreadable]:
    """Every item of every source in order; URLs in `done_urls` are not fetched again, and the
    others are fetched as `fetch` allows (see fetch.py).

    An item over `max_bytes` is `Unreadable` without being read into memory. Whatever goes
    wrong reading one source ends that source with an `Unreadable`, never the run.
    """
    for source in sources:
        if invalid := invalid_field(
            {"the URL" if source.kind == "url" else "the file name": source.location}
        ):
            yield Unreadable(escaped(source.location), invalid)
            continue
        dated = (name_date(source.location) if source.kind != "url" else None) or source.published
        for item in _guarded(source, _source_items(source, done_urls, max_bytes, fetch)):
            yield replace(item, dated=dated) if dated and isinstance(item, RawItem) else item


def _source_items(
    source: Source, done_urls: Container[str], max_bytes: int, fetch: FetchPolicy | None
) -> Iterator[RawItem | Unreadable]:
    if source.kind == "file":
        yield _read_file(Path(source.location), max_bytes)
    elif source.kind == "warc":
        yield from _iter_warc(Path(source.location), max_bytes)
    elif source.kind == "jsonl":
        yield from _iter_jsonl(Path(source.location), max_bytes)
    else:
        urls = [source.location] if source.kind == "url" else None
        if urls is None:
            try:
                urls = _read_url_list(Path(source.location))
            except OSError as exc:
                yield Unreadable(source.location, f"cannot read URL list ({exc.strerror or exc})")
                return
        from .fetch import fetch_all  # fetch.py makes this module's items: import it here, one way

        yield from fetch_all([url for url in urls if url not in done_urls], max_bytes=max_bytes, policy=fetch)


def _guarded(source: Source, items: Iterable[RawItem | Unreadable]) -> Iterator[RawItem | Unreadable]:
    """The items of one source; an unexpected error (a reader's bug on a damaged file) becomes
    one `Unreadable` for the source, and the run goes on with the next."""
    try:
        yield from items
    except Exception as exc:
        logger.exception("reading %s failed", source.location)
        yield Unreadable(source.location, f"cannot read {source.kind} ({type(exc).__name__}: {exc})")


def content_hash(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def _gunzipped(data: bytes) -> bytes:
    """Gzipped files hash (and travel) as their content, so a saved .html.gz and the same page
    in a WARC are one item; damaged gzip is left for `load_document` to report."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(data, MAX_GUNZIPPED_BYTES)
    except zlib.error:
        return data
    return data if decompressor.unconsumed_tail else out


def _read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> RawItem | Unreadable:
    """A file's bytes; a broken link, a FIFO or device, or a file over `max_bytes` is `Unreadable`."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return Unreadable(str(path), "broken symbolic link" if path.is_symlink() else "no such file")
    except OSError as exc:
        return Unreadable(str(path), f"cannot read ({exc.strerror or exc})")
    if not stat.S_ISREG(info.st_mode):
        return Unreadable(str(path), "not a regular file (a FIFO, socket or device)")
    if info.st_size > max_bytes:
        return Unreadable(str(path), too_large(info.st_size, max_bytes))
    try:
        data = _gunzipped(path.read_bytes())
    except OSError as exc:
        return Unreadable(str(path), f"cannot read ({exc.strerror or exc})")
    return RawItem(origin=str(path), data=data, item_hash=content_hash(data))


def _warc_records(path: Path, *, read: int | None) -> Iterator[tuple[str, str | None, dt.date | None, bytes]]:
    """(origin, url, date, payload) of each 2xx HTML or text response; the payload is read up to
    `read` bytes (empty when None)."""
    from warcio.archiveiterator import ArchiveIterator  # here: it imports fsspec and asyncio, 0.07 s
    # of every worker's start (a worker unpickles its items' RawItem from this module)

    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            if record.rec_type != "response" or record.http_headers is None:
                continue
            status = record.http_headers.get_statuscode() or ""
            content_type = (record.http_headers.get_header("Content-Type") or "text/html").lower()
            if not status.startswith("2") or not content_type.startswith(
                ("text/html", "text/plain", "application/xhtml")
            ):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            date = parse_date((record.rec_headers.get_header("WARC-Date") or "")[:10])  # of a timestamp
            payload = b""
            if read is not None:
                payload = record.content_stream().read(read)
                missing = getattr(record.raw_stream, "limit", 0)  # warcio's LimitReader: bytes not read
                if len(payload) < read and missing > 0:  # warcio returns a cut-off record as if whole
                    raise EOFError(f"the record at offset {records.get_record_offset()} is cut short")
            yield f"{path}@{records.get_record_offset()}", url, date, payload


def _iter_warc(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawItem | Unreadable]:
    """The HTML and text responses of a WARC; one without any is reported, not silently empty."""
    from warcio.exceptions import ArchiveLoadFailed

    found = 0
    try:
        for origin, url, date, payload in _warc_records(path, read=max_bytes + 1):
            found += 1
            if len(payload) > max_bytes:
                yield Unreadable(
                    origin, f"response larger than the limit of {size_text(max_bytes)} (--max-bytes)"
                )
                continue
            item_hash = content_hash(payload)
            if invalid := invalid_field({"WARC-Target-URI": url}):
                yield Unreadable(origin, invalid, item_hash)
            else:
                yield RawItem(origin=origin, data=payload, item_hash=item_hash, url=url, fetched=date)
    except (OSError, ArchiveLoadFailed, EOFError, zlib.error) as exc:
        yield Unreadable(str(path), f"damaged or unreadable WARC ({exc}); the records before it were read")
        return
    if not found:
        yield Unreadable(str(path), "no 2xx HTML or text responses in the WARC (nothing to analyse)")


def _open_binary(path: Path) -> BinaryIO:
    """A file, gunzipped on the fly if it is gzip: JSONL files are streamed, never read whole."""
    handle = path.open("rb")
    if handle.peek(2)[:2] != b"\x1f\x8b":
        return handle
    return gzip.GzipFile(fileobj=handle, mode="rb")  # type: ignore[return-value]


def _jsonl_lines(path: Path, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) of each non-blank line; None for a line over `max_bytes`, which is
    skipped without holding it in memory."""
    with _open_binary(path) as handle:
        number = 0
        while line := handle.readline(max_bytes + 1):
            number += 1
            if len(line) > max_bytes and not line.endswith(b"\n"):
                while (rest := handle.readline(_SKIP_BYTES)) and not rest.endswith(b"\n"):
                    pass
                yield number, None
            elif line.strip():
                yield number, line


def _iter_jsonl(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawItem | Unreadable]:
    number = 0
    try:
        for number, line in _jsonl_lines(path, max_bytes):
            origin = f"{path}:{number}"
            if line is None:
                yield Unreadable(origin, f"line longer than the limit of {max_bytes:,} bytes (--max-bytes)")
            else:
                yield _jsonl_item(line.decode("utf-8", errors="replace"), origin=origin)
    except (OSError, EOFError, zlib.error) as exc:
        where = f"after line {number}" if number else "at the start"
        yield Unreadable(str(path), f"cannot read {where} ({getattr(exc, 'strerror', None) or exc})")


def _jsonl_item(line: str, *, origin: str) -> RawItem | Unreadable:
    """The item of one line; a line refused carries its own hash, so a rerun skips it until fixed."""
    refused = content_hash(line)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Unreadable(origin, f"not a JSON object ({exc.msg})", refused)
    if not isinstance(record, dict):
        return Unreadable(origin, "not a JSON object", refused)
    content = record.get("text") or record.get("html")
    if not isinstance(content, str):
        return Unreadable(origin, "no 'text' or 'html' string", refused)
    fields = {key: record.get(key) for key in ("url", "title", "published")}
    if any(value is not None and not isinstance(value, str) for value in fields.values()):
        return Unreadable(origin, "'url', 'title' and 'published' must be strings", refused)
    # Refused, not repaired: the text is what offsets point into, the title and URL what the producer meant.
    if invalid := invalid_field({"text": content, "title": fields["title"], "url": fields["url"]}):
        return Unreadable(origin, invalid, refused)
    published = parse_date((fields["published"] or "")[:10])  # YYYY-MM-DD…
    if fields["published"] and published is None:
        return Unreadable(origin, f"'published': {fields['published']!r} is not a date (YYYY-MM-DD)", refused)
    return RawItem(
        origin=origin,
        data=content,
        item_hash=content_hash(content),
        url=fields["url"],
        title=fields["title"],
        published=published,
    )


def _read_url_list(path: Path) -> list[str]:
    lines = (line.strip() for line in path.read_text("utf-8", errors="replace").splitlines())
    return [line for line in lines if line and not line.startswith("#")]
