"""Two windows on one database, and the store's warnings, as the app shows them.

A comment is re-read from the store when it is selected, so a decision or note made in another
window (another TriageStore on the same file) shows there; a store that cannot be read is a
notification, never a traceback. The analysis cache's warnings reach the app as notifications
while it runs (reader.tui.store_warnings) and go to the fallback (stderr) otherwise.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Static
from waiting import wait_until

from reader.errors import StoreError
from reader.model import Article, Comment, CommentAnalysis, Decision, TriageRecord
from reader.storage.store import TriageStore
from reader.tui.app import ReaderApp
from reader.tui.screens.main import MainScreen
from reader.tui.store_warnings import StoreWarnings
from reader.tui.workers import Analysers

ARTICLE = Article(
    headline="Harbour plan", byline="", authors=(), published="", paragraphs=("Text.",),
    images=(), comment_count=3,
    comments=(
        Comment("c0", "Alice", "", "First.", 1),
        Comment("c1", "Bob", "", "Second.", 2),
        Comment("c2", "Cleo", "", "Third.", 3),
    ),
)


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


def make_app(store: TriageStore | None, **kwargs: Any) -> NotingApp:
    return NotingApp(ARTICLE, store, source="harbour.txt", analysers=_no_analysis(), **kwargs)


def notified(app: ReaderApp) -> list[str]:
    return list(app.__dict__.get("notified", []))


async def ready(pilot: Pilot[Any]) -> MainScreen:
    screen = pilot.app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    await wait_until(pilot, lambda: screen.analysis_done)
    return screen


def detail_text(main: MainScreen) -> str:
    content = main.query_one("#detail-text", Static).content
    assert isinstance(content, Content)
    return content.plain


async def test_a_change_in_another_window_shows_when_the_comment_is_selected(
    tmp_path: Path,
) -> None:
    db = tmp_path / "triage.db"
    with TriageStore(db) as store_a, TriageStore(db) as store_b:
        app = make_app(store_a)
        async with app.run_test(size=(120, 40)) as pilot:
            main = await ready(pilot)
            await pilot.press("f")  # window A flags Alice's comment
            assert main.table.current_comment is not None
            assert main.table.current_comment.id == "c0"
            # Window B notes it, and hides Bob's.
            store_b.change_note(ARTICLE.content_hash, "c0", "seen in window B")
            store_b.change_decision(ARTICLE.content_hash, "c1", Decision.HIDE)
            assert "seen in window B" not in detail_text(main)  # A has not looked again yet

            await pilot.press("j")  # select Bob's comment: B's decision shows
            await pilot.pause()
            assert "hide" in detail_text(main).split("Decision", 1)[1]
            await pilot.press("k")  # re-select Alice's: B's note shows beside A's flag
            await pilot.pause()
            text = detail_text(main)
            assert "seen in window B" in text
            assert "flag" in text.split("Decision", 1)[1]
            assert main.session.records["c0"] == TriageRecord("c0", Decision.FLAG,
                                                              "seen in window B")
            assert main.session.records["c1"].decision is Decision.HIDE
            # Undo in A takes back only A's own flag; B's note stays.
            await pilot.press("u")
            await pilot.pause()
            assert store_b.record(ARTICLE.content_hash, "c0") == TriageRecord(
                "c0", None, "seen in window B"
            )
        assert notified(app) == []


async def test_a_store_that_cannot_be_read_on_selection_is_a_notification(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with TriageStore(tmp_path / "triage.db") as store:
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            main = await ready(pilot)

            def unreadable(comment_id: str) -> TriageRecord:
                raise StoreError("triage.db: database is locked")

            monkeypatch.setattr(main.session, "refresh", unreadable)
            await pilot.press("j")
            await pilot.pause()
            assert "triage.db: database is locked" in notified(app)
            assert "Bob" in detail_text(main)  # the comment still shows


async def test_cache_warnings_show_in_the_app_while_it_runs(tmp_path: Path) -> None:
    fallback: list[str] = []
    warnings = StoreWarnings(fallback=fallback.append)
    warnings("before the app: cache.db is read-only")  # as when the store opens
    assert fallback == ["before the app: cache.db is read-only"]
    app = make_app(None, store_warnings=warnings)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        # From a worker thread, as the analysis's cache writes are.
        worker = threading.Thread(target=warnings, args=("disk full [b]x[/b]\x1b[2J",))
        worker.start()
        worker.join()
        await wait_until(pilot, lambda: len(notified(app)) >= 2)
        shown = notified(app)
        assert any("before the app: cache.db is read-only" in line for line in shown)
        assert any("disk full [b]x[/b]" in line and "\x1b" not in line for line in shown)
        assert fallback == ["before the app: cache.db is read-only"]  # not twice on stderr
    warnings("after the app: closing the cache failed")
    assert fallback[-1] == "after the app: closing the cache failed"
