"""Comment ids, the one place their scheme is written: every format gives ids through here.

An id is "c" + the first 12 hex digits of sha256(author + "\\x00" + text) over the cleaned
author and text, with "-2", "-3", ... appended to exact duplicates in page order. The same
comment in the same file therefore keeps its id across runs and versions, which matters
because saved triage decisions are keyed by it: the scheme must never change.

A source with its own comment ids (Reddit's "t1_cy6ykvm", a Hacker News item id) gives
"s" + the first 12 hex digits of sha256(format name + "\\x00" + source id) instead, so a
thread saved again later, with comments edited, deleted or added, keeps every decision. A
comment the source gives no id falls back to the content id; a repeated source id (only a
broken or hostile file has one) is numbered like a repeated comment.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Container
from hashlib import sha256
from itertools import pairwise

__all__ = ["comment_id", "comment_ids", "id_number", "repeated_ids", "source_comment_ids"]


def comment_ids(repeated: Container[str] | None = None) -> Callable[[str, str], str]:
    """A function that gives one page's comments their ids, called once per comment in page
    order with its author and text.

    `repeated`: the ids met more than once in the page (found by a first pass with
    `repeated` empty: see `repeated_ids`), the only ones counted, so a page read twice rather than held (a
    million comments) keeps no table of every id.

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
        if repeated is not None and base not in repeated:
            return base
        if base not in seen:
            seen[base] = 1
            return base
        seen[base] = count = seen[base] + 1
        return f"{base}-{count}"

    return next_id


def comment_id(author: str, text: str) -> str:
    """The stable id of a comment before de-duplication (the id of the first of its kind)."""
    return comment_ids()(author, text)


def source_comment_ids(source: str) -> Callable[[str | None, str, str], str]:
    """A function that gives one thread's comments their ids from the site's own ids, called
    once per comment in thread order with its source id (None when it has none), cleaned
    author and text. `source` is the format's name, so two sites' ids never meet."""
    seen: dict[str, int] = {}
    by_content = comment_ids()

    def next_id(source_id: str | None, author: str, text: str) -> str:
        if source_id is None:
            return by_content(author, text)
        key = f"{source}\x00{source_id}".encode("utf-8", "surrogatepass")
        base = "s" + sha256(key).hexdigest()[:12]
        count = seen[base] = seen.get(base, 0) + 1
        return base if count == 1 else f"{base}-{count}"

    return next_id


def id_number(comment_id: str) -> int:
    """A content id as `comment_ids(frozenset())` gives it ("c" + 12 hex digits) as a number,
    to be held in 8 bytes (an `array("Q")`) while a first pass counts them."""
    return int(comment_id[1:], 16)


def repeated_ids(numbers: array[int]) -> frozenset[str]:
    """The ids met more than once among these `id_number`s (the `repeated` of `comment_ids`)."""
    ordered = sorted(numbers)
    twice = {a for a, b in pairwise(ordered) if a == b}
    return frozenset(f"c{value:012x}" for value in twice)
