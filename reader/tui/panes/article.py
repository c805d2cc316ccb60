"""The article pane: headline, byline, paragraphs and captions, quotes highlighted by speaker.

All stranger text becomes `Content(...)` (never markup); styles are added as spans.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.content import Content
from textual.theme import Theme
from textual.widgets import Static

from reader.model import Article, Quote
from reader.tui.panes.base import Pane, PaneScroll
from reader.tui.panes.speaker_styles import (
    CHOSEN_STYLE,
    UNATTRIBUTED_STYLE,
    SpeakerStyles,
    speaker_styles,
)


def highlight(
    text: str,
    quotes: Sequence[Quote],
    styles: SpeakerStyles,
    chosen: Quote | None = None,
) -> Content:
    """The text as Content with each quote's span styled by its speaker."""
    content = Content(text)
    for quote in quotes:
        if 0 <= quote.start < quote.end <= len(text):
            style = styles.get(quote.speaker, UNATTRIBUTED_STYLE)
            content = content.stylize(style, quote.start, quote.end)
            if quote == chosen:
                content = content.stylize(CHOSEN_STYLE, quote.start, quote.end)
    return content


def _quotes_in(quotes: Sequence[Quote], where: str, index: int) -> list[Quote]:
    return [q for q in quotes if q.where == where and q.index == index]


class ArticleView(Pane, PaneScroll):
    """Headline, byline, published, paragraphs, and captions where their images stood."""

    PANE_TITLE = "Article"
    PANE_TAB = "article"

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article
        self.quotes: tuple[Quote, ...] = ()
        self.chosen: Quote | None = None

    def compose(self) -> ComposeResult:
        article = self.article
        yield Static(Content(article.headline), id="headline", classes="headline")
        # The published line may begin with a no-break space, kept in the data (SPEC 1).
        shown = (article.byline, article.published.strip() if article.published else None)
        meta = " · ".join(part for part in shown if part)
        if meta:
            yield Static(Content(meta), classes="byline")
        for index, image in enumerate(article.images):
            if image.after_paragraph < 0:
                yield self._caption(index)
        for number, paragraph in enumerate(article.paragraphs):
            yield Static(Content(paragraph), id=f"paragraph-{number}", classes="paragraph")
            for index, image in enumerate(article.images):
                if image.after_paragraph == number:
                    yield self._caption(index)
        for index, image in enumerate(article.images):
            if image.after_paragraph >= len(article.paragraphs):
                yield self._caption(index)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        """The speakers' colours follow the theme (readable on its background)."""
        if self.quotes:
            self.show_quotes(self.quotes, self.chosen)

    def _caption(self, index: int) -> Static:
        return Static(
            Content(self.article.images[index].caption), id=f"caption-{index}", classes="caption"
        )

    def show_quotes(self, quotes: Sequence[Quote], chosen: Quote | None = None) -> None:
        """Highlight every quote by speaker (and the chosen one more strongly)."""
        self.quotes = tuple(quotes)
        self.chosen = chosen
        styles = speaker_styles(self.quotes, self.app.current_theme)
        article = self.article
        self.query_one("#headline", Static).update(
            highlight(article.headline, _quotes_in(quotes, "headline", 0), styles, chosen)
        )
        for number, paragraph in enumerate(article.paragraphs):
            self.query_one(f"#paragraph-{number}", Static).update(
                highlight(paragraph, _quotes_in(quotes, "body", number), styles, chosen)
            )
        for index, image in enumerate(article.images):
            self.query_one(f"#caption-{index}", Static).update(
                highlight(image.caption, _quotes_in(quotes, "caption", index), styles, chosen)
            )

    def widget_for(self, quote: Quote) -> Static | None:
        selector = {
            "headline": "#headline",
            "body": f"#paragraph-{quote.index}",
            "caption": f"#caption-{quote.index}",
        }[quote.where]
        found = self.query(selector)
        return found.first(Static) if found else None

    def choose(self, quote: Quote) -> None:
        """Highlight one quote and scroll it into view."""
        self.show_quotes(self.quotes, chosen=quote)
        target = self.widget_for(quote)
        if target is not None:
            self.scroll_to_widget(target, animate=False, top=True)
