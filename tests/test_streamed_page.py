"""A saved page read from its file a piece at a time gives what a whole read gives.

reader.formats.text_window decodes a file as it goes (pieces cut inside a UTF-8 character, a
CRLF or a BOM); reader.formats.saved_page_stream reads the page's comments from it a segment
at a time, twice or more, numbering repeated comments from a first pass. Every comment, id
and warning must be `load_article`'s, wherever the pieces and segments are cut; a page that
cannot be read that way is left to the whole read, which says what is wrong.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_parse_segments import saved_pages
from test_parse_start import comment_block

from reader.errors import PageError
from reader.formats import load_article, sample_path
from reader.formats.saved_page_stream import StreamedPage, open_streamed
from reader.formats.text_window import FileWindow, NotStreamable, TextWindow
from reader.model import Article, Comment
from reader.text.decode import decode_page_bytes

PIECES = (1, 2, 3, 7, 64)


def whole_text(data: bytes) -> str | None:
    """The text a whole read gives (its BOMs dropped as reader.formats._prepared drops them);
    None for one it refuses (empty)."""
    try:
        text, _ = decode_page_bytes(data, "p")
    except PageError:
        return None
    return text.removeprefix("\ufeff")


def window_text(data: bytes, piece: int, stride: int) -> str:
    """The text of a FileWindow over `data`, taken `stride` characters at a time and let go."""
    window = FileWindow(io.BytesIO(data), piece_bytes=piece)
    parts, start = [], 0
    while True:
        cut = window.find_newline(start + stride)
        parts.append(window.take(start, cut if cut > 0 else None))
        if cut <= 0:
            return "".join(parts)
        window.release(cut)
        start = cut


texts = st.text(
    alphabet=st.sampled_from(["a", "é", "字", "😀", "\n", "\r", " ", "\ufeff"]),
    min_size=1,
    max_size=80,
).filter(lambda text: not text.isspace())


@settings(max_examples=150, deadline=None)
@given(text=texts, bom=st.booleans(), piece=st.sampled_from(PIECES), stride=st.integers(1, 9))
def test_a_file_window_gives_the_whole_text(text: str, bom: bool, piece: int, stride: int) -> None:
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    expected = whole_text(data)
    assume(expected is not None)
    assert window_text(data, piece, stride) == expected


@settings(max_examples=60, deadline=None)
@given(text=texts, position=st.integers(0, 100))
def test_a_file_window_finds_what_a_string_finds(text: str, position: int) -> None:
    data = text.encode("utf-8")
    expected = whole_text(data)
    assume(expected is not None)
    plain = TextWindow(expected or "")
    assert FileWindow(io.BytesIO(data), piece_bytes=3).find_newline(position) == (
        plain.find_newline(position)
    )


@pytest.mark.parametrize("data", [b"ok\n\xff\xfe bad\n", b"ok\n\x00\n"], ids=["latin1", "nul"])
def test_bytes_a_whole_read_must_judge_are_not_streamed(data: bytes) -> None:
    with pytest.raises(NotStreamable):
        window_text(data, 2, 4)


def streamed_article(page: StreamedPage) -> Article:
    comments = [comment for found in page.comments() for comment in found]
    assert len(comments) == page.count
    return Article(**{**page.article.__dict__, "comments": tuple(comments)})


def assert_streams_as_loaded(path: Path, segment: int, piece: int) -> None:
    """The same Article, or the same one-line error for a text that is no page."""
    seen: list[Comment] = []
    try:
        expected = load_article(path, max_bytes=None)
    except PageError as error:
        with pytest.raises(PageError) as raised:
            open_streamed(path, max_bytes=None, min_bytes=0, segment=segment, piece_bytes=piece)
        assert str(raised.value) == str(error)
        return
    page = open_streamed(path, max_bytes=None, visit=seen.extend, min_bytes=0, segment=segment,
                         piece_bytes=piece)  # fmt: skip
    assert page is not None
    found = streamed_article(page)
    assert found == expected
    assert found.comments == expected.comments
    assert found.warnings == expected.warnings
    assert [c.text for c in seen] == [c.text for c in expected.comments]
    assert streamed_article(page) == expected  # read again, the same


def plain_utf8(path: Path) -> bool:
    """Whether a whole read decodes the file as UTF-8 without replacing a byte."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in data


@pytest.mark.parametrize("path", saved_pages(), ids=lambda p: p.name)
def test_each_saved_page_fixture_streams_as_loaded(path: Path) -> None:
    """UTF-8 pages stream; the others (UTF-16, bytes replaced) are left to the whole read."""
    if not plain_utf8(path):
        assert open_streamed(path, max_bytes=None, min_bytes=0) is None
        return
    for segment, piece in ((64, 7), (4096, 1 << 20)):
        assert_streams_as_loaded(path, segment, piece)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    blocks=st.lists(comment_block(), min_size=5, max_size=50),
    repeats=st.integers(0, 3),
    crlf=st.booleans(),
    segment=st.sampled_from([1, 40, 300]),
    piece=st.sampled_from([1, 5, 512]),
)
def test_generated_pages_stream_as_loaded(
    tmp_path_factory: pytest.TempPathFactory,
    blocks: list[list[str]],
    repeats: int,
    crlf: bool,
    segment: int,
    piece: int,
) -> None:
    """Repeated comments (ids "-2", "-3"), cut-off comments, junk lines, CRLF."""
    lines = ["Headline é", "", "A paragraph.", "", "Comments / 40", ""]
    lines += [line for block in blocks + blocks[:1] * repeats for line in block]
    text = "\n".join(lines) + "\n"
    path = tmp_path_factory.mktemp("page") / "page.txt"
    path.write_bytes(text.replace("\n", "\r\n" if crlf else "\n").encode("utf-8"))
    assert_streams_as_loaded(path, segment, piece)


def test_what_is_left_to_the_whole_read(tmp_path: Path) -> None:
    """Short pages, pages over the size limit, other formats and undecodable bytes."""
    sample_page = sample_path()
    assert open_streamed(sample_page, max_bytes=None) is None  # under STREAM_MIN_BYTES
    assert open_streamed(sample_page, max_bytes=10, min_bytes=0) is None  # the read refuses it
    html = tmp_path / "page.html"
    html.write_text("<!doctype html>\n<html><p>Hi</p></html>\n", encoding="utf-8")
    assert open_streamed(html, max_bytes=None, min_bytes=0) is None
    broken = tmp_path / "broken.txt"
    broken.write_bytes(sample_page.read_bytes() + b"\nAnn\n2h ago\n\n\xff\n\nReply\n")
    assert open_streamed(broken, max_bytes=None, min_bytes=0) is None
    assert open_streamed(tmp_path / "missing.txt", max_bytes=None, min_bytes=0) is None


def test_a_page_changed_between_reads_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(sample_path().read_bytes())
    page = open_streamed(path, max_bytes=None, min_bytes=0)
    assert page is not None
    with path.open("ab") as file:
        file.write(b"\nAnn\n2h ago\n\nLate.\n\nReply\n")
    os.utime(path, ns=(1, 1))
    with pytest.raises(PageError, match="changed while it was being read"):
        next(page.comments())


def test_a_page_spoiled_in_place_while_it_is_read_is_a_one_line_error(tmp_path: Path) -> None:
    """Bytes changed in place with the size and time kept: the later read meets them as a
    PageError (one line), not an exception of the reader's own."""
    path = tmp_path / "page.txt"
    data = sample_path().read_bytes()
    path.write_bytes(data)
    page = open_streamed(path, max_bytes=None, min_bytes=0, segment=64, piece_bytes=256)
    assert page is not None
    status = path.stat()
    at = data.rindex(b"Reply")
    path.write_bytes(data[:at] + b"\xff" + data[at + 1 :])
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    with pytest.raises(PageError, match="changed while it was being read"):
        for _ in page.comments():
            pass
