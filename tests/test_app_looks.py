"""Nothing cut without a way to reach it at 80x24 and 100x30 (footer keys, the filter
dialog's hint, the selected comment), and a search that shows where it stands, marks its
matches and can be cleared."""

from __future__ import annotations

from test_app import answer_prompt, make_app, settle, toasts
from textual.content import Content
from textual.widgets import Label, Static
from textual.widgets._footer import FooterKey
from waiting import wait_until

from reader.tui.panes.comments import CommentTable
from reader.tui.panes.detail import CommentDetail
from reader.tui.panes.search_marks import MATCH_STYLE
from reader.tui.screens.filter import FilterScreen
from reader.tui.screens.main import MainScreen
from reader.tui.widgets.footer import ReaderFooter


def footer_labels(main: MainScreen) -> dict[str, bool]:
    """Each footer key's label, and whether it is wholly on screen."""
    footer = main.query_one(ReaderFooter)
    return {
        key.description: key.region.right <= footer.region.right and key.region.width > 0
        for key in footer.query(FooterKey)
    }


def status_text(main: MainScreen) -> str:
    return str(main.query_one("#status", Static).content)


async def test_at_80_columns_the_footer_keeps_keys_and_quit_on_screen() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        main = await settle(pilot)
        await pilot.pause()
        labels = footer_labels(main)
        assert labels.get("Keys") and labels.get("Quit"), labels
        assert all(labels.values()), labels  # what is shown is shown whole
        assert "Keep" in labels and "Search" in labels


async def test_a_wide_footer_shows_every_key_and_the_palette() -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        main = await settle(pilot)
        await pilot.pause()
        labels = footer_labels(main)
        for label in ("Keys", "Keep", "Filter", "Sort", "Export", "Quit", "palette"):
            assert labels.get(label), (label, labels)


async def test_the_filter_dialog_fits_80x24_with_its_keys_in_view() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await wait_until(pilot, lambda: isinstance(app.screen, FilterScreen))
        screen = app.screen
        await pilot.pause()
        hint = screen.query_one("#filter-hint", Label)
        box = screen.query_one("#filter-box")
        assert box.region.bottom <= 24 and box.region.right <= 80
        painted = " ".join(strip.text for strip in hint.render_lines(hint.region.reset_offset))
        subtitle = str(box.border_subtitle or "")
        assert len(subtitle) <= box.region.width - 4  # a border title is cut, never wrapped
        said = " ".join(f"{painted} {subtitle}".split())
        assert "Ctrl+S applies" in said and "Esc cancels" in said
        assert hint.region.y >= box.region.y and hint.region.bottom <= box.region.bottom
        apply = screen.query_one("#filter-apply")
        assert box.region.y < apply.region.y and apply.region.bottom <= box.region.bottom


async def test_at_100x30_every_line_of_the_selected_comment_can_be_reached() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        main = await settle(pilot)
        await pilot.press("G")  # the last comment, with two paragraphs
        detail = main.query_one(CommentDetail)
        await pilot.pause()
        assert detail.max_scroll_y > 0  # longer than the pane
        title = str(detail.border_title)
        assert "more below" in title and "tab" in title and "z" in title
        await pilot.press("tab")
        assert app.focused is detail
        await pilot.press("G")  # scrolls the pane to its end
        await pilot.pause()
        assert detail.scroll_y == detail.max_scroll_y
        assert "more below" not in str(detail.border_title)
        await pilot.press("z")
        assert main.maximized is detail
        # maximized, it has the screen's height and shows the whole comment
        await wait_until(pilot, lambda: detail.max_scroll_y == 0)
        assert detail.max_scroll_y == 0 and detail.size.height > 20
        await pilot.press("z")
        assert main.maximized is None


async def test_search_shows_its_position_marks_matches_and_clears() -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        main = await settle(pilot)
        await pilot.press("slash")
        await answer_prompt(pilot, "the")  # c0 "...where they say", c5 "...the plan", c1 "the other"
        await pilot.pause()
        matches = main.search.matching_rows(main.thread)
        assert len(matches) >= 2
        row = main.table.cursor_row
        assert f"{matches.index(row) + 1}/{len(matches)}" in status_text(main)
        await pilot.press("n")
        row = main.table.cursor_row
        assert f" {matches.index(row) + 1}/{len(matches)}" in status_text(main)

        detail = main.query_one("#detail-text", Static).content
        assert isinstance(detail, Content)
        marked = [detail.plain[s.start:s.end] for s in detail.spans if s.style == MATCH_STYLE]
        assert marked and all(text.casefold() == "the" for text in marked)
        table = main.query_one(CommentTable)
        match_style = table.get_component_rich_style("comment-table--match")
        strip = table.render_line(row - int(table.scroll_offset.y) + 1)
        assert any(seg.text.casefold() == "the" and seg.style is not None
                   and seg.style.reverse == match_style.reverse and seg.style.reverse
                   for seg in strip)

        await pilot.press("escape")  # Esc on the list clears the search
        await pilot.pause()
        assert main.search.query == "" and "search:" not in status_text(main)
        assert "Search cleared." in toasts(app)
        detail = main.query_one("#detail-text", Static).content
        assert isinstance(detail, Content)
        assert not any(s.style == MATCH_STYLE for s in detail.spans)


async def test_an_empty_search_clears_and_esc_in_the_prompt_keeps_the_search() -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        main = await settle(pilot)
        await pilot.press("slash")
        await answer_prompt(pilot, "harbour")
        assert main.search.query == "harbour"
        await pilot.press("slash", "escape")  # cancels the editing only
        await pilot.pause()
        assert main.search.query == "harbour"
        await pilot.press("slash")
        await answer_prompt(pilot, "")
        await pilot.pause()
        assert main.search.query == "" and "search:" not in status_text(main)
        assert "Search cleared." in toasts(app)


async def test_esc_restores_a_maximized_pane_before_it_clears_a_search() -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        main = await settle(pilot)
        await pilot.press("slash")
        await answer_prompt(pilot, "harbour")
        await pilot.press("z")
        assert main.maximized is not None
        await pilot.press("escape")
        await pilot.pause()
        assert main.maximized is None and main.search.query == "harbour"
        await pilot.press("escape")
        await pilot.pause()
        assert main.search.query == ""
