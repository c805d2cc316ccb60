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
    export_records,
    fields_of,
    first_children,
    local_name,
    text_of,
)
from reader.formats.thread_json import utc_time
from reader.model import Article
from reader.text.clean import clean_text

__all__ = ["read_disqus"]

_NO_TITLE = "(no title)"


def read_disqus(text: str, source: str) -> tuple[Article, ...]:
    """Every thread with posts, with its reply tree, in the file's order, or PageError.

    Each thread and post is read as the parser reaches it and its elements freed (the tree
    of an export is several times its size); posts are placed in their threads at the end,
    since a post may come before the thread it names."""
    title = DISQUS.title
    threads = _Threads()
    posts: list[tuple[str | None, Post]] = []  # (the thread a post names, the post)
    for record in export_records(text, source, title, "disqus"):
        name = local_name(record)
        if name == "thread":
            threads.add_thread(record)
        elif name == "post":
            children = first_children(record)
            posts.append((_reference(children.get("thread")), _post(record, children)))
    if not threads.order:
        raise PageError(f"{source}: is {title} with no threads in it")
    for named, post in posts:
        threads.place(named, post)
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

    def __init__(self) -> None:
        self.order: list[str] = []
        self.fields: dict[str, dict[str, str]] = {}  # each thread's fields, read once
        self.posts: dict[str, list[Post]] = {}
        self.by_identifier: dict[str, str] = {}  # a thread's `<id>` text -> its key
        self.unplaced = 0
        self.seen = 0  # `<thread>` elements met, repeats included

    def add_thread(self, thread: Element) -> None:
        position, self.seen = self.seen, self.seen + 1
        key = clean_text(attribute(thread, "id") or "") or f"\x00{position}"
        if key in self.fields:
            return  # a repeated thread: its posts go to the first
        fields = fields_of(thread)
        self.order.append(key)
        self.fields[key] = fields
        self.posts[key] = []
        identifier = clean_text((fields.get("id") or "").strip())
        if identifier:
            self.by_identifier.setdefault(identifier, key)

    def place(self, named: str | None, post: Post) -> None:
        key = named if named in self.fields else self.by_identifier.get(named or "")
        if key is None:
            self.unplaced += 1
        else:
            self.posts[key].append(post)

    def article(self, key: str, name: str) -> Article:
        fields = self.fields[key]
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
    """A `<post>` read as soon as the parser reaches it (so no element of it is kept): the reply, its
    parent still named as the post names it, and its `<id>` text."""

    reply: FlatReply  # parent_id: the post's own reference, resolved by `_replies`
    identifier: str


def _post(element: Element, children: dict[str, Element]) -> Post:
    def field(name: str) -> str | None:
        child = children.get(name)
        return None if child is None else text_of(child)

    author = children.get("author")
    status = "spam" if _is_true(field("isSpam")) else None
    if status is None and _is_true(field("isDeleted")):
        status = "deleted"
    reply = FlatReply(
        source_id=clean_text(attribute(element, "id") or "") or None,
        parent_id=_reference(children.get("parent")),
        author=plain_line(fields_of(author).get("name")) if author is not None else "",
        text="\n\n".join(fragment_paragraphs(field("message") or "")),
        posted=_iso(field("createdAt")),
        status=status,
    )
    return Post(reply, clean_text((field("id") or "").strip()))


def _replies(posts: list[Post]) -> list[FlatReply]:
    """The posts as flat replies; a parent named by its `<id>` text is found by it."""
    by_identifier: dict[str, str] = {}
    source_ids: set[str] = set()
    for reply, identifier in posts:
        if reply.source_id:
            source_ids.add(reply.source_id)
            if identifier:
                by_identifier.setdefault(identifier, reply.source_id)
    replies: list[FlatReply] = []
    for reply, _identifier in posts:
        parent = reply.parent_id
        if parent is not None and parent not in source_ids:
            reply = reply._replace(parent_id=by_identifier.get(parent, parent))
        replies.append(reply)
    return replies
