"""Reddit thread JSON (reader.formats.reddit): the post as the article, the comments as the
reply tree, score, times, `more` stubs, deleted and removed placeholders, entities; bad files
in one line; arbitrary JSON never raises anything but PageError."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.errors import PageError
from reader.formats import format_of, load_article, parse_page
from reader.formats.reddit import REDDIT

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "fixtures" / "reddit-thread.json"


def thread(*comments: Any, post: dict[str, Any] | None = None) -> str:
    """A Reddit thread's JSON with this post (a title by default) and top-level comments."""
    post = {"title": "Harbour plan", **(post or {})}
    return json.dumps([
        {"kind": "Listing", "data": {"children": [{"kind": "t3", "data": post}]}},
        {"kind": "Listing", "data": {"children": list(comments)}},
    ])  # fmt: skip


def t1(name: str, body: str, *replies: dict[str, Any], **fields: Any) -> dict[str, Any]:
    listing = {"kind": "Listing", "data": {"children": list(replies)}} if replies else ""
    data = {"name": name, "author": "ann", "body": body, "replies": listing, **fields}
    return {"kind": "t1", "data": data}


def test_the_post_is_the_article() -> None:
    article = load_article(FIXTURE)
    assert article.source == "reddit"
    assert article.headline == "Council approves harbour plan & a new ferry"
    assert article.paragraphs == (
        "The vote was 7 to 2.", "> The ferry will run every 20 minutes", "Is that realistic?",
    )  # fmt: skip
    assert article.url == "https://news.example.org/harbour-plan?id=7&page=1"
    assert (article.authors, article.byline, article.outlet) == (
        ("harbour_watch",), None, "r/localnews",
    )  # fmt: skip
    assert article.published == "2016-01-02T03:04:05Z"
    assert article.comment_count == 14 and article.images == ()


def test_the_comments_are_the_reply_tree() -> None:
    comments = load_article(FIXTURE).comments
    by_source = {c.source_id: c for c in comments}
    assert [c.source_id for c in comments] == [
        "t1_cy6ykvm", "t1_cy6z001", "t1_cy6z002", "t1_cy6z003", "t1_cy6z004", "t1_cy6z005",
        "t1_cy6z006",
    ]  # fmt: skip
    assert [c.depth for c in comments] == [0, 1, 2, 1, 0, 1, 0]
    assert by_source["t1_cy6z002"].parent == by_source["t1_cy6z001"].id
    assert by_source["t1_cy6z003"].parent == by_source["t1_cy6ykvm"].id
    assert by_source["t1_cy6z004"].parent is None
    first = by_source["t1_cy6ykvm"]
    assert first.text == "Great news & about time.\n\n> a new ferry\n\nWhen does it start?"
    assert (first.author, first.likes, first.posted) == ("ferry_fan", 42, "2016-01-02T03:06:40Z")
    assert by_source["t1_cy6z003"].likes == -12
    assert by_source["t1_cy6z003"].text.endswith("is <10% of what it needs.")
    assert by_source["t1_cy6z005"].text == "What did they say?\nAnything useful?"  # CRLF


def test_deleted_and_removed_comments_stay_as_placeholders() -> None:
    by_source = {c.source_id: c for c in load_article(FIXTURE).comments}
    deleted, removed = by_source["t1_cy6z001"], by_source["t1_cy6z004"]
    assert (deleted.status, deleted.text, deleted.author) == ("deleted", "", "[deleted]")
    assert (removed.status, removed.text) == ("removed", "")
    assert by_source["t1_cy6z005"].parent == removed.id  # its reply keeps its place
    assert by_source["t1_cy6ykvm"].status is None


def test_more_stubs_are_counted_on_their_parent_and_in_all() -> None:
    article = load_article(FIXTURE)
    by_source = {c.source_id: c for c in article.comments}
    assert by_source["t1_cy6z002"].replies_not_saved == 4
    assert by_source["t1_cy6z006"].replies_not_saved == 1  # "continue this thread": count 0
    assert by_source["t1_cy6ykvm"].replies_not_saved == 0
    assert article.replies_not_saved == 4 + 1 + 3  # 3 under the post itself


def test_a_self_post_without_url_links_to_its_permalink_and_gone_text_is_no_paragraph() -> None:
    post = {"permalink": "/r/x/comments/1/t/", "selftext": "[removed]", "author": "[deleted]"}
    article = parse_page(thread(post=post))
    assert article.url == "https://www.reddit.com/r/x/comments/1/t/"
    assert article.paragraphs == () and article.authors == ()
    assert article.comments == () and article.published is None


def test_fields_of_the_wrong_type_are_missing_not_invented() -> None:
    odd = t1("t1_a", "text", score="12", created_utc=True, author=None)
    odd["data"].pop("name")
    odd["data"]["id"] = "a"
    article = parse_page(thread(odd, "not a comment", {"kind": "t5"},
                                post={"num_comments": -3, "created_utc": 1e30}))  # fmt: skip
    (comment,) = article.comments
    assert (comment.likes, comment.posted, comment.author) == (0, None, "")
    assert comment.source_id == "t1_a"
    assert article.comment_count is None and article.published is None


def test_hostile_text_is_shown_inertly() -> None:
    body = "\x1b]0;pwned\x07 &#x1b;[2J &amp;#x1b; \u202e &lt;b&gt; \ud800"
    article = parse_page(thread(t1("t1_\x1b", body, author="\x1b[31mred"),
                                post={"title": "T\x1b]52;c;YQ==\x07", "url": "u\nv"}))  # fmt: skip
    (comment,) = article.comments
    # an entity for a control is dropped (html.unescape, as HTML5 says); Reddit writes a
    # typed "&#x1b;" as "&amp;#x1b;", which shows as typed
    assert comment.text == "^[]0;pwned^G [2J &#x1b; <U+202E> <b> \ufffd"
    assert comment.author == "^[[31mred" and comment.source_id == "t1_^["
    assert article.headline == "T^[]52;c;YQ==^G" and article.url == "u v"


def test_the_content_not_the_name_says_reddit(tmp_path: Path) -> None:
    path = tmp_path / "thread.txt"
    path.write_bytes(FIXTURE.read_bytes())
    assert load_article(path) == load_article(FIXTURE)
    assert format_of(thread()) is REDDIT
    assert format_of(json.dumps(json.loads(thread()), sort_keys=True, indent=1)) is REDDIT


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('[{"kind": "Listing", "data": {"children": [', "looks like a Reddit thread but is not valid JSON at line 1"),
        ('[{"kind": "Listing", "data": {}}]', "its first item is not a Listing"),
        ('[{"kind": "Listing", "data": {"children": []}}]', "its first Listing holds no post"),
        ('[{"kind": "Listing", "data": {"children": [{"kind": "t1", "data": {}}]}}]',
         "its first Listing holds no post"),
        (thread().replace('"children": []', '"children": 3'), "second item is not a Listing"),
        (thread(post={"title": " \n "}), "the post has no title"),
    ],
)  # fmt: skip
def test_a_bad_thread_is_one_line_naming_the_file(text: str, words: str) -> None:
    with pytest.raises(PageError) as caught:
        parse_page(text, source="t.json")
    message = str(caught.value)
    assert message.startswith("t.json: ") and words in message and "\n" not in message


@pytest.mark.parametrize("item", [0, 1])
@pytest.mark.parametrize("sort_keys", [False, True])
def test_one_listing_saved_alone_says_what_to_save(item: int, sort_keys: bool) -> None:
    """The post's Listing (or the comments') alone went to Hacker News: "no title"."""
    listing = json.loads(FIXTURE.read_text(encoding="utf-8"))[item]
    text = json.dumps(listing, sort_keys=sort_keys, indent=1 if sort_keys else None)
    assert format_of(text) is REDDIT
    with pytest.raises(PageError) as caught:
        parse_page(text, source="r.json")
    message = str(caught.value)
    assert message.startswith("r.json: is one Reddit Listing, not a whole thread: ")
    assert ".json appended, which holds the post and its comments" in message
    assert "Hacker News" not in message and "\n" not in message


def test_a_tree_nested_past_what_json_reads_is_one_line() -> None:
    deep = '[{"kind": "Listing", "data": {"children": [' + "[" * 100_000 + "]" * 100_000 + "]}}]"
    with pytest.raises(PageError, match="t.json: is a Reddit thread nested too deeply to read"):
        parse_page(deep, source="t.json")


def test_a_thread_as_deep_as_json_reads_is_walked_without_recursion() -> None:
    levels = 150  # five levels of JSON each: under the parser's limit, over Reddit's 10
    opening = '{"kind": "t1", "data": {"name": "t1_%d", "body": "reply", "replies": ' \
              '{"kind": "Listing", "data": {"children": ['  # fmt: skip
    nested = "".join(opening % n for n in range(levels)) + "]}}}}" * levels
    text = thread().replace('"children": []', f'"children": [{nested}]')
    comments = parse_page(text).comments
    assert len(comments) == levels and comments[-1].depth == levels - 1
    assert comments[-1].parent == comments[-2].id


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(
        st.sampled_from(["kind", "data", "children", "replies", "body", "name", "title",
                         "score", "created_utc", "count", "author", "url", "selftext"]),
        inner, max_size=6,
    ),
    max_leaves=30,
)  # fmt: skip
SHAPES = st.sampled_from(["Listing", "t1", "t3", "more"])


@settings(max_examples=300, deadline=None)
@given(JSON, JSON, SHAPES)
def test_any_json_gives_an_article_or_a_page_error(post: Any, comments: Any, kind: str) -> None:
    built = [
        {"kind": "Listing", "data": {"children": [{"kind": "t3", "data": post}]}},
        {"kind": kind, "data": {"children": [comments, {"kind": kind, "data": comments}]}},
    ]
    for value in (built, [post, comments], post):
        try:
            REDDIT.parse(json.dumps(value), "fuzz.json")
        except PageError as error:
            assert "\n" not in str(error)


def test_the_measurement_script_checks_each_parent_against_the_nesting(tmp_path: Path) -> None:
    """benchmarks/reddit_threads.py, over the fixture laid out as the shared data is."""
    threads = tmp_path / "threads" / "dev"
    threads.mkdir(parents=True)
    (threads / "3z1abc.json").write_bytes(FIXTURE.read_bytes())
    labels = [{"thread": "3z1abc", "id": "cy6z002", "in_reply_to": "cy6z001"},
              {"thread": "3z1abc", "id": "cy6z005", "in_reply_to": "cy6z004"},
              {"thread": "3z1abc", "id": "cy6ykvm", "in_reply_to": "3z1abc"}]  # fmt: skip
    (tmp_path / "dev.jsonl").write_text("\n".join(map(json.dumps, labels)), encoding="utf-8")
    script = REPO / "benchmarks" / "reddit_threads.py"

    def run(data: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(script), "--data", str(data)], check=False,
                              capture_output=True, text=True, timeout=300)  # fmt: skip

    result = run(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    figures = dict(line.rsplit(None, 1) for line in result.stdout.splitlines())
    assert figures["comments"] == "7" and figures["not saved"] == "8"
    assert figures["parent mismatches"] == "0" and figures["labelled checked"] == "3"
    assert figures["labelled mismatches"] == "0" and figures["placeholders"] == "2"
    missing = run(tmp_path / "absent")
    assert missing.returncode == 0 and "skipped" in missing.stderr
