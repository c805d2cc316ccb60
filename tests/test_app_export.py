"""Export from the app (e): a dialog asks where and as what, never overwrites unasked, and
every failure (a folder, a deleted working directory, an unwritable place) is one notice
while the app goes on, with no temporary file left behind."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from test_app import make_app, settle, toasts
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, Label
from waiting import wait_until

from reader import locations
from reader.tui.export_file import default_export_folder, export_target, with_format
from reader.tui.screens.export import ExportScreen
from reader.tui.screens.main import MainScreen

# Writable only by the kernel, even for root (a chmod'ed folder is writable by root).
READ_ONLY_FOLDER = Path("/proc/self")
needs_proc = pytest.mark.skipif(not READ_ONLY_FOLDER.is_dir(), reason="needs Linux /proc")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Reader's data directory, moved into the test's folder (never the real one)."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setattr(locations, "data_dir", lambda: folder)
    return folder


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    """The page's folder (the export goes beside the page)."""
    folder = tmp_path / "pages"
    folder.mkdir()
    return folder


def leftovers(folder: Path) -> list[str]:
    """Temporary files the atomic writer would leave behind if it failed to clean up."""
    return [path.name for path in folder.iterdir() if path.name.endswith(".tmp")]


async def open_dialog(pilot: Pilot[Any]) -> ExportScreen:
    await settle(pilot)
    await pilot.press("e")
    assert await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExportScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    return screen


def path_input(screen: ExportScreen) -> Input:
    return screen.query_one("#export-path", Input)


def hint(screen: ExportScreen) -> str:
    content = screen.query_one("#export-hint", Label).content
    assert isinstance(content, Content)
    return content.plain


async def type_path(pilot: Pilot[Any], screen: ExportScreen, text: object) -> None:
    path_input(screen).value = str(text)
    path_input(screen).focus()
    await pilot.pause()


# -- where it goes -----------------------------------------------------------------------------


async def test_the_dialog_suggests_the_file_beside_the_page_and_enter_writes_it(
    pages: Path, data_dir: Path
) -> None:
    app = make_app(export_dir=pages)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_dialog(pilot)
        target = pages / "harbour.reader.json"
        assert path_input(screen).value == str(target)
        assert screen.format == "json"
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        data = json.loads(target.read_text(encoding="utf-8"))
        assert [c["id"] for c in data["comments"]] == ["c0", "c1", "c2", "c3", "c4", "c5"]
        assert f"Exported to {target}" in toasts(app)
        assert not list(data_dir.iterdir())


@pytest.mark.parametrize(
    "unwritable",
    [
        pytest.param("proc", marks=needs_proc),
        pytest.param("chmod", marks=pytest.mark.skipif(
            sys.platform == "win32" or os.geteuid() == 0, reason="root writes anywhere")),
    ],
)
async def test_an_unwritable_page_folder_suggests_the_data_directory(
    unwritable: str, pages: Path, data_dir: Path
) -> None:
    folder = READ_ONLY_FOLDER if unwritable == "proc" else pages
    if unwritable == "chmod":
        pages.chmod(0o555)
    try:
        app = make_app(export_dir=folder)
        async with app.run_test(size=(160, 48)) as pilot:
            screen = await open_dialog(pilot)
            assert path_input(screen).value == str(data_dir / "harbour.reader.json")
            await pilot.press("enter")
            assert await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
            assert (data_dir / "harbour.reader.json").is_file()
    finally:
        pages.chmod(0o755)


def test_the_bundled_sample_and_odd_folders_export_to_the_data_directory(
    tmp_path: Path, data_dir: Path
) -> None:
    assert default_export_folder(None) == data_dir  # the sample: its folder is the install's
    assert default_export_folder(tmp_path / "gone") == data_dir
    odd = tmp_path / "a\x1b[31mb"  # a path the dialog could only show escaped
    odd.mkdir()
    assert default_export_folder(odd) == data_dir
    assert default_export_folder(tmp_path) == tmp_path


async def test_escape_cancels_and_writes_nothing(pages: Path, data_dir: Path) -> None:
    app = make_app(export_dir=pages)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_dialog(pilot)
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert not list(pages.iterdir())
        await pilot.press("j")  # the app goes on
        assert app.is_running


# -- as what -----------------------------------------------------------------------------------


async def test_choosing_csv_changes_the_suggested_name_and_writes_csv(
    pages: Path, data_dir: Path
) -> None:
    app = make_app(export_dir=pages)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("f")  # flag the first comment
        screen = await open_dialog(pilot)
        await pilot.press("tab", "right")  # to the format choice; an arrow chooses CSV
        assert await wait_until(pilot, lambda: screen.format == "csv")
        assert path_input(screen).value == str(pages / "harbour.reader.csv")
        await pilot.press("enter")  # Enter writes from the format choice too
        assert await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert sorted(p.name for p in pages.iterdir()) == ["harbour.reader.csv"]
        text = (pages / "harbour.reader.csv").read_text(encoding="utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [row["id"] for row in rows] == ["c0", "c1", "c2", "c3", "c4", "c5"]
        assert rows[0]["decision"] == "flag" and rows[1]["decision"] == ""
        assert rows[2]["author"] == "[b]Mallory[/b]"


async def test_switching_back_to_json_and_a_chosen_name_is_left_alone(
    pages: Path, data_dir: Path
) -> None:
    app = make_app(export_dir=pages)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_dialog(pilot)
        await pilot.press("tab", "right")
        assert await wait_until(pilot, lambda: screen.format == "csv")
        await pilot.press("left")
        assert await wait_until(pilot, lambda: screen.format == "json")
        assert path_input(screen).value == str(pages / "harbour.reader.json")
    assert with_format("/x/notes.txt", "json", "csv") == "/x/notes.txt"
    assert with_format("/x/a.json", "json", "csv") == "/x/a.csv"


# -- never overwriting unasked -----------------------------------------------------------------


async def test_an_existing_file_is_replaced_only_after_a_second_enter(
    pages: Path, data_dir: Path
) -> None:
    target = pages / "harbour.reader.json"
    target.write_text("keep me", encoding="utf-8")
    app = make_app(export_dir=pages)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_dialog(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert target.read_text(encoding="utf-8") == "keep me"
        assert hint(screen) == ("The file exists — press Enter again to overwrite it, or "
                                f"change the path: {target}")
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert json.loads(target.read_text(encoding="utf-8"))["comments"]


async def test_changing_the_path_asks_again_for_another_existing_file(
    pages: Path, data_dir: Path
) -> None:
    first, second = pages / "harbour.reader.json", pages / "other.json"
    first.write_text("one", encoding="utf-8")
    second.write_text("two", encoding="utf-8")
    app = make_app(export_dir=pages)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_dialog(pilot)
        await pilot.press("enter")  # asks about the first
        await pilot.pause()
        await type_path(pilot, screen, second)
        assert "exists" not in hint(screen)  # the question was about the other file
        await pilot.press("enter")  # asks about the second: not yet written
        await pilot.pause()
        assert app.screen is screen and second.read_text(encoding="utf-8") == "two"
        assert hint(screen).endswith(f"overwrite it, or change the path: {second}")
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert first.read_text(encoding="utf-8") == "one"
        assert second.read_text(encoding="utf-8").startswith("{")


async def test_the_question_shows_a_hostile_file_name_inertly(
    pages: Path, data_dir: Path
) -> None:
    hostile = pages / "[b]x\x1b]0;pwned\x07.json"
    hostile.write_text("old", encoding="utf-8")
    app = make_app(export_dir=pages)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_dialog(pilot)
        await type_path(pilot, screen, hostile)
        typed = path_input(screen).value
        assert "\x1b" not in typed  # the input shows it escaped: that names another file
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert hostile.read_text(encoding="utf-8") == "old"
        assert all("\x1b" not in text for text in toasts(app))


# -- failures are one notice and the app goes on -----------------------------------------------


async def test_a_deleted_working_directory_is_a_notice_not_a_traceback(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    app = make_app()  # no page folder: the sample's case
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_dialog(pilot)
        assert path_input(screen).value == str(data_dir / "harbour.reader.json")
        await type_path(pilot, screen, "relative.json")
        await pilot.press("enter")
        assert await wait_until(
            pilot, lambda: any("the current folder no longer exists" in t for t in toasts(app))
        )
        assert app.screen is screen and app.is_running
        await type_path(pilot, screen, data_dir / "out.json")  # a full path still works
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert (data_dir / "out.json").is_file()


async def test_a_folder_as_the_target_is_a_notice(pages: Path, data_dir: Path) -> None:
    app = make_app(export_dir=pages)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_dialog(pilot)
        await type_path(pilot, screen, pages)
        await pilot.press("enter")
        wanted = f"Cannot export to {pages}: it is a folder; name a file in it"
        assert await wait_until(pilot, lambda: wanted in toasts(app))
        assert app.screen is screen
        assert not list(pages.iterdir())


@pytest.mark.parametrize("where", ["missing folder", pytest.param("proc", marks=needs_proc)])
async def test_an_unwritable_target_is_a_notice_and_leaves_nothing(
    where: str, pages: Path, data_dir: Path
) -> None:
    target = pages / "no" / "x.json" if where == "missing folder" else READ_ONLY_FOLDER / "x.json"
    app = make_app(export_dir=pages)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_dialog(pilot)
        await type_path(pilot, screen, target)
        await pilot.press("enter")
        assert await wait_until(
            pilot, lambda: any(t.startswith(f"Cannot export to {target}: ") for t in toasts(app))
        )
        assert app.screen is screen and app.is_running
        assert not list(pages.iterdir())


async def test_a_failed_rename_leaves_the_old_file_and_no_temporary_file(
    pages: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = pages / "harbour.reader.json"
    target.write_text("old", encoding="utf-8")

    def no_rename(source: Any, destination: Any) -> None:
        raise OSError(28, "No space left on device")

    app = make_app(export_dir=pages)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_dialog(pilot)
        monkeypatch.setattr(os, "replace", no_rename)
        await pilot.press("enter", "enter")  # asked, then agreed to replace it
        wanted = f"Cannot export to {target}: No space left on device"
        assert await wait_until(pilot, lambda: wanted in toasts(app))
        assert app.screen is screen
    assert target.read_text(encoding="utf-8") == "old"
    assert leftovers(pages) == []


def test_a_typed_path_is_taken_from_home_and_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert export_target(" out.csv ") == tmp_path / "out.csv"
    assert export_target("~/x.json") == tmp_path / "home" / "x.json"



async def test_asking_survives_the_format_switch_just_before_enter(
    pages: Path, data_dir: Path
) -> None:
    target = pages / "harbour.reader.csv"
    target.write_text("old", encoding="utf-8")
    app = make_app(export_dir=pages)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_dialog(pilot)
        await pilot.press("tab", "right", "enter")  # quicker than the path's change message
        await pilot.pause()
        assert hint(screen).endswith(f"the path: {target}")
        assert target.read_text(encoding="utf-8") == "old"
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert target.read_text(encoding="utf-8").startswith("id,")
