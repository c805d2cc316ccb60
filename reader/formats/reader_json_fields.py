"""A Reader JSON text read into articles, every field checked (the reading
`reader.formats.reader_json` describes): imported when such a text is parsed, so sniffing a
text never builds the declarations below.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from types import GenericAlias
from typing import Annotated, Any, TypeVar

import msgspec
from msgspec import Meta, Struct
from msgspec.structs import replace

from reader.errors import PageError
from reader.formats.ids import comment_ids
from reader.formats.reader_json import READER_JSON
from reader.formats.reply_tree import ReplyTreeError, thread_order
from reader.model import OUTPUT_SCHEMA_VERSION, Article, Comment, Image
from reader.text.clean import clean_text

__all__ = ["read_reader_json"]


def read_reader_json(text: str, source: str) -> tuple[Article, ...]:
    """Each analysis of the text: one JSON document, or JSON Lines (`reader analyze` of a
    file of several articles prints one line each)."""
    lines = _json_lines(text)
    if lines is None:
        return (_parse_json(text.strip(), source),)
    return tuple(_parse_json(line, f"{source} line {number}") for number, line in lines)


Item = TypeVar("Item", bound=Struct)
NonNegative = Annotated[int, Meta(ge=0)]


class _ImageIn(Struct, kw_only=True):
    """An entry of `images` as the JSON has it (fields in the order they are checked)."""

    url: str
    caption: str | None = None
    after_paragraph: int | None = None


class _CommentIn(Struct, kw_only=True):
    """An entry of `comments` as the JSON has it (fields in the order they are checked).

    `depth` is checked but not taken: it follows from `parent`, and is given again from it.
    """

    author: str | None = None
    age: str | None = None
    text: str
    likes: int | None = None  # a site's score may be negative
    id: str | None = None
    parent: str | None = None
    depth: NonNegative | None = None
    source_id: str | None = None
    posted: str | None = None
    status: str | None = None
    replies_not_saved: NonNegative | None = None


_ERROR = re.compile(
    r"Expected `(?P<want>\w+)(?: \| null)?`(?:, got `(?P<got>\w+)`|(?P<negative> >= 0))"
    r"(?: - at `\$(?P<path>[^`]*)`)?"
)
_WANT = {"str": "a string", "int": "an integer", "array": "a list", "object": "an object"}
_GOT = {"str": "a string", "int": "a number", "float": "a number", "bool": "a boolean",
        "null": "null", "array": "a list", "object": "an object"}  # fmt: skip


class _Fields:
    """Read the fields of one Reader JSON object, naming the first wrong one."""

    def __init__(self, name: str, data: dict[str, object]) -> None:
        self.name = name
        self.data = data

    def fail(self, field: str, problem: str) -> PageError:
        return PageError(f"{self.name}: field {field} {problem}")

    def wrong(self, field: str, error: msgspec.ValidationError) -> PageError:
        """msgspec's message about `field` (a path under it) in Reader's words."""
        match = _ERROR.fullmatch(str(error))
        if match is None:  # not a message the types above can give
            return self.fail(field, f"is wrong: {error}")
        field += match["path"] or ""  # "", "[3]", ".likes" or "[3].likes"
        if match["negative"]:
            return self.fail(field, "must not be negative")
        if match["got"] == "null" and not field.endswith("]"):
            return self.fail(field, "is missing")  # only a required field refuses null
        return self.fail(field, f"must be {_WANT[match['want']]}, not {_GOT[match['got']]}")

    def field(self, key: str, kind: Any) -> Any:
        """The value at `key` as `kind` (a type msgspec knows, e.g. `int | None`)."""
        try:
            return msgspec.convert(self.data.get(key), kind)
        except msgspec.ValidationError as error:
            raise self.wrong(key, error) from None

    def items(
        self, key: str, kind: type[Item], check: Callable[[str, Item], None] | None = None
    ) -> list[Item]:
        """The list at `key` as `kind`s, each passed to `check` with its field name.

        All at once first; only when an item is wrong are they read one by one: the first
        item that is not an object is named, else the first wrong field of the first wrong
        item, its fields read in `kind`'s order (missing ones as null) whatever the file's.
        """
        value = self.data.get(key)
        if value is None:
            return []
        try:
            found: list[Item] = msgspec.convert(value, GenericAlias(list, (kind,)))
        except msgspec.ValidationError as error:
            if not isinstance(value, list):
                raise self.wrong(key, error) from None
            for position, raw in enumerate(value):  # an item that is no object comes first
                if not isinstance(raw, dict):
                    self._item(f"{key}[{position}]", raw, kind, check)
            for position, raw in enumerate(value):
                self._item(f"{key}[{position}]", raw, kind, check)  # raises at the wrong one
            raise self.wrong(key, error) from None  # not reached
        if check is not None:
            for position, item in enumerate(found):
                check(f"{key}[{position}]", item)
        return found

    def _item(
        self, field: str, raw: object, kind: type[Item], check: Callable[[str, Item], None] | None
    ) -> Item:
        if isinstance(raw, dict):
            raw = {name: raw.get(name) for name in kind.__struct_fields__}
        try:
            item = msgspec.convert(raw, kind)
        except msgspec.ValidationError as error:
            raise self.wrong(field, error) from None
        if check is not None:
            check(field, item)
        return item


def _strings(values: list[str] | None) -> tuple[str, ...]:
    return tuple(map(clean_text, values)) if values else ()


def _optional(value: str | None) -> str | None:
    return None if value is None else clean_text(value)


def _json_lines(text: str) -> list[tuple[int, str]] | None:
    """The non-blank lines with their numbers when the text is JSON Lines: its first line is a
    whole object and more follow (one document never has that shape, and telling costs no
    parse of a long document). None for one document, whatever its layout."""
    lines = ((n, line.strip()) for n, line in enumerate(text.splitlines(), 1))
    found = [(n, line) for n, line in lines if line]
    if len(found) < 2 or not (found[0][1].startswith("{") and found[0][1].endswith("}")):
        return None
    return found


def _load(text: str, name: str) -> dict[str, object]:
    """The JSON object of a Reader analysis, or PageError saying why the text is not one."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise PageError(f"{name}: is JSON nested too deeply to read") from None
    except ValueError as error:
        where = ""
        if isinstance(error, json.JSONDecodeError):
            where = f" at line {error.lineno} column {error.colno}: {error.msg}"
        raise PageError(f"{name}: starts with '{{' but is not valid JSON{where}") from None
    if not isinstance(data, dict) or "headline" not in data:
        raise PageError(
            f'{name}: is JSON but not a Reader analysis (no "headline" field);'
            " it does not look like a saved news page"
        )
    return data


def _parse_json(text: str, name: str) -> Article:
    """The Article; fields are checked in the order the first wrong one has always been named."""
    read = _Fields(name, _load(text, name))
    schema: int | None = read.field("schema", int | None)
    if schema is not None and schema > OUTPUT_SCHEMA_VERSION:
        raise read.fail(
            "schema", f"is {schema}; this version of Reader reads {OUTPUT_SCHEMA_VERSION}"
        )
    headline = clean_text(read.field("headline", str))
    if not headline.strip():
        raise read.fail("headline", "is empty")
    paragraphs = _strings(read.field("paragraphs", list[str] | None))
    images = _images(read, len(paragraphs))
    comment_count: int | None = read.field("comment_count", NonNegative | None)
    comments = _comments(read)
    return Article(
        headline=headline,
        byline=_optional(read.field("byline", str | None)),
        authors=_strings(read.field("authors", list[str] | None)),
        outlet=_optional(read.field("outlet", str | None)),
        published=_optional(read.field("published", str | None)),
        paragraphs=paragraphs,
        images=images,
        comment_count=comment_count,
        comments=comments,
        url=_optional(read.field("url", str | None)),
        source=clean_text(read.field("source", str | None) or "") or READER_JSON.name,
        replies_not_saved=read.field("replies_not_saved", NonNegative | None) or 0,
    )


def _images(read: _Fields, paragraphs: int) -> tuple[Image, ...]:
    def check(field: str, image: _ImageIn) -> None:
        after = image.after_paragraph
        if after is not None and not -1 <= after < paragraphs:
            raise read.fail(
                f"{field}.after_paragraph",
                f"is {after}; it must be -1 or an index into paragraphs (0..{paragraphs - 1})",
            )

    return tuple(
        Image(
            clean_text(image.url),
            clean_text(image.caption or ""),
            paragraphs - 1 if image.after_paragraph is None else image.after_paragraph,
        )
        for image in read.items("images", _ImageIn, check)
    )


def _comments(read: _Fields) -> tuple[Comment, ...]:
    """The comments in thread order; an id given is kept, a missing one is computed as for a
    saved page.

    Every field of every comment is checked before any id, so a wrong field is named before
    a repeated id, as it always has been; ids before parents, which name them.
    """
    next_id = comment_ids()  # every comment takes its turn: ids as for a saved page
    comments = []
    seen: dict[str, str] = {}
    for position, item in enumerate(read.items("comments", _CommentIn)):
        author, body = clean_text(item.author or ""), clean_text(item.text)
        computed = next_id(author, body)
        cid = (clean_text(item.id) if item.id is not None else "") or computed
        if cid in seen:
            raise read.fail(f"comments[{position}].id", f"repeats the id of {seen[cid]}")
        seen[cid] = f"comments[{position}]"
        comments.append(
            Comment(
                cid, author, clean_text(item.age or ""), body, item.likes or 0,
                parent=_optional(item.parent),
                source_id=_optional(item.source_id),
                posted=_optional(item.posted),
                status=_optional(item.status),
                replies_not_saved=item.replies_not_saved or 0,
            )
        )  # fmt: skip
    return _in_thread_order(read, comments)


def _in_thread_order(read: _Fields, comments: list[Comment]) -> tuple[Comment, ...]:
    """The comments in thread order with their depths (the file's order when none replies),
    or PageError naming the first whose parent is no comment of the file or its own reply."""
    if all(comment.parent is None for comment in comments):
        return tuple(comments)
    try:
        order, depths = thread_order(
            [comment.id for comment in comments], [comment.parent for comment in comments]
        )
    except ReplyTreeError as error:
        raise read.fail(f"comments[{error.position}].parent", error.problem) from None
    return tuple(replace(comments[p], depth=depths[p]) for p in order)
