"""The config file: key bindings from TOML, defaults when missing, one clear line when bad."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import ReaderError
from reader.keys import BINDING_IDS
from reader.settings import ReaderConfig, load_config, load_keymap


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
def test_invalid_file_is_one_line_naming_file_and_problem(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ReaderError) as caught:
        load_config(path)
    message = str(caught.value)
    assert str(path) in message
    assert problem in message
    assert "\n" not in message


def test_not_utf8_is_a_reader_error(tmp_path: Path) -> None:
    path = write(tmp_path, b"[keys]\nkeep = '\xff'\n")
    with pytest.raises(ReaderError, match="config"):
        load_config(path)


def test_deeply_nested_config_is_one_clear_line(tmp_path: Path) -> None:
    path = write(tmp_path, "[keys]\nkeep = " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(ReaderError) as caught:
        load_config(path)
    assert str(caught.value) == f"{path}: config is nested too deeply to read"


def test_config_text_in_an_error_is_short_and_inert(tmp_path: Path) -> None:
    name = "\\u001b]52;c;SGVsbG8=\\u001b\\\\" + "x" * 10_000
    path = write(tmp_path, f'[keys]\n"{name}" = "a"\n')
    with pytest.raises(ReaderError) as caught:
        load_config(path)
    message = str(caught.value)
    assert "unknown binding '\\x1b]52;c;SGVsbG8=" in message
    assert "\x1b" not in message
    assert len(message) < 1000


def test_directory_is_a_reader_error(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="directory"):
        load_config(tmp_path)


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
def test_a_bad_triage_setting_is_one_line(tmp_path: Path, text: str, problem: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ReaderError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and problem in message
    assert "\n" not in message
