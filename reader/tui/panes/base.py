"""What every pane of the main screen is: a focusable widget with a title, one stop of Tab.

Like frogmouth's NavigationPane, the base class carries what the screen needs to know, so the
screen never lists its panes: Tab and Shift+Tab step through the panes on show (in focus
order), z maximizes the pane holding the focus, and a reading pane's `PANE_TAB` is the tab id
that `show_tab('...')` (reader.keys) names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import TabPane

from reader.tui.actions import bindings

# mypy sees a pane as the widget it is mixed into; at run time Pane is a plain mixin, so it
# takes no part in the CSS type names (and the widget's DEFAULT_CSS is inherited as before).
if TYPE_CHECKING:
    _Widget = Widget
else:
    _Widget = object


class Pane(_Widget):
    """A pane: mix in before the Textual widget class (`class ClaimsList(Pane, OptionList)`).

    The pane itself takes the focus. `PANE_TITLE` is its border title (drawn where it has a
    border) and, for a reading pane, its tab's label; `PANE_TAB` is a reading pane's tab id
    ("" for a pane that is not in a tab).
    """

    PANE_TITLE: ClassVar[str] = ""
    PANE_TAB: ClassVar[str] = ""

    def _on_mount(self, event: events.Mount) -> None:
        if self.PANE_TITLE:
            self.border_title = self.PANE_TITLE


def in_tab(pane: Pane) -> TabPane:
    """A reading pane in its tab (labelled with its title, named by its tab id)."""
    return TabPane(pane.PANE_TITLE, pane, id=pane.PANE_TAB)


def pane_in_tab(tab: TabPane) -> Widget:
    """The pane a tab holds (or the tab itself, should it hold none)."""
    return next((child for child in tab.children if isinstance(child, Pane)), tab)


def pane_holding(widget: Widget | None) -> Widget | None:
    """The pane that is `widget` or holds it, if any."""
    if widget is None:
        return None
    return next((node for node in widget.ancestors_with_self if isinstance(node, Pane)), None)


def panes_shown(screen: Screen[Any]) -> list[Widget]:
    """The panes on show (a reading pane only while its tab is), in focus order."""
    return [widget for widget in screen.focus_chain if isinstance(widget, Pane)]


def next_pane(screen: Screen[Any], step: int, home: Widget) -> Widget | None:
    """The pane `step` panes on from the one holding the focus (from `home` when none does)."""
    panes = panes_shown(screen)
    if not panes:
        return None
    current = pane_holding(screen.focused) or home
    index = panes.index(current) if current in panes else 0
    return panes[(index + step) % len(panes)]


# Every scrolling pane scrolls vim-style too; ids shared with the comment table's cursor keys.
PANE_BINDINGS: list[BindingType] = bindings("list", actions={
    "cursor-down": "scroll_down", "cursor-up": "scroll_up",
    "cursor-top": "scroll_home", "cursor-bottom": "scroll_end",
})


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
