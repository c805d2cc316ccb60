"""Hostile XML in an export (reader.formats.safe_xml): entity bombs, external entities and
DTDs are refused in one line naming the file before anything expands or is read; malformed
XML is said in one line; characters XML forbids are shown inertly; arbitrary XML-ish text
raises nothing but PageError."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reader.formats.safe_xml
from reader.errors import PageError
from reader.formats import parse_articles, parse_page

WXR_ROOT = '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">'
WXR_BODY = (
    "<channel><item><title>{title}</title><wp:post_type>post</wp:post_type>"
    "<wp:comment><wp:comment_id>1</wp:comment_id>"
    "<wp:comment_content>{text}</wp:comment_content></wp:comment></item></channel></rss>"
)
DISQUS_ROOT = '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">'
DISQUS_BODY = (
    '<thread dsq:id="1"><title>{title}</title></thread>'
    '<post dsq:id="2"><message>{text}</message><thread dsq:id="1"/></post></disqus>'
)
ROOTS = {"wordpress": (WXR_ROOT, WXR_BODY), "disqus": (DISQUS_ROOT, DISQUS_BODY)}
LAUGHS = "<!ENTITY lol \"lol\">" + "".join(
    f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">' for i in range(1, 10)
)


def document(kind: str, *, doctype: str = "", title: str = "T", text: str = "x") -> str:
    root, body = ROOTS[kind]
    return f'<?xml version="1.0"?>\n{doctype}{root}{body.format(title=title, text=text)}'


@pytest.mark.parametrize("kind", sorted(ROOTS))
def test_a_billion_laughs_is_refused_at_once(kind: str) -> None:
    text = document(kind, doctype=f"<!DOCTYPE lolz [{LAUGHS}]>", title="&lol9;", text="&lol9;")
    began = time.monotonic()
    with pytest.raises(PageError) as caught:
        parse_page(text, source="bomb.xml")
    assert time.monotonic() - began < 2
    assert str(caught.value) == (
        "bomb.xml: declares XML entities, which Reader refuses (they can expand without end "
        "or read other files; no export has them)"
    )


@pytest.mark.parametrize("kind", sorted(ROOTS))
@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
        '<!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>',
        '<!DOCTYPE r SYSTEM "file:///etc/passwd">',
        '<!DOCTYPE r PUBLIC "-//X//EN" "http://127.0.0.1:9/x.dtd">',
    ],
)
def test_external_entities_and_dtds_are_refused_and_never_read(kind: str, doctype: str) -> None:
    text = document(kind, doctype=doctype, title="&x;", text="&x;")
    with pytest.raises(PageError) as caught:
        parse_page(text, source="xxe.xml")
    message = str(caught.value)
    assert message.startswith("xxe.xml: ") and "\n" not in message
    assert "root:" not in message and "passwd" not in message


def test_a_doctype_without_declarations_is_read() -> None:
    article = parse_page(document("wordpress", doctype="<!DOCTYPE rss>"))
    assert article.headline == "T"


@pytest.mark.parametrize("kind", sorted(ROOTS))
@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("<title>T</wrong>", "Opening and ending tag mismatch"),
        ("<title>A &nbsp; B</title>", "Entity 'nbsp' not defined"),
        ("<title>cut short", "Premature end of data"),
    ],
)
def test_malformed_xml_is_said_in_one_line(kind: str, body: str, said: str) -> None:
    root, _ = ROOTS[kind]
    with pytest.raises(PageError) as caught:
        parse_page(f"{root}<x>{body}", source="bad.xml")
    message = str(caught.value)
    title = {"wordpress": "a WordPress export", "disqus": "a Disqus export"}[kind]
    assert message.startswith(f"bad.xml: looks like {title} but is not well-formed XML (")
    assert said in message and "\n" not in message


def test_a_text_over_the_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader.formats.safe_xml, "MAX_XML_CHARS", 100)
    with pytest.raises(PageError, match=r"^big\.xml: is a Disqus export of 0 MB, over Reader"):
        parse_page(document("disqus") + " " * 100, source="big.xml")


@pytest.mark.parametrize("kind", sorted(ROOTS))
def test_characters_xml_forbids_are_shown_inertly(kind: str) -> None:
    article = parse_page(document(kind, title="Esc\x1b[2J here", text="nul\x00 and \x07 bell"))
    assert article.headline == "Esc^[[2J here"
    assert article.comments[0].text == "nul^@ and ^G bell"


def test_the_command_says_one_line_and_prints_nothing(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(document("wordpress", doctype=f"<!DOCTYPE r [{LAUGHS}]>", text="&lol9;"))
    xxe = tmp_path / "xxe.xml"
    xxe.write_text(
        document("disqus", doctype='<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
                 text="&x;")
    )  # fmt: skip
    for path in (bomb, xxe):
        result = subprocess.run(
            [sys.executable, "-m", "reader", "analyze", "--no-cache", str(path)],
            check=False, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode == 1 and result.stdout == ""
        assert result.stderr.count("\n") == 1 and str(path) in result.stderr
        assert "Traceback" not in result.stderr and "root:" not in result.stderr


XMLISH = st.lists(
    st.one_of(
        st.sampled_from([
            "<", ">", "</", "/>", "<![CDATA[", "]]>", "<!DOCTYPE r [", "]>", "<!ENTITY e 'v'>",
            "&e;", "&amp;", "&#0;", "&#x1b;", "<wp:comment>", "</wp:comment>",
            "<wp:comment_parent>", "</wp:comment_parent>", "<item>", "</item>", "<channel>",
            "<thread dsq:id='1'>", "<post dsq:id='2'>", "<parent dsq:id='2'/>", "</post>",
            "\x00", "\ud800", "\ufffe", "\u202e",
        ]),
        st.text(max_size=10),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(ROOTS)), XMLISH)
def test_arbitrary_xmlish_input_raises_only_page_error(kind: str, parts: list[str]) -> None:
    root, _ = ROOTS[kind]
    try:
        articles = parse_articles(root + "".join(parts))
    except PageError as error:
        assert "\n" not in str(error)
        return
    assert articles and all(article.source in ROOTS for article in articles)


def test_the_tree_is_checked_too_when_the_prologue_check_is_passed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reader.formats.safe_xml, "_refuse_declarations", lambda data: None)
    for doctype in ('<!DOCTYPE r [<!ENTITY a "b">]>', '<!DOCTYPE r SYSTEM "file:///etc/passwd">'):
        with pytest.raises(PageError, match=r"^w\.xml: (declares XML entities|names an external)"):
            parse_page(document("wordpress", doctype=doctype), source="w.xml")


def test_a_fields_text_is_all_of_it_whatever_it_holds() -> None:
    """A field's text is read from the element alone when it has no children (the fast way)
    and piece by piece otherwise: a comment, a nested tag or CDATA inside lose nothing."""
    from reader.formats.safe_xml import fields_of, first_children, parse_export_xml, text_of

    root = parse_export_xml(
        "<disqus><post><message>a<!-- note -->b<b>c</b>d</message>"
        "<isSpam><![CDATA[true]]></isSpam><name/><name>second</name></post></disqus>",
        "export.xml",
        "a Disqus export",
    )
    post = root[0]
    assert fields_of(post) == {"message": "abcd", "isSpam": "true", "name": ""}
    assert list(first_children(post)) == ["message", "isSpam", "name"]
    assert text_of(first_children(post)["message"]) == "abcd"


def test_an_exports_records_come_whole_and_are_freed_as_they_are_read() -> None:
    """The tree of an export is several times its size: each record is given whole, then it
    and those before it leave the tree, so the root holds only what the parser has read
    ahead (a block of the file), not the export."""
    from reader.formats.safe_xml import export_records

    text = "<disqus>" + "<post><message>m</message><author/></post>" * 20_000 + "</disqus>"
    held = [
        (len(record.getparent()), len(record))
        for record in export_records(text, "e.xml", "a Disqus export", "disqus")
    ]
    assert len(held) == 20_000 and all(children == 2 for _, children in held)
    assert max(siblings for siblings, _ in held) < 2_000
    not_disqus = r"^e\.xml: is XML but not a Disqus export \(no <disqus> root\)$"
    with pytest.raises(PageError, match=not_disqus):
        list(export_records("<rss><post/></rss>", "e.xml", "a Disqus export", "disqus"))
