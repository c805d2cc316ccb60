"""A comment's HTML (a Hacker News comment, a story's text) as the plain text Reader shows.

Parsed with lxml's HTML parser (never regexes over markup), which decodes every entity and
mends broken markup, and walked with a stack of our own, so a fragment nested deeper than
Python's recursion limit reads too. What a person reading the thread sees is kept:

- `<p>`, `<div>`, `<blockquote>`, list items, headings and `<pre>` start a paragraph;
  paragraphs are joined by a blank line, `<br>` is a line break;
- a link is its text, or its address when the text is empty or the address cut short with
  "..." (as Hacker News shows a long one);
- `<pre>`/`<code>` keep their lines and spaces; elsewhere runs of spaces become one;
- scripts, styles, comments and processing instructions show nothing (text after them stays).

The result goes through `clean_text`. Control characters in the markup itself are made
inert before the parser sees them (libxml2 refuses some and cuts text at a lone surrogate),
their visible forms written as HTML text; an entity for one (`&#27;`) is decoded by the
parser and cleaned after. libxml2 keeps its limits (`huge_tree` off): markup nested deeper
than it reads is cut there, which only a hostile file does.
"""

from __future__ import annotations

import html
import re

from lxml import etree  # type: ignore[import-untyped]

from reader.text.clean import clean_text, has_controls

__all__ = ["fragment_paragraphs", "fragment_text", "plain_line"]

_PARSER = etree.HTMLParser(
    no_network=True, recover=True, remove_comments=True, remove_pis=True, default_doctype=False
)
_BLOCKS = frozenset(("p", "div", "blockquote", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2",
                    "h3", "h4", "h5", "h6", "pre", "table", "tr", "hr"))  # fmt: skip
_HIDDEN = frozenset(("script", "style", "template", "head", "title"))
_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # over text the parser gave, not over markup


def _inert_table() -> dict[int, str]:
    """Each character `clean_text` replaces, mapped to its replacement written as HTML text
    (so "<U+202E>" stays text instead of becoming a tag)."""
    codes = [*range(0xA0), 0x061C, *range(0x2000, 0x2070), *range(0xD800, 0xE000)]
    table: dict[int, str] = {}
    for code in codes:
        shown = clean_text(chr(code))
        if shown != chr(code) and code not in (0x09, 0x0A, 0x0D):
            table[code] = html.escape(shown, quote=False)
    return table


_INERT = _inert_table()


def fragment_text(markup: str) -> str:
    """The text of an HTML fragment: its paragraphs joined by "\n\n", cleaned."""
    return "\n\n".join(fragment_paragraphs(markup))


def plain_line(value: str | None) -> str:
    """A field a site stores as HTML (a title, a name) as one line of plain text."""
    return " ".join(" ".join(fragment_paragraphs(value or "")).split())


def fragment_paragraphs(markup: str) -> list[str]:
    """The paragraphs of an HTML fragment, cleaned, none empty."""
    if "<" not in markup and "&" not in markup:
        return _cleaned([_paragraph(markup.replace("\n", " "))])
    if has_controls(markup):
        markup = markup.translate(_INERT)
    try:
        root = etree.fromstring(markup, _PARSER)
    except (etree.ParserError, ValueError):  # not reached: the parser recovers from anything
        return _cleaned([_paragraph(html.unescape(markup).replace("\n", " "))])
    if root is None:
        return []
    return _cleaned(_Walk().paragraphs(root))


def _cleaned(paragraphs: list[str]) -> list[str]:
    return [clean_text(paragraph) for paragraph in paragraphs if paragraph]


def _paragraph(text: str, *, preformatted: bool = False) -> str:
    """A paragraph's text: its lines' spaces made one, or kept for `<pre>`."""
    if preformatted:
        return text.strip("\n").rstrip()
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _link_text(element: etree._Element) -> str:
    """A link as a person reads it: its text, or its address when the text is empty or
    that address cut short ("https://example.org/a/long/pa...")."""
    text = "".join(element.itertext())
    href = element.get("href") or ""
    shown = text.strip()
    if not shown or (shown.endswith("...") and href.startswith(shown[:-3])):
        return href or text
    return text


class _Walk:
    """One walk over a parsed fragment, gathering its paragraphs."""

    def __init__(self) -> None:
        self.done: list[str] = []
        self.pieces: list[str] = []  # the paragraph being read; "\n" for a <br>
        self.preformatted = 0  # how many <pre> the walk is inside

    def add(self, text: str) -> None:
        """Text from the markup: a newline in it is a space, except inside <pre>."""
        self.pieces.append(text if self.preformatted else text.replace("\n", " "))

    def flush(self) -> None:
        text = _paragraph("".join(self.pieces), preformatted=self.preformatted > 0)
        if text:
            self.done.append(text)
        self.pieces = []

    def paragraphs(self, root: etree._Element) -> list[str]:
        # (element, entering): entering opens it and queues its children, then its close.
        stack: list[tuple[etree._Element, bool]] = [(root, True)]
        while stack:
            element, entering = stack.pop()
            tag = element.tag if isinstance(element.tag, str) else ""
            if entering:
                stack.append((element, False))
                if self.open(element, tag):
                    stack.extend((child, True) for child in reversed(element))
            else:
                self.close(tag)
                if element is not root and element.tail:
                    self.add(element.tail)
        self.flush()
        return self.done

    def open(self, element: etree._Element, tag: str) -> bool:
        """Take an element's own text; whether to walk its children."""
        if tag in _BLOCKS:
            self.flush()
        if tag == "pre":
            self.preformatted += 1
        if tag == "br":
            self.pieces.append("\n")
        if tag in _HIDDEN or not tag:
            return False
        if tag == "a":
            self.add(_link_text(element))
            return False
        if element.text:
            self.add(element.text)
        return True

    def close(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.flush()
        if tag == "pre":
            self.preformatted -= 1
