"""The reply tree in the app, on the Reddit fixture: indentation and depth marks, folding with
the count shown, the tree keys' jumps, "↳ @author" under a sort, the lines of replies not
saved, OP, placeholders, search into folds, bulk "shown", the summary; and one snapshot."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Static
from waiting import wait_until

from reader.formats import load_article
from reader.keys import BINDING_IDS, KEY_ACTIONS_BY_ID
from reader.model import Article, Comment, CommentAnalysis
from reader.tui.actions import help_rows
from reader.tui.app import ReaderApp
from reader.tui.commands import TreeCommands
from reader.tui.panes.tree_cells import DEPTH_CAP
from reader.tui.screens.main import MainScreen
from reader.tui.workers import Analysers

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "reddit-thread.json"
# The fixture in thread order (ids are derived from Reddit's own):
#  0 ferry_fan                 3 replies
#  1   [deleted] (deleted)
#  2     ferry_fan             4 replies not saved
#  3   skeptic
#  4 [deleted] (removed)       1 reply
#  5   bystander
#  6 local_historian           1 reply not saved; 3 more at the top level
TREE_KEYS = {
    "toggle-replies": "space", "collapse-all": "C", "expand-all": "E", "parent": "p",
    "next-sibling": "right_parenthesis", "previous-sibling": "left_parenthesis",
    "next-top-level": "right_curly_bracket",
    "previous-top-level": "left_curly_bracket",
}


def _no_analysis() -> Analysers:
    def comments(article: Article, cache: Any) -> Iterator[list[tuple[str, CommentAnalysis]]]:
        yield []

    return Analysers(quotes=lambda article: (), comments=comments)


class NotingApp(ReaderApp):
    """The app, remembering its notifications (run_test turns toasts off)."""

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        assert markup is False
        self.__dict__.setdefault("notified", []).append(message)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)


def reddit(**changes: Any) -> Article:
    return replace(load_article(FIXTURE), **changes)


def make_app(article: Article | None = None) -> NotingApp:
    return NotingApp(article or reddit(), None, source="reddit-thread.json",
                     analysers=_no_analysis())


async def ready(pilot: Pilot[Any]) -> MainScreen:
    screen = pilot.app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    await wait_until(pilot, lambda: screen.analysis_done)
    return screen


def lines(main: MainScreen) -> list[str]:
    """The comment list as painted, header first (the Comment cell is the last column)."""
    table = main.table
    return [table.render_line(y).text.rstrip() for y in range(table.size.height)]


def comment_cells(main: MainScreen) -> list[str]:
    """Each painted line from the Comment column on (blank lines dropped)."""
    painted = lines(main)
    start = painted[0].index("Comment")
    return [line[start:] for line in painted[1:] if line.strip()]


def notified(app: ReaderApp) -> list[str]:
    return list(app.__dict__.get("notified", []))


def current(main: MainScreen) -> str:
    comment = main.table.current_comment
    assert comment is not None
    return f"{comment.author}:{comment.text[:12]}"


async def test_indentation_gutter_status_and_not_saved_lines_show_the_tree() -> None:
    app = make_app()
    async with app.run_test(size=(260, 40)) as pilot:
        main = await ready(pilot)
        cells = comment_cells(main)
        assert cells[0].startswith("Great news")
        assert cells[1].startswith("▎ [deleted]")
        assert cells[2].startswith("  ▎ Why was this deleted?")
        assert cells[3].startswith("    ▎ ⋯")  # its replies not saved, a level deeper
        assert cells[4].startswith("▎ This will never")
        assert cells[5].startswith("[removed]")
        assert cells[7].startswith("The old ferry")
        painted = [line for line in lines(main) if "not saved" in line]
        assert [line.split("  ")[0] for line in painted] == [
            "⋯ 4 more replies not saved", "⋯ 1 more reply not saved",
            "⋯ 3 more replies not saved",
        ]
        # The lines are not rows: the cursor steps over them.
        await pilot.press("j", "j", "j")
        assert current(main) == "skeptic:This will ne"


async def test_a_reply_deeper_than_the_cap_shows_its_depth() -> None:
    chain = tuple(
        Comment(f"d{n}", f"user{n}", "", f"level {n}", parent=f"d{n - 1}" if n else None,
                depth=n)
        for n in range(DEPTH_CAP + 3)
    )
    app = make_app(Article("Deep", comments=chain, source="reddit"))
    async with app.run_test(size=(260, 40)) as pilot:
        main = await ready(pilot)
        cells = comment_cells(main)
        assert cells[DEPTH_CAP].startswith("  " * (DEPTH_CAP - 1) + "▎ level 6")
        assert cells[DEPTH_CAP + 1].startswith("  " * (DEPTH_CAP - 1) + "▎·7 level 7")
        assert cells[DEPTH_CAP + 2].startswith("  " * (DEPTH_CAP - 1) + "▎·8 level 8")


async def test_collapse_shows_the_count_and_expand_restores() -> None:
    app = make_app()
    async with app.run_test(size=(260, 40)) as pilot:
        main = await ready(pilot)
        before = lines(main)
        await pilot.press("space")
        cells = comment_cells(main)
        assert cells[0].startswith("[+3] Great news")
        assert cells[1].startswith("[removed]")
        assert len(main.thread.rows) == 4 and current(main).startswith("ferry_fan:Great")
        await pilot.press("space")
        assert lines(main) == before
        await pilot.press("C")
        assert [c[:9] for c in comment_cells(main)[:3]] == ["[+3] Grea", "[+1] [rem", "The old f"]
        await pilot.press("E")
        assert lines(main) == before
        await pilot.press("j", "j", "space")  # a comment without replies
        assert notified(app)[-1] == "This comment has no replies to collapse."


async def test_collapse_all_from_a_reply_keeps_the_cursor_on_its_thread() -> None:
    app = make_app()
    async with app.run_test(size=(260, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("j", "j", "j", "j", "j")  # bystander, under the removed comment
        await pilot.press("C")
        assert current(main) == "[deleted]:"


async def test_parent_sibling_and_top_level_jumps() -> None:
    app = make_app()
    async with app.run_test(size=(260, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("j", "j")  # ferry_fan's "Why was this deleted?"
        await pilot.press("p")
        assert main.table.cursor_row == 1
        await pilot.press("right_parenthesis")
        assert current(main) == "skeptic:This will ne"
        await pilot.press("left_parenthesis")
        assert main.table.cursor_row == 1
        await pilot.press("left_parenthesis")
        assert notified(app)[-1] == "No earlier reply to the same comment."
        await pilot.press("right_curly_bracket")
        assert main.table.cursor_row == 4
        await pilot.press("right_curly_bracket")
        assert current(main) == "local_historian:The old ferr"
        await pilot.press("left_curly_bracket", "left_curly_bracket")
        assert main.table.cursor_row == 0
        await pilot.press("p")
        assert notified(app)[-1] == "This comment replies to the article itself."


async def test_a_sorted_view_names_each_replys_parent() -> None:
    app = make_app()
    async with app.run_test(size=(260, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("s")  # most liked
        assert main.thread.sort_key == "likes"
        cells = comment_cells(main)
        assert cells[0].startswith("Great news")
        assert cells[1].startswith("↳ @[deleted] Why was this deleted?")
        assert any(cell.startswith("↳ @ferry_fan ") for cell in cells)
        assert any(cell.startswith("[deleted] ↳ @ferry_fan") for cell in cells)
        assert not any("▎" in cell or "not saved" in cell for cell in cells)
        await pilot.press("space")
        assert notified(app)[-1] == "Replies fold in thread order only: s cycles back to it."


async def test_op_is_marked_on_the_submitters_comments() -> None:
    app = make_app(reddit(authors=("ferry_fan",)))
    async with app.run_test(size=(260, 40)) as pilot:
        main = await ready(pilot)
        cells = comment_cells(main)
        assert cells[0].startswith("OP Great news")
        assert cells[2].startswith("  ▎ OP Why was")
        assert not any("OP" in cell for cell in cells[3:])


async def test_a_search_match_in_collapsed_replies_expands_them() -> None:
    app = make_app()
    async with app.run_test(size=(260, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("C", "slash")
        await pilot.press(*"budget", "enter")
        await wait_until(pilot, lambda: main.table.cursor_row != 0)
        assert current(main) == "skeptic:This will ne"
        assert "Expanded the collapsed replies that hold the match." in notified(app)


async def test_bulk_on_the_comments_shown_leaves_collapsed_replies_out_and_says_so() -> None:
    app = make_app()
    async with app.run_test(size=(260, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("C")
        targets = main.bulk_shown()
        assert len(targets.comment_ids) == 3
        assert targets.question(None).plain == (
            "Clear the decision on 3 comments in the thread (not the 4 collapsed replies)?"
        )


async def test_the_summary_shows_depths_the_longest_chain_and_most_replied() -> None:
    app = make_app()
    async with app.run_test(size=(260, 40)) as pilot:
        main = await ready(pilot)
        content = main.query_one("#summary-text", Static).content
        assert isinstance(content, Content)
        text = content.plain
        assert "Replies\n" in text and "depth 2" in text and "depth 3" not in text
        assert "8 more replies not saved by the source" in text
        assert "Longest chain  3 comments deep\n  ferry_fan → [deleted] → ferry_fan" in text
        assert "3 replies (2 direct)  ferry_fan  Great news" in text


async def test_a_flat_page_has_no_tree_marks_or_summary_section() -> None:
    flat = Article("Flat", comments=(Comment("c0", "Ann", "", "One."),
                                     Comment("c1", "Bob", "", "Two.")))
    app = make_app(flat)
    async with app.run_test(size=(260, 40)) as pilot:
        main = await ready(pilot)
        assert comment_cells(main) == ["One.", "Two."]
        content = main.query_one("#summary-text", Static).content
        assert isinstance(content, Content) and "Replies" not in content.plain


def test_the_tree_keys_are_rows_with_help_and_palette_entries() -> None:
    for action_id, key in TREE_KEYS.items():
        action = KEY_ACTIONS_BY_ID[action_id]
        assert (action.keys, action.target, action.palette_group) == (key, "screen", "tree")
        assert action.description and action.palette_title and action_id in BINDING_IDS
        assert callable(getattr(MainScreen, f"action_{action.action}"))


async def test_the_tree_keys_can_be_remapped_and_show_in_help_and_palette() -> None:
    app = NotingApp(reddit(), None, source="r.json", analysers=_no_analysis(),
                    keymap={"parent": "P"})
    async with app.run_test(size=(260, 40)) as pilot:
        main = await ready(pilot)
        assert (("P", BINDING_IDS["parent"]) in help_rows(app))
        titles = {title: text for title, _, text in TreeCommands(main).commands(main)}
        assert titles["Thread: go to the parent comment"].endswith("(P)")
        assert titles["Thread: collapse or expand the replies"].endswith("(space)")
        await pilot.press("j", "P")
        assert main.table.cursor_row == 0
        assert notified(app) == []


# -- snapshot ----------------------------------------------------------------------------------


def _snapshot_app() -> ReaderApp:
    app = make_app(reddit(authors=("ferry_fan",)))
    app.theme = "textual-dark"
    return app


async def _folded(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await pilot.press("j", "j", "j", "j", "space", "z")  # fold the removed comment's reply
    await pilot.pause()


def test_snapshot_tree(snap_compare: Any) -> None:
    assert snap_compare(_snapshot_app(), terminal_size=(120, 24), run_before=_folded)


def test_a_source_with_times_shows_them_where_the_age_would_be() -> None:
    """Reddit and the exports give a time, not an age line: the table shows its date, the
    selected comment the time to the minute (UTC)."""
    from reader.tui.panes.parts import when_posted

    assert when_posted("2h ago", "2016-01-02T03:04:05Z") == "2h ago"
    assert when_posted("", "2016-01-02T03:04:05Z") == "2016-01-02 03:04"
    assert when_posted("", "2016-01-02T03:04:05Z", short=True) == "2016-01-02"
    assert when_posted("", None) == ""
