"""A long saved page is parsed a segment of lines at a time, to the same Article.

`SavedPage.parse` of a text over twice `SEGMENT_CHARS` never holds all of its lines at once
(reader.formats.saved_page._parse_in_segments); every comment, id, like count and warning must
be what the parse of all its lines gives, wherever the segments are cut.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_parse_start import comment_block

from reader.errors import PageError
from reader.formats import format_of, sample_path
from reader.formats.saved_page import (
    SAVED_PAGE,
    SEGMENT_CHARS,
    _PageParser,
    _parse_in_segments,
)
from reader.model import Article
from reader.text.clean import has_controls
from reader.text.decode import read_page_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SIZES = (1, 7, 64, 300, 4096)


def whole_parse(text: str) -> Article | str:
    """The parse of all the lines at once (the error's text for a text that is no page)."""
    parser = _PageParser(text.split("\n"), "p", no_controls=not has_controls(text))
    try:
        article = parser.parse()
    except PageError as error:
        return str(error)
    assert article is not None
    return article


def assert_segments_match(text: str) -> None:
    expected = whole_parse(text)
    for size in SIZES:
        try:
            found: Article | str = _parse_in_segments(text, "p", not has_controls(text), size)
        except PageError as error:
            found = str(error)
        assert found == expected, size
        if isinstance(found, Article) and isinstance(expected, Article):
            assert found.comments == expected.comments
            assert found.warnings == expected.warnings  # not in Article's equality


def saved_pages() -> list[Path]:
    paths = [sample_path(), *sorted(p for p in FIXTURES.rglob("*") if p.is_file())]
    return [path for path in paths if _is_saved_page(path)]


def _is_saved_page(path: Path) -> bool:
    try:
        text, _ = read_page_text(path)
    except PageError:
        return False
    return format_of(text.removeprefix("\ufeff")) is SAVED_PAGE


@pytest.mark.parametrize("path", saved_pages(), ids=lambda p: p.name)
def test_each_saved_page_fixture_in_segments(path: Path) -> None:
    text, _ = read_page_text(path)
    assert_segments_match(text.removeprefix("\ufeff"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks=st.lists(comment_block(), min_size=5, max_size=60))
def test_segments_match_the_whole_parse(blocks: list[list[str]]) -> None:
    """Reply and number lines inside texts, missing Reply lines, junk and blank runs."""
    lines = ["Headline", "", "A paragraph.", "", "Comments / 40", ""]
    lines += [line for block in blocks for line in block]
    assert_segments_match("\n".join(lines) + "\n")


def test_a_long_page_is_parsed_in_segments() -> None:
    """The parse a user gets (over twice SEGMENT_CHARS) is the segmented one, and right."""
    page = sample_path().read_text(encoding="utf-8")
    comments = page.split("\nComments / ", 1)[1].split("\n", 2)[2]
    copies = 2 * SEGMENT_CHARS // len(comments) + 1
    text = page + comments * copies
    article = SAVED_PAGE.parse(text, "p")
    assert article == whole_parse(text)
    assert len(article.comments) == 30 * (copies + 1)
