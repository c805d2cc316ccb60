"""The article in an HTML document (the reading `reader.formats.html` describes), for a saved
HTML page and an MHTML archive's page: imported when a page is parsed, so sniffing a text
never loads lxml or trafilatura.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.errors import PageError
from reader.formats.byline import split_byline
from reader.formats.html_body import Block, Extracted, cleaned, extract_article
from reader.formats.html_figures import captions_in, figures_in
from reader.formats.html_meta import (
    find_byline,
    find_headline,
    find_published,
    find_url,
    place_body,
)
from reader.formats.html_tree import Element, PageTexts, parse_html_tree, without_comments
from reader.formats.not_a_page import MAX_HEADLINE_CHARS
from reader.model import Article
from reader.text.clean import clean_text

__all__ = ["read_html"]

_QUOTE_MARKS = "\"'“”‘’«»„‚ "


def read_html(
    text: str, name: str, *, source_name: str = "html", fallback_url: str | None = None
) -> Article:
    """The article in an HTML document; `source_name` is the SPEC `source` it is given and
    `fallback_url` the address used when the page names none (an MHTML archive's)."""
    page_url, root = _url_and_tree(parse_html_tree(text, name))
    extracted = extract_article(root, name)
    texts = PageTexts(root)
    scope, boilerplate = place_body(root, texts, (block.text for block in extracted.blocks))
    headline_found = find_headline(scope, texts)
    if headline_found is not None:
        scope = _holding_both(scope, headline_found[0])
    headline = cleaned(headline_found[1] if headline_found else extracted.title) or ""
    if not headline:
        raise PageError(f"{name}: is an HTML page with no headline (no <h1> or <title>)")
    byline_found = find_byline(scope, texts)
    published_found = find_published(scope, texts)
    left_out = {
        headline_found[1] if headline_found else "",
        byline_found[1] if byline_found else "",
        published_found[1] if published_found else "",
        *captions_in(scope, texts),
        *boilerplate,
    }
    paragraphs = _body(extracted.blocks, left_out)
    if not paragraphs:
        raise PageError(f"{name}: is an HTML page with no article text Reader can find")
    byline, authors, outlet = _byline(byline_found, extracted)
    published = cleaned(published_found[1]) if published_found else cleaned(extracted.date)
    return Article(
        headline=_capped(headline),
        byline=byline,
        authors=authors,
        outlet=outlet,
        published=published,
        paragraphs=tuple(clean_text(paragraph) for paragraph in paragraphs),
        images=figures_in(scope, texts, paragraphs),
        url=cleaned(page_url or extracted.url or fallback_url),
        source=source_name,
    )


def _url_and_tree(root: Element) -> tuple[str | None, Element]:
    """The page's address (read before the comments that may hold it go) and the tree
    without comments, which trafilatura does not expect."""
    url = find_url(root)
    return url, without_comments(root)


def _holding_both(scope: Element, other: Element) -> Element:
    """The smallest element holding `scope` and `other` (the body and its headline)."""
    ancestors = [scope, *scope.iterancestors()]
    for holder in [other, *other.iterancestors()]:
        if any(holder is ancestor for ancestor in ancestors):
            return holder
    return scope


def _body(blocks: Sequence[Block], left_out: set[str]) -> list[str]:
    """The body's paragraph texts: blocks that are not the headline, byline, date or a
    caption, nor a pull quote repeating another paragraph, nor a repeat of an earlier one."""
    texts = [block.text for block in blocks]
    kept: list[str] = []
    seen: set[str] = set()
    for block in blocks:
        text = block.text
        if text in left_out or text in seen:
            continue
        if block.kind == "quote" and _repeats_another(text, texts):
            continue
        seen.add(text)
        kept.append(text)
    return kept


def _repeats_another(text: str, texts: Sequence[str]) -> bool:
    core = text.strip(_QUOTE_MARKS)
    return bool(core) and any(other != text and core in other for other in texts)


def _byline(
    found: tuple[Element, str] | None, extracted: Extracted
) -> tuple[str | None, tuple[str, ...], str | None]:
    """(byline as written without "By ", authors, outlet): from the page's byline line when
    it has one, else only the authors its metadata names."""
    if found is None:
        named = (cleaned(author) for author in extracted.authors)
        return None, tuple(author for author in named if author), None
    line = found[1]
    written = line[3:].strip() if line.startswith("By ") else line
    byline, authors, outlet = split_byline(clean_text(written))
    return byline or None, authors, outlet


def _capped(headline: str) -> str:
    """A headline no longer than a saved page's may be (a hostile `<h1>` can be megabytes)."""
    if len(headline) <= MAX_HEADLINE_CHARS:
        return headline
    return headline[: MAX_HEADLINE_CHARS - 1] + "…"
