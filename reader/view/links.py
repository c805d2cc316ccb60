"""Web links in untrusted text, and the one check before a link is handed to a browser.

A comment or an image URL comes from a stranger: only an http or https URL with a host, and
with no control, space or bidi character in it, may leave the program (a `javascript:` or
`file:` URL, or one that smuggles a terminal escape, never does). Pure logic, so it is tested
without a browser or a terminal.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from reader.text.clean import clean_text

WEB_SCHEMES = frozenset({"http", "https"})
# A URL in running text: a scheme and everything up to a space or a bracket/quote around it.
_WEB_URL = re.compile(r"\bhttps?://[^\s<>\"'`\[\]{}()]+", re.IGNORECASE)
# Sentence punctuation right after a URL belongs to the sentence.
_TRAILING = ".,;:!?"
SHOWN_URL_CHARACTERS = 80


def web_urls(text: str) -> list[str]:
    """Every http(s) URL in `text` that `web_url` accepts, in order, each once."""
    found = (match.group().rstrip(_TRAILING) for match in _WEB_URL.finditer(text))
    return list(dict.fromkeys(url for url in found if web_url(url) is not None))


def web_url(url: str) -> str | None:
    """`url` when it is safe to give a browser (http or https, a host, nothing invisible or
    controlling in it); otherwise None."""
    if not url or clean_text(url) != url or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed IPv6 host, say
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return None
    return url


def shown_url(url: str) -> str:
    """A URL as a notice shows it: inert and short."""
    url = clean_text(url)
    if len(url) > SHOWN_URL_CHARACTERS:
        return url[: SHOWN_URL_CHARACTERS - 1] + "…"
    return url
