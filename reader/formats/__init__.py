"""The input formats Reader reads, told apart by content, and the functions that read a page.

`FORMATS` is the one ordered list of formats: the first whose `sniff` says yes reads the text,
whatever the file is called (SPEC section 1b). A text that no format claims gets one line
naming the formats Reader reads. Each format is a module here (see `base.PageFormat`).

A file can hold several articles (a WordPress or Disqus export: `base.ArticlesFormat`):
`load_articles`/`parse_articles`/`open_pages` give them all, `load_article`/`parse_page`/
`open_page` the first (for callers of one article).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from reader.errors import PageError
from reader.formats.base import ArticlesFormat, PageFormat, articles_of, start_of
from reader.formats.disqus import DISQUS
from reader.formats.hacker_news import HACKER_NEWS
from reader.formats.html import SAVED_HTML
from reader.formats.ids import comment_id
from reader.formats.mhtml import MHTML
from reader.formats.not_a_page import MAX_HEADLINE_CHARS
from reader.formats.page_lines import parse_likes
from reader.formats.reader_json import READER_JSON
from reader.formats.reddit import REDDIT
from reader.formats.saved_page import SAVED_PAGE
from reader.formats.wordpress import WORDPRESS
from reader.model import Article
from reader.text.decode import (
    DEFAULT_MAX_BYTES,
    decode_page_bytes,
    decode_page_start,
    display_path,
    normalise_newlines,
    read_page_bytes,
    read_page_text,
)

__all__ = [
    "FORMATS",
    "MAX_HEADLINE_CHARS",
    "START_BYTES",
    "START_CHARS",
    "START_COMMENTS",
    "ArticlesFormat",
    "PageFormat",
    "comment_id",
    "format_of",
    "load_article",
    "load_articles",
    "open_page",
    "open_pages",
    "parse_articles",
    "parse_likes",
    "parse_page",
    "parse_page_start",
    "sample_path",
    "starts_a_saved_page",
]

# Tried in this order; messages name them in this order too. The saved page claims any text
# but JSON, so a format whose texts it would also claim (HTML, say) must come before it.
FORMATS: tuple[PageFormat, ...] = (
    WORDPRESS, DISQUS, SAVED_HTML, MHTML, SAVED_PAGE, READER_JSON, REDDIT, HACKER_NEWS
)

# What `open_page` parses before the app shows a long page: more comments than any screen
# shows, from a start of the text of about 1,500 short comments.
START_COMMENTS = 1_000
START_CHARS = 256 * 1024
# A long saved page's start is decoded from this many bytes for the first frame (the whole
# page after it): enough for START_CHARS twice over, as `parse_page_start` needs.
START_BYTES = 4 * START_CHARS


def sample_path() -> Path:
    """The bundled sample page (package data reader/data/sample.txt)."""
    # Beside the package's modules, as every install but a zip import has it; not
    # importlib.resources, whose import (2 ms) the first frame would wait for.
    return Path(__file__).resolve().parent.parent / "data" / "sample.txt"


def format_of(text: str) -> PageFormat | None:
    """The first format of `FORMATS` whose sniff claims the text, or None."""
    for page_format in FORMATS:
        if page_format.sniff(text):
            return page_format
    return None


def load_article(path: Path | str, *, max_bytes: int | None = DEFAULT_MAX_BYTES) -> Article:
    """Read, decode and parse a page in any format; raise PageError naming `path`."""
    text, warnings = read_page_text(path, max_bytes=max_bytes)
    article = parse_page(text, source=str(path))
    if warnings:
        article = replace(article, warnings=warnings + article.warnings)
    return article


def load_articles(
    path: Path | str, *, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> tuple[Article, ...]:
    """Every article of a file in any format (one for most); raise PageError naming `path`."""
    text, warnings = read_page_text(path, max_bytes=max_bytes)
    return _with_warnings(parse_articles(text, source=str(path)), warnings)


def _with_warnings(articles: tuple[Article, ...], warnings: tuple[str, ...]) -> tuple[Article, ...]:
    """The file's warnings (invalid UTF-8 replaced) before each article's own."""
    if not warnings:
        return articles
    return tuple(replace(article, warnings=warnings + article.warnings) for article in articles)


def parse_page(text: str, *, source: str = "<text>") -> Article:
    """Parse a text in any format Reader reads into an Article (a file of several articles
    gives its first: see `parse_articles`)."""
    text, name, page_format = _prepared(text, source)
    return page_format.parse(text, name)


def parse_articles(text: str, *, source: str = "<text>") -> tuple[Article, ...]:
    """Every article of a text in any format Reader reads, in the file's order."""
    text, name, page_format = _prepared(text, source)
    return articles_of(page_format, text, name)


def _prepared(text: str, source: str) -> tuple[str, str, PageFormat]:
    """(the text without BOM, newlines "\n"; the name messages show; its format), or
    PageError for an empty text or one in no format."""
    name = display_path(source)
    text = normalise_newlines(text.removeprefix("\ufeff"))
    if not text or text.isspace():  # `not text.strip()` without copying a long text
        raise PageError(f"{name}: is empty" if not text else f"{name}: holds only whitespace")
    page_format = format_of(text)
    if page_format is None:
        raise _in_no_format(text, name)
    return text, name, page_format


def parse_page_start(
    text: str,
    *,
    source: str = "<text>",
    comments: int = START_COMMENTS,
    prefix_chars: int = START_CHARS,
) -> Article | None:
    """The first `comments` comments of a long page, exactly as `parse_page` gives them, for
    the app to show while the whole page is parsed; None when that saves nothing (a short
    page, a format read only whole, a text in no format: see `PageFormat.parse_start`)."""
    text = text.removeprefix("\ufeff")
    if not text or text.isspace():
        return None
    page_format = format_of(text)
    if page_format is None:
        return None
    return page_format.parse_start(
        text, display_path(source), comments=comments, prefix_chars=prefix_chars
    )


def open_page(
    path: Path | str,
    *,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    start_comments: int = START_COMMENTS,
) -> tuple[Article, Callable[[], Article] | None]:
    """Read a page for the app: (article, None), or, for a long page, (its first comments,
    a function that parses the whole of it) so the app can show the start at once.

    Every error a reader can make (a missing, undecodable or malformed file) is raised here,
    as PageError naming `path`; the whole-page parse after a start only adds comments.
    """
    return open_pages(path, max_bytes=max_bytes, start_comments=start_comments)[0]


def open_pages(
    path: Path | str,
    *,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    start_comments: int = START_COMMENTS,
) -> tuple[tuple[Article, Callable[[], Article] | None], ...]:
    """`open_page` for every article of a file: each article read whole, for a file of
    several (an export, which is read whole anyway); one `open_page` result for the rest."""
    data, name = read_page_bytes(path, max_bytes=max_bytes)
    started = _long_page_start(data, name, str(path), start_comments)
    if started is not None:
        return (started,)
    text, warnings = decode_page_bytes(data, name)
    del data
    if isinstance(format_of(text.removeprefix("\ufeff")), ArticlesFormat):
        articles = _with_warnings(parse_articles(text, source=str(path)), warnings)
        return tuple((article, None) for article in articles)
    return (_opened(text, warnings, str(path), start_comments),)


def starts_a_saved_page(start: str) -> bool:
    """Whether a text starting with `start` is a saved page, told from the start alone: the
    saved page's sniff reads the end only of a text starting with "[", and every other
    format's sniff reads the start."""
    head = start.removeprefix("\ufeff")
    return not start_of(head).startswith("[") and format_of(head) is SAVED_PAGE


def _long_page_start(
    data: bytes, name: str, path: str, start_comments: int
) -> tuple[Article, Callable[[], Article]] | None:
    """A long saved page's first comments from a start of its bytes, and a function that
    decodes and parses the whole (after the app's first frame); None when the start cannot
    stand for the whole (see `decode_page_start`) or the page is not a saved page."""
    start_text = decode_page_start(data, name, START_BYTES)
    if start_text is None:
        return None
    if not starts_a_saved_page(start_text):
        return None  # a format read only whole
    start = parse_page_start(start_text, source=path, comments=start_comments)
    if start is None:
        return None

    def whole() -> Article:
        text, warnings = decode_page_bytes(data, name)
        article = parse_page(text, source=path)
        return replace(article, warnings=warnings + article.warnings) if warnings else article

    return start, whole


def _opened(
    text: str, warnings: tuple[str, ...], path: str, start_comments: int
) -> tuple[Article, Callable[[], Article] | None]:
    """What `open_page` gives for a text read from `path`."""
    start = parse_page_start(text, source=path, comments=start_comments)

    def whole() -> Article:
        article = parse_page(text, source=str(path))
        return replace(article, warnings=warnings + article.warnings) if warnings else article

    if start is None:
        return whole(), None
    return start, whole


def _in_no_format(text: str, name: str) -> PageError:
    """One line naming the formats Reader reads (and saying so when the text is a JSON list,
    the one kind of text that no format claims today)."""
    formats = " or ".join(page_format.title for page_format in FORMATS)
    if start_of(text).startswith("["):
        return PageError(f"{name}: is a JSON list, not {formats}")
    return PageError(f"{name}: is in none of the formats Reader reads ({formats})")
