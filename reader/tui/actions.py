"""The action table (reader.keys) as Textual sees it: bindings, help lines, palette commands.

Everything here is derived from the one table, with the keys bound now (after the user's
keymap), so a remapped key shows the same in the footer, the help screen and the palette.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from textual.actions import parse
from textual.app import App
from textual.binding import Binding, BindingType
from textual.markup import escape
from textual.screen import Screen

from reader.keys import KEY_ACTIONS, KeyAction, PaletteGroup, Target
from reader.text.clean import clean_text
from reader.tui.keymap import current_keys

# A palette command: title, what it runs, help text (markup: Textual parses it).
PaletteCommand = tuple[str, Callable[[], object], str]


def bindings(target: Target, *, actions: Mapping[str, str] | None = None) -> list[BindingType]:
    """The Binding of every action aimed at `target`, in table order. `actions` renames the
    Textual action for a widget that names it differently (an article pane scrolls)."""
    renamed = actions or {}
    return [
        Binding(
            action.keys,
            renamed.get(action.id, action.action),
            action.label,
            show=action.show,
            id=action.id,
            tooltip=action.description[:1].upper() + action.description[1:],
        )
        for action in KEY_ACTIONS
        if action.target == target
    ]


def keys_display(app: App[Any], keys: Sequence[str]) -> str:
    """Keys as the footer shows them (`^f, /`), inert whatever the config said."""
    shown = (clean_text(app.get_key_display(Binding(key, ""))) for key in keys)
    return ", ".join(dict.fromkeys(shown))


def help_rows(app: App[Any]) -> list[tuple[str, str]]:
    """(keys, what they do) for every action, then the palette and the mouse."""
    keys = current_keys(app)
    rows = [(keys_display(app, keys[action.id]), action.description) for action in KEY_ACTIONS]
    palette = keys_display(app, [app.COMMAND_PALETTE_BINDING])
    return [
        *rows,
        (palette, "command palette: every action by name"),
        ("mouse", "click a row, a tab or a claim; scroll any pane"),
    ]


def palette_commands(screen: Screen[Any], group: PaletteGroup) -> list[PaletteCommand]:
    """The palette commands of one group, each running its action on `screen`; the help says
    what it does and its keys now."""
    keys = current_keys(screen.app)
    return [
        (
            action.palette_title,
            _runner(screen, action),
            escape(f"{action.description} ({keys_display(screen.app, keys[action.id])})"),
        )
        for action in KEY_ACTIONS
        if action.palette_group == group
    ]


def _runner(screen: Screen[Any], action: KeyAction) -> Callable[[], object]:
    """The screen's `action_*` method for the action string, called directly (the palette
    calls it synchronously, as a key press would)."""
    _, name, parameters = parse(action.action)
    method: Callable[..., object] = getattr(screen, f"action_{name}")
    return partial(method, *parameters)
