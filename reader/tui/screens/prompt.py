"""The one-line prompt (search, note): Enter returns the line, Escape cancels."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from reader.text.clean import clean_text


class SafeInput(Input):
    """An Input whose value never holds a raw control: a pasted escape sequence (or one
    given as the starting value) shows as `^[...`, as it would in a comment."""

    def validate_value(self, value: str) -> str:
        return clean_text(value)

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(clean_text(text), start, end)


class PromptScreen(ModalScreen[str | None]):
    """One line of input: Enter returns it, Escape cancels (None)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__(classes="prompt")
        self._title = title
        self._value = value
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(Content(self._title), id="prompt-title")
            yield SafeInput(value=self._value, placeholder=self._placeholder, id="prompt-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(clean_text(event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)
