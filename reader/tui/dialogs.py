"""Small modal screens: search, note, filter, and the key help."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from reader.model import STANCE_LABELS
from reader.text.clean import clean_text
from reader.view.thread_view import DECISION_VALUES, SENTIMENT_VALUES, CommentFilter


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


class FilterScreen(ModalScreen[CommentFilter | None]):
    """Choose which stances, sentiments, languages and decisions to show (none = any)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", show=False),
        Binding("ctrl+s", "apply", "Apply", show=False),
    ]

    def __init__(self, current: CommentFilter, languages: Sequence[str]) -> None:
        super().__init__()
        self._current = current
        self._languages = list(dict.fromkeys([*languages, *sorted(current.languages)]))

    def _choices(self, name: str, values: Sequence[str], chosen: frozenset[str]
                 ) -> SelectionList[str]:
        selection: SelectionList[str] = SelectionList(
            *[Selection(Content(value), value, value in chosen) for value in values],
            id=f"filter-{name}",
        )
        selection.border_title = name.capitalize()
        return selection

    def compose(self) -> ComposeResult:
        current = self._current
        with Vertical(id="filter-box"):
            yield Label(
                Content("Show only the ticked values (nothing ticked = any). "
                        "Space ticks, Tab moves, Ctrl+S applies, Esc cancels."),
                id="filter-hint",
            )
            with Horizontal(id="filter-lists"):
                yield self._choices("stance", STANCE_LABELS, current.stances)
                yield self._choices("sentiment", SENTIMENT_VALUES, current.sentiments)
                yield self._choices("language", self._languages or ["none"], current.languages)
                yield self._choices("decision", DECISION_VALUES, current.decisions)
            with Horizontal(id="filter-buttons"):
                yield Button("Apply", variant="primary", id="filter-apply")
                yield Button("Clear all", id="filter-clear")
                yield Button("Cancel", id="filter-cancel")

    def on_mount(self) -> None:
        self.query_one("#filter-stance", SelectionList).focus()

    def chosen_filter(self) -> CommentFilter:
        def picked(name: str) -> frozenset[str]:
            return frozenset(self.query_one(f"#filter-{name}", SelectionList).selected)

        return CommentFilter(
            stances=picked("stance"),
            sentiments=picked("sentiment"),
            languages=picked("language"),
            decisions=picked("decision"),
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "filter-apply":
            self.action_apply()
        elif event.button.id == "filter-clear":
            self.dismiss(CommentFilter())
        else:
            self.dismiss(None)

    def action_apply(self) -> None:
        self.dismiss(self.chosen_filter())

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """Every key, as bound now (after the user's keymap)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", show=False)
    ]

    def __init__(self, rows: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self._rows = rows

    def compose(self) -> ComposeResult:
        width = max((len(keys) for keys, _ in self._rows), default=0) + 2
        lines = [
            Content.assemble((f"{keys:<{width}}", "bold $accent"), description)
            for keys, description in self._rows
        ]
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "Esc closes · Ctrl+P lists every command"
            yield Static(Content("\n").join(lines), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
