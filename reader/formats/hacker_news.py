"""A Hacker News thread as the Algolia items API gives it (SPEC 1b):
`https://hn.algolia.com/api/v1/items/<story id>`, one JSON object with the story's fields and
its comments nested under `children`. Read as:

- the story: `title` the headline, `text` (HTML, an Ask HN's question) the paragraphs, `url`
  the article's address (the story's own page on news.ycombinator.com when it links nowhere),
  `author` its one author, `created_at_i` (or `created_at`) its published time;
- each comment: its HTML `text` as plain text (`reader.formats.fragment_text`: paragraphs,
  links as their text, code kept), `points` its likes where given (Algolia gives comments
  none: 0), `created_at_i` its posted time, `id` its source id, from which its Reader id is
  derived (`reader.formats.ids`), so saving the thread again later keeps every decision;
- a deleted comment (no author and no text) stays, as a placeholder with `status`
  "deleted" and the author "[deleted]" (as HN and Reddit show one), so its replies keep
  their place in the tree.

The official Firebase API's items (`by`, `kids`, `descendants`) list only the ids of the
replies, not the replies: such a file is named, with the address to save instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone

from reader.errors import PageError
from reader.formats.base import start_of
from reader.formats.ids import source_comment_ids
from reader.formats.reply_tree import walk_nested
from reader.formats.thread_json import load_json, number_field, text_field, utc_time
from reader.model import Article, Comment
from reader.text.clean import clean_text

__all__ = ["HACKER_NEWS", "HackerNews", "looks_like_hacker_news"]

# A key an HN item has, as a key: after "{" or "," (inside a JSON string a quote is escaped,
# so a comment quoting one does not match); "children" too, for a file saved with its keys
# sorted. A Reader analysis always has a "headline", which no HN item has.
_ITEM_KEY = r'[{,]\s*"(?:created_at_i|story_id|descendants|children)"\s*:'
_HEADLINE_KEY = r'[{,]\s*"headline"\s*:'
_STORY_PAGE = "https://news.ycombinator.com/item?id={}"
DELETED_AUTHOR = "[deleted]"  # a deleted comment's author, as HN (and Reddit) show it

JsonObject = Mapping[str, object]


def looks_like_hacker_news(start: str) -> bool:
    """Whether the start of a JSON object (its first few kilobytes) is an HN item."""
    # re.search compiles each pattern on first use (and caches it): only a JSON text gets
    # here, and the first frame of a saved page need not wait for the compile (1.2 ms).
    return re.search(_ITEM_KEY, start) is not None and re.search(_HEADLINE_KEY, start) is None


class HackerNews:
    """The Hacker News thread format (see the module docstring)."""

    name = "hacker-news"
    title = "a Hacker News thread"

    def sniff(self, text: str) -> bool:
        """A JSON object with a key only a Hacker News item has near its start."""
        start = start_of(text)
        return start.startswith("{") and looks_like_hacker_news(start)

    def parse(self, text: str, source: str) -> Article:
        """The story and its reply tree, or PageError saying what is wrong in one line."""
        story = load_json(text, source, self.title)
        if not isinstance(story, dict):
            raise _not_a_thread(source, "not an object")
        if "children" not in story and "kids" in story:
            raise _not_a_thread(
                source,
                "an item of the Firebase API, which lists no replies; save"
                " https://hn.algolia.com/api/v1/items/<story id> instead",
            )
        children = story.get("children", [])
        if not isinstance(children, list):
            raise _not_a_thread(source, "its children are not a list")
        return _article(story, source, _comments(children))

    def parse_start(
        self, text: str, source: str, *, comments: int, prefix_chars: int
    ) -> Article | None:
        """None: JSON is read whole."""
        return None


HACKER_NEWS = HackerNews()


def _not_a_thread(name: str, why: str) -> PageError:
    return PageError(f"{name}: is JSON but not a Hacker News thread ({why})")


def _children_of(node: object) -> Sequence[object]:
    children = node.get("children") if isinstance(node, dict) else None
    return children if isinstance(children, list) else ()


def _posted(item: JsonObject) -> str | None:
    """`created_at_i`, or the `created_at` text ("2006-10-09T18:21:51.000Z"), as ISO UTC."""
    seconds = number_field(item, "created_at_i")
    if seconds is None:
        written = text_field(item, "created_at")
        try:
            moment = datetime.fromisoformat((written or "").replace("Z", "+00:00"))
        except ValueError:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        seconds = int(moment.timestamp())
    return utc_time(seconds)


def _source_id(item: JsonObject) -> str | None:
    """The item's id as text: a number, or a string as some exports write it."""
    number = number_field(item, "id")
    if number is not None:
        return str(number)
    text = text_field(item, "id")
    return None if text is None else clean_text(text)


def _comments(roots: Sequence[object]) -> tuple[Comment, ...]:
    """The comments in thread order, deleted ones kept as placeholders."""
    from reader.formats.fragment_text import fragment_text  # lxml: only when parsing

    next_id = source_comment_ids(HACKER_NEWS.name)
    comments: list[Comment] = []
    position_of: dict[int, int] = {}  # the walk's index of a comment -> its position
    for walked, (node, depth, parent) in enumerate(walk_nested(roots, _children_of)):
        if not isinstance(node, dict):
            continue
        author, markup = text_field(node, "author"), text_field(node, "text")
        deleted = author is None and markup is None
        author = " ".join(clean_text(author or "").split())
        text = fragment_text(markup) if markup else ""
        source_id = _source_id(node)
        parent_position = position_of.get(parent, -1)
        position_of[walked] = len(comments)
        comments.append(
            Comment(
                # The id from the author as given (none): a decision on it outlives the name.
                next_id(source_id, author, text), DELETED_AUTHOR if deleted else author, "", text,
                likes=number_field(node, "points") or 0,
                parent=comments[parent_position].id if parent_position >= 0 else None,
                depth=depth,
                source_id=source_id,
                posted=_posted(node),
                status="deleted" if deleted else None,
            )
        )  # fmt: skip
    return tuple(comments)


def _article(story: JsonObject, name: str, comments: tuple[Comment, ...]) -> Article:
    """The story as the Article."""
    from reader.formats.fragment_text import fragment_paragraphs  # lxml: only when parsing

    headline = " ".join(clean_text(text_field(story, "title") or "").split())
    if not headline:
        why = "a comment, not a story" if story.get("type") == "comment" else "no title"
        raise _not_a_thread(name, why)
    author = text_field(story, "author")
    text = text_field(story, "text")
    url = text_field(story, "url")
    story_id = number_field(story, "id")
    if not url and story_id is not None:
        url = _STORY_PAGE.format(story_id)
    return Article(
        headline=headline,
        authors=(" ".join(clean_text(author).split()),) if author else (),
        published=_posted(story),
        paragraphs=tuple(fragment_paragraphs(text)) if text else (),
        comments=comments,
        url=" ".join(clean_text(url).split()) if url else None,
        source=HACKER_NEWS.name,
    )
