"""parse_page / load_article: the format family of SPEC section 1, JSON input and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.errors import PageError
from reader.export import analysis_to_dict
from reader.formats import comment_id, load_article, parse_likes, parse_page, sample_path
from reader.model import Analysis, Article

NBSP = "\u00a0"


def page(*parts: str) -> str:
    return "\n".join(parts) + "\n"


BODY = "Something happened in the town on Tuesday, officials said."


# -- header rows -------------------------------------------------------------------------
def test_headline_is_first_non_empty_line() -> None:
    article = parse_page(page("", "  ", "Mayor promises 'fair deal'", "", BODY))
    assert article.headline == "Mayor promises 'fair deal'"
    assert article.paragraphs == (BODY,)
    assert article.byline is None and article.authors == () and article.outlet is None
    assert article.published is None and article.images == () and article.comments == ()
    assert article.comment_count is None


@pytest.mark.parametrize(
    ("line", "byline", "authors", "outlet"),
    [
        (
            "By Geoff Earle, Deputy U.S. Political Editor For Dailymail.com",
            "Geoff Earle, Deputy U.S. Political Editor For Dailymail.com",
            ("Geoff Earle",),
            "Dailymail.com",
        ),
        (
            "By Ann Lee and Bo Chan, Staff Writers For The Post",
            "Ann Lee and Bo Chan, Staff Writers For The Post",
            ("Ann Lee", "Bo Chan"),
            "The Post",
        ),
        (
            "By Ann Lee, Bo Chan and Cy Dee",
            "Ann Lee, Bo Chan and Cy Dee",
            ("Ann Lee", "Bo Chan", "Cy Dee"),
            None,
        ),
        ("By Ann Lee", "Ann Lee", ("Ann Lee",), None),
        ("By Ann Lee For The Post", "Ann Lee For The Post", ("Ann Lee",), "The Post"),
        ("By Ann Lee, Science Reporter", "Ann Lee, Science Reporter", ("Ann Lee",), None),
        ("By Ann Lee & Bo Chan", "Ann Lee & Bo Chan", ("Ann Lee", "Bo Chan"), None),
    ],
)
def test_byline(line: str, byline: str, authors: tuple[str, ...], outlet: str | None) -> None:
    article = parse_page(page("Headline", "", line, "", BODY))
    assert (article.byline, article.authors, article.outlet) == (byline, authors, outlet)
    assert article.paragraphs == (BODY,)


def test_sentence_starting_with_by_is_not_a_byline() -> None:
    article = parse_page(
        page("Headline", "", "By the time police arrived, the crowd had gone.", "", BODY)
    )
    assert article.byline is None
    assert article.paragraphs[0].startswith("By the time")


@pytest.mark.parametrize(
    "line",
    ["4 days ago", f"{NBSP} 4 days ago", f"{NBSP}Oct 3, 2026", "October 3, 2026", "3 Oct 2026",
     "Updated Oct 3, 2026 09:15 ET", "Published 2026-10-03", "2 hours ago", "Yesterday",
     "Just now", "an hour ago", "Mon, Oct 3, 2026 at 9:15 am"],
)  # fmt: skip
def test_published_line(line: str) -> None:
    article = parse_page(page("Headline", "By Ann Lee", line, "", BODY))
    assert article.published == line  # SPEC 1: as written, a leading no-break space kept
    assert article.paragraphs == (BODY,)


def test_published_without_byline_and_before_byline() -> None:
    assert parse_page(page("H", "4 days ago", "", BODY)).published == "4 days ago"
    article = parse_page(page("H", "4 days ago", "By Ann Lee", "", BODY))
    assert (article.published, article.authors) == ("4 days ago", ("Ann Lee",))


# -- body and images ----------------------------------------------------------------------
def test_paragraphs_images_and_positions() -> None:
    article = parse_page(
        page(
            "Headline", "",
            "https://img.example/0.jpg", "Before everything",
            "", "First.", "", "Second.", "",
            "https://img.example/1.jpg", "One",
            "https://img.example/2.jpg", "Two",
            "", "Third.", "", "https://img.example/3.jpg",
        )
    )  # fmt: skip
    assert article.paragraphs == ("First.", "Second.", "Third.")
    assert [(i.url[-5:], i.caption, i.after_paragraph) for i in article.images] == [
        ("0.jpg", "Before everything", -1),
        ("1.jpg", "One", 1),
        ("2.jpg", "Two", 1),
        ("3.jpg", "", 2),
    ]


def test_lines_inside_a_paragraph_are_kept_together() -> None:
    article = parse_page(page("H", "", "one line", "next line", "", "other"))
    assert article.paragraphs == ("one line\nnext line", "other")


# -- comments ----------------------------------------------------------------------------
def comment(author: str, age: str, text: str, likes: str | None) -> list[str]:
    lines = [author, age, "", text, "", "Reply"]
    return lines + ([likes] if likes is not None else [])


def test_comments_header_and_likes() -> None:
    lines = ["H", "", BODY, "", "Comments / 3,517", ""]
    lines += comment("Ann", "4d ago", "First!", "7")
    lines += comment("Bo", "17m ago", "Second.", None)
    lines += comment("Cy", "Just now", "Third.", "2.4K")
    lines += comment("Di", "3w ago", "Fourth.", "1M")
    lines += comment("Ed", "Yesterday", "Fifth.", "1,234")
    lines += comment("Flo", "1mo ago", "Sixth.", "0")
    article = parse_page(page(*lines))
    assert article.comment_count == 3517
    assert [(c.author, c.age, c.text, c.likes) for c in article.comments] == [
        ("Ann", "4d ago", "First!", 7),
        ("Bo", "17m ago", "Second.", 0),
        ("Cy", "Just now", "Third.", 2400),
        ("Di", "3w ago", "Fourth.", 1_000_000),
        ("Ed", "Yesterday", "Fifth.", 1234),
        ("Flo", "1mo ago", "Sixth.", 0),
    ]
    assert article.warnings == ()


@pytest.mark.parametrize(
    ("text", "value"),
    [("7", 7), ("1,234", 1234), ("2.4K", 2400), ("2.4k", 2400), ("1M", 1_000_000),
     ("1.5M", 1_500_000), ("0.1K", 100), ("Reply", None), ("12abc", None), ("", None)],
)  # fmt: skip
def test_parse_likes(text: str, value: int | None) -> None:
    assert parse_likes(text) == value


def test_comment_of_several_paragraphs_with_reply_and_number_lines_inside() -> None:
    lines = ["H", "", BODY, "", "Comments / 2", ""]
    lines += [
        "Ann",
        "2h ago",
        "",
        "Para one.",
        "Reply",
        "",
        "42",
        "",
        "Para three.",
        "",
        "Reply",
        "5",
    ]
    lines += comment("Bo", "3h ago", "Short.", None)
    article = parse_page(page(*lines))
    assert [(c.author, c.text, c.likes) for c in article.comments] == [
        ("Ann", "Para one.\nReply\n\n42\n\nPara three.", 5),
        ("Bo", "Short.", 0),
    ]


def test_cut_off_comments_give_a_warning_not_an_error() -> None:
    lines = ["H", "", BODY, "", "Comments / 9", ""] + comment("Ann", "2h ago", "Whole.", "3")
    for cut in range(1, 6):
        article = parse_page(
            page(*(lines + ["Bo", "3h ago", "", "Half a thou", "", "Reply"][:cut]))
        )
        assert article.comments[0].text == "Whole."
        if cut >= 2:
            assert article.comments[1].author == "Bo"
        if cut < 6 - 1:
            assert article.warnings, cut


def test_comment_ids_are_stable_and_unique() -> None:
    lines = ["H", "", BODY, "", "Comments / 3", ""]
    lines += comment("Ann", "2h ago", "Same.", None) + comment("Ann", "3h ago", "Same.", "1")
    lines += comment("Ann", "4h ago", "Same.", None)
    article = parse_page(page(*lines))
    base = comment_id("Ann", "Same.")
    assert base.startswith("c") and len(base) == 13
    assert [c.id for c in article.comments] == [base, f"{base}-2", f"{base}-3"]
    # Known value: pinned so a change of scheme is noticed (ids key saved triage decisions).
    assert (
        comment_id("Ann", "Same.")
        == "c" + __import__("hashlib").sha256(b"Ann\x00Same.").hexdigest()[:12]
    )


def test_crlf_and_bom_in_text() -> None:
    text = "\ufeffH\r\n\r\nBy Ann Lee\r\n4 days ago\r\n\r\nBody.\r\n"
    article = parse_page(text)
    assert (article.headline, article.authors, article.published, article.paragraphs) == (
        "H",
        ("Ann Lee",),
        "4 days ago",
        ("Body.",),
    )


def test_every_string_is_cleaned() -> None:
    lines = ["\x1b]0;t\x07H\u202e", "", "By A\x1b[2J", "", "B\x9b", "", "https://x/\x1b", "c\x07",
             "", "Comments / 1", "", "N\u2066", "2h ago", "", "T\x1b]52;c;eA==\x07", "", "Reply"]  # fmt: skip
    article = parse_page(page(*lines))
    strings = [article.headline, article.byline or "", *article.authors, *article.paragraphs]
    strings += [s for i in article.images for s in (i.url, i.caption)]
    strings += [s for c in article.comments for s in (c.author, c.text)]
    for string in strings:
        assert not any(ch in string for ch in "\x1b\x07\x9b\u202e\u2066"), string
    assert article.headline == "^[]0;t^GH<U+202E>"


# -- the reference page and the bundled sample --------------------------------------------
def test_reference_sample(reference_sample: Path) -> None:
    article = load_article(reference_sample)
    assert article.headline.startswith("White House says Iran is 'on the ground' in Crimea")
    assert article.byline == "Geoff Earle, Deputy U.S. Political Editor For Dailymail.com"
    assert article.authors == ("Geoff Earle",)
    assert article.outlet == "Dailymail.com"
    assert article.published == "\u00a04 days ago"  # as written (SPEC 1)
    assert len(article.paragraphs) == 19
    assert [i.after_paragraph for i in article.images] == [3] + [10] * 6
    assert article.images[0].url == "https://img.particlenews.com/image.php?url=1hyqKG_0ignDNp200"
    assert article.comment_count == 24
    assert [(c.author, c.age, c.likes) for c in article.comments] == [
        ("Joseph Patriarca", "4d ago", 7),
        ("JuanCarlos", "2d ago", 3),
    ]
    assert article.comments[1].text.endswith("doing\U0001f937\U0001f3fe\u2642\ufe0f")
    assert article.warnings == ()


def test_bundled_sample() -> None:
    path = sample_path()
    assert path.is_file()
    article = load_article(path)
    assert article.headline == "Couriers walk out over Brightwell's 'secret' pay formula"
    assert len(article.headline) <= 60
    assert article.authors == ("Maya Okafor", "Tomás Reyes")
    assert article.outlet == "The Harbour Ledger"
    assert article.published == "\u00a0Oct 3, 2026"  # as written (SPEC 1)
    assert 15 <= len(article.paragraphs) <= 20
    assert [i.after_paragraph for i in article.images] == [3, 10, 10, 16]
    assert article.comment_count == 1482
    assert len(article.comments) == 30
    likes = {c.likes for c in article.comments}
    assert {0, 1200, 2400} <= likes
    assert {"Just now", "3w ago"} <= {c.age for c in article.comments}
    assert any("\n\n" in c.text for c in article.comments)
    assert article.warnings == ()


# -- bad input ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("  \n\t\n", "whitespace"),
        ("Just a headline\n\n\n", "does not look like a saved news page"),
        ("<html><body><p>Hi</p></body></html>\n", "HTML"),
        ("a,b,c\n1,2,3\n4,5,6\n", "tabular"),
        ("root:x:0:0:root:/root:/bin/sh\nbin:x:1:1:bin:/bin:/sbin/nologin\nsys:x:3:3::/:\n", "tabular"),
        ("[core]\nname=reader\ncolour=auto\nwidth=80\n", "tabular"),
        ("import os\n\ndef f():\n    return os.getcwd()\n", "source code"),
        ('{"name": "x"}', "not a Reader analysis"),
        ("[1, 2, 3]", "JSON list"),
        ("{not json", "not valid JSON"),
        ("[" * 100_000 + "]" * 100_000, "saved news page"),
        ("{" + '"a":[' * 100_000, "JSON"),
        ("x" * 1000 + "\n\nbody\n", "characters long"),
    ],
)
def test_not_this_format(text: str, words: str) -> None:
    with pytest.raises(PageError) as caught:
        parse_page(text, source="some/page.txt")
    message = str(caught.value)
    assert message.startswith("some/page.txt: ") and "\n" not in message
    assert words in message


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"headline": 3}, "headline"),
        ({"headline": "H", "paragraphs": "one"}, "paragraphs"),
        ({"headline": "H", "paragraphs": ["a", 2]}, "paragraphs[1]"),
        ({"headline": "H", "images": [{"caption": "c"}]}, "images[0].url"),
        (
            {"headline": "H", "images": [{"url": "u", "after_paragraph": 5}]},
            "images[0].after_paragraph",
        ),
        (
            {"headline": "H", "comments": [{"author": "A", "text": "t", "likes": "7"}]},
            "comments[0].likes",
        ),
        (
            {"headline": "H", "comments": [{"author": "A", "text": "t", "likes": True}]},
            "comments[0].likes",
        ),
        ({"headline": "H", "comments": [{"author": "A"}]}, "comments[0].text"),
        (
            {"headline": "H", "comments": [{"id": "x", "text": "a"}, {"id": "x", "text": "b"}]},
            "comments[1].id",
        ),
        ({"headline": "H", "comment_count": "24"}, "comment_count"),
        ({"headline": "H", "schema": 99}, "schema"),
        ({"headline": "H", "authors": [None]}, "authors[0]"),
        ({"headline": "H", "comments": ["text"]}, "comments[0]"),
    ],
)
def test_json_with_a_wrong_field(data: dict[str, object], field: str) -> None:
    with pytest.raises(PageError) as caught:
        parse_page(json.dumps(data), source="in.json")
    message = str(caught.value)
    assert message.startswith("in.json: ") and f"field {field} " in message


def test_json_input_defaults_and_cleaning() -> None:
    data = {"headline": "H\x1b[2J", "paragraphs": ["P"], "comments": [{"author": "A", "text": "t"}],
            "extra": {"ignored": True}}  # fmt: skip
    article = parse_page(json.dumps(data))
    assert article.headline == "H^[[2J"
    assert article.comments[0].id == comment_id("A", "t")
    assert (article.comments[0].age, article.comments[0].likes) == ("", 0)
    assert article.comment_count is None and article.byline is None


def test_json_round_trip_through_export(reference_sample: Path) -> None:
    for path in (reference_sample, sample_path()):
        article = load_article(path)
        data = analysis_to_dict(Analysis(article=article, quotes=(), comments={}))
        again = parse_page(json.dumps(data, ensure_ascii=False), source="again.json")
        assert again == article


# -- robustness --------------------------------------------------------------------------
@settings(max_examples=400, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_raises_only_page_error(text: str) -> None:
    try:
        article = parse_page(text, source="fuzz")
    except PageError as error:
        assert str(error).startswith("fuzz: ") and "\n" not in str(error)
        return
    assert isinstance(article, Article) and article.headline


LINE_ALPHABET = ["", "Reply", "7", "2.4K", "4d ago", "Just now", "Ann", "Comments / 24", "By A and B",
                 "https://x/y.jpg", "A caption", "text", "'quote,' he said.", "{", "\x1b[2J", " "]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LINE_ALPHABET), min_size=1, max_size=40))
def test_line_soup_raises_only_page_error(lines: list[str]) -> None:
    try:
        article = parse_page("Headline\n" + "\n".join(lines))
    except PageError:
        return
    for c in article.comments:
        assert c.id.startswith("c")
    assert len({c.id for c in article.comments}) == len(article.comments)


def test_a_ten_megabyte_line(tmp_path: Path) -> None:
    big = ("word " * 2_000_000).strip()
    path = tmp_path / "big.txt"
    path.write_text(
        page("Headline", "", big, "", "Comments / 1", "", big[:30], "2h ago", "", big, "", "Reply")
    )
    article = load_article(path)
    assert article.paragraphs == (big,) and article.comments[0].text == big
    with pytest.raises(PageError):
        parse_page("x" * 10_000_000)


def test_a_hundred_thousand_comments() -> None:
    lines = ["H", "", BODY, "", "Comments / 100,000", ""]
    for n in range(100_000):
        lines += comment(
            f"User {n}", "2h ago", f"Comment number {n}.", str(n % 7) if n % 3 else None
        )
    article = parse_page(page(*lines))
    assert len(article.comments) == 100_000
    assert article.comments[-1].text == "Comment number 99999."
    assert article.comment_count == 100_000


def test_the_published_line_keeps_its_leading_no_break_space() -> None:
    """SPEC 1: the published line may begin with U+00A0; the text is kept as written, and
    it survives Reader JSON."""
    article = parse_page("Headline\n\u00a04 days ago\n\nBody.\n")
    assert article.published == "\u00a04 days ago"
    text = json.dumps(analysis_to_dict(Analysis(article, (), {})))
    assert json.loads(text)["published"] == "\u00a04 days ago"
    assert parse_page(text).published == "\u00a04 days ago"
