"""An MHTML archive's message read to the article of its HTML page (the reading
`reader.formats.mhtml` describes): imported when an archive is parsed, so sniffing a text
never loads `email` or lxml.
"""

from __future__ import annotations

import codecs
import email
import email.errors
import email.policy
from dataclasses import replace
from email.message import Message

from reader.errors import PageError
from reader.formats.html_article import read_html
from reader.formats.mhtml import MHTML
from reader.model import Article
from reader.text.clean import clean_text
from reader.text.decode import normalise_newlines

__all__ = ["read_mhtml"]


def read_mhtml(text: str, source: str) -> Article:
    """The archived page's article, or PageError naming `source` in one line."""
    message = _message(text, source)
    part = _html_part(message)
    if part is None:
        raise PageError(f"{source}: is an MHTML archive with no HTML page in it")
    html, warnings = _html_text(part, source)
    location = message.get("Snapshot-Content-Location") or part.get("Content-Location")
    article = read_html(html, source, source_name=MHTML.name, fallback_url=_header(location))
    return replace(article, warnings=warnings + article.warnings) if warnings else article


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
