"""A big bulk decision, and its undo, are written in a thread worker: the app keeps handling
keys meanwhile, the triage keys are refused (and told so) until the write commits, the
session's memory changes only then, a failed write changes nothing, and quitting waits for
the write. The store's bulk statements (rows packed as JSON) are checked here too.

The worker is held by a hook on the store's write (an Event), so nothing depends on timing."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from waiting import wait_until

from reader.errors import StoreError
from reader.model import Article, Comment, CommentAnalysis, Decision, TriageRecord
from reader.model.triage import FieldChange
from reader.storage.decisions import DecisionStore, Edit
from reader.storage.store import TriageStore
from reader.tui.app import ReaderApp
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.screens.main import BACKGROUND_WRITE_FROM, MainScreen
from reader.tui.workers import Analysers
from reader.view.triage import TriageSession

COUNT = 2 * BACKGROUND_WRITE_FROM  # "a few thousand": written in a worker
ARTICLE = Article(
    headline="Harbour plan", byline="", authors=(), published="", paragraphs=("Text.",),
    images=(), comment_count=COUNT,
    comments=tuple(Comment(f"c{n}", f"Author {n % 7}", "", f"Comment {n}.", n)
                   for n in range(COUNT)),
)
HASH = ARTICLE.content_hash
WriteAction = Callable[..., Sequence[Edit] | None]


def _no_analysis() -> Analysers:
    def comments(article: Article, cache: Any) -> Iterator[list[tuple[str, CommentAnalysis]]]:
        yield from ()

    return Analysers(quotes=lambda article: (), comments=comments)


class NotingApp(ReaderApp):
    """The app, remembering its notifications (run_test turns toasts off)."""

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        self.__dict__.setdefault("notified", []).append(message)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)


def notified(app: ReaderApp) -> list[str]:
    return list(app.__dict__.get("notified", []))


class HeldWrites:
    """Wraps the store's write_action: each call says it started, then waits for `release`
    (or for `until()`), then writes (or, with `fail`, raises as a read-only file would)."""

    def __init__(self, store: DecisionStore, monkeypatch: pytest.MonkeyPatch,
                 until: Callable[[], bool] | None = None) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.fail = False
        self.calls = 0
        self._real: WriteAction = store.write_action
        self._until = until
        monkeypatch.setattr(store, "write_action", self.write_action)

    def write_action(self, *args: Any, **kwargs: Any) -> Sequence[Edit] | None:
        self.calls += 1
        self.started.set()
        if self._until is None:
            self.release.wait()
        else:
            while not self._until():  # a condition the app's shutdown makes true
                self.release.wait(0.001)
        if self.fail:
            raise StoreError("t.db: the database cannot be written (read-only file or directory)")
        return self._real(*args, **kwargs)


async def started(pilot: Pilot[Any]) -> MainScreen:
    main = pilot.app.screen_stack[0]
    assert isinstance(main, MainScreen)
    await wait_until(pilot, lambda: main.analysis_done)
    return main


async def confirm_bulk_hide(pilot: Pilot[Any], main: MainScreen) -> None:
    main.confirm_bulk(main.bulk_shown(), Decision.HIDE)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
    await pilot.press("y")


def hidden(main: MainScreen) -> int:
    return main.session.decision_counts[Decision.HIDE]


async def test_a_big_bulk_decision_and_its_undo_run_in_a_worker_while_keys_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with TriageStore(tmp_path / "t.db") as store:
        store.set_note(HASH, "c3", "kept note")
        held = HeldWrites(store, monkeypatch)
        app = NotingApp(ARTICLE, store, source="harbour.txt", analysers=_no_analysis())
        async with app.run_test(size=(160, 40)) as pilot:
            main = await started(pilot)
            await confirm_bulk_hide(pilot, main)
            assert await wait_until(pilot, held.started.is_set)
            # Held in the worker: the list says so, memory is as before, keys still work.
            assert f"Deciding on {COUNT:,} comments…" in notified(app)
            assert main.query_one("#comments-pane").border_subtitle == (
                f"Deciding on {COUNT:,} comments…")
            assert hidden(main) == 0
            row = main.table.cursor_row
            await pilot.press("j")
            assert main.table.cursor_row == row + 1  # handled while the worker runs
            await pilot.press("a", "u", "B", "e")  # triage keys and export: refused and told
            refusals = [n for n in notified(app) if "Wait until it is saved" in n]
            assert len(refusals) == 4
            assert app.screen is main  # no export dialog over it
            assert main.session.records.keys() == {"c3"} and held.calls == 1
            held.release.set()
            assert await wait_until(pilot, lambda: hidden(main) == COUNT)
            assert main.query_one("#comments-pane").border_subtitle == ""
            assert store.load(HASH)["c3"] == TriageRecord("c3", Decision.HIDE, "kept note")
            assert len(store.load(HASH)) == COUNT
            assert any(n.endswith(": done (u undoes all of them).") for n in notified(app))
            # One u undoes all of them, in the worker too.
            held.started.clear()
            await pilot.press("u")
            assert await wait_until(pilot, held.started.is_set)
            assert f"Undoing hide on {COUNT:,} comments…" in notified(app)
            assert await wait_until(pilot, lambda: hidden(main) == 0)
            assert store.load(HASH) == {"c3": TriageRecord("c3", None, "kept note")}
            assert main.session.records == {"c3": TriageRecord("c3", None, "kept note")}
            assert f"Undid hide on {COUNT:,} comments" in notified(app)
            await pilot.press("u")  # the note (a keypress of its own, written at once)
            assert main.session.records == {}


async def test_a_failed_bulk_write_changes_nothing_in_memory_and_says_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with TriageStore(tmp_path / "t.db") as store:
        held = HeldWrites(store, monkeypatch)
        held.fail = True
        app = NotingApp(ARTICLE, store, source="harbour.txt", analysers=_no_analysis())
        async with app.run_test(size=(160, 40)) as pilot:
            main = await started(pilot)
            await confirm_bulk_hide(pilot, main)
            assert await wait_until(pilot, held.started.is_set)
            held.release.set()
            assert await wait_until(pilot, lambda: main._writing is None)
            errors = [n for n in notified(app) if "cannot be written" in n]
            assert errors == ["t.db: the database cannot be written (read-only file or directory)"]
            assert main.session.records == {} and hidden(main) == 0
            assert not main.session.can_undo
            await pilot.press("u")
            assert notified(app)[-1] == "Nothing to undo."
            held.fail = False
            await pilot.press("a")  # the keys work again
            assert main.session.decision_counts[Decision.KEEP] == 1
        assert len(store.load(HASH)) == 1


async def test_quitting_while_a_bulk_decision_is_written_waits_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with TriageStore(tmp_path / "t.db") as store:
        app = NotingApp(ARTICLE, store, source="harbour.txt", analysers=_no_analysis())
        held = HeldWrites(store, monkeypatch, until=lambda: not app.is_running)
        async with app.run_test(size=(160, 40)) as pilot:
            main = await started(pilot)
            await confirm_bulk_hide(pilot, main)
            assert await wait_until(pilot, held.started.is_set)
            pending = main._writing
            assert pending is not None
        # The app has closed: the one transaction had committed before it did.
        assert pending.done.is_set()
    with TriageStore(tmp_path / "t.db") as store:
        assert len(store.load(HASH)) == COUNT


def test_a_small_bulk_decision_is_written_at_once_in_one_transaction(tmp_path: Path) -> None:
    with TriageStore(tmp_path / "t.db") as store:
        session = TriageSession(HASH, store, store.load(HASH))
        planned = session.plan_many(["c0", "c1"], Decision.FLAG)
        assert planned.size == 2 < BACKGROUND_WRITE_FROM and session.logs_actions
        written = session.write(planned)
        assert session.records == {} and not session.can_undo  # written, not yet remembered
        assert store.record(HASH, "c0").decision is Decision.FLAG
        session.apply(written)
        assert session.decision_counts[Decision.FLAG] == 2 and session.can_undo


@pytest.mark.parametrize("note", ["plain", "with a \x00 nul", "a literal \\u0000", "é 🙂"])
def test_bulk_rows_keep_every_text_exactly(tmp_path: Path, note: str) -> None:
    """The rows go to SQLite as one JSON array (json_each); a NUL, which SQLite's JSON
    functions would cut the text at, sends them row by row instead."""
    ids = [f"c{n}" for n in range(200)] + ["c-\x00-nul", "c-🙂"]
    with DecisionStore(tmp_path / "t.db") as store:
        store.set_note(HASH, "c5", note)
        store.write_action(HASH, "a1", [FieldChange(cid, "decision", Decision.KEEP)
                                        for cid in ids])
        stored = store.load(HASH)
        assert stored.keys() == set(ids)
        assert stored["c5"] == TriageRecord("c5", Decision.KEEP, note)
        history = store.history(HASH)
        assert [h.comment_id for h in history[1:]] == ids  # in the action's order
        store.write_action(HASH, "a2", [FieldChange(cid, "decision", None) for cid in ids],
                           undoes="a1")
        assert store.load(HASH) == {"c5": TriageRecord("c5", None, note)}
    raw = sqlite3.connect(tmp_path / "t.db")
    assert raw.execute("SELECT COUNT(*) FROM history").fetchone()[0] == 1 + 2 * len(ids)
    raw.close()


def test_an_sqlite_without_json_functions_writes_row_by_row() -> None:
    """The packed statement is refused before it runs anything; the rows still go in."""
    import sqlite3

    from reader.storage import decisions

    class NoJson(sqlite3.Connection):
        def execute(self, sql: str, parameters: object = (), /) -> sqlite3.Cursor:
            if "json_each" in sql:
                raise sqlite3.OperationalError("no such table: json_each")
            return super().execute(sql, parameters)  # type: ignore[arg-type]

    conn = sqlite3.connect(":memory:", factory=NoJson)
    conn.execute("CREATE TABLE decisions (article TEXT, comment TEXT, PRIMARY KEY (article, "
                 "comment))")
    conn.execute("INSERT INTO decisions VALUES ('a', 'c1'), ('a', 'c2'), ('a', 'c3')")
    decisions._write_rows(conn, decisions._DELETE, ("a",), [("c1",), ("c3",)])
    assert conn.execute("SELECT comment FROM decisions").fetchall() == [("c2",)]
