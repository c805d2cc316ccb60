"""An MHTML archive (the browser's "Save as single file", `.mhtml`/`.mht`): a MIME
multipart/related message whose HTML part is the page and whose other parts are its images
and styles. The stdlib `email` package reads the message; the first text/html part, decoded
from its transfer encoding (quoted-printable or base64) and its charset, goes to the HTML
reader. Articles read from an archive have `source` "mhtml".

A part that names no charset is read as UTF-8 (browsers write the page they save as UTF-8),
with invalid bytes shown as U+FFFD and a warning; so is one that names a charset Python does
not know. The page's address, when the page names none, is the archive's
`Snapshot-Content-Location` (Chrome) or the HTML part's `Content-Location`.

This module is what the format registry needs (the name, the sniff); the reading, with
`email` and the HTML reader, is in `mhtml_message`, imported when an archive is parsed.
"""

from __future__ import annotations

from reader.formats.base import start_of
from reader.model import Article

__all__ = ["MHTML", "Mhtml", "looks_like_mhtml"]

_HEADER_CHARS = 4096


def looks_like_mhtml(text: str) -> bool:
    """A MIME message whose headers (before the first blank line) hold `MIME-Version:` and a
    `multipart/related` content type."""
    headers = start_of(text)[:_HEADER_CHARS].split("\n\n", 1)[0].lower()
    return "mime-version:" in headers and "multipart/related" in headers


class Mhtml:
    """The MHTML archive format (see the module docstring)."""

    name = "mhtml"
    title = "a saved MHTML archive"

    def sniff(self, text: str) -> bool:
        """MIME headers saying multipart/related (`looks_like_mhtml`)."""
        return looks_like_mhtml(text)

    def parse(self, text: str, source: str) -> Article:
        """The archived page's article, or PageError naming `source` in one line."""
        from reader.formats.mhtml_message import read_mhtml  # email: only when parsing

        return read_mhtml(text, source)

    def parse_start(
        self, text: str, source: str, *, comments: int, prefix_chars: int
    ) -> Article | None:
        """None: an archive is read whole."""
        return None


MHTML = Mhtml()
