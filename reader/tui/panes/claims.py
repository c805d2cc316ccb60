"""The claims pane: the article's quotes grouped by speaker; choosing one shows it in the
article (QuoteChosen, which the screen routes to the article pane)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.model import Quote
from reader.tui.actions import bindings
from reader.tui.panes.base import Pane
from reader.tui.panes.speaker_styles import UNATTRIBUTED_STYLE, speaker_styles
from reader.view.thread_view import quotes_by_speaker


@dataclass
class QuoteChosen(Message):
    """A claim was chosen in the claims list."""

    quote: Quote


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
