"""The reading panes: the article with quotes highlighted by speaker, captions, claims.

All stranger text becomes `Content(...)` (never markup); styles are added as spans.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.model import Article, Quote
from reader.tui.palette import CHOSEN_STYLE, UNATTRIBUTED_STYLE, speaker_styles
from reader.view.thread_view import quotes_by_speaker

# Every scrolling pane scrolls vim-style too; ids shared with the comment table's cursor keys.
PANE_BINDINGS: list[BindingType] = [
    Binding("j,down", "scroll_down", "Down", show=False, id="cursor-down"),
    Binding("k,up", "scroll_up", "Up", show=False, id="cursor-up"),
    Binding("g,home", "scroll_home", "Top", show=False, id="cursor-top"),
    Binding("G,end", "scroll_end", "End", show=False, id="cursor-bottom"),
    Binding("ctrl+d,pagedown", "half_page_down", "Half page down", show=False,
            id="half-page-down"),
    Binding("ctrl+u,pageup", "half_page_up", "Half page up", show=False, id="half-page-up"),
]


class PaneScroll(VerticalScroll):
    """A focusable scrolling pane with vim-style keys (z maximizes it)."""

    ALLOW_MAXIMIZE = True
    BINDINGS = PANE_BINDINGS

    def action_half_page_down(self) -> None:
        self.scroll_relative(y=max(1, self.scrollable_content_region.height // 2),
                             animate=False)

    def action_half_page_up(self) -> None:
        self.scroll_relative(y=-max(1, self.scrollable_content_region.height // 2),
                             animate=False)


def highlight(
    text: str,
    quotes: Sequence[Quote],
    styles: dict[str | None, str],
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


class ArticleView(PaneScroll):
    """Headline, byline, published, paragraphs, and captions where their images stood."""

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article
        self.quotes: tuple[Quote, ...] = ()
        self.chosen: Quote | None = None

    def compose(self) -> ComposeResult:
        article = self.article
        yield Static(Content(article.headline), id="headline", classes="headline")
        meta = " · ".join(part for part in (article.byline, article.published) if part)
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

    def _caption(self, index: int) -> Static:
        return Static(
            Content(self.article.images[index].caption), id=f"caption-{index}", classes="caption"
        )

    def show_quotes(self, quotes: Sequence[Quote], chosen: Quote | None = None) -> None:
        """Highlight every quote by speaker (and the chosen one more strongly)."""
        self.quotes = tuple(quotes)
        self.chosen = chosen
        styles = speaker_styles(self.quotes)
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


class CaptionsView(PaneScroll):
    """The images in order: caption and URL."""

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


@dataclass
class QuoteChosen(Message):
    """A claim was chosen in the claims list."""

    quote: Quote


class ClaimsList(OptionList):
    """The quotes grouped by speaker; choosing one shows it in the article."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="cursor-down"),
        Binding("k", "cursor_up", "Up", show=False, id="cursor-up"),
        Binding("g", "first", "First", show=False, id="cursor-top"),
        Binding("G", "last", "Last", show=False, id="cursor-bottom"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._quotes: list[Quote] = []

    def show_quotes(self, quotes: Sequence[Quote]) -> None:
        self.clear_options()
        self._quotes = []
        styles = speaker_styles(quotes)
        options: list[Option] = []
        if not quotes:
            options.append(Option(Content("No quotes found."), disabled=True))
        for speaker, group in quotes_by_speaker(quotes):
            style = styles.get(speaker, UNATTRIBUTED_STYLE)
            name = Content(speaker) if speaker is not None else Content("Unattributed")
            header = Content.assemble(
                name.stylize(style).stylize("bold"), (f"  {len(group)}", "$text-muted")
            )
            options.append(Option(header, disabled=True))
            for quote in group:
                options.append(
                    Option(Content.assemble("  “", Content(quote.text), "”"),
                           id=f"quote-{len(self._quotes)}")
                )
                self._quotes.append(quote)
        self.add_options(options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id
        if option_id is not None and option_id.startswith("quote-"):
            self.post_message(QuoteChosen(self._quotes[int(option_id.removeprefix("quote-"))]))
