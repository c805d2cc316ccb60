"""A Disqus export's threads and posts read into articles (the reading `reader.formats.disqus`
describes): imported when an export is parsed, so sniffing a text never loads lxml.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from typing import NamedTuple

from reader.errors import PageError
from reader.formats.disqus import DISQUS
from reader.formats.flat_replies import FlatReply, replies_in_thread_order
from reader.formats.fragment_text import fragment_paragraphs, plain_line
from reader.formats.safe_xml import (
    Element,
    attribute,
    children_named,
    fields_of,
    first_children,
    local_name,
    parse_export_xml,
    text_of,
)
from reader.formats.thread_json import utc_time
from reader.model import Article
from reader.text.clean import clean_text

__all__ = ["read_disqus"]

_NO_TITLE = "(no title)"


def read_disqus(text: str, source: str) -> tuple[Article, ...]:
    """Every thread with posts, with its reply tree, in the file's order, or PageError."""
    title = DISQUS.title
    root = parse_export_xml(text, source, title)
    if local_name(root) != "disqus":
        raise PageError(f"{source}: is XML but not {title} (no <disqus> root)")
    threads = _Threads(root)
    if not threads.order:
        raise PageError(f"{source}: is {title} with no threads in it")
    for post in children_named(root, "post"):
        threads.add(post)
    with_posts = [key for key in threads.order if threads.posts[key]]
    articles = [threads.article(key, source) for key in with_posts or threads.order]
    if threads.unplaced:
        warning = f"{source}: {threads.unplaced} post(s) name a thread not in the export; not shown"
        articles[0] = replace(articles[0], warnings=(*articles[0].warnings, warning))
    return tuple(articles)


def _reference(element: Element | None) -> str | None:
    """What a `<thread>` or `<parent>` inside a post names: its `dsq:id`, else its text."""
    if element is None:
        return None
    value = attribute(element, "id") or "".join(element.itertext())
    return clean_text(value.strip()) or None


def _is_true(value: str | None) -> bool:
    return (value or "").strip().lower() == "true"


def _iso(value: str | None) -> str | None:
    """Disqus's "2012-12-12T12:12:12Z" (UTC also when it says no zone) as ISO 8601 UTC."""
    try:
        moment = datetime.fromisoformat((value or "").strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        return utc_time(int(moment.timestamp()))
    except (OverflowError, OSError, ValueError):
        return None


class _Threads:
    """The export's threads by key (`dsq:id`, else `<id>`), and the posts placed in each."""

    def __init__(self, root: Element) -> None:
        self.order: list[str] = []
        self.elements: dict[str, Element] = {}
        self.posts: dict[str, list[Post]] = {}
        self.by_identifier: dict[str, str] = {}  # a thread's `<id>` text -> its key
        self.unplaced = 0
        for position, thread in enumerate(children_named(root, "thread")):
            key = clean_text(attribute(thread, "id") or "") or f"\x00{position}"
            if key in self.elements:
                continue  # a repeated thread: its posts go to the first
            self.order.append(key)
            self.elements[key] = thread
            self.posts[key] = []
            identifier = clean_text((fields_of(thread).get("id") or "").strip())
            if identifier:
                self.by_identifier.setdefault(identifier, key)

    def add(self, post: Element) -> None:
        children = first_children(post)
        named = _reference(children.get("thread"))
        key = named if named in self.elements else self.by_identifier.get(named or "")
        if key is None:
            self.unplaced += 1
        else:
            self.posts[key].append(Post(post, children))

    def article(self, key: str, name: str) -> Article:
        thread = self.elements[key]
        fields = fields_of(thread)
        link = " ".join(clean_text(fields.get("link") or "").split())
        comments, orphans = replies_in_thread_order(_replies(self.posts[key]), DISQUS.name, name)
        article = Article(
            headline=plain_line(fields.get("title")) or link or _NO_TITLE,
            published=_iso(fields.get("createdAt")),
            paragraphs=tuple(fragment_paragraphs(fields.get("message") or "")),
            comments=comments,
            url=link or None,
            source=DISQUS.name,
        )
        if orphans:
            warning = (
                f'{name}: {orphans} post(s) of "{article.headline[:60]}" reply to a post '
                "not in their thread; shown as replies to the article"
            )
            article = replace(article, warnings=(warning,))
        return article


class Post(NamedTuple):
    """A `<post>` element and its first child of each name (read once, looked up often)."""

    element: Element
    children: dict[str, Element]

    def field(self, name: str) -> str | None:
        child = self.children.get(name)
        return None if child is None else text_of(child)


def _replies(posts: list[Post]) -> list[FlatReply]:
    """The posts as flat replies; a parent named by its `<id>` text is found by it."""
    by_identifier: dict[str, str] = {}
    source_ids: set[str] = set()
    for post in posts:
        source_id = clean_text(attribute(post.element, "id") or "")
        identifier = clean_text((post.field("id") or "").strip())
        if source_id:
            source_ids.add(source_id)
            if identifier:
                by_identifier.setdefault(identifier, source_id)
    replies: list[FlatReply] = []
    for post in posts:
        author = post.children.get("author")
        parent = _reference(post.children.get("parent"))
        status = "spam" if _is_true(post.field("isSpam")) else None
        if status is None and _is_true(post.field("isDeleted")):
            status = "deleted"
        replies.append(
            FlatReply(
                source_id=clean_text(attribute(post.element, "id") or "") or None,
                parent_id=parent
                if parent in source_ids
                else by_identifier.get(parent or "", parent),
                author=plain_line(fields_of(author).get("name")) if author is not None else "",
                text="\n\n".join(fragment_paragraphs(post.field("message") or "")),
                posted=_iso(post.field("createdAt")),
                status=status,
            )
        )
    return replies
