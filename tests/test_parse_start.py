"""parse_page_start / open_page: the first comments of a long page, exactly as the whole parse.

The app shows a long page's start while the rest is parsed, then swaps in the whole page; the
start must be the whole page's first comments (same text, likes and ids) or None.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.errors import PageError
from reader.formats import (
    START_BYTES,
    START_COMMENTS,
    load_article,
    open_page,
    parse_page,
    parse_page_start,
    sample_path,
)
from reader.model import Article
from reader.text.decode import decode_page_start, read_page_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def assert_start_of(text: str, comments: int, prefix_chars: int) -> Article | None:
    """parse_page_start is None, or the whole parse cut to its first `comments` comments."""
    start = parse_page_start(text, source="p", comments=comments, prefix_chars=prefix_chars)
    try:
        whole = parse_page(text, source="p")
    except PageError:
        assert start is None
        return None
    if start is not None:
        assert len(start.comments) == comments
        assert start == replace(whole, comments=whole.comments[:comments])
        assert start.warnings == ()
    return start


def sample_comment_lines() -> str:
    text = sample_path().read_text(encoding="utf-8")
    return text[text.index("\nComments / ") :].split("\n", 2)[2]


def test_start_of_the_bundled_sample_at_every_size() -> None:
    text = sample_path().read_text(encoding="utf-8") + "\n" + sample_comment_lines() * 2
    found = 0
    for comments in (1, 2, 7, 20, 29, 50):
        for prefix_chars in range(1, len(text) // 2 + 1, 97):
            found += assert_start_of(text, comments, prefix_chars) is not None
    assert found > 50


@pytest.mark.parametrize(
    "path",
    sorted(FIXTURES.glob("*.txt")) + sorted((FIXTURES / "hostile").glob("*.txt")),
    ids=lambda p: p.name,
)
def test_start_of_each_fixture_lengthened(path: Path) -> None:
    """Each fixture with the sample's comments after it, so its start has something to cut."""
    text, _ = read_page_text(path)
    long_page = text.rstrip("\n") + "\n\n" + sample_comment_lines() * 3
    for comments in (1, 3, 10):
        for prefix_chars in (64, 900, 2000, 5000):
            assert_start_of(long_page, comments, prefix_chars)


def test_start_of_the_reference_page(reference_sample: Path) -> None:
    text, _ = read_page_text(reference_sample)
    long_page = text.rstrip("\n") + "\n\n" + sample_comment_lines() * 8
    assert any(assert_start_of(long_page, 2, size) for size in (512, 2048, 8192, 20_000))


# Lines that make comment boundaries hard: Reply and numbers inside texts, missing Reply
# lines, age-like and author-like lines, blank runs, junk between comments.
TRICKY = ["Reply", "7", "2.4K", "", "", "4d ago", "Ann", "text", "Reply", "12", "Just now",
          "https://x/y.jpg", "\x1b[2J", "’quote,’ he said.", "Comments / 3"]  # fmt: skip


@st.composite
def comment_block(draw: st.DrawFn) -> list[str]:
    lines = [draw(st.sampled_from(["Ann", "Bo", "Chi Li", "Reply"])),
             draw(st.sampled_from(["2h ago", "4 days ago", "Yesterday", "text"]))]  # fmt: skip
    lines += draw(st.lists(st.sampled_from(["", "text"]), max_size=2))
    lines += draw(st.lists(st.sampled_from(TRICKY), max_size=4))
    if draw(st.booleans()):
        lines.append("Reply")
        lines += draw(st.sampled_from([[], ["3"], ["", "1,204"], ["x"]]))
    lines += draw(st.lists(st.just(""), max_size=2))
    return lines


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    blocks=st.lists(comment_block(), min_size=40, max_size=90),
    comments=st.integers(1, 12),
    prefix_chars=st.integers(1, 2500),
)
def test_start_matches_the_whole_parse(blocks: list[list[str]], comments: int,
                                       prefix_chars: int) -> None:  # fmt: skip
    lines = ["Headline", "", "A paragraph.", "", "Comments / 40", ""]
    lines += [line for block in blocks for line in block]
    assert_start_of("\n".join(lines) + "\n", comments, prefix_chars)


def test_json_and_short_pages_are_parsed_whole() -> None:
    assert parse_page_start('{"headline": "H"}' + " " * 10_000, prefix_chars=10) is None
    json_page = " " * 5_000 + "{\n" + "Comments / 3\n\nAnn\n2h ago\n\nHi\n\nReply\n\n" * 2000
    assert parse_page_start(json_page, comments=2, prefix_chars=64) is None
    text = sample_path().read_text(encoding="utf-8")
    assert parse_page_start(text) is None  # under twice the default start


def long_page(count: int) -> str:
    lines = ["Headline", "", "A paragraph.", "", f"Comments / {count:,}", ""]
    for n in range(count):
        lines += [f"User {n % 50}", "2h ago", "", f"Comment {n % 300}.", "", "Reply", "3", ""]
    return "\n".join(lines) + "\n"


def test_open_page_gives_the_start_then_the_whole(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_bytes(long_page(20_000).encode() + b"\xff\n")  # invalid UTF-8: a read warning
    start, whole = open_page(path, start_comments=100)
    assert whole is not None and len(start.comments) == 100
    article = whole()
    assert len(article.comments) == 20_000
    assert article.comments[:100] == start.comments
    assert article.content_hash == start.content_hash  # decisions made meanwhile stay keyed
    assert any("UTF-8" in warning for warning in article.warnings)
    assert len({c.id for c in article.comments}) == 20_000  # repeats got -2, -3, ...


def test_open_page_of_a_short_page_is_whole() -> None:
    article, whole = open_page(sample_path())
    assert whole is None and len(article.comments) == 30


def test_open_page_raises_every_error_itself(tmp_path: Path) -> None:
    csv = tmp_path / "table.txt"
    csv.write_text("a,b,c\n" * 200_000)
    with pytest.raises(PageError, match="tabular"):
        open_page(csv)
    with pytest.raises(PageError, match="missing.txt"):
        open_page(tmp_path / "missing.txt")


def test_a_page_whose_headline_starts_with_a_bracket_gets_a_start() -> None:
    """The content picks the format: "[VIDEO] ..." is a saved page, not JSON, so it gets a start
    like any long page (a JSON list gets none: tests/test_formats.py)."""
    start = assert_start_of("[VIDEO] " + long_page(3_000), 10, 1_000)
    assert start is not None and start.headline == "[VIDEO] Headline"


def big_page(crlf: bool, bom: bool) -> bytes:
    """Over twice START_BYTES, with emoji (4 bytes a character in the text)."""
    text = long_page(70_000).replace("Comment 7.", "Comment 7 😀 é.")
    data = text.replace("\n", "\r\n" if crlf else "\n").encode("utf-8")
    return (b"\xef\xbb\xbf" if bom else b"") + data


@pytest.mark.parametrize(("crlf", "bom"), [(False, False), (True, False), (False, True)])
def test_a_long_pages_start_is_read_from_a_start_of_its_bytes(
    tmp_path: Path, crlf: bool, bom: bool
) -> None:
    """The first frame needs the start only: the rest is decoded when the whole is parsed.
    The same start and the same whole as decoding everything first."""
    path = tmp_path / "big.txt"
    path.write_bytes(big_page(crlf, bom))
    assert decode_page_start(path.read_bytes(), "p", START_BYTES) is not None  # that path
    start, whole = open_page(path)
    text, _ = read_page_text(path)
    expected = parse_page_start(text, source=str(path))
    assert whole is not None and expected is not None
    assert start == expected
    assert start.comments == expected.comments
    assert whole() == load_article(path)


def test_what_is_wrong_after_a_long_pages_start_is_still_found(tmp_path: Path) -> None:
    """Bytes to replace: a warning with the whole page. A NUL anywhere: refused at once."""
    path = tmp_path / "big.txt"
    path.write_bytes(big_page(False, False) + b"Ann\n2h ago\n\n\xff\n\nReply\n")
    start, whole = open_page(path)
    assert whole is not None and len(start.comments) == START_COMMENTS
    assert any("not valid UTF-8" in warning for warning in whole().warnings)
    path.write_bytes(big_page(False, False) + b"Ann\n2h ago\n\n\x00\n\nReply\n")
    with pytest.raises(PageError, match="binary"):
        open_page(path)
