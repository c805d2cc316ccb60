"""Disqus exports (reader.formats.disqus): each thread with posts an article, its posts as the
reply tree (listed in any order), deleted and spam posts kept and marked, ids from Disqus's
own, references by `dsq:id` or by text, and the round trip through Reader JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.errors import PageError
from reader.export import analysis_to_dict
from reader.formats import format_of, load_articles, parse_articles, parse_page
from reader.model import Analysis

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "disqus-export.xml"
HEAD = '<?xml version="1.0"?><disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">'


def thread(dsq_id: str, title: str, link: str = "", identifier: str = "") -> str:
    return (
        f'<thread dsq:id="{dsq_id}"><id>{identifier}</id><link>{link}</link>'
        f"<title>{title}</title><message/></thread>"
    )


def post(dsq_id: str, thread_id: str, text: str, parent: str = "", **flags: str) -> str:
    parent_element = f'<parent dsq:id="{parent}"/>' if parent else ""
    flag_elements = "".join(f"<{name}>{value}</{name}>" for name, value in flags.items())
    return (
        f'<post dsq:id="{dsq_id}"><message><![CDATA[<p>{text}</p>]]></message>'
        f"<author><name>N{dsq_id}</name></author>{flag_elements}"
        f'<thread dsq:id="{thread_id}"/>{parent_element}</post>'
    )


def export(*elements: str) -> str:
    return HEAD + "".join(elements) + "</disqus>"


def test_each_thread_with_posts_is_an_article() -> None:
    articles = load_articles(FIXTURE)
    assert [a.headline for a in articles] == ["Ferry & harbour plan approved", "About us"]
    ferry, about = articles  # the tag page's thread has no posts: not an article
    assert {a.source for a in articles} == {"disqus"}
    assert ferry.url == "https://harbour.example.org/2026/10/ferry-plan/"
    assert ferry.published == "2026-10-03T08:35:00Z"
    assert ferry.paragraphs == () and about.paragraphs == ("Who writes Harbour Town News.",)
    assert ferry.authors == () and ferry.comment_count is None


def test_the_posts_are_the_reply_tree_with_deleted_and_spam_kept() -> None:
    comments = load_articles(FIXTURE)[0].comments
    assert [(c.source_id, c.depth, c.status) for c in comments] == [
        ("5001", 0, None), ("5002", 1, None), ("5003", 2, None),  # 5003 listed before 5002
        ("5005", 1, "deleted"), ("5006", 2, None), ("5004", 0, "spam"),
    ]  # fmt: skip
    by_source = {c.source_id: c for c in comments}
    assert by_source["5003"].parent == by_source["5002"].id
    assert by_source["5006"].parent == by_source["5005"].id  # a deleted post keeps its replies
    assert by_source["5005"].text == "Pull the other one, this is a cover-up."  # kept, marked
    assert by_source["5001"].text == (
        "Saw the cranes from my balcony & they're exactly where they say.\n\n"
        "Good news for the quay."
    )
    assert by_source["5003"].text == "Cllr Grey and Cllr Hart <both opposed>."
    assert by_source["5002"].author == "Bob & Co"
    assert by_source["5001"].posted == "2026-10-03T09:00:00Z"


def test_spam_wins_over_deleted() -> None:
    text = export(thread("1", "T"), post("2", "1", "x", isDeleted="true", isSpam="true"))
    assert parse_page(text).comments[0].status == "spam"


def test_ids_come_from_disqus_so_a_later_export_keeps_decisions() -> None:
    first = parse_page(export(thread("1", "T"), post("2", "1", "old"), post("3", "1", "r", "2")))
    again = parse_page(export(thread("1", "T"), post("2", "1", "new"), post("3", "1", "r!", "2")))
    assert [c.id for c in first.comments] == [c.id for c in again.comments]


def test_references_by_text_are_read_too() -> None:
    text = export(
        '<thread dsq:id="9"><id>page-1</id><title>T</title></thread>',
        '<post dsq:id="2"><id>p2</id><message>a</message><thread>page-1</thread></post>',
        '<post dsq:id="3"><id>p3</id><message>b</message><thread>page-1</thread>'
        "<parent>p2</parent></post>",
    )
    comments = parse_page(text).comments
    assert [(c.source_id, c.depth) for c in comments] == [("2", 0), ("3", 1)]


def test_posts_out_of_place_are_said_not_dropped_silently() -> None:
    text = export(
        thread("1", "T"),
        post("2", "1", "a"),
        post("3", "1", "reply to a post elsewhere", "404"),
        post("4", "77", "in a thread not exported"),
    )
    (article,) = parse_articles(text, source="d.xml")
    assert [(c.source_id, c.depth) for c in article.comments] == [("2", 0), ("3", 0)]
    orphan = 'd.xml: 1 post(s) of "T" reply to a post not in their thread; shown as replies to '
    assert article.warnings == (
        orphan + "the article",
        "d.xml: 1 post(s) name a thread not in the export; not shown",
    )


def test_a_file_whose_threads_have_no_posts_gives_them_all() -> None:
    articles = parse_articles(export(thread("1", "", "https://x.example/a"), thread("2", "B")))
    assert [a.headline for a in articles] == ["https://x.example/a", "B"]  # no title: the link


def test_an_export_with_no_threads_is_said() -> None:
    with pytest.raises(PageError, match=r"^d\.xml: is a Disqus export with no threads in it$"):
        parse_page(export(), source="d.xml")


def test_the_format_is_told_by_content() -> None:
    page_format = format_of(FIXTURE.read_text(encoding="utf-8"))
    assert page_format is not None and page_format.name == "disqus"


def test_each_article_round_trips_through_reader_json() -> None:
    for article in load_articles(FIXTURE):
        data = analysis_to_dict(Analysis(article=article, quotes=(), comments={}))
        assert parse_page(json.dumps(data)) == article
