"""The filter dialog: tick the values of each filter field to show, or type an author.

It must work in an 80x24 terminal: the fields wrap into rows of as many as fit whole (every
title and value readable), the box never grows past the screen and scrolls inside, and the
keys that apply and cancel are on its border, which always shows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, ItemGrid, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widgets import Button, Label, SelectionList
from textual.widgets.selection_list import Selection

from reader.analysers import NONE
from reader.tui.screens.prompt import SafeInput
from reader.view.thread_view import AUTHOR, CommentFilter

FILTER_KEYS = "Space ticks · Tab moves · Ctrl+S applies · Esc cancels"

# The cells around a field's values (app.tcss, `#filter-lists SelectionList`): its border,
# the tick box before each value ("▐X▌ "), and a scroll bar when the values outrun the list;
# around its title, the corners of the border it sits in ("╭─ " and " ─╮").
LIST_BORDER = 2
TICK_BOX = 4
LIST_SCROLLBAR = 1
LIST_ROWS = 6  # values shown before a field's list scrolls (its max-height less the border)
TITLE_CORNERS = 6


def field_width(title: str, values: Sequence[str]) -> int:
    """The narrowest column that shows a field's title and every value whole."""
    longest = max((Content(value).cell_length for value in values), default=0)
    scrollbar = LIST_SCROLLBAR if len(values) > LIST_ROWS else 0
    return max(Content(title).cell_length + TITLE_CORNERS,
               longest + TICK_BOX + LIST_BORDER + scrollbar)


class FilterScreen(ModalScreen[CommentFilter | None]):
    """Choose which values of each filter field (each analysis's, and the decision) to show
    (none ticked = any). The fields come from ThreadView.filter_choices."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", show=False),
        Binding("ctrl+s", "apply", "Apply", show=False),
    ]

    def __init__(
        self, current: CommentFilter, choices: Sequence[tuple[str, Sequence[str]]],
        *, suggested_author: str = "",
    ) -> None:
        """`suggested_author`: shown as the author field's example (the selected comment's)."""
        super().__init__()
        self._current = current
        self._suggested_author = suggested_author
        # A value chosen before stays offered; a field with no values yet offers "none".
        self._fields = [
            (name, list(dict.fromkeys([*values, *sorted(current.values(name))])) or [NONE])
            for name, values in choices
        ]

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
        with VerticalScroll(id="filter-box") as box:
            box.border_title = "Filter"
            box.border_subtitle = FILTER_KEYS
            yield Label(
                Content("Show only the ticked values (nothing ticked = any)."),
                id="filter-hint",
            )
            # As many fields side by side as fit whole; the rest wrap onto the next rows.
            widest = max(field_width(name.capitalize(), values) for name, values in self._fields)
            with ItemGrid(id="filter-lists", min_column_width=widest):
                for name, values in self._fields:
                    yield self._choices(name, values, current.values(name))
            with Horizontal(id="filter-author-row"):
                yield Label(Content("Author"), id="filter-author-label")
                example = f" (e.g. {self._suggested_author})" if self._suggested_author else ""
                yield SafeInput(
                    value=" | ".join(sorted(current.values(AUTHOR))),
                    placeholder=f"any{example}",
                    id="filter-author",
                )
            with Horizontal(id="filter-buttons"):
                yield Button("Apply", variant="primary", id="filter-apply")
                yield Button("Clear all", id="filter-clear")
                yield Button("Cancel", id="filter-cancel")

    def on_mount(self) -> None:
        self.query(SelectionList).first().focus()

    def offer(self, choices: Sequence[tuple[str, Sequence[str]]]) -> None:
        """Add the values found since the dialog opened (the analysis was still running:
        until it ends, a field such as Language knows no values), keeping every tick."""
        for name, values in choices:
            try:
                selection = self.query_one(f"#filter-{name}", SelectionList)
            except NoMatches:
                continue
            offered = {selection.get_option_at_index(i).value
                       for i in range(selection.option_count)}
            for value in values:
                if value not in offered:
                    selection.add_option(Selection(Content(value), value))

    def chosen_filter(self) -> CommentFilter:
        wanted = {
            name: frozenset(self.query_one(f"#filter-{name}", SelectionList).selected)
            for name, _ in self._fields
        }
        typed = self.query_one("#filter-author", SafeInput).value
        wanted[AUTHOR] = frozenset(name.strip() for name in typed.split("|") if name.strip())
        return CommentFilter(wanted)

    def on_input_submitted(self, event: SafeInput.Submitted) -> None:
        """Enter in the author field applies, as Ctrl+S does."""
        event.stop()
        self.action_apply()

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
