"""What an input format is to Reader: a name, a cheap test of the content, and a parser.

Reader tells formats apart by what a text holds, never by the file's name (SPEC section 1b):
`reader.formats.FORMATS` lists them and the first whose `sniff` says yes parses the text.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from reader.model import Article

__all__ = ["ArticlesFormat", "PageFormat", "articles_of", "start_of"]


class PageFormat(Protocol):
    """One input format. Sniffing is cheap and never raises; parsing raises PageError only.

    The text handed to `sniff` and `parse_start` has had its BOM removed; the text handed to
    `parse` has also had its line endings made "\\n" and is known to hold a non-space
    character. `source` is the file's name as messages show it, already made printable.
    """

    name: str  # the format's SPEC `source` value, e.g. "saved-page"
    title: str  # how a message names the format to a person, e.g. "a saved news page"

    def sniff(self, text: str) -> bool:
        """Whether the text looks like this format, from its start (a few kilobytes)."""

    def parse(self, text: str, source: str) -> Article:
        """The whole text as an Article, or PageError "{source}: {problem}" in one line."""

    def parse_start(
        self, text: str, source: str, *, comments: int, prefix_chars: int
    ) -> Article | None:
        """The first `comments` comments of a long text exactly as `parse` gives them, from a
        start of it about `prefix_chars` long, for the app to show at once; None when that
        saves nothing or the format can only be read whole."""


@runtime_checkable
class ArticlesFormat(PageFormat, Protocol):
    """A format whose file can hold several articles (a WordPress or Disqus export): `parse`
    gives the first, so every caller of one article still works; `parse_articles` all."""

    def parse_articles(self, text: str, source: str) -> tuple[Article, ...]:
        """Every article of the text, in the file's order (at least one), or PageError."""


def articles_of(page_format: PageFormat, text: str, source: str) -> tuple[Article, ...]:
    """Every article a format reads from a text: a format of one article gives that one."""
    if isinstance(page_format, ArticlesFormat):
        return page_format.parse_articles(text, source)
    return (page_format.parse(text, source),)


def start_of(text: str) -> str:
    """The text from its first non-space character: the first 4 KiB or so, or all of it when
    those are all spaces (cheap on a long text, where `text.lstrip()` would copy it)."""
    return text[:4096].lstrip() or text.lstrip()
