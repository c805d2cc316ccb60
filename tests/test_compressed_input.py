"""A compressed file says so, with the command that opens it (QA: the `.xml.gz` Disqus emails
was "a binary file (it holds NUL bytes), not a saved page")."""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.errors import PageError
from reader.formats import load_article, open_page

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "disqus-export.xml"


def _zipped(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("export.xml", data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "pack", "words"),
    [
        ("export.xml.gz", gzip.compress, "is gzip-compressed: unzip it first (gunzip "),
        ("my export.gz", gzip.compress, "is gzip-compressed: unzip it first (gunzip '"),
        ("export.zip", _zipped, "is a zip archive: unzip it first (unzip "),
    ],
)
def test_a_compressed_file_is_named_as_such(
    tmp_path: Path, name: str, pack: Callable[[bytes], bytes], words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(pack(FIXTURE.read_bytes()))
    for read in (load_article, open_page):
        with pytest.raises(PageError) as caught:
            read(path)
        message = str(caught.value)
        assert message.startswith(f"{path}: ") and words in message
        assert "binary" not in message and "\n" not in message


def test_a_big_compressed_file_is_named_before_its_start_is_shown(tmp_path: Path) -> None:
    """A long file's start is decoded first for the app: it says the same."""
    path = tmp_path / "big.xml.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(256)) * 20_000)
    with pytest.raises(PageError, match=r"is gzip-compressed: unzip it first"):
        open_page(path)
