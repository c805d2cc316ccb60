"""The user's config file (TOML): key bindings and triage settings for the app.

```toml
[keys]
keep = "a,enter"        # binding id = comma-separated keys
cursor-down = "j,down"

[triage]
auto_advance = true     # after keep/flag/hide, go to the next undecided comment (default)
```

A missing file means defaults. A problem in the file never stops the app (README, "Remapping
keys"): what it touches keeps its default, and `ReaderConfig.problems` says what, one line
each, for the command line to show. A file that is not TOML leaves everything at its default;
an unknown binding or setting is ignored; a wrong value leaves that one at its default. Only a
`--config` path the person typed that cannot be opened (missing, a directory, no permission) is
a UsageError: a typo there is said, not taken as "no config".
The ids are reader.keys's; whether each key is a real key, free for the action, is checked by
the app (reader.tui.keymap), which knows Textual's key names.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from reader.errors import UsageError
from reader.keys import BINDING_IDS
from reader.locations import config_path
from reader.text.clean import clean_text

_SECTIONS = frozenset({"keys", "triage"})
# [triage] setting -> its default; every one is a boolean.
TRIAGE_SETTINGS: Mapping[str, bool] = {"auto_advance": True}
_SHOWN_CHARACTERS = 32
# More problems than this are summed up in one last line, so a broken file cannot flood the
# terminal or the app's notifications.
MAX_PROBLEMS = 5
_DEFAULTS_USED = "every setting keeps its default"


class ReaderConfig(Struct, frozen=True):
    """Settings from the config file; `keys` maps binding id -> keys (for App.set_keymap).
    A Struct, not a dataclass: made in C, it costs the first frame nothing to define."""

    keys: Mapping[str, str] = field(default_factory=dict)
    path: Path | None = None
    # After keep, flag or hide, move to the next undecided comment ([triage] auto_advance).
    auto_advance: bool = TRIAGE_SETTINGS["auto_advance"]
    # What in the file was not used and why: one line each, without the file's name.
    problems: tuple[str, ...] = ()


def load_config(path: Path | None = None, *, named: bool = False) -> ReaderConfig:
    """Read the config file (default: the platform's config dir); missing -> defaults, a
    problem -> defaults for what it touches (module docstring). `named`: the person typed
    `path`, so one that cannot be opened is a UsageError rather than silently no config."""
    path = config_path() if path is None else path
    data = _read(path, named=named)
    if isinstance(data, str):
        return ReaderConfig(path=path, problems=(data,))
    problems: list[str] = []
    for name in sorted(set(data) - _SECTIONS):
        problems.append(f"unknown setting {quoted(name)} (expected [keys] or [triage]); ignored")
    keys = _parse_keys(_table(data, "keys", problems), problems)
    triage = _parse_triage(_table(data, "triage", problems), problems)
    return ReaderConfig(
        keys=keys, path=path, auto_advance=triage["auto_advance"], problems=_capped(problems)
    )


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """Just the key bindings (binding id -> keys), for `ReaderApp(keymap=...)`."""
    return dict(load_config(path).keys)


def _read(path: Path, *, named: bool) -> dict[str, Any] | str:
    """The file's TOML, {} when there is none, or the one line saying why it cannot be used."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        if named:
            raise UsageError(f"{path}: no such config file") from None
        return {}
    except OSError as error:
        why = (
            "config path is a directory, not a file"
            if isinstance(error, IsADirectoryError)
            else f"cannot read config: {error.strerror or error}"
        )
        if named:
            raise UsageError(f"{path}: {why}") from None
        return f"{why}; {_DEFAULTS_USED}"
    # Imported here: most people have no config file, and the first frame waits for this.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    try:
        with handle:
            data: dict[str, Any] = tomllib.load(handle)
            return data
    except tomllib.TOMLDecodeError as error:
        return f"not valid TOML: {_one_line(error)}; {_DEFAULTS_USED}"
    except RecursionError:  # tomllib recurses once per nested array or inline table
        return f"config is nested too deeply to read; {_DEFAULTS_USED}"
    except UnicodeDecodeError:
        return f"config file is not UTF-8 text; {_DEFAULTS_USED}"
    except OSError as error:
        return f"cannot read config: {error.strerror or error}; {_DEFAULTS_USED}"


def _table(data: dict[str, Any], name: str, problems: list[str]) -> dict[str, Any]:
    """Section `name` of the file, {} (its defaults) when absent or not a table."""
    table = data.get(name, {})
    if isinstance(table, dict):
        return table
    problems.append(
        f"{quoted(name)} must be a table ([{name}]), not a {_kind(table)}; its settings keep "
        "their defaults"
    )
    return {}


def _parse_keys(table: dict[str, Any], problems: list[str]) -> dict[str, str]:
    """The usable [keys] entries, normalised; each other one is a line in `problems`."""
    keys: dict[str, str] = {}
    for binding_id, value in table.items():
        problem = _key_problem(binding_id, value)
        if problem is not None:
            problems.append(problem)
            continue
        keys[binding_id] = ",".join(part.strip() for part in value.split(","))
    return keys


def _key_problem(binding_id: str, value: object) -> str | None:
    """Why a [keys] entry cannot be used (with what happens instead), or None."""
    if binding_id not in BINDING_IDS:
        # The nearest ids, not all of them: a line of 47 ids filled the screen as a notice.
        close = difflib.get_close_matches(binding_id, BINDING_IDS, n=3, cutoff=0.5)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        return (
            f"unknown binding {quoted(binding_id)} in [keys] ({hint}the ids are in the README, "
            "\"Remapping keys\"); ignored"
        )
    if not isinstance(value, str):
        return (
            f"[keys] {binding_id} must be a string like \"j,down\", not a {_kind(value)}; "
            "it keeps its default keys"
        )
    parts = [part.strip() for part in value.split(",")]
    if not value.strip() or any(not part or any(c.isspace() for c in part) for part in parts):
        return (
            f"[keys] {binding_id} = {quoted(value)} is not a comma-separated list of keys; "
            "it keeps its default keys"
        )
    return None


def _parse_triage(table: dict[str, Any], problems: list[str]) -> dict[str, bool]:
    """The [triage] table over the defaults: known settings only, each true or false; any
    other entry is a line in `problems` and changes nothing."""
    settings = dict(TRIAGE_SETTINGS)
    for name, value in table.items():
        if name not in TRIAGE_SETTINGS:
            problems.append(
                f"unknown setting {quoted(name)} in [triage] "
                f"(known: {', '.join(TRIAGE_SETTINGS)}); ignored"
            )
        elif not isinstance(value, bool):
            problems.append(
                f"[triage] {name} must be true or false, not {_shown_value(value)}; "
                f"it stays {str(settings[name]).lower()}"
            )
        else:
            settings[name] = value
    return settings


def _capped(problems: list[str]) -> tuple[str, ...]:
    if len(problems) <= MAX_PROBLEMS:
        return tuple(problems)
    more = len(problems) - (MAX_PROBLEMS - 1)
    return (*problems[: MAX_PROBLEMS - 1], f"and {more} more problems like these")


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
