"""Opening a comment's or an image's link in the browser, and copying a comment's text.

Both send a stranger's text out of the program, so both check it first: a link goes to
`webbrowser.open` (never a shell) only when `reader.view.links.web_url` accepts it (http or
https, nothing invisible in it); copied text has its controls made visible (`clean_text`)
before Textual writes it to the terminal as OSC 52.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from contextlib import ExitStack, suppress
from typing import Any

from textual.app import App, SuspendNotSupported
from textual.content import Content

from reader.model import Comment, Image
from reader.text.clean import clean_text
from reader.tui.notices import Notice
from reader.view.links import shown_url, web_url, web_urls

# A link to choose from: how the list shows it, and the URL.
LinkChoice = tuple[Content, str]


def comment_links(comment: Comment) -> list[LinkChoice] | Notice:
    """The comment's web links, or a Notice when it has none."""
    urls = web_urls(comment.text)
    if not urls:
        return Notice("This comment has no web (http or https) link to open.", "warning")
    return [(Content(url), url) for url in urls]


def image_links(images: Sequence[Image]) -> list[LinkChoice] | Notice:
    """Every image's link (each checked only when chosen), or a Notice when there is none."""
    if not images:
        return Notice("This page has no images.", "warning")
    return [
        (Content.assemble((f"{number}. ", "bold"), Content(clean_text(image.caption) or "—"),
                          "\n   ", (clean_text(image.url), "$text-muted")), image.url)
        for number, image in enumerate(images, start=1)
    ]


def _may_need_the_terminal() -> bool:
    """On a Linux console without a display, webbrowser picks a text browser (lynx, w3m),
    which needs the terminal the app holds."""
    return sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


def open_link(app: App[Any], url: str, *, of: str) -> Notice:
    """Open `url` in the browser when it is an http(s) link; say what was opened (or why
    not). `of` says which link it was ("the comment's only link", "image 2's link")."""
    checked = web_url(url)
    if checked is None:
        return Notice(f"Not opened: only http and https links are opened, not {shown_url(url)}",
                      "warning", "Link refused")
    import webbrowser  # when a link is opened: the app's first frame does without it

    with ExitStack() as terminal:
        if _may_need_the_terminal():
            with suppress(SuspendNotSupported):  # a test's headless driver, Textual Web
                terminal.enter_context(app.suspend())
        opened = webbrowser.open(checked)
    if not opened:
        return Notice(f"No browser could open {shown_url(checked)}", "warning")
    return Notice(f"Opened {of}: {shown_url(checked)}")


def clipboard_text(comment: Comment) -> str:
    """The comment's text with every control (ESC, bidi, ...) made visible: what is copied."""
    return clean_text(comment.text)


def copy_comment(app: App[Any], comment: Comment | None) -> Notice:
    """Copy the comment's (cleaned) text to the clipboard through the terminal (OSC 52)."""
    if comment is None:
        return Notice("No comment selected.", "warning")
    text = clipboard_text(comment)
    app.copy_to_clipboard(text)
    return Notice(f"Copied {len(text):,} characters")
