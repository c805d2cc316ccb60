"""What a saved HTML page shows around its body, read with lxml from the page itself: where the
article sits, its headline, the byline line and the date as the page writes them, and its
address. trafilatura reads some of these too, but drops the byline line and turns the date
into ISO; a reader of the page sees the page's own words.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from reader.formats.byline import looks_like_byline
from reader.formats.html_tree import Element, PageTexts, is_boilerplate, saved_from_urls
from reader.formats.page_lines import MAX_META_CHARS

__all__ = [
    "BLOCK_TAGS",
    "block_elements",
    "find_byline",
    "find_headline",
    "find_published",
    "find_url",
    "place_body",
]

# Elements that hold a block of text; their text is compared with trafilatura's blocks.
BLOCK_TAGS = frozenset(
    ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt", "td", "th",
     "div", "section", "span", "address", "figcaption"]
)  # fmt: skip
# Classes of an element holding the author names without "By " (Firefox's reader view writes
# them in `reader-credits`).
_BYLINE_MARKS = ("byline", "reader-credits")
_DATE_MARKS = ("date", "published", "timestamp", "posted", "pubdate")


def block_elements(root: Element, texts: PageTexts) -> Iterator[tuple[Element, str]]:
    """Each block element under `root` in document order, with its text (non-empty)."""
    for element in root.iter(*BLOCK_TAGS):
        text = texts(element)
        if text:
            yield element, text


def place_body(
    root: Element, texts: PageTexts, body_texts: Iterable[str]
) -> tuple[Element, set[str]]:
    """Where trafilatura's blocks stand in the page: the smallest element holding every one
    that stands outside boilerplate (the `<article>` of a news page; `<body>` when none
    does), and the texts that stand only in boilerplate (a newsletter box it kept)."""
    wanted = set(body_texts)
    common: list[Element] | None = None
    in_article: set[str] = set()
    in_boilerplate: set[str] = set()
    for element, text in block_elements(root, texts):
        if text not in wanted:
            continue
        if is_boilerplate(element):
            in_boilerplate.add(text)
            continue
        in_article.add(text)
        chain = [element, *element.iterancestors()][::-1]  # from the root down
        if common is None:
            common = chain
        else:
            depth = 0
            while depth < min(len(common), len(chain)) and common[depth] is chain[depth]:
                depth += 1
            common = common[:depth]
    if common:
        return common[-1], in_boilerplate - in_article
    body = root.find("body")
    return (body if body is not None else root), in_boilerplate - in_article


_WIDENING_STEPS = 4


def _widening(start: Element) -> Iterator[Element]:
    """The start element, a few of its ancestors, then the whole page: the search for a
    headline, byline or date begins in the article and widens only as far as it must (in a
    bounded number of steps, so a deeply nested page costs a few passes, not one a level)."""
    yield start
    holder = start
    for _ in range(_WIDENING_STEPS):
        parent = holder.getparent()
        if parent is None:
            return
        holder = parent
        yield holder
    yield holder.getroottree().getroot()


def find_headline(scope: Element, texts: PageTexts) -> tuple[Element, str] | None:
    """The nearest `<h1>` to the article that is not in navigation or a footer."""
    for holder in _widening(scope):
        for heading in holder.iter("h1"):
            text = texts(heading)
            if text and not is_boilerplate(heading):
                return heading, text
    return None


def find_byline(scope: Element, texts: PageTexts) -> tuple[Element, str] | None:
    """The byline line ("By A and B, Role For Outlet") nearest the article: the innermost
    element whose whole text is one; else a short element classed as a byline."""
    for holder in _widening(scope):
        found = _by_line(holder, texts) or _byline_class(holder, texts)
        if found is not None:
            return found
    return None


def _by_line(holder: Element, texts: PageTexts) -> tuple[Element, str] | None:
    candidates = [
        (element, text)
        for element, text in block_elements(holder, texts)
        if looks_like_byline(text) and not is_boilerplate(element)
    ]
    for element, text in candidates:
        if not any(other is not element and _contains(element, other) for other, _ in candidates):
            return element, text
    return None


def _contains(outer: Element, inner: Element) -> bool:
    return any(ancestor is outer for ancestor in inner.iterancestors())


def _byline_class(holder: Element, texts: PageTexts) -> tuple[Element, str] | None:
    for element in holder.iter():
        classes = (element.get("class") or "").lower()
        if any(mark in classes for mark in _BYLINE_MARKS) and not is_boilerplate(element):
            text = texts(element)
            if text and len(text) <= MAX_META_CHARS:
                return element, text
    return None


def find_published(scope: Element, texts: PageTexts) -> tuple[Element, str] | None:
    """The date as the page shows it: the text of the nearest `<time>`, else of a short
    element classed as a date ("dateline", "published", "timestamp") with a digit in it."""
    for holder in _widening(scope):
        for element in holder.iter("time"):
            text = texts(element)
            if text and len(text) <= MAX_META_CHARS and not is_boilerplate(element):
                return element, text
        for element in holder.iter():
            marks = f"{element.get('class') or ''} {element.get('itemprop') or ''}".lower()
            if any(mark in marks for mark in _DATE_MARKS) and not is_boilerplate(element):
                text = texts(element)
                if 0 < len(text) <= MAX_META_CHARS and any(char.isdigit() for char in text):
                    return element, text
    return None


def find_url(root: Element) -> str | None:
    """The page's own address: its canonical link, og:url, the address the browser wrote
    into the saved file's comments, or the link a saved reader view names its site by."""
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return str(link.get("href")).strip() or None
    for meta in root.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "og:url":
            content = (meta.get("content") or "").strip()
            if content:
                return content
    saved_from = next(saved_from_urls(root), None)
    if saved_from is not None:
        return saved_from
    for link in root.iter("a"):
        if "reader-domain" in (link.get("class") or "").split() and link.get("href"):
            return str(link.get("href")).strip() or None
    return None
