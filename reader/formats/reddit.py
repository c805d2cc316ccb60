"""A Reddit thread as Reddit serves it at the thread's URL with `.json` appended (SPEC 1b).

The file is a list of two Listings: the post (`kind` "t3") and the comments (`kind` "t1"),
each comment's replies a Listing of its own under `replies` ("" when it has none). Read as:

- the post: `title` the headline, `selftext` the paragraphs (split at blank lines), `url`
  the article's address (a self post's is its own permalink), `author` its one author, the
  subreddit ("r/news") its outlet, `created_utc` its published time, `num_comments` the
  site's comment count;
- each comment: `score` its likes (negative when downvoted), `created_utc` its posted time,
  `name` ("t1_cy6ykvm") its source id, from which its Reader id is derived
  (`reader.formats.ids`), so saving the thread again later keeps every decision;
- a `more` stub (replies Reddit did not send) adds its `count` to its parent comment's
  `replies_not_saved` and the article's; a "continue this thread" stub (count 0, below
  depth 10) stands for at least one reply, so it counts 1;
- a comment whose body is "[deleted]" or "[removed]" stays, as a placeholder with no text and
  that `status`, so its replies keep their place in the tree.

Reddit writes `&`, `<` and `>` in bodies and titles as HTML entities; they are decoded, and
every string then goes through `clean_text`. The text is Reddit's markdown as written
(`> a quote`, `*emphasis*`, `[link](url)`): it is what the person wrote.

One Listing saved alone (the post's or the comments', an object rather than the list of two)
is claimed too, to say what to save instead: it holds the post or the comments, not both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from msgspec.structs import replace

from reader.errors import PageError
from reader.formats.base import start_of
from reader.formats.ids import source_comment_ids
from reader.formats.reply_tree import walk_nested
from reader.formats.thread_json import (
    load_json,
    number_field,
    paragraphs_of,
    text_field,
    utc_time,
)
from reader.model import Article, Comment
from reader.text.clean import clean_text
from reader.text.decode import normalise_newlines

__all__ = ["REDDIT", "Reddit"]

# A list whose first object (or an object that) starts with a Listing's keys (Reddit's order,
# or sorted), with a Listing or a post kind near the start (a post's fields come before "kind"
# when sorted).
_START = re.compile(r'\[?\s*\{\s*"(?:kind|data)"\s*:')
_KIND = re.compile(r'"kind"\s*:\s*"(?:Listing|t3)"')
_SNIFF_CHARS = 64 * 1024
_GONE = {"[deleted]": "deleted", "[removed]": "removed"}

JsonObject = Mapping[str, object]


class Reddit:
    """The Reddit thread format (see the module docstring)."""

    name = "reddit"
    title = "a Reddit thread"

    def sniff(self, text: str) -> bool:
        """A JSON list of Reddit Listings (or one Listing), from its first few kilobytes."""
        return (
            _START.match(start_of(text)) is not None
            and _KIND.search(text, 0, _SNIFF_CHARS) is not None
        )

    def parse(self, text: str, source: str) -> Article:
        """The post and its reply tree, or PageError saying what is wrong in one line."""
        data = load_json(text, source, self.title)
        if isinstance(data, dict) and data.get("kind") == "Listing":
            raise PageError(
                f"{source}: is one Reddit Listing, not a whole thread: save the thread's"
                " address with .json appended, which holds the post and its comments"
            )
        post, replies = _listings(data, source)
        comments, more = _comments(replies)
        return _article(post, source, comments, more)

    def parse_start(
        self, text: str, source: str, *, comments: int, prefix_chars: int
    ) -> Article | None:
        """None: JSON is read whole."""
        return None


REDDIT = Reddit()


def _not_a_thread(name: str, why: str) -> PageError:
    return PageError(f"{name}: is JSON but not a Reddit thread ({why})")


def _children(value: object) -> Sequence[object] | None:
    """A Listing's `data.children`, or None when `value` is not a Listing."""
    if not isinstance(value, dict):
        return None
    data = value.get("data")
    children = data.get("children") if isinstance(data, dict) else None
    return children if isinstance(children, list) else None


def _listings(data: object, name: str) -> tuple[JsonObject, Sequence[object]]:
    """The post's fields and the top-level comments, or PageError naming what is missing."""
    if not isinstance(data, list) or not data:
        raise _not_a_thread(name, "not a list of Listings")
    posts = _children(data[0])
    if posts is None:
        raise _not_a_thread(name, "its first item is not a Listing")
    first = posts[0] if posts else None
    post = first.get("data") if isinstance(first, dict) and first.get("kind") == "t3" else None
    if not isinstance(post, dict):
        raise _not_a_thread(name, "its first Listing holds no post")
    if len(data) < 2:
        return post, []
    replies = _children(data[1])
    if replies is None:
        raise _not_a_thread(name, "its second item is not a Listing of comments")
    return post, replies


def _replies_of(node: object) -> Sequence[object]:
    """A comment's replies (a Listing under `replies`; "" for none); nothing for the rest."""
    if isinstance(node, dict) and node.get("kind") == "t1":
        data = node.get("data")
        if isinstance(data, dict):
            return _children(data.get("replies")) or ()
    return ()


def _body(value: str | None) -> tuple[str, str | None]:
    """A comment's text and status: entities decoded, cleaned; a placeholder's is empty."""
    if value is None:
        return "", None
    status = _GONE.get(value.strip())
    if status is not None:
        return "", status
    return "\n\n".join(paragraphs_of(_plain(value))), None


def _plain(value: str) -> str:
    """Reddit's escaped text as written: entities decoded, newlines "\\n", cleaned."""
    import html  # here: only a Reddit thread needs it, and the first frame need not wait

    return clean_text(normalise_newlines(html.unescape(value)))


def _stub_count(data: object) -> int:
    """How many replies a `more` stub stands for: its `count`, at least one."""
    if not isinstance(data, dict):
        return 1
    count = number_field(data, "count") or 0
    children = data.get("children")
    return max(count, len(children) if isinstance(children, list) else 0, 1)


# Shape: one pass over the tree in thread order, gathering each comment's fields and the
# stubs under it; split up, the walk's state would be passed between the parts.
def _comments(roots: Sequence[object]) -> tuple[list[Comment], dict[int, int]]:
    """The comments in thread order, and the replies not saved under each (by position; -1
    for the post itself)."""
    next_id = source_comment_ids(REDDIT.name)
    comments: list[Comment] = []
    position_of: dict[int, int] = {}  # the walk's index of a comment -> its position
    more: dict[int, int] = {}
    for walked, (node, depth, parent) in enumerate(walk_nested(roots, _replies_of)):
        kind = node.get("kind") if isinstance(node, dict) else None
        data = node.get("data") if isinstance(node, dict) else None
        parent_position = position_of.get(parent, -1)
        if kind == "more":
            more[parent_position] = more.get(parent_position, 0) + _stub_count(data)
            continue
        if kind != "t1" or not isinstance(data, dict):
            continue  # not a comment: nothing of it is shown
        author = _plain(text_field(data, "author") or "").replace("\n", " ")
        text, status = _body(text_field(data, "body"))
        source_id = text_field(data, "name")
        if source_id is None and text_field(data, "id") is not None:
            source_id = f"t1_{data['id']}"
        source_id = None if source_id is None else clean_text(source_id)
        position_of[walked] = len(comments)
        comments.append(
            Comment(
                next_id(source_id, author, text), author, "", text,
                likes=number_field(data, "score") or 0,
                parent=comments[parent_position].id if parent_position >= 0 else None,
                depth=depth,
                source_id=source_id,
                posted=utc_time(number_field(data, "created_utc")),
                status=status,
            )
        )  # fmt: skip
    return comments, more


def _with_stubs(comments: list[Comment], more: dict[int, int]) -> tuple[Comment, ...]:
    """The comments, each with the count of the stubs found under it."""
    for position, count in more.items():
        if position >= 0:
            comments[position] = replace(comments[position], replies_not_saved=count)
    return tuple(comments)


def _article(post: JsonObject, name: str, comments: list[Comment], more: dict[int, int]) -> Article:
    """The post as the Article, its comments with their stubs' counts."""
    headline = " ".join(_plain(text_field(post, "title") or "").split())
    if not headline:
        raise _not_a_thread(name, "the post has no title")
    selftext = text_field(post, "selftext") or ""
    author = text_field(post, "author")
    url = text_field(post, "url")
    permalink = text_field(post, "permalink")
    if url is None and permalink is not None:
        url = "https://www.reddit.com" + permalink
    subreddit = text_field(post, "subreddit_name_prefixed")
    if subreddit is None and text_field(post, "subreddit") is not None:
        subreddit = f"r/{post['subreddit']}"
    count = number_field(post, "num_comments")
    return Article(
        headline=headline,
        authors=(_plain(author),) if author and author not in _GONE else (),
        outlet=None if subreddit is None else _plain(subreddit),
        published=utc_time(number_field(post, "created_utc")),
        paragraphs=() if selftext.strip() in _GONE else tuple(paragraphs_of(_plain(selftext))),
        comment_count=count if count is not None and count >= 0 else None,
        comments=_with_stubs(comments, more),
        url=None if url is None else _plain(url).replace("\n", " "),
        source=REDDIT.name,
        replies_not_saved=sum(more.values()),
    )
