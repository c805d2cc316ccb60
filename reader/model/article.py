"""A saved news page as read: the article, its images and its comments."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from msgspec import Struct

# Image and Comment are msgspec Structs, not dataclasses: a long page makes one Comment per
# comment, and a frozen Struct is built ~10x faster than a frozen dataclass (31 vs 379 ms for
# 100,000) in 56 bytes instead of 112 (104 with the reply-tree fields), reads its fields as
# fast, and is equal, hashable and immutable the same way. gc=False: they hold only strings
# and numbers, never a cycle, so the cycle collector need not track them. repr_omit_defaults:
# a comment's repr shows only the fields its format gives.


class Image(Struct, frozen=True, gc=False):
    """An image line and the caption line under it, kept where it stood in the body."""

    url: str
    caption: str
    after_paragraph: int  # index into Article.paragraphs; -1 before the first paragraph


class Comment(Struct, frozen=True, gc=False, repr_omit_defaults=True):
    """One reader comment as saved. `id` is stable for the same comment in the same file.

    The reply tree is carried by `parent` and `depth`: an Article's comments are in thread
    order (each comment followed by its replies, depth first, in the source's order), so a
    parent always comes before its replies. A format without replies (the saved page) leaves
    the tree fields at their defaults: every comment a reply to the article.
    """

    id: str
    author: str
    age: str
    text: str  # paragraphs joined by "\n\n"
    likes: int = 0  # a site's score may be negative (Reddit)
    parent: str | None = None  # id of the comment this one replies to; None: the article
    depth: int = 0  # 0 for a reply to the article, parent's depth + 1 below it
    source_id: str | None = None  # the site's own id ("t1_cy6ykvm", an HN item id)
    posted: str | None = None  # ISO 8601 UTC ("2016-01-02T03:04:05Z") when the source says
    status: str | None = None  # what the source says of it: "deleted", "spam", "removed", ...
    replies_not_saved: int = 0  # replies the source counted under it but did not include


@dataclass(frozen=True)
class Article:
    """A saved news page: the article, its images and the comments that were saved.

    A dataclass, not a Struct: `warnings` stays out of equality (compare=False), which a
    Struct cannot do, and there is one Article per page, so its speed does not matter.
    """

    headline: str
    byline: str | None = None
    authors: tuple[str, ...] = ()
    outlet: str | None = None
    published: str | None = None
    paragraphs: tuple[str, ...] = ()
    images: tuple[Image, ...] = ()
    comment_count: int | None = None
    comments: tuple[Comment, ...] = ()  # in thread order (see Comment)
    url: str | None = None  # the article's own address when the source gives it
    source: str = "saved-page"  # the format it was read from (a PageFormat's name)
    replies_not_saved: int = 0  # replies the source counted but did not include, in all
    # Notes about a best-effort reading (invalid UTF-8 replaced, comments cut off, ...).
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def content_hash(self) -> str:
        """Key for triage decisions: the article itself, not its comments.

        A page saved again later with more comments keeps the same key, so decisions made on
        the comments it shares with the earlier save are restored.
        """
        digest = hashlib.sha256()
        for part in (self.headline, *self.paragraphs):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\x00")
        return digest.hexdigest()
