"""Reader JSON: the analysis `reader analyze --format json` prints, read back in (SPEC section
1: the round trip that lets other scrapers feed the reader).

A text is Reader JSON when it starts with "{" (and is not a Hacker News item). Every field is
checked, and the first wrong one is named in the error ("field comments[3].likes must be an
integer, not a string"). Unknown fields are ignored; ids given are kept, a missing one is
computed as for a saved page.

The reply tree comes back as printed: each comment's `parent` names another comment's id,
comments are put in thread order (a file from another scraper may list a reply before the
comment it answers) and each gets its depth from its parent. `source` keeps the format the
analysis was first read from ("reddit"), so a round trip gives the same analysis; a file
without one is "reader-json".

The json module parses (it reads every text it always has, lone surrogate escapes included,
and says where a syntax error is); msgspec.convert checks each field's type against the
declarations in `reader_json_fields`, and its error ("Expected `int | null`, got `str` - at
`$[3].likes`") is put in the words above. Fields are checked in one fixed order, not the
file's, so the same wrong field is named whatever order the keys come in: the order of the
calls in `_parse_json` and of each item type's fields.

This module is what the format registry needs (the name, the sniff); the reading is in
`reader_json_fields`, imported when a text is parsed.
"""

from __future__ import annotations

from reader.formats.base import start_of
from reader.formats.hacker_news import looks_like_hacker_news
from reader.model import Article

__all__ = ["READER_JSON", "ReaderJson"]


class ReaderJson:
    """The Reader JSON format (see the module docstring)."""

    name = "reader-json"
    title = "a Reader analysis"

    def sniff(self, text: str) -> bool:
        """A JSON object (the first non-space character is "{") that is no site's thread."""
        start = start_of(text)
        return start.startswith("{") and not looks_like_hacker_news(start)

    def parse(self, text: str, source: str) -> Article:
        """The analysis's article (a JSON Lines file's first), or PageError naming the first
        wrong field."""
        return self.parse_articles(text, source)[0]

    def parse_articles(self, text: str, source: str) -> tuple[Article, ...]:
        """Each analysis of the text: one JSON document, or JSON Lines (`reader analyze` of a
        file of several articles prints one line each)."""
        from reader.formats.reader_json_fields import read_reader_json  # only when parsing

        return read_reader_json(text, source)

    def parse_start(
        self, text: str, source: str, *, comments: int, prefix_chars: int
    ) -> Article | None:
        """None: JSON is read whole (a start of it is not JSON)."""
        return None


READER_JSON = ReaderJson()
