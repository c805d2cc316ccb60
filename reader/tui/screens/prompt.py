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
        """Insert `text` cleaned; with a `max_length`, as much of it as fits (Input would
        refuse a paste that runs over whole, which looks like nothing happened)."""
        text = clean_text(text)
        if self.max_length:
            start, end = sorted((max(0, start), min(len(self.value), end)))
            text = text[: max(0, self.max_length - len(self.value) + (end - start))]
        super().replace(text, start, end)


class PromptScreen(ModalScreen[str | None]):
    """One line of input: Enter returns it, Escape cancels (None)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(self, title: str, value: str = "", placeholder: str = "",
                 max_length: int = 0) -> None:
        """`max_length`: the most characters the line takes (0: no limit); the input stops
        there, so say the limit in `title`."""
        super().__init__(classes="prompt")
        self._title = title
        self._value = value
        self._placeholder = placeholder
        self._max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(Content(self._title), id="prompt-title")
            yield SafeInput(value=self._value, placeholder=self._placeholder,
                            max_length=self._max_length, id="prompt-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(clean_text(event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)
