"""A saved HTML page's text made into an lxml tree, safely, once: everything else in the HTML
reader (trafilatura included) works on this tree and never parses or fetches on its own.

Hostile input: terminal controls, bidi controls and lone surrogates are turned into their
inert forms (`reader.text.clean`) *before* parsing, written as character data so that a
`<U+202E>` marker stays text instead of becoming a tag (an escape sequence must be shown,
not silently dropped); controls that character references (`&#27;`) bring in are cleaned in
the tree after it, since lxml refuses to copy a text holding them. The parser
never touches the network (`no_network=True`), keeps libxml2's limits on text size and depth
(`huge_tree=False`), and, as an HTML parser, expands no DTD entities (it has no
`resolve_entities` switch: libxml2's HTML parser reads no internal subset). A page over
`MAX_HTML_CHARS` or with more than `MAX_ELEMENTS` elements is refused in one line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any, TypeAlias

import lxml.html  # type: ignore[import-untyped]
from lxml import etree

from reader.errors import PageError
from reader.text.clean import clean_text, has_controls

__all__ = [
    "MAX_BLOCK_CHARS",
    "MAX_ELEMENTS",
    "MAX_HTML_CHARS",
    "Element",
    "PageTexts",
    "is_boilerplate",
    "normal_text",
    "parse_html_tree",
    "saved_from_urls",
    "without_comments",
]

# A news page is a few thousand elements and rarely over 5 MB of HTML, even with SingleFile's
# inlined images; trafilatura takes about 0.3 s per 1,000 elements on a hostile page (of
# many small text blocks), so the element cap keeps any page to about half a minute.
MAX_HTML_CHARS = 32 * 1024 * 1024
MAX_ELEMENTS = 100_000
MAX_BLOCK_CHARS = 100_000  # longer than any paragraph, byline or caption
_TEXTLESS_TAGS = frozenset(["script", "style", "template"])

# An lxml element (lxml.html.HtmlElement, or trafilatura's output elements): lxml ships no
# type information, so this names the role, not a checked type.
Element: TypeAlias = Any


def _inert_table() -> dict[int, str]:
    """Each character `clean_text` replaces, mapped to its replacement escaped as HTML text."""
    candidates = [*range(0xA0), 0x061C, *range(0x2000, 0x2070), *range(0xD800, 0xE000)]
    table: dict[int, str] = {}
    for code in candidates:
        shown = clean_text(chr(code))
        if shown != chr(code):
            table[code] = html.escape(shown, quote=False)
    return table


_INERT = _inert_table()

# Classes, ids and roles of the parts of a page around an article: nothing in them is the
# article's (figures in a "related" box, a "By ..." line in a comment). Matched as words.
_BOILERPLATE_WORDS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|footer|sidebar|related|promo|advert|ads?|cookie|"
    r"consent|newsletter|subscribe|share|social|comments?|recommended|outbrain|taboola)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)
_BOILERPLATE_TAGS = frozenset(["nav", "footer", "aside", "form", "button", "script", "style"])
# Whole-page containers: their classes describe the page ("single comments-open"), not a box.
_PAGE_TAGS = frozenset(["html", "body", "main", "article"])
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+)")
_SINGLEFILE_URL = re.compile(r"^\s*url:\s*(\S+)\s*$", re.MULTILINE)


def parse_html_tree(text: str, name: str) -> Element:
    """The page's root element, or PageError naming `name` (too big, no document, too many
    elements)."""
    if len(text) > MAX_HTML_CHARS:
        raise PageError(
            f"{name}: is an HTML page of {len(text):,} characters, over the"
            f" {MAX_HTML_CHARS:,} Reader reads"
        )
    if has_controls(text):
        text = text.translate(_INERT)
    parser = lxml.html.HTMLParser(
        encoding="utf-8", no_network=True, huge_tree=False, remove_pis=True, default_doctype=False
    )
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except etree.ParserError:  # lxml's only one: "Document is empty"
        raise PageError(f"{name}: is an HTML page with nothing in it") from None
    except (etree.XMLSyntaxError, ValueError) as error:
        raise PageError(f"{name}: is not an HTML page Reader can read ({_reason(error)})") from None
    if root is None:
        raise PageError(f"{name}: is an HTML page with nothing in it")
    count = _clean_character_references(root)
    if count > MAX_ELEMENTS:
        raise PageError(
            f"{name}: is an HTML page of {count:,} elements, over the {MAX_ELEMENTS:,} limit"
        )
    return root


def _clean_character_references(root: Element) -> int:
    """Make inert, in place, the controls that character references (`&#27;`) put into the
    tree's texts and attributes (lxml would refuse them later); return the element count."""
    count = 0
    for element in root.iter():
        count += 1
        for part in ("text", "tail"):
            value = getattr(element, part)
            if value and has_controls(value):
                setattr(element, part, clean_text(value))
        if isinstance(element.tag, str):
            for key, value in element.attrib.items():
                if has_controls(value):
                    element.attrib[key] = clean_text(value)
    return count


def _reason(error: Exception) -> str:
    return clean_text(str(error).split("\n", 1)[0][:200]) or type(error).__name__


def saved_from_urls(root: Element) -> Iterator[str]:
    """Addresses the browser wrote into the page's comments when saving it: Chrome's and
    Internet Explorer's `saved from url=(N)...`, SingleFile's `url: ...` (first comes first)."""
    for comment in root.getroottree().iter(etree.Comment):
        body = comment.text or ""
        for pattern in (_SAVED_FROM, _SINGLEFILE_URL):
            match = pattern.search(body)
            if match is not None:
                yield match.group(1)


def without_comments(root: Element) -> Element:
    """The tree with its comments and processing instructions removed (in place)."""
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    return root


def normal_text(text: str) -> str:
    """Runs of whitespace (no-break spaces too) made one space, ends stripped."""
    return " ".join(text.split())


class PageTexts:
    """Each element's text with its descendants' (scripts and styles left out), whitespace
    made single spaces: computed for the whole page in one pass, since the HTML reader asks
    for the text of most elements and asking each one anew costs the depth of the tree times
    its size. An element whose text is over `MAX_BLOCK_CHARS` is no paragraph, byline or
    caption: its text is given as "" (and its ancestors' too), which also bounds the copying.
    libxml2 nests elements at most 255 deep, so the recursion is bounded.
    """

    def __init__(self, root: Element) -> None:
        self._raw: dict[Element, str | None] = {}
        self._normal: dict[Element, str] = {}
        self._fill(root)

    def __call__(self, element: Element) -> str:
        """The element's text ("" when it has none or is too long to be a block)."""
        text = self._normal.get(element)
        if text is None:
            raw = self._raw.get(element)
            text = normal_text(raw) if raw else ""
            self._normal[element] = text
        return text

    def _fill(self, element: Element) -> str | None:
        if not isinstance(element.tag, str) or element.tag in _TEXTLESS_TAGS:
            self._raw[element] = ""
            for child in element:  # a script's children (none in HTML) give nothing either
                self._fill(child)
            return ""
        parts = [element.text or ""]
        too_long = False
        for child in element:
            inner = self._fill(child)
            if inner is None:
                too_long = True
            elif not too_long:
                parts.append(inner)
            if not too_long:
                parts.append(child.tail or "")
        raw = None if too_long else "".join(parts)
        if raw is not None and len(raw) > MAX_BLOCK_CHARS:
            raw = None
        self._raw[element] = raw
        return raw


def is_boilerplate(element: Element) -> bool:
    """Whether the element sits in navigation, a footer, an aside, a comment thread, a
    related-links or sharing box, a cookie banner (itself or an ancestor)."""
    node: Element | None = element
    while node is not None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _BOILERPLATE_TAGS:
            return True
        if tag in _PAGE_TAGS:
            node = node.getparent()
            continue
        marks = " ".join(
            node.get(attribute, "") for attribute in ("class", "id", "role", "aria-label")
        )
        if marks and _BOILERPLATE_WORDS.search(marks) is not None:
            return True
        node = node.getparent()
    return False
