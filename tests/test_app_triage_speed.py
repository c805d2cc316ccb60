"""Triage at a moderator's speed (issue 11): next/previous undecided and auto-advance, the
triage counts in the status line, bulk decisions with one confirmation and one undo, undo
after a restart, filters by author and note, the history view, opening a link and copying a
comment's text. Every test drives the app (Pilot) or the layer under it."""

from __future__ import annotations

import re
import sqlite3
import webbrowser
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import OptionList, Static
from waiting import wait_until

from reader import cli
from reader.model import Article, Comment, CommentAnalysis, Decision, Image, TriageRecord
from reader.storage.store import TriageStore
from reader.tui.app import ReaderApp
from reader.tui.screens.choose import ChoiceScreen
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.screens.filter import FilterScreen
from reader.tui.screens.history import HistoryScreen
from reader.tui.screens.main import MainScreen
from reader.tui.workers import Analysers
from reader.view.links import web_url, web_urls
from reader.view.thread_view import AUTHOR, NOTE, CommentFilter, ThreadView

ARTICLE = Article(
    headline="Harbour plan", byline="", authors=(), published="", paragraphs=("Text.",),
    images=(
        Image("https://img.example/ok.jpg", "The quay", 0),
        Image("file:///etc/passwd", "A local file", 0),
    ),
    comment_count=6,
    comments=(
        Comment("c0", "Alice", "", "See https://example.org/plan. Thanks.", 1),
        Comment("c1", "Bob", "", "javascript:alert(1) and file:///etc/passwd", 2),
        Comment("c2", "[b]Mallory[/b]", "", "Two: http://a.example/x and https://b.example/y", 3),
        Comment("c3", "Alice", "", "Again \x1b]52;c;SGVsbG8=\x07 me\x1b[2J.", 4),
        Comment("c4", "Dora", "", "Plain.", 5),
        Comment("c5", "Alice", "", "Third by Alice.", 6),
    ),
)
HASH = ARTICLE.content_hash


def _no_analysis() -> Analysers:
    def comments(article: Article, cache: Any) -> Iterator[list[tuple[str, CommentAnalysis]]]:
        yield from ()

    return Analysers(quotes=lambda article: (), comments=comments)


class NotingApp(ReaderApp):
    """The app, remembering its notifications (run_test turns toasts off)."""

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        assert markup is False
        self.__dict__.setdefault("notified", []).append(message)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)


def make_app(store: TriageStore | None = None, **kwargs: Any) -> NotingApp:
    return NotingApp(ARTICLE, store, source="harbour.txt", analysers=_no_analysis(), **kwargs)


def notified(app: ReaderApp) -> list[str]:
    return list(app.__dict__.get("notified", []))


async def ready(pilot: Pilot[Any]) -> MainScreen:
    screen = pilot.app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    await wait_until(pilot, lambda: screen.analysis_done)
    return screen


def current(main: MainScreen) -> str:
    comment = main.table.current_comment
    assert comment is not None
    return comment.id


def status(main: MainScreen) -> str:
    content = main.query_one("#status", Static).content
    assert isinstance(content, Content)
    return content.plain


def decisions(main: MainScreen) -> dict[str, str]:
    return {cid: r.decision.value for cid, r in main.session.records.items() if r.decision}


# -- next/previous undecided, auto-advance ---------------------------------------------------


def test_next_undecided_follows_the_order_shown_and_wraps() -> None:
    records = {"c1": TriageRecord("c1", Decision.KEEP, None),
               "c2": TriageRecord("c2", None, "a note only")}
    view = ThreadView(ARTICLE.comments, records)
    assert view.next_undecided(0) == 2  # c1 decided; a note alone is not a decision
    assert view.next_undecided(5) == 0  # wraps
    assert view.next_undecided(2, backwards=True) == 0
    view.set_sort("likes")  # c5, c4, c3, c2, c1, c0
    assert view.comment_at(view.next_undecided(3) or 0).id == "c0"
    everything = {c.id: TriageRecord(c.id, Decision.HIDE, None) for c in ARTICLE.comments}
    assert ThreadView(ARTICLE.comments, everything).next_undecided(0) is None


async def test_brackets_go_to_the_next_and_previous_undecided_comment() -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        main = await ready(pilot)
        main.session.decide("c1", Decision.KEEP)
        main.session.decide("c2", Decision.FLAG)
        await pilot.press("right_square_bracket")
        assert current(main) == "c3"
        await pilot.press("left_square_bracket")
        assert current(main) == "c0"
        await pilot.press("left_square_bracket")  # wraps to the end
        assert current(main) == "c5"


async def test_auto_advance_moves_after_a_decision_only() -> None:
    app = make_app(auto_advance=True)
    async with app.run_test(size=(160, 40)) as pilot:
        main = await ready(pilot)
        main.session.decide("c1", Decision.HIDE)
        await pilot.press("a")  # keep c0: skips the hidden c1
        assert current(main) == "c2"
        await pilot.press("f")
        assert current(main) == "c3"
        await pilot.press("k", "c")  # clear stays
        assert current(main) == "c2"
        await pilot.press("u")  # undoing the clear stays on the comment it undid
        assert current(main) == "c2"
        await pilot.press("m", *"why", "enter")  # a note stays
        await wait_until(pilot, lambda: main.session.record("c2").note == "why")
        assert current(main) == "c2"
        assert decisions(main) == {"c0": "keep", "c1": "hide", "c2": "flag"}


async def test_auto_advance_off_stays_and_a_filtered_out_comment_advances_in_place() -> None:
    app = make_app(auto_advance=False)
    async with app.run_test(size=(160, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("a")
        assert current(main) == "c0"
    app = make_app(auto_advance=True)
    async with app.run_test(size=(160, 40)) as pilot:
        main = await ready(pilot)
        main.apply_filter(CommentFilter.where(decision={"none"}))
        await pilot.press("j", "x")  # c1 hidden: it leaves the list, the cursor goes on to c2
        assert current(main) == "c2"
        assert [main.thread.comment_at(r).id for r in range(len(main.thread.rows))] == [
            "c0", "c2", "c3", "c4", "c5"]


def test_the_command_line_passes_the_config_auto_advance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(ReaderApp, "run", lambda self, *a, **k: seen.append(self.auto_advance))
    page = Path(__file__).resolve().parents[1] / "fixtures" / "minimal.txt"
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    assert cli.main([str(page), "--config", str(config), "--db", str(tmp_path / "a.db")]) == 0
    config.write_text("[triage]\nauto_advance = false\n", encoding="utf-8")
    assert cli.main([str(page), "--config", str(config), "--db", str(tmp_path / "b.db")]) == 0
    assert seen == [True, False]


# -- the status line ---------------------------------------------------------------------------


async def test_status_line_counts_triaged_comments_per_decision() -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        main = await ready(pilot)
        assert "0 of 6 triaged" in status(main)
        await pilot.press("a", "j", "a", "j", "f", "j", "x", "j", "m", *"n", "enter")
        await wait_until(pilot, lambda: "4 of 6 triaged" in status(main))
        assert "4 of 6 triaged: 2 keep · 1 flag · 1 hide" in status(main)
        await pilot.press("c")  # c4 had no decision: still four
        await pilot.press("k", "c")  # c3's hide cleared
        assert "3 of 6 triaged: 2 keep · 1 flag ·" in status(main)
        assert main.session.decision_counts == {
            Decision.KEEP: 2, Decision.FLAG: 1, Decision.HIDE: 0}


def test_counts_are_kept_as_records_change_not_recounted() -> None:
    from reader.view.triage import TriageSession

    session = TriageSession("h", None, {"c0": TriageRecord("c0", Decision.FLAG, None)})
    session.decide("c1", Decision.FLAG)
    session.decide("c0", Decision.KEEP)
    session.decide_many(["c2", "c3"], Decision.HIDE)
    assert session.decision_counts == {Decision.KEEP: 1, Decision.FLAG: 1, Decision.HIDE: 2}
    session.undo()
    assert session.triaged == 2


# -- bulk decisions ----------------------------------------------------------------------------


async def test_bulk_on_the_filter_asks_once_writes_once_and_one_undo_restores(
    tmp_path: Path,
) -> None:
    with TriageStore(tmp_path / "t.db") as store:
        store.set_note(HASH, "c3", "kept note")
        store.set_decision(HASH, "c5", Decision.KEEP)
        app = make_app(store)
        async with app.run_test(size=(160, 40)) as pilot:
            main = await ready(pilot)
            main.apply_filter(CommentFilter.where(author={"alice"}))
            conn = store._db._conn
            assert conn is not None
            statements: list[str] = []
            conn.set_trace_callback(statements.append)
            await pilot.press("B")
            menu = app.screen
            assert isinstance(menu, ChoiceScreen)
            await pilot.press("down", "enter")  # the second line: flag the shown
            assert isinstance(app.screen, ConfirmScreen)
            question = app.screen.query_one("#confirm-question", Static).content
            assert isinstance(question, Content)
            assert question.plain == "Flag 3 comments shown by the filter?"
            assert not [s for s in statements if s.startswith("BEGIN")]  # nothing yet
            await pilot.press("y")
            assert isinstance(app.screen, MainScreen)
            assert [s for s in statements if s.startswith("BEGIN")] == ["BEGIN IMMEDIATE"]
            conn.set_trace_callback(None)
            for cid in ("c0", "c3", "c5"):
                assert store.record(HASH, cid).decision is Decision.FLAG
            assert store.record(HASH, "c3").note == "kept note"  # field-wise
            assert "3 of 6 triaged: 3 flag" in status(main)
            await pilot.press("u")
            assert store.record(HASH, "c0") == TriageRecord("c0", None, None)
            assert store.record(HASH, "c3") == TriageRecord("c3", None, "kept note")
            assert store.record(HASH, "c5").decision is Decision.KEEP
            assert "Undid flag on 3 comments" in notified(app)


async def test_bulk_on_the_search_and_by_author_and_escape_cancels() -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        main = await ready(pilot)
        main.search.set("example")
        main.confirm_bulk(main.bulk_shown(), Decision.HIDE)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        assert decisions(main) == {}
        main.confirm_bulk(main.bulk_shown(), Decision.HIDE)
        await pilot.pause()
        await pilot.press("enter")
        assert decisions(main) == {"c0": "hide", "c2": "hide"}  # the two with "example"
        main.search.set("")
        await pilot.press("G")  # Alice's third comment
        main.confirm_bulk(main.bulk_author(), Decision.KEEP)
        await pilot.pause()
        question = app.screen.query_one("#confirm-question", Static).content
        assert isinstance(question, Content) and question.plain == "Keep 3 comments by Alice?"
        await pilot.press("y")
        assert decisions(main) == {"c0": "keep", "c2": "hide", "c3": "keep", "c5": "keep"}


async def test_bulk_palette_commands_ask_before_writing() -> None:
    from reader.tui.commands import TriageCommands

    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        main = await ready(pilot)
        commands = {title: run for title, run, _ in TriageCommands(main).commands(main)}
        assert "Triage: bulk decision…" in commands
        commands["Bulk: flag every comment by this author"]()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        assert decisions(main) == {"c0": "flag", "c3": "flag", "c5": "flag"}


def test_a_bulk_write_keeps_another_windows_notes(tmp_path: Path) -> None:
    from reader.view.triage import TriageSession

    with TriageStore(tmp_path / "t.db") as a, TriageStore(tmp_path / "t.db") as b:
        window_a = TriageSession(HASH, a, a.load(HASH))
        window_b = TriageSession(HASH, b, b.load(HASH))
        window_a.annotate("c1", "from a")
        window_b.decide_many(["c0", "c1", "c2"], Decision.HIDE)  # B never saw A's note
        assert b.record(HASH, "c1") == TriageRecord("c1", Decision.HIDE, "from a")
        window_b.undo()  # the whole batch, one field each: A's note stays
        assert a.record(HASH, "c1") == TriageRecord("c1", None, "from a")
        assert a.load(HASH) == {"c1": TriageRecord("c1", None, "from a")}
        history = a.history(HASH)
        batch = {h.action for h in history if h.new_decision is Decision.HIDE}
        assert len(batch) == 1  # one action id over the three comments


# -- undo after a restart ----------------------------------------------------------------------


async def test_undo_survives_a_restart_and_says_what_it_undid(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    with TriageStore(db) as store:
        app = make_app(store)
        async with app.run_test(size=(160, 40)) as pilot:
            main = await ready(pilot)
            await pilot.press("a", "j", "m", *"check", "enter")
            await wait_until(pilot, lambda: main.session.record("c1").note == "check")
            main.confirm_bulk(main.bulk_author(), Decision.HIDE)  # Bob's one comment
            await pilot.pause()
            await pilot.press("y")
            await pilot.press("u")  # undone in this run: not undone again after the restart
    with TriageStore(db) as store:
        app = make_app(store)
        async with app.run_test(size=(160, 40)) as pilot:
            main = await ready(pilot)
            assert main.session.record("c1") == TriageRecord("c1", None, "check")
            await pilot.press("u")
            assert main.session.record("c1") == TriageRecord("c1", None, None)
            await pilot.press("u")
            assert main.session.record("c0") == TriageRecord("c0", None, None)
            await pilot.press("u")
            assert notified(app) == [
                "Undid the note on the comment by Bob (made before this window opened)",
                "Undid keep on the comment by Alice (made before this window opened)",
                "Nothing to undo.",
            ]
    with TriageStore(db) as store:
        assert store.load(HASH) == {}
        assert len(store.history(HASH)) == 6  # keep, note, hide, and an undo of each


def test_an_action_undone_in_another_window_is_not_undone_twice(tmp_path: Path) -> None:
    from reader.view.triage import TriageSession

    db = tmp_path / "t.db"
    with TriageStore(db) as b:
        window_b = TriageSession(HASH, b)
        window_b.decide("c0", Decision.FLAG)
        with TriageStore(db) as a:  # opened later: B's flag is "before" for A
            undone = TriageSession(HASH, a).undo()
            assert undone is not None and undone.earlier
        again = window_b.undo()
        assert again is not None and again.already_undone and again.changes == ()
        assert b.record(HASH, "c0") == TriageRecord("c0", None, None)
        assert window_b.undo() is None  # nothing older


def test_an_old_database_migrates_and_its_rows_are_each_undoable(tmp_path: Path) -> None:
    from reader.storage import decisions as decisions_module
    from reader.view.triage import TriageSession

    db = tmp_path / "t.db"
    conn = sqlite3.connect(db, isolation_level=None)
    for migration in decisions_module.MIGRATIONS[:4]:
        for statement in migration:
            conn.execute(statement)
    conn.execute("INSERT INTO decisions VALUES (?, 'c0', 'hide', NULL, 'x')", (HASH,))
    conn.execute("INSERT INTO history (article, comment, old_decision, old_note, new_decision,"
                 " new_note, at, session) VALUES (?, 'c0', NULL, NULL, 'hide', NULL,"
                 " '2025-01-01T00:00:00+00:00', 'old')", (HASH,))
    conn.execute("PRAGMA user_version = 4")
    conn.close()
    with TriageStore(db) as store:
        session = TriageSession(HASH, store, store.load(HASH))
        undone = session.undo()
        assert undone is not None and undone.earlier
        assert store.load(HASH) == {}


# -- filters -----------------------------------------------------------------------------------


def test_filter_by_author_ignores_case_and_by_note() -> None:
    records = {"c3": TriageRecord("c3", None, "n"), "c4": TriageRecord("c4", Decision.KEEP, "")}
    view = ThreadView(ARTICLE.comments, records)
    view.set_filter(CommentFilter.where(author={"ALICE"}))
    assert [view.comment_at(r).id for r in range(len(view.rows))] == ["c0", "c3", "c5"]
    view.set_filter(CommentFilter.where(note={"yes"}))
    assert [view.comment_at(r).id for r in range(len(view.rows))] == ["c3"]
    view.set_filter(CommentFilter.where(note={"no"}, author={"alice"}))
    assert [view.comment_at(r).id for r in range(len(view.rows))] == ["c0", "c5"]
    assert not CommentFilter.where(author={"a"}, note={"yes"}).uses_analysis
    assert CommentFilter.where(note={"yes"}).uses_triage


async def test_filter_dialog_takes_an_author_and_a_note_and_follows_notes() -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        main = await ready(pilot)
        await pilot.press("F")
        assert isinstance(app.screen, FilterScreen)
        app.screen.query_one(f"#filter-{NOTE}").select("no")  # type: ignore[attr-defined]
        app.screen.query_one("#filter-author").focus()
        await pilot.press(*"alice", "enter")
        assert isinstance(app.screen, MainScreen)
        assert main.thread.filter.values(AUTHOR) == {"alice"}
        assert len(main.thread.rows) == 3
        assert "author=alice" in status(main)
        await pilot.press("m", *"seen", "enter")  # a note: leaves the "no note" filter
        await wait_until(pilot, lambda: len(main.thread.rows) == 2)


async def test_filter_dialog_fits_80x24_with_its_keys_visible() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("F")
        await pilot.pause()
        box = app.screen.query_one("#filter-box")
        assert box.region.y >= 0 and box.region.bottom <= 24
        assert app.screen.query_one("#filter-apply").region.bottom <= box.region.bottom
        text = re.sub(r"<[^>]+>", "", app.export_screenshot()).replace("&#160;", " ")
        assert "Ctrl+S applies" in text and "Esc cancels" in text


async def test_palette_filters_this_author_and_comments_with_a_note() -> None:
    from reader.tui.commands import FilterCommands

    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        main = await ready(pilot)
        main.session.annotate("c4", "note")
        commands = {title: run for title, run, _ in FilterCommands(main).commands(main)}
        commands["Filter: only comments with a note"]()
        assert [main.thread.comment_at(r).id for r in range(len(main.thread.rows))] == ["c4"]
        main.apply_filter(CommentFilter())
        await pilot.press("g", "j")
        commands["Filter: only this author"]()
        assert [main.thread.comment_at(r).id for r in range(len(main.thread.rows))] == ["c1"]


# -- history -----------------------------------------------------------------------------------


async def test_history_lists_newest_first_and_enter_jumps_to_the_comment(
    tmp_path: Path,
) -> None:
    with TriageStore(tmp_path / "t.db") as store:
        app = make_app(store)
        async with app.run_test(size=(160, 40)) as pilot:
            main = await ready(pilot)
            await pilot.press("j", "j", "f", "m", *"[red]x", "enter", "g", "a")
            await pilot.press("H")
            screen = app.screen
            assert isinstance(screen, HistoryScreen)
            options = screen.query_one(OptionList)
            lines = [str(options.get_option_at_index(i).prompt) for i in range(3)]
            assert "Alice" in lines[0] and "none → keep" in lines[0]
            assert "[b]Mallory[/b]" in lines[1] and "note set: “[red]x”" in lines[1]
            assert "none → flag" in lines[2]
            prompt = options.get_option_at_index(1).prompt
            assert isinstance(prompt, Content)  # never markup
            await pilot.press("down", "enter")
            assert isinstance(app.screen, MainScreen)
            assert current(main) == "c2"
            await pilot.press("H", "escape")
            assert isinstance(app.screen, MainScreen)


async def test_history_without_a_database_says_so() -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await pilot.press("H")
        assert isinstance(app.screen, MainScreen)
        assert notified(app) == ["No decision database is open, so there is no history."]


# -- links and the clipboard -------------------------------------------------------------------


def test_only_http_and_https_links_are_found_or_accepted() -> None:
    assert web_urls(ARTICLE.comments[0].text) == ["https://example.org/plan"]
    assert web_urls(ARTICLE.comments[1].text) == []
    assert web_url("javascript:alert(1)") is None
    assert web_url("file:///etc/passwd") is None
    assert web_url("https://x.example/\x1b[2J") is None
    assert web_url("https://") is None
    assert web_url("HTTPS://x.example/a") == "HTTPS://x.example/a"


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []

    def fake_open(url: str, *args: Any, **kwargs: Any) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr(webbrowser, "open", fake_open)
    monkeypatch.setenv("DISPLAY", ":0")  # never suspend the (headless) app
    return urls


async def test_o_opens_the_comments_web_link_and_refuses_others(opened: list[str]) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await pilot.press("o")
        assert opened == ["https://example.org/plan"]
        assert notified(app)[-1] == "Opened the comment's link: https://example.org/plan"
        await pilot.press("j", "o")  # javascript: and file: only
        assert opened == ["https://example.org/plan"]
        assert "no web (http or https) link" in notified(app)[-1]
        await pilot.press("j", "o")  # two links: choose
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("down", "enter")
        assert opened[-1] == "https://b.example/y"
        assert notified(app)[-1] == "Opened comment link 2 of 2: https://b.example/y"


async def test_o_in_the_captions_refuses_a_file_url(opened: list[str]) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await pilot.press("2", "o")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("down", "enter")  # the file: image
        assert opened == []
        assert notified(app)[-1] == (
            "Not opened: only http and https links are opened, not file:///etc/passwd")
        await pilot.press("o", "enter")
        assert opened == ["https://img.example/ok.jpg"]


async def test_y_copies_the_comment_text_without_controls(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "j", "j", "y")
        assert len(copied) == 1
        text = copied[0]
        assert "\x1b" not in text and "\x07" not in text
        assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in text)
        assert text.startswith("Again ^[]52;c;SGVsbG8=^G me^[[2J.")
        assert notified(app)[-1] == f"Copied {len(text)} characters"
