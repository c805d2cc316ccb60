"""Read whole in an 80x24 terminal (a newcomer's QA pass): every filter field and value, the
filter and search on the status line, the export dialog's overwrite warning; and each article
of a file of several gets an export file of its own."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

from test_app import ARTICLE, answer_prompt, make_app, settle
from test_multi_article import WORDPRESS, quiet
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Label, SelectionList, Static
from waiting import wait_until

from reader.formats import load_articles
from reader.model import Article, Decision
from reader.tui.app import ReaderApp, article_number
from reader.tui.export_file import export_file_name
from reader.tui.screens.choose_article import ChooseArticleScreen
from reader.tui.screens.export import ExportScreen
from reader.tui.screens.filter import FilterScreen
from reader.tui.screens.main import MainScreen
from reader.tui.widgets.status import status_content
from reader.view.thread_view import CommentFilter, ThreadView


def painted(widget: Widget, within: Widget | None = None) -> str:
    """What the widget draws (border and title included), line by line; `within`: only the
    part of it inside that widget's region (a parent that clips it)."""
    region = widget.region if within is None else widget.region.intersection(within.region)
    crop = region.translate(-widget.region.offset)
    return "\n".join(strip.text for strip in widget.render_lines(crop))


async def open_filter(pilot: Pilot[Any]) -> FilterScreen:
    await pilot.press("F")
    assert await wait_until(pilot, lambda: isinstance(pilot.app.screen, FilterScreen))
    screen = pilot.app.screen
    assert isinstance(screen, FilterScreen)
    return screen


async def analysed(pilot: Pilot[Any], main: object) -> bool:
    """Wait for the analysis on `main` (export waits for it too)."""
    assert isinstance(main, MainScreen)
    return await wait_until(pilot, lambda: main.analysis_done)


# -- the filter dialog ---------------------------------------------------------------------


async def test_every_filter_field_and_value_reads_whole_at_80x24() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        main = await settle(pilot)
        screen = await open_filter(pilot)
        await pilot.pause()
        box = screen.query_one("#filter-box")
        assert box.max_scroll_y == 0  # all of it in view, nothing to scroll to
        lists = list(screen.query(SelectionList))
        assert len(lists) == len(main.thread.filter_choices())
        for field in lists:
            assert box.content_region.contains_region(field.region), field.id
            shown = painted(field)
            title = str(field.border_title)
            assert f"─ {title} ─" in shown, (title, shown)
            for index in range(field.option_count):
                label = str(field.get_option_at_index(index).prompt)
                assert f"▐X▌ {label} " in shown or f"▐X▌ {label}│" in shown, (label, shown)
        values = [str(f.get_option_at_index(i).prompt) for f in lists
                  for i in range(f.option_count)]
        assert "not assessed" in values and "needs a look" in values


async def test_the_filter_keys_work_in_the_wrapped_layout_at_80x24() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        main = await settle(pilot)
        screen = await open_filter(pilot)
        assert app.focused is screen.query_one("#filter-stance")
        await pilot.press("tab")  # the next field, on the same row
        assert app.focused is screen.query_one("#filter-sentiment")
        for _ in range(5):  # on to the second row
            await pilot.press("tab")
        decision = screen.query_one("#filter-decision", SelectionList)
        assert app.focused is decision
        await pilot.press("down", "down", "down", "space")  # none: no decision yet
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert main.thread.filter.describe() == "decision=none"
        await open_filter(pilot)
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert main.thread.filter.describe() == "decision=none"


async def test_a_short_terminal_scrolls_the_fields_into_view() -> None:
    app = make_app()
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        screen = await open_filter(pilot)
        box = screen.query_one("#filter-box")
        assert box.max_scroll_y > 0  # too short for all of it: the box scrolls
        for _ in range(7):
            await pilot.press("tab")
        note = screen.query_one("#filter-note")
        assert app.focused is note
        await pilot.pause()
        assert box.scrollable_content_region.contains_region(note.region)


# -- the status line -----------------------------------------------------------------------


async def test_the_status_line_keeps_the_filter_and_search_at_80_columns() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        main = await settle(pilot)
        await pilot.press("a", "j", "f", "j", "x")  # a decision of each kind: a long breakdown
        await open_filter(pilot)
        await pilot.press("down", "space", "ctrl+s")  # stance: deny
        assert await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("slash")
        await answer_prompt(pilot, "cover-up")
        status = main.query_one("#status", Static)
        await pilot.pause()
        whole = str(status.content)
        assert "1 keep · 1 flag · 1 hide" in whole and "sorted: thread order" in whole
        assert len(whole) > 80  # too long for the line: something has to give
        shown = painted(status, within=main.query_one("#status-bar"))
        assert "\n" not in shown
        assert "filter: stance=deny" in shown and "search: cover-up 1/1" in shown, shown
        assert "1 of 6 comments" in shown
        await pilot.resize_terminal(160, 24)
        await pilot.pause()
        assert "3 of 6 triaged: 1 keep · 1 flag · 1 hide" in painted(status)
        assert "filter: stance=deny" in painted(status)


# -- the export dialog ---------------------------------------------------------------------


async def test_the_whole_overwrite_warning_shows_at_80_columns(tmp_path: Path) -> None:
    folder = tmp_path / ("a-rather-long-folder-name-" * 3) / "and-one-more"
    folder.mkdir(parents=True)
    target = folder / "harbour.reader.json"
    target.write_text("keep me", encoding="utf-8")
    app = make_app(export_dir=folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen))
        await pilot.press("enter")
        hint = app.screen.query_one("#export-hint", Label)
        assert await wait_until(pilot, lambda: hint.has_class("-warning"))
        box = app.screen.query_one("#export-box")
        assert box.content_region.contains_region(hint.region)
        shown = "".join(painted(hint).split())  # the lines as one, without the wrapping
        for words in ("press Enter again to overwrite it, or change the path", str(target)):
            assert "".join(words.split()) in shown, (words, shown)
        assert target.read_text(encoding="utf-8") == "keep me"


async def test_each_article_of_a_file_suggests_its_own_export(tmp_path: Path) -> None:
    articles = load_articles(WORDPRESS)
    app = ReaderApp(articles[0], None, source=str(WORDPRESS), analysers=quiet(),
                    choices=articles, export_dir=tmp_path)
    suggested: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        for downs in (0, 1):
            assert await wait_until(pilot, lambda: isinstance(app.screen, ChooseArticleScreen))
            await pilot.press(*["down"] * downs, "enter")
            assert await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
            assert await analysed(pilot, app.screen)
            await pilot.press("e")
            assert await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen))
            suggested.append(app.screen.query_one("#export-path", Input).value)
            await pilot.press("escape", "b")
    assert suggested == [str(tmp_path / "wordpress-export.reader.json"),
                         str(tmp_path / "wordpress-export.2.reader.json")]


def test_the_status_line_gives_up_the_least_important_parts_first() -> None:
    thread = ThreadView.of_article(ARTICLE, {})  # not analysed: no stance matches
    thread.set_filter(CommentFilter({"stance": frozenset({"deny", "query"})}))
    thread.set_sort("likes")
    search = "a search someone typed that runs on and on"
    line = status_content(thread, search=search, page_complete=True, analysis_done=True,
                          search_position="1/3", decisions={Decision.KEEP: 2})
    forms = [form.plain for form in line.forms]
    assert forms[0] == ("0 of 6 comments · 2 of 6 triaged: 2 keep · sorted: most liked · "
                        f"filter: stance=deny|query · search: {search} 1/3")
    assert forms[-1] == "0 of 6 comments · filter: stance · search: a search someone ty… 1/3"
    assert all(len(a) > len(b) for a, b in pairwise(forms))  # each one shorter
    for width in range(len(forms[-1]), len(forms[0]) + 1):
        shown = line.fitting(width).plain
        assert len(shown) <= width and "filter: stance" in shown and "1/3" in shown
    assert line.fitting(len(forms[0])) is line.whole
    assert "sorted: most liked" in line.fitting(len(forms[0]) - 1).plain  # not the default
    assert "triaged" not in line.fitting(len(forms[-2])).plain


def test_the_second_article_of_a_file_exports_to_a_numbered_file() -> None:
    first, second = Article("One"), Article("Two")
    assert article_number([first, second], second) == 2
    assert article_number([first, second], first) == article_number([], first) == 1
    assert export_file_name("x/wp export.xml", "csv", article=2) == "wp_export.2.reader.csv"
    assert export_file_name("x/wp export.xml", "json", article=1) == "wp_export.reader.json"
