"""Comments an export lists flat, each naming its parent by the site's id (WordPress's
`comment_parent`, Disqus's `<parent dsq:id>`), put in thread order with their depth.

Exports are made by sites over years, so their trees are not always whole: a reply whose
parent is not in the thread (deleted for good before the export, or in another thread) is
shown as a reply to the article and counted, so the format can say so; never dropped. A
comment with no id of its own, or one repeating another's, can still be a reply but cannot
be replied to. A loop of replies (only a broken or hostile file has one) is refused in one
line naming the comment.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from reader.errors import PageError
from reader.formats.ids import source_comment_ids
from reader.formats.reply_tree import ReplyTreeError, thread_order
from reader.model import Comment

__all__ = ["FlatReply", "replies_in_thread_order"]


class FlatReply(NamedTuple):
    """One comment as an export lists it: cleaned text, the site's ids."""

    source_id: str | None
    parent_id: str | None  # the site's id of the comment it replies to; None: the article
    author: str
    text: str
    posted: str | None
    status: str | None


def replies_in_thread_order(
    replies: Sequence[FlatReply], format_name: str, name: str
) -> tuple[tuple[Comment, ...], int]:
    """(the comments in thread order, how many named a parent not in the thread).

    `format_name` keys the Reader ids (`reader.formats.ids`); `name` is the file's, for the
    one-line error about a loop.
    """
    keys: list[str] = []
    first_key: set[str] = set()
    for position, reply in enumerate(replies):
        source_id = reply.source_id
        if source_id is not None and source_id not in first_key:
            first_key.add(source_id)
            keys.append(source_id)
        else:
            keys.append(f"\x00{position}")  # cleaned ids never hold NUL: no clash
    parents: list[str | None] = []
    orphans = 0
    for key, reply in zip(keys, replies, strict=True):
        parent = reply.parent_id
        if parent is not None and (parent not in first_key or parent == key):
            orphans += 1  # not in the thread, or a reply to itself: a reply to the article
            parent = None
        parents.append(parent)
    try:
        order, depths = thread_order(keys, parents)
    except ReplyTreeError as error:
        shown = replies[error.position].source_id or f"number {error.position + 1}"
        raise PageError(f"{name}: comment {shown} {error.problem}") from None
    return _comments(replies, keys, parents, order, depths, format_name), orphans


def _comments(
    replies: Sequence[FlatReply],
    keys: list[str],
    parents: list[str | None],
    order: list[int],
    depths: list[int],
    format_name: str,
) -> tuple[Comment, ...]:
    """The comments in `order`, each with its Reader id and its parent's (a parent comes
    before its replies in thread order, so its id is known by then)."""
    next_id = source_comment_ids(format_name)
    reader_id: dict[str, str] = {}  # key -> Reader id
    comments: list[Comment] = []
    for position in order:
        reply = replies[position]
        comment_id = next_id(reply.source_id, reply.author, reply.text)
        reader_id[keys[position]] = comment_id
        parent = parents[position]
        comments.append(
            Comment(
                comment_id, reply.author, "", reply.text,
                parent=None if parent is None else reader_id[parent],
                depth=depths[position],
                source_id=reply.source_id,
                posted=reply.posted,
                status=reply.status,
            )
        )  # fmt: skip
    return tuple(comments)
