"""Comment ids, the one place their scheme is written: every format gives ids through here.

An id is "c" + the first 12 hex digits of sha256(author + "\\x00" + text) over the cleaned
author and text, with "-2", "-3", ... appended to exact duplicates in page order. The same
comment in the same file therefore keeps its id across runs and versions, which matters
because saved triage decisions are keyed by it: the scheme must never change.
"""

from __future__ import annotations

from collections.abc import Callable
from hashlib import sha256

__all__ = ["comment_id", "comment_ids"]


def comment_ids() -> Callable[[str, str], str]:
    """A function that gives one page's comments their ids, called once per comment in page
    order with its author and text.

    A closure rather than a class: it is called once per comment of a page, and a call of a
    closure is the cheapest call Python has (tests/test_parse.py parses 100,000 comments).
    """
    seen: dict[str, int] = {}

    def next_id(author: str, text: str) -> str:
        key = f"{author}\x00{text}"
        try:
            data = key.encode()  # the same bytes as with "surrogatepass", ~2x faster
        except UnicodeEncodeError:  # a lone surrogate (cleaned text has none)
            data = key.encode("utf-8", "surrogatepass")
        base = "c" + sha256(data).hexdigest()[:12]
        if base not in seen:
            seen[base] = 1
            return base
        seen[base] = count = seen[base] + 1
        return f"{base}-{count}"

    return next_id


def comment_id(author: str, text: str) -> str:
    """The stable id of a comment before de-duplication (the id of the first of its kind)."""
    return comment_ids()(author, text)
