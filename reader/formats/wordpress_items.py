"""A WordPress export's items read into articles (the reading `reader.formats.wordpress`
describes): imported when an export is parsed, so sniffing a text never loads lxml or email.
"""

from __future__ import annotations

import email.utils
from dataclasses import replace
from datetime import datetime, timezone

from reader.errors import PageError
from reader.formats.flat_replies import FlatReply, replies_in_thread_order
from reader.formats.fragment_text import plain_line
from reader.formats.safe_xml import (
    Element,
    children_named,
    export_records,
    fields_of,
    local_name,
    text_of,
)
from reader.formats.thread_json import utc_time
from reader.formats.wordpress import WORDPRESS
from reader.formats.wordpress_body import comment_paragraphs, post_body
from reader.model import Article
from reader.text.clean import clean_text

__all__ = ["read_wordpress"]

_CONTENT_NAMESPACE = "purl.org/rss/1.0/modules/content/"
_ARTICLE_TYPES = frozenset(("post", "page"))
_STATUS = {"1": None, "approve": None, "0": "pending", "hold": "pending", "spam": "spam",
           "trash": "trash", "post-trashed": "trash"}  # fmt: skip
_NO_TITLE = "(no title)"


def read_wordpress(text: str, source: str) -> tuple[Article, ...]:
    """Every post and page with its comments, in the file's order, or PageError.

    Each of the channel's elements is read as the parser reaches it and freed (the tree of
    an export is several times its size): an item is made its article at once."""
    title = WORDPRESS.title
    channel = _Channel(source)
    for record in export_records(text, source, title, "rss", within="channel"):
        channel.add(record)
    articles = channel.articles()
    if not articles:
        raise PageError(f"{source}: is {title} with no posts or pages in it")
    return articles


class _Channel:
    """The channel read so far: its title and authors, and its items' articles.

    The title and the `wp:author` list come before the items in any export WordPress makes,
    but a file may put them after: an article is made with what is known when its item is
    read, and its outlet and author made again at the end where they came out otherwise. A
    bad item's error (a loop of replies) waits for the end too, so that a file that is not
    well-formed further on is said to be that, as when the tree was read whole."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.site: str | None = None
        self.titled = False  # the channel's first `title` was read (a later one is not)
        self.names: dict[str, str] = {}  # an author's login -> display name
        self.read: list[tuple[Article, str]] = []  # (an article, its item's `dc:creator`)
        self.error: PageError | None = None  # the first item's that could not be read

    def add(self, record: Element) -> None:
        name = local_name(record)
        if name == "item":
            if self.error is None and _is_article(record):
                try:
                    self.read.append(_article(record, self.source, self.site, self.names))
                except PageError as error:
                    self.error = error
        elif name == "author":
            _add_author(record, self.names)
        elif name == "title" and not self.titled:
            self.titled = True
            self.site = plain_line(text_of(record)) or None

    def articles(self) -> tuple[Article, ...]:
        if self.error is not None:
            raise self.error
        articles: list[Article] = []
        for article, login in self.read:
            author = self.names.get(login) or plain_line(login)
            authors = (author,) if author else ()
            if article.outlet != self.site or article.authors != authors:
                article = replace(article, outlet=self.site, authors=authors)
            articles.append(article)
        return tuple(articles)


def _is_article(item: Element) -> bool:
    post_type = (fields_of(item).get("post_type") or "post").strip()
    return post_type in _ARTICLE_TYPES or next(children_named(item, "comment"), None) is not None


def _add_author(author: Element, names: dict[str, str]) -> None:
    """A `wp:author` of the channel: its login -> its display name (a later one of the same
    login wins, as it did when the channel's list was read whole)."""
    fields = fields_of(author)
    login = (fields.get("author_login") or "").strip()
    shown = plain_line(fields.get("author_display_name"))
    if login and shown:
        names[login] = shown


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


def _article(
    item: Element, name: str, site: str | None, names: dict[str, str]
) -> tuple[Article, str]:
    """An item's article, made with the site and authors known so far, and its login."""
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
    return article, login
