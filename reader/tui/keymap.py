"""The user's keymap, checked before Textual applies it.

Textual takes any string as a key and lets a remapped key silently shadow another action's key
(`keep = "f"` takes `f` from Flag; `keep = "j"` loses to the comment list's cursor-down). Here
every key must be a name Textual can deliver (textual.keys), and a key already used by another
action (or by Textual itself: the palette, ctrl+q) is dropped from the remapped action. An action
left without keys keeps its default. What was dropped is reported in one line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from msgspec import Struct
from textual.app import App
from textual.binding import Binding, Keymap
from textual.keys import KEY_ALIASES, REPLACED_KEYS, Keys, _character_to_key, key_to_character

from reader.keys import KEY_ACTIONS, KEY_ACTIONS_BY_ID
from reader.settings import quoted
from reader.text.clean import clean_text

MODIFIERS = frozenset({"shift", "ctrl", "alt", "meta", "super", "hyper"})
# Keys Textual names by word (escape, f5, pagedown); characters are checked separately.
_NAMED_KEYS = frozenset(
    name for key in Keys
    if re.fullmatch(r"[a-z][a-z0-9_]+", name := key.value.rpartition("+")[2])
)
# Textual delivers some keys under two names (tab is also ctrl+i): a clash on either is a clash.
_SAME_KEY = {alias: key for key, aliases in KEY_ALIASES.items() for alias in aliases}
# Keys Textual binds for the whole app -> the action they run.
RESERVED_KEYS: Mapping[str, str] = {
    **{binding.key: binding.action for binding in Binding.make_bindings(App.BINDINGS)},
    App.COMMAND_PALETTE_BINDING: "command_palette",
}


def normalize_key(key: str) -> str | None:
    """`key` as Textual names it in a key event (`?` -> `question_mark`, `ctrl++` ->
    `ctrl+plus`), or None when Textual has no such key."""
    if key.endswith("+"):  # the plus key itself: "+" or "ctrl++"
        head = key[:-1]
        if head and not head.endswith("+"):
            return None
        modifiers = head[:-1].split("+") if head else []
        base = "+"
    else:
        *modifiers, base = key.split("+")
    if len(modifiers) != len(set(modifiers)) or not set(modifiers) <= MODIFIERS:
        return None
    # Textual's private _character_to_key names a typed character (`?` -> `question_mark`) as
    # its key events do; no public function does, and another naming could disagree with them.
    if len(base) == 1:
        if not base.isprintable() or base.isspace():
            return None
        base = _character_to_key(base)
    elif base not in _NAMED_KEYS:
        character = key_to_character(REPLACED_KEYS.get(base, base))
        if character is None or not character.isprintable() or _character_to_key(character) != base:
            return None
    return "+".join([*modifiers, base])


def default_keys() -> dict[str, tuple[str, ...]]:
    """Every action id -> its default keys, normalized."""
    return {action.id: _normalized(action.keys) for action in KEY_ACTIONS}


class CheckedKeymap(Struct, frozen=True):
    """A keymap with what Textual cannot use taken out."""

    keys: Mapping[str, tuple[str, ...]]  # every action id -> its keys now
    overrides: dict[str, str]  # for App.set_keymap: the remapped actions' keys
    problem: str  # one line saying what was dropped; "" when nothing was


def check_keymap(requested: Keymap) -> CheckedKeymap:
    """Apply `requested` (action id -> comma-separated keys) over the defaults, keeping only
    known actions, real key names and keys no other action (nor Textual) already has."""
    defaults = default_keys()
    keys = dict(defaults)
    remapped: set[str] = set()
    notes: dict[str, list[str]] = {}

    def note(action_id: str, text: str) -> None:
        notes.setdefault(action_id, []).append(text)

    for action_id, value in requested.items():
        if action_id not in KEY_ACTIONS_BY_ID:
            note(quoted(action_id), "no such action")
            continue
        wanted: list[str] = []
        for part in value.split(","):
            key = normalize_key(part.strip())
            if key is None:
                note(action_id, f"{quoted(part.strip())} is not a key name")
            elif key not in wanted:
                wanted.append(key)
        if wanted:
            keys[action_id] = tuple(wanted)
            remapped.add(action_id)
    _drop_clashes(keys, remapped, note)
    for action_id in notes:
        if keys.get(action_id) == defaults.get(action_id) and action_id in requested:
            note(action_id, f"so it stays on {','.join(defaults[action_id])}")
    overrides = {
        action_id: ",".join(keys[action_id])
        for action_id in requested
        if action_id in keys and keys[action_id] != defaults[action_id]
    }
    problem = "; ".join(f"{action_id}: {', '.join(texts)}" for action_id, texts in notes.items())
    return CheckedKeymap(keys, overrides, f"[keys] {problem}" if problem else "")


def _drop_clashes(
    keys: dict[str, tuple[str, ...]], remapped: set[str], note: Callable[[str, str], None]
) -> None:
    """Take each shared key from the remapped actions sharing it (defaults never clash); a
    remapped action left with no key gets its defaults back, which may clash in turn: repeat.
    Ends because every round takes a key from a remapped action or stops remapping one."""
    defaults = default_keys()
    while True:
        owners: dict[str, list[str]] = {}
        for action_id, action_keys in keys.items():
            for key in {_SAME_KEY.get(key, key) for key in action_keys}:
                owners.setdefault(key, []).append(action_id)
        losers = [
            (action_id, key, holders)
            for key, holders in owners.items()
            for action_id in holders
            if action_id in remapped and _clashes(action_id, key, holders)
        ]
        if not losers:
            return
        for action_id, key, holders in losers:
            others = [holder for holder in holders if holder != action_id]
            taken_by = ", ".join(others) if others else f"Textual's {RESERVED_KEYS[key]}"
            note(action_id, f"{key} is already the key of {taken_by}")
            keys[action_id] = tuple(k for k in keys[action_id] if _SAME_KEY.get(k, k) != key)
            if not keys[action_id]:
                keys[action_id] = defaults[action_id]
                remapped.discard(action_id)


def _clashes(action_id: str, key: str, holders: list[str]) -> bool:
    reserved_for = RESERVED_KEYS.get(key)
    if reserved_for is not None and reserved_for != KEY_ACTIONS_BY_ID[action_id].action:
        return True
    return len(holders) > 1


def _normalized(keys: str) -> tuple[str, ...]:
    return tuple(normalize_key(key.strip()) or key.strip() for key in keys.split(","))


class KeymapApp(App[None]):
    """An App whose keymap is checked (`check_keymap`) before Textual applies it, which
    remembers every action's keys for the help screen and the palette, and says once, as a
    notification, what it dropped. Keys are shown inert: `get_key_display` cleans them."""

    def __init__(self) -> None:
        super().__init__()
        self.action_keys: Mapping[str, tuple[str, ...]] = default_keys()
        self.keymap_problem = ""  # one line; "" when the keymap was fine
        self._requested_keymap: dict[str, str] = {}

    def set_keymap(self, keymap: Keymap) -> None:
        checked = check_keymap(keymap)
        self._requested_keymap = dict(keymap)
        self.action_keys = checked.keys
        self.keymap_problem = checked.problem
        super().set_keymap(checked.overrides)
        if self.is_running:
            self._report_keymap_problem()

    def update_keymap(self, keymap: Keymap) -> None:
        self.set_keymap({**self._requested_keymap, **keymap})

    def on_mount(self) -> None:
        self._report_keymap_problem()

    def _report_keymap_problem(self) -> None:
        if self.keymap_problem:
            self.notify(self.keymap_problem, title="Config: some keys were not used",
                        severity="warning", timeout=10, markup=False)

    def get_key_display(self, binding: Binding) -> str:
        return clean_text(super().get_key_display(binding))


def current_keys(app: App[object]) -> Mapping[str, tuple[str, ...]]:
    """Every action id -> its keys now (the defaults in an app that is not a KeymapApp)."""
    return app.action_keys if isinstance(app, KeymapApp) else default_keys()
