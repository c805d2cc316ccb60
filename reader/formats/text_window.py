"""A long text seen through a window: what a segmented parse needs of it, whether the text is
one string in memory or a file read a piece at a time.

The saved-page parser reads a long page a segment at a time (reader.formats.saved_page), only
ever forward: it looks for the next newline after an offset, takes the text between two
offsets and then lets go of everything before the later one. `TextWindow` serves that from a
string; `FileWindow` from a UTF-8 file decoded as it is read, holding only the text between
the oldest offset still needed and the furthest one asked for, so a 160 MB page is never in
memory whole (issue 15: `reader analyze` of a million comments under 300 MB).
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import BinaryIO

from reader.text.decode import normalise_newlines

__all__ = ["FileWindow", "NotStreamable", "TextWindow"]

PIECE_BYTES = 1 << 20


class NotStreamable(Exception):
    """The file cannot be read a piece at a time to the text a whole read gives (it is not
    valid UTF-8, or holds NUL): the caller reads it whole, which says what is wrong."""


class TextWindow:
    """The window over a text already in memory: every offset is the string's own."""

    def __init__(self, text: str) -> None:
        self.text = text

    def find_newline(self, position: int) -> int:
        """The offset of the first newline at or after `position`; -1 when there is none, or
        when `position` is at or past the end."""
        return self.text.find("\n", position) if position < len(self.text) else -1

    def take(self, start: int, stop: int | None) -> str:
        """The text from `start` to `stop` (None: to the end)."""
        return self.text[start:stop]

    def release(self, before: int) -> None:
        """Nothing before `before` will be asked for again (the string is kept: it is the
        caller's)."""


class FileWindow(TextWindow):
    """The window over a UTF-8 file (a leading BOM dropped, newlines made "\\n" as
    `normalise_newlines` makes them), read `piece_bytes` at a time as offsets ask for more.

    Raises NotStreamable on bytes that are not UTF-8 and on NUL, which a whole read reports
    (as a warning or an error) in its own words.
    """

    def __init__(self, file: BinaryIO, *, piece_bytes: int = PIECE_BYTES) -> None:
        super().__init__("")
        self._pieces = _decoded_pieces(file, max(1, piece_bytes))
        self._base = 0  # the offset of self.text[0] in the whole text
        self._ended = False

    def _read_to(self, position: int) -> None:
        """Read until the text held reaches past `position`, or the file ends."""
        while not self._ended and self._base + len(self.text) <= position:
            piece = next(self._pieces, None)
            if piece is None:
                self._ended = True
            else:
                self.text += piece

    def find_newline(self, position: int) -> int:
        self._read_to(position)
        while True:
            found = self.text.find("\n", max(0, position - self._base))
            if found >= 0:
                return self._base + found
            if self._ended or self._base + len(self.text) <= position:
                return -1
            self._read_to(self._base + len(self.text))

    def take(self, start: int, stop: int | None) -> str:
        if stop is None:
            while not self._ended:
                self._read_to(self._base + len(self.text))
            return self.text[start - self._base :]
        self._read_to(stop)
        return self.text[start - self._base : stop - self._base]

    def release(self, before: int) -> None:
        if before > self._base:
            self.text = self.text[before - self._base :]
            self._base = before


def _decoded_pieces(file: BinaryIO, piece_bytes: int) -> Iterator[str]:
    """The file's text a piece at a time. A CR at the end of a piece waits for the next, so
    a CRLF split between two pieces is still one newline; the text's start waits until it
    has two characters, so the byte order marks a whole read drops (the BOM, then a U+FEFF
    after it: reader.text.decode, reader.formats._prepared) are dropped here too."""
    decode = codecs.getincrementaldecoder("utf-8")().decode
    held = start = ""
    started = False
    while True:
        data = file.read(piece_bytes)
        try:
            text = held + decode(data, final=not data)
        except UnicodeDecodeError as error:
            raise NotStreamable("not valid UTF-8") from error
        held = ""
        if not started:
            start += text
            if len(start) < 2 and data:
                continue
            text, started = start.removeprefix("\ufeff").removeprefix("\ufeff"), True
        if "\x00" in text:
            raise NotStreamable("holds NUL")
        if data and text.endswith("\r"):
            text, held = text[:-1], "\r"
        if text:
            yield normalise_newlines(text)
        if not data:
            return
