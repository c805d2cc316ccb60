"""Reader JSON input checked by msgspec.convert (reader.formats.reader_json): the first wrong
field is named in the same words, and the same one whatever order the file's keys come in."""

from __future__ import annotations

import json

import pytest

from reader.errors import PageError
from reader.formats import parse_page


def _error(text: str) -> str:
    with pytest.raises(PageError) as caught:
        parse_page(text, source="in.json")
    return str(caught.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        # a newer schema is named before anything else is checked
        ({"comments": 3, "headline": 5, "schema": 2}, "field schema is 2; this version of"),
        ({"paragraphs": [1], "headline": " "}, "field headline is empty"),
        ({"headline": None}, "field headline is missing"),
        # an image out of range is named before a later field's wrong type
        (
            {"comments": [{"likes": "x"}], "headline": "H",
             "images": [{"after_paragraph": 0, "url": "u"}]},
            "field images[0].after_paragraph is 0; it must be -1 or an index into paragraphs",
        ),
        # an item that is not an object is named before an earlier item's wrong field
        ({"headline": "H", "comments": [{"author": 1}, "x"]},
         "field comments[1] must be an object, not a string"),
        ({"headline": "H", "images": [{}, None]}, "field images[1] must be an object, not null"),
        # within an item: its fields in one order (author, age, text, likes, id), not the file's
        ({"headline": "H", "comments": [{"id": 3, "likes": "1", "text": "t"}]},
         "field comments[0].likes must be an integer, not a string"),
        ({"headline": "H", "comments": [{"text": "t", "depth": -1, "parent": 2}]},
         "field comments[0].parent must be a string, not a number"),
        ({"headline": "H", "comments": [{"text": "t", "replies_not_saved": -1}]},
         "field comments[0].replies_not_saved must not be negative"),
        ({"headline": "H", "comments": [{"text": "a", "id": "a", "parent": "b"}]},
         "field comments[0].parent names 'b', which is no comment's id"),
        ({"headline": "H", "comments": [{"text": "a", "id": "a", "parent": "b"},
                                        {"text": "b", "id": "b", "parent": "a"}]},
         "field comments[0].parent is a reply to itself or to one of its own replies"),
        ({"headline": "H", "url": 5}, "field url must be a string, not a number"),
        ({"headline": "H", "replies_not_saved": -2}, "field replies_not_saved must not be negative"),
        ({"headline": "H", "comments": [{"likes": 1.0, "author": "A"}]},
         "field comments[0].text is missing"),
        ({"headline": "H", "comments": [{"text": None}]}, "field comments[0].text is missing"),
        ({"headline": "H", "comments": [{"text": "t", "id": 7}]},
         "field comments[0].id must be a string, not a number"),
        ({"headline": "H", "images": [{"caption": 3}]}, "field images[0].url is missing"),
        ({"headline": "H", "comment_count": -1}, "field comment_count must not be negative"),
        ({"headline": "H", "comment_count": 2.0},
         "field comment_count must be an integer, not a number"),
        ({"headline": "H", "byline": ["B"]}, "field byline must be a string, not a list"),
        ({"headline": "H", "outlet": {"a": 1}}, "field outlet must be a string, not an object"),
        # every comment's fields before any repeated id, and ids before the byline
        ({"headline": "H", "byline": 2,
          "comments": [{"text": "a"}, {"text": "a", "id": "c1"}, {"text": "a", "id": "c1"}]},
         "field comments[2].id repeats the id of comments[1]"),
    ],
)  # fmt: skip
def test_the_first_wrong_field_is_named_in_one_fixed_order(
    data: dict[str, object], message: str
) -> None:
    assert _error(json.dumps(data)).startswith(f"in.json: {message}")
    reversed_keys = dict(reversed(list(data.items())))
    assert _error(json.dumps(reversed_keys)) == _error(json.dumps(data))


def test_huge_numbers_and_lone_surrogate_escapes_are_read_as_before() -> None:
    """json.loads parses: msgspec's own parser refuses "\\ud800", which Reader has read (and
    cleaned to U+FFFD) since the start."""
    text = '{"headline": "H \\ud800", "comments": [{"text": "t", "likes": 100000000000000000000}]}'
    article = parse_page(text, source="in.json")
    assert article.headline == "H \ufffd"
    assert article.comments[0].likes == 10**20
