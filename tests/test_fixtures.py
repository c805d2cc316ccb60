"""Every fixture page reads as intended: the key fields of each, and the hostile ones made safe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.errors import PageError
from reader.formats import load_article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HOSTILE = FIXTURES / "hostile"
UNSAFE = set(
    "\x1b\x07\x9b\x7f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)


def all_strings(path: Path) -> list[str]:
    article = load_article(path)
    strings = [
        article.headline,
        article.byline or "",
        article.outlet or "",
        article.published or "",
    ]
    strings += [*article.authors, *article.paragraphs]
    strings += [s for image in article.images for s in (image.url, image.caption)]
    strings += [s for c in article.comments for s in (c.id, c.author, c.age, c.text)]
    return strings


def test_bytes_level_fixtures_are_kept_as_bytes() -> None:
    assert (FIXTURES / ".gitattributes").read_text().strip().endswith("* -text")
    crlf = (FIXTURES / "crlf-bom.txt").read_bytes()
    assert crlf.startswith(b"\xef\xbb\xbf") and b"\r\n" in crlf
    assert (HOSTILE / "lone-cr.txt").read_bytes().count(b"\r") > 5
    assert b"\n" not in (HOSTILE / "lone-cr.txt").read_bytes()
    assert (HOSTILE / "utf16le-bom.txt").read_bytes().startswith(b"\xff\xfe")


def test_minimal() -> None:
    article = load_article(FIXTURES / "minimal.txt")
    assert article.headline == "Library opening hours extended for exam season"
    assert len(article.paragraphs) == 1
    assert (article.byline, article.published, article.images, article.comments) == (
        None,
        None,
        (),
        (),
    )
    assert article.comment_count is None


def test_headline_only_is_not_a_page() -> None:
    path = FIXTURES / "headline-only.txt"
    with pytest.raises(PageError, match="does not look like a saved news page"):
        load_article(path)


def test_no_byline() -> None:
    article = load_article(FIXTURES / "no-byline.txt")
    assert article.byline is None and article.authors == ()
    assert article.published == "\u00a0 Updated Oct 3, 2026 09:15"  # as written (SPEC 1)
    assert len(article.paragraphs) == 2
    assert [(c.author, c.likes) for c in article.comments] == [("Lou Marsh", 14), ("Ben", 0)]


def test_no_published_line() -> None:
    article = load_article(FIXTURES / "no-published.txt")
    assert article.published is None
    assert (article.byline, article.authors, article.outlet) == (
        "Ruth Adler, Science Reporter",
        ("Ruth Adler",),
        None,
    )
    assert article.paragraphs[0].startswith("A team of engineering students")


def test_bylines() -> None:
    three = load_article(FIXTURES / "byline-three-authors.txt")
    assert three.authors == ("Ana Lima", "Ben Cho", "Cleo Park") and three.outlet is None
    assert three.published == "2 hours ago"
    outlet = load_article(FIXTURES / "byline-outlet-only.txt")
    assert (outlet.authors, outlet.outlet) == (("Sam Hart",), "The Valley Courier")


def test_crlf_bom() -> None:
    article = load_article(FIXTURES / "crlf-bom.txt")
    assert article.headline == "Market square reopens after resurfacing"
    assert (article.authors, article.outlet, article.published) == (
        ("Iris Vale",),
        "The Town Crier",
        "Yesterday",
    )
    assert all("\r" not in p for p in article.paragraphs)
    assert article.images[0].caption == "Traders set up their stalls on the new paving"
    assert article.images[0].after_paragraph == 1
    assert [(c.text, c.likes) for c in article.comments] == [
        ("Looks great, well done to everyone involved.", 3)
    ]


def test_likes_and_ages() -> None:
    article = load_article(FIXTURES / "likes-and-ages.txt")
    assert article.comment_count == 3517
    assert [(c.age, c.likes) for c in article.comments] == [
        ("Just now", 0),
        ("17m ago", 2400),
        ("2h ago", 1_000_000),
        ("4d ago", 1234),
        ("3w ago", 12),
        ("1mo ago", 7),
        ("1y ago", 1),
        ("Yesterday", 0),
    ]


def test_multi_paragraph_comments() -> None:
    article = load_article(FIXTURES / "multi-paragraph-comments.txt")
    quentin, rhea, sol = article.comments
    assert quentin.text.count("\n\n") == 2 and quentin.likes == 25
    assert rhea.text == (
        "To everyone typing their answers here:\nReply\n\n"
        "to the consultation instead, not to this thread.\n42\n\n"
        "That number is how many of us wrote in."
    )
    assert rhea.likes == 9
    assert (sol.text, sol.likes) == ("Short one.", 0)
    assert article.warnings == ()


def test_quotes_page_keeps_every_mark() -> None:
    article = load_article(FIXTURES / "quotes.txt")
    assert article.headline == "Mayor promises 'fair deal' on “rent” and \"record\" budget"
    assert article.paragraphs[1].startswith("'This is the drivers' own pay")
    assert "it's not negotiable,'" in article.paragraphs[1]
    assert "‘a gamble’" in article.paragraphs[2] and "“prudent but tight”" in article.paragraphs[2]
    assert article.paragraphs[3].startswith("“") and not article.paragraphs[3].endswith("”")
    assert article.paragraphs[4].startswith("“It also")


def test_images() -> None:
    article = load_article(FIXTURES / "images.txt")
    assert article.paragraphs == (
        "The cottages were built in 1870 for the keepers and their families.",
        "They will open to visitors in the summer.",
    )
    assert [(i.url.rsplit("/", 1)[1], i.after_paragraph) for i in article.images] == [
        ("lighthouse-before.jpg", -1),
        ("lighthouse-after.jpg", 0),
        ("lighthouse-stairs.jpg", 0),
        ("lighthouse-lamp.png", 0),
    ]
    assert article.images[1].caption.endswith("'storm shutters'")
    assert article.images[3].caption == ""


def test_json_input() -> None:
    article = load_article(FIXTURES / "analysis.json")
    raw = json.loads((FIXTURES / "analysis.json").read_text(encoding="utf-8"))
    assert article.headline == raw["headline"]
    assert article.authors == ("Jo King",) and article.outlet == "The Weekly Table"
    assert [i.after_paragraph for i in article.images] == [-1, 1]
    assert article.comment_count == 12
    assert article.comments[0].id == "c0123456789ab"  # kept as given
    assert article.comments[0].likes == 2400
    assert article.comments[1].id.startswith("c") and article.comments[1].likes == 0


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("data.csv", "tabular"),
        ("script.py", "source code"),
        ("other.json", "not a Reader analysis"),
        ("wrong-field.json", "field comments[0].text"),
    ],
)
def test_not_a_page(name: str, words: str) -> None:
    path = FIXTURES / "not-a-page" / name
    with pytest.raises(PageError) as caught:
        load_article(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and words in message and "\n" not in message


# -- hostile ------------------------------------------------------------------------------
HOSTILE_PAGES = sorted(p.name for p in HOSTILE.iterdir() if p.suffix == ".txt")


def test_hostile_readme_lists_every_file() -> None:
    readme = (HOSTILE / "README.md").read_text(encoding="utf-8")
    for name in HOSTILE_PAGES:
        assert f"`{name}`" in readme, name
    for path in HOSTILE.iterdir():
        assert path.stat().st_size < 20_000, path


@pytest.mark.parametrize("name", HOSTILE_PAGES)
def test_hostile_pages_read_and_are_safe(name: str) -> None:
    for string in all_strings(HOSTILE / name):
        assert not UNSAFE & set(string), (name, string)
        assert not any(ord(c) < 0x20 and c not in "\n\t" for c in string), (name, string)
        assert not any(0xD800 <= ord(c) <= 0xDFFF for c in string), (name, string)


def test_escapes_are_visible() -> None:
    article = load_article(HOSTILE / "escapes.txt")
    assert article.headline == (
        "^[]0;pwned title^GDock workers vote on pay offer^[]2;another title^[\\"
    )
    assert article.comments[0].author == "Mallory^[[1A^[[2K"
    assert "^[]52;c;cm0gLXJmIH4vCg==^G" in article.comments[0].text
    assert "<U+009B>2J" in article.comments[1].text
    assert "^[]8;;https://evil.example/^[\\" in article.paragraphs[1]
    assert len(article.comments) == 3


def test_bidi_is_visible_and_emoji_survive() -> None:
    article = load_article(HOSTILE / "bidi.txt")
    assert article.headline == "Council publishes the <U+202E>tegdub<U+202C> for next year"
    assert article.comments[0].author == "<U+2066>Admin<U+2069>"
    assert (
        "👨\u200d👩\u200d👧" in article.comments[2].text and "❤\ufe0f" in article.comments[2].text
    )


def test_markup_is_kept_literally() -> None:
    article = load_article(HOSTILE / "markup.txt")
    assert [c.text for c in article.comments[:4]] == [
        "[b]x",
        "[ @click=app.quit]x",
        "[B]x and [/foo] and [/] and [bold red on white]style[/]",
        "[link='https://evil.example']https://bank.example[/]",
    ]
    assert article.comments[0].author == "[b]Shouty[/b]"


def test_combining_flood_is_cut() -> None:
    article = load_article(HOSTILE / "combining-flood.txt")
    zed, vi = article.comments
    assert "<+997 marks>algo comes for us all" in zed.text and len(zed.text) < 100
    assert vi.text == "Normal accents stay: café, naïve, Việt Nam."


def test_invalid_utf8() -> None:
    article = load_article(HOSTILE / "invalid-utf8.txt")
    assert article.headline.startswith("Caf\ufffd owners")
    assert "cafés" in article.paragraphs[0]
    assert len(article.warnings) == 1 and "UTF-8" in article.warnings[0]
    assert article.comments[0].likes == 2


def test_utf16() -> None:
    le = load_article(HOSTILE / "utf16le-bom.txt")
    assert le.paragraphs[0].endswith("a cake 🎂.")
    assert [(c.author, c.likes) for c in le.comments] == [("Grace", 3)]
    be = load_article(HOSTILE / "utf16be-bom.txt")
    assert be.headline == "Swimming pool roof repaired" and len(be.paragraphs) == 1


def test_lone_cr() -> None:
    article = load_article(HOSTILE / "lone-cr.txt")
    assert (article.published, len(article.paragraphs), article.comments[0].likes) == (
        "1 week ago",
        1,
        6,
    )


def test_form_feed_and_line_separator_stay_inside_one_comment() -> None:
    article = load_article(HOSTILE / "formfeed-linesep.txt")
    assert len(article.comments) == 2
    assert article.comments[0].text == (
        "Page one^Lpage two, and a line<U+2028>separator and a paragraph<U+2029>separator"
        " in one comment."
    )


def test_cut_off_comments() -> None:
    article = load_article(HOSTILE / "cut-off-comments.txt")
    assert article.comment_count == 212
    assert [(c.author, c.likes) for c in article.comments] == [("Tess", 31), ("Umar", 0)]
    assert article.comments[1].text.endswith("Last time the")
    assert len(article.warnings) == 1 and "cut off" in article.warnings[0]


def test_comment_without_reply_line() -> None:
    article = load_article(HOSTILE / "no-reply-line.txt")
    assert [(c.author, c.text, c.likes) for c in article.comments] == [
        ("Wren", "Deserved, their sourdough is the best.", 0),
        ("Xavi", "Agreed, but the queue is always huge.", 2),
    ]
    assert len(article.warnings) == 1 and "Wren" in article.warnings[0]


ROUND_TRIP_PAGES = sorted(
    p
    for p in [*FIXTURES.glob("*.txt"), *FIXTURES.glob("*.json"), *HOSTILE.glob("*.txt")]
    if p.name != "headline-only.txt"
)


@pytest.mark.parametrize("path", ROUND_TRIP_PAGES, ids=lambda p: p.name)
def test_json_round_trip(path: Path) -> None:
    """parse -> analysis_to_dict -> JSON -> parse gives an equal Article (ids included)."""
    from reader.export import analysis_to_dict
    from reader.formats import parse_page
    from reader.model import Analysis

    article = load_article(path)
    data = analysis_to_dict(Analysis(article=article, quotes=(), comments={}))
    again = parse_page(json.dumps(data, ensure_ascii=True), source="again.json")
    assert again == article
    assert [c.id for c in again.comments] == [c.id for c in article.comments]
