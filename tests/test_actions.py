"""Keys described once (reader.keys): bindings, help, palette and config ids derive from the
table; a user's keymap is checked (real key names, no clashes) and shown inert everywhere."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets._footer import FooterKey
from waiting import wait_until

from reader import cli
from reader.keys import BINDING_IDS, KEY_ACTIONS, KEY_ACTIONS_BY_ID
from reader.model import Article, Comment, CommentAnalysis, Decision
from reader.tui.actions import bindings, help_rows, palette_commands
from reader.tui.app import ReaderApp
from reader.tui.commands import PaneCommands, TriageCommands
from reader.tui.keymap import RESERVED_KEYS, check_keymap, default_keys, normalize_key
from reader.tui.panes.base import PANE_BINDINGS, PaneScroll
from reader.tui.panes.claims import ClaimsList
from reader.tui.panes.comments import CommentTable
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.main import MainScreen
from reader.tui.workers import Analysers

OSC_52 = "\x1b]52;c;SGVsbG8=\x1b\\"  # a terminal clipboard write


# -- the table ---------------------------------------------------------------------------------


def test_defaults_are_real_keys_that_no_two_actions_share() -> None:
    assert len(KEY_ACTIONS_BY_ID) == len(KEY_ACTIONS)
    for action in KEY_ACTIONS:
        for key in action.keys.split(","):
            assert normalize_key(key) is not None, (action.id, key)
    checked = check_keymap({})
    assert checked.problem == ""
    assert checked.keys == default_keys()
    every_key = [key for keys in default_keys().values() for key in keys]
    assert len(every_key) == len(set(every_key))
    assert not set(every_key) & set(RESERVED_KEYS)


def test_config_ids_are_the_table_ids() -> None:
    assert list(BINDING_IDS) == [action.id for action in KEY_ACTIONS]
    assert BINDING_IDS["keep"] == KEY_ACTIONS_BY_ID["keep"].description


def test_the_readme_names_every_config_id() -> None:
    """The README's remapping section lists the ids; a new action must be added there too."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Remapping keys"):]
    assert [i for i in BINDING_IDS if f"`{i}`" not in section] == []


def test_bindings_are_the_table_rows() -> None:
    for target, owner in (("screen", MainScreen), ("app", ReaderApp), ("list", CommentTable)):
        rows = [action for action in KEY_ACTIONS if action.target == target]
        got = [binding for binding in owner.BINDINGS if isinstance(binding, Binding)]
        assert [(b.id, b.key, b.action, b.description, b.show) for b in got] == [
            (a.id, a.keys, a.action, a.label, a.show) for a in rows
        ]


def test_every_binding_runs_a_method_its_widget_has() -> None:
    for owner, owned in (
        (MainScreen, MainScreen.BINDINGS), (ReaderApp, ReaderApp.BINDINGS),
        (CommentTable, CommentTable.BINDINGS), (PaneScroll, PANE_BINDINGS),
        (ClaimsList, ClaimsList.BINDINGS),
    ):
        for binding in owned:
            assert isinstance(binding, Binding)
            name = binding.action.partition("(")[0]
            assert callable(getattr(owner, f"action_{name}", None)), (owner, binding.action)


def test_a_widget_can_rename_an_action_but_keeps_id_and_keys() -> None:
    renamed = bindings("list", actions={"cursor-down": "scroll_down"})
    first = renamed[0]
    assert isinstance(first, Binding)
    assert (first.id, first.key, first.action) == ("cursor-down", "j,down", "scroll_down")


# -- key names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "normal"),
    [
        ("a", "a"), ("K", "K"), ("?", "question_mark"), ("question_mark", "question_mark"),
        ("slash", "slash"), ("/", "slash"), ("ctrl+f", "ctrl+f"), ("ctrl+?", "ctrl+question_mark"),
        ("+", "plus"), ("ctrl++", "ctrl+plus"), ("f5", "f5"), ("shift+tab", "shift+tab"),
        ("pagedown", "pagedown"), ("escape", "escape"), ("€", "euro_sign"),
        ("ctrl+shift+up", "ctrl+shift+up"),
        ("notakey", None), ("digit_one", None), ("ctrl+ctrl+a", None), ("cmd+a", None),
        ("a+", None), ("", None), ("\x1b", None), ("\u202e", None), (OSC_52, None),
    ],
)
def test_key_names_are_textuals(key: str, normal: str | None) -> None:
    assert normalize_key(key) == normal


# -- checking a keymap -------------------------------------------------------------------------


def test_a_key_of_another_action_is_not_taken_from_it() -> None:
    checked = check_keymap({"keep": "f"})
    assert checked.keys["keep"] == ("a",) and checked.keys["flag"] == ("f",)
    assert checked.overrides == {}
    assert checked.problem == "[keys] keep: f is already the key of flag, so it stays on a"


def test_a_key_of_the_comment_list_is_not_taken_either() -> None:
    checked = check_keymap({"keep": "j"})
    assert checked.keys["keep"] == ("a",)
    assert "j is already the key of cursor-down" in checked.problem


def test_an_unknown_key_name_is_dropped_and_reported() -> None:
    checked = check_keymap({"keep": "notakey", "flag": "f2,nokey"})
    assert checked.keys["keep"] == ("a",) and checked.keys["flag"] == ("f2",)
    assert checked.overrides == {"flag": "f2"}
    assert "'notakey' is not a key name" in checked.problem
    assert "'nokey' is not a key name" in checked.problem
    assert "\n" not in checked.problem


def test_a_terminal_escape_in_a_key_is_rejected_and_reported_inert() -> None:
    checked = check_keymap({"keep": OSC_52})
    assert checked.keys["keep"] == ("a",)
    assert "\x1b" not in checked.problem
    assert "is not a key name" in checked.problem


def test_swapping_keys_is_fine_and_clashes_settle() -> None:
    assert check_keymap({"keep": "f", "flag": "a"}).problem == ""
    both = check_keymap({"keep": "z", "flag": "z"})
    assert (both.keys["keep"], both.keys["flag"]) == (("a",), ("f",))
    chain = check_keymap({"keep": "f", "flag": "j"})  # flag falls back to f, so keep to a
    assert (chain.keys["keep"], chain.keys["flag"]) == (("a",), ("f",))


def test_textuals_own_keys_and_aliases_count() -> None:
    assert "ctrl+p is already the key of Textual's" in check_keymap({"keep": "K,ctrl+p"}).problem
    assert check_keymap({"keep": "K,ctrl+p"}).keys["keep"] == ("K",)
    assert check_keymap({"quit": "q,ctrl+q"}).problem == ""  # ctrl+q quits anyway
    assert "tab is already the key of next-pane" in check_keymap({"keep": "ctrl+i"}).problem


def test_an_unknown_action_is_reported() -> None:
    assert check_keymap({"kep": "a"}).problem == "[keys] 'kep': no such action"


# -- in the app --------------------------------------------------------------------------------


def _analysers() -> Analysers:
    """No quotes and no per-comment results: the keys do not depend on them."""

    def comments(article: Article, cache: Any) -> Iterator[list[tuple[str, CommentAnalysis]]]:
        yield []

    return Analysers(quotes=lambda article: (), comments=comments)


ARTICLE = Article(
    headline="Harbour plan", byline="", authors=(), published="", paragraphs=("Text.",),
    images=(), comment_count=2,
    comments=(Comment("c0", "Alice", "", "First.", 1), Comment("c1", "Bob", "", "Second.", 2)),
)


class NotingApp(ReaderApp):
    """The app, remembering its notifications (run_test turns toasts off)."""

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        assert markup is False
        self.__dict__.setdefault("notified", []).append(message)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)


def make_app(keymap: dict[str, str] | None = None) -> NotingApp:
    return NotingApp(ARTICLE, None, source="harbour.txt", keymap=keymap, analysers=_analysers())


async def ready(pilot: Pilot[Any]) -> MainScreen:
    screen = pilot.app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    await wait_until(pilot, lambda: screen.analysis_done)
    return screen


def footer_keys(app: ReaderApp) -> dict[str, str]:
    return {key.description: key.key_display for key in app.screen.query(FooterKey)}


async def test_remapping_keep_to_flags_key_leaves_both_working_and_says_so() -> None:
    app = make_app({"keep": "f"})
    async with app.run_test(size=(160, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("f")
        assert main.session.record("c0").decision is Decision.FLAG
        await pilot.press("a")
        assert main.session.record("c0").decision is Decision.KEEP
        assert app.__dict__["notified"] == [
            "[keys] keep: f is already the key of flag, so it stays on a"
        ]


async def test_remapping_keep_to_j_does_not_make_keep_unreachable() -> None:
    app = make_app({"keep": "j"})
    async with app.run_test(size=(160, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("j")
        assert main.table.cursor_row == 1
        await pilot.press("a")
        assert main.session.record("c1").decision is Decision.KEEP


async def test_a_terminal_escape_in_the_config_never_reaches_the_footer() -> None:
    app = make_app({"keep": OSC_52})
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        shown = footer_keys(app)
        assert shown["Keep"] == "a"
        assert not any("\x1b" in key for key in shown.values())
        assert not any("\x1b" in message for message in app.__dict__["notified"])
        assert "\x1b" not in app.get_key_display(Binding(OSC_52, "keep"))


async def test_help_palette_and_footer_show_the_keys_bound_now() -> None:
    app = make_app({"keep": "K"})
    async with app.run_test(size=(160, 40)) as pilot:
        main = await ready(pilot)
        app.set_keymap({"keep": "K", "help": "h", "filter": "ctrl+f"})
        await pilot.pause()
        assert footer_keys(app)["Keep"] == "K" and footer_keys(app)["Keys"] == "h"
        assert ("K", "keep the comment") in help_rows(app)
        assert ("^f", BINDING_IDS["filter"]) in help_rows(app)
        triage = {title: text for title, _, text in TriageCommands(main).commands(main)}
        assert triage["Triage: keep comment"] == "keep the comment (K)"
        panes = {title: text for title, _, text in PaneCommands(main).commands(main)}
        assert panes["Help: show every key"] == "show every key (h)"
        await pilot.press("h")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text", Static).content)
        assert "K  " in text and "h  " in text


async def test_palette_commands_run_their_action_and_escape_markup() -> None:
    # `[` is previous-undecided's key: swapped, both keep working.
    app = make_app({"keep": "left_square_bracket", "previous-undecided": "a"})
    async with app.run_test(size=(160, 40)) as pilot:
        main = await ready(pilot)
        commands = {title: (run, text) for title, run, text in palette_commands(main, "triage")}
        run, text = commands["Triage: keep comment"]
        # the palette parses its help as markup: the key must still show as itself
        assert Content.from_markup(text).plain == "keep the comment ([)"
        run()
        assert main.session.record("c0").decision is Decision.KEEP
        show = {title: run for title, run, _ in palette_commands(main, "pane")}
        show["Show: claims"]()
        await pilot.pause()
        assert app.focused is main.query_one(ClaimsList)


# -- the command line --------------------------------------------------------------------------


def test_reader_prints_one_warning_line_for_a_bad_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[keys]\nkeep = "f"\n', encoding="utf-8")
    monkeypatch.setattr(ReaderApp, "run", lambda self, *args, **kwargs: None)
    page = Path(__file__).resolve().parents[1] / "fixtures" / "minimal.txt"
    assert cli.main([str(page), "--config", str(config), "--db", str(tmp_path / "db")]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        f"reader: warning: {config}: [keys] keep: f is already the key of flag, so it stays on a"
    ]


# -- the triage-speed keys (issue 11) ----------------------------------------------------------

TRIAGE_SPEED_KEYS = {
    "next-undecided": "right_square_bracket", "previous-undecided": "left_square_bracket",
    "bulk": "B", "history": "H", "open-link": "o", "copy-text": "y",
}


def test_every_new_action_has_a_row_help_line_and_palette_entry() -> None:
    for action_id, key in TRIAGE_SPEED_KEYS.items():
        action = KEY_ACTIONS_BY_ID[action_id]
        assert (action.keys, action.target) == (key, "screen")
        assert action.description and action.palette_group == "triage" and action.palette_title
        assert action_id in BINDING_IDS
        assert callable(getattr(MainScreen, f"action_{action.action}"))


async def test_the_new_keys_show_in_help_and_palette_and_can_be_remapped() -> None:
    app = make_app({"next-undecided": "full_stop", "copy-text": "Y"})
    async with app.run_test(size=(160, 40)) as pilot:
        main = await ready(pilot)
        described = {text: keys for keys, text in help_rows(app)}
        assert described[BINDING_IDS["next-undecided"]] == "."
        assert described[BINDING_IDS["bulk"]] == "B"
        titles = {title: text for title, _, text in TriageCommands(main).commands(main)}
        assert titles["Triage: next undecided comment"].endswith("(.)")
        assert "Triage: history of decisions" in titles
        main.session.decide("c1", Decision.KEEP)
        await pilot.press("full_stop")
        assert main.table.cursor_row == 0  # c1 decided: wraps to c0
        await pilot.press("right_square_bracket")  # no longer bound
        assert main.table.cursor_row == 0
        assert app.__dict__.get("notified", []) == []
