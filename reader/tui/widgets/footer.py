"""The footer: every shown key when it fits; on a narrow terminal the keys a person must find.

Textual's Footer cuts whatever passes the right edge, which at 80 columns is Filter, Sort,
Export and Quit. This one goes compact below `COMPACT_BELOW` columns and, when the keys still
do not fit, keeps the help key (which lists every key) and Quit, then as many of the others as
fit, in table order; the command palette's key is dropped first (the help lists it too).
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not exported; the keys Footer composes

from reader.keys import KEY_ACTIONS_BY_ID

# The main screen's narrow layout starts below this width too (MainScreen's breakpoints).
COMPACT_BELOW = 120
# Actions always on show: the key that lists every other key, and the way out.
ESSENTIAL_ACTIONS = frozenset(KEY_ACTIONS_BY_ID[id_].action for id_ in ("help", "quit"))
PALETTE_CLASS = "-command-palette"


def key_width(key: FooterKey, *, compact: bool) -> int:
    """The columns a footer key takes (Footer's CSS: padding around the key, or a margin)."""
    text = cell_len(key.key_display) + cell_len(key.description)
    return text + 2 if compact else text + 3


def keys_that_fit(keys: list[FooterKey], width: int, *, compact: bool) -> list[FooterKey]:
    """The keys to show in `width` columns: all of them if they fit, else the essential ones
    and as many others as fit (in order), without the palette's key."""
    if sum(key_width(key, compact=compact) for key in keys) <= width:
        return keys
    keys = [key for key in keys if not key.has_class(PALETTE_CLASS)]
    room = width - sum(
        key_width(key, compact=compact) for key in keys if key.action in ESSENTIAL_ACTIONS
    )
    kept: list[FooterKey] = []
    for key in keys:
        if key.action in ESSENTIAL_ACTIONS:
            kept.append(key)
        elif key_width(key, compact=compact) <= room:
            kept.append(key)
            room -= key_width(key, compact=compact)
        else:
            room = -1  # keep the order: nothing after the first key that does not fit
    return kept


class ReaderFooter(Footer):
    """A Footer that keeps the help key and Quit on show however narrow the terminal."""

    _composed_width = 0

    def compose(self) -> ComposeResult:
        widgets: Iterable[Widget] = super().compose()
        keys = list(widgets)
        if all(isinstance(key, FooterKey) for key in keys) and self.size.width:
            shown = keys_that_fit(
                [key for key in keys if isinstance(key, FooterKey)],
                self.size.width, compact=self.compact,
            )
            keys = [key for key in keys if key in shown]
        yield from keys

    def on_resize(self, event: events.Resize) -> None:
        """Another width may fit other keys: choose them again."""
        if event.size.width != self._composed_width:
            self._composed_width = event.size.width
            self.compact = event.size.width < COMPACT_BELOW
            self.call_after_refresh(self.recompose)
