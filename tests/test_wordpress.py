"""WordPress exports (reader.formats.wordpress): each post or page an article, its comments
as the reply tree with their status kept and marked, ids from WordPress's own, the body's
captioned images where they stood, and the round trip through Reader JSON."""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from reader.errors import PageError
from reader.export import analysis_to_dict
from reader.formats import format_of, load_article, load_articles, parse_articles, parse_page
from reader.model import Analysis, Article

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "wordpress-export.xml"
HEAD = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n'
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">'
    "<channel><title>Site</title>"
)


def comment(source_id: str, text: str, parent: str = "0", approved: str = "1") -> str:
    return (
        f"<wp:comment><wp:comment_id>{source_id}</wp:comment_id>"
        f"<wp:comment_author>A{source_id}</wp:comment_author>"
        f"<wp:comment_content><![CDATA[{text}]]></wp:comment_content>"
        f"<wp:comment_approved>{approved}</wp:comment_approved>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
    )


def item(title: str, *comments: str, post_type: str = "post", body: str = "Body.") -> str:
    return (
        f"<item><title>{escape(title)}</title><wp:post_type>{post_type}</wp:post_type>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded>{''.join(comments)}</item>"
    )


def wxr(*items: str) -> str:
    return HEAD + "".join(items) + "</channel></rss>"


def test_each_post_and_page_is_an_article_in_file_order() -> None:
    articles = load_articles(FIXTURE)
    assert [a.headline for a in articles] == ["Ferry & harbour plan approved", "About us"]
    assert {a.source for a in articles} == {"wordpress"}
    post, page = articles
    assert post.authors == ("Jo Bloggs",)  # the login's display name
    assert page.authors == ("editor",)  # a login the export does not list: as written
    assert post.byline is None and post.outlet == "Harbour Town News"
    assert post.url == "https://harbour.example.org/2026/10/ferry-plan/"
    assert post.published == "2026-10-03T08:30:00Z"  # wp:post_date_gmt
    assert page.published == "2026-01-01T12:00:00Z"  # no GMT date: pubDate
    assert post.comment_count is None  # WXR gives no count of its own
    assert load_article(FIXTURE) == post  # one article asked for: the first


def test_the_body_keeps_paragraphs_and_captioned_images_where_they_stood() -> None:
    post, page = load_articles(FIXTURE)
    assert post.paragraphs == (
        "The council voted 7 to 2 on Monday for the new ferry & harbour plan.",
        "'We will build it,' said Mayor Jo Bloggs. Work starts in spring\xa02027.",
        "Critics called the cost “a disaster”.",
    )
    assert [(i.url.rsplit("/", 1)[1], i.caption, i.after_paragraph) for i in post.images] == [
        ("quay.jpg", "The old quay, where the ferry will berth", 0),
        ("map.png", "The route across the bay – 20 minutes", 1),
    ]
    assert page.paragraphs == (
        "Harbour Town News is written by volunteers.",
        "Write to us at the old post office.",
    )


def test_the_comments_are_the_reply_tree_with_status_kept() -> None:
    comments = load_articles(FIXTURE)[0].comments
    assert [(c.source_id, c.depth, c.status) for c in comments] == [
        ("101", 0, None), ("102", 1, None), ("104", 2, None), ("105", 1, "trash"),
        ("103", 0, "spam"), ("106", 0, "pending"),
    ]  # fmt: skip
    by_source = {c.source_id: c for c in comments}
    assert by_source["102"].parent == by_source["101"].id
    assert by_source["104"].parent == by_source["102"].id
    assert by_source["101"].parent is None
    assert by_source["101"].text == (
        "Saw the cranes from my balcony & they're exactly where they say.\n\n"
        "Good news for the quay."
    )  # entities decoded, tags read as text, the blank line a paragraph break
    assert by_source["104"].text == "Cllr Grey and Cllr Hart <both opposed>."
    assert by_source["102"].author == "Bob & Co"
    assert by_source["101"].posted == "2026-10-03T09:00:00Z"
    assert by_source["106"].posted is None  # "0000-00-00 00:00:00"
    assert all(c.likes == 0 and c.age == "" for c in comments)


def test_ids_come_from_wordpress_so_a_later_export_keeps_decisions() -> None:
    first = parse_page(wxr(item("T", comment("7", "Old text"), comment("8", "Re", "7"))))
    again = parse_page(wxr(item("T", comment("7", "Edited text"), comment("8", "Re!", "7"))))
    assert [c.id for c in first.comments] == [c.id for c in again.comments]
    assert first.comments[0].id.startswith("s")


@pytest.mark.parametrize(
    ("approved", "status"),
    [("1", None), ("0", "pending"), ("spam", "spam"), ("trash", "trash"),
     ("post-trashed", "trash"), ("odd\x1b[31m", "odd^[[31m")],
)  # fmt: skip
def test_each_approval_is_a_status(approved: str, status: str | None) -> None:
    article = parse_page(wxr(item("T", comment("1", "x", approved=escape(approved)))))
    assert article.comments[0].status == status


def test_a_reply_to_a_comment_not_in_the_export_is_kept_at_the_top_with_a_warning() -> None:
    article = parse_page(wxr(item("T", comment("1", "a"), comment("2", "b", "99"))), source="e.xml")
    assert [(c.source_id, c.depth, c.parent) for c in article.comments] == [
        ("1", 0, None), ("2", 0, None),
    ]  # fmt: skip
    warning = 'e.xml: 1 comment(s) of "T" reply to a comment not in the export; shown as '
    assert article.warnings == (warning + "replies to the post",)


def test_a_loop_of_replies_is_refused_naming_the_comment() -> None:
    with pytest.raises(PageError) as caught:
        parse_page(wxr(item("T", comment("1", "a", "2"), comment("2", "b", "1"))), source="e.xml")
    assert str(caught.value) == "e.xml: comment 1 is a reply to itself or to one of its own replies"


def test_other_items_are_articles_only_when_they_have_comments() -> None:
    text = wxr(
        item("Menu", post_type="nav_menu_item"),
        item("Photo", comment("1", "Nice photo"), post_type="attachment"),
        item("Draft"),
    )
    assert [a.headline for a in parse_articles(text)] == ["Photo", "Draft"]


def test_an_export_with_no_posts_and_an_untitled_post() -> None:
    with pytest.raises(PageError, match=r"^e\.xml: is a WordPress export with no posts"):
        parse_page(wxr(item("Menu", post_type="nav_menu_item")), source="e.xml")
    assert parse_page(wxr(item(""))).headline == "(no title)"  # as WordPress shows it


def test_the_format_is_told_by_content() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    page_format = format_of(text)
    assert page_format is not None and page_format.name == "wordpress"
    rss = text.replace("wordpress.org/export", "example.org/feed")  # a plain RSS feed
    assert format_of(rss) is None or format_of(rss).name != "wordpress"  # type: ignore[union-attr]


@pytest.mark.parametrize("index", [0, 1])
def test_each_article_round_trips_through_reader_json(index: int) -> None:
    article = load_articles(FIXTURE)[index]
    data = analysis_to_dict(Analysis(article=article, quotes=(), comments={}))
    back: Article = parse_page(json.dumps(data))
    assert back == article and back.source == "wordpress"
    assert [c.status for c in back.comments] == [c.status for c in article.comments]
