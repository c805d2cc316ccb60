"""A saved HTML page (the browser's `Save page as`, SingleFile, a saved reader view) read as an
article (SPEC section 1b): headline, byline and authors, published, body paragraphs, images
with their captions where they stood, and the page's address. No comments: sites load them
by script, so a saved page holds none (`--comments` takes them from another file).

trafilatura finds the body (`html_body`); the page's own tree gives what it drops or rewrites
(`html_meta`: headline, the byline line, the date as written; `html_figures`: figures).
Decisions:

- Published is the date as the page shows it (the nearest `<time>`, or a short element
  classed as a date), as SPEC section 1 keeps "4 days ago" as written; only a page that shows
  none gets trafilatura's ISO date from its metadata ("2026-10-03").
- The body leaves out the headline, the byline and date lines, figure captions, a pull quote
  that repeats a paragraph, and blocks that stand only in boilerplate trafilatura kept (a
  newsletter box inside the article); subheadings and list items are paragraphs of their own.
- The byline is the line as written without "By "; a page with no such line has byline null
  and its authors from the page's metadata.
- Nothing is fetched: trafilatura gets the parsed tree, never a URL (tests/test_no_network.py).

This module is what the format registry needs (the name, the sniff); the reading, with lxml
and trafilatura, is in `html_article`, imported when a page is parsed.
"""

from __future__ import annotations

from reader.formats.base import start_of
from reader.model import Article

__all__ = ["SAVED_HTML", "SavedHtml", "looks_like_html"]

_SNIFF_CHARS = 2048


def looks_like_html(text: str) -> bool:
    """An HTML document: it starts with markup and, near its start, has `<!doctype html` or
    `<html` (after any comment a browser or SingleFile wrote first)."""
    start = start_of(text)[:_SNIFF_CHARS].lower()
    return start.startswith("<") and ("<!doctype html" in start or "<html" in start)


class SavedHtml:
    """The saved HTML page format (see the module docstring)."""

    name = "html"
    title = "a saved HTML page"

    def sniff(self, text: str) -> bool:
        """Markup with an HTML doctype or `<html>` tag near its start (`looks_like_html`)."""
        return looks_like_html(text)

    def parse(self, text: str, source: str) -> Article:
        """The page's article, or PageError naming `source` in one line."""
        from reader.formats.html_article import read_html  # lxml: only when parsing

        return read_html(text, source, source_name=self.name)

    def parse_start(
        self, text: str, source: str, *, comments: int, prefix_chars: int
    ) -> Article | None:
        """None: a page is read whole (it has no comments to show first)."""
        return None


SAVED_HTML = SavedHtml()
