"""read_page_text: encodings, line endings and every way a file can fail to be a page."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.errors import PageError
from reader.text.decode import DEFAULT_MAX_BYTES, decode_page_bytes, read_page_text

PAGE = "Headline\n\nBy Ann Lee\n\nA paragraph about something that happened, café 🎉.\n"


def write(tmp_path: Path, data: bytes, name: str = "page.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data",
    [
        PAGE.encode("utf-8"),
        b"\xef\xbb\xbf" + PAGE.encode("utf-8"),
        b"\xff\xfe" + PAGE.encode("utf-16-le"),
        b"\xfe\xff" + PAGE.encode("utf-16-be"),
        b"\xff\xfe\x00\x00" + PAGE.encode("utf-32-le"),
        PAGE.encode("utf-16-le"),  # no BOM, but NULs in every other byte
        PAGE.replace("\n", "\r\n").encode("utf-8"),
        PAGE.replace("\n", "\r").encode("utf-8"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16le-bom",
        "utf16be-bom",
        "utf32le-bom",
        "utf16le-nobom",
        "crlf",
        "cr",
    ],
)
def test_encodings_and_line_endings(tmp_path: Path, data: bytes) -> None:
    text, warnings = read_page_text(write(tmp_path, data))
    assert text == PAGE
    assert warnings == ()


def test_form_feed_and_line_separator_are_not_line_breaks(tmp_path: Path) -> None:
    text, _ = read_page_text(write(tmp_path, "a\fb\u2028c\u2029d\x85e\n".encode()))
    assert text.split("\n") == ["a\fb\u2028c\u2029d\x85e", ""]


def test_invalid_utf8_is_replaced_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, b"Caf\xe9 news\n\nSurrogate \xed\xa0\x80 and cut \xe2\x82\n")
    text, warnings = read_page_text(path)
    assert "Caf\ufffd news" in text
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in text)
    assert len(warnings) == 1 and "UTF-8" in warnings[0] and str(path) in warnings[0]


def expect_error(path: Path, *words: str, max_bytes: int | None = DEFAULT_MAX_BYTES) -> str:
    with pytest.raises(PageError) as caught:
        read_page_text(path, max_bytes=max_bytes)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    for word in words:
        assert word in message
    return message


def test_missing(tmp_path: Path) -> None:
    expect_error(tmp_path / "nope.txt", "no such file")


def test_directory(tmp_path: Path) -> None:
    expect_error(tmp_path, "directory")


def test_empty_and_whitespace(tmp_path: Path) -> None:
    expect_error(write(tmp_path, b""), "empty")
    expect_error(write(tmp_path, b" \n\r\n\t \xc2\xa0\n", "ws.txt"), "whitespace")


def test_binary(tmp_path: Path) -> None:
    expect_error(
        write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))), "binary"
    )
    expect_error(write(tmp_path, bytes(range(1, 32)) * 50, "ctl.bin"), "binary")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable(tmp_path: Path) -> None:
    path = write(tmp_path, PAGE.encode())
    path.chmod(0)
    try:
        expect_error(path, "permission denied")
    finally:
        path.chmod(0o600)


def test_too_big_names_size_limit_and_flag(tmp_path: Path) -> None:
    path = write(tmp_path, PAGE.encode() * 100)
    message = expect_error(path, "--max-size", max_bytes=1000)
    assert str(len(PAGE.encode()) * 100) in message and "1000" in message
    text, _ = read_page_text(path, max_bytes=None)
    assert text == PAGE * 100


def test_not_a_regular_file(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    expect_error(fifo, "not a regular file")


def test_control_characters_in_the_path_stay_on_one_line(tmp_path: Path) -> None:
    with pytest.raises(PageError) as caught:
        read_page_text(tmp_path / "evil\n\x1b[2Jname.txt")
    message = str(caught.value)
    assert "\n" not in message and "\x1b" not in message and "^[[2J" in message


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise_anything_but_page_error(data: bytes) -> None:
    try:
        text, warnings = decode_page_bytes(data, "x.txt")
    except PageError as error:
        assert "\n" not in str(error)
        return
    assert "\r" not in text
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in text)
    assert all(isinstance(w, str) for w in warnings)


def test_permission_denied_even_as_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, PAGE.encode())

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    expect_error(path, "permission denied")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_files_load_or_raise_page_error(data: bytes) -> None:
    """read_page_text and load_article on real files: only PageError, never anything else."""
    import tempfile

    from reader.formats import load_article

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.txt"
        path.write_bytes(data)
        for reader in (read_page_text, load_article):
            try:
                reader(path)
            except PageError as error:
                assert str(error).startswith(f"{path}: ") and "\n" not in str(error)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=20,
)


@given(_JSON_VALUES)
def test_cached_json_is_read_as_json_loads_reads_it(value: object) -> None:
    """The cache's fast decoder gives json.loads's values, lone surrogates and infinities too."""
    import json

    from reader.pipeline.codec import decode_json

    for text in (json.dumps(value), json.dumps(value, ensure_ascii=False)):
        assert decode_json(text) == json.loads(text)
        assert decode_json(text.encode("utf-8", "surrogatepass")) == json.loads(text)
