"""The input formats Reader reads, told apart by content, and the functions that read a page.

`FORMATS` is the one ordered list of formats: the first whose `sniff` says yes reads the text,
whatever the file is called (SPEC section 1b). A text that no format claims gets one line
naming the formats Reader reads. Each format is a module here (see `base.PageFormat`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from importlib.resources import files
from pathlib import Path

from reader.errors import PageError
from reader.formats.base import PageFormat, start_of
from reader.formats.ids import comment_id
from reader.formats.not_a_page import MAX_HEADLINE_CHARS
from reader.formats.page_lines import parse_likes
from reader.formats.reader_json import READER_JSON
from reader.formats.saved_page import SAVED_PAGE
from reader.model import Article
from reader.text.decode import DEFAULT_MAX_BYTES, display_path, normalise_newlines, read_page_text

__all__ = [
    "FORMATS",
    "MAX_HEADLINE_CHARS",
    "START_CHARS",
    "START_COMMENTS",
    "PageFormat",
    "comment_id",
    "format_of",
    "load_article",
    "open_page",
    "parse_likes",
    "parse_page",
    "parse_page_start",
    "sample_path",
]

# Tried in this order; messages name them in this order too. The saved page claims any text
# but JSON, so a format whose texts it would also claim (HTML, say) must come before it.
FORMATS: tuple[PageFormat, ...] = (SAVED_PAGE, READER_JSON)

# What `open_page` parses before the app shows a long page: more comments than any screen
# shows, from a start of the text of about 1,500 short comments.
START_COMMENTS = 1_000
START_CHARS = 256 * 1024


def sample_path() -> Path:
    """The bundled sample page (package data reader/data/sample.txt)."""
    return Path(str(files("reader") / "data" / "sample.txt"))


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


def parse_page(text: str, *, source: str = "<text>") -> Article:
    """Parse a text in any format Reader reads into an Article."""
    name = display_path(source)
    text = normalise_newlines(text.removeprefix("\ufeff"))
    if not text or text.isspace():  # `not text.strip()` without copying a long text
        raise PageError(f"{name}: is empty" if not text else f"{name}: holds only whitespace")
    page_format = format_of(text)
    if page_format is None:
        raise _in_no_format(text, name)
    return page_format.parse(text, name)


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
    text, warnings = read_page_text(path, max_bytes=max_bytes)
    start = parse_page_start(text, source=str(path), comments=start_comments)

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
