"""The app at scale: behaviour (not timing) with 20,000 comments, and the real analysers'
worker processes started from inside the app.

Timings are benchmarks (benchmarks/app_figures.py), not tests.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from typing import Any

from made_analyses import comment_analysis
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Static
from waiting import wait_until

from reader.analysers.sentiment import SENTIMENT, Sentiment
from reader.analysers.stance import Stance
from reader.model import Article, Comment, CommentAnalysis
from reader.pipeline.pool import PARALLEL_MIN_TEXTS
from reader.tui.app import ReaderApp
from reader.tui.screens.main import MainScreen
from reader.tui.workers import Analysers
from reader.view.thread_view import CommentFilter

COUNT = 20_000
STANCES = ("support", "deny", "query", "comment")


def big_article(count: int = COUNT) -> Article:
    comments = tuple(
        Comment(f"c{i}", f"Reader {i}", f"{i % 59 + 1}m ago",
                f"Comment number {i} on the harbour plan.", (i * 7919) % 5000)
        for i in range(count)
    )
    return Article("Council approves harbour plan", None, (), None, None,
                   ("The council met on Monday.",), (), count, comments)


def analysis_of(index: int) -> CommentAnalysis:
    """A made-up analysis from the comment's number: stance cycles, compound spreads."""
    compound = ((index * 37) % 201 - 100) / 100
    label = "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"
    sentiment = Sentiment(compound, max(compound, 0), 1 - abs(compound), max(-compound, 0),
                          label)  # type: ignore[arg-type]
    return comment_analysis("en", 0.99, sentiment,
                            Stance(STANCES[index % 4], 0.5 + (index % 50) / 100, ()))  # type: ignore[arg-type]


def analysers(release: threading.Event | None = None) -> Analysers:
    def comments(article: Article, cache: Any) -> Iterator[list[tuple[str, CommentAnalysis]]]:
        if release is not None:
            assert release.wait(30)
        for start in range(0, len(article.comments), 2000):
            yield [(c.id, analysis_of(int(c.id[1:]))) for c in article.comments[start:start + 2000]]

    return Analysers(quotes=lambda article: (), comments=comments)


def screen_of(app: ReaderApp) -> MainScreen:
    screen = app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen


def table_lines(app: ReaderApp) -> list[str]:
    table = screen_of(app).table
    return [table.render_line(y).text for y in range(table.size.height)]


def status(app: ReaderApp) -> str:
    content = screen_of(app).query_one("#status", Static).content
    assert isinstance(content, Content)
    return content.plain


async def finished(pilot: Pilot[Any]) -> MainScreen:
    main = screen_of(pilot.app)  # type: ignore[arg-type]
    await wait_until(pilot, lambda: main.analysis_done)
    assert main.analysis_done
    return main


async def test_first_rows_show_while_the_analysis_is_held() -> None:
    release = threading.Event()
    app = ReaderApp(big_article(), None, source="big.txt", analysers=analysers(release))
    async with app.run_test(size=(160, 48)) as pilot:
        try:
            await pilot.pause()
            lines = table_lines(app)
            assert len(lines) > 20
            assert "Reader 0 " in lines[1] and "Comment number" in lines[1]
            last = len(lines) - 2  # a full screen of rows (line 0 is the header)
            assert f"Reader {last} " in lines[-1]
            assert "…" in lines[1]  # analysis pending
            assert screen_of(app).thread.analysed == 0
            assert "20,000 of 20,000 comments" in status(app)
            assert "analysing 0/20,000" in status(app)
        finally:
            release.set()
        main = await finished(pilot)
        assert main.thread.analysed == COUNT
        assert "analysing" not in status(app)
        assert "support" in table_lines(app)[1]


async def test_cursor_reaches_the_end_and_back() -> None:
    app = ReaderApp(big_article(), None, source="big.txt", analysers=analysers())
    async with app.run_test(size=(160, 48)) as pilot:
        main = await finished(pilot)
        await pilot.press("G")
        assert main.table.cursor_row == COUNT - 1
        assert main.table.current_comment is not None
        assert main.table.current_comment.id == f"c{COUNT - 1}"
        lines = table_lines(app)
        assert f"Reader {COUNT - 1} " in lines[-1]
        assert f"Reader {COUNT - 2} " in lines[-2]
        detail = main.query_one("#detail-text", Static).content
        assert f"Comment number {COUNT - 1} " in str(detail)
        await pilot.press("k", "k")
        assert main.table.cursor_row == COUNT - 3
        await pilot.press("g")
        assert main.table.cursor_row == 0
        assert "Reader 0 " in table_lines(app)[1]
        assert gc.get_freeze_count() > 0  # a large thread is kept out of full collections
    assert gc.get_freeze_count() == 0  # ... only while it is open


async def test_filter_and_sort_the_whole_list() -> None:
    app = ReaderApp(big_article(), None, source="big.txt", analysers=analysers())
    async with app.run_test(size=(160, 48)) as pilot:
        main = await finished(pilot)
        main.apply_filter(CommentFilter.where(stance={"deny"}))
        await pilot.pause()
        rows = main.thread.rows
        assert len(rows) == COUNT // 4
        assert all(position % 4 == 1 for position in rows)
        assert "5,000 of 20,000 comments" in status(app)
        assert all(" deny " in line for line in table_lines(app)[1:])

        assert main.table.current_comment is not None
        assert main.table.current_comment.id == "c1"
        await pilot.press("s")  # most liked
        assert main.thread.sort_key == "likes"
        likes = [main.thread.comments[p].likes for p in main.thread.rows]
        assert len(likes) == COUNT // 4
        assert likes == sorted(likes, reverse=True)
        assert main.table.current_comment.id == "c1"  # the cursor stays on its comment
        assert main.table.cursor_row == main.thread.row_of("c1")

        await pilot.press("s")  # most negative first
        compounds = [SENTIMENT.of(analysis_of(p)).compound  # type: ignore[union-attr]
                     for p in main.thread.rows]
        assert compounds == sorted(compounds)

        main.apply_filter(CommentFilter())
        await pilot.pause()
        assert len(main.thread.rows) == COUNT
        await pilot.press("s", "s", "s")  # stance, attention, then back to thread order
        assert main.thread.sort_key == "thread"
        assert main.thread.rows == list(range(COUNT))


def test_real_analysis_with_worker_processes_finishes_inside_the_app() -> None:
    """Enough distinct comments for worker processes, started from the app's worker thread
    while Textual holds sys.stderr (whose fileno() is -1): the analysis must still finish.
    In a fresh interpreter, so nothing else has started multiprocessing's helpers first."""
    script = textwrap.dedent(
        """
        import asyncio, sys
        from reader.pipeline.pool import PARALLEL_MIN_TEXTS
        from reader.model import Article, Comment
        from reader.tui.app import ReaderApp

        count = PARALLEL_MIN_TEXTS + 100
        comments = tuple(
            Comment(f"c{i}", f"Reader {i}", "1h ago",
                    f"I have read {i} reports on the harbour and {i * 3} of them agree.", 0)
            for i in range(count)
        )
        article = Article("Harbour plan approved", None, (), None, None, ("Text.",), (),
                          count, comments)

        class Recording(ReaderApp):
            def notify(self, message, **options):
                print("NOTIFIED", message, file=sys.__stdout__, flush=True)
                super().notify(message, **options)

        async def main():
            app = Recording(article, None, source="many.txt")
            async with app.run_test(size=(120, 40)) as pilot:
                screen = app.screen_stack[0]
                for _ in range(1200):
                    bars = screen.query("#progress")  # mounted when the analysis starts
                    if screen.analysis_done or (bars and not bars.first().display):
                        break
                    await asyncio.sleep(0.1)
                print("DONE", screen.analysis_done, screen.thread.analysed,
                      file=sys.__stdout__, flush=True)

        if __name__ == "__main__":
            asyncio.run(main())
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=240, check=False)
    assert "NOTIFIED" not in done.stdout, done.stdout
    assert f"DONE True {PARALLEL_MIN_TEXTS + 100}" in done.stdout, done.stdout + done.stderr


# -- a long page opens on its start; the whole page is swapped in when parsed ----------------


class NotingApp(ReaderApp):
    """The app, remembering its notifications (run_test turns toasts off)."""

    def notify(self, message: str, **options: Any) -> None:
        self.__dict__.setdefault("notified", []).append(message)
        super().notify(message, **options)


def whole_page_loader(article: Article, release: threading.Event) -> Any:
    def load_rest() -> Article:
        assert release.wait(30)
        return article

    return load_rest


async def test_a_long_page_opens_on_its_start_then_shows_the_whole() -> None:
    whole = big_article()
    start = Article(whole.headline, None, (), None, None, whole.paragraphs, (),
                    whole.comment_count, whole.comments[:100])  # fmt: skip
    analysed: list[int] = []
    fake = analysers()

    def comments(article: Article, cache: Any) -> Any:
        analysed.append(len(article.comments))
        return fake.comments(article, cache)

    release = threading.Event()
    app = ReaderApp(start, None, source="big.txt", load_rest=whole_page_loader(whole, release),
                    analysers=Analysers(quotes=fake.quotes, comments=comments))  # fmt: skip
    async with app.run_test(size=(160, 48)) as pilot:
        try:
            await pilot.pause()
            main = screen_of(app)
            assert "Reader 0 " in table_lines(app)[1]
            assert "100 of 100 comments" in status(app)
            assert "reading the rest of the page" in status(app)
            assert analysed == []  # the analysis waits for the whole page
            await pilot.press("j", "j", "j", "f", "s")  # flag c3, then sort by likes
            assert main.session.records["c3"].decision is not None
            sort_key = main.thread.sort_key
            assert sort_key != "thread"
        finally:
            release.set()
        main = await finished(pilot)
        assert analysed == [COUNT]
        assert len(main.thread.comments) == COUNT and main.page_complete
        assert main.thread.sort_key == sort_key  # the order chosen meanwhile is kept
        current = main.table.current_comment
        assert current is not None and current.id == "c3"  # so is the cursor's comment
        assert main.thread.rows[main.table.cursor_row] == 3
        assert main.session.records["c3"].decision is not None  # and the decision
        assert f"{COUNT:,} of {COUNT:,} comments" in status(app)
        assert "reading" not in status(app) and "analysing" not in status(app)


async def test_when_the_rest_cannot_be_read_the_start_is_kept_and_analysed() -> None:
    whole = big_article(300)
    start = Article(whole.headline, paragraphs=whole.paragraphs, comments=whole.comments[:50])

    def load_rest() -> Article:
        raise MemoryError("no room for \x1b[2J more")

    app = NotingApp(start, None, source="big.txt", load_rest=load_rest, analysers=analysers())
    async with app.run_test(size=(160, 48)) as pilot:
        main = await finished(pilot)
        assert main.thread.analysed == 50
        notified = app.__dict__["notified"]
        assert any("Only the first 50 comments could be read" in m and "^[[2J" in m
                   for m in notified)  # fmt: skip
        assert "reading" not in status(app)


async def test_read_warnings_are_shown_in_the_app() -> None:
    article = Article("H", paragraphs=("P.",), comments=big_article(3).comments,
                      warnings=("big.txt: the comments section is cut off [b]x[/b]",))  # fmt: skip
    app = NotingApp(article, None, source="big.txt", analysers=analysers())
    async with app.run_test(size=(160, 48)) as pilot:
        await finished(pilot)
        assert "big.txt: the comments section is cut off [b]x[/b]" in app.__dict__["notified"]
