"""The claims pane: the article's quotes grouped by speaker; choosing one shows it in the
article (QuoteChosen, which the screen routes to the article pane)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.theme import Theme
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.model import Quote
from reader.tui.actions import bindings
from reader.tui.panes.base import Pane
from reader.tui.panes.speaker_styles import UNATTRIBUTED_STYLE, SpeakerStyles, speaker_styles
from reader.view.thread_view import quotes_by_speaker


@dataclass
class QuoteChosen(Message):
    """A claim was chosen in the claims list."""

    quote: Quote


def legend_entry(speaker: str | None, quotes: int, styles: SpeakerStyles) -> Content:
    """A speaker's name in their style (the very style of their quotes in the article, bold
    on top), and how many quotes they have."""
    name = Content(speaker) if speaker is not None else Content("Unattributed")
    style = styles.get(speaker, UNATTRIBUTED_STYLE)
    return Content.assemble(
        name.stylize_before("bold").stylize(style), (f"  {quotes}", "$text-muted")
    )


class ClaimsList(Pane, OptionList):
    """The quotes grouped by speaker; choosing one shows it in the article."""

    PANE_TITLE = "Claims"
    PANE_TAB = "claims"

    BINDINGS: ClassVar[list[BindingType]] = bindings("list", actions={
        "cursor-top": "first", "cursor-bottom": "last",
        "half-page-down": "page_down", "half-page-up": "page_up",
    })

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._quotes: list[Quote] = []
        self._shown: tuple[Quote, ...] = ()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        """The legend's colours follow the theme, as the article's do."""
        if self._shown:
            highlighted = self.highlighted
            self.show_quotes(self._shown)
            self.highlighted = highlighted

    def show_quotes(self, quotes: Sequence[Quote]) -> None:
        """The quotes under their speakers; each speaker's name, in the colour the article
        gives their words, makes this list the article's legend."""
        self.clear_options()
        self._shown = tuple(quotes)
        self._quotes = []
        styles = speaker_styles(quotes, self.app.current_theme)
        options: list[Option] = []
        if not quotes:
            options.append(Option(Content("No quotes found."), disabled=True))
        for speaker, group in quotes_by_speaker(quotes):
            options.append(Option(legend_entry(speaker, len(group), styles), disabled=True))
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
