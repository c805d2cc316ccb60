"""The config file: key bindings from TOML, defaults when missing, and when bad one clear line
per problem with the defaults for what it touches (README "Remapping keys")."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import UsageError
from reader.keys import BINDING_IDS
from reader.settings import MAX_PROBLEMS, ReaderConfig, load_config, load_keymap


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "config.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "nope.toml")
    assert config == ReaderConfig(keys={}, path=tmp_path / "nope.toml")


def test_default_location_missing_gives_defaults() -> None:
    # conftest points XDG_CONFIG_HOME at an empty directory
    assert load_config().keys == {}


def test_keys_table_is_read_and_normalised(tmp_path: Path) -> None:
    path = write(tmp_path, '[keys]\nkeep = "K , enter"\ncursor-down = "j,down,ctrl+n"\n')
    assert load_config(path).keys == {"keep": "K,enter", "cursor-down": "j,down,ctrl+n"}
    assert load_keymap(path) == {"keep": "K,enter", "cursor-down": "j,down,ctrl+n"}


def test_empty_file_is_fine(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "")).keys == {}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[keys\nkeep = 'a'", "not valid TOML"),
        ("keys = 'a'", "'keys' must be a table"),
        ("[keys]\nkeep = 3", "must be a string"),
        ("[keys]\nkeep = ['a']", "must be a string"),
        ("[keys]\nkep = 'a'", "unknown binding 'kep'"),
        ("[keys]\nkeep = ''", "not a comma-separated list"),
        ("[keys]\nkeep = 'a,,b'", "not a comma-separated list"),
        ("[keys]\nkeep = 'ctrl a'", "not a comma-separated list"),
        ("[colours]\nx = 1", "unknown setting 'colours'"),
    ],
)
def test_a_bad_file_gives_the_defaults_and_one_line_naming_the_problem(
    tmp_path: Path, text: str, problem: str
) -> None:
    """README "Remapping keys": reported in one line when Reader starts, and the app opens
    with the default keys (it used to refuse to start)."""
    path = write(tmp_path, text)
    config = load_config(path)
    assert config.keys == {} and config.auto_advance is True and config.path == path
    (line,) = config.problems
    assert problem in line and "\n" not in line


def test_a_bad_entry_is_dropped_and_the_rest_of_the_file_kept(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[keys]\nbogus = "z"\nkeep = "K"\nflag = 5\nhide = "x"\n'
        '[triage]\nauto_advance = false\nspeed = 3\n[colours]\nx = 1\n',
    )
    config = load_config(path)
    assert config.keys == {"keep": "K", "hide": "x"}  # flag keeps its default
    assert config.auto_advance is False
    assert [line.split(" (")[0].split(";")[0] for line in config.problems] == [
        "unknown setting 'colours'",
        "unknown binding 'bogus' in [keys]",
        '[keys] flag must be a string like "j,down", not a number',
        "unknown setting 'speed' in [triage]",
    ]


def test_many_problems_are_summed_up_in_one_last_line(tmp_path: Path) -> None:
    path = write(tmp_path, "[keys]\n" + "".join(f"bad{n} = 'a'\n" for n in range(40)))
    config = load_config(path)
    assert len(config.problems) == MAX_PROBLEMS
    assert config.problems[-1] == f"and {40 - MAX_PROBLEMS + 1} more problems like these"


def test_not_utf8_gives_the_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, b"[keys]\nkeep = '\xff'\n")
    assert load_config(path).problems == (
        "config file is not UTF-8 text; every setting keeps its default",
    )


def test_deeply_nested_config_is_one_clear_line(tmp_path: Path) -> None:
    path = write(tmp_path, "[keys]\nkeep = " + "[" * 5000 + "]" * 5000 + "\n")
    assert load_config(path).problems == (
        "config is nested too deeply to read; every setting keeps its default",
    )


def test_config_text_in_a_problem_is_short_and_inert(tmp_path: Path) -> None:
    name = "\\u001b]52;c;SGVsbG8=\\u001b\\\\" + "x" * 10_000
    path = write(tmp_path, f'[keys]\n"{name}" = "a"\n')
    (message,) = load_config(path).problems
    assert "unknown binding '\\x1b]52;c;SGVsbG8=" in message
    assert "\x1b" not in message
    assert len(message) < 1000


def test_a_directory_at_the_default_place_gives_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "reader" / "config.toml").mkdir(parents=True)
    config = load_config()
    assert config.keys == {}
    assert config.problems == (
        "config path is a directory, not a file; every setting keeps its default",
    )


def test_a_named_config_that_cannot_be_opened_is_a_usage_error(tmp_path: Path) -> None:
    """`--config PATH` typed wrong is said (exit 2), not taken as no config."""
    with pytest.raises(UsageError) as caught:
        load_config(tmp_path / "typo.toml", named=True)
    assert str(caught.value) == f"{tmp_path / 'typo.toml'}: no such config file"
    with pytest.raises(UsageError, match="directory"):
        load_config(tmp_path, named=True)
    assert load_config(tmp_path / "typo.toml").problems == ()  # not named: no config, silently


def test_binding_ids_match_the_app_bindings_both_ways() -> None:
    from textual.binding import Binding

    from reader.tui.app import ReaderApp
    from reader.tui.panes.base import PANE_BINDINGS
    from reader.tui.panes.claims import ClaimsList
    from reader.tui.panes.comments import CommentTable
    from reader.tui.screens.main import MainScreen

    ids = set()
    for bindings in (
        ReaderApp.BINDINGS, MainScreen.BINDINGS, CommentTable.BINDINGS, PANE_BINDINGS,
        ClaimsList.BINDINGS,
    ):
        for binding in bindings:
            assert isinstance(binding, Binding)
            assert binding.id is not None, binding
            ids.add(binding.id)
    assert ids == set(BINDING_IDS)


# -- [triage] ----------------------------------------------------------------------------------


def test_auto_advance_is_on_by_default_and_can_be_turned_off(tmp_path: Path) -> None:
    assert load_config(tmp_path / "nope.toml").auto_advance is True
    assert load_config(write(tmp_path, "[triage]\n")).auto_advance is True
    path = write(tmp_path, '[keys]\nkeep = "K"\n[triage]\nauto_advance = false\n')
    config = load_config(path)
    assert config.auto_advance is False and config.keys == {"keep": "K"}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[triage]\nauto_advance = 'yes'", "[triage] auto_advance must be true or false, not 'yes'"),
        ("[triage]\nauto_advance = 1", "[triage] auto_advance must be true or false, not a number"),
        ("[triage]\nauto_advanc = true", "unknown setting 'auto_advanc' in [triage]"),
        ("triage = true", "'triage' must be a table ([triage]), not a boolean"),
    ],
)
def test_a_bad_triage_setting_is_one_line_and_keeps_the_default(
    tmp_path: Path, text: str, problem: str
) -> None:
    config = load_config(write(tmp_path, text))
    (line,) = config.problems
    assert line.startswith(problem) and "\n" not in line
    assert config.auto_advance is True
