"""MHTML archives (reader/formats/mhtml.py): the HTML part found, decoded from its transfer
encoding and charset, and read as the saved HTML page it is."""

from __future__ import annotations

import base64
import json
import quopri
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_hostile_corpus import strings_of, unsafe

from reader.errors import PageError
from reader.formats import format_of, load_article, parse_page
from reader.formats.mhtml import looks_like_mhtml

HTML = Path(__file__).resolve().parents[1] / "fixtures" / "html"
PAGE = (
    "<!DOCTYPE html><html><head><title>Caf\u00e9 opens</title></head><body><article>"
    "<h1>Caf\u00e9 opens on the quay</h1><p>The caf\u00e9 \u201cLa Mar\u00e9e\u201d opened"
    " on Saturday with a queue round the harbour wall and a brass band.</p></article></body></html>"
)


WINDOWS_1252_QP = (
    'Content-Type: text/html; charset="windows-1252"\r\nContent-Transfer-Encoding: quoted-printable'
)


def archive(part_headers: str, body: bytes, *, top: str = "") -> str:
    """A minimal archive the way Chrome writes one, holding one HTML part and an image."""
    boundary = "----MultipartBoundary--abc----"
    head = (f"From: <Saved by Blink>\r\n{top}MIME-Version: 1.0\r\nContent-Type: multipart/related;"
            f'\r\n\ttype="text/html";\r\n\tboundary="{boundary}"\r\n\r\n')  # fmt: skip
    image = (f"--{boundary}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
             "\r\niVBORw0KGgo=\r\n")  # fmt: skip
    text = head + f"--{boundary}\r\n{part_headers}\r\n\r\n" + body.decode("ascii") + "\r\n"
    return (text + image + f"--{boundary}--\r\n").replace("\r\n", "\n")


def test_the_fixture_reads_as_its_golden_json_and_as_the_page_it_holds() -> None:
    article = load_article(HTML / "article.mhtml")
    expected = json.loads((HTML / "article.mhtml.expected.json").read_text("utf-8"))
    assert article.source == "mhtml" and article.headline == expected["headline"]
    assert list(article.paragraphs) == expected["paragraphs"]
    assert [i.caption for i in article.images] == [i["caption"] for i in expected["images"]]
    assert replace(article, source="html") == load_article(HTML / "article.html")


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        ("Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable",
         quopri.encodestring(PAGE.encode("utf-8"))),
        ("Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64",
         base64.encodebytes(PAGE.encode("utf-8"))),
        (WINDOWS_1252_QP,
         quopri.encodestring(PAGE.encode("windows-1252"))),
        ("Content-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable",
         quopri.encodestring(PAGE.encode("utf-8"))),  # no charset: UTF-8
    ],
    ids=["quoted-printable", "base64", "windows-1252", "no-charset"],
)  # fmt: skip
def test_each_encoding_and_charset_gives_the_same_text(headers: str, body: bytes) -> None:
    article = parse_page(archive(headers, body), source="saved.mhtml")
    assert article.headline == "Caf\u00e9 opens on the quay"
    assert article.paragraphs[0].startswith("The caf\u00e9 \u201cLa Mar\u00e9e\u201d opened")
    assert article.warnings == ()


def test_an_unknown_charset_is_read_as_utf8_with_a_warning() -> None:
    headers = "Content-Type: text/html; charset=x-klingon\r\nContent-Transfer-Encoding: base64"
    article = parse_page(archive(headers, base64.encodebytes(PAGE.encode())), source="a.mhtml")
    assert article.headline == "Caf\u00e9 opens on the quay"
    warning = "a.mhtml: the HTML part's charset 'x-klingon' is unknown; read as UTF-8"
    assert article.warnings == (warning,)


def test_the_address_falls_back_to_the_snapshot_location() -> None:
    top = "Snapshot-Content-Location: https://quay.example/cafe\r\n"
    headers = "Content-Type: text/html\r\nContent-Transfer-Encoding: base64"
    text = archive(headers, base64.encodebytes(PAGE.encode()), top=top)
    assert parse_page(text, source="a.mhtml").url == "https://quay.example/cafe"


@pytest.mark.parametrize(
    ("headers", "body", "words"),
    [
        ("Content-Type: text/plain", b"just text", "no HTML page in it"),
        ("Content-Type: text/html\r\nContent-Transfer-Encoding: base64", b"", "is empty"),
        ("Content-Type: text/html\r\nContent-Transfer-Encoding: base64",
         base64.encodebytes(b"<!DOCTYPE html><html><body></body></html>"), "no headline"),
    ],
)  # fmt: skip
def test_an_archive_without_a_page_is_one_line(headers: str, body: bytes, words: str) -> None:
    with pytest.raises(PageError) as caught:
        parse_page(archive(headers, body), source="a.mhtml")
    assert str(caught.value).startswith("a.mhtml: ") and words in str(caught.value)


@pytest.mark.parametrize(
    ("text", "claimed"),
    [
        ("MIME-Version: 1.0\nContent-Type: multipart/related; boundary=x\n\n--x--\n", True),
        ("From: <Saved by Blink>\nMIME-Version: 1.0\nContent-Type: Multipart/Related;\n", True),
        ("MIME-Version: 1.0\nContent-Type: text/plain\n\nmultipart/related\n", False),
        ("Headline\n\nMIME-Version: 1.0 and multipart/related in a paragraph.\n", False),
    ],
)
def test_sniff_reads_the_headers(text: str, claimed: bool) -> None:
    assert looks_like_mhtml(text) is claimed
    page_format = format_of(text)
    assert (page_format is not None and page_format.name == "mhtml") is claimed


MIME_PIECES = ["--b\n", "Content-Type: text/html", "; charset=", "utf-8", "utf-16", "x\x1b]0",
               '"', "\nContent-Transfer-Encoding: ", "base64", "quoted-printable", "8bit", "\n\n",
               "=3D", "=\n", "=E2=80=9C", "PGh0bWw+", "<!DOCTYPE html><html><h1>T</h1><p>",
               "A paragraph of some length about the harbour wall.", "--b--", "\u202e", "\x00",
               "\ud800", "Content-Type: multipart/alternative; boundary=c\n", "--c\n"]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(MIME_PIECES), st.text(max_size=10)), max_size=30))
def test_random_archives_raise_only_page_errors(pieces: list[str]) -> None:
    text = "MIME-Version: 1.0\nContent-Type: multipart/related; boundary=b\n\n" + "".join(pieces)
    try:
        article = parse_page(text, source="fuzz.mhtml")
    except PageError as error:
        assert "\n" not in str(error) and not unsafe(str(error))
        return
    for string in strings_of(article):
        assert not unsafe(string.replace("\n", " ")), repr(string)
