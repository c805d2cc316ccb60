"""Reader JSON: the analysis `reader analyze --format json` prints, read back in (SPEC section
1: the round trip that lets other scrapers feed the reader).

A text is Reader JSON when it starts with "{". Every field is checked, and the first wrong one
is named in the error ("field comments[3].likes must be an integer, not a string"). Unknown
fields are ignored; ids given are kept, a missing one is computed as for a saved page.
"""

from __future__ import annotations

import json

from reader.errors import PageError
from reader.formats.base import start_of
from reader.formats.ids import comment_ids
from reader.model import OUTPUT_SCHEMA_VERSION, Article, Comment, Image
from reader.text.clean import clean_text

__all__ = ["READER_JSON", "ReaderJson"]


class ReaderJson:
    """The Reader JSON format (see the module docstring)."""

    name = "reader-json"
    title = "a Reader analysis"

    def sniff(self, text: str) -> bool:
        """A JSON object: the first non-space character is "{"."""
        return start_of(text).startswith("{")

    def parse(self, text: str, source: str) -> Article:
        """The analysis's article, or PageError naming the first wrong field."""
        return _parse_json(text.strip(), source)

    def parse_start(
        self, text: str, source: str, *, comments: int, prefix_chars: int
    ) -> Article | None:
        """None: JSON is read whole (a start of it is not JSON)."""
        return None


READER_JSON = ReaderJson()


class _JsonReader:
    """Validate the fields of a Reader analysis JSON, naming the first wrong one."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, field: str, problem: str) -> PageError:
        return PageError(f"{self.name}: field {field} {problem}")

    def string(self, data: dict[str, object], key: str, field: str, *, default: str | None = None,
               optional: bool = False) -> str | None:  # fmt: skip
        if key not in data or data[key] is None:
            if optional or default is not None:
                return default
            raise self.fail(field, "is missing")
        value = data[key]
        if not isinstance(value, str):
            raise self.fail(field, f"must be a string, not {_json_type(value)}")
        return clean_text(value)

    def required_string(self, data: dict[str, object], key: str, field: str,
                        default: str | None = None) -> str:  # fmt: skip
        value = self.string(data, key, field, default=default)
        assert value is not None
        return value

    def integer(self, data: dict[str, object], key: str, field: str) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(field, f"must be an integer, not {_json_type(value)}")
        return value

    def array(self, data: dict[str, object], key: str) -> list[object]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(key, f"must be a list, not {_json_type(value)}")
        return value

    def strings(self, data: dict[str, object], key: str) -> tuple[str, ...]:
        out = []
        for position, item in enumerate(self.array(data, key)):
            if not isinstance(item, str):
                raise self.fail(f"{key}[{position}]", f"must be a string, not {_json_type(item)}")
            out.append(clean_text(item))
        return tuple(out)

    def objects(self, data: dict[str, object], key: str) -> list[tuple[str, dict[str, object]]]:
        out = []
        for position, item in enumerate(self.array(data, key)):
            if not isinstance(item, dict):
                raise self.fail(f"{key}[{position}]", f"must be an object, not {_json_type(item)}")
            out.append((f"{key}[{position}]", item))
        return out


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


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
    data = _load(text, name)
    read = _JsonReader(name)
    schema = read.integer(data, "schema", "schema")
    if schema is not None and schema > OUTPUT_SCHEMA_VERSION:
        raise read.fail(
            "schema", f"is {schema}; this version of Reader reads {OUTPUT_SCHEMA_VERSION}"
        )
    headline = read.required_string(data, "headline", "headline")
    if not headline.strip():
        raise read.fail("headline", "is empty")
    paragraphs = read.strings(data, "paragraphs")
    images = _images(read, data, len(paragraphs))
    comment_count = _comment_count(read, data)
    comments = _comments(read, data)
    return Article(
        headline=headline,
        byline=read.string(data, "byline", "byline", optional=True),
        authors=read.strings(data, "authors"),
        outlet=read.string(data, "outlet", "outlet", optional=True),
        published=read.string(data, "published", "published", optional=True),
        paragraphs=paragraphs,
        images=images,
        comment_count=comment_count,
        comments=comments,
    )


def _images(read: _JsonReader, data: dict[str, object], paragraphs: int) -> tuple[Image, ...]:
    images = []
    for field, item in read.objects(data, "images"):
        url = read.required_string(item, "url", f"{field}.url")
        caption = read.required_string(item, "caption", f"{field}.caption", default="")
        after = read.integer(item, "after_paragraph", f"{field}.after_paragraph")
        if after is None:
            after = paragraphs - 1
        if not -1 <= after < paragraphs:
            raise read.fail(
                f"{field}.after_paragraph",
                f"is {after}; it must be -1 or an index into paragraphs (0..{paragraphs - 1})",
            )
        images.append(Image(url, caption, after))
    return tuple(images)


def _comment_count(read: _JsonReader, data: dict[str, object]) -> int | None:
    comment_count = read.integer(data, "comment_count", "comment_count")
    if comment_count is not None and comment_count < 0:
        raise read.fail("comment_count", "must not be negative")
    return comment_count


def _comments(read: _JsonReader, data: dict[str, object]) -> tuple[Comment, ...]:
    """The comments; an id given is kept, a missing one is computed as for a saved page.

    Every field of every comment is checked before any id, so a wrong field is named before
    a repeated id, as it always has been.
    """
    rows = []
    for field, item in read.objects(data, "comments"):
        author = read.required_string(item, "author", f"{field}.author", default="")
        age = read.required_string(item, "age", f"{field}.age", default="")
        body = read.required_string(item, "text", f"{field}.text")
        likes = read.integer(item, "likes", f"{field}.likes") or 0
        if likes < 0:
            raise read.fail(f"{field}.likes", "must not be negative")
        given = read.string(item, "id", f"{field}.id", optional=True)
        rows.append((field, given, author, age, body, likes))
    next_id = comment_ids()  # every comment takes its turn: ids as for a saved page
    comments = []
    seen: dict[str, str] = {}
    for field, given, author, age, body, likes in rows:
        computed = next_id(author, body)
        cid = given if given else computed
        if cid in seen:
            raise read.fail(f"{field}.id", f"repeats the id of {seen[cid]}")
        seen[cid] = field
        comments.append(Comment(id=cid, author=author, age=age, text=body, likes=likes))
    return tuple(comments)
