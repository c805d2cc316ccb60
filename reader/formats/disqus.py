"""A Disqus export (the site admin's Community > Export, mailed as XML): one article per
thread, its posts as the reply tree (SPEC 1b).

The file is a `<disqus>` root holding `<category>`, `<thread dsq:id>` and `<post dsq:id>`
elements side by side; each post names its thread (`<thread dsq:id="..."/>`) and, when it
is a reply, its parent (`<parent dsq:id="..."/>`). Read as (`safe_xml` parses, refusing
entity declarations and external DTDs):

- each thread that has posts is an article, in the file's order (Disqus makes a thread for
  every page a visitor opened, so most have none; a file whose threads all have none gives
  them all): `title` the headline (its `link` when it has none), `message` (HTML) the
  paragraphs, `link` the url, `createdAt` the published time;
- each post: `message` (HTML) its text (`fragment_text`), `author/name` its author,
  `createdAt` its posted time, its `dsq:id` its source id, from which its Reader id is
  derived (`reader.formats.ids`); `isSpam` gives status "spam", else `isDeleted` "deleted":
  both are kept with their text and marked, never dropped. Disqus exports no likes: 0.

A reference by the element's text instead of `dsq:id` (`<thread>1</thread>`, naming the
thread's `<id>`; Disqus's import format) is read too. Posts whose thread is not in the file,
and replies whose parent is not in their thread, are said in a warning (the replies shown
as replies to the article).

This module is what the format registry needs (the name, the sniff); the reading, with lxml,
is in `disqus_threads`, imported when an export is parsed.
"""

from __future__ import annotations

import re

from reader.formats.base import start_of
from reader.model import Article

__all__ = ["DISQUS", "Disqus"]

_SNIFF_CHARS = 64 * 1024
_ROOT = re.compile(r"<disqus[\s>/]")


class Disqus:
    """The Disqus export format (see the module docstring)."""

    name = "disqus"
    title = "a Disqus export"

    def sniff(self, text: str) -> bool:
        """XML with a `<disqus>` root near its start."""
        if not start_of(text).startswith("<"):
            return False
        return _ROOT.search(text, 0, _SNIFF_CHARS) is not None

    def parse(self, text: str, source: str) -> Article:
        """The export's first thread (`parse_articles` gives them all)."""
        return self.parse_articles(text, source)[0]

    def parse_articles(self, text: str, source: str) -> tuple[Article, ...]:
        """Every thread with posts, with its reply tree, in the file's order, or PageError."""
        from reader.formats.disqus_threads import read_disqus  # lxml: only when parsing

        return read_disqus(text, source)

    def parse_start(
        self, text: str, source: str, *, comments: int, prefix_chars: int
    ) -> Article | None:
        """None: XML is read whole."""
        return None


DISQUS = Disqus()
