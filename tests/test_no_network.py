"""Nothing opens a socket while a saved HTML page or MHTML archive is read: trafilatura and
its helpers can fetch URLs and images, and Reader must never let them (SPEC section 1b)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any, NoReturn

import pytest

from reader.formats import load_article

HTML = Path(__file__).resolve().parents[1] / "fixtures" / "html"
FILES = sorted([*HTML.glob("*.html"), *HTML.glob("*.mhtml")])


class NetworkUsed(AssertionError):
    """Raised by every patched network entry point."""


def refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise NetworkUsed(f"network used: {args!r}")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every way to reach the network raises; the list records each attempt."""
    attempts: list[str] = []

    def record(*args: Any, **kwargs: Any) -> NoReturn:
        attempts.append(repr(args))
        refuse(*args)

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, record)
    monkeypatch.setattr(socket, "create_connection", record)
    monkeypatch.setattr(socket, "getaddrinfo", record)
    import trafilatura.downloads

    monkeypatch.setattr(trafilatura.downloads, "fetch_url", record)
    monkeypatch.setattr(trafilatura.downloads, "fetch_response", record)
    return attempts


def test_the_guard_catches_a_connection(no_network: list[str]) -> None:
    with pytest.raises(NetworkUsed):
        socket.create_connection(("example.com", 80))
    with pytest.raises(NetworkUsed), socket.socket() as sock:
        sock.connect(("127.0.0.1", 9))
    assert len(no_network) == 2


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_reading_a_page_opens_no_socket(path: Path, no_network: list[str]) -> None:
    article = load_article(path)
    assert article.paragraphs and no_network == []
    assert any(image.url.startswith("http") for image in article.images) or path.name not in (
        "article.html",
        "article.mhtml",
    )  # pages with remote images were read without fetching them
