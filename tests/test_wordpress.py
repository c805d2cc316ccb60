"""WordPress exports (reader.formats.wordpress): each post or page an article, its comments
as the reply tree with their status kept and marked, ids from WordPress's own, the body's
captioned images where they stood, and the round trip through Reader JSON."""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.errors import PageError
from reader.export import analysis_to_dict
from reader.formats import format_of, load_article, load_articles, parse_articles, parse_page
from reader.formats.fragment_text import plain_line
from reader.formats.safe_xml import (
    children_named,
    export_records,
    fields_of,
    local_name,
    parse_export_xml,
)
from reader.formats.wordpress_items import _add_author, _article, _is_article, read_wordpress
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


def read_whole_tree(text: str, source: str) -> tuple[Article, ...]:
    """The export read as it was before items were read one at a time: the whole tree
    parsed, then the channel's title, its authors and its items."""
    root = parse_export_xml(text, source, "a WordPress export")
    channel = next(children_named(root, "channel"), None)
    if local_name(root) != "rss" or channel is None:
        raise PageError(f"{source}: is XML but not a WordPress export (no <rss><channel>)")
    site = plain_line(fields_of(channel).get("title")) or None
    names: dict[str, str] = {}
    for author in children_named(channel, "author"):
        _add_author(author, names)
    items = [item for item in children_named(channel, "item") if _is_article(item)]
    articles = tuple(_article(item, source, site, names)[0] for item in items)
    if not articles:
        raise PageError(f"{source}: is a WordPress export with no posts or pages in it")
    return articles


def outcome(read: object, text: str) -> object:
    """What a reading gives: each article with its warnings (not in Article's equality), or
    its one-line error."""
    assert callable(read)
    try:
        articles = read(text, "e.xml")
    except PageError as error:
        return str(error)
    return [(article, article.warnings) for article in articles]


def assert_read_as_whole(text: str) -> None:
    assert outcome(read_wordpress, text) == outcome(read_whole_tree, text)


def author(login: str, shown: str) -> str:
    return (
        f"<wp:author><wp:author_login>{login}</wp:author_login>"
        f"<wp:author_display_name>{shown}</wp:author_display_name></wp:author>"
    )


def full_item(number: int, *comments: str, post_type: str = "post", creator: str = "jo") -> str:
    return (
        f"<item><title>Post {number}</title><link>https://e.org/{number}/</link>"
        f"<dc:creator>{creator}</dc:creator><wp:post_date_gmt>2026-10-0{number % 9 + 1} "
        f"08:30:00</wp:post_date_gmt><wp:post_type>{post_type}</wp:post_type>"
        f'<content:encoded><![CDATA[Para {number}.\n\n[caption id="a"]<img src="/{number}.jpg"'
        f" /> Cap {number}[/caption]\n\n<figure><img src='/f.png'/><figcaption>F</figcaption>"
        f"</figure>End.]]></content:encoded>{''.join(comments)}</item>"
    )


def generated_export(posts: int = 40, seed: int = 7) -> str:
    """An export with replies (and replies to comments not in it), every status, pages,
    attachments with comments and without, menu items, and listed and unlisted authors."""
    import random

    rng = random.Random(seed)
    types = ("post", "post", "page", "attachment", "nav_menu_item", "")
    approvals = ("1", "1", "1", "0", "hold", "spam", "trash", "post-trashed", "approve")
    parts = [author("jo", "Jo Bloggs"), author("ann", "Ann &amp; Co")]
    number = 0
    for post in range(posts):
        comments = []
        first = number + 1
        for _ in range(rng.randrange(6)):
            number += 1
            parent = rng.choice(("0", str(rng.randrange(first, number + 1)), "99999"))
            parent = "0" if parent == str(number) else parent
            comments.append(
                comment(str(number), f"C {number}\n\nmore", parent, rng.choice(approvals))
            )
        creator = rng.choice(("jo", "ann", "editor", ""))
        parts.append(full_item(post, *comments, post_type=rng.choice(types), creator=creator))
    return wxr(*parts)


def test_items_read_one_at_a_time_give_what_the_whole_tree_gave() -> None:
    text = generated_export()
    articles = read_wordpress(text, "e.xml")
    assert len(articles) > 20 and sum(len(a.comments) for a in articles) > 60
    assert {c.status for a in articles for c in a.comments} == {None, "pending", "spam", "trash"}
    assert any(a.warnings for a in articles) and any(c.depth for a in articles for c in a.comments)
    assert_read_as_whole(text)
    assert_read_as_whole(FIXTURE.read_text(encoding="utf-8"))


def test_a_title_and_authors_after_the_items_are_still_the_channels() -> None:
    """WordPress writes them first; a file that puts them last (or twice) reads as before:
    the first title is the outlet, a later author entry of the same login wins."""
    items = [full_item(1, creator="jo"), full_item(2, creator="ann")]
    text = (
        HEAD.replace("<title>Site</title>", "")
        + "".join(items)
        + (
            "<title>Late</title><title>Later</title>"
            f"{author('jo', 'Jo')}{author('ann', 'Ann')}{author('jo', 'Jo B')}</channel></rss>"
        )
    )
    articles = read_wordpress(text, "e.xml")
    assert [(a.outlet, a.authors) for a in articles] == [("Late", ("Jo B",)), ("Late", ("Ann",))]
    assert_read_as_whole(text)


def test_a_malformed_item_mid_file_is_the_same_one_line_error() -> None:
    good = [full_item(n, comment(str(n), "x")) for n in range(5)]
    loop = full_item(9, comment("1", "a", "2"), comment("2", "b", "1"))
    for bad in (
        "<item><title>T</wrong></item>",
        "<item><title>A &nbsp; B</title></item>",
        "<item><wp:comment><wp:comment_id>1</wp:comment_id></item>",
    ):
        text = wxr(loop, *good[:3], bad, *good[3:])
        message = outcome(read_wordpress, text)
        assert isinstance(message, str) and "not well-formed XML" in message, message
        assert message == outcome(read_whole_tree, text) and "\n" not in message
    text = wxr(*good[:2], loop, *good[2:])  # a loop: said once the file is read
    looped = "e.xml: comment 1 is a reply to itself or to one of its own replies"
    assert outcome(read_wordpress, text) == looped
    assert_read_as_whole(text)


def test_every_cut_and_corruption_of_an_export_is_said_as_before() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    for cut in range(0, len(text), 5):
        assert_read_as_whole(text[:cut])
    for at in range(0, len(text), 61):
        for junk in ("<x>", "</item>", "&bogus;", "]]>", "<!-- -->", "<!DOCTYPE r>"):
            assert_read_as_whole(text[:at] + junk + text[at:])


def test_only_the_first_channel_of_an_rss_root_is_read() -> None:
    stray = "<item><title>Stray</title><wp:post_type>post</wp:post_type></item>"
    text = (
        HEAD.replace("<channel>", f"<other>{stray}</other>{stray}<channel>")
        + item("First")
        + f"</channel><channel><title>Second</title>{item('Second')}</channel>"
        + stray
        + "</rss>"
    )
    assert [a.headline for a in read_wordpress(text, "e.xml")] == ["First"]
    assert_read_as_whole(text)
    feed = wxr(item("T")).replace("<rss ", "<feed ").replace("</rss>", "</feed>")
    for not_wordpress in ("<rss><item/></rss>", feed):
        with pytest.raises(PageError) as caught:
            read_wordpress(not_wordpress, "e.xml")
        assert str(caught.value) == "e.xml: is XML but not a WordPress export (no <rss><channel>)"
        assert_read_as_whole(not_wordpress)


CHANNEL_PARTS = st.one_of(
    st.builds(
        lambda n, comments, post_type, creator: full_item(
            n, *comments, post_type=post_type, creator=creator
        ),
        st.integers(0, 9),
        st.lists(
            st.builds(
                comment,
                st.sampled_from(["1", "2", "3", " 3 ", ""]),
                st.sampled_from(["a", "", "b\n\nc"]),
                st.sampled_from(["0", "1", "2", "3", "7", ""]),
                st.sampled_from(["1", "0", "spam", "trash", "odd"]),
            ),
            max_size=4,
        ),
        st.sampled_from(["post", "page", "attachment", "nav_menu_item", ""]),
        st.sampled_from(["jo", "ann", ""]),
    ),
    st.sampled_from([
        "<title>Site</title>", "<title></title>", author("jo", "Jo"), author("ann", ""),
        "<wp:category><wp:cat_name>News</wp:cat_name></wp:category>", "<item/>",
        "<channel><item><title>In</title></item></channel>", "text",
    ]),
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(CHANNEL_PARTS, max_size=8), st.sampled_from(["", "<x/>", "<channel/>"]))
def test_any_channel_reads_as_the_whole_tree_did(parts: list[str], before: str) -> None:
    text = HEAD.replace("<channel><title>Site</title>", before + "<channel>")
    assert_read_as_whole(text + "".join(parts) + "</channel></rss>")


def test_each_item_is_freed_once_read() -> None:
    """An export's tree is several times its size: each item leaves the channel once read,
    and what is outside the channel is freed unread."""
    items = "".join(item("T", comment("1", "x")) for _ in range(20_000))
    text = wxr("<wp:author/>" * 5_000, items)
    held = [
        (len(record.getparent()), len(record))
        for record in export_records(text, "e.xml", "a WordPress export", "rss", "channel")
    ]
    assert len(held) == 1 + 5_000 + 20_000  # the title, the authors, the items
    assert max(siblings for siblings, _ in held) < len(held) // 5  # a block read ahead
    assert held[-1][1] == 4  # an item whole: title, type, content and its comment
