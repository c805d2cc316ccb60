"""Read a saved page from disk into text, or say in one line why it cannot be read.

Decoding rules: a UTF-8 BOM is dropped; UTF-16 and UTF-32 need a BOM (or, for UTF-16, the
unmistakable pattern of NUL bytes in every other position); everything else is UTF-8, with
invalid bytes shown as U+FFFD and a warning rather than refused. NUL bytes in anything that is
not UTF-16/32, or a high share of control bytes, mean the file is binary. Line endings become
"\\n" (CRLF and lone CR alike). Records are split on "\\n" only, never with str.splitlines,
which would also split on form feed and U+2028.
"""

from __future__ import annotations

import codecs
import os
import shlex
import stat
from pathlib import Path

from reader.errors import PageError
from reader.text.clean import clean_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "decode_page_bytes",
    "decode_page_start",
    "display_path",
    "normalise_newlines",
    "read_page_bytes",
    "read_page_text",
]

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
MAX_SIZE_FLAG = "--max-size"

# A file is binary when more than this share of its first characters are control characters
# other than tab, newline, carriage return, form feed and ESC (which hostile text uses).
_BINARY_CONTROL_SHARE = 0.10
_SNIFF_CHARS = 8192
_TEXT_CONTROLS = frozenset("\t\n\r\f\x1b")

# Compressed files a person may be handed instead of a page: (magic bytes, what, advice).
_COMPRESSED: tuple[tuple[bytes, str, str], ...] = (
    (b"\x1f\x8b", "gzip-compressed", "unzip it first (gunzip {})"),
    (b"PK\x03\x04", "a zip archive", "unzip it first (unzip {})"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def display_path(path: object) -> str:
    """A path as one printable line, safe for a terminal."""
    return clean_text(str(path)).replace("\n", "^J").replace("\t", "^I")


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB ({size} bytes)"
    if size >= 1024:
        return f"{size / 1024:.1f} KiB ({size} bytes)"
    return f"{size} bytes"


def _too_big(name: str, size: int, max_bytes: int, *, at_least: bool = False) -> PageError:
    prefix = "at least " if at_least else ""
    return PageError(
        f"{name}: file is {prefix}{_size_text(size)}, over the {_size_text(max_bytes)} limit;"
        f" use {MAX_SIZE_FLAG} to raise it"
    )


def _read_bytes(path: Path, name: str, max_bytes: int | None) -> bytes:
    _check_is_readable_file(path, name, max_bytes)
    try:
        with path.open("rb") as handle:
            data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    except PermissionError:
        raise PageError(f"{name}: cannot read: permission denied") from None
    except IsADirectoryError:
        raise PageError(f"{name}: is a directory, not a saved page") from None
    except (OSError, ValueError) as error:
        raise PageError(f"{name}: cannot read: {_os_reason(error)}") from None
    if max_bytes is not None and len(data) > max_bytes:  # the file grew while we looked
        raise _too_big(name, len(data), max_bytes, at_least=True)
    return data


def _check_is_readable_file(path: Path, name: str, max_bytes: int | None) -> None:
    """PageError unless `path` is a regular file within the size limit (says which not)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise PageError(f"{name}: no such file") from None
    except NotADirectoryError:
        raise PageError(f"{name}: no such file (a part of the path is not a directory)") from None
    except PermissionError:
        raise PageError(f"{name}: cannot read: permission denied") from None
    except (OSError, ValueError) as error:
        raise PageError(f"{name}: cannot read: {_os_reason(error)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise PageError(f"{name}: is a directory, not a saved page")
    if not stat.S_ISREG(info.st_mode):
        raise PageError(f"{name}: is not a regular file")
    if max_bytes is not None and info.st_size > max_bytes:
        raise _too_big(name, info.st_size, max_bytes)


def _os_reason(error: BaseException) -> str:
    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return display_path(reason)


def _looks_like_bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NULs sit in every other byte of mostly-ASCII text."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls >= 0.9 * half and even_nuls == 0:
        return "utf-16-le"
    if even_nuls >= 0.9 * half and odd_nuls == 0:
        return "utf-16-be"
    return None


def decode_page_bytes(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    """Decode a page's bytes (see the module docstring); `name` is used in messages."""
    warnings: list[str] = []
    encoding, body = _encoding_of(data, name)
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as error:
        text = body.decode(encoding, errors="replace")
        label = "UTF-8" if encoding == "utf-8" else encoding.upper()
        warnings.append(
            f"{name}: not valid {label} (first bad byte at offset {error.start});"
            " undecodable bytes are shown as U+FFFD"
        )
    if not text or text.isspace():  # `not text.strip()` without copying a long text
        raise PageError(f"{name}: is empty" if not text else f"{name}: holds only whitespace")
    # In UTF-8 a NUL or CR character is that byte and no other: the bytes are searched,
    # which is several times faster than the text (4 bytes a character with an emoji in it).
    utf8 = encoding == "utf-8"
    _check_is_text(text, bool(warnings), name, nul=utf8 and b"\x00" in body)
    if utf8 and b"\r" not in body:
        return text, tuple(warnings)
    return normalise_newlines(text), tuple(warnings)


def decode_page_start(data: bytes, name: str, size: int) -> str | None:
    """The text of a start of a long page's bytes (about `size` bytes, up to a newline), as
    `decode_page_bytes` gives that start of the whole, so the app can show a long page
    before it has decoded all of it (26 ms of 16 MB, at 4 bytes a character with an emoji).

    None unless the page is at least twice `size` and plain UTF-8 (no other encoding, no NUL
    anywhere, the start valid): the whole read then decides, and says what is wrong. Raises
    PageError as the whole read would for a start that looks binary. One difference is
    left: a start mostly of literal U+FFFD with an undecodable byte later is refused by the
    whole read only, when it is made (after the start is shown).
    """
    if len(data) < 2 * size:
        return None
    encoding, body = _encoding_of(data, name)
    if encoding != "utf-8" or b"\x00" in body:
        return None
    cut = body.rfind(b"\n", 0, size)
    if cut <= 0:
        return None
    try:
        text = body[: cut + 1].decode("utf-8")
    except UnicodeDecodeError:
        return None
    _check_is_text(text, False, name, nul=False)
    return normalise_newlines(text)


def _encoding_of(data: bytes, name: str) -> tuple[str, bytes]:
    """(the encoding, the bytes after any BOM); PageError for NUL bytes that are not UTF-16,
    or for a compressed file (said as such: Disqus emails its export as a .xml.gz)."""
    for magic, what, advice in _COMPRESSED:
        if data.startswith(magic):
            raise PageError(f"{name}: is {what}: {advice.format(shlex.quote(name))}")
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            return bom_encoding, data[len(bom) :]
    if b"\x00" in data:
        guessed = _looks_like_bomless_utf16(data)
        if guessed is None:
            raise PageError(f"{name}: is a binary file (it holds NUL bytes), not a saved page")
        return guessed, data
    return "utf-8", data


def _check_is_text(text: str, replaced_bytes: bool, name: str, *, nul: bool) -> None:
    """PageError when the decoded text looks binary: it holds NUL (`nul`, from UTF-8 or
    UTF-8 with a BOM; a NUL is text in UTF-16 and UTF-32), its start is mostly control
    bytes, or (when bytes were replaced) mostly U+FFFD."""
    sample = text[:_SNIFF_CHARS]
    controls = sum(
        1
        for char in sample
        if (char < " " or "\x7f" <= char < "\xa0") and char not in _TEXT_CONTROLS
    )
    if nul:
        raise PageError(f"{name}: is a binary file (it holds NUL bytes), not a saved page")
    if controls > _BINARY_CONTROL_SHARE * len(sample):
        raise PageError(f"{name}: is a binary file (mostly control bytes), not a saved page")
    replaced = sample.count("\ufffd")
    if replaced_bytes and replaced > 0.3 * len(sample):
        raise PageError(f"{name}: is not text in a known encoding (mostly undecodable bytes)")


def read_page_bytes(
    path: Path | str, *, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> tuple[bytes, str]:
    """A saved page's bytes and its name for messages, or PageError (no such file, too big,
    empty, ...). `max_bytes=None` reads a file of any size; otherwise a larger file is
    refused with a message naming its size, the limit and the `--max-size` flag."""
    path = Path(os.fsdecode(path)) if not isinstance(path, Path) else path
    name = display_path(path)
    data = _read_bytes(path, name, max_bytes)
    if not data:
        raise PageError(f"{name}: is empty")
    return data, name


def read_page_text(
    path: Path | str, *, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> tuple[str, tuple[str, ...]]:
    """Read and decode a saved page; return (text, warnings) or raise PageError (see
    `read_page_bytes` for `max_bytes`)."""
    return decode_page_bytes(*read_page_bytes(path, max_bytes=max_bytes))
