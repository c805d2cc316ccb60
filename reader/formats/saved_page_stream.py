"""A saved page too long to hold, read from its file a segment at a time, as often as needed.

`reader analyze` of a million-comment page (160 MB) held the file's text and every comment
at once: 1.3 GB (issue 15). A `StreamedPage` holds neither. A first pass reads the whole file
(in pieces: reader.formats.text_window) to find the page's head, its warnings and which
comment ids repeat (8 bytes a comment while they are counted: reader.formats.ids), and shows
each segment's comments to a `visit` callback; every later `comments()` reads the file
again and gives the comments, segment by segment, exactly as `load_article` gives them
(tests/test_streamed_page.py).

Only a page `load_article` would read the same way is streamed: a UTF-8 saved page, at least
STREAM_MIN_BYTES long and within the size limit. Anything else (another format, invalid
UTF-8, NUL, an unreadable file) gives None, and the caller reads the file whole, which says in
its own words what is wrong. A file changed between two reads is an error.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path

from reader.errors import PageError
from reader.formats import starts_a_saved_page
from reader.formats.ids import comment_ids, id_number, repeated_ids
from reader.formats.saved_page import SEGMENT_CHARS, PageSegments
from reader.formats.text_window import PIECE_BYTES, FileWindow, NotStreamable
from reader.model import Article, Comment
from reader.text.decode import decode_page_bytes, display_path

__all__ = ["STREAM_MIN_BYTES", "StreamedPage", "open_streamed"]

# A page at least this long is streamed by `reader analyze` (about 50,000 comments); a
# shorter one is read whole, which is simpler and as fast.
STREAM_MIN_BYTES = 8 * 1024 * 1024
_SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class StreamedPage:
    """A saved page read from `path` a segment at a time (see the module docstring).

    `article` is the page without its comments (`comments` is empty) and with every warning
    a whole read gives; `count` is the number of comments.
    """

    path: Path
    name: str
    article: Article
    count: int
    repeated: frozenset[str]  # the comment ids met more than once
    identity: tuple[int, int, int]  # the file's size, mtime and inode when first read
    segment: int = SEGMENT_CHARS
    piece_bytes: int = PIECE_BYTES

    def comments(self) -> Generator[list[Comment], None, None]:
        """The page's comments, a segment at a time, from a new read of the file."""
        changed = PageError(f"{self.name}: changed while it was being read")
        if _identity(self.path) != self.identity:
            raise changed
        try:
            with self.path.open("rb") as file:
                window = FileWindow(file, piece_bytes=self.piece_bytes)
                segments = PageSegments(window, self.name, self.segment)
                yield from segments.comments(comment_ids(self.repeated))
        except NotStreamable as error:  # it was streamable when first read: it changed since
            raise changed from error


def open_streamed(
    path: Path,
    *,
    max_bytes: int | None,
    visit: Callable[[list[Comment]], None] | None = None,
    min_bytes: int | None = None,
    segment: int | None = None,
    piece_bytes: int | None = None,
) -> StreamedPage | None:
    """The page at `path` for reading a segment at a time, after a first pass that shows
    `visit` each segment's comments (their ids as if none repeated); None when the page is to
    be read whole (see the module docstring). Raises PageError as `load_article` would for a
    saved page that is no page. The sizes default to this module's (read when called, so a
    test may make them small)."""
    min_bytes = STREAM_MIN_BYTES if min_bytes is None else min_bytes
    segment = SEGMENT_CHARS if segment is None else segment
    piece_bytes = PIECE_BYTES if piece_bytes is None else piece_bytes
    try:
        identity = _identity(path)
        if identity[0] < min_bytes or (max_bytes is not None and identity[0] > max_bytes):
            return None
        with path.open("rb") as file:
            start = file.read(_SNIFF_BYTES)
    except OSError:
        return None
    name = display_path(str(path))
    if not _starts_a_saved_page(start, name):
        return None
    numbers = array("Q")  # each comment's id as a number, as if none repeated
    try:
        with path.open("rb") as file:
            segments = PageSegments(FileWindow(file, piece_bytes=piece_bytes), name, segment)
            for found in segments.comments(comment_ids(frozenset())):
                if visit is not None:
                    visit(found)
                numbers.extend(id_number(comment.id) for comment in found)
    except (NotStreamable, OSError):
        return None
    article = segments.article([])
    if identity != _identity(path):
        raise PageError(f"{name}: changed while it was being read")
    return StreamedPage(
        path, name, article, len(numbers), repeated_ids(numbers), identity, segment, piece_bytes
    )


def _identity(path: Path) -> tuple[int, int, int]:
    status = path.stat()
    return status.st_size, status.st_mtime_ns, status.st_ino


def _starts_a_saved_page(start: bytes, name: str) -> bool:
    """Whether a file starting with these bytes is a saved page a whole read decodes as
    UTF-8 without a warning (the rest of the file is checked as it is read)."""
    cut = len(start) if len(start) < _SNIFF_BYTES else max(start.rfind(b"\n"), start.rfind(b"\r"))
    if cut <= 0:
        return False
    try:
        text, warnings = decode_page_bytes(start[:cut], name)
    except PageError:
        return False
    return not warnings and starts_a_saved_page(text)
