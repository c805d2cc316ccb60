"""A WordPress export (WXR: Tools > Export in the site's admin), RSS 2.0 with WordPress's
`wp:` fields: one article per post or page, its comments as the reply tree (SPEC 1b).

Read as (`safe_xml` parses, refusing entity declarations and external DTDs):

- each `<item>` whose `wp:post_type` is "post" or "page", and any other item that has
  comments (an attachment's), is an article, in the file's order: `title` the headline
  ("(no title)" for an untitled draft, as WordPress itself shows it), `content:encoded` the
  paragraphs and images (`wordpress_body`), `dc:creator` the author (the login, shown by
  its `wp:author_display_name` when the export lists the author), `link` the url,
  `wp:post_date_gmt` the published time (else `pubDate`), the channel's title the outlet;
- each `wp:comment`: `wp:comment_parent` its parent (0: a reply to the post),
  `wp:comment_id` its source id, from which its Reader id is derived (`reader.formats.ids`),
  `wp:comment_date_gmt` its posted time, `wp:comment_approved` its status: "1" none, "0"
  "pending", "spam", "trash" (and "post-trashed", a trashed post's comments: "trash") as
  they are; every comment is kept and marked, none dropped. WXR has no likes: 0.

Titles, names and comments are HTML as WordPress stores them: entities are decoded and tags
read as text (`fragment_text`). A comment whose parent is not in the export is shown as a
reply to the post, with a warning.

This module is what the format registry needs (the name, the sniff); the reading, with lxml
and email, is in `wordpress_items`, imported when an export is parsed.
"""

from __future__ import annotations

import re

from reader.formats.base import start_of
from reader.model import Article

__all__ = ["WORDPRESS", "WordPress"]

_SNIFF_CHARS = 64 * 1024
_RSS = re.compile(r"<rss[\s>]")
_NAMESPACE = "//wordpress.org/export/"


class WordPress:
    """The WordPress export format (see the module docstring)."""

    name = "wordpress"
    title = "a WordPress export"

    def sniff(self, text: str) -> bool:
        """XML with an `<rss>` root and WordPress's export namespace near its start."""
        if not start_of(text).startswith("<"):
            return False
        head = text[:_SNIFF_CHARS]
        return _NAMESPACE in head and _RSS.search(head) is not None

    def parse(self, text: str, source: str) -> Article:
        """The export's first post (`parse_articles` gives them all)."""
        return self.parse_articles(text, source)[0]

    def parse_articles(self, text: str, source: str) -> tuple[Article, ...]:
        """Every post and page with its comments, in the file's order, or PageError."""
        from reader.formats.wordpress_items import read_wordpress  # lxml: only when parsing

        return read_wordpress(text, source)

    def parse_start(
        self, text: str, source: str, *, comments: int, prefix_chars: int
    ) -> Article | None:
        """None: XML is read whole."""
        return None


WORDPRESS = WordPress()
