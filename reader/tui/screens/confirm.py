"""The one confirmation before a change to many comments: Enter or y confirms, Esc cancels."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

CONFIRM_HINT = "Enter/y confirms, Esc cancels"


class ConfirmScreen(ModalScreen[bool]):
    """A question (Content: it may name an author) answered True or False."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "confirm", "Confirm", show=False),
        Binding("escape,n", "cancel", "Cancel", show=False),
    ]

    def __init__(self, question: Content) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box") as box:
            box.border_title = "Confirm"
            yield Static(self.question, id="confirm-question")
            yield Static(Content(CONFIRM_HINT), id="confirm-hint")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
