"""A saved news page as read: the article, its images and its comments."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Image:
    """An image line and the caption line under it, kept where it stood in the body."""

    url: str
    caption: str
    after_paragraph: int  # index into Article.paragraphs; -1 before the first paragraph


@dataclass(frozen=True)
class Comment:
    """One reader comment as saved. `id` is stable for the same comment in the same file."""

    id: str
    author: str
    age: str
    text: str  # paragraphs joined by "\n\n"
    likes: int = 0


@dataclass(frozen=True)
class Article:
    """A saved news page: the article, its images and the comments that were saved."""

    headline: str
    byline: str | None = None
    authors: tuple[str, ...] = ()
    outlet: str | None = None
    published: str | None = None
    paragraphs: tuple[str, ...] = ()
    images: tuple[Image, ...] = ()
    comment_count: int | None = None
    comments: tuple[Comment, ...] = ()
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


# The parser makes one Comment per comment; filling a new instance's __dict__ makes the same
# object as the frozen dataclass's __init__ in about a third of the time (tests/test_model.py).
_new = object.__new__


def new_comment(id: str, author: str, age: str, text: str, likes: int) -> Comment:
    """`Comment(id, author, age, text, likes)`, faster."""
    comment = _new(Comment)
    fields = comment.__dict__
    fields["id"] = id
    fields["author"] = author
    fields["age"] = age
    fields["text"] = text
    fields["likes"] = likes
    return comment


