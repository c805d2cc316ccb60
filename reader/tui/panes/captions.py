"""The captions pane: every image of the article, its caption and its URL, as Content."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from reader.model import Article
from reader.tui.panes.base import Pane, PaneScroll


class CaptionsView(Pane, PaneScroll):
    """The images in order: caption and URL."""

    PANE_TITLE = "Captions"
    PANE_TAB = "captions"

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article

    def compose(self) -> ComposeResult:
        if not self.article.images:
            yield Static(Content("This page has no images."), classes="empty")
        for number, image in enumerate(self.article.images, start=1):
            yield Static(
                Content.assemble((f"{number}. ", "bold"), Content(image.caption)),
                classes="caption-text",
            )
            yield Static(Content(image.url), classes="caption-url")
