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
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import replace
from datetime import datetime, timezone

from reader.errors import PageError
from reader.formats.base import start_of
from reader.formats.flat_replies import FlatReply, replies_in_thread_order
from reader.formats.fragment_text import fragment_paragraphs
from reader.formats.safe_xml import (
    Element,
    children_named,
    fields_of,
    local_name,
    parse_export_xml,
)
from reader.formats.thread_json import utc_time
from reader.formats.wordpress_body import comment_paragraphs, post_body
from reader.model import Article
from reader.text.clean import clean_text

__all__ = ["WORDPRESS", "WordPress", "plain_line"]

_SNIFF_CHARS = 64 * 1024
_RSS = re.compile(r"<rss[\s>]")
_NAMESPACE = "//wordpress.org/export/"
_CONTENT_NAMESPACE = "purl.org/rss/1.0/modules/content/"
_ARTICLE_TYPES = frozenset(("post", "page"))
_STATUS = {"1": None, "approve": None, "0": "pending", "hold": "pending", "spam": "spam",
           "trash": "trash", "post-trashed": "trash"}  # fmt: skip
_NO_TITLE = "(no title)"


def plain_line(value: str | None) -> str:
    """A field WordPress stores as HTML (a title, a name) as one line of plain text."""
    return " ".join(" ".join(fragment_paragraphs(value or "")).split())


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
        root = parse_export_xml(text, source, self.title)
        channel = next(children_named(root, "channel"), None)
        if local_name(root) != "rss" or channel is None:
            raise PageError(f"{source}: is XML but not {self.title} (no <rss><channel>)")
        site = plain_line(fields_of(channel).get("title")) or None
        names = _author_names(channel)
        articles = tuple(
            _article(item, source, site, names)
            for item in children_named(channel, "item")
            if _is_article(item)
        )
        if not articles:
            raise PageError(f"{source}: is {self.title} with no posts or pages in it")
        return articles

    def parse_start(
        self, text: str, source: str, *, comments: int, prefix_chars: int
    ) -> Article | None:
        """None: XML is read whole."""
        return None


WORDPRESS = WordPress()


def _is_article(item: Element) -> bool:
    post_type = (fields_of(item).get("post_type") or "post").strip()
    return post_type in _ARTICLE_TYPES or next(children_named(item, "comment"), None) is not None


def _author_names(channel: Element) -> dict[str, str]:
    """Each author's login -> display name, from the channel's `wp:author` list."""
    names: dict[str, str] = {}
    for author in children_named(channel, "author"):
        fields = fields_of(author)
        login = (fields.get("author_login") or "").strip()
        shown = plain_line(fields.get("author_display_name"))
        if login and shown:
            names[login] = shown
    return names


def _gmt(value: str | None) -> str | None:
    """WordPress's "2016-01-02 03:04:05" GMT as ISO 8601 UTC; None for "0000-00-00 ..."."""
    try:
        moment = datetime.strptime((value or "").strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _rfc822(value: str | None) -> str | None:
    """RSS's `pubDate` ("Sat, 02 Jan 2016 03:04:05 +0000") as ISO 8601 UTC, or None."""
    try:
        moment = email.utils.parsedate_to_datetime((value or "").strip())
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        return utc_time(int(moment.timestamp()))
    except (OverflowError, OSError, ValueError):
        return None


def _content(item: Element) -> str:
    """`content:encoded` (an item's `excerpt:encoded` has the same local name)."""
    for element in children_named(item, "encoded"):
        if _CONTENT_NAMESPACE in str(element.tag):
            return "".join(element.itertext())
    return ""


def _comment(element: Element) -> FlatReply:
    fields = fields_of(element)
    source_id = clean_text((fields.get("comment_id") or "").strip()) or None
    parent = clean_text((fields.get("comment_parent") or "").strip())
    approved = (fields.get("comment_approved") or "1").strip()
    status = _STATUS.get(approved, clean_text(approved)[:40] or None)
    return FlatReply(
        source_id=source_id,
        parent_id=None if parent in ("", "0") else parent,
        author=plain_line(fields.get("comment_author")),
        text="\n\n".join(comment_paragraphs(fields.get("comment_content") or "")),
        posted=_gmt(fields.get("comment_date_gmt")),
        status=status,
    )


def _article(item: Element, name: str, site: str | None, names: dict[str, str]) -> Article:
    fields = fields_of(item)
    replies = [_comment(element) for element in children_named(item, "comment")]
    comments, orphans = replies_in_thread_order(replies, WORDPRESS.name, name)
    paragraphs, images = post_body(_content(item))
    login = (fields.get("creator") or "").strip()
    author = names.get(login) or plain_line(login)
    link = " ".join(clean_text(fields.get("link") or "").split())
    article = Article(
        headline=plain_line(fields.get("title")) or _NO_TITLE,
        authors=(author,) if author else (),
        outlet=site,
        published=_gmt(fields.get("post_date_gmt")) or _rfc822(fields.get("pubDate")),
        paragraphs=paragraphs,
        images=images,
        comments=comments,
        url=link or None,
        source=WORDPRESS.name,
    )
    if orphans:
        warning = (
            f'{name}: {orphans} comment(s) of "{article.headline[:60]}" reply to a comment '
            "not in the export; shown as replies to the post"
        )
        article = replace(article, warnings=(warning,))
    return article
