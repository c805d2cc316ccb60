"""Hacker News threads from the Algolia items API (reader.formats.hacker_news): the story as
the article, the `children` tree, comment HTML as clean text (reader.formats.fragment_text),
deleted placeholders; bad files in one line; arbitrary JSON never raises but PageError."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.errors import PageError
from reader.formats import comment_id, format_of, load_article, parse_page
from reader.formats.fragment_text import fragment_paragraphs, fragment_text
from reader.formats.hacker_news import HACKER_NEWS
from reader.formats.ids import source_comment_ids

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "hacker-news-story.json"


def story(*children: dict[str, Any], **fields: Any) -> str:
    item = {"id": 1, "created_at_i": 1160418111, "type": "story", "author": "pg",
            "title": "Y Combinator", "url": "http://ycombinator.com", "text": None,
            "children": list(children), **fields}  # fmt: skip
    return json.dumps(item)


def comment(item_id: int, text: str | None, *children: dict[str, Any], **fields: Any) -> Any:
    return {"id": item_id, "type": "comment", "author": "sama", "text": text,
            "points": None, "children": list(children), **fields}  # fmt: skip


def test_the_story_is_the_article() -> None:
    article = load_article(FIXTURE)
    assert article.source == "hacker-news"
    assert article.headline == "Ask HN: Is a harbour ferry timetable worth open-sourcing?"
    assert article.paragraphs == ("I built one over a weekend.", "Feedback welcome & thanks.")
    assert article.url == "https://news.ycombinator.com/item?id=8863000"  # an Ask HN: its page
    assert (article.authors, article.published) == (("timetabler",), "2016-01-02T03:04:05Z")
    assert article.comment_count is None and article.replies_not_saved == 0
    linked = parse_page(story())
    assert linked.url == "http://ycombinator.com" and linked.paragraphs == ()


def test_the_children_are_the_reply_tree_with_html_as_text() -> None:
    comments = load_article(FIXTURE).comments
    assert [(c.source_id, c.depth) for c in comments] == [
        ("8863001", 0), ("8863002", 1), ("8863003", 2), ("8863004", 1), ("8863005", 0),
    ]  # fmt: skip
    first, deleted, reply, code, last = comments
    assert (deleted.parent, reply.parent, code.parent) == (first.id, deleted.id, first.id)
    assert first.text == (
        "Nice work.\n\nSee https://example.org/timetables/harbour/2016/winter-schedule"
        " for the old one."
    )  # the link text HN cut short with "..." is its address
    assert reply.text == "What did they say? It's gone."
    assert code.text == (
        "Here is how I read it:\n\n  for line in open(path):\n      print(line)\n\n"
        "Works <fine> for me."
    )
    assert last.text == "I'd use a simpler format, myself."
    assert (first.likes, code.likes) == (0, 3)  # comments have no points, save where given
    assert first.posted == "2016-01-02T03:10:00Z"
    assert last.posted == "2016-01-02T04:00:00Z"  # from created_at alone


def test_a_deleted_comment_stays_as_a_placeholder() -> None:
    deleted = load_article(FIXTURE).comments[1]
    # Its author as HN and Reddit show one, not blank; its id as before (from its HN id).
    assert (deleted.status, deleted.author, deleted.text) == ("deleted", "[deleted]", "")
    assert deleted.id == source_comment_ids("hacker-news")(deleted.source_id, "", "")
    without_id: dict[str, Any] = {"author": None, "text": None, "children": []}
    placeholder = parse_page(story(without_id)).comments[0]
    assert placeholder.author == "[deleted]" and placeholder.id == comment_id("", "")
    kept = parse_page(story(comment(2, "<p>hi", author=None))).comments[0]
    assert kept.status is None and kept.text == "hi"  # an author gone, the text still there


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("plain &amp; simple", "plain & simple"),
        ("one<p>two<p>three", "one\n\ntwo\n\nthree"),
        ('<a href="https://x.org/a">https://x.org/a</a>', "https://x.org/a"),
        ('<a href="https://x.org/long/path">https://x.org/lo...</a>', "https://x.org/long/path"),
        ('<a href="https://x.org">the site</a>', "the site"),
        ('<a href="https://x.org"></a>', "https://x.org"),
        ("line<br>break", "line\nbreak"),
        ("a  lot   of\nspace", "a lot of space"),
        ("<pre><code>  indented\n\n  kept\n</code></pre>", "  indented\n\n  kept"),
        ("x<script>alert(1)</script><style>p{}</style>y<!-- hidden -->z", "xyz"),
        ("<p></p><p> </p>", ""),
        ("unclosed <i>tag", "unclosed tag"),
        ("&#x1b;[2J\x1b]0;t\x07 \u202e &#8238; \ud800", "^[[2J^[]0;t^G <U+202E> <U+202E> \ufffd"),
        ("<b>" * 100 + "deep", "deep"),
    ],
)
def test_comment_html_becomes_clean_text(markup: str, text: str) -> None:
    assert fragment_text(markup) == text


def test_paragraphs_are_never_empty() -> None:
    assert fragment_paragraphs("<p><p>a<p><p>") == ["a"]
    assert fragment_paragraphs("") == []


def test_the_content_not_the_name_says_hacker_news(tmp_path: Path) -> None:
    path = tmp_path / "item.txt"
    path.write_bytes(FIXTURE.read_bytes())
    assert load_article(path) == load_article(FIXTURE)
    assert format_of(story()) is HACKER_NEWS


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"id": 1, "created_at_i": 3, "title": "T", "children": [', "looks like a Hacker News thread but is not valid JSON"),
        (story(children=3), "its children are not a list"),
        (story(title=None), "no title"),
        (story(title=None, type="comment"), "a comment, not a story"),
        ('{"by": "pg", "descendants": 3, "kids": [2], "id": 1, "title": "T", "type": "story"}',
         "an item of the Firebase API, which lists no replies; save https://hn.algolia.com/"),
    ],
)  # fmt: skip
def test_a_bad_thread_is_one_line_naming_the_file(text: str, words: str) -> None:
    with pytest.raises(PageError) as caught:
        parse_page(text, source="hn.json")
    message = str(caught.value)
    assert message.startswith("hn.json: ") and words in message and "\n" not in message


def test_a_tree_nested_past_what_json_reads_is_one_line() -> None:
    deep = '{"created_at_i": 1, "title": "T", "children": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(PageError, match="is a Hacker News thread nested too deeply to read"):
        parse_page(deep, source="hn.json")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(
        st.sampled_from(["id", "author", "text", "title", "url", "points", "children",
                         "created_at", "created_at_i", "type", "kids"]),
        inner, max_size=6,
    ),
    max_leaves=30,
)  # fmt: skip
MARKUP = st.lists(
    st.sampled_from(["<p>", "<a href='x'>", "</a>", "<pre>", "<code>", "&amp;", "&#0;",
                     "&#x1b;", "\x1b", "\x00", "\ud800", "<!--", "-->", "<", ">", "word", " "]),
    max_size=20,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(JSON, st.lists(JSON, max_size=4))
def test_any_json_gives_an_article_or_a_page_error(item: Any, children: list[Any]) -> None:
    for value in ({"created_at_i": 1, "title": "T", "children": children}, item, children):
        try:
            HACKER_NEWS.parse(json.dumps(value), "fuzz.json")
        except PageError as error:
            assert "\n" not in str(error)


@settings(max_examples=300, deadline=None)
@given(MARKUP)
def test_any_markup_gives_clean_text(markup: str) -> None:
    text = fragment_text(markup)
    assert not any(ord(c) < 0x20 and c not in "\n\t" for c in text)
    assert "\ud800" not in text and "\x7f" not in text
