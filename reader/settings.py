"""The user's config file (TOML): key bindings and triage settings for the app.

```toml
[keys]
keep = "a,enter"        # binding id = comma-separated keys
cursor-down = "j,down"

[triage]
auto_advance = true     # after keep/flag/hide, go to the next undecided comment (default)
```

A missing file means defaults; a file that cannot be used is a ReaderError with one line
naming the file and the problem, so a typo is reported rather than silently ignored. The ids are
reader.keys's; whether each key is a real key, free for the action, is checked by the app
(reader.tui.keymap), which knows Textual's key names.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from reader.errors import ReaderError
from reader.keys import BINDING_IDS
from reader.locations import config_path
from reader.text.clean import clean_text

_SECTIONS = frozenset({"keys", "triage"})
# [triage] setting -> its default; every one is a boolean.
TRIAGE_SETTINGS: Mapping[str, bool] = {"auto_advance": True}
_SHOWN_CHARACTERS = 32


class ReaderConfig(Struct, frozen=True):
    """Settings from the config file; `keys` maps binding id -> keys (for App.set_keymap).
    A Struct, not a dataclass: made in C, it costs the first frame nothing to define."""

    keys: Mapping[str, str] = field(default_factory=dict)
    path: Path | None = None
    # After keep, flag or hide, move to the next undecided comment ([triage] auto_advance).
    auto_advance: bool = TRIAGE_SETTINGS["auto_advance"]


def load_config(path: Path | None = None) -> ReaderConfig:
    """Read the config file (default: the platform's config dir); missing -> defaults."""
    path = config_path() if path is None else path
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return ReaderConfig(path=path)
    except IsADirectoryError:
        raise ReaderError(f"{path}: config path is a directory, not a file") from None
    except OSError as error:
        raise ReaderError(f"{path}: cannot read config: {error.strerror or error}") from None
    # Imported here: most people have no config file, and the first frame waits for this.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    try:
        with handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ReaderError(f"{path}: not valid TOML: {_one_line(error)}") from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise ReaderError(f"{path}: config is nested too deeply to read") from None
    except UnicodeDecodeError:
        raise ReaderError(f"{path}: config file is not UTF-8 text") from None
    except OSError as error:
        raise ReaderError(f"{path}: cannot read config: {error.strerror or error}") from None
    keys = _parse_keys(path, data)
    triage = _parse_triage(path, data)
    return ReaderConfig(keys=keys, path=path, auto_advance=triage["auto_advance"])


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """Just the key bindings (binding id -> keys), for `ReaderApp(keymap=...)`."""
    return dict(load_config(path).keys)


def _parse_keys(path: Path, data: dict[str, Any]) -> dict[str, str]:
    unknown = sorted(set(data) - _SECTIONS)
    if unknown:
        raise ReaderError(
            f"{path}: unknown setting {quoted(unknown[0])} (expected [keys] or [triage])"
        )
    table = data.get("keys", {})
    if not isinstance(table, dict):
        raise ReaderError(f"{path}: 'keys' must be a table ([keys]), not a {_kind(table)}")
    keys: dict[str, str] = {}
    for binding_id, value in table.items():
        if binding_id not in BINDING_IDS:
            raise ReaderError(
                f"{path}: unknown binding {quoted(binding_id)} in [keys] "
                f"(known: {', '.join(BINDING_IDS)})"
            )
        if not isinstance(value, str):
            raise ReaderError(
                f"{path}: [keys] {binding_id} must be a string like \"j,down\", "
                f"not a {_kind(value)}"
            )
        parts = [part.strip() for part in value.split(",")]
        if not value.strip() or any(not part or any(c.isspace() for c in part) for part in parts):
            raise ReaderError(
                f"{path}: [keys] {binding_id} = {quoted(value)} "
                "is not a comma-separated list of keys"
            )
        keys[binding_id] = ",".join(parts)
    return keys


def _parse_triage(path: Path, data: dict[str, Any]) -> dict[str, bool]:
    """The [triage] table over the defaults: known settings only, each true or false."""
    table = data.get("triage", {})
    if not isinstance(table, dict):
        raise ReaderError(f"{path}: 'triage' must be a table ([triage]), not a {_kind(table)}")
    settings = dict(TRIAGE_SETTINGS)
    for name, value in table.items():
        if name not in TRIAGE_SETTINGS:
            raise ReaderError(
                f"{path}: unknown setting {quoted(name)} in [triage] "
                f"(known: {', '.join(TRIAGE_SETTINGS)})"
            )
        if not isinstance(value, bool):
            raise ReaderError(
                f"{path}: [triage] {name} must be true or false, not {_shown_value(value)}"
            )
        settings[name] = value
    return settings


def _shown_value(value: object) -> str:
    """A wrong value as the person wrote it: a quoted string, or its TOML kind."""
    return quoted(value) if isinstance(value, str) else f"a {_kind(value)}"


def _kind(value: object) -> str:
    return {
        dict: "table",
        list: "array",
        str: "string",
        int: "number",
        float: "number",
        bool: "boolean",
    }.get(type(value), type(value).__name__)


def quoted(text: str) -> str:
    """Text from the file, quoted, short and inert (controls visible) for a one-line error."""
    if len(text) > _SHOWN_CHARACTERS:
        text = text[:_SHOWN_CHARACTERS] + "…"
    return clean_text(repr(text))


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())
