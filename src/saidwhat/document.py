"""Reading one input: bytes or text → a `Document` of English article text plus metadata.

Plain text is kept exactly as decoded (no stripping, no newline changes), so the
character offsets of the analysis point into the user's own file. HTML goes
through trafilatura, which finds the main text and the page metadata.
Anything that cannot hold an English news article is rejected with an
`InputError` naming the input and the problem, never analysed as garbage.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
import stat
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from .errors import InputError
from .isodate import parse_date

# Signatures of the binary formats people most often pass by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
)
# Longest first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_GZIP_MAGIC = b"\x1f\x8b"
MAX_GUNZIPPED_BYTES = 64 * 1024 * 1024
# Resource limits: a news article is some kilobytes of text in a page of at most a few MB.
# Parsing is linear-ish but slow (a 50 MB page took trafilatura over two minutes), and C-level
# parsing cannot be interrupted by a timeout, so the size of what reaches a parser is capped.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # raw input (after gunzip) of one document
DEFAULT_MAX_CHARS = 1_000_000  # article text after decoding or HTML extraction (spaCy's own cap)
DEFAULT_TIMEOUT = 60.0  # seconds to read and analyse one document in a batch
_SNIFF_BYTES = 8192
_ASCII = bytes(range(128))
MAX_LEGACY_SHARE = 0.05  # non-ASCII bytes in English text in a legacy 8-bit encoding
# Text has tabs and line breaks but hardly any other C0 control bytes.
_CONTROL_BYTES = frozenset(range(32)) - {9, 10, 11, 12, 13} | {127}
MAX_CONTROL_SHARE = 0.10

# A lone surrogate is a str that no encoding can write: JSON's "\\udc80", a UTF-16 pair cut in
# two, or an undecodable byte of a file name (Python's surrogateescape). DuckDB cannot store one.
_SURROGATE = re.compile("[\ud800-\udfff]")

_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S
)
_TAG = re.compile(r"</?[a-z][a-z0-9-]*(?:\s[^<>]*)?/?>", re.I)
_LINE = re.compile(r"[^\r\n]+")
MIN_TAGS = 3
MIN_TAG_SHARE = 0.2  # of the characters, for minified markup
MIN_TAG_LINE_SHARE = 0.5  # of the non-blank lines starting with a tag, for fragments
MIN_PROSE_WORDS = 12  # in one line of the text extracted from HTML

# The English gate. A language-ID model is not worth a dependency for a yes/no
# question. In English prose about a fifth to a half of the words (not counting
# capitalised ones, which in results tables and lists are mostly names) are
# these few dozen function words; the ones that are also words elsewhere ('a',
# 'in', 'on', 'was', 'die') are left out. Measured on the shared corpora: 2,225
# BBC articles and 236 English pages score ≥ 0.115 (but for one page of bare
# sports scores, 0.04, which is refused); German, Italian, Portuguese and
# Indonesian pages ≤ 0.013. Pages in other scripts fail the Latin-letter test.
_FUNCTION_WORDS = """
    the of and to is that for it with he she his her they them be by at this from have has had
    are were not but or will would said which their its been who there after about also more
    than if when one you our all up out can into could what
"""
ENGLISH_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_URL = re.compile(r"\S+://\S+|www\.\S+|\S+@\S+")  # 'amzn.to/…' links are not English
_LATIN_END = 0x250  # Basic Latin up to the end of Latin Extended-B
MIN_WORDS_FOR_LANGUAGE_CHECK = 30
MIN_LATIN_SHARE = 0.8
MIN_ENGLISH_SHARE = 0.08


@dataclass(frozen=True, slots=True)
class Limits:
    """What one document may cost: raw bytes, characters of text, and (in a batch) seconds.

    `timeout` None means no time limit; it is enforced by `deadline.deadline` in the process
    that analyses, since only a batch can skip a document and go on.
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    max_chars: int = DEFAULT_MAX_CHARS
    timeout: float | None = DEFAULT_TIMEOUT


def size_text(size: int) -> str:
    """A byte count for a message: '10 MB', '50.9 MB', '812 bytes'."""
    if size < 1024 * 1024:
        return f"{size:,} bytes"
    return f"{size / 2**20:.1f} MB".replace(".0 MB", " MB")


def too_large(size: int, limit: int) -> str:
    """The reason for refusing a document over the byte limit, without the document's name."""
    return f"{size_text(size)} of input, more than the limit of {size_text(limit)} (--max-bytes)"


@dataclass(frozen=True, slots=True)
class Document:
    """The text to analyse and what is known about it; `text` is what offsets point into."""

    text: str
    name: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    is_html: bool = False


def invalid_field(fields: dict[str, str | None]) -> str | None:
    """Why the first of `fields` that cannot be encoded as UTF-8 (nor stored, nor printed) is
    refused, 'title is not valid Unicode (lone surrogate U+DC80 at character 4)'; None if all can."""
    for field, value in fields.items():
        if value is not None and (found := _SURROGATE.search(value)):
            where = f"lone surrogate U+{ord(found[0]):04X} at character {found.start()}"
            return f"{field} is not valid Unicode ({where})"
    return None


def escaped(value: str) -> str:
    """`value` with each lone surrogate written as its escape (U+DC80 → '\\udc80'): a name that
    can be logged and printed, and still tells the reader which name it was."""
    return _SURROGATE.sub(lambda found: found[0].encode("unicode_escape").decode("ascii"), value)


def read_input(path: str, *, max_bytes: int | None = None) -> bytes:
    """The raw bytes of a file, or of standard input for `"-"`; decoding is `load_document`'s job.

    With `max_bytes`, a larger input is refused before it is read into memory (a pipe or
    FIFO is read up to one byte over the limit).
    """
    name = "<stdin>" if path == "-" else path
    try:
        if path == "-":
            return _check_size(sys.stdin.buffer.read(*_read_limit(max_bytes)), name, max_bytes)
        file = Path(path)
        if file.is_dir():
            raise InputError(f"{path}: is a directory, expected a text or HTML file")
        with file.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if max_bytes is not None and stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
                raise InputError(f"{path}: {too_large(info.st_size, max_bytes)}")
            return _check_size(handle.read(*_read_limit(max_bytes)), name, max_bytes)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _read_limit(max_bytes: int | None) -> tuple[int, ...]:
    return () if max_bytes is None else (max_bytes + 1,)


def _check_size(data: bytes, name: str, max_bytes: int | None) -> bytes:
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(f"{name}: more than the limit of {size_text(max_bytes)} of input (--max-bytes)")
    return data


_BLOCK_END = re.compile(r"\r?\n[ \t]*\r?\n")
_LINE = re.compile(r"[^\r\n]+")
_HEADLINE_MAX_WORDS = 20
_HEADLINE_CHARS = (3, 150)
_MAX_LEAD_LINES = 5  # caption, headline, video time, source line, dateline
_QUOTE_MARKS = "\"“”‘’'«»"


def title_span(text: str) -> tuple[int, int] | None:
    """Where the title of plain text stands, as offsets into `text`: the first headline-like
    line of the lead block (the lines before the first blank line), after any caption lines
    ending in a full stop ("A man walks past … on Tuesday." ¶ Headline ¶ 04:28 - Source ¶ ¶
    body). A title may hold a colon or quote marks ("Doe: Plan a 'silly fuss'"); a line that
    is one quote, a sentence, or the whole text is not a title. Hand-written as trafilatura
    reads titles from HTML metadata only."""
    block = _BLOCK_END.search(text)
    if block is None or not text[block.end() :].strip():
        return None
    lines = list(_LINE.finditer(text, 0, block.start()))
    for line in lines[:_MAX_LEAD_LINES] if len(lines) <= _MAX_LEAD_LINES else ():
        words = line[0].strip()
        if words and words[-1] in ".!?" and len(words.split()) > 3:
            continue  # a caption above the headline (a sentence)
        if _headline_like(words):
            start = line.start() + len(line[0]) - len(line[0].lstrip())
            return start, start + len(words)
        return None
    return None


def _headline_like(line: str) -> bool:
    """Short, with letters, not ending like a sentence or a lead-in, not one quote."""
    low, high = _HEADLINE_CHARS
    if not low <= len(line) <= high or len(line.split()) > _HEADLINE_MAX_WORDS:
        return False
    if not any(c.isalpha() for c in line):
        return False
    end = line.rstrip(_QUOTE_MARKS)
    one_quote = line[0] in _QUOTE_MARKS and line[-1] in _QUOTE_MARKS
    return bool(end) and end[-1] not in ".,;:!?—–-" and not one_quote


def headline(text: str) -> str | None:
    """The title of plain text (see `title_span`), or None."""
    span = title_span(text)
    return text[span[0] : span[1]] if span is not None else None


def load_document(
    data: str | bytes,
    *,
    name: str,
    published: dt.date | None = None,
    title: str | None = None,
    url: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Document:
    """Decode, recognise HTML, and check that there is English text to analyse.

    `name` is used in error messages (a path, or "<stdin>"). The keyword
    arguments override whatever metadata an HTML page carries. Input over `max_bytes`
    (bytes, or the UTF-8 size of a str; gzip counts as its content) and text over
    `max_chars` are refused: one pathological page must not cost minutes. A str, `title` or
    `url` that cannot be encoded as UTF-8 (a lone surrogate) is refused, not repaired: the text is
    what offsets point into, and the caller gave the title and URL on purpose.
    """
    if invalid := invalid_field(
        {"text": data if isinstance(data, str) else None, "title": title, "url": url}
    ):
        raise InputError(f"{name}: {invalid}")
    size = len(data) if isinstance(data, bytes) else _utf8_size(data, max_bytes)
    if size > max_bytes:
        raise InputError(f"{name}: {too_large(size, max_bytes)}")
    text = decode(data, name=name, max_bytes=max_bytes) if isinstance(data, bytes) else data
    if not text.strip():
        raise InputError(f"{name}: empty input" if not text else f"{name}: input holds only whitespace")
    if looks_like_html(text):
        document = _from_html(text, name=name, published=published, title=title, url=url)
    else:
        check_english(text, name=name)
        title = title or headline(text)
        document = Document(text=text, name=name, title=title, published=published, url=url)
    if len(document.text) > max_chars:
        raise InputError(
            f"{name}: {len(document.text):,} characters of text, more than the {max_chars:,} one article "
            "may have; split it into articles"
        )
    return document


def _utf8_size(text: str, limit: int) -> int:
    """The UTF-8 size of `text`, or a bound of it on the same side of `limit`: a character
    takes one to four bytes, so only texts between limit/4 and limit characters are encoded."""
    if len(text) > limit or len(text) * 4 <= limit:
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))


def decode(data: bytes, *, name: str, max_bytes: int = MAX_GUNZIPPED_BYTES) -> str:
    """Bytes → text: BOM, else strict UTF-8, else Windows-1252, else charset-normalizer's best guess.

    Gzip input (saved pages often are) is decompressed first; binary files are
    refused before any guessing, since a guesser will happily 'decode' a PDF.
    """
    if data.startswith(_GZIP_MAGIC):
        data = _gunzip(data, name=name, limit=max_bytes)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{name}: starts with a {encoding} byte order mark but {exc.reason}"
                ) from None
    _check_not_binary(data, name=name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if len(data.translate(None, _ASCII)) <= MAX_LEGACY_SHARE * len(data):
        # English with a few non-ASCII bytes (£, é, curly quotes) is Windows-1252, a superset
        # of Latin-1's printable range, nearly always; a statistical guesser has too little
        # to go on there: charset-normalizer reads the one '£' of BBC sport/199.txt as Shift-JIS.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: cannot detect the text encoding; convert the file to UTF-8")
    return str(best)


def _gunzip(data: bytes, *, name: str, limit: int) -> bytes:
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(data, limit)
    except zlib.error as exc:
        raise InputError(f"{name}: damaged gzip data ({exc})") from None
    if decompressor.unconsumed_tail:
        raise InputError(f"{name}: gzip data expands beyond the limit of {size_text(limit)} (--max-bytes)")
    return out


def _check_not_binary(data: bytes, *, name: str) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name}: binary file ({kind}), expected plain text or HTML")
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample:
        raise InputError(f"{name}: binary file (contains NUL bytes), expected plain text or HTML")
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    if controls > MAX_CONTROL_SHARE * len(sample):
        raise InputError(f"{name}: binary file ({controls} control bytes in the first {len(sample)})")


def looks_like_html(text: str) -> bool:
    """A page (doctype or <html> first) or a fragment made mostly of tags."""
    if _HTML_START.match(text[:4096]):
        return True
    tags = _TAG.findall(text)
    if len(tags) < MIN_TAGS:
        return False
    if sum(map(len, tags)) >= MIN_TAG_SHARE * len(text):
        return True
    lines = [line.lstrip() for line in _LINE.findall(text) if not line.isspace()]
    tag_lines = sum(1 for line in lines if _TAG.match(line))
    return tag_lines >= MIN_TAG_LINE_SHARE * len(lines)


def _from_html(
    html: str, *, name: str, published: dt.date | None, title: str | None, url: str | None
) -> Document:
    import trafilatura  # HTML only: plain text (most of a corpus) never pays its import
    from trafilatura.settings import Document as ExtractedPage

    try:
        page = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except Exception as exc:  # a parser bug on hostile markup is this input's problem, not a crash
        raise InputError(f"{name}: cannot parse the HTML ({type(exc).__name__})") from exc
    text = page.text if isinstance(page, ExtractedPage) else None
    if text:
        check_english(text, name=name)
    if not isinstance(page, ExtractedPage) or not text or not _has_prose(text):
        raise InputError(f"{name}: no article text found in HTML")
    if invalid := invalid_field({"text": text}):
        raise InputError(f"{name}: {invalid}")
    return Document(
        text=text,
        name=name,
        title=title or _metadata(page.title),
        published=(
            published or parse_date((page.date or "")[:10]) or _fallback_date(html, url=url or page.url)
        ),
        url=url or _metadata(page.url),
        source=_metadata(page.sitename) or _metadata(page.hostname),
        author=_metadata(page.author),
        is_html=True,
    )


def _metadata(value: str | None) -> str | None:
    """A field trafilatura read from the page's markup, or None if empty or not valid Unicode:
    metadata is dropped, not the article, as the page's text stands without its guessed author."""
    return value if value and _SURROGATE.search(value) is None else None


def _has_prose(text: str) -> bool:
    """At least one line long enough to be a sentence: trafilatura's fallback extractor
    returns the link labels of a page that has only navigation."""
    return any(len(_WORD.findall(line)) >= MIN_PROSE_WORDS for line in text.splitlines())


def _fallback_date(html: str, *, url: str | None) -> dt.date | None:
    """trafilatura already asked htmldate for the original publication date; failing
    that, a page's last-modified date still anchors relative dates better than none."""
    import htmldate  # HTML only, as trafilatura above

    try:
        found = htmldate.find_date(html, url=url, original_date=False, extensive_search=True)
    except Exception:  # only a fallback: a page htmldate chokes on simply has no date
        return None
    return parse_date((found or "")[:10])  # a timestamp's date


def english_share(text: str) -> tuple[float, int]:
    """The share of lower-case word tokens that are common English function words, and the word count."""
    words = _WORD.findall(_URL.sub(" ", text))
    lower = [word.lower() for word in words if not word[0].isupper()]
    if not lower:
        return 0.0, len(words)
    hits = sum(1 for word in lower if word in ENGLISH_FUNCTION_WORDS)
    return hits / len(lower), len(words)


def check_english(text: str, *, name: str) -> None:
    """Refuse text that is clearly not English; a text under 30 words passes, as it cannot be judged."""
    share, words = english_share(text)
    if words < MIN_WORDS_FOR_LANGUAGE_CHECK:
        return
    letters = [char for char in text if char.isalpha()]
    latin = sum(1 for char in letters if ord(char) < _LATIN_END) / len(letters)
    if latin < MIN_LATIN_SHARE:
        raise InputError(
            f"{name}: text does not look like English: only {latin:.0%} of its letters are Latin "
            f"(expected at least {MIN_LATIN_SHARE:.0%})"
        )
    if share < MIN_ENGLISH_SHARE:
        raise InputError(
            f"{name}: text does not look like English: only {share:.0%} of its {words} words are common "
            f"English words such as 'the', 'of', 'and' (expected at least {MIN_ENGLISH_SHARE:.0%})"
        )
