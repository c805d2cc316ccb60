"""The reply tree in the model and the output (SPEC 1b and 2): the tree fields of each
comment, thread order, ids that survive saving a thread again, `source`, the JSON and CSV
fields, and the round trip of every format through Reader JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.errors import PageError
from reader.export import analysis_to_dict, csv_columns, csv_rows, json_line
from reader.formats import load_article, load_articles, parse_page, sample_path
from reader.formats.ids import source_comment_ids
from reader.formats.reply_tree import ReplyTreeError, thread_order, walk_nested
from reader.model import Analysis, Article, Comment
from reader.pipeline.run import analyze

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
THREADS = ["reddit-thread.json", "hacker-news-story.json"]


def bare(article: Article) -> Analysis:
    return Analysis(article=article, quotes=(), comments={})


def test_a_comment_without_tree_fields_is_a_reply_to_the_article() -> None:
    made = Comment("c1", "Ann", "2h ago", "Text.", 3)
    assert (made.parent, made.depth, made.source_id, made.posted, made.status) == (
        None, 0, None, None, None,
    )  # fmt: skip
    assert made.replies_not_saved == 0
    reply = Comment("c2", "Bo", "", "Yes.", -4, parent="c1", depth=1, status="removed")
    assert repr(reply) == (
        "Comment(id='c2', author='Bo', age='', text='Yes.', likes=-4, parent='c1', depth=1,"
        " status='removed')"
    )
    article = Article(headline="H")
    assert (article.url, article.source, article.replies_not_saved) == (None, "saved-page", 0)


def test_a_saved_page_keeps_its_ids_and_has_no_tree() -> None:
    article = load_article(sample_path())
    assert article.source == "saved-page" and article.url is None
    assert all(c.parent is None and c.depth == 0 and c.source_id is None for c in article.comments)
    assert all(c.id.startswith("c") and len(c.id) in (13, 15) for c in article.comments)


@pytest.mark.parametrize("name", THREADS)
def test_thread_order_each_comment_after_its_parent_one_deeper(name: str) -> None:
    comments = load_article(FIXTURES / name).comments
    seen: dict[str, int] = {}
    for comment in comments:
        if comment.parent is None:
            assert comment.depth == 0
        else:
            assert comment.depth == seen[comment.parent] + 1  # the parent came before
        seen[comment.id] = comment.depth
    # depth first: a comment's replies follow it before its next sibling
    for position, comment in enumerate(comments[1:], 1):
        assert comment.depth <= comments[position - 1].depth + 1


def test_ids_come_from_the_sites_ids_so_a_thread_saved_again_keeps_them(tmp_path: Path) -> None:
    first = load_article(FIXTURES / "reddit-thread.json")
    data = json.loads((FIXTURES / "reddit-thread.json").read_text(encoding="utf-8"))
    top = data[1]["data"]["children"]
    top[0]["data"]["body"] = "Edited: great news."  # an edit, a new score, a new comment
    top[0]["data"]["score"] = 99
    top.insert(0, {"kind": "t1", "data": {"name": "t1_new1", "author": "late", "body": "Hi"}})
    again = tmp_path / "again.json"
    again.write_text(json.dumps(data), encoding="utf-8")
    second = load_article(again)
    by_source = {c.source_id: c.id for c in second.comments}
    assert all(by_source[c.source_id] == c.id for c in first.comments)
    assert second.comments[1].text == "Edited: great news." and second.comments[1].likes == 99


def test_source_ids_hash_the_format_and_the_id_and_number_repeats() -> None:
    next_id = source_comment_ids("reddit")
    ids = [next_id("t1_a", "A", "x"), next_id("t1_b", "A", "x"), next_id("t1_a", "B", "y")]
    assert ids[0] != ids[1] and ids[2] == ids[0] + "-2"
    assert ids[0].startswith("s") and len(ids[0]) == 13
    assert source_comment_ids("hacker-news")("t1_a", "A", "x") != ids[0]
    assert next_id(None, "A", "x").startswith("c")  # no site id: the content id


@pytest.mark.parametrize("name", [*THREADS, "analysis.json", "likes-and-ages.txt"])
def test_every_format_round_trips_through_reader_json(name: str) -> None:
    article = load_article(FIXTURES / name)
    again = parse_page(json.dumps(analysis_to_dict(bare(article))), source="again.json")
    assert again == article
    assert again.source == article.source  # the format first read, not "reader-json"
    assert [c.depth for c in again.comments] == [c.depth for c in article.comments]


def test_the_analysis_round_trips_whole(tmp_path: Path) -> None:
    """analyze -> JSON -> read -> analyze gives the same JSON, tree and analysis included."""
    first = analysis_to_dict(analyze(load_article(FIXTURES / "reddit-thread.json")))
    saved = tmp_path / "analysis.json"
    saved.write_text(json.dumps(first), encoding="utf-8")
    assert analysis_to_dict(analyze(load_article(saved))) == first


def test_reader_json_without_a_source_is_reader_json_and_reorders_replies() -> None:
    """Another scraper's file may list a reply before the comment it answers."""
    data = {
        "headline": "H",
        "comments": [
            {"id": "r", "text": "reply", "parent": "a", "depth": 7},
            {"id": "b", "text": "second"},
            {"id": "a", "text": "first"},
            {"id": "rr", "text": "reply to reply", "parent": "r"},
        ],
    }
    article = parse_page(json.dumps(data))
    assert article.source == "reader-json" and article.replies_not_saved == 0
    assert [(c.id, c.parent, c.depth) for c in article.comments] == [
        ("b", None, 0), ("a", None, 0), ("r", "a", 1), ("rr", "r", 2),
    ]  # fmt: skip


def test_json_has_the_tree_fields_in_spec_order() -> None:
    data = analysis_to_dict(bare(load_article(FIXTURES / "reddit-thread.json")))
    keys = list(data)
    assert keys[keys.index("comment_count") + 1 : keys.index("quotes")] == [
        "url", "source", "replies_not_saved",
    ]  # fmt: skip
    assert data["source"] == "reddit" and data["replies_not_saved"] == 8
    assert data["url"] == "https://news.example.org/harbour-plan?id=7&page=1"
    second = data["comments"][1]
    assert list(second)[:11] == [
        "id", "author", "age", "text", "likes", "parent", "depth", "source_id", "posted",
        "status", "replies_not_saved",
    ]  # fmt: skip
    assert second["parent"] == data["comments"][0]["id"] and second["depth"] == 1
    assert (second["source_id"], second["status"]) == ("t1_cy6z001", "deleted")
    assert second["posted"] == "2016-01-02T03:08:20Z"


def test_csv_keeps_the_spec_columns_first_and_adds_the_tree_after_the_text() -> None:
    analysis = bare(load_article(FIXTURES / "reddit-thread.json"))
    header, first, second, *_ = csv_rows(analysis)
    assert header == csv_columns()
    assert header[:4] == ["id", "author", "age", "likes"]
    assert header[header.index("text") + 1 :] == ["parent", "depth", "posted", "status"]
    assert first[-4:] == ["", "0", "2016-01-02T03:06:40Z", ""]
    assert second[-4:] == [first[0], "1", "2016-01-02T03:08:20Z", "deleted"]


def test_reply_tree_walks_a_chain_deeper_than_the_recursion_limit() -> None:
    count = 100_000
    ids = [f"c{n}" for n in range(count)]
    order, depths = thread_order(ids, [None, *ids[:-1]])
    assert order == list(range(count)) and depths[-1] == count - 1
    nested: list[object] = []
    node = nested
    for _ in range(count):  # [[[...]]] as nested lists: each a node whose children it holds
        child: list[object] = []
        node.append(child)
        node = child
    walked = list(walk_nested(nested, lambda n: n if isinstance(n, list) else []))
    assert len(walked) == count and walked[-1][1:] == (count - 1, count - 2)


def test_reader_json_of_a_very_deep_tree_reads_back() -> None:
    count = 5_000
    comments = [{"id": f"c{n}", "text": "t", "parent": f"c{n - 1}" if n else None}
                for n in range(count)]  # fmt: skip
    article = parse_page(json.dumps({"headline": "Deep", "comments": comments}))
    assert article.comments[-1].depth == count - 1


def test_a_bad_parent_is_named() -> None:
    with pytest.raises(ReplyTreeError) as caught:
        thread_order(["a", "b"], [None, "zz"])
    assert caught.value.position == 1
    with pytest.raises(PageError, match=r"comments\[0\]\.parent is a reply to itself"):
        parse_page(json.dumps({"headline": "H", "comments": [{"id": "a", "text": "t",
                                                                "parent": "a"}]}))  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-1, 12), max_size=12))
def test_thread_order_of_any_forest_puts_parents_first(picks: list[int]) -> None:
    ids = [f"c{n}" for n in range(len(picks))]
    parents = [ids[p] if 0 <= p < n else None for n, p in enumerate(picks)]  # only earlier
    shuffled = list(reversed(range(len(ids))))
    order, depths = thread_order([ids[p] for p in shuffled], [parents[p] for p in shuffled])
    placed: dict[str, int] = {}
    for position in order:
        original = shuffled[position]
        parent = parents[original]
        assert parent is None or parent in placed
        assert depths[position] == (0 if parent is None else placed[parent] + 1)
        placed[ids[original]] = depths[position]
    assert len(placed) == len(ids)


@pytest.mark.parametrize("name", ["wordpress-export.xml", "disqus-export.xml"])
def test_a_file_of_several_articles_round_trips_through_json_lines(
    name: str, tmp_path: Path
) -> None:
    """`reader analyze` of an export prints one JSON line per article; that file
    reads back as the same articles, in order, each with its tree."""
    articles = load_articles(FIXTURES / name)
    assert len(articles) > 1
    lines = [
        json_line({**analysis_to_dict(bare(article)), "file": name, "article": n})
        for n, article in enumerate(articles, 1)
    ]
    saved = tmp_path / "analysis.jsonl"
    saved.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert load_articles(saved) == articles
    assert load_article(saved) == articles[0]


def test_a_wrong_line_of_json_lines_is_named_by_its_number(tmp_path: Path) -> None:
    saved = tmp_path / "analysis.jsonl"
    saved.write_text('{"headline": "One"}\n\n{"headline": 3}\n', encoding="utf-8")
    with pytest.raises(PageError, match=r"analysis\.jsonl line 3: field headline must be a "
                                        r"string, not a number"):
        load_articles(saved)


def test_one_indented_document_is_not_json_lines() -> None:
    article = load_article(FIXTURES / "analysis.json")
    text = json.dumps(analysis_to_dict(bare(article)), indent=2)
    assert parse_page(text, source="a.json") == article
