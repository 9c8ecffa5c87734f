"""Reading one input: encodings, exactness of plain text, refusals, HTML extraction."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import sys
from pathlib import Path

import pytest

from saidwhat.document import Document, load_document, looks_like_html, read_input
from saidwhat.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures"

ENGLISH = (
    "The harbour council said on Wednesday that it would delay the vote on ferry fares. "
    "“We heard people loud and clear,” the chair told reporters, adding that a new report "
    "on ticket prices would be studied before the council met again in two weeks."
)
GERMAN = (
    "Der Stadtrat hat am Mittwoch die Abstimmung über die neuen Fährpreise verschoben, nachdem "
    "zahlreiche Bürger bei der öffentlichen Anhörung ihren Unmut geäußert hatten. Die Vorsitzende "
    "sagte, man werde zunächst einen neuen Bericht über die Ticketpreise prüfen und dann innerhalb "
    "von zwei Wochen erneut beraten."
)
FRENCH = (
    "Le conseil municipal a reporté mercredi le vote sur la hausse des tarifs du ferry, après une "
    "réunion publique très animée. La présidente a déclaré que le conseil étudierait d'abord un "
    "nouveau rapport sur le prix des billets avant de se réunir à nouveau dans deux semaines."
)


def load(data: str | bytes, **kwargs: object) -> Document:
    return load_document(data, name="input.txt", **kwargs)  # type: ignore[arg-type]


# --- encodings ---------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_unicode_encodings_decode_to_the_same_text(encoding: str) -> None:
    assert load(ENGLISH.encode(encoding)).text == ENGLISH


def test_latin1_bytes_decode() -> None:
    text = "Café owner José Müller said the crème brûlée now costs £4.50 at his shop in the old town."
    assert load(text.encode("latin-1")).text == text


def test_cp1252_curly_quotes_decode() -> None:
    assert load(ENGLISH.encode("cp1252")).text == ENGLISH


def test_curly_quotes_preserved() -> None:
    text = "“It’s done,” she said. ‘Quite done.’"
    document = load(text.encode("utf-8"))
    assert document.text == text
    assert not document.is_html


def test_plain_text_is_kept_exactly_so_offsets_map_back() -> None:
    text = "  Headline here\r\n\r\n\tFirst paragraph, “quoted”.  \r\nSecond line\n\n\n"
    document = load(text.encode("utf-8"))
    assert document.text == text
    assert document.text.index("“quoted”") == text.index("“quoted”")
    assert document.title == "Headline here"  # a first line, then a blank line


@pytest.mark.parametrize(
    "text",
    [
        "The mayor said the bridge would open.\n\nShe spoke on Monday about the bridge.",  # a sentence
        "Opening line with no blank line after it\nThe body goes straight on, said the mayor.",
        "“We are ready”\n\nThe mayor spoke on Monday about the bridge and the road.",
        " ".join(["word"] * 25) + "\n\nThe mayor spoke on Monday about the bridge and the road.",
    ],
)
def test_plain_text_without_a_headline_has_no_title(text: str) -> None:
    assert load(text).title is None


def test_a_given_title_wins_over_the_headline() -> None:
    text = "Bridge opens early\n\nThe mayor said on Monday that the new bridge would open."
    assert load(text).title == "Bridge opens early"
    assert load_document(text, name="t", title="Given").title == "Given"


def test_str_input_is_not_decoded_again() -> None:
    assert load(ENGLISH).text == ENGLISH


def test_gzip_input_is_decompressed() -> None:
    assert load(gzip.compress(ENGLISH.encode("utf-8"))).text == ENGLISH


def test_bbc_latin1_article(shared: Path) -> None:
    document = load((shared / "corpora" / "bbc-news" / "sport" / "199.txt").read_bytes())
    assert "£15.8m" in document.text


# --- refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty input"),
        (b" \n\t\r\n ", "only whitespace"),
        ("   ", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "binary file (PNG image)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "binary file (PDF)"),
        (b"PK\x03\x04\x14\x00\x06\x00", "binary file (ZIP"),
        (b"some text\x00with a NUL byte", "NUL bytes"),
        (bytes(range(1, 9)) * 40, "control bytes"),
    ],
)
def test_refused_inputs(data: str | bytes, message: str) -> None:
    with pytest.raises(InputError, match=r"^input\.txt: ") as info:
        load(data)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("text", [GERMAN, FRENCH])
def test_non_english_text_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="does not look like English"):
        load(text.encode("utf-8"))


def test_non_latin_script_is_refused() -> None:
    text = "Городской совет в среду отложил голосование о новых тарифах на паром. " * 6
    with pytest.raises(InputError, match="letters are Latin"):
        load(text)


def test_short_text_is_not_judged_by_language() -> None:
    assert load("Der Rat hat die Abstimmung verschoben.").text == "Der Rat hat die Abstimmung verschoben."


def test_read_input_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(InputError, match="no such file") as info:
        read_input(str(missing))
    assert str(missing) in str(info.value)


def test_read_input_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory") as info:
        read_input(str(tmp_path))
    assert str(tmp_path) in str(info.value)


def test_read_input_file_and_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"caf\xc3\xa9\r\n")
    assert read_input(str(path)) == b"caf\xc3\xa9\r\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"from stdin")))
    assert read_input("-") == b"from stdin"


# --- HTML --------------------------------------------------------------------------------


def test_html_article_text_and_metadata() -> None:
    document = load_document((FIXTURES / "orchard-article.html").read_bytes(), name="orchard-article.html")
    assert document.is_html
    assert document.title == "Valley growers warn of early frost damage"
    assert document.author == "Tomasz Reyes"
    assert document.published == dt.date(2023, 4, 19)
    assert document.source == "The Millbrook Courier"
    assert document.url == "https://courier.example.org/news/2023/04/19/valley-frost"
    assert "“We lit every heater we had and it was still not enough,” said Hannah Liddell" in document.text
    assert "Forecasters expect milder nights" in document.text
    assert "<p>" not in document.text
    assert "Privacy" not in document.text
    assert "Sport" not in document.text


def test_html_metadata_is_overridden_by_arguments() -> None:
    document = load_document(
        (FIXTURES / "orchard-article.html").read_bytes(),
        name="page",
        published=dt.date(2023, 4, 20),
        title="My title",
        url="https://example.org/x",
    )
    assert (document.published, document.title, document.url) == (
        dt.date(2023, 4, 20),
        "My title",
        "https://example.org/x",
    )


def test_html_without_article_text_is_refused() -> None:
    page = (
        "<!doctype html><html><head><title>Menu</title></head><body><nav><ul>"
        + "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(12))
        + "</ul></nav></body></html>"
    )
    with pytest.raises(InputError, match="no article text found in HTML"):
        load_document(page, name="menu.html")


def test_non_english_html_is_refused() -> None:
    page = f"<!doctype html><html><head><title>Rat</title></head><body><article><p>{GERMAN}</p>"
    page += f"<p>{GERMAN}</p></article></body></html>"
    with pytest.raises(InputError, match="does not look like English"):
        load_document(page, name="de.html")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html><html><body></body></html>", True),
        ('<?xml version="1.0"?>\n<!doctype html>\n<html>', True),
        ("\n  <html lang='en'><head>", True),
        ("<p>One paragraph.</p>\n<p>Another one.</p>\n<p>A third.</p>", True),
        ("If a < b and c > d the result is <b>bold</b>.\nSecond line of plain text.", False),
        (ENGLISH, False),
    ],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


@pytest.mark.parametrize(
    "page", ["bbc.com.52241221.html", "theguardian.com.academics.html", "reuters.com.parasite.html"]
)
def test_real_english_pages(shared: Path, page: str) -> None:
    """`shared` (conftest) skips when ../shared is absent."""
    path = shared / "corpora" / "html-news" / "trafilatura" / "html" / page
    document = load_document(path.read_bytes(), name=page)
    assert document.is_html
    assert len(document.text) > 500
    assert document.title
