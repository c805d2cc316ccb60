"""An MHTML archive (the browser's "Save as single file", `.mhtml`/`.mht`): a MIME
multipart/related message whose HTML part is the page and whose other parts are its images
and styles. The stdlib `email` package reads the message; the first text/html part, decoded
from its transfer encoding (quoted-printable or base64) and its charset, goes to the HTML
reader. Articles read from an archive have `source` "mhtml".

A part that names no charset is read as UTF-8 (browsers write the page they save as UTF-8),
with invalid bytes shown as U+FFFD and a warning; so is one that names a charset Python does
not know. The page's address, when the page names none, is the archive's
`Snapshot-Content-Location` (Chrome) or the HTML part's `Content-Location`.
"""

from __future__ import annotations

import codecs
import email
import email.errors
import email.policy
from dataclasses import replace
from email.message import Message

from reader.errors import PageError
from reader.formats.base import start_of
from reader.formats.html import read_html
from reader.model import Article
from reader.text.clean import clean_text
from reader.text.decode import normalise_newlines

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
        message = _message(text, source)
        part = _html_part(message)
        if part is None:
            raise PageError(f"{source}: is an MHTML archive with no HTML page in it")
        html, warnings = _html_text(part, source)
        location = message.get("Snapshot-Content-Location") or part.get("Content-Location")
        article = read_html(html, source, source_name=self.name, fallback_url=_header(location))
        return replace(article, warnings=warnings + article.warnings) if warnings else article

    def parse_start(
        self, text: str, source: str, *, comments: int, prefix_chars: int
    ) -> Article | None:
        """None: an archive is read whole."""
        return None


MHTML = Mhtml()


def _message(text: str, name: str) -> Message:
    try:
        return email.message_from_string(text.lstrip(), policy=email.policy.compat32)
    except (email.errors.MessageError, ValueError, LookupError, IndexError) as error:
        raise PageError(
            f"{name}: is not an MHTML archive Reader can read ({type(error).__name__})"
        ) from None


def _html_part(message: Message) -> Message | None:
    """The first text/html part that is not itself a multipart (the saved page)."""
    for part in message.walk():
        if not part.is_multipart() and part.get_content_type() == "text/html":
            return part
    return None


def _html_text(part: Message, name: str) -> tuple[str, tuple[str, ...]]:
    """The part's text, decoded from its transfer encoding and charset, and any warnings."""
    try:
        data = part.get_payload(decode=True)
    except (ValueError, LookupError, UnicodeError) as error:
        raise PageError(
            f"{name}: cannot decode the archive's HTML part ({type(error).__name__})"
        ) from None
    if not isinstance(data, bytes) or not data.strip():
        raise PageError(f"{name}: is an MHTML archive whose HTML page is empty")
    charset = _charset(part)
    warnings: list[str] = []
    try:
        codecs.lookup(charset)
    except LookupError:
        warnings.append(f"{name}: the HTML part's charset {clean_text(charset)!r} is unknown;"
                        " read as UTF-8")  # fmt: skip
        charset = "utf-8"
    try:
        text = data.decode(charset)
    except UnicodeDecodeError as error:
        text = data.decode(charset, errors="replace")
        warnings.append(
            f"{name}: the HTML part is not valid {clean_text(charset).upper()} (first bad byte"
            f" at offset {error.start}); undecodable bytes are shown as U+FFFD"
        )
    return normalise_newlines(text.removeprefix("\ufeff")), tuple(warnings)


def _charset(part: Message) -> str:
    try:
        charset = part.get_content_charset()
    except (ValueError, LookupError, UnicodeError):  # a malformed parameter
        charset = None
    return charset or "utf-8"


def _header(value: object) -> str | None:
    """A header's value as text (a malformed one may come back as an object), or None."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None
