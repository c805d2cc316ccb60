"""Choosing one of a list (a bulk decision, a link, a history entry): Enter picks, Esc
closes. Each option is Content, so a stranger's text in it is never read as markup."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static

T = TypeVar("T")


class ChoiceScreen(ModalScreen["T | None"], Generic[T]):
    """A titled list of (Content, value): Enter returns the value, Esc None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(
        self, title: Content, choices: Sequence[tuple[Content, T]], *, hint: str = "",
        empty: str = "Nothing to choose.",
    ) -> None:
        super().__init__(classes="choice")
        self.title_content = title
        self.choices = list(choices)
        self.hint = hint or "Enter chooses, Esc closes"
        self.empty = empty

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box") as box:
            box.border_subtitle = self.hint
            yield Static(self.title_content, id="choice-title")
            if self.choices:
                yield OptionList(*[prompt for prompt, _ in self.choices], id="choice-list")
            else:
                yield Static(Content(self.empty), id="choice-empty")

    def on_mount(self) -> None:
        for options in self.query(OptionList):
            options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[event.option_index][1])

    def action_cancel(self) -> None:
        self.dismiss(None)
